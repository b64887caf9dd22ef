"""Take docs/cues.png: the reader on the sample exercise with the reading cues shown (the exercise
set to show them while trainees read), two claims tagged and one chosen in the claims list, so the
cues are seen beside the entity shading and the claim underlines.

xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/cue_screenshot.py
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]

from PySide6.QtWidgets import QApplication  # noqa: E402

from claimmark.core import classroom as cr  # noqa: E402
from claimmark.core.claims import Tag  # noqa: E402
from claimmark.core.classroom.sample import ensure_sample  # noqa: E402
from claimmark.core.reader import operations as ops  # noqa: E402
from claimmark.core.storage import open_database  # noqa: E402

CLAIMS = [
    ("it could be as high as 15,000", Tag.ESTIMATED),
    ("about 600 are believed to have been killed", Tag.ESTIMATED),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "cues.png"))
    args = parser.parse_args()
    app = QApplication([])
    app.setOrganizationName("ClaimMarkScreenshot")
    from claimmark.gui.app import create_window

    db_path = str(Path(tempfile.mkdtemp()) / "cues.sqlite3")
    db = open_database(db_path)
    exercise = cr.exercises_for_article(db, ensure_sample(db))[0]
    cr.update_exercise(
        db, exercise.id, cr.ExerciseSettings(exercise.title, exercise.instructions, exercise.labels, "shown")
    )
    db.close()
    window = create_window(argparse.Namespace(db=db_path, trainee="alex", article=None))
    assert window is not None and window.opened is not None
    window.resize(1500, 900)
    window.show()
    deadline = time.time() + 120
    while window.view.cues is None and time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    text = window.opened.article.text
    for words, tag in CLAIMS:
        start = text.index(words)
        window.tag_span(start, start + len(words), tag)
    claim_id = window.panel.current_claim_id()
    assert claim_id is not None
    window.edit(ops.UpdateClaim(claim_id, source="South Korea's spy agency"))
    window.panel.select_claim(claim_id)
    window.view.highlighter.flush()
    scroll = window.view.verticalScrollBar()
    window.view.mark_claim(window.claims[0].id)
    scroll.setValue(max(0, scroll.value() - 120))
    for _ in range(40):
        app.processEvents()
        time.sleep(0.01)
    window.grab().save(args.out)
    print(f"saved {args.out}")
    window.close()


if __name__ == "__main__":
    main()
