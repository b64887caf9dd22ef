"""An edit survives the process being killed right after it: there is nothing to save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import argparse, os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from claimmark.gui.app import create_window
    import claimmark.gui.reader.main_window
    window = create_window(argparse.Namespace(db=sys.argv[1], trainee="kim", article=None))
    window.show()
    text = window.view.text
    start = text.index("about 600")
    window.view.select_span(start, start + len("about 600 are believed"))
    QTest.keyClick(window.view, Qt.Key.Key_2)
    print("tagged", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no close event, no clean-up, no flush
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_tag_survives_sigkill_right_after_it(tmp_path: Path) -> None:
    db_path = str(tmp_path / "claims.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, db_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "tagged" in result.stdout
    db = open_database(db_path)
    workspace = Workspace(db, "kim")
    opened = workspace.open_start()
    claims = workspace.claims(opened.claim_set_id)
    assert [(opened.article.text[c.start : c.end], c.tag) for c in claims] == [("about 600 are believed", "estimated")]
    db.close()
