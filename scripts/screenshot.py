"""Take the README's screenshots: the sample exercise with a few claims tagged, the feedback
after submitting it, and the repair review of the glued seed article (offscreen Qt).

.venv/bin/python scripts/screenshot.py [docs/screenshot.png]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from claimmark.core.claims import Tag  # noqa: E402
from claimmark.core.reader import operations as ops  # noqa: E402
from claimmark.gui.classroom.controller import classroom_of  # noqa: E402

CLAIMS = [
    ("Kim laid a flower on a memorial wall", Tag.CONFIRMED, "KCNA", "State media account with released photos."),
    ("it could be as high as 15,000", Tag.ESTIMATED, "South Korean, U.S. and Ukrainian officials", "An upper bound."),
    ("about 600 are believed to have been killed", Tag.ESTIMATED, "South Korea's spy agency", "Approximate."),
    (
        "experts say North Korea may have sent Russia troops in exchange for advanced military technology",
        Tag.UNVERIFIED,
        "experts",
        "Unnamed experts, hedged with 'may have'.",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshot.png"))
    args = parser.parse_args()
    app = QApplication([])
    app.setOrganizationName("ClaimMarkScreenshot")
    from claimmark.gui.app import create_window

    folder = tempfile.mkdtemp()
    window = create_window(argparse.Namespace(db=str(Path(folder) / "shot.sqlite3"), trainee="alex", article=None))
    assert window is not None and window.opened is not None
    window.resize(1400, 820)
    window.show()
    deadline = time.time() + 60
    while not window.entities.entities and time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    text = window.opened.article.text
    for words, tag, source, note in CLAIMS:
        start = text.index(words)
        window.tag_span(start, start + len(words), tag)
        claim_id = window.panel.current_claim_id()
        assert claim_id is not None
        window.edit(ops.UpdateClaim(claim_id, source=source))
        window.edit(ops.UpdateClaim(claim_id, note=note))
    window.panel.select_claim(window.claims[1].id)
    selection = text.index("state news agency KCNA reported")
    window.view.select_span(selection, selection + len("state news agency KCNA reported"))
    window.view.highlighter.flush()
    for _ in range(20):
        app.processEvents()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(args.out)
    print(f"saved {args.out}")

    # the learner's feedback after submitting the sample (its answer key ships with it)
    classroom_of(window).submit_to(None)
    feedback = classroom_of(window).show_feedback()
    assert feedback is not None
    save(app, feedback, (1400, 820), Path(args.out).with_name("feedback.png"))

    # the repair review for the article the project started from, pasted as copied from the web
    from claimmark.core.library import prepare_import
    from claimmark.gui.library.review import RepairReviewDialog

    seed = ROOT / "tests" / "data" / "seed_glued.txt"
    review = RepairReviewDialog(prepare_import(str(seed)), window)
    review.show()
    save(app, review, (1100, 520), Path(args.out).with_name("review.png"))
    window.close()


def save(app: QApplication, widget: QWidget, size: tuple[int, int], out: Path) -> None:
    """Resize a shown window, let it paint, save it as ``out`` and close it."""
    widget.resize(*size)
    for _ in range(20):
        app.processEvents()
    widget.grab().save(str(out))
    print(f"saved {out}")
    widget.close()


if __name__ == "__main__":
    main()
