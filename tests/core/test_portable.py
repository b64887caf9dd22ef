"""The whole library as one portable file: export --all, import-all, on SQLite and PostgreSQL and between them."""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import SubmissionFile, write_submission
from claimmark.core.cli import main
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import files, open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.migrate import HEAD
from claimmark.core.storage.portable import LibraryFileProblem, export_library, import_library, tables
from tests.helpers import row_counts

TEXT = "😀 Officials said about 600 soldiers were killed, and “thousands” more injured — South Korea's spy agency."


def fill_a_class(db: Database, folder: Path) -> None:
    """Articles, an exercise with its answer key, two submissions and a trainee's own work."""
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Emoji report", outlet="Wire", original_text=TEXT + " ")
        repo.add_article("Nobody has read this one.", session=session, title="Untouched")
    exercise = cr.make_exercise(db, article.id, cr.ExerciseSettings("Casualties", "Tag each figure.", ("PERSON",)))
    key = Workspace(db, "teacher").open_key(Workspace(db, "teacher").open_exercise(exercise.id))
    ops.run(db, ops.AddClaim(key.claim_set_id, 2, 30, Tag.ESTIMATED, note="approximate, from one source"))
    handout = cr.exercise_file(db, exercise.id)
    for who, tag in (("Ana Lima", Tag.ESTIMATED), ("Ben Okafor", Tag.UNVERIFIED)):
        path = folder / f"{who}.submission.json"
        when = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
        write_submission(path, SubmissionFile.for_exercise(handout, who, [ClaimSpan(2, 30, tag, "n", who)], when))
        assert cr.import_submission(db, path).ok
    cr.release_key(db, exercise.id)
    mine = Workspace(db, "kim").open_article(article.id)
    ops.run(db, ops.AddClaim(mine.claim_set_id, 40, 52, Tag.CONFIRMED, note="ça va", source="spy agency"))


def dump(db: Database) -> dict[str, list[dict]]:
    """Every row of every table a library file carries, in id order."""
    with db.read() as session:
        return {
            t.name: [dict(r._mapping) for r in session.execute(select(t).order_by(t.c.id))]
            for t in tables()  # type: ignore[union-attr]
        }


def other_backend(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("pg_url") if "://" not in db_url else str(tmp_path / "other.sqlite3")


def test_a_library_goes_into_one_file_and_back_unchanged(
    db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """SQLite to PostgreSQL and PostgreSQL to SQLite, every row and every value kept, ids included."""
    db = open_database(db_url)
    fill_a_class(db, tmp_path)
    before = dump(db)
    assert before["exercise"] and before["claimset"] and len(before["trainee"]) >= 3
    done = export_library(db, tmp_path / "class.jsonl.gz")
    db.close()
    assert (tmp_path / "class.jsonl.gz").read_bytes()[:2] == b"\x1f\x8b"  # gzip, as its name says
    assert done.rows == {name: len(rows) for name, rows in before.items()}

    target = open_database(other_backend(db_url, tmp_path, request))
    assert import_library(target, tmp_path / "class.jsonl.gz").rows == done.rows
    assert dump(target) == before
    # new rows get new ids after the imported ones
    with target.write() as session:
        added = repo.add_article("A text added after the import.", session=session)
    assert added.id == max(r["id"] for r in before["article"]) + 1
    target.close()


def test_the_file_is_readable_json_lines_with_a_head_and_an_end(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lib.sqlite3")
    fill_a_class(db, tmp_path)
    export_library(db, tmp_path / "class.jsonl")
    db.close()
    lines = [json.loads(line) for line in (tmp_path / "class.jsonl").read_text(encoding="utf-8").splitlines()]
    head, rows, end = lines[0], lines[1:-1], lines[-1]
    assert head["format"] == "claimmark-library" and head["version"] == 1 and head["schema"] == HEAD
    assert end == {"end": True, "rows": len(rows)}
    order = [r["table"] for r in rows]
    assert order.index("article") < order.index("exercise") < order.index("claimset") < order.index("claim")
    claim = next(r["row"] for r in rows if r["table"] == "claim" and r["row"]["note"] == "ça va")
    assert claim["created_at"].endswith("Z") and "ça va" in (tmp_path / "class.jsonl").read_text(encoding="utf-8")
    assert "entitycache" not in head["tables"]


def test_import_all_fills_only_an_empty_database(db: Database, tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.sqlite3")
    fill_a_class(source, tmp_path)
    export_library(source, tmp_path / "class.jsonl")
    source.close()
    Workspace(db, "kim").open_start()  # the sample and a trainee: not empty
    before = row_counts(db)
    with pytest.raises(LibraryFileProblem, match=r"is not empty \(1 articles, 1 trainees\)"):
        import_library(db, tmp_path / "class.jsonl")
    assert row_counts(db) == before


def changed(lines: list[str], i: int, old: str, new: str) -> list[str]:
    return [*lines[:i], lines[i].replace(old, new, 1), *lines[i + 1 :]]


SPOILED = {
    "cut-short": (lambda lines: lines[:-1], "the file is cut short"),
    "row-missing": (lambda lines: [*lines[:-2], lines[-1]], "the end line counts"),  # the last claim left out
    "reference-missing": (lambda lines: [*lines[:3], *lines[4:]], "the rows do not fit together"),  # an article
    "not-ours": (lambda lines: changed(lines, 0, "claimmark-library", "other"), "not a ClaimMark library file"),
    "newer-format": (lambda lines: changed(lines, 0, '"version": 1', '"version": 7'), "format version 7"),
    "nul": (lambda lines: changed(lines, 2, '"title": "', '"title": "\\u0000'), "NUL character"),
    "surrogate": (lambda lines: changed(lines, 2, '"title": "', '"title": "\\ud800'), "invalid character"),
    "wrong-type": (lambda lines: [*lines[:2], '{"table": "article", "row": {"id": "one"}}', *lines[2:]], "whole"),
    "garbled-line": (lambda lines: [*lines[:2], lines[2][:40], *lines[3:]], "line 3: not valid JSON"),
}


@pytest.mark.parametrize(("spoil", "words"), SPOILED.values(), ids=SPOILED.keys())
def test_a_bad_library_file_changes_nothing(db: Database, tmp_path: Path, spoil, words: str) -> None:
    """Every row is checked, and all go in one transaction: the database stays empty (on both backends)."""
    source = open_database(tmp_path / "source.sqlite3")
    fill_a_class(source, tmp_path)
    export_library(source, tmp_path / "class.jsonl")
    source.close()
    lines = (tmp_path / "class.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "bad.jsonl").write_text("\n".join(spoil(lines)) + "\n", encoding="utf-8")
    with pytest.raises(LibraryFileProblem) as info:
        import_library(db, tmp_path / "bad.jsonl")
    assert words in str(info.value) and "bad.jsonl" in str(info.value)
    assert set(row_counts(db).values()) <= {0, 1}  # nothing but alembic_version's row
    assert sum(row_counts(db).values()) == 1


def test_what_a_damaged_library_still_holds_is_saved_and_the_rest_is_counted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "lib.sqlite3"
    db = open_database(path)
    opened = Workspace(db, "kim").open_start()
    for i in range(400):  # enough claims for several pages
        ops.run(db, ops.AddClaim(opened.claim_set_id, i % 50, i % 50 + 3, Tag.CONFIRMED, note=f"mine {i} " + "x" * 80))
    db.close()
    page = files.read_header(path).page_size
    pages = path.stat().st_size // page
    with path.open("r+b") as fh:  # one page near the end: some claims are lost, the rest can be read
        fh.seek(page * (pages - 3))
        fh.write(os.urandom(page))
    assert main(["export", "--db", str(path), "--all", str(tmp_path / "rescued.jsonl.gz")]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "could not be read from the damaged library" in err
    with gzip.open(tmp_path / "rescued.jsonl.gz", "rt", encoding="utf-8") as fh:
        rescued = [json.loads(line) for line in fh]
    notes = [r["row"]["note"] for r in rescued if r.get("table") == "claim" and r["row"]["note"].startswith("mine")]
    assert 100 < len(notes) < 400
    fresh = open_database(tmp_path / "new.sqlite3")
    import_library(fresh, tmp_path / "rescued.jsonl.gz")  # what was saved goes into a new library
    assert len([n for n in dump(fresh)["claim"] if n["note"].startswith("mine")]) == len(notes)
    fresh.close()


def test_export_all_and_import_all_on_the_command_line(tmp_path: Path, capsys) -> None:
    db = open_database(tmp_path / "lib.sqlite3")
    fill_a_class(db, tmp_path)
    db.close()
    assert main(["export", "--db", str(tmp_path / "lib.sqlite3"), "--all", str(tmp_path / "class.jsonl")]) == 0
    assert "wrote" in capsys.readouterr().err
    assert main(["import-all", "--db", str(tmp_path / "new.sqlite3"), str(tmp_path / "class.jsonl")]) == 0
    assert "(2 articles, 1 exercises, 4 trainees, " in capsys.readouterr().err
    assert main(["import-all", "--db", str(tmp_path / "new.sqlite3"), str(tmp_path / "class.jsonl")]) == 2
    assert "is not empty" in capsys.readouterr().err
