"""Bringing articles into the window: import with repair review, paste, drop, duplicates, library, details."""

from __future__ import annotations

import dataclasses
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from claimmark.core import library
from claimmark.core.claims import Tag
from claimmark.core.library import PastedText, prepare_import, store_import
from claimmark.core.reader import operations as ops
from claimmark.core.repair import Join
from claimmark.core.storage import open_database
from claimmark.core.storage.models import Article
from claimmark.gui.common import file_dialogs
from claimmark.gui.common.menus import Menu
from claimmark.gui.library.actions import library_of
from claimmark.gui.library.review import RepairReviewDialog, sure_text
from claimmark.gui.reader.main_window import MainWindow
from tests.helpers import GLUED, row_counts

DATA = Path(__file__).resolve().parents[1] / "data"
WAIT_MS = 20_000


class Messages:
    """Message boxes recorded, not waited on: every message is recorded (by the kind
    gui.common.plain made it as), questions get the answers given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.answers: list[QMessageBox.StandardButton] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))

    def _exec(self, box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText  # never rich text (gui.common.plain)
        kind = box.property("kind")
        if kind == "question" and box.informativeText():  # a box with buttons of its own
            kind = "box"
        text = f"{box.text()} {box.informativeText()}" if kind == "box" else box.text()
        self.shown.append((kind, box.windowTitle(), text))
        if kind in ("question", "box"):
            return self.answers.pop(0)
        return QMessageBox.StandardButton.Ok

    def texts(self, kind: str) -> list[str]:
        return [text for k, _, text in self.shown if k == kind]


@pytest.fixture
def messages(monkeypatch) -> Messages:
    return Messages(monkeypatch)


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "claims.sqlite3")


@pytest.fixture
def window(open_window, db_path) -> MainWindow:
    return open_window(db_path, pipeline=None)


def articles(window: MainWindow) -> list[Article]:
    with window.workspace.db.read() as session:
        from claimmark.core.storage import repository as repo

        return repo.all_articles(session=session)


def import_through_menu(window: MainWindow, monkeypatch, paths: list[str]) -> None:
    """What File > Import articles… does, with the file dialog answering ``paths``."""
    monkeypatch.setattr(file_dialogs, "_chosen", lambda dialog: dialog.deleteLater() or list(paths))
    library_of(window).import_action.trigger()


def wait_idle(qtbot, window: MainWindow) -> None:
    importer = library_of(window).importer
    qtbot.waitUntil(lambda: not importer.is_busy(), timeout=WAIT_MS)


def wait_review(qtbot, window: MainWindow):
    importer = library_of(window).importer
    qtbot.waitUntil(lambda: importer.review is not None and importer.review.isVisible(), timeout=WAIT_MS)
    assert importer.review is not None
    return importer.review


def test_import_reviews_glued_words_by_keyboard_and_keeps_the_original(
    qtbot, window, monkeypatch, messages, tmp_path, db_path
) -> None:
    path = tmp_path / "storm.txt"
    path.write_text(GLUED, encoding="utf-8")
    importer = library_of(window).importer
    import_through_menu(window, monkeypatch, [str(path)])
    # the work is off the GUI thread: the call returns at once with the busy indicator shown
    assert importer.is_busy() and importer.busy.isVisible()
    assert "storm.txt" in importer.busy.label.text()

    review = wait_review(qtbot, window)
    rows = [review.row_texts(i)[0] for i in range(review.model.rowCount())]
    assert rows[:3] == [
        "companyNorthern → company Northern",
        "takeseveral → take several",
        "spokeswomanMaria → spokeswoman Maria",
    ]
    # how sure the detector is, as a percentage
    assert review.row_texts(0)[1] == sure_text(review.prepared.joins[0].confidence)
    assert sure_text(0.997) == "99%" and sure_text(0.72) == "72%"  # never "100%"
    assert "utility company|Northern Grid" in review.row_texts(0)[2]
    # keyboard only: down to "takeseveral", Space rejects it, Enter imports the rest
    assert review.focusWidget() is review.tree
    qtbot.keyClick(review.tree, Qt.Key.Key_Down)
    qtbot.keyClick(review.tree, Qt.Key.Key_Space)
    assert not review.is_accepted(1) and review.is_accepted(0)
    assert review.count_label.text() == "2 of 3 repairs accepted"
    qtbot.keyClick(review.tree, Qt.Key.Key_Return)
    wait_idle(qtbot, window)

    assert window.opened is not None and window.opened.article.title == "Storm leaves thousands without power"
    assert "company Northern" in window.view.text and "takeseveral" in window.view.text
    window.close()
    db = open_database(db_path)
    try:
        with db.read() as session:
            stored = session.get(Article, window.opened.article.id)
        assert stored is not None and stored.original_text == GLUED
        assert "spokeswoman Maria" in stored.text and "take several" not in stored.text
    finally:
        db.close()
    assert messages.shown == []


def test_review_sorts_by_how_sure_and_each_row_keeps_its_tick(qtbot, window, messages) -> None:
    library_of(window).importer.import_text(GLUED)
    review = wait_review(qtbot, window)
    in_text_order = list(review.prepared.joins)
    assert len({j.confidence for j in in_text_order}) >= 2  # else the sort shows nothing
    # reject the first repair of the text, and keep it selected
    qtbot.keyClick(review.tree, Qt.Key.Key_Space)
    rejected = in_text_order[0]
    header = review.tree.header()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(1) + 5, 5))
    shown = [review.model.joins[i] for i in range(review.model.rowCount())]
    assert [j.confidence for j in shown] == sorted(j.confidence for j in in_text_order)
    assert review.row_texts(0)[1] == sure_text(min(j.confidence for j in in_text_order))
    row = shown.index(rejected)
    assert not review.is_accepted(row) and all(review.is_accepted(i) for i in range(len(shown)) if i != row)
    assert review.tree.currentIndex().row() == row  # the selection followed its repair
    assert rejected.left + rejected.right in review.detail.toPlainText()
    assert review.least_sure.isChecked()  # the box shows the order the heading chose
    # the context column gives the text's order back; what is imported never depended on it
    review.tree.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert review.model.joins == in_text_order and not review.least_sure.isChecked()
    assert review.accepted_joins() == in_text_order[1:]
    # by keyboard: Alt+L sorts and gives the list the focus back, for ↑/↓ and Space
    qtbot.keyClick(review.tree, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(review.least_sure.isChecked)
    assert [j.confidence for j in review.model.joins] == sorted(j.confidence for j in in_text_order)
    assert review.focusWidget() is review.tree
    qtbot.keyClick(review.tree, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not review.least_sure.isChecked())
    assert review.model.joins == in_text_order


def test_after_sorting_a_long_review_the_chosen_repair_is_scrolled_to(qtbot) -> None:
    text = " ".join(f"word{i}glued" for i in range(200))
    joins = tuple(
        Join(text.index(f"word{i}glued") + 4 + len(str(i)), f"word{i}", "glued", "test", 0.99 - i / 1000)
        for i in range(200)
    )
    prepared = dataclasses.replace(prepare_import(PastedText(text)), joins=joins)
    review = RepairReviewDialog(prepared)
    qtbot.addWidget(review)
    review.show()
    qtbot.waitExposed(review)
    assert review.tree.currentIndex().row() == 0  # the first repair of the text, the surest
    review.tree.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # least sure first: it goes last
    current = review.tree.currentIndex()
    assert current.row() == len(joins) - 1 and review.model.joins[current.row()] == joins[0]
    assert review.tree.viewport().rect().intersects(review.tree.visualRect(current))


def test_accept_all_and_reject_all_buttons(qtbot, window, messages) -> None:
    library_of(window).importer.import_text(GLUED)
    review = wait_review(qtbot, window)
    qtbot.mouseClick(review.reject_all_button, Qt.MouseButton.LeftButton)
    assert review.accepted_joins() == []
    qtbot.mouseClick(review.accept_all_button, Qt.MouseButton.LeftButton)
    assert len(review.accepted_joins()) == review.model.rowCount() >= 3
    qtbot.mouseClick(review.reject_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.opened is not None and window.opened.article.text == GLUED
    assert window.opened.article.original_text is None


def test_cancel_in_review_stores_nothing(qtbot, window, messages) -> None:
    before = row_counts(window.workspace.db)
    library_of(window).importer.import_text(GLUED)
    review = wait_review(qtbot, window)
    qtbot.keyClick(review.tree, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert row_counts(window.workspace.db) == before and messages.shown == []


def test_paste_as_new_article(qtbot, window, messages) -> None:
    QGuiApplication.clipboard().setText("Bridge reopens\n\nThe bridge reopened on Monday, officials said.")
    actions = library_of(window)
    assert actions.paste_action.shortcut().toString() == "Ctrl+Shift+V"
    actions.paste_action.trigger()
    wait_idle(qtbot, window)  # no glued words: stored without a review
    assert window.opened is not None and window.opened.article.title == "Bridge reopens"
    assert window.opened.article.source_name == "pasted text"
    assert "Bridge reopens" in window.windowTitle()


def test_pasting_nothing_says_so(qtbot, window, messages) -> None:
    before = row_counts(window.workspace.db)
    QGuiApplication.clipboard().setText("   ")
    library_of(window).paste_action.trigger()
    wait_idle(qtbot, window)
    assert messages.texts("warning") == [
        "Pasted text: there is no text to import. Copy the article's text and paste it again."
    ]
    assert row_counts(window.workspace.db) == before


def test_duplicate_import_offers_to_open_the_existing_article(qtbot, window, monkeypatch, messages) -> None:
    # the sample exercise's article was imported from this very text
    sample_id = window.opened.article.id if window.opened else None
    window.open(lambda s: s.open_article(_other_article(window)))
    before = row_counts(window.workspace.db)
    messages.answers = [QMessageBox.StandardButton.Open]
    import_through_menu(window, monkeypatch, [str(DATA / "seed_glued.txt")])
    wait_idle(qtbot, window)
    (question,) = messages.texts("box")
    assert "already in the library" in question and "instead of making a copy" in question
    assert window.opened is not None and window.opened.article.id == sample_id
    assert row_counts(window.workspace.db) == before


def test_duplicate_import_can_still_make_a_copy(qtbot, window, monkeypatch, messages) -> None:
    messages.answers = [QMessageBox.StandardButton.Save]
    count = len(articles(window))
    library_of(window).importer.import_paths([str(DATA / "seed_glued.txt")])
    review = wait_review(qtbot, window)
    review.accept()
    wait_idle(qtbot, window)
    assert len(articles(window)) == count + 1


@pytest.mark.parametrize("way", ["file dialog", "drag"])
def test_the_helper_gets_ready_while_files_are_chosen_or_dragged(qtbot, window, monkeypatch, tmp_path, way) -> None:
    importer = library_of(window).importer
    importer.preparer = fresh = library.Preparer()  # not the shared one other tests have started
    try:
        if way == "file dialog":
            # the user looks for the files (and here gives up): the helper starts meanwhile
            def choose(dialog: QFileDialog) -> list[str]:
                assert fresh._pool is not None, "the helper should start before the dialog shows"
                dialog.deleteLater()
                return []

            monkeypatch.setattr(file_dialogs, "_chosen", choose)
            library_of(window).import_action.trigger()
        else:
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "story.txt"))])
            no_button, no_keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
            enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, no_button, no_keys)
            QApplication.sendEvent(window.view.viewport(), enter)
            assert enter.isAccepted()
        assert fresh._pool is not None and not importer.is_busy()
        # the helper is loading the word lists: the next import finds it ready
        story = PastedText("Storm\n\nThe utility companyNorthern Grid said on Monday that crews worked.")
        assert fresh.prepare(story) == prepare_import(story)
    finally:
        fresh.shutdown()


def test_dropped_files_import_the_good_ones_and_list_failures_once(qtbot, window, messages, tmp_path) -> None:
    good = tmp_path / "bridge.txt"
    good.write_text("Bridge reopens\n\nThe bridge reopened on Monday, officials said.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (empty, good, folder)])
    target = window.view.viewport()  # dropped on the article: the read-only view passes it to the window
    no_button, no_keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, no_button, no_keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, no_button, no_keys)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()
    wait_idle(qtbot, window)

    (warning,) = messages.texts("warning")
    assert warning.startswith("2 of 3 could not be imported:")
    assert "empty.txt: the file is empty" in warning and "folder: this is a folder" in warning
    assert "The other 1 were imported." in warning
    assert window.opened is not None and window.opened.article.title == "Bridge reopens"


def test_a_bad_file_gives_a_message_and_leaves_the_database_unchanged(
    qtbot, window, monkeypatch, messages, tmp_path
) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    before = row_counts(window.workspace.db)
    opened = window.opened
    import_through_menu(window, monkeypatch, [str(bad)])
    wait_idle(qtbot, window)
    (warning,) = messages.texts("warning")
    assert warning.startswith("scan.txt: ") and "Save the article as" in warning
    assert row_counts(window.workspace.db) == before
    assert window.opened is opened  # still reading what was open


def test_non_english_text_is_imported_with_a_warning(qtbot, window, messages) -> None:
    library_of(window).importer.import_text(
        "香港行政长官在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向民众道歉。"
    )
    wait_idle(qtbot, window)
    (note,) = messages.texts("information")
    assert "English-only" in note and "zh" in note
    assert window.opened is not None and window.opened.article.text.startswith("香港")


def test_library_searches_opens_and_deletes_after_confirmation(qtbot, window, messages) -> None:
    db = window.workspace.db
    storm = store_import(db, prepare_import(PastedText(GLUED)), [])
    bridge = store_import(db, prepare_import(PastedText("Bridge reopens\n\nThe bridge reopened on Monday.")), [])
    opened = window.workspace.open_article(storm.id)
    ops.run(db, ops.AddClaim(opened.claim_set_id, 0, 5, Tag.CONFIRMED))
    ops.run(db, ops.AddClaim(opened.claim_set_id, 6, 12, Tag.ESTIMATED))

    actions = library_of(window)
    assert actions.library_action.shortcut().toString() == "Ctrl+L"
    actions.library_action.trigger()
    dialog = actions.library
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 3  # with the sample
    claims = {row.title: row.claims for row in dialog.model.rows}
    assert claims["Storm leaves thousands without power"] == 2

    qtbot.keyClicks(dialog.search, "northern grid")  # searches the text too
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.selected_id() == storm.id
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)  # Enter opens the match
    assert window.opened is not None and window.opened.article.id == storm.id
    assert len(window.claims) == 2
    assert not dialog.isVisible()  # and the library makes way for the article

    # shown again, it starts without last time's search (typing gave "EbolaEbola")
    actions.library_action.trigger()
    assert dialog.isVisible() and dialog.search.text() == "" and dialog.model.rowCount() == 3
    qtbot.keyClicks(dialog.search, "northern grid")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)

    # delete the open article: the confirmation says how many claims go with it
    messages.answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    (asked,) = messages.texts("question")
    assert "Storm leaves thousands without power" in asked and "2 claims by trainees" in asked
    assert library.deletion_info(db, storm.id) is not None  # "No" kept it
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert library.deletion_info(db, storm.id) is None
    # the window moved on to the newest article left, with nothing of the deleted one
    assert window.opened is not None and window.opened.article.id == bridge.id
    assert window.view.text.startswith("Bridge reopens") and window.claims == []
    assert not window.undo_stack.canUndo()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0, timeout=WAIT_MS)
    assert dialog.status.text() == "No article matches “northern grid”."
    dialog.search.clear()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=WAIT_MS)


def test_deleting_the_last_article_opens_the_sample(qtbot, window, messages) -> None:
    actions = library_of(window)
    sample_id = window.opened.article.id if window.opened else None
    assert sample_id is not None
    messages.answers = [QMessageBox.StandardButton.Yes]
    actions.delete_article(sample_id)
    assert window.opened is not None and "Sample exercise" in window.instructions.text()
    assert [a.id for a in articles(window)] == [window.opened.article.id]  # the sample, added back
    assert window.claims == [] and not window.undo_stack.canUndo()


def test_edit_details_is_kept_after_reopening_the_database(qtbot, open_window, db_path, messages) -> None:
    window = open_window(db_path, pipeline=None)
    actions = library_of(window)
    assert actions.details_action.shortcut().toString() == "Ctrl+Shift+D"
    actions.details_action.trigger()
    dialog = actions.details
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.fields["title"]  # focus goes there when the dialog shows
    dialog.fields["title"].selectAll()
    qtbot.keyClicks(dialog.fields["title"], "Kim hails soldiers")
    dialog.fields["outlet"].setText("Example News")
    dialog.fields["published"].setText("2025-08-22")
    dialog.fields["url"].setText("https://news.example/kim")
    qtbot.keyClick(dialog.fields["url"], Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    # the window's title names the exercise this article is handed out in, not the article
    assert window.session.exercise is not None and window.windowTitle().startswith(window.session.exercise.title)
    article_id = window.opened.article.id if window.opened else None
    window.close()

    again = open_window(db_path, pipeline=None)
    assert again.opened is not None and again.opened.article.id == article_id
    article = again.opened.article
    assert (article.title, article.outlet, article.published, article.url) == (
        "Kim hails soldiers",
        "Example News",
        "2025-08-22",
        "https://news.example/kim",
    )
    assert again.session.exercise is not None and again.windowTitle().startswith(again.session.exercise.title)


def test_show_original_lists_the_repairs(qtbot, window, messages) -> None:
    db = window.workspace.db
    prepared = prepare_import(PastedText(GLUED))
    article = store_import(db, prepared, prepared.joins[:2])
    window.open(lambda s: s.open_article(article.id))
    actions = library_of(window)
    actions.original_action.trigger()
    dialog = actions.details
    assert dialog is not None and dialog.tabs.currentIndex() == 1
    listed = [dialog.repair_list.item(i).text() for i in range(dialog.repair_list.count())]
    assert [line.split("   ")[0] for line in listed] == [
        "companyNorthern → company Northern",
        "takeseveral → take several",
    ]
    assert dialog.original_view.toPlainText() == GLUED
    dialog.reject()


def test_closing_the_window_during_an_import_stops_cleanly(qtbot, window, messages) -> None:
    importer = library_of(window).importer
    importer.import_text(GLUED * 200)
    assert importer.is_busy()
    window.close()  # waits for the worker; its late results are dropped without a message
    assert importer.pool.activeThreadCount() == 0
    qtbot.waitUntil(lambda: not importer.is_busy(), timeout=WAIT_MS)
    assert importer.review is None and messages.shown == []


def test_cancel_stops_the_import(qtbot, window, messages) -> None:
    importer = library_of(window).importer
    before = row_counts(window.workspace.db)
    importer.import_text(GLUED)
    assert importer.busy.isVisible()
    qtbot.mouseClick(importer.busy.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not importer.is_busy(), timeout=WAIT_MS)
    assert not importer.busy.isVisible() and importer.review is None
    assert row_counts(window.workspace.db) == before and messages.shown == []


def test_cancel_ends_the_check_of_a_big_text_and_the_next_import_goes_ahead(qtbot, window, messages) -> None:
    importer = library_of(window).importer
    preparer = importer.preparer
    before = len(articles(window))
    importer.import_text(GLUED * 20_000)  # 5 MB: seconds of checking in the helper process
    qtbot.waitUntil(lambda: bool(preparer._calls) and preparer._calls[0].future.running(), timeout=WAIT_MS)
    busy = list(preparer._calls[0].pool._processes.values())
    qtbot.mouseClick(importer.busy.cancel, Qt.MouseButton.LeftButton)
    importer.import_text(GLUED)  # queued behind the cancelled request's worker thread

    review = wait_review(qtbot, window)
    assert review.prepared.original == GLUED
    # the big text's check was ended, not finished: its helper process was stopped
    qtbot.waitUntil(lambda: all(process.exitcode is not None for process in busy), timeout=WAIT_MS)
    assert [process.exitcode for process in busy] == [-signal.SIGTERM]
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    stored = articles(window)
    assert len(stored) == before + 1 and stored[-1].original_text == GLUED  # nothing of the 5 MB text
    assert messages.shown == []


def test_menus_have_mnemonics_and_shortcuts(window) -> None:
    actions = library_of(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert "&Article" in titles
    for action, keys in (
        (actions.import_action, "Ctrl+I"),
        (actions.library_action, "Ctrl+L"),
        (actions.original_action, "Ctrl+Shift+O"),
    ):
        assert "&" in action.text() and action.shortcut().toString() == keys
    assert actions.import_action in window.menus.menu(Menu.FILE).actions()


def _other_article(window: MainWindow) -> int:
    article = store_import(window.workspace.db, prepare_import(PastedText("Another article, with words.")), [])
    assert article.id is not None
    return article.id


def test_a_dropped_exercise_file_opens_the_exercise_not_an_article(qtbot, window, messages, tmp_path) -> None:
    from claimmark.core import classroom as cr

    sample = window.session.exercise
    assert sample is not None and sample.id is not None
    exercise_file = tmp_path / "handout.claimmark-exercise.json"
    cr.export_exercise(window.workspace.db, sample.id, exercise_file)
    before = len(articles(window))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(exercise_file))])
    no_button, no_keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(
        window.view.viewport(), QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, no_button, no_keys)
    )
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, no_button, no_keys)
    QApplication.sendEvent(window.view.viewport(), drop)
    assert drop.isAccepted()
    from claimmark.gui.classroom.controller import classroom_of

    qtbot.waitUntil(lambda: not classroom_of(window).busy, timeout=WAIT_MS)  # read off the GUI thread
    assert len(articles(window)) == before  # not imported as a new article
    assert window.opened is not None and window.opened.exercise is not None
    assert window.opened.exercise.uid == sample.uid


def test_claimmark_with_an_article_file_imports_it(qtbot, tmp_path, messages) -> None:
    import argparse

    from claimmark.gui.app import create_window

    story = tmp_path / "story.txt"
    story.write_text("Bridge reopens\n\nThe bridge reopened on Monday, officials said.", encoding="utf-8")
    window = create_window(
        argparse.Namespace(db=str(tmp_path / "c.sqlite3"), trainee="t", article=None, open_file=str(story))
    )
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: window.opened is not None and window.opened.article.title == "Bridge reopens", timeout=WAIT_MS
    )
    window.close()


class French(QTranslator):
    """A translation of one core message, as a class's translation file would give it."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if context == "core" and source.startswith("{name}: the file is empty."):
            return "{name} : le fichier est vide. Choisissez le fichier qui contient le texte de l'article."
        return ""  # no translation: Qt keeps the English


def test_a_refused_file_is_told_in_the_language_installed_with_its_name(
    qtbot, window, monkeypatch, messages, tmp_path
) -> None:
    empty = tmp_path / "notes {draft}.txt"  # braces in a file name are shown as they are
    empty.write_bytes(b"")
    translator = French()
    QCoreApplication.installTranslator(translator)
    try:
        import_through_menu(window, monkeypatch, [str(empty)])
        wait_idle(qtbot, window)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert messages.texts("warning") == [
        "notes {draft}.txt : le fichier est vide. Choisissez le fichier qui contient le texte de l'article."
    ]


def test_mojibake_is_reviewed_with_the_glued_words_and_kept_when_refused(qtbot, window, messages, db_path) -> None:
    garbled = "The mayorâ€™s office said the bridgewould reopen â€” after the floods of April.\n\nNothing else."
    library_of(window).importer.import_text(garbled)
    review = wait_review(qtbot, window)
    rows = [review.row_texts(i) for i in range(review.model.rowCount())]
    assert [r[0] for r in rows] == ["mayorâ€™s → mayor’s", "bridgewould → bridge would", "â€” → —"]
    assert "read as Windows-1252" in review.model.data(review.model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "The mayorâ€™ → ’s office" in review.detail.toPlainText()  # what it was, what it becomes
    qtbot.keyClick(review.tree, Qt.Key.Key_Down)
    qtbot.keyClick(review.tree, Qt.Key.Key_Down)
    qtbot.keyClick(review.tree, Qt.Key.Key_Space)  # refuse the dash: it stays as it came in
    qtbot.keyClick(review.tree, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert (
        window.view.text
        == "The mayor’s office said the bridge would reopen â€” after the floods of April.\n\nNothing else."
    )


def test_a_missed_space_is_added_by_keyboard_in_the_review(qtbot, window, messages, monkeypatch) -> None:
    from claimmark.gui.library.review import MissedSpaceDialog

    text = "Volunteers placed flowervases along the river wall in Rivertown,leaders said on Sunday."
    library_of(window).importer.import_text(text)
    review = wait_review(qtbot, window)
    assert "flower vases" not in " ".join(review.row_texts(i)[0] for i in range(review.model.rowCount()))

    def put_caret_and_add(dialog: MissedSpaceDialog) -> int:
        dialog.show()
        view = dialog.view
        qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for _ in range(text.index("vases")):
            qtbot.keyClick(view, Qt.Key.Key_Right)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(MissedSpaceDialog, "exec", put_caret_and_add)
    before = review.model.rowCount()
    qtbot.keyClick(review.tree, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the button's mnemonic
    qtbot.waitUntil(lambda: review.model.rowCount() == before + 1)  # a mnemonic clicks after a moment
    row = review.tree.currentIndex().row()
    assert review.row_texts(row)[0] == "flowervases → flower vases" and review.is_accepted(row)
    assert not review.add_space_at(text.index(" along"))  # no space next to a space
    qtbot.keyClick(review.tree, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert "placed flower vases along" in window.view.text and "Rivertown, leaders" in window.view.text


def test_edit_text_moves_claims_with_their_words_is_undone_and_kept_after_restart(
    qtbot, open_window, monkeypatch, messages, tmp_path
) -> None:
    from claimmark.gui.library.text_dialog import TextEditDialog

    db_path = str(tmp_path / "claims.sqlite3")
    text = "LONDON\n\nOfficials in Rivertown saidthe bridge would reopen next week. Residents cheered."
    window = open_window(db_path, pipeline=None)
    library_of(window).importer.import_text(text)
    review = wait_review(qtbot, window)
    review.set_all(False)  # keep the text as it came, to fix it by hand
    qtbot.keyClick(review.tree, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    start = window.view.text.index("saidthe bridge")  # glued: a claim takes the whole glued word
    window.tag_span(start, start + len("saidthe bridge would reopen next week"), Tag.ESTIMATED)
    start = window.view.text.index("Residents cheered")
    window.tag_span(start, start + len("Residents cheered"), Tag.CONFIRMED)

    def edit(dialog: TextEditDialog) -> int:
        dialog.show()
        dialog.editor.setPlainText(text.replace("LONDON\n\n", "").replace("saidthe", "said the"))
        dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Backspace)  # a typo fixed by keyboard: "cheered." -> "cheered"
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return dialog.result()

    monkeypatch.setattr(TextEditDialog, "exec", edit)
    library_of(window).edit_text_action.trigger()
    fixed = "Officials in Rivertown said the bridge would reopen next week. Residents cheered"
    assert window.view.text == fixed
    assert [fixed[c.start : c.end] for c in window.claims] == [
        "said the bridge would reopen next week",
        "Residents cheered",
    ]
    window.undo()
    assert window.view.text == text.strip() and [window.view.text[c.start : c.end] for c in window.claims] == [
        "saidthe bridge would reopen next week",
        "Residents cheered",
    ]
    window.redo()
    window.close()
    again = open_window(db_path, pipeline=None)
    assert again.view.text == fixed
    assert [fixed[c.start : c.end] for c in again.claims] == [
        "said the bridge would reopen next week",
        "Residents cheered",
    ]
