"""The reader session's rules, without Qt: opening in each mode, tagging, edits and what changed,
what a person may do in each exercise state, visible entities, source suggestions, tag counts."""

from __future__ import annotations

import pytest

from claimmark.core import classroom as cr
from claimmark.core.claims import Tag
from claimmark.core.classroom.trainee_feedback import FeedbackState
from claimmark.core.nlp import Entities
from claimmark.core.reader import operations as ops
from claimmark.core.reader.session import Permissions, ReaderSession, SourceSuggestion, permissions_for
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.records import ExerciseRecord

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
TEXT = (
    "Officials said 40,000 people attended the rally 😀, the largest crowd since 1999. "
    "Police put the figure at 25,000, Chief Ana Ruiz told reporters. Organisers promised more."
)


def span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def article_id(db: Database) -> int:
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Crowds")
        assert article.id is not None
        return article.id


@pytest.fixture
def session(db: Database, article_id: int) -> ReaderSession:
    reader = ReaderSession(Workspace(db, "tess"))
    reader.open_article(article_id)
    return reader


def tag(reader: ReaderSession, phrase: str, kind: Tag) -> ops.Change:
    request = reader.tag(*span(phrase), kind)
    assert request is not None and request.op is not None
    return reader.apply(request.op)[1]


def stored(reader: ReaderSession) -> list[tuple[int, int, int, str, str, str]]:
    assert reader.opened is not None
    claims = reader.workspace.claims(reader.opened.claim_set_id)
    return [(c.id, c.start, c.end, c.tag, c.note, c.source) for c in claims]


def shown(reader: ReaderSession) -> list[tuple[int, int, int, str, str, str]]:
    return [(c.id, c.start, c.end, c.tag, c.note, c.source) for c in reader.claims]


# --- tagging ----------------------------------------------------------------------------------


def test_a_selection_is_snapped_to_whole_words_before_it_is_tagged(session: ReaderSession) -> None:
    start, end = span("40,000 people")
    request = session.tag(start + 2, end - 2, E)  # "000 peop": inside two words
    assert request is not None and isinstance(request.op, ops.AddClaim)
    assert (request.op.start, request.op.end, request.op.tag) == (start, end, E)


def test_a_selection_without_a_word_tags_nothing(session: ReaderSession) -> None:
    start, _ = span(", the largest")
    assert session.tag(start, start + 2, C) is None  # ", "


def test_the_same_words_again_retag_the_claim_or_only_choose_it(session: ReaderSession) -> None:
    change = tag(session, "the largest crowd since 1999", U)
    claim_id = change.claim_id
    same = session.tag(*span("the largest crowd since 1999"), U)
    assert same is not None and same.op is None and same.claim_id == claim_id
    other = session.tag(*span(" the largest crowd since 1999."), C)  # space and full stop trimmed: the same words
    assert other is not None and other.op == ops.UpdateClaim(claim_id, tag=C) and other.claim_id == claim_id


def test_an_edit_returns_what_changed_and_the_session_follows_without_reloading(session: ReaderSession) -> None:
    added = tag(session, "Police put the figure at 25,000", C)
    assert [c.tag for c in added.added] == [C] and not added.updated and not added.removed
    claim_id = added.claim_id
    tag(session, "40,000 people attended the rally", E)
    assert [TEXT[c.start : c.end] for c in session.claims] == [
        "40,000 people attended the rally",
        "Police put the figure at 25,000",
    ]
    inverse, updated = session.apply(ops.UpdateClaim(claim_id, note="on the record", source="police"))
    assert [(c.id, c.note, c.source) for c in updated.updated] == [(claim_id, "on the record", "police")]
    assert shown(session) == stored(session)
    _, undone = session.apply(inverse)
    assert [(c.note, c.source) for c in undone.updated] == [("", "")]
    _, removed = session.apply(ops.DeleteClaim(claim_id))
    assert [c.id for c in removed.removed] == [claim_id]
    assert shown(session) == stored(session)
    assert session.claim(claim_id) is None and session.row_of(claim_id) is None


def test_undo_of_every_edit_brings_back_the_claims_as_they_were(session: ReaderSession) -> None:
    tag(session, "Organisers promised more", U)
    before = shown(session)
    request = session.tag(*span("Officials said 40,000 people"), E)
    assert request is not None and request.op is not None
    steps = [request.op]
    for _ in range(4):  # add, then undo, redo, undo: each inverse in turn
        steps.append(session.apply(steps[-1])[0])
    assert shown(session) == before == stored(session)


def test_tag_counts_follow_every_edit(session: ReaderSession) -> None:
    assert session.tag_counts() == {C: 0, E: 0, U: 0}
    first = tag(session, "40,000 people attended the rally", E).claim_id
    tag(session, "Police put the figure at 25,000", C)
    session.apply(ops.UpdateClaim(first, tag=U))
    assert session.tag_counts() == {C: 1, E: 0, U: 1}
    session.apply(ops.DeleteClaim(first))
    assert session.tag_counts() == {C: 1, E: 0, U: 0}


def test_claims_are_found_at_an_offset_shortest_first(session: ReaderSession) -> None:
    long_claim = tag(session, "Officials said 40,000 people attended the rally", U).claim_id
    short_claim = tag(session, "40,000 people", E).claim_id
    inside = TEXT.index("000 people")
    assert [c.id for c in session.claims_at(inside)] == [short_claim, long_claim]
    assert [c.id for c in session.claims_at(TEXT.index("said"))] == [long_claim]
    assert session.claims_at(TEXT.index("Police")) == []


def test_delete_takes_the_claim_under_the_caret_else_the_one_chosen_in_the_list(session: ReaderSession) -> None:
    long_claim = tag(session, "Officials said 40,000 people attended the rally", U).claim_id
    short_claim = tag(session, "40,000 people", E).claim_id
    police = tag(session, "Police put the figure at 25,000", C).claim_id
    inside = TEXT.index("000 people")
    assert session.delete_target(inside, listed=None) == short_claim  # the shortest under the caret
    assert session.delete_target(inside, listed=long_claim) == long_claim  # the list's, as it is there too
    assert session.delete_target(inside, listed=police) == short_claim  # the list's is elsewhere
    assert session.delete_target(TEXT.index("Organisers"), listed=police) == police  # no claim at the caret
    assert session.delete_target(TEXT.index("Organisers"), listed=None) is None


def test_an_edit_of_a_claim_deleted_elsewhere_is_refused_and_reload_catches_up(db, session: ReaderSession) -> None:
    claim_id = tag(session, "Police put the figure at 25,000", C).claim_id
    ops.run(db, ops.DeleteClaim(claim_id))  # another window
    with pytest.raises(ops.StaleEdit, match="no longer exists"):
        session.apply(ops.UpdateClaim(claim_id, tag=E))
    session.reload()
    assert session.claims == [] and session.tag_counts()[C] == 0


# --- modes and permissions --------------------------------------------------------------------


@pytest.fixture
def exercise_id(db: Database, article_id: int) -> int:
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Counting crowds", labels=("CARDINAL",)))
    assert exercise.id is not None
    return exercise.id


def test_teacher_mode_opens_the_answer_key_and_trainee_mode_never_does(db, exercise_id: int) -> None:
    teacher = ReaderSession(Workspace(db, "teacher"), teacher=True)
    opened = teacher.open_exercise(exercise_id)
    assert opened.is_key and teacher.workspace.is_key_set(opened.claim_set_id)
    tag(teacher, "Police put the figure at 25,000", C)

    trainee = ReaderSession(Workspace(db, "tess"))
    mine = trainee.open(opened)  # handed the key's Opened: opens the trainee's own claims instead
    assert not mine.is_key and not trainee.workspace.is_key_set(mine.claim_set_id)
    assert trainee.claims == []

    back = teacher.set_teacher(False)  # the same window, switched to trainee mode
    assert back is not None and not back.is_key and back.exercise is not None and back.exercise.id == exercise_id


def test_what_a_trainee_may_do_follows_the_exercise_from_tagging_to_feedback(db, exercise_id: int) -> None:
    teacher = ReaderSession(Workspace(db, "teacher"), teacher=True)
    teacher.open_exercise(exercise_id)
    tag(teacher, "Police put the figure at 25,000", C)  # the answer key
    trainee = ReaderSession(Workspace(db, "tess"))
    opened = trainee.open_exercise(exercise_id)
    assert trainee.state is FeedbackState.NOT_SUBMITTED
    assert trainee.permissions.tag and trainee.permissions.submit and not trainee.permissions.feedback
    tag(trainee, "40,000 people attended the rally", E)

    cr.submit(db, opened.claim_set_id, None)
    assert trainee.refresh_state() == Permissions(
        tag=False, submit=True, submit_again=True, edit_again=True, feedback=False, trainee_actions=True
    )
    assert trainee.submitted_at() is not None
    request = trainee.tag(*span("Organisers promised more"), U)
    assert request is not None and request.op is not None
    with pytest.raises(ops.LockedEdit, match="Edit again"):
        trainee.apply(request.op)

    cr.release_key(db, exercise_id)  # the key is out: feedback, and the claims are final
    assert trainee.refresh_state().feedback and not trainee.permissions.edit_again
    assert trainee.state is FeedbackState.READY and trainee.permissions.key_released


@pytest.mark.parametrize(
    ("state", "tagging", "submit", "again", "feedback"),
    [
        (FeedbackState.NOT_AN_EXERCISE, True, False, False, False),
        (FeedbackState.NOT_SUBMITTED, True, True, False, False),
        (FeedbackState.NO_KEY, False, True, True, False),
        (FeedbackState.READY, False, False, False, True),
    ],
)
def test_trainee_permissions_by_state(state, tagging, submit, again, feedback) -> None:
    rules = permissions_for(state, teacher=False, exercise=None)
    assert (rules.tag, rules.submit, rules.edit_again, rules.feedback) == (tagging, submit, again, feedback)
    assert rules.trainee_actions and not rules.teacher_actions and not rules.exercise_actions


def test_a_teacher_always_tags_and_has_the_exercise_actions_only_on_an_exercise() -> None:
    exercise = ExerciseRecord(id=1, uid="u", article_id=1, key_released=True)
    for state in FeedbackState:
        on_exercise = permissions_for(state, teacher=True, exercise=exercise)
        assert on_exercise.tag and on_exercise.teacher_actions and on_exercise.exercise_actions
        assert not (on_exercise.submit or on_exercise.feedback or on_exercise.trainee_actions)
        assert on_exercise.key_released
        assert not permissions_for(state, teacher=True, exercise=None).exercise_actions


# --- what the panels show ---------------------------------------------------------------------

ENTITIES = Entities(
    entities=[
        (TEXT.index("40,000"), TEXT.index("40,000") + 6, "CARDINAL"),
        (TEXT.index("1999"), TEXT.index("1999") + 4, "DATE"),
        (TEXT.index("Police"), TEXT.index("Police") + 6, "ORG"),
        (TEXT.index("25,000"), TEXT.index("25,000") + 6, "CARDINAL"),
        (TEXT.index("Ana Ruiz"), TEXT.index("Ana Ruiz") + 8, "PERSON"),
    ],
    sentences=[0, TEXT.index("Police"), TEXT.index("Organisers")],
)


def test_trainees_see_the_labels_the_exercise_chose_and_teachers_see_all(db, exercise_id: int) -> None:
    trainee = ReaderSession(Workspace(db, "tess"))
    trainee.open_exercise(exercise_id)
    assert {label for _, _, label in trainee.visible_entities(ENTITIES).entities} == {"CARDINAL"}
    teacher = ReaderSession(Workspace(db, "teacher"), teacher=True)
    teacher.open_exercise(exercise_id)
    assert teacher.visible_entities(ENTITIES) is ENTITIES


def test_sources_suggested_are_the_names_of_the_claims_sentence_people_first(session: ReaderSession) -> None:
    claim_id = tag(session, "Police put the figure at 25,000", C).claim_id
    assert session.source_suggestions(claim_id, ENTITIES) == [
        SourceSuggestion("Ana Ruiz", "PERSON"),
        SourceSuggestion("Police", "ORG"),
    ]
    first = tag(session, "40,000 people attended the rally", E).claim_id
    assert session.source_suggestions(first, ENTITIES) == []  # no person or body in that sentence


# --- changing the text ------------------------------------------------------------------------


def test_editing_the_text_carries_every_claim_to_its_words_and_undo_puts_all_back(db, session) -> None:
    police = tag(session, "Police put the figure at 25,000", C).claim_id
    rally = tag(session, "the largest crowd since 1999", U).claim_id
    organisers = tag(session, "Organisers promised more", E).claim_id
    before = [(c.id, TEXT[c.start : c.end], c.tag) for c in session.claims]

    new_text = "RIVERTOWN\n\n" + TEXT.replace(" Organisers promised more.", "").replace("Police put", "Police then put")
    edit = session.edit_text(new_text + "\r\n")  # typed text is normalised as imported text is
    assert edit is not None and edit.text == new_text
    inverse, change = session.apply(edit)
    assert change.text_changed and session.text == new_text
    after = {c.id: session.text[c.start : c.end] for c in session.claims}
    assert after == {police: "Police then put the figure at 25,000", rally: "the largest crowd since 1999"}
    assert [c.id for c in change.removed] == [organisers]  # its words are gone, so is it
    assert session.workspace.claims(session.opened.claim_set_id) == list(session.claims)

    _, undone = session.apply(inverse)
    assert session.text == TEXT and [(c.id, TEXT[c.start : c.end], c.tag) for c in session.claims] == before
    assert [c.id for c in undone.added] == [organisers]
    assert session.edit_text(TEXT) is None  # nothing to change


def test_the_text_as_it_came_in_is_kept_and_lists_the_edit(db, session) -> None:
    from claimmark.core.library import applied_repairs

    edit = session.edit_text(TEXT.replace("rally 😀,", "rally,"))
    assert edit is not None
    session.apply(edit)
    assert session.article is not None and session.article.original_text == TEXT
    (change,) = applied_repairs(session.article.original_text, session.article.text)
    assert (change.was, change.becomes) == (" 😀", "")


def test_the_text_of_an_exercise_with_submissions_cannot_change(db, exercise_id: int) -> None:
    teacher = ReaderSession(Workspace(db, "teacher"), teacher=True)
    teacher.open_exercise(exercise_id)
    key_claim = tag(teacher, "Police put the figure at 25,000", C).claim_id
    edit = teacher.edit_text(TEXT.replace("Tuesday", "Wednesday").replace("Officials", "Two officials"))
    assert edit is not None
    teacher.apply(edit)  # no submission yet: the key follows its words
    assert teacher.text[teacher.claim(key_claim).start :].startswith("Police put the figure")

    trainee = ReaderSession(Workspace(db, "tess"))
    opened = trainee.open_exercise(exercise_id)
    assert not trainee.permissions.edit_text  # a trainee never changes an exercise's text
    tag(trainee, "Organisers promised more", U)
    cr.submit(db, opened.claim_set_id, None)
    again = teacher.edit_text(teacher.text + " More.")
    assert again is not None
    with pytest.raises(ops.TextLocked, match="already has submissions"):
        teacher.apply(again)
