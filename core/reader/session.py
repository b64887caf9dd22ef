"""The open article and its rules, without a screen: what the reader shows and what a gesture does.

A window keeps one :class:`ReaderSession`.  It knows the article, its exercise, the claims of
the claim set being edited (as frozen :class:`ClaimRecord` values, in text order) and the mode
(a trainee's own work, or in teacher mode the exercise's answer key), and it answers every
question the window used to answer in its slots:

* :meth:`ReaderSession.open` applies the mode: in teacher mode an exercise opens on its answer
  key; in trainee mode a key is never what opens.
* :meth:`ReaderSession.tag` snaps a selection to whole words; tagging the words of an existing
  claim again retags it (or only selects it when the tag is the same).
* :meth:`ReaderSession.apply` commits one edit and returns its inverse and the :class:`Change`
  (claims added, updated, removed), which the session applies to its own claims, so a view can
  redraw only what changed and nothing is reloaded.
* :attr:`ReaderSession.permissions` says what the person may do now (tag, submit, edit again,
  see feedback, practise again, the teacher's actions), from the exercise's state.
* :meth:`ReaderSession.practise_again` starts a fresh attempt at the open exercise and opens it
  (the earlier attempt keeps its claims and feedback: ``core.classroom.attempts``).
* :meth:`ReaderSession.visible_entities`, :meth:`ReaderSession.source_suggestions` and
  :meth:`ReaderSession.tag_counts` answer what the panels show.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from claimmark.core.claims import Tag
from claimmark.core.classroom.attempts import can_practise_again, practise_again
from claimmark.core.classroom.exercises import get_exercise
from claimmark.core.classroom.submissions import submitted_at
from claimmark.core.classroom.trainee_feedback import FeedbackState, feedback_state
from claimmark.core.importing.normalising import normalise
from claimmark.core.nlp import Entities, Pipeline, sentence_bounds
from claimmark.core.reader import operations as ops
from claimmark.core.reader.cues import ReadingCues, SourceKind
from claimmark.core.reader.workspace import Opened, Workspace
from claimmark.core.storage import repository as repo
from claimmark.core.storage.records import ArticleRecord, ClaimRecord, ExerciseRecord
from claimmark.core.tokens import snap_span

SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")
"""Entity labels that can name who makes a claim, most likely first."""


@dataclass(frozen=True)
class Permissions:
    """What the person may do with the open claims, in the open exercise's state."""

    tag: bool = True
    """Tag, retag, write notes and sources, delete, undo."""
    submit: bool = False
    submit_again: bool = False
    """Submitting only writes the submission file again (handed in, key not out yet)."""
    edit_again: bool = False
    feedback: bool = False
    practise_again: bool = False
    """Start a fresh attempt (handed in, feedback there); the earlier one is kept."""
    trainee_actions: bool = True
    """Submit, Feedback, Edit again and Import answer key are offered (trainee mode)."""
    teacher_actions: bool = False
    """Make exercise, import submissions ... are offered (teacher mode)."""
    exercise_actions: bool = False
    """Export the exercise or its key, release the key, debrief: teacher mode on an exercise."""
    key_released: bool = False
    edit_text: bool = False
    """Change the article's text (Article > Edit text…): a teacher, or a learner on an article
    of their own (not an exercise's)."""


def permissions_for(state: FeedbackState, *, teacher: bool, exercise: ExerciseRecord | None) -> Permissions:
    """The rules of what a person may do, from the exercise state and the mode."""
    trainee = not teacher
    handed_in = state in (FeedbackState.NO_KEY, FeedbackState.READY)
    return Permissions(
        tag=teacher or not handed_in,
        submit=trainee and state in (FeedbackState.NOT_SUBMITTED, FeedbackState.NO_KEY),
        submit_again=trainee and state is FeedbackState.NO_KEY,
        edit_again=trainee and state is FeedbackState.NO_KEY,
        feedback=trainee and state is FeedbackState.READY,
        practise_again=trainee and can_practise_again(state),
        trainee_actions=trainee,
        teacher_actions=teacher,
        exercise_actions=teacher and exercise is not None,
        key_released=bool(exercise and exercise.key_released),
        edit_text=teacher or exercise is None,
    )


@dataclass(frozen=True)
class TagRequest:
    """What tagging a selection comes to: an edit to make, or a claim already on those words."""

    op: ops.Operation | None
    """The edit (a new claim, or a retag); None when the claim on those words has that tag already."""
    claim_id: int | None = None
    """The claim already on the selected words (to select it), if any."""


@dataclass(frozen=True)
class SourceSuggestion:
    name: str
    label: str
    """The entity label that names its kind (PERSON, ORG, NORP, GPE); "" for a source the
    reading cues found that is no entity ("experts", "a person who attended")."""
    kind: SourceKind | None = None
    """The source's kind when the text attributes the claim to it (reading cues), else None."""


def suggest_sources(
    text: str, start: int, end: int, entities: Entities, cues: ReadingCues | None = None
) -> list[SourceSuggestion]:
    """Who could be the source of the claim on [start, end) of ``text``.

    First the source the text attributes the claim's words to (the attribution whose content
    holds the claim, from ``cues``), with its kind; then the names in the claim's sentence,
    people and bodies first.  Each name is offered once.
    """
    suggestions: list[SourceSuggestion] = []
    attribution = cues.attribution_of(start, end) if cues is not None else None
    if attribution is not None and attribution.source is not None and attribution.source_text:
        s, e = attribution.source
        label = next((lab for es, ee, lab in entities.entities if es == s and ee == e and lab in SOURCE_LABELS), "")
        suggestions.append(SourceSuggestion(attribution.source_text, label, attribution.source_kind))
    first_start, _ = sentence_bounds(entities.sentences, len(text), start)
    _, last_end = sentence_bounds(entities.sentences, len(text), max(end - 1, start))
    found = entities.entities  # sorted by start, as the recognizer and the cache give them
    first = bisect.bisect_left(found, (first_start, -1, ""))
    names: dict[str, str] = {}
    for s, e, label in found[first:]:
        if s >= last_end:
            break
        if e <= last_end and label in SOURCE_LABELS:
            names.setdefault(" ".join(text[s:e].split()), label)
    taken = {suggestion.name for suggestion in suggestions}
    order = sorted((n for n in names if n not in taken), key=lambda n: (SOURCE_LABELS.index(names[n]), n))
    suggestions.extend(SourceSuggestion(name, names[name]) for name in order)
    return suggestions


class ReaderSession:
    """One window's open article, its claims and its rules (see the module notes)."""

    def __init__(self, workspace: Workspace, *, teacher: bool = False) -> None:
        self.workspace = workspace
        self.teacher = teacher
        self.opened: Opened | None = None
        self.state = FeedbackState.NOT_AN_EXERCISE
        self.permissions = permissions_for(self.state, teacher=teacher, exercise=None)
        self._claims: list[ClaimRecord] = []
        self._orders: list[tuple[int, int, int]] = []
        self._by_id: dict[int, ClaimRecord] = {}
        self._counts: Counter[Tag] = Counter()

    # ------------------------------------------------------------------ opening
    def open(self, opened: Opened) -> Opened:
        """Make ``opened`` the open article, in this session's mode; returns what was opened.

        Teacher mode edits an exercise's answer key; trainee mode the trainee's own claims (a
        key opened in trainee mode is swapped for the trainee's claim set on that exercise).
        """
        exercise = opened.exercise
        if exercise is not None:
            if self.teacher and not opened.is_key:
                opened = self.workspace.open_key(opened)
            elif not self.teacher and (opened.is_key or self.workspace.is_key_set(opened.claim_set_id)):
                opened = self.workspace.open_exercise(exercise.id)
        self.opened = opened
        self._load(self.workspace.claims(opened.claim_set_id))
        self.refresh_state()
        return opened

    def open_article(self, article_id: int) -> Opened:
        return self.open(self.workspace.open_article(article_id))

    def open_exercise(self, exercise_id: int) -> Opened:
        return self.open(self.workspace.open_exercise(exercise_id))

    def open_start(self) -> Opened:
        return self.open(self.workspace.open_start())

    def open_sample(self) -> Opened:
        return self.open(self.workspace.open_sample())

    def practise_again(self) -> Opened | None:
        """A fresh attempt at the open exercise, opened (None when no exercise is open).

        Raises ClassroomError unless :attr:`permissions` allow it (handed in, feedback there).
        """
        opened = self.opened
        if opened is None or opened.exercise is None:
            return None
        practise_again(self.workspace.db, opened.claim_set_id)
        return self.open_exercise(opened.exercise.id)

    def set_teacher(self, on: bool) -> Opened | None:
        """Switch mode; the open article opens again in the new mode (None if none is open)."""
        self.teacher = on
        if self.opened is None:
            self.refresh_state()
            return None
        if self.opened.exercise is not None:
            return self.open_exercise(self.opened.exercise.id)
        return self.open_article(self.opened.article.id)

    def reload(self) -> Opened | None:
        """Read the open claim set again (after an edit was refused because it changed elsewhere)."""
        if self.opened is None:
            return None
        self._load(self.workspace.claims(self.opened.claim_set_id))
        self.refresh_state()
        return self.opened

    def refresh_state(self) -> Permissions:
        """Read the exercise's state again (after submitting, editing again, a key arriving)."""
        opened = self.opened
        exercise = opened.exercise if opened is not None else None
        if opened is not None and exercise is not None:
            self.state = feedback_state(self.workspace.db, opened.claim_set_id)
            # read again: the key may have been released, the settings changed, since it was opened
            exercise = get_exercise(self.workspace.db, exercise.id)
            self.opened = replace(opened, exercise=exercise)
        else:
            self.state = FeedbackState.NOT_AN_EXERCISE
        self.permissions = permissions_for(self.state, teacher=self.teacher, exercise=exercise)
        return self.permissions

    def update_article(self, article: ArticleRecord) -> None:
        """The open article's details were changed (title, outlet ...)."""
        if self.opened is not None and self.opened.article.id == article.id:
            self.opened = self.opened.with_article(article)

    @property
    def article(self) -> ArticleRecord | None:
        return self.opened.article if self.opened is not None else None

    @property
    def exercise(self) -> ExerciseRecord | None:
        return self.opened.exercise if self.opened is not None else None

    @property
    def text(self) -> str:
        return self.opened.article.text if self.opened is not None else ""

    @property
    def trainee_name(self) -> str:
        return self.workspace.trainee_name

    def submitted_at(self) -> datetime | None:
        """When the open claims were handed in (None if they were not)."""
        if self.opened is None or self.opened.exercise is None:
            return None
        return submitted_at(self.workspace.db, self.opened.claim_set_id)

    # ------------------------------------------------------------------ claims
    @property
    def claims(self) -> Sequence[ClaimRecord]:
        """The open claims in text order (start, end, id)."""
        return self._claims

    def claim(self, claim_id: int) -> ClaimRecord | None:
        return self._by_id.get(claim_id)

    def row_of(self, claim_id: int) -> int | None:
        """The claim's place in :attr:`claims` (None if it is not open)."""
        claim = self._by_id.get(claim_id)
        if claim is None:
            return None
        return bisect.bisect_left(self._orders, claim.order)

    def claims_at(self, offset: int) -> list[ClaimRecord]:
        """The claims covering a code-point offset, shortest first."""
        found = [c for c in self._claims[: bisect.bisect_right(self._orders, (offset, 1 << 62, 0))] if offset < c.end]
        return sorted(found, key=lambda c: (c.end - c.start, c.order))

    def tag_counts(self) -> dict[Tag, int]:
        """How many open claims carry each tag (every tag listed, in the tags' order)."""
        return {tag: self._counts[tag] for tag in Tag}

    def _load(self, claims: Sequence[ClaimRecord]) -> None:
        self._claims = sorted(claims, key=lambda c: c.order)
        self._orders = [c.order for c in self._claims]
        self._by_id = {c.id: c for c in self._claims}
        self._counts = Counter(c.tag for c in self._claims)

    def _insert(self, claim: ClaimRecord) -> None:
        row = bisect.bisect_left(self._orders, claim.order)
        self._claims.insert(row, claim)
        self._orders.insert(row, claim.order)
        self._by_id[claim.id] = claim
        self._counts[claim.tag] += 1

    def _remove(self, claim_id: int) -> None:
        claim = self._by_id.pop(claim_id)
        row = bisect.bisect_left(self._orders, claim.order)
        del self._claims[row]
        del self._orders[row]
        self._counts[claim.tag] -= 1

    # ------------------------------------------------------------------ gestures
    def tag(self, start: int, end: int, tag: Tag) -> TagRequest | None:
        """What tagging [start, end) as ``tag`` means: None when the selection holds no word.

        The selection is widened to whole words and trimmed of edge spaces and punctuation; an
        existing claim on exactly those words is retagged (or, with the same tag, only chosen).
        """
        if self.opened is None:
            return None
        snapped = snap_span(self.text, start, end)
        if snapped is None:
            return None
        row = bisect.bisect_left(self._orders, (snapped[0], snapped[1], -1))
        if row < len(self._claims) and (self._claims[row].start, self._claims[row].end) == snapped:
            same = self._claims[row]
            op = ops.UpdateClaim(same.id, tag=tag) if same.tag != tag else None
            return TagRequest(op, same.id)
        return TagRequest(ops.AddClaim(self.opened.claim_set_id, snapped[0], snapped[1], tag))

    def delete_target(self, offset: int, listed: int | None) -> int | None:
        """The claim Delete removes: the one under ``offset`` (the caret, or the selection's start),
        the list's choice if it is among them; with no claim there, the one chosen in the list."""
        hits = [c.id for c in self.claims_at(offset)]
        if listed is not None and (listed in hits or not hits):
            return listed if listed in self._by_id else None
        return hits[0] if hits else None

    def apply(self, op: ops.Operation) -> tuple[ops.Operation, ops.Change]:
        """Commit one edit (its own transaction); returns the inverse and what changed.

        Raises ``ops.LockedEdit`` for submitted work and ``ops.StaleEdit`` when the claim is gone
        (call :meth:`reload` then).
        """
        inverse, change = ops.run(self.workspace.db, op)
        if change.text_changed:  # every claim may have moved: read the article and its claims again
            assert self.opened is not None
            self.opened = self.opened.with_article(self.workspace.article(self.opened.article.id))
            self._load(self.workspace.claims(self.opened.claim_set_id))
            return inverse, change
        for claim in change.removed:
            if claim.id in self._by_id:
                self._remove(claim.id)
        for claim in change.updated:
            if claim.id in self._by_id:
                self._remove(claim.id)
            self._insert(claim)
        for claim in change.added:
            self._insert(claim)
        return inverse, change

    def edit_text(self, text: str) -> ops.EditText | None:
        """The edit that gives the open article ``text`` (normalised as imported text is: ``\\n``
        newlines, no control characters, at most one blank line); None when nothing changes."""
        if self.opened is None:
            return None
        new = normalise(text)
        if new == self.opened.article.text:
            return None
        return ops.EditText(self.opened.article.id, new)

    def describe(self, op: ops.Operation) -> str:
        """What the edit does, for the Edit menu's Undo and Redo."""
        return ops.describe(op, self.text)

    # ------------------------------------------------------------------ entities
    def cached_entities(self, pipeline: Pipeline) -> Entities | None:
        """The open text's entities as ``pipeline`` found them before, if they were kept."""
        if self.opened is None:
            return None
        with self.workspace.db.read() as session:
            payload = repo.cached_entities(
                self.opened.article.text_hash, pipeline.name, pipeline.version, session=session
            )
        return Entities.from_payload(payload) if payload is not None else None

    def store_entities(self, pipeline: Pipeline, text_hash: str, entities: Entities) -> None:
        """Keep what ``pipeline`` found in a text, so it opens with its entities at once next time."""
        with self.workspace.db.write() as session:
            repo.store_entities(text_hash, pipeline.name, pipeline.version, entities.to_payload(), session=session)

    # ------------------------------------------------------------------ reading cues
    def cached_cues(self, finder_name: str, finder_version: str) -> ReadingCues | None:
        """The open text's reading cues as that finder (``CueFinder.cache_name`` and
        ``cache_version``) found them before, if they were kept."""
        if self.opened is None:
            return None
        with self.workspace.db.read() as session:
            payload = repo.cached_entities(self.opened.article.text_hash, finder_name, finder_version, session=session)
        return ReadingCues.from_payload(payload) if payload is not None else None

    def store_cues(self, name: str, version: str, text_hash: str, cues: ReadingCues) -> None:
        """Keep the reading cues found in a text (in the entity cache, under the finder's name and
        version), so the article shows them at once next time."""
        with self.workspace.db.write() as session:
            repo.store_entities(text_hash, name, version, cues.to_payload(), session=session)

    # ------------------------------------------------------------------ what the panels show
    def visible_entities(self, entities: Entities) -> Entities:
        """Trainees see only the entity labels the exercise chose; teachers see them all."""
        exercise = self.exercise
        labels = set(exercise.labels) if exercise is not None and not self.teacher else set()
        if not labels:
            return entities
        kept = [e for e in entities.entities if e[2] in labels]
        return Entities(kept, entities.sentences, entities.explanations)

    def source_suggestions(
        self, claim_id: int, entities: Entities, cues: ReadingCues | None = None
    ) -> list[SourceSuggestion]:
        """Who could be the claim's source: the one the text attributes its words to first
        (from ``cues``, with its kind), then the names in its sentence (:func:`suggest_sources`)."""
        claim = self._by_id.get(claim_id)
        if claim is None:
            return []
        return suggest_sources(self.text, claim.start, claim.end, entities, cues)
