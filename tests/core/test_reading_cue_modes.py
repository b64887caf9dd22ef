"""The reading cues per exercise: the teacher's setting is stored, handed out in the exercise file
(older files read as hidden), upgraded into old databases, and decides what the reader shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimmark.core import classroom as cr
from claimmark.core.classroom.exchange import ExchangeError, parse_exchange
from claimmark.core.classroom.handout import export_exercise, open_exercise_file
from claimmark.core.classroom.trainee_feedback import FeedbackState
from claimmark.core.reader.cue_modes import cue_visibility
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.migrate import HEAD, migrating
from claimmark.core.storage.records import ExerciseRecord

MIDNIGHT = datetime(2024, 5, 2, tzinfo=UTC)
TEXT = "Officials said about 600 people may have been killed, according to the ministry."


def _exercise(db, mode: str = "hidden") -> ExerciseRecord:
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Counting")
        article_id = article.id
    return cr.make_exercise(db, article_id, cr.ExerciseSettings("Counting", "Tag it.", (), mode))


def test_the_setting_is_stored_changed_and_refused_when_unknown(db_url: str) -> None:
    db = open_database(db_url)
    exercise = _exercise(db, "after_submitting")
    assert cr.get_exercise(db, exercise.id).reading_cues == "after_submitting"
    cr.update_exercise(db, exercise.id, cr.ExerciseSettings("Counting", "", (), "shown"))
    assert cr.get_exercise(db, exercise.id).reading_cues == "shown"
    with pytest.raises(cr.ClassroomError, match="'always' is not a setting for the reading cues"):
        cr.update_exercise(db, exercise.id, cr.ExerciseSettings("Counting", "", (), "always"))  # type: ignore[arg-type]
    assert cr.get_exercise(db, exercise.id).reading_cues == "shown"
    db.close()


def test_the_exercise_file_carries_the_setting_to_the_trainees_database(tmp_path: Path) -> None:
    teacher = open_database(tmp_path / "teacher.sqlite3")
    exercise = _exercise(teacher, "after_submitting")
    path = tmp_path / "counting.exercise.json"
    export_exercise(teacher, exercise.id, path)
    assert json.loads(path.read_text(encoding="utf-8"))["reading_cues"] == "after_submitting"
    trainee = open_database(tmp_path / "trainee.sqlite3")
    assert open_exercise_file(trainee, path).reading_cues == "after_submitting"
    # the teacher changes it and hands the file out again: opening it again follows
    cr.update_exercise(teacher, exercise.id, cr.ExerciseSettings("Counting", "", (), "shown"))
    export_exercise(teacher, exercise.id, path)
    assert open_exercise_file(trainee, path).reading_cues == "shown"
    teacher.close()
    trainee.close()


def test_an_older_exercise_file_reads_as_hidden_and_a_bad_value_is_refused(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite3")
    exercise = _exercise(db, "shown")
    path = tmp_path / "x.exercise.json"
    export_exercise(db, exercise.id, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["reading_cues"]
    older = parse_exchange(json.dumps(data).encode(), name="old.exercise.json")
    assert older.reading_cues == "hidden"  # type: ignore[union-attr]
    data["reading_cues"] = "sometimes"
    with pytest.raises(ExchangeError) as info:
        parse_exchange(json.dumps(data).encode(), name="bad.exercise.json")
    assert str(info.value) == (
        "bad.exercise.json: field 'reading_cues' is 'sometimes'; use one of hidden, shown, after_submitting "
        "(or leave it out: hidden)"
    )
    db.close()


def test_bundled_exercises_show_the_cues_after_submitting(tmp_path: Path) -> None:
    from claimmark.core.classroom.practice import ensure_practice_set
    from claimmark.core.classroom.sample import ensure_sample

    db = open_database(tmp_path / "t.sqlite3")
    ensure_sample(db)
    practice = ensure_practice_set(db)
    with db.read() as session:
        from sqlmodel import select

        from claimmark.core.storage.models import Exercise

        modes = {e.uid: e.reading_cues for e in session.exec(select(Exercise))}
    assert len(modes) == len(practice) + 1 and set(modes.values()) == {"after_submitting"}
    db.close()


def test_migration_0006c_keeps_class_exercises_hidden_and_shows_bundled_ones_after_submitting(
    db_url: str,
) -> None:
    from alembic import command

    from claimmark.core.storage.migrate import alembic_config

    def to(revision: str):
        def run(conn: sa.Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)

        return run

    old = open_database(db_url, migrate=False)
    migrating(old, to("0005"))
    with old.writer.begin() as conn:
        meta = sa.MetaData()
        article = sa.Table("article", meta, autoload_with=conn)
        exercise = sa.Table("exercise", meta, autoload_with=conn)
        conn.execute(
            article.insert(),
            [{"id": 1, "title": "", "outlet": "", "author": "", "published": "", "url": "", "text": TEXT,
              "text_hash": "0" * 64, "source_name": "", "created_at": MIDNIGHT}],
        )  # fmt: skip
        conn.execute(
            exercise.insert(),
            [
                {"uid": uid, "article_id": 1, "title": uid, "instructions": "", "visible_labels": "",
                 "is_sample": sample, "key_released": False, "created_at": MIDNIGHT}
                for uid, sample in (("class", False), ("bundled", True))
            ],
        )  # fmt: skip
    old.close()
    db = open_database(db_url)
    with db.read() as session:
        rows = session.connection().exec_driver_sql("SELECT uid, reading_cues FROM exercise ORDER BY uid").all()
    assert [tuple(r) for r in rows] == [("bundled", "after_submitting"), ("class", "hidden")]
    db.close()


def test_a_lettered_revision_keeps_its_number_so_older_libraries_still_open(tmp_path: Path) -> None:
    from claimmark.core.storage import files, schema_number

    assert (schema_number("0006c"), schema_number("0005"), schema_number("x")) == (6, 5, 0)
    path = tmp_path / "lib.sqlite3"
    open_database(path).close()
    header = files.read_header(path)
    assert header is not None and header.user_version == schema_number(HEAD) >= 6


def _record(mode: str) -> ExerciseRecord:
    return ExerciseRecord(id=1, uid="u", article_id=1, reading_cues=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mode", "state", "shown"),
    [
        ("hidden", FeedbackState.NOT_SUBMITTED, False),
        ("hidden", FeedbackState.READY, False),
        ("shown", FeedbackState.NOT_SUBMITTED, True),
        ("shown", FeedbackState.READY, True),
        ("after_submitting", FeedbackState.NOT_SUBMITTED, False),
        ("after_submitting", FeedbackState.NO_KEY, True),
        ("after_submitting", FeedbackState.READY, True),
    ],
)
def test_in_an_exercise_the_teachers_setting_decides(mode: str, state: FeedbackState, shown: bool) -> None:
    for wanted in (True, False):  # the learner's own choice does not count here
        seen = cue_visibility(_record(mode), state, teacher=False, wanted=wanted)
        assert (seen.shown, seen.chosen) == (shown, False)
        assert seen.reason


def test_on_an_own_article_and_in_teacher_mode_the_persons_choice_decides() -> None:
    for wanted in (True, False):
        assert cue_visibility(None, FeedbackState.NOT_AN_EXERCISE, teacher=False, wanted=wanted).shown is wanted
        teacher = cue_visibility(_record("hidden"), FeedbackState.KEY_SET, teacher=True, wanted=wanted)
        assert (teacher.shown, teacher.chosen) == (wanted, True)
