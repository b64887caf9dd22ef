"""The import pipeline and library operations, on SQLite and PostgreSQL, through core.library."""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from claimmark.core import library
from claimmark.core.claims import Tag
from claimmark.core.identity import named_uid
from claimmark.core.importing import MAX_BYTES, ImportProblem
from claimmark.core.importing.mojibake import Fix
from claimmark.core.library import PastedText, applied_repairs, find_existing, prepare_import, store_import
from claimmark.core.reader import operations as ops
from claimmark.core.repair import Join
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article
from tests.helpers import GLUED, row_counts

DATA = Path(__file__).resolve().parents[1] / "data"
HTML_PAGE = (
    "<html lang='en'><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
    + "<p>The bridge reopened on Monday after repairs that took<a href='#'>three months</a>, officials said.</p>" * 6
    + "</article></body></html>"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def stored(db: Database, article_id: int) -> Article:
    with db.read() as session:
        article = session.get(Article, article_id)
        assert article is not None
        return article


def test_glued_text_file_is_prepared_with_joins_and_no_database(tmp_path) -> None:
    prepared = prepare_import(write(tmp_path, "storm.txt", GLUED))
    assert prepared.repair_checked and prepared.name == "storm.txt"
    glued = {j.left + j.right for j in prepared.joins}
    assert {"companyNorthern", "takeseveral", "spokeswomanMaria"} <= glued
    assert prepared.original == GLUED  # nothing applied until the caller decides


def test_only_accepted_joins_are_stored_and_the_original_is_kept(db, tmp_path) -> None:
    prepared = prepare_import(write(tmp_path, "storm.txt", GLUED))
    rejected = next(j for j in prepared.joins if j.left + j.right == "takeseveral")
    accepted = [j for j in prepared.joins if j is not rejected]

    article = store_import(db, prepared, accepted)

    kept = stored(db, article.id)
    assert "company Northern" in kept.text and "spokeswoman Maria" in kept.text
    assert "takeseveral" in kept.text  # the rejected join stays glued
    assert kept.original_text == GLUED
    assert kept.text.replace(" ", "") == GLUED.replace(" ", "")  # repair only inserts spaces
    assert kept.title == "Storm leaves thousands without power"
    assert kept.source_name == "storm.txt"
    assert [j.position for j in applied_repairs(kept.original_text, kept.text)] == [j.position for j in accepted]


def test_rejecting_every_join_stores_the_text_as_it_came(db, tmp_path) -> None:
    prepared = prepare_import(write(tmp_path, "storm.txt", GLUED))
    article = store_import(db, prepared, [])
    kept = stored(db, article.id)
    assert kept.text == GLUED and kept.original_text is None
    assert applied_repairs(kept.original_text, kept.text) == []


def test_a_repair_that_was_not_proposed_is_refused_and_nothing_is_stored(db, tmp_path) -> None:
    prepared = prepare_import(write(tmp_path, "storm.txt", GLUED))
    stray = Join(3, "Sto", "rm", "made up", 1.0)
    before = row_counts(db)
    with pytest.raises(ValueError, match="not proposed"):
        store_import(db, prepared, [stray])
    assert row_counts(db) == before


def test_glued_first_line_title_is_repaired_with_the_text(db) -> None:
    prepared = prepare_import(PastedText("Kim hailsfallen soldiers\nNorth Korean leaderKim Jong Un spoke on Friday."))
    article = store_import(db, prepared, prepared.joins)
    assert article.title == "Kim hails fallen soldiers"
    assert prepared.name == "pasted text" and article.source_name == "pasted text"


def test_pasted_text_without_a_headline_gets_a_title_from_its_first_words(db) -> None:
    words = "Officials said on Tuesday that the bridge over the river would reopen next week after repairs."
    article = store_import(db, prepare_import(PastedText(words)), [])
    assert article.title == "Officials said on Tuesday that the bridge over the river…"


def test_a_title_from_the_first_words_is_taken_from_the_repaired_text(db) -> None:
    """A paste that opens with one long sentence has no headline: its first words make the title,
    with the spaces the review accepted, not as they were glued."""
    glued = (
        "North Korean leaderKim Jong Unhailed his country's fallen soldiers inRussia's war against Ukraine "
        "as heroes at an emotional award ceremony, state media said Friday, in a rare public admission."
    )
    prepared = prepare_import(PastedText(glued))
    assert prepared.joins
    article = store_import(db, prepared, prepared.joins)
    assert article.title == "North Korean leader Kim Jong Un hailed his country's fallen…"
    kept_glued = store_import(db, prepared, [])
    assert kept_glued.title.startswith("North Korean leaderKim Jong Unhailed")  # what was stored, as stored


def test_html_and_non_english_text_are_not_repaired(tmp_path) -> None:
    page = prepare_import(write(tmp_path, "bridge.html", HTML_PAGE))
    assert page.imported.format == "html" and not page.repair_checked and page.joins == ()
    chinese = prepare_import(
        PastedText("香港行政长官在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向民众道歉。")
    )
    assert chinese.non_english and chinese.imported.language == "zh"
    assert not chinese.repair_checked and chinese.joins == ()
    no_repair = prepare_import(PastedText(GLUED), repair=False)
    assert no_repair.joins == () and not no_repair.repair_checked


def test_the_same_text_is_found_as_already_in_the_library(db, tmp_path) -> None:
    path = write(tmp_path, "storm.txt", GLUED)
    first = prepare_import(path)
    assert find_existing(db, first) is None
    article = store_import(db, first, first.joins[:1])

    again = find_existing(db, prepare_import(path))  # same original text, other repairs chosen
    assert again == library.ArticleRef(article.id, article.title)
    pasted = find_existing(db, prepare_import(PastedText(GLUED)))
    assert pasted is not None and pasted.id == article.id


def test_a_repaired_copy_and_its_glued_original_are_the_same_article(db) -> None:
    glued = prepare_import(PastedText(GLUED))
    clean = store_import(db, prepare_import(PastedText(glued.text_with(glued.joins)), repair=False))
    found = find_existing(db, glued)
    assert found is not None and found.id == clean.id


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n\t ", "blank space"),
        (
            "menu.html",
            b"<html><body><nav><a href='/'>Home</a></nav><script>var a=1;</script></body></html>",
            "no article",
        ),
        ("bad.txt", codecs.BOM_UTF8 + b"valid start \xff\xfe\xfd then \xc3\x28 invalid", "damaged"),
    ],
)
def test_bad_files_raise_a_message_naming_them_and_leave_the_database_alone(
    db, tmp_path, name: str, content: bytes, expected: str
) -> None:
    path = write(tmp_path, name, content)
    before = row_counts(db)
    (outcome,) = library.import_sources(db, [path])
    assert outcome.article is None and outcome.problem is not None
    assert outcome.problem.startswith(path) and expected in outcome.problem
    assert row_counts(db) == before


def test_a_folder_a_missing_file_and_a_too_large_file_change_nothing(db, tmp_path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    missing = tmp_path / "gone.txt"
    large = tmp_path / "huge.txt"
    with large.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no 20 MB written
    before = row_counts(db)
    outcomes = list(library.import_sources(db, [str(folder), str(missing), str(large)]))
    assert row_counts(db) == before
    problems = [o.problem or "" for o in outcomes]
    assert problems[0].startswith(str(folder)) and "folder" in problems[0]
    assert problems[1].startswith(str(missing)) and "not found" in problems[1]
    assert problems[2].startswith(str(large)) and "too large" in problems[2]
    assert all(o.article is None for o in outcomes)


def test_a_file_that_vanishes_while_it_is_read_is_a_problem_not_a_crash(db, tmp_path, monkeypatch) -> None:
    path = write(tmp_path, "storm.txt", GLUED)
    real_open = open

    def vanishing_open(file, *args, **kwargs):
        if os.fspath(file) == path:
            os.remove(path)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", vanishing_open)
    before = row_counts(db)
    with pytest.raises(ImportProblem, match=r"storm\.txt: the file was not found"):
        prepare_import(path)
    assert row_counts(db) == before


def test_import_sources_keeps_going_past_failures_and_skips_duplicates(db, tmp_path) -> None:
    good = write(tmp_path, "storm.txt", GLUED)
    empty = write(tmp_path, "empty.txt", b"")
    outcomes = list(library.import_sources(db, [good, empty, good]))
    first, failed, repeat = outcomes
    assert first.article is not None and not first.existing and first.repairs >= 3
    assert failed.problem is not None and failed.problem.startswith(empty)
    assert repeat.existing and repeat.article == first.article
    with db.read() as session:
        assert len(repo.list_articles(session=session)) == 1
        article = session.get(Article, first.article.id)
        assert article is not None and article.original_text == GLUED and "company Northern" in article.text


def test_details_are_updated_in_one_transaction_and_cut_to_fit(db) -> None:
    article = store_import(db, prepare_import(PastedText(GLUED)), [])
    updated = library.update_details(
        db, article.id, title="  New   title ", outlet="Daily  News", published="2024-05-01", url="https://x.test/a"
    )
    assert (updated.title, updated.outlet, updated.published) == ("New title", "Daily News", "2024-05-01")
    library.update_details(db, article.id, author="A" * 300)
    assert stored(db, article.id).author == "A" * 200
    with pytest.raises(ValueError, match="not article details"):
        library.update_details(db, article.id, text="changed")
    with pytest.raises(LookupError):
        library.update_details(db, 999_999, title="x")


def test_delete_counts_every_claim_and_removes_them(db) -> None:
    article = store_import(db, prepare_import(PastedText(GLUED)), [])
    other = store_import(db, prepare_import(PastedText("Another article entirely, with words.")), [])
    with db.write() as session:
        trainee = repo.get_or_create_trainee(named_uid("ann"), "ann", session=session)
        claim_set = repo.get_claim_set(article.id, session=session, trainee_id=trainee.id)
        key_set = repo.get_claim_set(article.id, session=session, trainee_id=None, role="key")
        assert claim_set is not None and key_set is not None
        ids = (claim_set.id, key_set.id)
    for claim_set_id in ids:
        ops.run(db, ops.AddClaim(claim_set_id, 0, 5, Tag.CONFIRMED))
    ops.run(db, ops.AddClaim(ids[0], 6, 12, Tag.UNVERIFIED))

    assert library.deletion_info(db, article.id) == (library.ArticleRef(article.id, article.title), 3)
    library.delete_article(db, article.id)
    assert library.deletion_info(db, article.id) is None
    counts = row_counts(db)
    assert counts["claim"] == 0 and counts["claimset"] == 0 and counts["article"] == 1
    assert library.article_after_delete(db) == other.id
    library.delete_article(db, other.id)
    assert library.article_after_delete(db) is None


def test_applied_repairs_list_every_change_spaces_and_replaced_characters() -> None:
    assert applied_repairs("abcdef", "abc def") == [Join(3, "abc", "def", "space inserted on import", 1.0)]
    assert applied_repairs("abcdef", "abcxdef") == [Fix(3, 3, "", "x", "changed from the text as it came in", 1.0)]
    original = "First line.\nIt donâ€™t matterglued here.\nLast line."
    repaired = "First line.\nIt don’t matter glued here.\nLast line."
    start = original.index("â€™")
    assert applied_repairs(original, repaired) == [
        Fix(start, start + 3, "â€™", "’", "changed from the text as it came in", 1.0),
        Join(original.index("glued"), "matter", "glued", "space inserted on import", 1.0),
    ]
    assert applied_repairs(None, "abc") == []
    assert applied_repairs("abc", "abc") == []


def test_mojibake_is_proposed_for_review_and_applied_only_when_accepted(db) -> None:
    glued_and_garbled = (
        "The mayorâ€™s office said the bridge â€” closed since April â€” would reopen.\nIt donâ\x80\x99t."
    )
    prepared = prepare_import(PastedText(glued_and_garbled))
    assert [(f.was, f.becomes) for f in prepared.fixes] == [
        ("â€™", "’"),
        ("â€”", "—"),
        ("â€”", "—"),
        ("â\x80\x99", "’"),
    ]
    assert all("read as" in f.reason for f in prepared.fixes)
    refused = store_import(db, prepared, [])
    assert "mayorâ€™s" in refused.text and "donâ\x80\x99t" in refused.text  # kept as it came, not dropped
    fixed = store_import(db, prepared, prepared.repairs)
    assert fixed.text == "The mayor’s office said the bridge — closed since April — would reopen.\n\nIt don’t."
    assert [type(r).__name__ for r in applied_repairs(fixed.original_text, fixed.text)] == ["Fix"] * 4


def test_problem_messages_name_the_path_as_given(tmp_path) -> None:
    problem = ImportProblem("{name}: the file is empty.", name="x.txt")
    assert library.problem_for(str(tmp_path / "x.txt"), problem) == f"{tmp_path / 'x.txt'}: the file is empty."
    assert library.problem_for("x.txt", problem) == "x.txt: the file is empty."
    assert library.problem_for("pasted text", ImportProblem("Pasted text: none.")) == "Pasted text: none."
    # the name field is replaced, not text that looks like it: braces in a path are shown as they are
    braces = str(tmp_path / "{draft}" / "x.txt")
    named_twice = ImportProblem("{name}: x.txt is empty.", name="x.txt")
    assert library.problem_for(braces, named_twice) == f"{braces}: x.txt is empty."
    # a message about another file (or none) is left alone
    assert library.problem_for(braces, ImportProblem("{name}: empty.", name="y.txt")) == "y.txt: empty."


def test_the_seed_article_keeps_its_original(db) -> None:
    prepared = prepare_import(str(DATA / "seed_glued.txt"))
    article = store_import(db, prepared, prepared.joins)
    kept = stored(db, article.id)
    assert "leader Kim" in kept.text and kept.original_text is not None and "leaderKim" in kept.original_text


# ---------------------------------------------------------------- the helper process
def test_the_helper_process_prepares_exactly_what_this_process_would(tmp_path) -> None:
    from claimmark.core.library import Preparer, prepare_import

    story = tmp_path / "glued.txt"
    story.write_text("Kim and Putinsigned a pact. Putin said so.\n", encoding="utf-8")
    preparer = Preparer()
    try:
        assert preparer.prepare(str(story)) == prepare_import(str(story))
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        with pytest.raises(ImportProblem) as caught:  # the child's ImportProblem arrives whole
            preparer.prepare(str(empty))
        assert caught.value.message.startswith("empty.txt:") and caught.value.path == str(empty)
    finally:
        preparer.shutdown()


def test_a_dead_helper_process_falls_back_to_this_process(tmp_path, monkeypatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from claimmark.core.library import PastedText, Preparer, prepare_import

    class DeadPool:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("the helper process died")

        def shutdown(self, **kwargs) -> None:
            pass

    preparer = Preparer()
    monkeypatch.setattr(preparer, "_pool", DeadPool())
    source = PastedText("Donald Trumpand Putin met. Trump said so.")
    assert preparer.prepare(source) == prepare_import(source)
    assert preparer._get_pool() is None  # no second attempt at a broken helper


# ---------------------------------------------------------------- cancelling in the helper process
BIG_GLUED = GLUED * 20_000  # 5 MB: about 1.5 s of checking in the helper process


def _until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _in_thread(call) -> tuple[threading.Thread, dict[str, object]]:
    """Run ``call`` in a thread; the dict gets its "result" or "error"."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except BaseException as err:
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _taken_by_helper(preparer: library.Preparer, count: int = 1) -> list:
    """The helper processes once ``count`` calls are waiting and the first is handed to a helper."""
    _until(lambda: len(preparer._calls) >= count and preparer._calls[0].future.running())
    return list(preparer._calls[0].pool._processes.values())


def test_cancel_ends_the_busy_helper_and_the_next_call_gets_a_fresh_one() -> None:
    preparer = library.Preparer()
    cancel = threading.Event()
    try:
        thread, outcome = _in_thread(lambda: preparer.prepare(PastedText(BIG_GLUED), cancel=cancel))
        busy = _taken_by_helper(preparer)
        preparer.cancel(cancel)
        thread.join(30)
        # the big text's result never came back: prepare() returns one that arrives before the cancel
        assert not thread.is_alive() and isinstance(outcome.get("error"), CancelledError)
        if Path("/proc").is_dir():  # ended and reaped by the pool, not left as a zombie
            _until(lambda: not any(Path(f"/proc/{process.pid}").exists() for process in busy))
        _until(lambda: all(process.exitcode is not None for process in busy))
        assert [process.exitcode for process in busy] == [-signal.SIGTERM]

        small = PastedText(GLUED)
        assert preparer.prepare(small) == prepare_import(small)
        fresh = list(preparer._pool._processes.values())
        assert fresh and {p.pid for p in fresh}.isdisjoint({p.pid for p in busy})
    finally:
        preparer.shutdown()


def test_cancel_restarts_other_callers_work_on_a_fresh_helper() -> None:
    preparer = library.Preparer()
    cancel, other = threading.Event(), threading.Event()
    try:
        big, big_outcome = _in_thread(lambda: preparer.prepare(PastedText(BIG_GLUED), cancel=cancel))
        _taken_by_helper(preparer)
        small_source = PastedText(GLUED)
        small, small_outcome = _in_thread(lambda: preparer.prepare(small_source, cancel=other))
        _taken_by_helper(preparer, count=2)  # queued behind the big text
        preparer.cancel(cancel)
        big.join(30)
        small.join(30)
        assert isinstance(big_outcome.get("error"), CancelledError)
        assert small_outcome == {"result": prepare_import(small_source)} and not other.is_set()
        assert preparer._get_pool() is not None  # started again in a helper, not in this process
    finally:
        preparer.shutdown()


def test_a_call_cancelled_before_it_starts_starts_nothing() -> None:
    preparer = library.Preparer()
    cancel = threading.Event()
    preparer.cancel(cancel)
    assert cancel.is_set()
    with pytest.raises(CancelledError):
        preparer.prepare(PastedText(GLUED), cancel=cancel)
    assert preparer._pool is None


def test_warm_up_starts_a_helper_that_loads_the_word_lists() -> None:
    preparer = library.Preparer()
    try:
        preparer.warm_up()
        pool = preparer._pool
        assert pool is not None
        preparer.warm_up()  # one is running: nothing more
        assert preparer._pool is pool
        source = PastedText(GLUED)
        assert preparer.prepare(source) == prepare_import(source)
    finally:
        preparer.shutdown()


_KILLED_PROGRAM = """
import os, signal, sys
from claimmark.core import library
preparer = library.Preparer()
preparer.prepare(library.PastedText("Kim and Putinsigned a pact."))
print(*(p.pid for p in preparer._pool._processes.values()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # a crash: no shutdown, no atexit
"""


def _running(pid: int) -> bool:
    """Still running: neither gone nor a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_the_helper_process_ends_when_the_program_is_killed() -> None:
    root = Path(__file__).resolve().parents[2]
    # the helper inherits the program's output, so read one line and wait for the exit, not for EOF
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_PROGRAM], cwd=root, stdout=subprocess.PIPE, text=True
    ) as program:
        assert program.stdout is not None
        helpers = [int(pid) for pid in program.stdout.readline().split()]
        assert program.wait(timeout=60) == -signal.SIGKILL
    assert helpers
    try:
        _until(lambda: not any(_running(pid) for pid in helpers), timeout=20)
    finally:
        for pid in helpers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_space_the_detector_missed_can_be_added_in_the_review(db) -> None:
    # two lower-case nouns glued: the word lists cannot tell this from a compound, so no join
    text = "Volunteers placed flowervases along the river wall in Rivertown before the ceremony on Sunday."
    prepared = prepare_import(PastedText(text))
    position = text.index("vases")
    assert all(j.position != position for j in prepared.joins)
    added = prepared.space_at(position)
    assert (added.left, added.right, added.reason) == ("flower", "vases", "added by hand in the review")
    article = store_import(db, prepared, [*prepared.joins, added])
    assert "placed flower vases along" in article.text
    for nowhere in (0, len(text), text.index(" along"), text.index(" along") + 1):
        with pytest.raises(ValueError):
            prepared.space_at(nowhere)
    forged = Join(position, "x", "y", "added by hand in the review", 1.0)  # not what space_at makes
    with pytest.raises(ValueError, match="not proposed"):
        store_import(db, prepared, [forged])
