"""Reading cues on a long article: found in the background, drawn, and the window's longest freeze.

One offscreen process on a fresh SQLite file, through the window the program uses
(``claimmark.gui.app.build_window``), on an article of the learner's own (View > Reading cues on):
the time from opening until the entities are drawn, then until the cues are drawn (every block),
and the longest gap between the ticks of a 5 ms timer on the GUI thread from the entities to the
cues; then the article opened again, its cues from the cache.

Inputs: the English reference texts of the news-page corpus (``benchmarks/_corpus.py``, default
``../shared/corpus/news-pages``, or ``--corpus``), joined until the article is long enough.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from benchmarks._corpus import DEFAULT_CORPUS, long_article
from benchmarks._qt import FreezeMeter, wait
from claimmark.core.nlp import best_pipeline
from claimmark.core.reader import cues as cues_module
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.gui.app import build_window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--piece", type=int, help="characters per parsed piece (cues.CHUNK_CHARS by default)")
    args = parser.parse_args()
    if args.piece:
        cues_module.CHUNK_CHARS = args.piece
    app = QApplication([])
    app.setOrganizationName("ClaimMarkBenchmark")
    QSettings().setValue("reader/reading_cues", True)
    QSettings().setValue("practice/at_start", False)
    pipeline = best_pipeline()
    if pipeline is None:
        print("no spaCy pipeline installed: nothing to measure")
        return
    text = long_article(args.words, args.corpus)
    db = open_database(Path(tempfile.mkdtemp()) / "cues.sqlite3")
    with db.write() as session:
        article_id = repo.add_article(text, session=session, title="Long article").id
        sample = repo.add_article("A short other article, said nobody.", session=session, title="Other").id
    window = build_window(Workspace(db, "bench"), pipeline)
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    print(
        f"article: {len(text.split()):,} words, {len(text):,} characters; pieces of {cues_module.CHUNK_CHARS:,} "
        f"characters; load average {os.getloadavg()[0]:.1f}"
    )

    def done() -> bool:
        return window.view.cues is not None and window.view.highlighter.pending() == 0

    meter = FreezeMeter()
    t = time.perf_counter()
    window.open(lambda s: s.open_article(article_id))
    wait(app, lambda: bool(window.entities.entities) and window.view.highlighter.pending() == 0)
    entities = time.perf_counter() - t
    meter.start()
    wait(app, done)
    cues = time.perf_counter() - t
    freeze = meter.stop()
    found = window.view.cues
    assert found is not None
    print(
        f"entities drawn {entities:.1f} s after opening; {len(found.cues):,} cues and {len(found.attributions):,} "
        f"attributions drawn {cues - entities:.1f} s after them; longest GUI freeze from the entities to the cues "
        f"{freeze:.0f} ms (target <= 100 ms)"
    )
    window.open(lambda s: s.open_article(sample))
    wait(app, lambda: window.reading_cues is not None)
    meter.start()
    t = time.perf_counter()
    window.open(lambda s: s.open_article(article_id))
    wait(app, done)
    again = time.perf_counter() - t
    print(f"opened again: cues from the cache drawn in {again * 1000:.0f} ms; longest freeze {meter.stop():.0f} ms")
    window.close()


if __name__ == "__main__":
    main()
