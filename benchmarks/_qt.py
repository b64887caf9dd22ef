"""Helpers for benchmarks that drive the window: a freeze meter, an event-loop wait, and a
window launched in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


class FreezeMeter:
    """Longest gap between ticks of a 5 ms timer on the GUI thread: how long the window froze."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()

    def start(self) -> None:
        self.gaps.clear()
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return max(self.gaps) * 1000 if self.gaps else 0.0


def wait(app: QApplication, condition: Callable[[], bool], timeout: float = 600.0) -> None:
    """Run the event loop until ``condition()`` holds (TimeoutError after ``timeout`` seconds)."""
    end = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        if time.perf_counter() > end:
            raise TimeoutError
        time.sleep(0.001)


def launch_child(child: str, db: str) -> dict:
    """Run ``child`` (a script that opens the window on the library ``db`` and prints one JSON line
    of its marks, timed from the launch moment it is given) in a fresh offscreen process."""
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", child, repr(t0), db],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
