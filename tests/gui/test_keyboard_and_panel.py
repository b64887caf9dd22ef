"""Issue 14, keyboard: Tab out of the claims list, note undo a pause at a time, the tag keys
(changed or turned off, remembered), Help > Keyboard and About, Edit > Copy and Select All."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QTableWidget

from claimmark.core.claims import Tag
from claimmark.gui.common.help_dialogs import KeyboardDialog, about_text
from claimmark.gui.reader.claims_panel import NOTE_PAUSE_MS
from claimmark.gui.reader.main_window import MainWindow

WORDS = ("state media said Friday", "could be as high as 15,000")


def tag_two(qtbot, window: MainWindow) -> None:
    view, text = window.view, window.view.text
    for words in WORDS:
        view.select_span(text.index(words), text.index(words) + len(words))
        qtbot.keyClick(view, Qt.Key.Key_1)
    assert len(window.claims) == 2


def note_cell(window: MainWindow, row: int = 0) -> str:
    model = window.panel.model
    return model.data(model.index(row, 3))


def test_tab_leaves_the_claims_list_for_the_editor_without_changing_the_claim(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    tag_two(qtbot, window)
    panel = window.panel
    panel.select_claim(window.claims[0].id)
    panel.focus_list()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.table)
    reached = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        assert panel.current_claim_id() == window.claims[0].id  # Tab never walks the rows
    assert panel.tag_buttons.button(0) in reached
    assert panel.source_box in reached or panel.source_box.lineEdit() in reached
    # arrows still move between the claims
    panel.focus_list()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.current_claim_id() == window.claims[1].id


def test_undo_in_the_note_takes_back_the_last_typing_and_the_list_follows_at_once(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    tag_two(qtbot, window)
    panel = window.panel
    panel.select_claim(window.claims[0].id)
    note = panel.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "First sentence.")
    assert note_cell(window) == "First sentence."  # the list shows what is typed, before the pause
    qtbot.waitUntil(lambda: window.claims[0].note == "First sentence.", timeout=NOTE_PAUSE_MS * 4)
    qtbot.keyClicks(note, " Second one.")
    qtbot.waitUntil(lambda: window.claims[0].note == "First sentence. Second one.", timeout=NOTE_PAUSE_MS * 4)
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() == "First sentence."  # only the second burst, not the whole note
    assert note_cell(window) == "First sentence."  # at once, not after the pause or leaving the field
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert note.toPlainText() == "First sentence. Second one."
    assert note_cell(window) == "First sentence. Second one."
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.claims[0].note == "First sentence.", timeout=NOTE_PAUSE_MS * 4)


def test_a_tag_key_with_only_a_caret_says_what_to_do(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    message = window.statusBar().currentMessage()
    assert "Select the words of a claim first" in message and "estimated" in message
    window.statusBar().clearMessage()
    window.tag_actions[Tag.UNVERIFIED].trigger()  # the toolbar button
    assert "unverified" in window.statusBar().currentMessage()


def test_the_tag_keys_can_be_changed_or_turned_off_and_are_remembered(qtbot, open_window, tmp_path) -> None:
    db = str(tmp_path / "keys.sqlite3")
    window = open_window(db, pipeline=None)
    view, text = window.view, window.view.text
    start = text.index(WORDS[0])
    window.set_tag_keys("off")
    view.select_span(start, start + len(WORDS[0]))
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert window.claims == [] and "1" not in window.keyboard_help().split("\t")[0:1]
    window.set_tag_keys("ctrl")
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert window.claims == []  # the key alone does nothing now
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert [c.tag for c in window.claims] == [Tag.CONFIRMED]
    window.close()
    again = open_window(db, pipeline=None)
    assert again.tag_actions[Tag.ESTIMATED].shortcut().toString() == "Ctrl+2"
    assert any(keys.startswith("Ctrl+1") for keys, _what in again.keyboard_rows())


def test_keyboard_help_is_complete_and_its_keys_column_fits(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    rows = window.keyboard_rows()
    keys = [k for k, _ in rows]
    for wanted in ("Alt+S", "Alt+N", "F6", "F7"):
        assert wanted in keys
    assert any("Ctrl+Y" in k and "Redo" in what for k, what in rows)
    assert any("Ctrl+C" in k and "Copy" in what for k, what in rows)
    dialog = KeyboardDialog(rows, window)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.findChild(QTableWidget, "keyboardTable")
    widest = max(table.fontMetrics().horizontalAdvance(k) for k in keys)
    assert table.columnWidth(0) >= widest + 8  # "Ctrl+Shift+D" no longer touches its text


def test_edit_copy_select_all_and_help_about(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    edit = [a.text().replace("&", "") for a in window.menus.menu(window.menus.menus.__iter__().__next__()).actions()]
    assert edit  # the File menu exists
    texts = {a.text().replace("&", "") for menu in window.menus.menus.values() for a in menu.actions()}
    assert {"Copy", "Select all", "About ClaimMark", "Keyboard settings…"} <= texts
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    window.select_all_action.trigger()
    window.copy_action.trigger()
    assert QGuiApplication.clipboard().text().replace("\u2029", "\n").strip() == window.view.text.strip()
    about = about_text("en_core_web_sm 3.8.0")
    assert "ClaimMark 0.1.0" in about and "Licence: MIT" in about and "en_core_web_sm 3.8.0" in about
    assert "none installed" in about_text(None)


def test_clicking_off_the_claims_lets_go_of_the_chosen_row(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    tag_two(qtbot, window)
    window.panel.select_claim(window.claims[0].id)
    assert window.view.marked_span() is not None
    window.view.offsetClicked.emit(0)  # a click at the very start: no claim there
    assert window.panel.current_claim_id() is None and window.view.marked_span() is None


def test_the_window_title_names_the_exercise_not_the_login(open_window) -> None:
    window = open_window(pipeline=None, trainee="tess")
    assert window.session.exercise is not None
    title = window.windowTitle()
    assert title.startswith(window.session.exercise.title) and "tess" not in title


def test_the_claim_column_gets_the_room(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    window.resize(1024, 600)
    tag_two(qtbot, window)
    table = window.panel.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    widths = [table.columnWidth(c) for c in range(4)]
    assert widths[1] >= 2 * max(widths[2], widths[3]), widths
    assert widths[1] >= table.viewport().width() * 2 // 5, widths
    # two lines a row: about 40 letters of a claim or more at 1024 px (it read "A healthcare …")
    assert table.verticalHeader().defaultSectionSize() >= 2 * table.fontMetrics().lineSpacing()
    assert 2 * widths[1] >= 40 * table.fontMetrics().averageCharWidth(), widths
