"""Practising alone, and getting better, on a real database (SQLite and PostgreSQL): every bundled
exercise opens and scores; progress follows each submission and survives a restart; the
confusions and the weakest skill; the spaced-practice rule and what it suggests; the teacher's
grade book in the window's core and on the command line; when the practice view opens."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.bundled import load_bundled_key
from claimmark.core.classroom.gradebook import class_progress, write_csv
from claimmark.core.classroom.practice import (
    ExerciseStatus,
    PracticeExercise,
    Status,
    ensure_practice_set,
    practice_set,
    shows_at_start,
)
from claimmark.core.classroom.progress import AttemptResult, Outcome, Progress, progress
from claimmark.core.classroom.scoring import Matching, Score
from claimmark.core.classroom.spacing import INTERVALS, PracticeRow, Why, kind_states, overview, review_due, suggest
from claimmark.core.cli import main as cli_main
from claimmark.core.reader import operations as ops
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def tag_all(reader: ReaderSession, claims, tag_for=lambda claim: claim.tag) -> None:
    for claim in claims:
        request = reader.tag(claim.start, claim.end, tag_for(claim))
        assert request is not None and request.op is not None
        reader.apply(request.op)


def test_every_bundled_exercise_opens_and_scores(db: Database) -> None:
    ids = ensure_practice_set(db)
    assert len(ids) == len(practice_set()) >= 12
    assert ensure_practice_set(db) == ids  # loaded once
    reader = ReaderSession(Workspace(db, "lea"))
    for exercise in practice_set():
        opened = reader.open_exercise(ids[exercise.uid])
        assert opened.exercise is not None and opened.exercise.is_sample and opened.exercise.key_released
        assert opened.article.text == exercise.files.text and reader.permissions.submit
        key = load_bundled_key(exercise.files).claims
        tag_all(reader, key)
        cr.submit(db, opened.claim_set_id, None)
        assert reader.refresh_state().feedback and reader.permissions.practise_again
        result = cr.feedback(db, opened.claim_set_id).score
        assert (result.found, result.tags_right, result.extra) == (len(key), len(key), 0), exercise.name
    done = overview(db, reader.workspace.trainee_id, NOW)
    assert [row.status.status for row in done.rows] == [Status.SUBMITTED] * len(ids)
    assert all(row.last is not None and row.last.score.tags_right == row.last.score.key_claims for row in done.rows)


def test_progress_follows_each_submission_and_survives_a_restart(db_url: str) -> None:
    db = open_database(db_url)
    first = practice_set()[0]
    exercise_id = ensure_practice_set(db)[first.uid]
    reader = ReaderSession(Workspace(db, "lea"))
    trainee = reader.workspace.trainee_id
    assert progress(db, trainee).results == ()
    key = load_bundled_key(first.files).claims
    opened = reader.open_exercise(exercise_id)
    # the first try: every estimated claim taken for confirmed, the unverified ones missed
    tag_all(reader, [c for c in key if c.tag is not U], lambda c: C)
    cr.submit(db, opened.claim_set_id, None)
    once = progress(db, trainee)
    assert len(once.results) == 1
    estimated = sum(1 for c in key if c.tag is E)
    assert once.results[0].tally(E).key_claims == estimated and once.results[0].tally(E).right == 0
    assert once.results[0].tally(U).found == 0
    assert once.confusions() == [(E, C, estimated)]
    assert once.weakest() in (E, U)

    reader.practise_again()
    assert reader.opened is not None
    tag_all(reader, key)
    cr.submit(db, reader.opened.claim_set_id, None)
    twice = progress(db, trainee)
    assert [r.attempt for r in twice.results] == [1, 2]
    assert twice.results[1].score.tags_right == len(key)
    assert all(t.right == t.key_claims for t in twice.standing().values())  # the latest attempt counts now
    assert twice.confusions() == [(E, C, estimated)]  # the history keeps the first try's mix-ups
    db.close()

    again = open_database(db_url)  # a restart: nothing of progress is kept anywhere but in the claims
    try:
        after = progress(again, ReaderSession(Workspace(again, "lea")).workspace.trainee_id)
        assert [(r.claim_set_id, r.score, r.outcomes) for r in after.results] == [
            (r.claim_set_id, r.score, r.outcomes) for r in twice.results
        ]
    finally:
        again.close()


def test_a_learner_sees_only_attempts_whose_feedback_is_released(db: Database) -> None:
    with db.write() as session:
        article_id = repo.add_article("The mayor opened the bridge on Monday.", session=session).id
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Bridge"))
    ops.run(db, ops.AddClaim(cr.key_claim_set_id(db, exercise.id), 0, 37, C))
    reader = ReaderSession(Workspace(db, "lea"))
    opened = reader.open_exercise(exercise.id)
    tag_all(reader, [ClaimSpan(0, 37, C)])
    cr.submit(db, opened.claim_set_id, None)
    trainee = reader.workspace.trainee_id
    assert progress(db, trainee).results == ()
    assert len(progress(db, trainee, teacher=True).results) == 1
    cr.release_key(db, exercise.id)
    assert len(progress(db, trainee).results) == 1


def test_the_set_is_added_once_when_a_class_starts_it_at_the_same_moment(pg_url: str) -> None:
    databases = [open_database(pg_url) for _ in range(4)]
    found: list[dict[str, int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(databases))

    def load(db: Database) -> None:
        try:
            start.wait()
            found.append(ensure_practice_set(db))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(db,)) for db in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not errors
        assert len(found) == 4 and all(ids == found[0] for ids in found)
        with databases[0].read() as session:
            assert len(repo.list_articles(session=session)) == len(practice_set())
    finally:
        for db in databases:
            db.close()


# --- the spaced-practice rule, on made-up attempts -----------------------------------------


def attempt(exercise: PracticeExercise, when: datetime, *, wrong: set[str] = frozenset(), n: int = 1) -> AttemptResult:
    """An attempt at a practice exercise, every key claim right except those of the kinds in ``wrong``."""
    outcomes = tuple(
        Outcome(c.tag, None if c.kind in wrong else c.tag, c.kind) for c in exercise.claims
    )  # fmt: skip
    right = sum(o.right for o in outcomes)
    return AttemptResult(
        claim_set_id=0,
        exercise_id=practice_set().index(exercise) + 1,
        exercise_uid=exercise.uid,
        title=exercise.title,
        attempt=n,
        submitted_at=when,
        score=Score(len(outcomes), right, right, 0),
        outcomes=outcomes,
        matching=Matching((), (), (), ()),
    )


def rows_for(results: list[AttemptResult], started: set[int] = frozenset()) -> list[PracticeRow]:
    states = kind_states(results)
    done = {r.exercise_id for r in results}
    rows = []
    for i, exercise in enumerate(practice_set(), 1):
        status = Status.IN_PROGRESS if i in started else Status.SUBMITTED if i in done else Status.NEW
        rows.append(
            PracticeRow(
                exercise, i, ExerciseStatus(status, 1), None, review_due(exercise, states) if i in done else None
            )
        )
    return rows


def test_a_missed_kind_goes_to_box_one_and_comes_back_the_next_day() -> None:
    bridge = practice_set()[0]
    start = NOW - timedelta(days=10)
    states = kind_states([attempt(bridge, start, wrong={"projection"})])
    assert states["projection"].box == 1 and states["projection"].due == start + timedelta(days=INTERVALS[1])
    assert states["public_record"].box == 1 + 1  # right first time: box 2, back in three days
    # right again later: up one box each time, so it comes back less and less often
    later = kind_states([attempt(bridge, start, wrong={"projection"}), attempt(bridge, start + timedelta(days=2))])
    assert later["projection"].box == 2 and later["public_record"].box == 3
    assert later["public_record"].due == start + timedelta(days=2 + INTERVALS[3])


def test_the_suggestion_finishes_first_then_reviews_due_kinds_then_new_easiest_for_the_weakest_tag() -> None:
    exercises = practice_set()
    # nothing done: the easiest new exercise
    nothing = suggest(rows_for([]), Progress(()), NOW)
    assert nothing.why is Why.NEW and nothing.exercise is exercises[0]
    # the first exercise done with its forecast missed, two days ago: every handed-in exercise
    # drilling forecasts is due, and the review comes before anything new
    missed = [attempt(exercises[0], NOW - timedelta(days=2), wrong={"projection"})]
    review = suggest(rows_for(missed), Progress(tuple(missed)), NOW)
    assert review.why is Why.REVIEW and review.exercise is exercises[0]
    assert "forecasts" in str(review.message)
    # unsubmitted work comes first of all
    started = suggest(rows_for(missed, started={5}), Progress(tuple(missed)), NOW)
    assert started.why is Why.FINISH and started.exercise is exercises[4]
    # all right an hour ago: nothing due, so the next new exercise, at the easiest level left,
    # the one with most key claims of the weakest tag
    right = [attempt(exercises[0], NOW - timedelta(hours=1))]
    new = suggest(rows_for(right), Progress(tuple(right)), NOW)
    assert new.why is Why.NEW and new.exercise is not None and new.exercise.difficulty == 1
    assert new.exercise is not exercises[0]
    weak = [attempt(exercises[0], NOW - timedelta(hours=1), wrong={"approximation", "projection"})]
    assert Progress(tuple(weak)).weakest() is E
    # every exercise done right an hour ago: the soonest review
    everything = [attempt(ex, NOW - timedelta(hours=1)) for ex in exercises]
    later = suggest(rows_for(everything), Progress(tuple(everything)), NOW)
    assert later.why is Why.LATER and "next review" in str(later.message)


def test_the_weakest_skill_is_the_tag_least_often_found_with_the_right_tag() -> None:
    bridge = practice_set()[0]
    mixed = attempt(bridge, NOW, wrong={"single_source"})  # the unverified claim missed
    assert Progress((mixed,)).weakest() is U
    # practising again replaces it: the latest attempt at each exercise is where one stands
    assert Progress((mixed, replace(attempt(bridge, NOW + timedelta(hours=1)), attempt=2))).standing()[U].right == 1


def test_the_practice_view_opens_at_start_only_for_a_learner_working_alone() -> None:
    alone = {"teacher": False, "shared": False, "asked_for": False, "opened_bundled": True, "wanted": True}
    assert shows_at_start(**alone)
    for name in alone:
        assert not shows_at_start(**{**alone, name: not alone[name]}), name


# --- the teacher's grade book ----------------------------------------------------------------

TEXT = "The mayor opened the bridge on Monday. About 600 people came. Rivals say it cracked."


def class_with_two_exercises(db: Database) -> list[int]:
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Bridge").id
    ids = []
    for title in ("Bridge, week 1", "=Bridge again"):
        exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings(title))
        key_set = cr.key_claim_set_id(db, exercise.id)
        for words, tag in (("The mayor opened the bridge on Monday", C), ("About 600 people came", E),
                           ("it cracked", U)):  # fmt: skip
            start = TEXT.index(words)
            ops.run(db, ops.AddClaim(key_set, start, start + len(words), tag))
        cr.release_key(db, exercise.id)
        ids.append(exercise.id)
    return ids


def hand_in(db: Database, name: str, exercise_id: int, right: int) -> ReaderSession:
    reader = ReaderSession(Workspace(db, name))
    opened = reader.open_exercise(exercise_id)
    key = cr.key_claims(db, exercise_id)
    tag_all(reader, key[:right])
    cr.submit(db, opened.claim_set_id, None)
    return reader


def test_the_grade_book_has_a_row_per_trainee_and_a_column_per_exercise(db: Database, tmp_path: Path) -> None:
    first, second = class_with_two_exercises(db)
    hand_in(db, "Zoe", first, 3)
    hand_in(db, "=cmd|' /C calc'!A0", first, 1)  # a hostile name is not run by the spreadsheet
    ana = hand_in(db, "ana", first, 2)
    hand_in(db, "ana", second, 0)
    ana.practise_again()  # after seeing the key: all right, but the first attempt is the grade
    assert ana.opened is not None
    tag_all(ana, cr.key_claims(db, second))
    cr.submit(db, ana.opened.claim_set_id, None)
    ensure_practice_set(db)  # bundled exercises are not the class's
    book = class_progress(db)
    assert [c.title for c in book.columns] == ["Bridge, week 1", "=Bridge again"]
    assert [(r.trainee, r.cells) for r in book.rows] == [
        ("=cmd|' /C calc'!A0", (33, None)),
        ("ana", (67, 0)),
        ("Zoe", (100, None)),
    ]
    assert [r.attempt for r in book.rows[1].progress.results] == [1, 1, 2]  # progress keeps every attempt
    out = io.StringIO()
    assert write_csv(book, out) == 3
    assert out.getvalue() == (
        "trainee,Bridge, week 1,'=Bridge again\n'=cmd|' /C calc'!A0,33,\nana,67,0\nZoe,100,\n"
    ).replace("Bridge, week 1", '"Bridge, week 1"')
    with_practice = class_progress(db, practice=True)
    assert len(with_practice.columns) == 2 + len(practice_set())

    if db.is_sqlite:  # the command line writes the same file
        path = tmp_path / "grades.csv"
        assert cli_main(["grades", "--db", db.url.removeprefix("sqlite:///"), "--out", str(path)]) == 0
        assert path.read_text(encoding="utf-8") == out.getvalue()


def test_grades_on_bundled_work_alone_says_what_it_left_out(tmp_path, capsys) -> None:
    # "claimmark: 0 trainees, 0 exercises" after a trainee had handed in the bundled sample
    path = tmp_path / "lib.sqlite3"
    db = open_database(path)
    try:
        Workspace(db, "ana").open_sample()
    finally:
        db.close()
    assert cli_main(["grades", "--db", str(path), "--out", str(tmp_path / "g.csv")]) == 0
    err = capsys.readouterr().err
    assert "0 trainees, 0 exercises" in err and "--practice" in err
