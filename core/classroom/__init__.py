"""Classroom work on the database: exercises and their answer keys, the files a class passes
around, submissions, a trainee's feedback and the class debrief.  No Qt here.

One module per stage: ``exercises`` (exercises and answer keys), ``handout`` (the files a class
passes around), ``submissions``, ``trainee_feedback`` and ``class_debrief``; beside them the file format
(``exchange``), scoring, agreement, the command line's score report (``report``) and the
bundled ``sample``.  This package's namespace offers the stages' public names, so callers write
``classroom.submit(...)``; the modules import each other directly, never through here.

Who does what
-------------
* The **teacher** makes an exercise from an article (:func:`make_exercise`), tags its answer
  key in the reader (the key is a claim set with ``role="key"``, edited by the same undoable
  operations as a trainee's claims; each note is the explanation trainees see), and hands out
  an exercise file (:func:`export_exercise`, never carrying the key) and later, separately, the
  key (:func:`export_key`, or :func:`release_key` on a shared database).
* A **trainee** opens the exercise file (:func:`open_exercise_file`), tags it, and submits
  (:func:`submit`): a submission file is written and the claim set's ``submitted_at`` set.
  Once the key is available to them (:func:`import_key`, released, or the bundled sample), they
  get :func:`feedback`.
* The teacher imports submission files (:func:`import_submissions`) and reads the class
  :func:`debrief`; on a shared database trainees' submitted claim sets are already there.

Rules
-----
* Every file is checked before anything is written (kind, version, exercise uid, article text
  hash, offsets: ``core.exchange``), and each file is imported in one transaction, so a bad
  file changes nothing.
* A submission is one trainee's claim set on one exercise with ``submitted_at`` set.  One per
  trainee and exercise: importing the same claims again is reported as a duplicate; a later
  submission with other claims replaces an earlier one (a resubmission); an earlier one never
  replaces a later.  Trainees are the same person when their ids match (``core.identity``; a
  file made before ids: the id its name gives).  A file whose name is another trainee's here,
  under another id, is a conflict the teacher resolves (:class:`SameName`: keep both, told apart
  by id; replace; skip), never a silent replace.
* After submitting, a trainee's claims are final once the key is available to them;
  :func:`reopen` lets them edit again before that (they then submit again).
* Scores, agreement, confusion and per-key-claim answers come from ``core.scoring`` and
  ``core.agreement`` exactly as ``claimmark score`` computes them from files, so the window's
  debrief and the command line give the same numbers.
"""

from __future__ import annotations

from claimmark.core.classroom.class_debrief import (
    Debrief,
    DebriefRow,
    HeatSpan,
    debrief,
    export_submissions,
    heat_spans,
)
from claimmark.core.classroom.exercises import (
    ENTITY_LABELS,
    ClassroomError,
    ExerciseSettings,
    KeyConflict,
    exercises_for_article,
    find_exercise,
    get_exercise,
    key_available,
    key_claim_set_id,
    key_claims,
    make_exercise,
    release_key,
    update_exercise,
)
from claimmark.core.classroom.handout import (
    classroom_file_kind,
    exercise_file,
    export_exercise,
    export_key,
    import_key,
    is_classroom_file,
    key_file,
    open_exercise_file,
    suggested_file_name,
)
from claimmark.core.classroom.submissions import (
    ImportStatus,
    NameConflict,
    SameName,
    SubmissionImport,
    import_submission,
    import_submissions,
    reopen,
    submit,
    submitted_at,
)
from claimmark.core.classroom.trainee_feedback import (
    Feedback,
    FeedbackItem,
    FeedbackState,
    Mark,
    feedback,
    feedback_items,
    feedback_state,
)

__all__ = [
    "ENTITY_LABELS",
    "ClassroomError",
    "Debrief",
    "DebriefRow",
    "ExerciseSettings",
    "Feedback",
    "FeedbackItem",
    "FeedbackState",
    "HeatSpan",
    "ImportStatus",
    "KeyConflict",
    "Mark",
    "NameConflict",
    "SameName",
    "SubmissionImport",
    "classroom_file_kind",
    "debrief",
    "exercise_file",
    "exercises_for_article",
    "export_exercise",
    "export_key",
    "export_submissions",
    "feedback",
    "feedback_items",
    "feedback_state",
    "find_exercise",
    "get_exercise",
    "heat_spans",
    "import_key",
    "import_submission",
    "import_submissions",
    "is_classroom_file",
    "key_available",
    "key_claim_set_id",
    "key_claims",
    "key_file",
    "make_exercise",
    "open_exercise_file",
    "release_key",
    "reopen",
    "submit",
    "submitted_at",
    "suggested_file_name",
    "update_exercise",
]
