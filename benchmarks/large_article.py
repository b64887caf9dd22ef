"""A 100,000-word article with 5,000 claims: NER time, open time, edit latency, GUI freezes.

Runs in one offscreen process on a fresh SQLite file, through the same window and session the
program uses (``claimmark.gui.app.build_window``):

1. entities found in the background on the new article (no claims yet), the window watched for
   freezes by a 5 ms timer on the GUI thread;
2. ``--claims`` claims (5,000 by default) stored in the trainee's claim set, then the article
   re-opened with its entities cached: the time until the text, the claims list and the
   highlights on screen are shown, the time until every highlight in the article is drawn, and
   the longest freeze meanwhile;
3. ``--tags`` edits, each timed from the request (what pressing 1/2/3 does) until the claim is
   committed to the database and its highlight and list row are drawn: new tags, retags of the
   same words, and undo.

Inputs: the English reference texts of the news-page corpus (``benchmarks/_corpus.py``, default
``../shared/corpus/news-pages``, or ``--corpus``), joined until the article is long enough.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from benchmarks._corpus import DEFAULT_CORPUS, long_article
from benchmarks._qt import FreezeMeter, wait
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.nlp import best_pipeline
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.tokens import TokenIndex
from claimmark.gui.app import build_window
from claimmark.gui.reader.main_window import MainWindow


def figures(values: list[float]) -> str:
    ordered = sorted(values)
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, 95th {ordered[int(len(ordered) * 0.95) - 1] * 1000:.1f} "
        f"ms, max {ordered[-1] * 1000:.1f} ms"
    )


def random_spans(text: str, count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` different word spans of one to ten words, spread over the text."""
    index = TokenIndex(text)
    rng = random.Random(seed)
    spans: set[tuple[int, int]] = set()
    while len(spans) < count:
        first = rng.randrange(0, len(index) - 12)
        last = first + rng.randrange(0, 10)
        if index.text[index.starts[first]].isalnum() and index.text[index.starts[last]].isalnum():
            spans.add((index.starts[first], index.ends[last]))
    return sorted(spans)


def drawn(app: QApplication, window: MainWindow) -> None:
    """Until every highlight is drawn."""
    wait(app, lambda: window.view.highlighter.pending() == 0)


def timed_edit(app: QApplication, window: MainWindow, edit: Callable[[], object]) -> float:
    t = time.perf_counter()
    edit()
    window.view.viewport().repaint()
    window.panel.table.viewport().repaint()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=5_000, help="claims stored before the edits are timed")
    parser.add_argument("--tags", type=int, default=200, help="edits of each kind to time")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    app = QApplication([])
    pipeline = best_pipeline()
    text = long_article(args.words, args.corpus)
    words = len(text.split())
    folder = tempfile.mkdtemp()
    db = open_database(Path(folder) / "large.sqlite3")
    with db.write() as session:
        article = repo.add_article(text, session=session, title="Long article")
        article_id = article.id
    assert article_id is not None
    workspace = Workspace(db, "bench")
    window = build_window(workspace, pipeline)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    print(f"article: {words:,} words, {len(text):,} characters, {text.count(chr(10) * 2) + 1:,} paragraphs")

    # 1. cold: NER in the background while the GUI thread is watched for freezes
    if pipeline is not None:
        meter = FreezeMeter()
        t = time.perf_counter()
        window.open(lambda s: s.open_article(article_id))
        opened = time.perf_counter() - t
        meter.start()
        wait(app, lambda: bool(window.entities.entities) and window.view.highlighter.pending() == 0)
        ner = time.perf_counter() - t
        freeze = meter.stop()
        print(f"first open (text shown, NER started): {opened * 1000:.0f} ms")
        print(
            f"entities found off the GUI thread and drawn: {len(window.entities.entities):,} in {ner:.1f} s "
            f"({words / ner:,.0f} words/s); longest GUI freeze meanwhile {freeze:.0f} ms (target <= 100 ms)"
        )
    else:
        print("no spaCy pipeline installed: entity figures skipped")

    # 2. many claims, cached entities: open and re-open
    opened_claims = workspace.open_article(article_id)
    spans = random_spans(text, args.claims + args.tags, seed=7)
    rng = random.Random(11)
    stored = rng.sample(spans, args.claims)
    fresh = sorted(set(spans) - set(stored))
    with db.write() as session:
        repo.replace_claims(
            opened_claims.claim_set_id, [ClaimSpan(s, e, rng.choice(list(Tag))) for s, e in stored], session=session
        )
    opens, complete, freezes = [], [], []
    for _ in range(3):
        window.open(lambda s: s.open_sample())  # away, so each open below is a re-open
        drawn(app, window)
        app.processEvents()
        meter = FreezeMeter()
        meter.start()
        t = time.perf_counter()
        shown: list[float] = []

        def reopen() -> None:  # from the event loop, as a click in the library does
            window.open(lambda s: s.open_article(article_id))
            window.view.viewport().repaint()
            window.panel.table.viewport().repaint()
            shown.append(time.perf_counter() - t)  # noqa: B023 (run in this turn of the loop)

        QTimer.singleShot(0, reopen)
        wait(app, lambda: bool(shown))  # noqa: B023
        opens.append(shown[0])
        wait(app, lambda: pipeline is None or bool(window.entities.entities))
        drawn(app, window)
        complete.append(time.perf_counter() - t)
        wait(app, lambda: time.perf_counter() - t > complete[-1] + 0.2)  # noqa: B023 (and a little after)
        freezes.append(meter.stop())
        assert len(window.claims) == args.claims
        if pipeline is not None:
            assert "from cache" in window.entity_status.text()
    entities = f"{len(window.entities.entities):,} cached entities" if pipeline is not None else "no entities"
    print(
        f"open with {args.claims:,} claims and {entities}: shown in median {statistics.median(opens) * 1000:.0f} ms "
        f"(target <= 500 ms), every highlight drawn {statistics.median(complete) * 1000:.0f} ms, "
        f"longest freeze {max(freezes):.0f} ms (target <= 100 ms); {len(opens)} re-opens"
    )

    # 3. edits among the claims: tag, retag, undo
    tags, retags, undos = [], [], []
    for start, end in fresh[: args.tags]:
        window.view.select_span(start, end)
        window.view.ensureCursorVisible()
        before = len(window.claims)
        tag = rng.choice(list(Tag))
        tags.append(timed_edit(app, window, lambda: window.tag_span(start, end, tag)))  # noqa: B023
        assert len(window.claims) == before + 1
        other = next(t for t in Tag if t != tag)
        retags.append(timed_edit(app, window, lambda: window.tag_span(start, end, other)))  # noqa: B023
    for _ in range(2 * args.tags):  # every retag, then every tag
        undos.append(timed_edit(app, window, window.undo))
    assert len(window.claims) == args.claims
    with db.read() as session:
        assert len(repo.list_claims(opened_claims.claim_set_id, session=session)) == args.claims
    print(
        f"with {args.claims:,} claims, edit -> committed and drawn ({args.tags} of each; target median <= 20 ms, "
        f"max <= 50 ms):"
    )
    print(f"  tag   {figures(tags)}")
    print(f"  retag {figures(retags)}")
    print(f"  undo  {figures(undos)} ({len(undos)} undos: the retags, then the tags)")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    window.close()
    db.close()


if __name__ == "__main__":
    main()
