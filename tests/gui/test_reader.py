"""The core loop in the window: read, tag by keyboard and mouse, edit, undo, keep after restart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from claimmark.core.claims import Tag
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.common.menus import Menu
from claimmark.gui.reader.main_window import MainWindow
from tests.gui.conftest import wait_for_entities


def stored_claims(db_path: str, trainee: str = "tess") -> list[tuple[str, str, str, str]]:
    """(text, tag, note, source) of the trainee's claims, read straight from the database file."""
    db = open_database(db_path)
    try:
        workspace = Workspace(db, trainee)
        opened = workspace.open_start()
        text = opened.article.text
        return [(text[c.start : c.end], c.tag, c.note, c.source) for c in workspace.claims(opened.claim_set_id)]
    finally:
        db.close()


def caret_to(qtbot, window: MainWindow, words: str) -> None:
    """Move the caret by keyboard to the start of ``words`` (first occurrence)."""
    view = window.view
    target = view.text.index(words)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    while view.caret_offset() < target:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert view.caret_offset() == target


def select_words(qtbot, window: MainWindow, words: str) -> None:
    caret_to(qtbot, window, words)
    view = window.view
    end = view.text.index(words) + len(words)
    while view.caret_offset() < end:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def open_on_text(open_window, db_path: str, text: str, title: str = "Test article") -> MainWindow:
    """A window (no spaCy) on a new article holding ``text``."""
    db = open_database(db_path)
    with db.write() as session:
        article = repo.add_article(text, session=session, title=title)
    db.close()
    window = open_window(db_path, pipeline=None)
    window.open(lambda s: s.open_article(article.id))
    return window


def tag_words(qtbot, window: MainWindow, words: str, key: Qt.Key) -> None:
    """Select the first occurrence of ``words`` and press a tag key."""
    start = window.view.text.index(words)
    window.view.select_span(start, start + len(words))
    qtbot.keyClick(window.view, key)


def test_sample_opens_tagged_by_keyboard_and_kept_after_restart(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path)
    # the window is up before spaCy: entities are still being looked for
    assert "Sample exercise" in window.instructions.text()
    assert not window.entities.entities and "entit" in window.entity_status.text().lower()
    window.activateWindow()
    qtbot.waitUntil(window.view.hasFocus)  # the keyboard is in the article: arrows and 1/2/3 work at once
    wait_for_entities(qtbot, window)
    assert "entities found by" in window.entity_status.text()
    assert window.legend.box("PERSON") is not None

    # keyboard only: select "about 600 are believed" (with a stray half word) and press 2
    select_words(qtbot, window, "about 600 are believed")
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert stored_claims(db_path) == [("about 600 are believed", "estimated", "", "")]
    assert window.panel.model.rowCount() == 1
    window.close()

    # restart on the same database: the claim is listed and drawn, entities come from the cache
    again = open_window(db_path)
    assert again.panel.model.rowCount() == 1
    qtbot.waitUntil(lambda: bool(again.entities.entities))
    assert "from cache" in again.entity_status.text() and again.finder is None  # spaCy was never asked
    spans = again.view.highlighter.spans("claims")
    start = again.view.text.index("about 600")
    assert [(s.start, s.end, s.key) for s in spans] == [(start, start + len("about 600 are believed"), "estimated")]


def test_selection_snaps_to_whole_words(qtbot, open_window, pipeline) -> None:
    window = open_window(pipeline=None)
    text = window.view.text
    start = text.index("fallen soldiers") + 2  # inside "fallen"
    window.view.select_span(start - 1, text.index("soldiers") + 4)  # " llen sold" with a leading space
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    claim = window.claims[0]
    assert text[claim.start : claim.end] == "fallen soldiers" and claim.tag == "confirmed"
    # a selection of only punctuation and space is refused with a hint, nothing stored
    comma = text.index(", ")
    window.view.select_span(comma, comma + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert len(window.claims) == 1
    assert "at least one word" in window.statusBar().currentMessage()


def test_undo_and_redo_round_trip_in_the_database(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    text = window.view.text
    for words, key in (("state media said Friday", Qt.Key.Key_1), ("could be as high as 15,000", Qt.Key.Key_2)):
        start = text.index(words)
        window.view.select_span(start, start + len(words))
        qtbot.keyClick(window.view, key)
    both = stored_claims(db_path)
    assert [c[1] for c in both] == ["confirmed", "estimated"]
    assert "as estimated" in window.undo_action.text()

    window.undo_action.trigger()
    assert stored_claims(db_path) == both[:1]
    window.undo_action.trigger()
    assert stored_claims(db_path) == []
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert stored_claims(db_path) == both
    # retagging the same words is one undoable edit, not a second claim
    start = text.index("state media said Friday")
    window.view.select_span(start, start + len("state media said Friday"))
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert [c[1] for c in stored_claims(db_path)] == ["unverified", "estimated"]
    window.undo_action.trigger()
    assert stored_claims(db_path) == both


def test_panel_edits_retag_note_source_and_delete(qtbot, open_window, tmp_path, pipeline) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path)
    wait_for_entities(qtbot, window)
    words = "Kim and Putin signed a mutual defense pact last year"
    tag_words(qtbot, window, words, Qt.Key.Key_1)
    panel = window.panel
    assert panel.current_claim_id() == window.claims[0].id

    # source suggestions are the people and bodies named in the claim's sentence
    suggestions = [panel.source_box.itemText(i) for i in range(panel.source_box.count())]
    assert "Putin" in suggestions and "Kim" in suggestions

    qtbot.mouseClick(panel.tag_buttons.button(2), Qt.MouseButton.LeftButton)  # unverified
    panel.source_box.setEditText("Putin")
    panel.source_box.lineEdit().editingFinished.emit()
    panel.note_edit.setFocus()
    qtbot.keyClicks(panel.note_edit, "Signed in public; both governments published it.")
    qtbot.waitUntil(lambda: stored_claims(db_path)[0][2] != "", timeout=5000)
    assert stored_claims(db_path) == [
        (words, "unverified", "Signed in public; both governments published it.", "Putin")
    ]
    # the whole note typed in one go is one undo step
    window.undo_action.trigger()
    assert stored_claims(db_path)[0][2] == ""
    window.redo_action.trigger()

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert stored_claims(db_path) == []
    window.undo_action.trigger()
    assert stored_claims(db_path)[0][0] == words


def test_clicking_a_claim_in_the_text_selects_its_row(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    text = window.view.text
    for words in ("state news agency KCNA reported", "about 600 are believed to have been killed"):
        tag_words(qtbot, window, words, Qt.Key.Key_2)
    window.panel.select_claim(None)
    position = text.index("600")
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(position + 1)
    point = window.view.cursorRect(cursor).center()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    second = next(c for c in window.claims if text[c.start : c.end].startswith("about 600"))
    assert window.panel.current_claim_id() == second.id
    # selecting a row marks the claim in the text
    first = window.claims[0]
    window.panel.select_claim(first.id)
    marked = window.view.extraSelections()
    assert len(marked) == 1 and marked[0].cursor.selectedText() == text[first.start : first.end]


def test_claims_after_emoji_store_code_point_offsets(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "emoji.sqlite3")
    text = "🎉🎉 Breaking: officials said 😀 about 600 soldiers were killed, 🙁 and thousands more injured."
    window = open_on_text(open_window, db_path, text, "Emoji")
    view = window.view
    # select by keyboard: Qt counts each emoji as two positions, the database must not
    caret_to(qtbot, window, "about")
    assert view.textCursor().position() == text.index("about") + 3  # Qt: three emoji before it, two units each
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_2)
    claim = window.claims[0]
    assert (claim.start, claim.end) == (text.index("about"), text.index(",", text.index("killed")))
    assert text[claim.start : claim.end] == "about 600 soldiers were killed"
    assert window.panel.model.index(0, 1).data() == "about 600 soldiers were killed"


def test_without_a_pipeline_entities_are_off_but_tagging_works(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    assert "no English spaCy pipeline" in window.entity_status.text()
    assert "pip install" in window.entity_status.text()
    text = window.view.text
    window.view.select_span(text.index("Kim laid a flower"), text.index("Kim laid a flower") + 17)
    window.tag_actions[Tag.CONFIRMED].trigger()
    assert stored_claims(db_path) == [("Kim laid a flower", "confirmed", "", "")]


def test_entity_labels_can_be_hidden(qtbot, open_window) -> None:
    window = open_window()
    wait_for_entities(qtbot, window)
    box = window.legend.box("PERSON")
    assert box is not None and box.isChecked()
    assert box.text().startswith("Person (") and "spaCy label: PERSON" in box.toolTip()
    place = window.legend.box("GPE")
    assert place is not None and place.text().startswith("Place (")
    box.setChecked(False)
    assert "PERSON" in window.view.highlighter._layers["entities"].hidden
    window.entities_action.setChecked(False)
    assert window.view.highlighter._layers["entities"].hidden >= {"GPE", "PERSON"}
    # the kinds are greyed, the line telling how claims are drawn is not (claims are still drawn)
    assert not box.isEnabled() and window.legend.isEnabled() and window.legend._tail.isEnabled()


def test_unopenable_database_gives_a_message_and_no_window(qtbot, tmp_path, monkeypatch) -> None:
    import argparse

    from claimmark.gui.app import create_window

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Ok)
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"PK\x03\x04 not a database")
    assert create_window(argparse.Namespace(db=str(bad), trainee="t", article=None)) is None
    assert shown and "not a ClaimMark database" in shown[0]
    assert bad.read_bytes() == b"PK\x03\x04 not a database"


def test_hovering_explains_entities_and_claims(qtbot, open_window) -> None:
    window = open_window()
    wait_for_entities(qtbot, window)
    text = window.view.text
    putin = text.index("Vladimir Putin")
    tip = window.view.tooltip_at(putin + 2)
    assert "<b>Vladimir Putin</b>: Person (A person, real or fictional)" in tip
    assert "spaCy label PERSON" in tip  # the code, for an expert, on a second line
    assert "PERSON" not in tip.split("<br>")[0]
    window.view.select_span(putin, putin + len("Vladimir Putin"))
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert "Claim tagged <b>unverified</b>" in window.view.tooltip_at(putin + 2)
    assert window.view.tooltip_at(text.index("hailed")) == ""


def test_claims_can_be_edited_and_deleted_from_the_text(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    text = window.view.text
    words = "Kim laid a flower"
    tag_words(qtbot, window, words, Qt.Key.Key_1)
    window.panel.select_claim(None)
    menu = window.view.context_menu(text.index("flower"))
    labels = [a.text() for a in menu.actions()]
    assert (
        "Go to this claim's note and source (in the claims panel)" in labels
        and "Delete this claim (confirmed)" in labels
    )
    next(a for a in menu.actions() if a.text().startswith("Go to this claim")).trigger()
    assert window.panel.current_claim_id() == window.claims[0].id
    next(a for a in menu.actions() if a.text().startswith("Delete this claim")).trigger()
    assert stored_claims(db_path) == []
    # no claim under the pointer: only the tag actions and the standard ones
    plain = [a.text() for a in window.view.context_menu(text.index("hailed")).actions()]
    assert not any(label.startswith(("Go to this claim", "Delete this claim")) for label in plain)


def test_keyboard_help_lists_every_menu_shortcut(open_window) -> None:
    window = open_window(pipeline=None)
    text = window.keyboard_help()
    assert "Ctrl+Shift+arrows select whole words" in text
    for keys, entry in (("Ctrl+Z", "Edit > Undo"), ("Ctrl+L", "File > Library"), ("Ctrl+Shift+S", "File > Submit")):
        assert any(line.startswith(keys) and entry in line for line in text.splitlines()), (keys, entry)


def test_line_breaks_qt_rewrites_keep_offsets(qtbot, open_window, tmp_path) -> None:
    """QPlainTextEdit makes one block break of "\\r\\n": every later Qt position is one fewer;
    claims must still store, draw and outline the words the trainee selected."""
    db_path = str(tmp_path / "breaks.sqlite3")
    first = "Kim spoke.\r\nOfficials said 😀 about 600 died.\u2028Rebels said\u2029ten."
    text = first + "\r\n\r\nPolice counted 12 arrests."
    window = open_on_text(open_window, db_path, text, "Line breaks")
    view = window.view
    for words in ("about 600 died", "Rebels said", "ten", "counted 12 arrests"):
        start = text.index(words)
        view.select_span(start, start + len(words))
        assert view.textCursor().selectedText() == words
        assert view.selection() == (start, start + len(words))
        qtbot.keyClick(view, Qt.Key.Key_3)
        assert text[window.claims[-1].start : window.claims[-1].end] == words
    stored = sorted(text[c.start : c.end] for c in window.claims)
    assert stored == sorted(["about 600 died", "Rebels said", "ten", "counted 12 arrests"])
    # each claim is underlined on its own words, and outlined there when selected in the list
    doc = view.document()
    for span in view.highlighter.spans("claims"):
        cursor = QTextCursor(doc)
        cursor.setPosition(span.start)
        cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() in stored
    last = next(c for c in window.claims if text[c.start : c.end] == "counted 12 arrests")
    window.panel.select_claim(last.id)
    assert view.extraSelections()[0].cursor.selectedText() == "counted 12 arrests"
    assert view.marked_span() == (last.start, last.end)


def test_delete_key_in_the_article_deletes_the_claim(qtbot, open_window) -> None:
    """The article's Delete and the claims list's Delete must not both be live in the article:
    Qt calls that ambiguous and runs neither."""
    window = open_window(pipeline=None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.view
    view.setFocus()
    start = view.text.index("about 600")
    view.select_span(start, start + len("about 600"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert len(window.claims) == 1
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.claims == []
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.claims) == 1
    window.panel.table.setFocus()
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Delete)  # the list's own Delete still works
    assert window.claims == []


def test_delete_in_the_article_deletes_the_claim_under_the_caret(qtbot, open_window, tmp_path) -> None:
    """Delete in the article removes the claim the caret is on (after emoji too), not the one
    still selected in the list from an earlier tag."""
    db_path = str(tmp_path / "delete.sqlite3")
    text = "🎉🎉🎉 Kim said no. Officials counted ten."
    window = open_on_text(open_window, db_path, text, "Delete")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.view
    view.setFocus()
    for words in ("Kim", "ten"):
        start = text.index(words)
        view.select_span(start, start + len(words))
        qtbot.keyClick(view, Qt.Key.Key_1)
    assert window.panel.current_claim_id() is not None  # "ten", the last one tagged
    caret_to(qtbot, window, "Kim")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [text[c.start : c.end] for c in window.claims] == ["ten"]


def test_a_note_being_typed_is_saved_before_undo_or_delete(qtbot, open_window, tmp_path, monkeypatch) -> None:
    """Undo (toolbar or menu) or Delete claim pressed within the note's typing pause must not
    run into the unsaved note: no "deleted in another window" warning, and undo stays in order."""
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: warnings.append(f"{box.windowTitle()}: {box.text()}") or QMessageBox.StandardButton.Ok,
    )
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    view, panel = window.view, window.panel
    text = view.text
    for words in ("state media said Friday", "could be as high as 15,000"):
        view.select_span(text.index(words), text.index(words) + len(words))
        qtbot.keyClick(view, Qt.Key.Key_1)
    # a note typed on the second claim, then Undo at once (a toolbar click leaves the focus where it is)
    qtbot.keyClicks(panel.note_edit, "a guess")
    window.undo_action.trigger()
    assert warnings == []
    assert [c[2] for c in stored_claims(db_path)] == ["", ""]  # the note was one step, and it is undone
    window.undo_action.trigger()
    assert len(stored_claims(db_path)) == 1  # then the second tag
    window.redo_action.trigger()
    assert [c[2] for c in stored_claims(db_path)] == ["", ""]
    # a note typed, then Delete claim (its Alt+D mnemonic leaves the focus in the note)
    panel.select_claim(window.claims[1].id)
    qtbot.keyClicks(panel.note_edit, "kept with the claim")
    panel.delete_button.click()
    assert warnings == []
    assert len(stored_claims(db_path)) == 1
    window.undo_action.trigger()
    assert [c[2] for c in stored_claims(db_path)] == ["", "kept with the claim"]


def test_a_source_being_typed_is_saved_before_another_edit(qtbot, open_window, tmp_path) -> None:
    """A source typed and not yet confirmed (no Enter, the focus still in it) is saved, not wiped,
    when a retag (its Alt+1/2/3 mnemonic keeps the focus there) or an undo redraws the panel."""
    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view, panel = window.view, window.panel
    start = view.text.index("about 600")
    view.select_span(start, start + len("about 600"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    line_edit = panel.source_box.lineEdit()
    line_edit.setFocus()
    qtbot.keyClicks(line_edit, "Reuters")
    panel.tag_buttons.button(2).click()
    assert stored_claims(db_path) == [("about 600", "unverified", "", "Reuters")]
    assert line_edit.text() == "Reuters"
    qtbot.keyClicks(line_edit, " and AP")
    window.undo_action.trigger()  # takes back the newest step: the source just typed
    assert stored_claims(db_path) == [("about 600", "unverified", "", "Reuters")]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert stored_claims(db_path) == [("about 600", "confirmed", "", "")]


def test_a_failed_note_edit_leaves_no_undo_step_and_says_what_to_do(qtbot, open_window, tmp_path) -> None:
    from claimmark.core.reader import operations as ops

    db_path = str(tmp_path / "claims.sqlite3")
    window = open_window(db_path, pipeline=None)
    words = "Kim laid a flower"
    tag_words(qtbot, window, words, Qt.Key.Key_1)
    claim_id = window.claims[0].id
    window.edit(ops.UpdateClaim(claim_id, note="first"))
    # the claim disappears behind the window's back (another window, another trainee's client)
    ops.run(window.workspace.db, ops.DeleteClaim(claim_id))
    warned: list[str] = []
    original = QMessageBox.exec
    QMessageBox.exec = lambda box: warned.append(box.text()) or QMessageBox.StandardButton.Ok  # type: ignore
    try:
        window.edit(ops.UpdateClaim(claim_id, note="second"))
    finally:
        QMessageBox.exec = original  # type: ignore[method-assign]
    assert warned and "make the edit again" in warned[0]
    assert window.undo_stack.count() == 2  # the tag and the first note; the failed edit left no step
    assert window.undo_stack.undoText().startswith("Edit note")


def test_the_core_loop_on_a_shared_postgresql_database(qtbot, open_window, pg_url) -> None:
    """Two trainees in one class database: each tags, restarts and finds their own claims."""
    for trainee, words, key in (
        ("ann", "about 600 are believed", Qt.Key.Key_2),
        ("ben", "Kim laid a flower", Qt.Key.Key_1),
    ):
        window = open_window(pg_url, trainee=trainee, pipeline=None)
        tag_words(qtbot, window, words, key)
        window.close()
    for trainee, words in (("ann", "about 600 are believed"), ("ben", "Kim laid a flower")):
        again = open_window(pg_url, trainee=trainee, pipeline=None)
        assert [again.view.text[c.start : c.end] for c in again.claims] == [words]
        again.close()


def test_an_edit_changes_only_the_rows_and_blocks_it_touches(qtbot, open_window, tmp_path, monkeypatch) -> None:
    """With many claims, a tag inserts one list row and redraws the one paragraph it is in:
    nothing is read back from the database, the list is not rebuilt, nor every highlight."""
    paragraphs = [f"Paragraph {i} says officials counted {i * 10} people at the march." for i in range(200)]
    window = open_on_text(open_window, str(tmp_path / "claims.sqlite3"), "\n\n".join(paragraphs))
    text = window.view.text
    for i in range(0, 200, 2):  # a hundred claims, one in every other paragraph
        start = text.index(f"officials counted {i * 10} people")
        window.tag_span(start, start + len(f"officials counted {i * 10} people"), Tag.ESTIMATED)
    qtbot.waitUntil(lambda: window.view.highlighter.pending() == 0)
    assert len(window.claims) == 100

    model = window.panel.model
    resets, inserted, redrawn = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    draw = window.view.highlighter.rehighlightBlock
    monkeypatch.setattr(
        window.view.highlighter, "rehighlightBlock", lambda block: (redrawn.append(block.blockNumber()), draw(block))
    )
    monkeypatch.setattr(
        window.workspace, "claims", lambda _claim_set: (_ for _ in ()).throw(AssertionError("claims read again"))
    )
    start = text.index("Paragraph 51 says")
    window.tag_span(start, start + len("Paragraph 51 says"), Tag.CONFIRMED)
    window.view.viewport().repaint()

    row = next(i for i, c in enumerate(window.claims) if text[c.start : c.end] == "Paragraph 51 says")
    assert resets == [] and inserted == [(row, row)]
    assert redrawn == [text[:start].count("\n")]  # the block of paragraph 51, and no other
    assert model.rowCount() == 101 and window.panel.current_claim_id() == window.claims[row].id


def test_article_zoom_by_keys_kept_between_sessions(qtbot, open_window, tmp_path) -> None:
    db_path = str(tmp_path / "zoom.sqlite3")
    window = open_window(db_path, pipeline=None)
    window.activateWindow()
    qtbot.waitUntil(window.view.hasFocus)
    size = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+= on US keyboards
    assert window.view.zoom() == 125 and window.view.font().pointSizeF() > size
    assert "125%" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom() == 110
    view_menu = window.menus.menu(Menu.VIEW)
    assert {"Zoom in", "Zoom out", "Normal size"} <= {a.text().replace("&", "") for a in view_menu.actions()}
    window.close()
    again = open_window(db_path, pipeline=None)
    assert again.view.zoom() == 110  # kept between sessions
    again.activateWindow()
    qtbot.waitUntil(again.view.hasFocus)
    qtbot.keyClick(again.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.view.zoom() == 100 and abs(again.view.font().pointSizeF() - size) < 0.01


def test_tag_buttons_are_not_left_pressed_without_a_claim(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    text = window.view.text
    start = text.index("Kim laid a flower")
    window.tag_span(start, start + len("Kim laid a flower"), Tag.ESTIMATED)
    buttons = window.panel.tag_buttons.buttons()
    assert [b.isChecked() for b in buttons] == [False, True, False]
    window.panel.select_claim(None)
    assert not window.panel.editor.isEnabled()
    assert not any(b.isChecked() for b in buttons)  # a disabled editor shows no tag as pressed
