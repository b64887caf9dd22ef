"""``claimmark cues FILE``: one JSON object per line with code-point offsets into the text as read,
a readable text format, and clear errors (missing file, no pipeline installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimmark.core import nlp
from claimmark.core.cli import main

# an emoji before every cue, a headline without a full stop, and CRLF-free plain text
TEXT = (
    "Harbour 🚢 report\n\n"
    "About 40 boats may have sunk, the harbour master said. "
    "According to a coastguard report, the storm could return."
)


def at(phrase: str) -> list[int]:
    start = TEXT.index(phrase)
    return [start, start + len(phrase)]


@pytest.fixture
def article(tmp_path: Path) -> str:
    path = tmp_path / "harbour.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def test_jsonl_prints_each_cue_and_attribution_with_exact_offsets(article: str, capsys) -> None:
    assert main(["cues", article, "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    cues = [line for line in lines if line["type"] == "cue"]
    attributions = [line for line in lines if line["type"] == "attribution"]
    assert cues == [
        {"type": "cue", "start": at("About")[0], "end": at("About")[1], "kind": "estimate"},
        {"type": "cue", "start": at("may")[0], "end": at("may")[1], "kind": "hedge"},
        {"type": "cue", "start": at("said")[0], "end": at("said")[1], "kind": "attribution"},
        {"type": "cue", "start": at("According to")[0], "end": at("According to")[1], "kind": "attribution"},
        {"type": "cue", "start": at("could")[0], "end": at("could")[1], "kind": "hedge"},
    ]
    assert attributions == [
        {
            "type": "attribution",
            "cue": at("said"),
            "source": at("the harbour master"),
            "content": at("About 40 boats may have sunk"),
            "source_kind": "named",
        },
        {
            "type": "attribution",
            "cue": at("According to"),
            "source": at("a coastguard report"),
            "content": at("the storm could return"),
            "source_kind": "document",
        },
    ]
    assert lines.index(attributions[0]) > lines.index(cues[-1])  # cues first, then who said what
    assert "2 hedges, 1 estimate, 2 attributions, 2 who-said-what" in err


def test_the_text_format_is_one_readable_line_per_cue(article: str, capsys) -> None:
    assert main(["cues", article]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    start, end = at("About")
    assert f"{start}-{end}\testimate\t'About'\t'about' marks an estimate" in lines[0]
    assert any("source" in line and "'a coastguard report' (document or data)" in line for line in lines)


def test_a_missing_file_is_named(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "gone.txt"
    assert main(["cues", str(missing)]) == 1
    _, err = capsys.readouterr()
    assert f"claimmark: {missing}: the file was not found" in err


def test_without_a_pipeline_the_install_command_is_given(article: str, capsys, monkeypatch) -> None:
    monkeypatch.setattr(nlp, "installed_pipelines", lambda lang="en": [])
    assert main(["cues", article, "--format", "jsonl"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "no English spaCy pipeline is installed" in err and nlp.INSTALL_COMMAND in err
