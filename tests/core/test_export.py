"""Export: JSONL spans that spaCy's Doc.char_span accepts, CSV rows, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import spacy

from claimmark.core.claims import Tag
from claimmark.core.cli import main
from claimmark.core.exporting import records, write_csv, write_jsonl
from claimmark.core.identity import named_uid
from claimmark.core.nlp import Recognizer, best_pipeline
from claimmark.core.reader import operations as ops
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.models import Claim
from claimmark.core.tokens import TokenIndex

TEXT = "😀 Officials said about 600 soldiers were killed, and “thousands” more 🙁 injured — South Korea's spy agency."


def tag(db, claim_set_id: int, words: str, t: Tag, note: str = "") -> None:
    start = TEXT.index(words)
    span = TokenIndex(TEXT).snap(start, start + len(words))
    assert span is not None
    ops.run(db, ops.AddClaim(claim_set_id, span[0], span[1], t, note=note, source="spy agency"))


@pytest.fixture
def worked_db(tmp_path: Path):
    db = open_database(tmp_path / "x.sqlite3")
    with db.write() as session:
        article = repo.add_article(TEXT, session=session, title="Emoji report")
        repo.add_article("Nobody has read this one.", session=session, title="Untouched")
        trainee = repo.get_or_create_trainee(named_uid("ann"), "ann", session=session)
        claim_set_id = repo.get_claim_set(article.id, session=session, trainee_id=trainee.id).id
    tag(db, claim_set_id, "about 600 soldiers were killed", Tag.ESTIMATED, "approximate")
    tag(db, claim_set_id, "thousands” more 🙁 injured", Tag.ESTIMATED)
    tag(db, claim_set_id, "South Korea's spy agency", Tag.UNVERIFIED)
    pipeline = best_pipeline()
    assert pipeline is not None
    found = Recognizer(pipeline).run(TEXT)
    assert found is not None
    with db.write() as session:
        repo.store_entities(article.text_hash, pipeline.name, pipeline.version, found.to_payload(), session=session)
    yield db
    db.close()


def test_jsonl_spans_are_accepted_by_spacy(worked_db) -> None:
    out = io.StringIO()
    assert write_jsonl(records(worked_db), out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    worked = next(r for r in rows if r["meta"]["trainee"] == "ann")
    untouched = next(r for r in rows if r["meta"]["trainee"] is None)
    assert untouched["spans"] == [] and untouched["meta"]["title"] == "Untouched"
    assert worked["text"] == TEXT
    assert [s["label"] for s in worked["spans"]] == ["estimated", "estimated", "unverified"]
    assert worked["entities"] and worked["meta"]["model"]
    doc = spacy.blank("en").make_doc(worked["text"])
    for span in worked["spans"] + worked["entities"]:
        made = doc.char_span(span["start"], span["end"], label=span["label"])
        assert made is not None, span
        assert made.text == TEXT[span["start"] : span["end"]]
    assert TEXT[worked["spans"][1]["start"] : worked["spans"][1]["end"]] == "thousands” more 🙁 injured"


def test_csv_has_one_row_per_claim(worked_db) -> None:
    out = io.StringIO()
    assert write_csv(records(worked_db, trainee="ann"), out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["text"] == "about 600 soldiers were killed" and rows[0]["note"] == "approximate"
    assert {r["trainee"] for r in rows} == {"ann"}


def test_cli_export_writes_files(worked_db, tmp_path: Path, capsys) -> None:
    out = tmp_path / "claims.jsonl"
    assert main(["export", "--db", worked_db.url, "--format", "jsonl", "--out", str(out), "--trainee", "ann"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["meta"]["trainee"] == "ann"
    assert main(["export", "--db", worked_db.url, "--format", "csv"]) == 0
    assert "about 600 soldiers were killed" in capsys.readouterr().out


def test_cli_export_with_a_bad_database_says_so(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite")
    assert main(["export", "--db", str(bad), "--format", "jsonl"]) == 2
    assert "not a ClaimMark database" in capsys.readouterr().err


def test_ones_own_work_is_exported_by_id_where_two_share_a_name(worked_db) -> None:
    with worked_db.write() as session:
        article = repo.add_article("Another ann's article. Police said so.", session=session, title="Other")
        other = repo.get_or_create_trainee("5d9f1c2e-3b4a-4c6d-8e7f-9a0b1c2d3e4f", "ann", session=session)
        claim_set = repo.get_claim_set(article.id, session=session, trainee_id=other.id)
        session.add(Claim(claim_set_id=claim_set.id, start=0, end=7, tag="confirmed"))
    by_name = list(records(worked_db, trainee="ann"))
    assert len(by_name) == 2  # the command line's --trainee: every trainee of that name
    mine = list(records(worked_db, trainee_uid=named_uid("ann")))
    assert [r["meta"]["title"] for r in mine] == ["Emoji report"] and mine[0]["meta"]["trainee_id"] == named_uid("ann")
