"""Classroom operations on a real database (SQLite and PostgreSQL): author a key, hand out, submit,
import, feedback and the debrief; bad files change nothing; the schema migration keeps data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import (
    ArticleData,
    ExchangeError,
    ExerciseFile,
    KeyFile,
    SubmissionFile,
    dump_exercise,
    dump_key,
    read_exchange_file,
    write_submission,
)
from claimmark.core.classroom.report import score_files
from claimmark.core.classroom.sample import ensure_sample, load_sample, load_sample_key
from claimmark.core.classroom.scoring import score
from claimmark.core.errors import UserError
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Claim, Exercise
from tests.helpers import row_counts

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
TEXT = (
    "Officials said 40,000 people attended the rally 😀, the largest crowd since 1999. "
    "Police put the figure at 25,000. Organisers promised a bigger march next year."
)
OTHER_TEXT = "A different article entirely. Nobody counted anything here."


def at(phrase: str, tag: Tag, note: str = "", text_: str = TEXT) -> ClaimSpan:
    start = text_.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag, note)


KEY = [
    at("40,000 people attended the rally", E, "A crowd count given by one side is an estimate."),
    at("the largest crowd since 1999", U, "No record is cited."),
    at("Police put the figure at 25,000", C, "The police statement is on the record."),
]


def add(db: Database, claim_set_id: int, claims: list[ClaimSpan]) -> None:
    for c in claims:
        ops.run(db, ops.AddClaim(claim_set_id, c.start, c.end, c.tag, c.note, c.source))


@pytest.fixture
def teacher(db: Database) -> tuple[Database, int]:
    """A teacher's database with an exercise and its key; returns (db, exercise id)."""
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Crowds at the square", outlet="Daily Example")
        article_id = article.id
    assert article_id is not None
    exercise = cr.make_exercise(
        db, article_id, cr.ExerciseSettings("Counting crowds", "Tag every number.", ("cardinal", "DATE"))
    )
    assert exercise.id is not None
    add(db, cr.key_claim_set_id(db, exercise.id), KEY)
    return db, exercise.id


@pytest.fixture
def trainee_db(tmp_path: Path):
    database = open_database(tmp_path / "trainee.sqlite3")
    yield database
    database.close()


def hand_out(teacher: tuple[Database, int], tmp_path: Path) -> Path:
    db, exercise_id = teacher
    path = tmp_path / cr.suggested_file_name("Counting crowds", "exercise")
    cr.export_exercise(db, exercise_id, path)
    return path


def work(trainee_db: Database, exercise_path: Path, name: str, claims: list[ClaimSpan]):
    """A trainee opens the exercise file on their own database and tags ``claims``."""
    workspace = Workspace(trainee_db, name)
    exercise = cr.open_exercise_file(trainee_db, exercise_path)
    assert exercise.id is not None
    opened = workspace.open_exercise(exercise.id)
    add(trainee_db, opened.claim_set_id, claims)
    return workspace, opened


# --- the whole round: author, hand out, work, submit, import, feedback ----------------------


def test_a_class_round_from_authoring_to_feedback(teacher, trainee_db: Database, tmp_path: Path) -> None:
    db, exercise_id = teacher
    assert [(c.start, c.end, c.tag) for c in cr.key_claims(db, exercise_id)] == [(c.start, c.end, c.tag) for c in KEY]

    # the exercise file never carries the key
    exercise_path = hand_out(teacher, tmp_path)
    raw = json.loads(exercise_path.read_text(encoding="utf-8"))
    assert raw["format"] == "claimmark-exercise" and "claims" not in raw
    assert not any(c.note in exercise_path.read_text(encoding="utf-8") for c in KEY)
    assert raw["entity_labels"] == ["CARDINAL", "DATE"]

    # a trainee on another database opens it and annotates
    mine = [at("40,000 people attended", C), at("Police put the figure at 25,000", C), at("Organisers promised", U)]
    _, opened = work(trainee_db, exercise_path, "Ana Lima", mine)
    assert opened.exercise is not None and opened.exercise.title == "Counting crowds"
    assert opened.article.text == TEXT and opened.exercise.labels == ("CARDINAL", "DATE")
    assert cr.feedback_state(trainee_db, opened.claim_set_id) is cr.FeedbackState.NOT_SUBMITTED

    # submit: a file and submitted_at; no key yet, so no feedback
    sub_path = tmp_path / "ana.submission.json"
    submission = cr.submit(trainee_db, opened.claim_set_id, sub_path)
    assert cr.submitted_at(trainee_db, opened.claim_set_id) == submission.submitted_at
    on_file = read_exchange_file(sub_path, expect=SubmissionFile)
    assert on_file.trainee == "Ana Lima" and len(on_file.claims) == 3
    assert cr.feedback_state(trainee_db, opened.claim_set_id) is cr.FeedbackState.NO_KEY
    with pytest.raises(cr.ClassroomError):
        cr.feedback(trainee_db, opened.claim_set_id)

    # the teacher imports it; importing it again is a duplicate that changes nothing
    [first] = cr.import_submissions(db, [sub_path])
    assert first.status is cr.ImportStatus.IMPORTED and first.ok and first.trainee == "Ana Lima"
    before = row_counts(db)
    [again] = cr.import_submissions(db, [sub_path])
    assert again.status is cr.ImportStatus.DUPLICATE and "already imported" in again.message
    assert row_counts(db) == before

    debrief = cr.debrief(db, exercise_id)
    [row] = debrief.rows
    assert row.trainee == "Ana Lima" and row.submitted_at == submission.submitted_at
    assert row.score == score(TEXT, KEY, mine)

    # the teacher hands out the key: the trainee now gets feedback, and the submission is final
    key_path = tmp_path / "crowds.key.json"
    cr.export_key(db, exercise_id, key_path)
    cr.import_key(trainee_db, key_path)
    assert cr.feedback_state(trainee_db, opened.claim_set_id) is cr.FeedbackState.READY
    fb = cr.feedback(trainee_db, opened.claim_set_id)
    expected = score(TEXT, KEY, mine)
    assert fb.score == expected
    assert fb.count(cr.Mark.FOUND) == expected.found == 2
    assert fb.count(cr.Mark.MISSED) == expected.key_claims - expected.found == 1
    assert fb.count(cr.Mark.EXTRA) == expected.extra == 1
    found = [i for i in fb.items if i.mark is cr.Mark.FOUND]
    assert [i.tag_right for i in found] == [False, True]
    assert found[0].explanation == KEY[0].note
    assert [i.start for i in fb.items] == sorted(i.start for i in fb.items)
    with pytest.raises(cr.ClassroomError, match="final"):
        cr.reopen(trainee_db, opened.claim_set_id)


def test_reopen_before_the_key_lets_a_trainee_submit_again(teacher, trainee_db, tmp_path) -> None:
    _, opened = work(trainee_db, hand_out(teacher, tmp_path), "ben", [at("Organisers promised", U)])
    first = cr.submit(trainee_db, opened.claim_set_id, tmp_path / "1.json")
    # submitting again without reopening hands in the same thing
    assert cr.submit(trainee_db, opened.claim_set_id, tmp_path / "2.json") == first
    cr.reopen(trainee_db, opened.claim_set_id)
    assert cr.submitted_at(trainee_db, opened.claim_set_id) is None
    add(trainee_db, opened.claim_set_id, [at("Police put the figure at 25,000", C)])
    second = cr.submit(trainee_db, opened.claim_set_id, tmp_path / "3.json")
    assert second.submitted_at > first.submitted_at and len(second.claims) == 2


def test_submitting_needs_a_trainee_claim_set_of_an_exercise(teacher, trainee_db) -> None:
    db, exercise_id = teacher
    with pytest.raises(cr.ClassroomError, match="answer key"):
        cr.submit(db, cr.key_claim_set_id(db, exercise_id), None)
    workspace = Workspace(trainee_db, "cleo")
    with trainee_db.write() as session:
        article_id = repo.add_article(OTHER_TEXT, session=session).id
    assert article_id is not None
    opened = workspace.open_article(article_id)
    with pytest.raises(cr.ClassroomError, match="not an exercise"):
        cr.submit(trainee_db, opened.claim_set_id, None)
    assert cr.feedback_state(trainee_db, opened.claim_set_id) is cr.FeedbackState.NOT_AN_EXERCISE


def test_a_submission_that_cannot_fail_to_write_leaves_nothing_marked(teacher, trainee_db, tmp_path) -> None:
    _, opened = work(trainee_db, hand_out(teacher, tmp_path), "dan", [at("Organisers promised", U)])
    with pytest.raises(cr.ClassroomError, match="could not write"):
        cr.submit(trainee_db, opened.claim_set_id, tmp_path / "no such folder" / "sub.json")
    assert cr.submitted_at(trainee_db, opened.claim_set_id) is None


# --- bad input: a clear message, and the database as it was ---------------------------------


def test_wrong_article_submissions_are_refused_and_change_nothing(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    handout = cr.exercise_file(db, exercise_id)
    other = ExerciseFile("7a1c5a52-0d6e-4bb6-9f1e-1d2c3b4a5f60", "Other", handout.article)
    moment = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    for_other_exercise = tmp_path / "other-exercise.json"
    write_submission(for_other_exercise, SubmissionFile.for_exercise(other, "eve", [at("Officials said", C)], moment))
    changed_text = tmp_path / "changed-text.json"
    edited = SubmissionFile(handout.exercise_uid, "0" * 64, "eve", moment, (at("Officials said", C),))
    write_submission(changed_text, edited)
    beyond = tmp_path / "beyond.json"
    write_submission(beyond, SubmissionFile.for_exercise(handout, "eve", [ClaimSpan(5, len(TEXT) + 40, C)], moment))

    before = row_counts(db)
    results = cr.import_submissions(db, [for_other_exercise, changed_text, beyond])
    assert [r.status for r in results] == [cr.ImportStatus.REFUSED] * 3
    assert "not in this database" in results[0].message
    assert "different text" in results[1].message
    assert "outside the article text" in results[2].message
    assert all(r.message.startswith(r.path.name) for r in results)
    assert row_counts(db) == before and cr.debrief(db, exercise_id).rows == ()


def test_damaged_and_wrong_kind_files_get_clear_messages(teacher, trainee_db, tmp_path: Path) -> None:
    db, exercise_id = teacher
    exercise_path = hand_out(teacher, tmp_path)
    key_path = tmp_path / "key.json"
    cr.export_key(db, exercise_id, key_path)
    good = exercise_path.read_text(encoding="utf-8")

    truncated = tmp_path / "truncated.json"
    truncated.write_text(good[: len(good) // 2], encoding="utf-8")
    hand_edited = tmp_path / "hand-edited.json"
    hand_edited.write_text(good.replace("Police put", "Police set"), encoding="utf-8")
    newer = tmp_path / "newer.json"
    newer.write_text(good.replace('"version": 2', '"version": 3'), encoding="utf-8")

    trainee_before = row_counts(trainee_db)
    for path, message in [
        (truncated, "truncated"),
        (hand_edited, "text_hash does not match"),
        (newer, "newer ClaimMark"),
        (key_path, "this is an answer key, not an exercise"),
    ]:
        with pytest.raises((ExchangeError, cr.ClassroomError), match=message) as caught:
            cr.open_exercise_file(trainee_db, path)
        assert str(caught.value).startswith(path.name)
        assert row_counts(trainee_db) == trainee_before

    # files of the wrong kind where a submission is expected
    teacher_before = row_counts(db)
    results = cr.import_submissions(db, [exercise_path, key_path, truncated])
    assert [r.status for r in results] == [cr.ImportStatus.REFUSED] * 3
    assert "this is an exercise, not a submission" in results[0].message
    assert "this is an answer key, not a submission" in results[1].message
    assert row_counts(db) == teacher_before

    # a submission opened as an exercise, an exercise imported as a key
    sub = tmp_path / "sub.json"
    handout = cr.exercise_file(db, exercise_id)
    write_submission(sub, SubmissionFile.for_exercise(handout, "fay", []))
    with pytest.raises(cr.ClassroomError, match="this is a submission"):
        cr.open_exercise_file(trainee_db, sub)
    with pytest.raises(cr.ClassroomError, match="not an answer key"):
        cr.import_key(trainee_db, exercise_path)
    # a key for an exercise this database has never seen
    with pytest.raises(cr.ClassroomError, match="open its exercise file first"):
        cr.import_key(trainee_db, key_path)
    assert row_counts(trainee_db) == trainee_before


def test_an_exercise_uid_with_another_text_is_refused(teacher, trainee_db, tmp_path: Path) -> None:
    db, exercise_id = teacher
    exercise_path = hand_out(teacher, tmp_path)
    cr.open_exercise_file(trainee_db, exercise_path)
    handout = cr.exercise_file(db, exercise_id)
    changed = ExerciseFile(handout.exercise_uid, handout.title, ArticleData(text=OTHER_TEXT))
    changed_path = tmp_path / "changed.json"
    changed_path.write_bytes(dump_exercise(changed))
    before = row_counts(trainee_db)
    with pytest.raises(cr.ClassroomError, match="different article text"):
        cr.open_exercise_file(trainee_db, changed_path)
    assert row_counts(trainee_db) == before
    # opening the same file twice finds the same exercise
    assert cr.open_exercise_file(trainee_db, exercise_path).id == cr.open_exercise_file(trainee_db, exercise_path).id
    assert row_counts(trainee_db) == before


def test_later_submission_replaces_an_earlier_one_never_the_reverse(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    handout = cr.exercise_file(db, exercise_id)
    t0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    early, late = tmp_path / "early.json", tmp_path / "late.json"
    write_submission(early, SubmissionFile.for_exercise(handout, "Gus Grey", [at("Officials said", C)], t0))
    write_submission(
        late,
        SubmissionFile.for_exercise(handout, "gus  grey", [at("Police put the figure", C)], t0 + timedelta(hours=1)),
    )
    results = cr.import_submissions(db, [late, early])
    assert [r.status for r in results] == [cr.ImportStatus.IMPORTED, cr.ImportStatus.REFUSED]
    assert "later submission" in results[1].message
    # the other order: the later one replaces the earlier
    db2 = open_database(tmp_path / "second.sqlite3")
    try:
        exercise = cr.open_exercise_file(db2, hand_out(teacher, tmp_path))
        results = cr.import_submissions(db2, [early, late])
        assert [r.status for r in results] == [cr.ImportStatus.IMPORTED, cr.ImportStatus.REPLACED]
        assert exercise.id is not None
        [row] = cr.debrief(db2, exercise.id).rows
        assert row.trainee == "Gus Grey" and [c.start for c in row.matching.trainee] == [TEXT.index("Police")]
    finally:
        db2.close()


def test_unsubmitted_work_of_the_same_name_is_never_overwritten(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    workspace = Workspace(db, "hal")
    opened = workspace.open_exercise(exercise_id)
    add(db, opened.claim_set_id, [at("Organisers promised", U)])
    sub = tmp_path / "hal.json"
    write_submission(sub, SubmissionFile.for_exercise(cr.exercise_file(db, exercise_id), "hal", []))
    before = row_counts(db)
    [result] = cr.import_submissions(db, [sub])
    assert result.status is cr.ImportStatus.REFUSED and "never submitted" in result.message
    assert row_counts(db) == before


def test_importing_a_different_key_asks_before_replacing(teacher, trainee_db, tmp_path: Path) -> None:
    db, exercise_id = teacher
    exercise = cr.open_exercise_file(trainee_db, hand_out(teacher, tmp_path))
    key_path = tmp_path / "key.json"
    cr.export_key(db, exercise_id, key_path)
    cr.import_key(trainee_db, key_path)
    cr.import_key(trainee_db, key_path)  # the same key again is fine
    ops.run(db, ops.DeleteClaim(repo_first_key_claim(db, exercise_id)))
    cr.export_key(db, exercise_id, key_path)
    with pytest.raises(cr.KeyConflict, match="different answer key"):
        cr.import_key(trainee_db, key_path)
    assert exercise.id is not None and len(cr.key_claims(trainee_db, exercise.id)) == 3
    cr.import_key(trainee_db, key_path, replace=True)
    assert len(cr.key_claims(trainee_db, exercise.id)) == 2


def repo_first_key_claim(db: Database, exercise_id: int) -> int:
    with db.read() as session:
        claim_id = repo.list_claims(cr.key_claim_set_id(db, exercise_id), session=session)[0].id
    assert claim_id is not None
    return claim_id


# --- a shared database: release instead of files ----------------------------------------------


def test_on_a_shared_database_the_teacher_releases_the_key(teacher) -> None:
    db, exercise_id = teacher
    ivy = Workspace(db, "ivy")
    opened = ivy.open_exercise(exercise_id)
    add(db, opened.claim_set_id, [at("the largest crowd since 1999", U)])
    cr.submit(db, opened.claim_set_id, None)
    assert cr.feedback_state(db, opened.claim_set_id) is cr.FeedbackState.NO_KEY
    assert cr.feedback(db, opened.claim_set_id, teacher=True).score.found == 1  # the teacher may look
    # the debrief reads submitted claim sets directly; unsubmitted work is not in it
    Workspace(db, "jo").open_exercise(exercise_id)
    assert [r.trainee for r in cr.debrief(db, exercise_id).rows] == ["ivy"]
    cr.release_key(db, exercise_id)
    assert cr.key_available(db, exercise_id)
    assert cr.feedback(db, opened.claim_set_id).score.tags_right == 1
    assert cr.feedback_state(db, cr.key_claim_set_id(db, exercise_id)) is cr.FeedbackState.KEY_SET


def test_the_sample_ships_with_its_key_so_a_learner_alone_gets_feedback(db: Database) -> None:
    article_id = ensure_sample(db)
    with db.read() as session:
        exercise = repo.sample_exercise(session=session)
    assert exercise is not None and exercise.id is not None and exercise.key_released
    key = load_sample_key()
    assert cr.key_claims(db, exercise.id) == list(key.claims) and len(key.claims) == 13
    assert ensure_sample(db) == article_id  # idempotent: the key is not loaded twice
    assert len(cr.key_claims(db, exercise.id)) == 13

    workspace = Workspace(db, "kai")
    opened = workspace.open_sample()
    words = "about 600 are believed to have been killed"
    start = opened.article.text.index(words)
    add(db, opened.claim_set_id, [ClaimSpan(start, start + len(words), E)])
    cr.submit(db, opened.claim_set_id, None)
    fb = cr.feedback(db, opened.claim_set_id)
    assert fb.score.found == 1 and fb.score.tags_right == 1 and fb.count(cr.Mark.MISSED) == 12


def test_an_upgraded_database_gets_the_sample_key_once(db: Database) -> None:
    ensure_sample(db)
    with db.write() as session:  # as a database made before keys were bundled looked
        exercise = repo.sample_exercise(session=session)
        assert exercise is not None and exercise.id is not None
        key_set = repo.get_claim_set(
            exercise.article_id, session=session, trainee_id=None, exercise_id=exercise.id, role="key", create=False
        )
        assert key_set is not None
        session.delete(key_set)
        exercise.key_released = False
        session.add(exercise)
    ensure_sample(db)
    assert len(cr.key_claims(db, exercise.id)) == 13 and cr.key_available(db, exercise.id)


# --- every file format round-trips through the database ---------------------------------------


def test_every_file_format_round_trips_through_a_database(teacher, trainee_db, tmp_path: Path) -> None:
    db, exercise_id = teacher
    exercise_path = hand_out(teacher, tmp_path)
    exercise = cr.open_exercise_file(trainee_db, exercise_path)
    assert exercise.id is not None
    assert cr.exercise_file(trainee_db, exercise.id) == read_exchange_file(exercise_path)

    key_path = tmp_path / "key.json"
    cr.export_key(db, exercise_id, key_path)
    cr.import_key(trainee_db, key_path)
    assert cr.key_file(trainee_db, exercise.id) == read_exchange_file(key_path)

    claims = [ClaimSpan(c.start, c.end, c.tag, f"why {i}", f"source {i}") for i, c in enumerate(KEY)]
    _, opened = work(trainee_db, exercise_path, "Lu Ñandú", claims)
    sub_path = tmp_path / "sub.json"
    submitted = cr.submit(trainee_db, opened.claim_set_id, sub_path)
    cr.import_submissions(db, [sub_path])
    out = tmp_path / "out"
    out.mkdir()
    [written] = cr.export_submissions(db, exercise_id, out)
    assert read_exchange_file(written) == submitted == read_exchange_file(sub_path)


# --- the debrief gives the numbers claimmark score gives ---------------------------------------


def test_debrief_agrees_with_claimmark_score(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    handout = cr.exercise_file(db, exercise_id)
    t0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    class_work = {
        "Ana": [at("40,000 people attended the rally", E), at("Police put the figure at 25,000", E)],
        "Ben": [at("40,000 people", C), at("the largest crowd since 1999", U), at("Organisers promised", U)],
        "Cleo": [at("Officials said 40,000 people attended the rally", E), at("the largest crowd", U)],
        "Dan": [],
    }
    paths = []
    for i, (name, claims) in enumerate(class_work.items()):
        path = tmp_path / f"{name}.json"
        write_submission(path, SubmissionFile.for_exercise(handout, name, claims, t0 + timedelta(minutes=i)))
        paths.append(path)
    assert all(r.ok for r in cr.import_submissions(db, paths))
    key_path = tmp_path / "key.json"
    cr.export_key(db, exercise_id, key_path)

    window = cr.debrief(db, exercise_id)
    cli = score_files(key_path, paths)
    assert [(r.trainee, r.score) for r in window.rows] == [(r.trainee, r.score) for r in cli.results]
    assert window.agreement == cli.agreement
    assert window.confusion == cli.confusion
    assert window.answers == cli.answers
    assert window.agreement.alpha.value is not None and window.agreement.kappa.value is not None


def test_heat_spans_count_trainees_per_word() -> None:
    text = "one two three four five"
    spans = cr.heat_spans(
        text,
        [
            [ClaimSpan(0, 7, C)],  # one two
            [ClaimSpan(4, 13, E)],  # two three
            [],
        ],
    )
    assert [(text[s.start : s.end], s.tagged, dict(s.tags)) for s in spans] == [
        ("one", 1, {C: 1}),
        ("two", 2, {C: 1, E: 1}),
        ("three", 1, {E: 1}),
    ]
    assert spans[1].top_tag is C


def test_file_names_and_sniffing(tmp_path: Path) -> None:
    assert cr.suggested_file_name("Counting crowds!", "exercise") == "counting-crowds.exercise.json"
    assert cr.suggested_file_name("Crowds", "submission", "Ana Lima") == "crowds.ana-lima.submission.json"
    assert cr.suggested_file_name("", "key") == "exercise.key.json"
    ours = tmp_path / "x.json"
    ours.write_text('{\n  "format": "claimmark-submission", "version": 1, "exer', encoding="utf-8")
    theirs = tmp_path / "article.txt"
    theirs.write_text("Officials said...", encoding="utf-8")
    assert cr.is_classroom_file(ours) and not cr.is_classroom_file(theirs)
    assert not cr.is_classroom_file(tmp_path / "missing.json")


def test_exercise_settings_are_checked(teacher) -> None:
    db, exercise_id = teacher
    with pytest.raises(cr.ClassroomError, match="title"):
        cr.update_exercise(db, exercise_id, cr.ExerciseSettings("  "))
    with pytest.raises(cr.ClassroomError, match="not an entity label"):
        cr.update_exercise(db, exercise_id, cr.ExerciseSettings("t", labels=("PERSON; DROP",)))
    updated = cr.update_exercise(db, exercise_id, cr.ExerciseSettings(" New ", "Do it.", ()))
    assert (updated.title, updated.instructions, updated.labels) == ("New", "Do it.", ())


def test_refusals_read_as_before_and_keep_their_values_apart(teacher, trainee_db, tmp_path: Path) -> None:
    """Each refusal is a UserError: an English template and the values that fill it."""
    db, exercise_id = teacher
    with pytest.raises(cr.ClassroomError) as info:
        cr.update_exercise(
            db, exercise_id, cr.ExerciseSettings("t", labels=tuple(f"LABEL_{'X' * i}" for i in range(40)))
        )
    assert str(info.value) == "too many entity labels chosen"
    with pytest.raises(cr.ClassroomError) as info:
        cr.get_exercise(db, 9999)
    assert str(info.value) == "exercise 9999 is no longer in this database"
    assert (info.value.template, info.value.params) == (
        "exercise {exercise} is no longer in this database",
        {"exercise": 9999},
    )
    assert isinstance(info.value, UserError)
    with pytest.raises(cr.ClassroomError) as info:
        cr.make_exercise(db, 9999, cr.ExerciseSettings("t"))
    assert str(info.value) == "article 9999 is no longer in the library"
    with pytest.raises(cr.ClassroomError) as info:
        cr.submit(db, 9999, None)
    assert str(info.value) == "these claims are no longer in the database"

    # a key for an exercise this database does not have, with no title to name it by
    key = KeyFile.for_exercise(
        ExerciseFile(exercise_uid="11111111-2222-4333-8444-555555555555", title="", article=ArticleData(text=TEXT)), KEY
    )
    path = tmp_path / "{odd} key.json"
    path.write_bytes(dump_key(key))
    with pytest.raises(cr.ClassroomError) as info:
        cr.import_key(trainee_db, path)
    assert str(info.value) == (
        "{odd} key.json: this answer key is for exercise '11111111-2222-4333-8444-555555555555', which is not in "
        "this database; open its exercise file first"
    )
    assert info.value.params["name"] == "{odd} key.json"


def test_a_sample_key_for_another_exercise_is_refused() -> None:
    from dataclasses import replace

    sample = load_sample()
    other = replace(sample, meta={**sample.meta, "uid": "11111111-2222-4333-8444-555555555555"})
    with pytest.raises(ExchangeError) as info:
        load_sample_key(other)
    key_uid = load_sample_key(sample).exercise_uid
    assert str(info.value) == (
        f"{sample.meta['key_file']}: the key is for exercise {key_uid}, "
        "not the sample 11111111-2222-4333-8444-555555555555"
    )


# --- schema migration ---------------------------------------------------------------------------


def test_a_database_at_revision_0001_upgrades_with_its_data(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from claimmark.core.storage.engine import resolve_url
    from claimmark.core.storage.migrate import alembic_config, current_revision, head_revision, migrating

    url = resolve_url(db_url)
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO article (id, title, outlet, author, published, url, text, text_hash, source_name, "
                "created_at) VALUES (1, 't', '', '', '', '', :text, :hash, '', :now)"
            ),
            {"text": TEXT, "hash": "ab" * 32, "now": now},
        )
        conn.execute(
            text(
                "INSERT INTO exercise (id, uid, article_id, title, instructions, visible_labels, is_sample, created_at)"
                " VALUES (1, 'u-1', 1, 'Old exercise', 'Do it', 'DATE', false, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO claimset (id, article_id, exercise_id, trainee_id, role, created_at) "
                "VALUES (1, 1, 1, NULL, 'key', :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                'INSERT INTO claim (id, claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
                "VALUES (1, 1, 0, 9, 'confirmed', 'kept', '', :now, :now)"
            ),
            {"now": now},
        )
    engine.dispose()

    upgraded = open_database(db_url)
    try:
        assert current_revision(upgraded) == head_revision() != "0001"
        with upgraded.read() as session:
            exercise = session.get(Exercise, 1)
            assert exercise is not None
            assert (exercise.title, exercise.visible_labels, exercise.key_released) == ("Old exercise", "DATE", False)
            assert [(c.start, c.end, c.note) for c in session.exec(select(Claim))] == [(0, 9, "kept")]
        assert cr.key_claims(upgraded, 1) == [ClaimSpan(0, 9, C, "kept")]

        # and back down: the columns go, the claims stay (through migrating(), as every schema change
        # runs: 0004's downgrade copies a table on SQLite, which needs foreign keys off)
        def down(conn) -> None:
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")

        migrating(upgraded, down)
        assert current_revision(upgraded) == "0001"
        with upgraded.writer.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM claim")).scalar_one() == 1
    finally:
        upgraded.close()


def test_migrations_match_the_models(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with db.writer.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_sample_text_is_what_the_key_was_made_on() -> None:
    sample = load_sample()
    key = load_sample_key(sample)
    assert key.article.text == sample.text and isinstance(key, KeyFile)


def test_opening_an_article_brings_back_the_exercise_the_trainee_worked_on(teacher) -> None:
    # one article, two exercises (one per class): the library opens the article by id, and must
    # not show an empty claim set of the first exercise to a trainee who tagged in the second
    db, first_id = teacher
    with db.read() as session:
        first = session.get(Exercise, first_id)
        assert first is not None
        article_id = first.article_id
    second = cr.make_exercise(db, article_id, cr.ExerciseSettings("Counting crowds, class B", "", ()))
    assert second.id is not None
    alex = Workspace(db, "alex")
    assert alex.open_article(article_id).exercise.id == first_id  # nothing done yet: the first one
    opened = alex.open_exercise(second.id)
    add(db, opened.claim_set_id, [at("Police put the figure at 25,000", C)])
    again = Workspace(db, "alex").open_article(article_id)
    assert again.exercise is not None and again.exercise.id == second.id
    assert [c.tag for c in Workspace(db, "alex").claims(again.claim_set_id)] == [C.value]
    # another trainee who has done nothing gets the first exercise
    assert Workspace(db, "sam").open_article(article_id).exercise.id == first_id
