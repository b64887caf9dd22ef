"""What drawing the claim marks costs: a full repaint of the article's viewport, with the reader
drawing 5,000 claims' solid, dashed and wavy lines itself, against the same article without claims.

The article is the bundled sample article repeated to ``--words`` words (no corpus text); the
claims are spread over it at every tag, some overlapping (drawn in lanes).  Each figure is the
median and the maximum of ``--repaints`` synchronous repaints at the top, the middle and the end
of the article, with one claim selected (framed).  Offscreen Qt, one process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from claimmark.core.claims import Tag
from claimmark.core.classroom.sample import load_sample
from claimmark.gui.reader.article_view import ArticleView, ClaimMark


def repaint_times(app: QApplication, view: ArticleView, repaints: int) -> list[float]:
    bar = view.verticalScrollBar()
    times = []
    for place in (0.0, 0.5, 1.0):
        bar.setValue(round(bar.maximum() * place))
        view.highlighter.flush()
        app.processEvents()
        for _ in range(repaints):
            start = time.perf_counter()
            view.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--repaints", type=int, default=30)
    args = parser.parse_args()
    app = QApplication([])
    sample = load_sample().text
    words = sample.split()
    paragraphs = []
    count = 0
    while count < args.words:
        paragraphs.append(sample)
        count += len(words)
    text = "\n".join(paragraphs)
    view = ArticleView()
    view.resize(900, 800)
    view.set_article(text)
    view.show()
    app.processEvents()
    step = max(1, len(text) // args.claims)
    claims = []
    for i in range(args.claims):
        start = i * step
        end = min(len(text), start + step * (2 if i % 7 == 0 else 1) - 1)  # every 7th overlaps the next
        claims.append(ClaimMark(i + 1, start, end, list(Tag)[i % 3]))
    without = repaint_times(app, view, args.repaints)
    view.set_claims(claims)
    view.mark_claim(claims[len(claims) // 2].claim_id, scroll=False)
    with_claims = repaint_times(app, view, args.repaints)
    print(f"article: {len(text.split()):,} words, {args.claims:,} claims; {args.repaints} repaints at 3 places")
    for name, times in (("no claims", without), ("claims drawn", with_claims)):
        print(f"  {name:13} median {statistics.median(times):6.2f} ms   max {max(times):6.2f} ms")


if __name__ == "__main__":
    main()
