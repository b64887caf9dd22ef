"""Whether the reader shows the reading cues now: the teacher's setting, or the learner's choice.

An exercise carries its teacher's setting (``ExerciseRecord.reading_cues``): hidden, shown, or
shown only once the trainee has submitted, so the cues never anchor the first reading but point
out afterwards what was passed over.  On an article that is no exercise (a learner's own, or one
a teacher reads before making an exercise of it), and in teacher mode, the person's own choice
decides (View > Reading cues, kept in the settings).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimmark.core.classroom.trainee_feedback import FeedbackState
from claimmark.core.storage.records import ExerciseRecord

HANDED_IN = (FeedbackState.NO_KEY, FeedbackState.READY)


@dataclass(frozen=True)
class CueVisibility:
    shown: bool
    """Whether the cues are drawn now."""
    chosen: bool
    """Whether the person's own choice decides (View > Reading cues may change it)."""
    reason: str = ""
    """When the exercise decides, why the cues are shown or not (for the menu's tooltip and the status)."""


def cue_visibility(
    exercise: ExerciseRecord | None, state: FeedbackState, *, teacher: bool, wanted: bool
) -> CueVisibility:
    """The rule (see the module notes); ``wanted`` is the person's own choice."""
    if exercise is None or teacher:
        return CueVisibility(shown=wanted, chosen=True)
    mode = exercise.reading_cues
    if mode == "shown":
        return CueVisibility(True, False, "Your teacher shows the reading cues in this exercise.")
    if mode == "after_submitting":
        if state in HANDED_IN:
            return CueVisibility(True, False, "The reading cues are shown now that you have submitted.")
        return CueVisibility(False, False, "The reading cues of this exercise appear once you submit (File > Submit…).")
    return CueVisibility(False, False, "Your teacher has hidden the reading cues in this exercise.")


def handed_in(state: FeedbackState) -> bool:
    """Whether the open claims are submitted (what the "worth a second look" list waits for)."""
    return state in HANDED_IN
