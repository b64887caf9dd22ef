"""Take the README's screenshots: the sample exercise with a few claims tagged, the feedback
after submitting it, the repair review of the glued seed article, and a learner's practice view
and progress after a few weeks of practice (offscreen Qt).

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

from PySide6.QtGui import QColor, QPalette  # noqa: E402
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
    dark_shot(app, window, Path(args.out).with_name("dark.png"))

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
    practice_shots(app, Path(folder) / "practice.sqlite3", Path(args.out).parent)


def dark_palette() -> QPalette:
    """A dark palette as a desktop's dark theme gives (light text on dark grey)."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2B2B2B"),
        (QPalette.ColorRole.WindowText, "#EEEEEE"),
        (QPalette.ColorRole.Base, "#1E1E1E"),
        (QPalette.ColorRole.AlternateBase, "#333333"),
        (QPalette.ColorRole.Text, "#EEEEEE"),
        (QPalette.ColorRole.Button, "#3A3A3A"),
        (QPalette.ColorRole.ButtonText, "#EEEEEE"),
        (QPalette.ColorRole.Highlight, "#3D6FB0"),
        (QPalette.ColorRole.HighlightedText, "#FFFFFF"),
        (QPalette.ColorRole.ToolTipBase, "#333333"),
        (QPalette.ColorRole.ToolTipText, "#EEEEEE"),
        (QPalette.ColorRole.PlaceholderText, "#9A9A9A"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def dark_shot(app: QApplication, window: QWidget, out: Path) -> None:
    """The same window under the system's dark palette (Fusion style, as a dark desktop gives)."""
    style, palette = app.style().name(), app.palette()
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(out))
    print(f"saved {out}")
    app.setStyle(style)
    app.setPalette(palette)
    for _ in range(20):
        app.processEvents()


def practice_shots(app: QApplication, db_path: Path, folder: Path) -> None:
    """A learner's practice over three weeks: first tries with mix-ups, then better, one tried again."""
    from datetime import UTC, datetime, timedelta

    from claimmark.core import classroom as cr
    from claimmark.core.classroom.bundled import load_bundled_key
    from claimmark.core.classroom.practice import practice_exercise_id, practice_set
    from claimmark.core.storage.models import ClaimSet
    from claimmark.gui.app import create_window
    from claimmark.gui.classroom.practice import practice_of

    window = create_window(argparse.Namespace(db=str(db_path), trainee="alex", article=None))
    assert window is not None
    db = window.workspace.db
    start = datetime.now(UTC) - timedelta(days=20)
    # (exercise, days after the start, how the learner tags each key claim)
    confused = {Tag.ESTIMATED: Tag.CONFIRMED}
    plan = [(0, 0, confused, 1), (1, 2, confused, 2), (2, 4, {}, 1), (0, 6, {}, 0), (3, 9, {Tag.UNVERIFIED: None}, 0),
            (4, 12, {}, 1), (5, 15, {Tag.UNVERIFIED: Tag.ESTIMATED}, 0), (6, 18, {}, 0)]  # fmt: skip
    for index, day, change, skip in plan:
        exercise = practice_set()[index]
        exercise_id = practice_exercise_id(db, exercise.uid)
        opened = window.session.open_exercise(exercise_id)
        if cr.feedback_state(db, opened.claim_set_id) is cr.FeedbackState.READY:
            opened = window.session.practise_again() or opened
        for n, claim in enumerate(load_bundled_key(exercise.files).claims):
            tag = change.get(claim.tag, claim.tag)
            if tag is not None and n >= skip:
                window.session.apply(ops.AddClaim(opened.claim_set_id, claim.start, claim.end, tag))
        cr.submit(db, opened.claim_set_id, None)
        with db.write() as session:  # handed in on that day
            claim_set = session.get(ClaimSet, opened.claim_set_id)
            claim_set.submitted_at = start + timedelta(days=day, hours=17)
            session.add(claim_set)
    window.resize(1400, 820)
    window.open(lambda s: s.open_exercise(practice_exercise_id(db, practice_set()[7].uid)))
    window.show()
    feature = practice_of(window)
    if feature.view is not None:  # shown at start, before the practice above: shown again, afresh
        feature.view.hide()
    for _ in range(50):  # the refreshes the practice above asked for
        app.processEvents()
        time.sleep(0.02)
    view = feature.show_practice()
    view.overview = None
    while view.overview is None:
        app.processEvents()
    save(app, view, (1180, 620), folder / "practice.png")
    progress = feature.show_progress()
    while not progress.view.progress.results:
        app.processEvents()
    save(app, progress, (1180, 760), folder / "progress.png")
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
