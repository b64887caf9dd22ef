"""Every bad classroom file is refused cleanly, the same on SQLite and PostgreSQL: its texts are
checked before they reach a database, a batch goes on past a bad file, one size limit holds for
articles wherever they come from, and messages name the file with readable numbers."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import (
    ExchangeError,
    KeyFile,
    SubmissionFile,
    dump_exchange,
    read_exchange_file,
)
from claimmark.core.cli import main
from claimmark.core.importing import ImportProblem, article_from_paste
from claimmark.core.reader import operations as ops
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import TextRefused
from claimmark.core.text import MAX_ARTICLE_BYTES
from tests.helpers import row_counts

TEXT = "Officials said about 600 soldiers were killed and thousands more were injured on Tuesday."


@pytest.fixture
def exercise(db: Database) -> cr.ExerciseRecord:
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Casualties")
    return cr.make_exercise(db, article.id, cr.ExerciseSettings("Casualties", "Tag each figure."))


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: "\ud800" is written as a JSON escape
    return path


def submission_json(db: Database, exercise: cr.ExerciseRecord, trainee: str = "Ana", **claim: object) -> dict:
    handout = cr.exercise_file(db, exercise.id)
    sub = SubmissionFile.for_exercise(
        handout, trainee, [ClaimSpan(0, 9, Tag.CONFIRMED, "from the ministry", "Officials")], datetime.now(UTC)
    )
    data = json.loads(dump_exchange(sub))
    data["claims"][0].update(claim)
    return data


BAD_TEXTS = {
    "lone-surrogate": ("\ud800", "holds an invalid character (half of a surrogate pair, at character 6)"),
    "nul": ("\x00", "holds a NUL character (at character 6)"),
}


@pytest.mark.parametrize("field", ["trainee", "note", "source"])
@pytest.mark.parametrize(("bad", "words"), BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_a_submission_with_a_text_no_database_stores_is_refused(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path, field: str, bad: str, words: str
) -> None:
    data = submission_json(db, exercise)
    if field == "trainee":
        data["trainee"] = "Ana L" + bad + "ima"
    else:
        data["claims"][0][field] = "abcde" + bad + "f"
    path = write_json(tmp_path / "ana.submission.json", data)
    before = row_counts(db)
    result = cr.import_submission(db, path)
    assert result.status is cr.ImportStatus.REFUSED
    assert result.message.startswith("ana.submission.json: field '")
    assert words in result.message and "Ask for it again" in result.message
    assert row_counts(db) == before


@pytest.mark.parametrize(("field", "limit"), [("trainee", 200), ("source", 500)], ids=["trainee-name", "claim-source"])
def test_a_text_longer_than_its_column_is_refused_on_both_backends(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path, field: str, limit: int
) -> None:
    """SQLite would store it; PostgreSQL refused it with an uncaught DataError: now both refuse it first."""
    data = submission_json(db, exercise)
    if field == "trainee":
        data["trainee"] = "n" * (limit + 1)
    else:
        data["claims"][0]["source"] = "s" * (limit + 1)
    path = write_json(tmp_path / "long.submission.json", data)
    before = row_counts(db)
    result = cr.import_submission(db, path)
    assert result.status is cr.ImportStatus.REFUSED
    assert f"is {limit + 1} characters long; at most {limit} fit" in result.message
    assert row_counts(db) == before


def test_a_batch_of_submissions_goes_on_past_a_bad_file(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path
) -> None:
    """One file with a lone surrogate used to abort the batch: the files after it were never tried."""
    good = [write_json(tmp_path / f"{who}.json", submission_json(db, exercise, who)) for who in ("Ana", "Ben")]
    bad = submission_json(db, exercise, "Cleo")
    bad["claims"][0]["note"] = "\ud83d broken emoji"
    bad_path = write_json(tmp_path / "cleo.json", bad)
    nul = submission_json(db, exercise, "Dev")
    nul["trainee"] = "Dev\x00"
    nul_path = write_json(tmp_path / "dev.json", nul)
    seen: list[tuple[int, int]] = []
    files = [good[0], bad_path, nul_path, good[1]]
    results = cr.import_submissions(db, files, progress=lambda done, total: seen.append((done, total)))
    assert [(r.path.name, r.status.value) for r in results] == [
        ("Ana.json", "imported"),
        ("cleo.json", "refused"),
        ("dev.json", "refused"),
        ("Ben.json", "imported"),
    ]
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_an_exercise_file_with_a_bad_text_is_refused_and_names_the_file(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path
) -> None:
    data = json.loads(dump_exchange(cr.exercise_file(db, exercise.id)))
    for field, bad in (("title", "Crowds\ud800"), ("instructions", "Tag\x00 them")):
        spoiled = dict(data, **{field: bad})
        path = write_json(tmp_path / "handout.exercise.json", spoiled)
        with pytest.raises(ExchangeError) as info:
            cr.open_exercise_file(db, path)
        assert str(info.value).startswith(f"handout.exercise.json: field '{field}' holds ")


def test_an_unknown_entity_label_names_the_file(db: Database, exercise: cr.ExerciseRecord, tmp_path: Path) -> None:
    data = json.loads(dump_exchange(cr.exercise_file(db, exercise.id)))
    data["entity_labels"] = ["PERSON", "<b>people</b>"]
    path = write_json(tmp_path / "handout.exercise.json", data)
    with pytest.raises(ExchangeError) as info:
        cr.open_exercise_file(db, path)
    assert str(info.value) == (
        "handout.exercise.json: 'entity_labels[1]' is '<b>people</b>', not an entity label "
        "(use names such as PERSON or DATE)"
    )


def test_an_article_over_the_size_limit_is_refused_wherever_it_comes_from(db: Database, tmp_path: Path) -> None:
    big = "word " * (MAX_ARTICLE_BYTES // 5 + 10)
    # an exercise file (under the 32 MB file limit, over the 20 MB article limit)
    handout = {
        "format": "claimmark-exercise",
        "version": 1,
        "exercise_uid": "3f2c1f9e-8c1b-4d6e-9a57-2b1f0c9d7e11",
        "text_hash": "0" * 64,
        "title": "Too long",
        "article": {"text": big},
    }
    path = write_json(tmp_path / "long.exercise.json", handout)
    with pytest.raises(ExchangeError) as info:
        read_exchange_file(path)
    assert str(info.value) == (
        "long.exercise.json: the article is 20.0 MB, over the limit of 20.0 MB for an article. "
        "Hand out a shorter article"
    )
    # a paste
    with pytest.raises(ImportProblem, match=r"Pasted text: it is 20.0 MB, over the limit of 20.0 MB"):
        article_from_paste(big)
    # and straight into the database
    before = row_counts(db)
    with pytest.raises(TextRefused, match=r"An article's text is 20\.0 MB, over the limit"), db.write() as session:
        repo.add_article(big, session=session)
    assert row_counts(db) == before


def test_a_huge_number_is_written_readably(db: Database, exercise: cr.ExerciseRecord, tmp_path: Path) -> None:
    data = submission_json(db, exercise)
    data["version"] = 10**400  # printed as 400 digits before
    with pytest.raises(ExchangeError) as info:
        read_exchange_file(write_json(tmp_path / "v.json", data))
    assert str(info.value) == (
        "v.json: field 'version' is a 401-digit number, far larger than any ClaimMark file holds; the file is damaged"
    )
    data["version"] = 1_000_000
    with pytest.raises(ExchangeError) as info:
        read_exchange_file(write_json(tmp_path / "v.json", data))
    assert "a submission in format version 1,000,000, made by a newer ClaimMark" in str(info.value)
    data = submission_json(db, exercise, start=10**30, end=10**30 + 5)
    with pytest.raises(ExchangeError) as info:
        read_exchange_file(write_json(tmp_path / "s.json", data))
    assert str(info.value) == (
        "s.json: field 'claims[0].start' is a 31-digit number, far larger than any ClaimMark file holds; "
        "the file is damaged"
    )


def test_the_same_text_rule_holds_on_sqlite_and_postgresql(db: Database) -> None:
    with db.write() as session:
        article = repo.add_article(TEXT, session=session)
        trainee = repo.get_or_create_trainee(str(uuid.uuid4()), "ann", session=session)
        claim_set = repo.get_claim_set(article.id, session=session, trainee_id=trainee.id)
    before = row_counts(db)
    spans = {
        "a claim's note": ClaimSpan(0, 9, Tag.CONFIRMED, note="x\x00"),
        "a claim's source": ClaimSpan(0, 9, Tag.CONFIRMED, source="s" * 501),
    }
    for what, span in spans.items():
        with pytest.raises(TextRefused, match=what.capitalize()), db.write() as session:
            repo.replace_claims(claim_set.id, [span], session=session)
    for name in ("Ana\x00", "Ana\udcff"):  # (a name too long is cut to its column: what was typed is kept)
        with pytest.raises(TextRefused, match="A trainee's name"), db.write() as session:
            repo.get_or_create_trainee(str(uuid.uuid4()), name, session=session)
    # an edit in the reader goes through the same rule
    with pytest.raises(TextRefused, match="A claim's note holds a NUL character"):
        ops.run(db, ops.AddClaim(claim_set.id, 0, 9, Tag.CONFIRMED, note="typed\x00"))
    assert row_counts(db) == before
    claim_id = ops.run(db, ops.AddClaim(claim_set.id, 0, 9, Tag.CONFIRMED))[1].claim_id
    with pytest.raises(TextRefused, match="A claim's source is 501 characters long"):
        ops.run(db, ops.UpdateClaim(claim_id, source="s" * 501))
    with pytest.raises(TextRefused, match="An article's title holds an invalid character"), db.write() as session:
        repo.update_article_meta(article.id, session=session, title="Crowds\ud800")


def test_score_refuses_a_bad_submission_without_a_traceback(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path, capsys
) -> None:
    key = cr.key_file(db, exercise.id)
    key_path = tmp_path / "key.json"
    key_path.write_bytes(dump_exchange(KeyFile.for_exercise(cr.exercise_file(db, exercise.id), key.claims)))
    bad = submission_json(db, exercise, "Cleo")
    bad["trainee"] = "Cl\ud800eo"
    good = write_json(tmp_path / "ana.json", submission_json(db, exercise, "Ana"))
    assert main(["score", "--key", str(key_path), str(good), str(write_json(tmp_path / "cleo.json", bad))]) == 1
    out, err = capsys.readouterr()
    assert "Ana" in out and "Traceback" not in err
    assert "claimmark: skipped cleo.json: field 'trainee' holds an invalid character" in err


def test_score_prints_names_as_they_are_without_terminal_escapes(
    db: Database, exercise: cr.ExerciseRecord, tmp_path: Path, capsys
) -> None:
    """A trainee name holding an escape sequence would recolour or clear the teacher's terminal."""
    key_path = tmp_path / "key.json"
    cr.export_key(db, exercise.id, key_path)
    hostile = write_json(tmp_path / "ana.json", submission_json(db, exercise, "Ana\x1b[2J\x1b[31m <b>bold</b>"))
    assert main(["score", "--key", str(key_path), str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Ana\\x1b[2J\\x1b[31m <b>bold</b>" in out
