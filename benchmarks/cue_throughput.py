"""How long reading cues take in core (claimmark.core.reader.cues.CueFinder), without a window.

    python benchmarks/cue_throughput.py [--words N] [--corpus DIR]

(``cue_speed.py`` measures the window: how soon the cues follow the entities, and its freezes.)

1. loading the finder (spaCy with its parser), with the garbage collector paused as the app does;
2. the sample article (resources/samples): the first run and a second one;
3. a long text of ``--words`` words (100,000 by default: real news paragraphs joined,
   ``benchmarks/_corpus.py``): total time, the longest wait between two progress reports (how
   long a cancel can wait), and peak memory;
4. while 3 runs on a worker thread, the main thread ticks every 5 ms, as a window's event loop
   would: the longest tick is an upper bound on what the work (holding the GIL) costs a window,
   mixed with whatever else the machine does.

Figures: README.md, "Reading cues".
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._corpus import DEFAULT_CORPUS, long_article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    from claimmark.core.nlp import best_pipeline
    from claimmark.core.reader.cues import CueFinder

    pipeline = best_pipeline()
    if pipeline is None:
        print("no English spaCy pipeline is installed", file=sys.stderr)
        return 2
    started = time.perf_counter()
    finder = CueFinder.load(pipeline)
    print(f"model: {finder.model}")
    print(f"load:                          {time.perf_counter() - started:6.2f} s")

    sample = (Path(__file__).resolve().parents[1] / "resources" / "samples" / "north_korea_soldiers.txt").read_text(
        encoding="utf-8"
    )
    for label in ("first", "second"):
        started = time.perf_counter()
        found = finder.run(sample)
        took = time.perf_counter() - started
        assert found is not None
        print(
            f"sample article, {label} run:     {took:6.2f} s  ({len(sample.split()):,} words, "
            f"{len(found.cues)} cues, {len(found.attributions)} attributions)"
        )

    text = long_article(args.words, args.corpus)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    result: dict[str, object] = {}

    def work() -> None:
        began = time.perf_counter()
        last[0] = began
        result["found"] = finder.run(text, progress=progress)
        result["took"] = time.perf_counter() - began

    worker = threading.Thread(target=work)
    ticks: list[float] = []
    worker.start()
    previous = time.perf_counter()
    while worker.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        ticks.append(now - previous)
        previous = now
    worker.join()
    found = result["found"]
    assert found is not None
    took = float(result["took"])  # type: ignore[arg-type]
    words = len(text.split())
    print(
        f"{words:,} words:                {took:6.1f} s  ({words / took:,.0f} words/s, "
        f"{len(found.cues):,} cues, {len(found.attributions):,} attributions)"  # type: ignore[attr-defined]
    )
    print(f"  longest wait between progress reports (a cancel waits at most this): {max(gaps) * 1000:.0f} ms")
    print(f"  main thread's longest 5 ms tick while it ran (a window's freeze):   {max(ticks) * 1000:.0f} ms")
    print(f"  peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
