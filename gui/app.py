"""Program entry: ``claimmark`` parses its command line in core.cli and opens the window here."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import sys
from collections.abc import Sequence

# Libraries Qt's X11 platform plugin loads on Linux, and the Debian/Ubuntu packages that have them.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def missing_display_libraries() -> list[str]:
    """Debian package names of X11 libraries Qt needs but the system lacks (Linux + X11 only)."""
    if not sys.platform.startswith("linux"):
        return []
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return []
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return []
    return [package for lib, package in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def display_problem() -> str | None:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return (
            "claimmark: there is no display to open a window on (DISPLAY is not set). "
            "Run it in a desktop session, or use the command-line tools (claimmark --help)."
        )
    missing = missing_display_libraries()
    if missing:
        return (
            "claimmark: Qt needs system libraries that are missing: "
            + ", ".join(missing)
            + ".\nInstall them with:\n  sudo apt-get install "
            + " ".join(missing)
        )
    return None


def run_window(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 3

    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ClaimMark")
    app.setApplicationName("ClaimMark")
    app.setApplicationDisplayName("ClaimMark")
    window = create_window(args)
    if window is None:
        return 2
    window.show()
    del QMessageBox
    return app.exec()


def create_window(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Open the database and the start article in a new main window; None (after a message) on failure."""
    from PySide6.QtWidgets import QMessageBox

    from core.db import DatabaseProblem, open_database
    from core.nlp import best_pipeline
    from core.workspace import Workspace
    from gui.main_window import MainWindow

    try:
        db = open_database(args.db)
    except DatabaseProblem as exc:
        print(f"claimmark: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "ClaimMark: cannot open the database", str(exc))
        return None
    workspace = Workspace(db, getattr(args, "trainee", None))
    window = MainWindow(workspace, best_pipeline())
    article_id = getattr(args, "article", None)
    try:
        opened = workspace.open_article(article_id) if article_id else workspace.open_start()
    except LookupError as exc:
        QMessageBox.warning(window, "ClaimMark", f"{exc}. Opening where you left off instead.")
        opened = workspace.open_start()
    window.open(opened)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    from core.cli import main as cli_main

    return cli_main(argv, open_window=run_window)


if __name__ == "__main__":
    sys.exit(main())
