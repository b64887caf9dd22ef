"""`claimmark FILE`, with or without options before it, opens the file in the window."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from claimmark.core.cli import main
from claimmark.core.storage import open_database


@pytest.mark.parametrize(
    "before",
    [[], ["--db", "DB"], ["--trainee", "ann", "--teacher"], ["--db=DB"], ["--article", "3", "--db", "DB"]],
)
def test_a_file_argument_means_open_it(tmp_path: Path, before: list[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A story.", encoding="utf-8")
    seen: list[argparse.Namespace] = []
    argv = [a.replace("DB", str(tmp_path / "x.sqlite3")) for a in before]
    assert main([*argv, str(story)], open_window=lambda args: seen.append(args) or 0) == 0
    assert seen[0].open_file == str(story) and seen[0].command is None


def test_a_command_is_not_taken_for_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """A file called like a command in the working folder does not turn the command into opening it."""
    monkeypatch.chdir(tmp_path)
    Path("export").write_text("A story saved without a suffix.", encoding="utf-8")
    open_database(tmp_path / "x.sqlite3").close()  # export only reads: the library must exist
    opened: list[argparse.Namespace] = []
    argv = ["--db", str(tmp_path / "x.sqlite3"), "export", "--format", "jsonl"]
    assert main(argv, open_window=lambda args: opened.append(args) or 0) == 0
    assert opened == []
    assert '"meta"' not in capsys.readouterr().out  # an empty library exports nothing
