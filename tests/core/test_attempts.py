"""Practise again: a fresh attempt at a handed-in exercise, the earlier attempt and its feedback
kept as they were; the reader session's permissions; a class counts first attempts; the
migration that numbers attempts keeps every claim set (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.attempts import attempts, practise_again
from claimmark.core.classroom.trainee_feedback import FeedbackState
from claimmark.core.reader import operations as ops
from claimmark.core.reader.session import ReaderSession, permissions_for
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.migrate import HEAD, alembic_config, current_revision, migrating
from tests.helpers import row_counts

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
TEXT = "Officials said about 600 people were moved. The mayor opened the bridge on Monday. Rivals say it cracked."


def at(phrase: str, tag: Tag) -> ClaimSpan:
    start = TEXT.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag)


KEY = [at("about 600 people were moved", E), at("The mayor opened the bridge on Monday", C), at("it cracked", U)]


@pytest.fixture
def exercise_id(db: Database) -> int:
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Bridge").id
    assert article_id is not None
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Bridge"))
    for claim in KEY:
        ops.run(db, ops.AddClaim(cr.key_claim_set_id(db, exercise.id), claim.start, claim.end, claim.tag))
    return exercise.id


def tag(reader: ReaderSession, claim: ClaimSpan) -> None:
    request = reader.tag(claim.start, claim.end, claim.tag)
    assert request is not None and request.op is not None
    reader.apply(request.op)


def test_practise_again_starts_afresh_and_keeps_the_earlier_attempt_and_its_feedback(db, exercise_id) -> None:
    reader = ReaderSession(Workspace(db, "tess"))
    first = reader.open_exercise(exercise_id)
    assert first.attempt == 1
    tag(reader, at("about 600 people were moved", C))  # found, wrong tag
    cr.submit(db, first.claim_set_id, None)
    cr.release_key(db, exercise_id)
    assert reader.refresh_state().practise_again
    before = cr.feedback(db, first.claim_set_id)
    assert (before.score.found, before.score.tags_right) == (1, 0)

    second = reader.practise_again()
    assert second is not None and second.attempt == 2 and second.claim_set_id != first.claim_set_id
    assert reader.claims == [] and reader.state is FeedbackState.NOT_SUBMITTED
    assert reader.permissions.tag and reader.permissions.submit and not reader.permissions.practise_again
    for claim in KEY:
        tag(reader, claim)
    cr.submit(db, second.claim_set_id, None)
    assert cr.feedback(db, second.claim_set_id).score.tags_right == 3
    # the first attempt is as it was handed in, with the same feedback
    assert cr.feedback(db, first.claim_set_id) == before
    assert [(a.number, a.claims, a.submitted_at is not None) for a in attempts(db, reader.workspace.trainee_id,
                                                                                exercise_id)] == [
        (1, 1, True),
        (2, 3, True),
    ]  # fmt: skip
    # opening the exercise again (a restart) brings the latest attempt
    again = ReaderSession(Workspace(db, "tess"))
    assert again.open_exercise(exercise_id).claim_set_id == second.claim_set_id
    assert again.open_article(first.article.id).claim_set_id == second.claim_set_id


def test_practise_again_is_refused_before_the_feedback_and_changes_nothing(db, exercise_id) -> None:
    reader = ReaderSession(Workspace(db, "tess"))
    opened = reader.open_exercise(exercise_id)
    counts = row_counts(db)
    with pytest.raises(cr.ClassroomError, match="Hand in this attempt first"):
        practise_again(db, opened.claim_set_id)
    cr.submit(db, opened.claim_set_id, None)
    assert not reader.refresh_state().practise_again and reader.permissions.edit_again
    with pytest.raises(cr.ClassroomError, match="not there yet"):
        reader.practise_again()
    assert {k: v for k, v in row_counts(db).items()} == counts
    # a teacher's key is no trainee attempt
    key_set = cr.key_claim_set_id(db, exercise_id)
    with pytest.raises(cr.ClassroomError, match="not an answer key"):
        practise_again(db, key_set)


def test_a_second_window_starting_the_same_attempt_gets_the_one_already_started(db, exercise_id) -> None:
    reader = ReaderSession(Workspace(db, "tess"))
    first = reader.open_exercise(exercise_id)
    cr.submit(db, first.claim_set_id, None)
    cr.release_key(db, exercise_id)
    started = practise_again(db, first.claim_set_id)
    assert practise_again(db, first.claim_set_id) == started
    assert len(attempts(db, reader.workspace.trainee_id, exercise_id)) == 2


@pytest.mark.parametrize("state", list(FeedbackState))
def test_practise_again_is_offered_only_to_a_trainee_with_feedback(state: FeedbackState) -> None:
    assert permissions_for(state, teacher=False, exercise=None).practise_again is (state is FeedbackState.READY)
    assert not permissions_for(state, teacher=True, exercise=None).practise_again


def test_the_class_debrief_counts_each_trainees_first_attempt(db, exercise_id) -> None:
    reader = ReaderSession(Workspace(db, "tess"))
    first = reader.open_exercise(exercise_id)
    tag(reader, KEY[0])
    cr.submit(db, first.claim_set_id, None)
    cr.release_key(db, exercise_id)
    reader.practise_again()
    for claim in KEY:
        tag(reader, claim)
    assert reader.opened is not None
    cr.submit(db, reader.opened.claim_set_id, None)  # after seeing the key: all three right
    rows = cr.debrief(db, exercise_id).rows
    assert [(r.claim_set_id, r.score.tags_right) for r in rows] == [(first.claim_set_id, 1)]


def test_upgrading_numbers_every_claim_set_attempt_1_and_allows_a_second(db_url: str) -> None:
    from alembic import command

    def to_0003(conn: sa.Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")

    old = open_database(db_url, migrate=False)
    migrating(old, to_0003)
    with old.writer.begin() as conn:  # ids from the database's own sequences, as ClaimMark made them
        article = conn.exec_driver_sql(
            "INSERT INTO article (title, outlet, author, published, url, text, text_hash, source_name, created_at)"
            f" VALUES ('t', '', '', '', '', 'Some text.', '{'0' * 64}', '', '2024-05-02 09:00:00+00') RETURNING id"
        ).scalar_one()
        trainee = conn.exec_driver_sql(
            "INSERT INTO trainee (name, created_at) VALUES ('ana', '2024-05-02 09:00:00+00') RETURNING id"
        ).scalar_one()
        exercise = conn.exec_driver_sql(
            "INSERT INTO exercise (uid, article_id, title, instructions, visible_labels, is_sample, key_released, "
            f"created_at) VALUES ('u-1', {article}, 'Old', '', '', false, false, '2024-05-02 09:00:00+00') RETURNING id"
        ).scalar_one()  # an exercise, so the old constraint (no attempt, NULLs apart) would refuse a second
        claim_set_id = conn.exec_driver_sql(
            "INSERT INTO claimset (article_id, exercise_id, trainee_id, role, submitted_at, created_at) "
            f"VALUES ({article}, {exercise}, {trainee}, 'trainee', '2024-05-02 10:00:00+00', "
            "'2024-05-02 09:00:00+00') RETURNING id"
        ).scalar_one()
        conn.exec_driver_sql(
            'INSERT INTO claim (claim_set_id, start, "end", tag, note, source, created_at, updated_at) '
            f"VALUES ({claim_set_id}, 0, 4, 'confirmed', 'kept', '', '2024-05-02 09:00:00+00', "
            "'2024-05-02 09:00:00+00')"
        )
    old.close()
    db = open_database(db_url)
    try:
        assert current_revision(db) == HEAD
        with db.write() as session:
            claim_set = repo.get_claim_set(
                article, session=session, trainee_id=trainee, exercise_id=exercise, create=False
            )
            assert claim_set is not None and claim_set.id == claim_set_id and claim_set.attempt == 1
            assert [c.note for c in repo.list_claims(claim_set_id, session=session)] == ["kept"]
            second = repo.next_attempt(claim_set, session=session)
            assert second.attempt == 2
        with db.read() as session:  # the latest attempt is the one that opens
            latest = repo.get_claim_set(
                article, session=session, trainee_id=trainee, exercise_id=exercise, create=False
            )
            assert latest is not None and latest.attempt == 2
    finally:
        db.close()
