"""What a screen reader gets from the reader, through Qt's accessibility interfaces (offscreen).

tests/gui/test_screen_reader.py drives the real program through AT-SPI; these check the same
names and announcements where no accessibility bus runs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.reader import operations as ops
from claimmark.gui.common.announce import LIVE_REGION_NAME

CONTROLS = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit)


def _name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _description(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Description) if interface is not None else ""


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            continue  # a combo box's own line edit: the box carries the name
        if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
            continue  # a table's header is read as the cells' column names
        if not _name(widget).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_control_of_the_reader_has_a_name_and_the_editor_descriptions(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    text = window.view.text
    start = text.index("Kim laid a flower")
    window.tag_span(start, start + len("Kim laid a flower"), Tag.CONFIRMED)
    assert _unnamed(window) == []
    panel = window.panel
    for widget in (window.view, panel.table, panel.source_box, panel.note_edit, panel.delete_button):
        assert _description(widget), f"{widget.objectName() or type(widget).__name__} has no description"
    assert [_name(b) for b in panel.tag_buttons.buttons()] == [f"Retag as {t.value}" for t in Tag]
    assert _name(panel.source_box) == "Source" and _name(panel.note_edit) == "Note"


def test_a_new_claim_a_retag_and_a_selection_are_announced(qtbot, open_window) -> None:
    window = open_window(pipeline=None)
    region = window.findChild(QWidget, LIVE_REGION_NAME)
    assert region is not None and _description(region)
    text = window.view.text
    start = text.index("Kim laid a flower")
    window.view.select_span(start, start + len("Kim laid a flower"))
    window.tag_actions[Tag.ESTIMATED].trigger()
    said = _name(region)
    assert said.startswith("New claim, estimated: Kim laid a flower") and "1 claim" in said, said
    claim_id = window.panel.current_claim_id()
    assert claim_id is not None
    window.edit(ops.UpdateClaim(claim_id, tag=Tag.UNVERIFIED))
    assert _name(region).startswith("Retagged from estimated to unverified: Kim laid a flower")
    other = text.index("about 600")
    window.tag_span(other, other + len("about 600"), Tag.CONFIRMED)
    window.panel.table.selectRow(window.panel.model.row_of(claim_id))
    assert _name(region).startswith("Claim 1 of 2, unverified: Kim laid a flower"), _name(region)
    # the claims list reads as words: the tag, not its letter and padding
    row = window.panel.model.row_of(claim_id)
    assert window.panel.model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "unverified"


def test_feedback_marks_are_announced_and_its_controls_named(qtbot, open_window) -> None:
    from claimmark.gui.classroom.controller import classroom_of

    window = open_window(pipeline=None)
    text = window.view.text
    start = text.index("about 600 are believed to have been killed")
    window.tag_span(start, start + len("about 600 are believed to have been killed"), Tag.ESTIMATED)
    assert classroom_of(window).submit_to(None)  # the sample: its key is bundled, feedback opens
    feedback_window = classroom_of(window).feedback_window
    assert feedback_window is not None
    view = feedback_window.view
    region = view.findChild(QWidget, LIVE_REGION_NAME)
    assert region is not None
    assert _name(region).startswith("Mark 1 of "), _name(region)
    row = next(i for i, item in enumerate(view.feedback.items) if item.start == start)
    view.list.setCurrentRow(row)
    said = _name(region)
    assert said.startswith(f"Mark {row + 1} of ") and "about 600 are believed to have been killed" in said, said
    assert _unnamed(feedback_window) == []
    for widget in (view.view, view.list, view.detail):
        assert _description(widget)
