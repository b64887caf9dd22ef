"""Is a long tick of the GUI thread the cue finder holding Python's lock, or the machine's load?

    python benchmarks/cue_gil.py [--words N] [--corpus DIR] [--pieces 2000,500]

A thread ticks every 5 ms (as a window's event loop would) while the same text's cues are found
(``CueFinder.run``), three ways:

* ``idle``: nothing else runs in this process (what the machine's load alone costs a tick);
* ``process``: the finder runs in a child process (the same CPU work, no lock shared);
* ``thread``: the finder runs in a worker thread of this process (what a window gets).

A tick's length beyond 5 ms in ``thread`` that ``process`` does not show is the lock held by the
finder; what ``process`` and ``idle`` show too is load.  Each way is printed with the longest
tick, the 99th percentile and the count of ticks over 50 and 100 ms, and the load average; for
the thread runs also the longest garbage collection meanwhile (it stops every thread).
``--pieces`` repeats the thread run with other piece sizes (``CueFinder.run(piece_chars=...)``).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._corpus import DEFAULT_CORPUS, long_article


def ticks_while(alive: Callable[[], bool]) -> list[float]:
    out: list[float] = []
    previous = time.perf_counter()
    while alive():
        time.sleep(0.005)
        now = time.perf_counter()
        out.append((now - previous) * 1000)
        previous = now
    return out


def summary(label: str, ticks: list[float], took: float) -> str:
    ticks = sorted(ticks)
    p99 = ticks[int(len(ticks) * 0.99)] if ticks else 0.0
    over50 = sum(t > 50 for t in ticks)
    over100 = sum(t > 100 for t in ticks)
    load = os.getloadavg()[0]
    return (
        f"  {label:<26} {took:5.1f} s  longest tick {ticks[-1] if ticks else 0:5.0f} ms  99th pct {p99:4.0f} ms  "
        f"> 50 ms: {over50:3d}  > 100 ms: {over100:3d}  ({len(ticks)} ticks, load average {load:.1f})"
    )


def _child(text: str, piece: int, started: Any) -> None:  # started: a multiprocessing Event
    from claimmark.core.nlp import best_pipeline
    from claimmark.core.reader.cues import CueFinder

    pipeline = best_pipeline()
    assert pipeline is not None
    finder = CueFinder.load(pipeline)
    finder.run(text[:5000])  # warm
    started.set()
    began = time.perf_counter()
    finder.run(text, piece_chars=piece)
    print(f"  (child process run: {time.perf_counter() - began:.1f} s)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=5_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pieces", default="")
    args = parser.parse_args()

    from claimmark.core.nlp import best_pipeline
    from claimmark.core.reader.cues import CHUNK_CHARS, CueFinder

    pipeline = best_pipeline()
    if pipeline is None:
        print("no English spaCy pipeline is installed", file=sys.stderr)
        return 2
    finder = CueFinder.load(pipeline)
    text = long_article(args.words, args.corpus)
    finder.run(text[:5000])  # warm
    print(f"model: {finder.model}; {len(text.split()):,} words; pieces of {CHUNK_CHARS} characters unless said")

    collections: list[float] = []
    collecting = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            collections.append((time.perf_counter() - collecting[0]) * 1000)

    gc.callbacks.append(on_gc)

    def thread_run(piece: int) -> tuple[list[float], float]:
        collections.clear()
        began = time.perf_counter()
        worker = threading.Thread(target=lambda: finder.run(text, piece_chars=piece))
        worker.start()
        ticks = ticks_while(worker.is_alive)
        worker.join()
        return ticks, time.perf_counter() - began

    ticks, took = thread_run(CHUNK_CHARS)
    print(summary("thread", ticks, took))
    print(f"    garbage collections meanwhile: {len(collections)}, longest {max(collections, default=0):.0f} ms")
    end = time.perf_counter() + took
    print(summary("idle", ticks_while(lambda: time.perf_counter() < end), took))
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    child = context.Process(target=_child, args=(text, CHUNK_CHARS, started))
    child.start()
    started.wait()  # the ticks count from when it has loaded and warmed up
    began = time.perf_counter()
    ticks = ticks_while(child.is_alive)
    child.join()
    print(summary("process", ticks, time.perf_counter() - began))
    for piece in (int(p) for p in args.pieces.split(",") if p.strip()):
        ticks, took = thread_run(piece)
        print(summary(f"thread, pieces of {piece}", ticks, took))
        print(f"    garbage collections meanwhile: {len(collections)}, longest {max(collections, default=0):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
