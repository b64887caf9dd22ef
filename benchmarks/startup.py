"""Launch to first paint, and to entities shown, cold (new database) and cached (second launch).

Each launch is a fresh process (offscreen Qt) opening the sample exercise, as ``claimmark``
does. From the first paint until the entities are shown (spaCy loading and running in its worker
thread), a 5 ms timer on the GUI thread records the longest gap between ticks: how long the
window was frozen. Peak memory is the process's
maximum resident set size. Last, the cost of one full garbage collection once spaCy is loaded:
the collector holds the GIL, so whenever one falls due the window waits that long.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._qt import launch_child  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time
t0 = float(sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import argparse
app = QApplication([])
from claimmark.gui.app import create_window
marks = {}
class PaintWatch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in marks:
            marks["paint"] = time.time() - t0
            # from the first paint on, the window must stay responsive while spaCy works
            last[0] = time.perf_counter()
            timer.start()
        return False
window = create_window(argparse.Namespace(db=sys.argv[2], trainee="bench", article=None))
watch = PaintWatch()
window.view.viewport().installEventFilter(watch)
window.show()
gaps = []
last = [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(tick)
def check():
    if window.entities.entities and "paint" in marks:
        marks["entities"] = time.time() - t0
        marks["from_cache"] = "from cache" in window.entity_status.text()
        marks["count"] = len(window.entities.entities)
        marks["max_gap_ms"] = max(gaps) * 1000 if gaps else None
        marks["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # what a full garbage collection now costs (it holds the GIL, so the window waits)
        import gc
        start = time.perf_counter(); gc.collect(); marks["full_gc_ms"] = (time.perf_counter() - start) * 1000
        print(json.dumps(marks)); window.close(); app.quit()
    else:
        QTimer.singleShot(2, check)
QTimer.singleShot(0, check)
app.exec()
"""


def launch(db: str) -> dict:
    return launch_child(CHILD, db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, cached = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            db = str(Path(folder) / "bench.sqlite3")
            cold.append(launch(db))
            cached.append(launch(db))

    def row(name: str, runs: list[dict]) -> None:
        paint = sorted(r["paint"] for r in runs)[len(runs) // 2]
        ents = sorted(r["entities"] for r in runs)[len(runs) // 2]
        measured = [r["max_gap_ms"] for r in runs if r["max_gap_ms"] is not None]
        gap = f"{max(measured):4.0f} ms" if measured else "none (nothing ran in the background)"
        rss = max(r["rss_mb"] for r in runs)
        source = "cache" if all(r["from_cache"] for r in runs) else "spaCy"
        print(
            f"{name:7s} first paint {paint:5.2f} s | entities shown {ents:5.2f} s ({runs[0]['count']} from {source})"
            f" | longest GUI freeze {gap} | peak memory {rss:4.0f} MB"
        )

    print(f"sample exercise, median of {args.runs} launches each (fresh process; offscreen Qt):")
    row("cold", cold)
    row("cached", cached)
    full_gc = sorted(r["full_gc_ms"] for r in cold)[len(cold) // 2]
    print(f"a full garbage collection with spaCy loaded (the GIL held, the window waiting): {full_gc:.0f} ms")
    print("targets: first paint < 1 s; entities < 3 s cold and at first paint when cached; no freeze > 100 ms")


if __name__ == "__main__":
    main()
