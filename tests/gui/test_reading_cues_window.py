"""The reading cues in the window: the teacher's setting per exercise, View > Reading cues on a
learner's own article, drawing, tooltips, the cache, source suggestions, what was missed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from claimmark.core import classroom as cr
from claimmark.gui.classroom.exercise_dialog import ExerciseDialog


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
