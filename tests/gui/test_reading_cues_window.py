"""The reading cues in the window: the teacher's setting per exercise, View > Reading cues on a
learner's own article, drawing, tooltips, the cache, source suggestions, what was missed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtTest import QTest

from claimmark.core import classroom as cr
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.classroom.exercise_dialog import ExerciseDialog
from claimmark.gui.classroom.practice import practice_of
from claimmark.gui.common.settings import Settings
from claimmark.gui.reader.main_window import MainWindow
from tests.gui.conftest import wait_for_entities
from tests.gui.test_reader import tag_words


def test_the_exercise_dialog_sets_the_reading_cues_by_keyboard(qtbot) -> None:
    dialog = ExerciseDialog(cr.ExerciseSettings("Old", "Read.", (), "after_submitting"), new=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.cues.currentData() == "after_submitting"
    assert dialog.settings().reading_cues == "after_submitting"
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # its label's &Reading
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.cues)
    dialog.cues.setCurrentIndex(dialog.cues.findData("shown"))
    assert dialog.settings() == cr.ExerciseSettings("Old", "Read.", (), "shown")
    fresh = ExerciseDialog(cr.ExerciseSettings("New"), new=True)
    qtbot.addWidget(fresh)
    assert fresh.settings().reading_cues == "hidden"  # a class exercise starts with the cues hidden


# ------------------------------------------------------------------ the window, with spaCy
CUE_WAIT_MS = 90_000
TEXT = (
    "About 600 soldiers are believed to have been killed, the agency said on Friday. "
    "The figure could be as high as 15,000, according to officials.\n\n"
    "Kim laid a flower at the memorial. The weather was cold."
)


def own_article(db_path: str, text: str = TEXT) -> int:
    db = open_database(db_path)
    with db.write() as session:
        article_id = repo.add_article(text, session=session, title="Counting soldiers").id
    db.close()
    return article_id


def wait_for_cues(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.reading_cues is not None, timeout=CUE_WAIT_MS)


def cue_at(window: MainWindow, words: str):
    offset = window.view.text.index(words)
    cues = window.view.cues
    assert cues is not None
    return [c for c in cues.cues_within(offset, offset + len(words))]


def test_on_an_own_article_view_reading_cues_draws_explains_and_remembers(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "own.sqlite3")
    article_id = own_article(db_path)
    window = open_window(db_path)
    window.open(lambda s: s.open_article(article_id))
    wait_for_cues(qtbot, window)
    assert window.cues_action.isEnabled() and window.cues_action.isChecked()  # on at first, the learner's choice
    kinds = {c.kind for c in cue_at(window, "are believed to")}
    assert "estimate" in kinds or "hedge" in kinds
    assert any(c.kind == "attribution" for c in cue_at(window, "according to"))
    # drawn as a style of the letters on their own layer, under the claims
    assert window.view.highlighter.spans("cues")
    offset = window.view.text.index("according to")
    tip = window.view.tooltip_at(offset)
    assert "(attribution)" in tip and "according to" in tip
    assert window.cue_legend.isVisible() and window.cue_legend.counts["attribution"] >= 1
    assert "reading cues" in window.cue_status.text() and "from cache" not in window.cue_status.text()
    # Ctrl+Shift+R hides them, and that is remembered
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.cues_action.isChecked()
    assert window.view.cues is None and not window.view.highlighter.spans("cues") and not window.cue_legend.isVisible()
    assert Settings().reading_cues is False
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.view.cues is window.reading_cues and Settings().reading_cues is True


def test_cues_survive_a_restart_in_the_cache(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "cache.sqlite3")
    article_id = own_article(db_path)
    first = open_window(db_path)
    first.open(lambda s: s.open_article(article_id))
    wait_for_cues(qtbot, first)
    found = first.reading_cues
    first.close()

    again = open_window(db_path)
    again.open(lambda s: s.open_article(article_id))
    # at once from the cache: before any language model is loaded for them
    qtbot.waitUntil(lambda: again.reading_cues is not None, timeout=5_000)
    assert again.reading_cues == found
    assert again.cue_runner is None or not again.cue_runner.loaded
    assert "from cache" in again.cue_status.text()


def exercise_window(qtbot, open_window, tmp_path, mode: str) -> tuple[MainWindow, int]:
    db_path = str(tmp_path / f"{mode}.sqlite3")
    article_id = own_article(db_path)
    db = open_database(db_path)
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Counting", "Tag it.", (), mode))
    db.close()
    window = open_window(db_path)
    window.open(lambda s: s.open_exercise(exercise.id))
    return window, exercise.id


def test_the_three_modes_of_an_exercise(qtbot, open_window, tmp_path) -> None:
    # hidden: never drawn, before or after submitting; the learner cannot switch them on
    window, _ = exercise_window(qtbot, open_window, tmp_path, "hidden")
    wait_for_entities(qtbot, window)
    assert not window.cues_action.isEnabled() and not window.cues_action.isChecked()
    assert window.view.cues is None and "hidden the reading cues" in window.cue_status.text()
    assert classroom_of(window).submit_to(None)
    wait_for_cues(qtbot, window)  # found for the second-look list, still not drawn
    assert window.view.cues is None and not window.view.highlighter.spans("cues")

    # shown: drawn while the trainee reads
    window, _ = exercise_window(qtbot, open_window, tmp_path, "shown")
    wait_for_cues(qtbot, window)
    qtbot.waitUntil(lambda: window.view.cues is not None)
    assert window.cues_action.isChecked() and not window.cues_action.isEnabled()

    # after submitting: hidden while tagging, drawn once handed in
    window, _ = exercise_window(qtbot, open_window, tmp_path, "after_submitting")
    wait_for_entities(qtbot, window)
    assert window.view.cues is None and window.reading_cues is None  # not even looked for yet
    assert "once you submit (File > Submit…)" in window.cue_status.text()
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    assert "Submit…" in [a.text().replace("&", "") for a in file_menu.actions()]  # where the message says
    assert classroom_of(window).submit_to(None)
    wait_for_cues(qtbot, window)
    qtbot.waitUntil(lambda: window.view.cues is not None)
    assert window.cues_action.isChecked() and window.view.highlighter.spans("cues")


def test_worth_a_second_look_appears_only_after_submitting_and_enter_shows_the_sentence(
    qtbot, open_window, tmp_path
) -> None:
    # no key: nobody to compare with; the cues shown while reading, so they are there before submitting
    window, _ = exercise_window(qtbot, open_window, tmp_path, "shown")
    wait_for_entities(qtbot, window)
    wait_for_cues(qtbot, window)
    tag_words(qtbot, window, "Kim laid a flower at the memorial", Qt.Key.Key_1)
    assert not window.second_look.isVisible() and window.second_look.list.count() == 0  # never before
    assert classroom_of(window).submit_to(None)
    qtbot.waitUntil(window.second_look.isVisible)
    text = window.view.text
    listed = [text[s:e] for s, e in ((i.start, i.end) for i in window.second_look.items)]
    assert listed[0].startswith("About 600 soldiers are believed")  # cues and a number, not tagged
    assert any(t.startswith("The figure could be as high as 15,000") for t in listed)
    assert not any("Kim laid a flower" in t for t in listed)  # tagged
    assert not any("The weather was cold" in t for t in listed)  # no cue, no number
    assert "(estimate)" in window.second_look.list.item(0).text()
    # by keyboard: F8 to the list, Down, Enter: the article outlines that sentence
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: window.second_look.list.hasFocus())
    qtbot.keyClick(window.second_look.list, Qt.Key.Key_Down)
    qtbot.keyClick(window.second_look.list, Qt.Key.Key_Return)
    chosen = window.second_look.items[1]
    assert window.view.marked_span() == (chosen.start, chosen.end)


def test_the_feedback_names_the_cues_of_a_missed_key_claim_on_screen_and_in_print(qtbot, open_window, tmp_path) -> None:
    from claimmark.gui.classroom.printing import feedback_document

    window = open_window(str(tmp_path / "sample.sqlite3"))  # the sample exercise, with its key
    wait_for_entities(qtbot, window)
    tag_words(qtbot, window, "Kim laid a flower on a memorial wall", Qt.Key.Key_1)
    assert classroom_of(window).submit_to(None)
    feedback_window = classroom_of(window).feedback_window
    assert feedback_window is not None
    view = feedback_window.view
    qtbot.waitUntil(lambda: bool(view.cue_names), timeout=CUE_WAIT_MS)
    missed = next(
        i for i, item in enumerate(view.feedback.items)
        if item.key is not None and window.view.text[item.key.start : item.key.end].startswith("about 600")
    )  # fmt: skip
    assert "'about 600' (estimate)" in view.cue_names[missed] or "(estimate)" in view.cue_names[missed]
    assert "Cues: " + view.cue_names[missed] in view.list.item(missed).text()
    view.list.setCurrentRow(missed)
    assert "The words that tell:" in view.detail.toPlainText()
    printed = feedback_document(view.feedback, view.cue_names).toPlainText()
    assert f"The words that tell: {view.cue_names[missed]}" in printed
    found = next(i for i, item in enumerate(view.feedback.items) if item.tag_right)
    assert found not in view.cue_names  # found with the key's tag: nothing to point out
    feedback_window.close()

    # My progress: the kinds of cue passed over, in all and per attempt
    progress = practice_of(window).show_progress().view
    qtbot.waitUntil(lambda: progress.cues is not None and len(progress.cues.attempts) == 1)
    totals = progress.cues.totals()
    assert totals["estimate"] >= 1 and progress.passed_over.isVisible()
    assert f"estimate {totals['estimate']}" in progress.passed_over.text()
    assert "estimate" in progress.attempts.item(0, 5).text()
    progress.window().close()


def test_source_suggestions_put_the_attributed_source_first_with_its_kind(qtbot, open_window, tmp_path) -> None:
    window = open_window(str(tmp_path / "teacher.sqlite3"))
    classroom_of(window).set_teacher_mode(True)  # the sample's answer key, cues shown by View > Reading cues
    wait_for_cues(qtbot, window)
    qtbot.waitUntil(lambda: window.view.cues is not None)
    text = window.view.text
    expected = {
        "about 600 are believed to have been killed": ("South Korea's spy agency", "named source"),
        "North Korea may have sent Russia troops": ("experts", "anonymous source"),
        "North Korea could deploy additional troops": ("South Korean lawmakers", "anonymous source"),
    }
    for words, (name, kind) in expected.items():
        claim = next(c for c in window.claims if text[c.start : c.end].startswith(words))
        window.panel.select_claim(claim.id)
        first_name, first_shown = window.panel.suggestions()[0]
        assert (first_name, first_shown) == (name, f"{name} — {kind}")
        # choosing it fills in the name alone; the claims list's tooltip tells the kind
        window.panel.source_box.setCurrentIndex(1)
        window.panel.source_box.activated.emit(1)
        assert window.panel.source_box.currentText() == name
        row = window.panel.model.row_of(claim.id)
        tip = window.panel.model.data(window.panel.model.index(row, 2), Qt.ItemDataRole.ToolTipRole)
        assert kind in tip


def test_without_a_parser_the_status_bar_says_who_said_what_is_off_and_what_turns_it_on(
    qtbot, open_window, tmp_path, pipeline
) -> None:
    from claimmark.core.nlp import INSTALL_COMMAND
    from claimmark.core.reader.cues import CueFinder, cue_cache_key
    from claimmark.core.text import text_hash

    db_path = str(tmp_path / "noparse.sqlite3")
    article_id = own_article(db_path)
    unparsed = CueFinder.load(pipeline, without=("parser",)).run(TEXT)  # what a pipeline without a parser finds
    assert unparsed is not None and not unparsed.parsed and unparsed.cues
    db = open_database(db_path)
    with db.write() as session:
        repo.store_entities(text_hash(TEXT), *cue_cache_key(pipeline), unparsed.to_payload(), session=session)
    db.close()
    window = open_window(db_path)
    window.open(lambda s: s.open_article(article_id))
    qtbot.waitUntil(lambda: window.view.cues is not None, timeout=5_000)
    status = window.cue_status.text()
    assert "who-said-what is off" in status and "no parser" in status and INSTALL_COMMAND in status


def test_the_cache_key_known_before_loading_is_the_loaded_finders(pipeline) -> None:
    """An article opened before shows its cues before spaCy loads only if the window looks them up
    under the name and version the finder stores them under."""
    from claimmark.core.reader.cues import CueFinder, cue_cache_key

    finder = CueFinder.load(pipeline)
    assert cue_cache_key(pipeline) == (finder.cache_name, finder.cache_version)


def test_the_cue_legend_counts_the_sources_by_kind_in_plain_words(qtbot) -> None:
    # the legend read "source (4 anonymous source, 3 document or data, 17 named source)"
    from claimmark.core.reader.cues import Attribution, ReadingCues
    from claimmark.gui.reader.reading_cues import CueLegend

    def said(kind, n):
        return [Attribution((i, i + 1), (i, i + 1), (i, i + 1), kind, "x") for i in range(n)]

    cues = ReadingCues((), (*said("named", 17), *said("anonymous", 1), *said("document", 3)), True, "m")
    legend = CueLegend()
    qtbot.addWidget(legend)
    legend.set_cues(cues)
    shown = QTextDocumentFragment.fromHtml(legend.text()).toPlainText()
    assert "1 anonymous source," in shown and "17 named sources" in shown and "3 documents or data" in shown


def test_worth_a_second_look_counts_its_sentences_in_words(qtbot) -> None:
    # it read "4 sentence(s) you did not tag hold ..."
    from claimmark.core.reader.cue_review import SecondLook
    from claimmark.gui.reader.second_look import SecondLookPanel

    text = "It cost 5 dollars. It took 3 days."
    panel = SecondLookPanel()
    qtbot.addWidget(panel)
    panel.set_items(text, [SecondLook(0, 18, (), ((8, 9),))])
    assert panel.title.text().startswith("&Worth a second look: 1 sentence you did not tag holds an estimate")
    panel.set_items(text, [SecondLook(0, 18, (), ((8, 9),)), SecondLook(19, 34, (), ((27, 28),))])
    assert panel.title.text().startswith("&Worth a second look: 2 sentences you did not tag hold an estimate")
