"""How soon the reading cues follow the entities, and whether the window ever freezes for them.

Each launch is a fresh process (offscreen Qt) opening the sample exercise, as ``claimmark``
does, with the exercise set to show the reading cues while trainees read (the sample's own
setting shows them only after submitting).  It records when the entities are shown and when the
cues are, cold (a new database: spaCy loads and runs) and cached (the second launch: both come
from the cache), and, from the first paint until the cues are shown, the longest gap between
the ticks of a 5 ms timer on the GUI thread: how long the window was frozen.
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
import json, os, sys, time
t0 = float(sys.argv[1])
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import argparse
app = QApplication([])
from claimmark.gui.app import create_window
marks = {}
gaps = []
last = [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(tick)
class PaintWatch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in marks:
            marks["paint"] = time.time() - t0
            last[0] = time.perf_counter()
            timer.start()
        return False
window = create_window(argparse.Namespace(db=sys.argv[2], trainee="bench", article=None))
watch = PaintWatch()
window.view.viewport().installEventFilter(watch)
window.show()
def check():
    if window.entities.entities and "entities" not in marks:
        marks["entities"] = time.time() - t0
        marks["entities_cached"] = "from cache" in window.entity_status.text()
        marks["gap_before_ms"] = max(gaps) * 1000 if gaps else None
        gaps.clear()  # from here on: the cues' own part
    if window.view.cues is not None and "paint" in marks and "entities" in marks:
        marks["cues"] = time.time() - t0
        marks["cues_cached"] = "from cache" in window.cue_status.text()
        marks["count"] = len(window.view.cues.cues)
        marks["gap_after_ms"] = max(gaps) * 1000 if gaps else None
        print(json.dumps(marks)); window.close(); app.quit()
    else:
        QTimer.singleShot(2, check)
QTimer.singleShot(0, check)
app.exec()
"""


def prepare(db: str) -> None:
    """A database with the sample exercise, set to show the reading cues while trainees read."""
    from claimmark.core import classroom as cr
    from claimmark.core.classroom.sample import ensure_sample
    from claimmark.core.storage import open_database

    database = open_database(db)
    try:
        exercise = cr.exercises_for_article(database, ensure_sample(database))[0]
        settings = cr.ExerciseSettings(exercise.title, exercise.instructions, exercise.labels, "shown")
        cr.update_exercise(database, exercise.id, settings)
    finally:
        database.close()


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
            prepare(db)
            cold.append(launch(db))
            cached.append(launch(db))

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    def row(name: str, runs: list[dict]) -> None:
        after = median([r["cues"] - r["entities"] for r in runs])
        worst = max(r["cues"] - r["entities"] for r in runs)

        def gap(key: str) -> str:
            measured = [r[key] for r in runs if r[key] is not None]
            return f"{max(measured):3.0f} ms" if measured else "none"

        source = "cache" if all(r["cues_cached"] for r in runs) else "spaCy"
        entities, cues = median([r["entities"] for r in runs]), median([r["cues"] for r in runs])
        print(
            f"{name:7s} entities {entities:5.2f} s | cues {cues:5.2f} s ({runs[0]['count']} from {source})"
            f" | cues after entities {after:4.2f} s (worst {worst:4.2f} s) | longest GUI freeze: until the"
            f" entities {gap('gap_before_ms')}, from them to the cues {gap('gap_after_ms')}"
        )

    print(f"sample exercise with the cues shown, median of {args.runs} launches each (fresh process; offscreen Qt):")
    row("cold", cold)
    row("cached", cached)
    print("targets: cues within 1 s after the entities; no freeze > 100 ms")


if __name__ == "__main__":
    main()
