"""``claimmark import`` and ``claimmark clean``: output lines, exit codes, messages naming files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimmark.core.cli import main
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.models import Article

GLUED = (
    "Storm leaves thousands without power\n\n"
    "Heavy rain swept across the region on Tuesday, the utility companyNorthern Grid said. "
    "Officials warned that repairs could takeseveral days."
)
OTHER = "Bridge reopens after repairs\n\nThe bridge over the river reopened on Monday, officials said."


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "storm.txt").write_text(GLUED, encoding="utf-8")
    (tmp_path / "bridge.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return {name: str(tmp_path / name) for name in ("storm.txt", "bridge.md", "empty.txt")}


def articles(db_url: str) -> list[Article]:
    db = open_database(db_url)
    try:
        with db.read() as session:
            return repo.all_articles(session=session)
    finally:
        db.close()


def test_import_prints_id_and_title_per_article_and_applies_repairs(db_url, files, capsys) -> None:
    code = main(["import", "--db", db_url, files["storm.txt"], files["bridge.md"]])
    out, err = capsys.readouterr()
    assert code == 0
    stored = articles(db_url)
    assert out.splitlines() == [f"{a.id}\t{a.title}" for a in stored]
    assert [a.title for a in stored] == ["Storm leaves thousands without power", "Bridge reopens after repairs"]
    storm = stored[0]
    assert "company Northern" in storm.text and "take several" in storm.text and storm.original_text == GLUED
    assert "storm.txt: repaired 2 glued words" in err and "--no-repair" in err


def test_a_failed_file_is_named_on_stderr_and_the_others_are_imported(db_url, files, capsys, tmp_path) -> None:
    missing = str(tmp_path / "gone.html")
    code = main(["import", "--db", db_url, files["empty.txt"], files["storm.txt"], missing])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) == 1 and out.split("\t")[1].strip() == "Storm leaves thousands without power"
    assert f"claimmark: {files['empty.txt']}: the file is empty" in err
    assert f"claimmark: {missing}: the file was not found" in err
    assert "2 of 3 files could not be imported" in err
    assert len(articles(db_url)) == 1


def test_only_bad_files_leave_the_database_empty(db_url, files, capsys) -> None:
    assert main(["import", "--db", db_url, files["empty.txt"]]) == 1
    assert capsys.readouterr().out == ""
    assert articles(db_url) == []


def test_a_text_already_in_the_library_is_not_imported_again(db_url, files, capsys) -> None:
    main(["import", "--db", db_url, files["storm.txt"]])
    first = capsys.readouterr().out
    code = main(["import", "--db", db_url, files["storm.txt"]])
    out, err = capsys.readouterr()
    assert code == 0 and out == first
    assert "already in the library" in err
    assert len(articles(db_url)) == 1


def test_no_repair_stores_the_text_as_read(db_url, files, capsys) -> None:
    assert main(["import", "--db", db_url, "--no-repair", files["storm.txt"]]) == 0
    (article,) = articles(db_url)
    assert article.text == GLUED and article.original_text is None
    assert "repaired" not in capsys.readouterr().err


def test_non_english_text_is_imported_with_a_warning(db_url, tmp_path, capsys) -> None:
    path = tmp_path / "hk.txt"
    path.write_text("香港行政长官在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向民众道歉。", encoding="utf-8")
    assert main(["import", "--db", db_url, str(path)]) == 0
    assert "entity highlighting is English-only" in capsys.readouterr().err


def test_import_help_says_repairs_are_applied(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "repair is applied" in help_text and "--no-repair" in help_text


def test_clean_prints_the_repaired_text_and_one_line_per_change(files, capsys) -> None:
    assert main(["clean", files["storm.txt"]]) == 0
    out, err = capsys.readouterr()
    assert out == GLUED.replace("companyNorthern", "company Northern").replace("takeseveral", "take several") + "\n"
    changes = [line for line in err.splitlines() if line.startswith("pos ")]
    position = GLUED.index("Northern")
    assert changes[0].startswith(f"pos {position}: companyNorthern -> company Northern (")
    assert changes[1].startswith(f"pos {GLUED.index('several')}: takeseveral -> take several (")
    assert err.splitlines()[-1] == "claimmark: 2 changes"


def test_clean_reads_standard_input(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("The mayor said the bridge would reopen.Officials agreed."))
    assert main(["clean", "-"]) == 0
    out, err = capsys.readouterr()
    assert out == "The mayor said the bridge would reopen. Officials agreed.\n"
    assert "pos 39: reopen.Officials -> reopen. Officials" in err


def test_clean_names_a_bad_file_and_fails(files, capsys) -> None:
    assert main(["clean", files["empty.txt"]]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"claimmark: {files['empty.txt']}: the file is empty")


def test_clean_leaves_web_pages_alone_and_says_why(tmp_path, capsys) -> None:
    page = tmp_path / "page.html"
    paragraph = "<p>The bridge reopened on Monday after repairs that took three months, officials said today.</p>"
    page.write_text(f"<html><body><article>{paragraph * 5}</article></body></html>", encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    assert "spacing comes from its markup" in capsys.readouterr().err
