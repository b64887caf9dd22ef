"""Program entry: ``claimmark`` parses its command line in core.cli and opens the window here."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimmark.core.nlp import Pipeline
    from claimmark.core.reader.workspace import Workspace
    from claimmark.core.storage.engine import Database
    from claimmark.gui.reader.main_window import MainWindow


def display_problem() -> str | None:
    """Why a window cannot open on this Linux system (no display, missing libraries), or None."""
    if not sys.platform.startswith("linux"):
        return None
    requested = os.environ.get("QT_QPA_PLATFORM", "")
    if not requested and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return (
            "claimmark: there is no display to open a window on (DISPLAY is not set). "
            "Run it in a desktop session, or use the command-line tools (claimmark --help)."
        )
    from claimmark.gui.common.system_libs import install_hint, missing_libraries

    platform = os.environ.get("QT_QPA_PLATFORM") or ("wayland" if os.environ.get("WAYLAND_DISPLAY") else "xcb")
    missing = missing_libraries(platform.split(":")[0])
    if missing:
        return "claimmark: Qt cannot open a window: these system libraries are missing: {}.\n{}".format(
            ", ".join(missing), install_hint(missing)
        )
    return None


def run_window(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 3

    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName("ClaimMark")
    app.setApplicationName("ClaimMark")
    app.setApplicationDisplayName("ClaimMark")
    window = create_window(args)
    if window is None:
        return 2
    sys.excepthook = report_unexpected_error
    window.show()
    gc.freeze()  # what start-up made lives on: full collections need not walk it (see gui/reader/entities.py)
    status = app.exec()
    while window in REPLACED:  # a class joined or left: the window that was open last
        window = REPLACED.pop(window)
    finish(window)
    return status


def finish(window: MainWindow) -> None:
    """After the window closed: the backup of a library that changed since its newest one."""
    from claimmark.gui.library.backups import backup_at_close

    db = window.workspace.db
    try:
        made = backup_at_close(db)
    except Exception as error:  # never lose the exit over a backup: say why there is none
        print(f"claimmark: no backup was made when closing: {error}", file=sys.stderr)
    else:
        if made is not None:
            print(f"claimmark: backed up {db.name} to {made.path}", file=sys.stderr)
    finally:
        db.close()


def error_message(error: BaseException, database: str = "") -> str:
    """What to tell a person about an error that reached the event loop."""
    from sqlalchemy.exc import SQLAlchemyError

    from claimmark.gui.common.failures import message_of

    if isinstance(error, SQLAlchemyError):
        return message_of(error, database=database)
    return (
        f"Something went wrong: {type(error).__name__}: {error}.\n\nEvery edit made before this is saved. "
        "If it keeps happening, restart ClaimMark and report what you did (the details are printed in the terminal)."
    )


def report_unexpected_error(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """Last line of defence for slots: print the traceback, tell the person, keep running."""
    import traceback

    from PySide6.QtWidgets import QApplication

    from claimmark.gui.common import plain

    traceback.print_exception(kind, error, trace)
    if isinstance(error, KeyboardInterrupt):
        QApplication.quit()
        return
    window = QApplication.activeWindow()
    session = getattr(window, "session", None)
    database = session.workspace.db.name if session is not None else ""
    plain.critical(window, "ClaimMark", error_message(error, database))


def build_window(workspace: Workspace, pipeline: Pipeline | None) -> MainWindow:
    """The reader window for a workspace, with the library and classroom features installed."""
    from claimmark.core.reader.session import ReaderSession
    from claimmark.gui.classroom.controller import ClassroomController
    from claimmark.gui.classroom.practice import PracticeActions
    from claimmark.gui.common.settings import Settings
    from claimmark.gui.library.actions import LibraryActions
    from claimmark.gui.library.backups import BackupActions
    from claimmark.gui.reader.main_window import MainWindow

    settings = Settings()
    window = MainWindow(ReaderSession(workspace, teacher=settings.teacher_mode), pipeline, settings)
    LibraryActions(window)  # import, paste, library, article details
    ClassroomController(window)  # teacher/trainee mode, exercises, submit, feedback, debrief
    PracticeActions(window)  # the practice set, practise again, progress, the grade book
    BackupActions(window)  # back up now, restore from backup, the day's backup
    return window


def open_for_window(target: str | None, password: str | None = None) -> Database | None:
    """Open the library for the window; None (after a message) when it cannot be.

    A damaged library is offered its rescue (:class:`claimmark.gui.library.backups.RescueDialog`):
    once a backup is restored into its place, it is opened.  An empty file becomes a library
    only when the person says so.  Everything refused is told, and printed for the terminal.
    """
    from claimmark.core.storage import open_database
    from claimmark.core.storage.engine import DatabaseProblem, EmptyLibraryFile, LibraryDamaged, start_library_in
    from claimmark.gui.common import failures, plain
    from claimmark.gui.library.backups import RescueDialog

    while True:
        try:
            return open_database(target, password=password)
        except LibraryDamaged as problem:
            print(f"claimmark: {problem}", file=sys.stderr)
            if problem.path is None:
                return None
            rescue = RescueDialog(problem)
            restored = rescue.exec() == RescueDialog.DialogCode.Accepted
            rescue.deleteLater()
            if not restored:
                return None
        except EmptyLibraryFile as problem:
            print(f"claimmark: {problem}", file=sys.stderr)
            question = failures.message_of(problem) + "\n\n" + _tr("Start a new, empty library in this file?")
            if not plain.ask(None, _tr("ClaimMark: an empty file"), question, default_yes=False):
                return None
            start_library_in(problem.path)
        except DatabaseProblem as problem:
            print(f"claimmark: {problem}", file=sys.stderr)
            plain.critical(None, _tr("ClaimMark: cannot open the database"), failures.message_of(problem))
            return None


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("App", text)


def create_window(args: argparse.Namespace) -> MainWindow | None:
    """Open the database and the start article in a new main window; None (after a message) on failure.

    The library is opened by :func:`open_for_window` (a damaged one is offered its rescue, an
    empty file becomes a library only when asked).  Who works is ``--trainee NAME`` if given,
    else the profile's person (their name is asked on the first start:
    ``gui.classroom.identity``).  Any database error on the way in is a message window naming
    the database, never a traceback.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from claimmark.core.classroom.handout import is_classroom_file
    from claimmark.core.errors import UserError
    from claimmark.core.nlp import best_pipeline
    from claimmark.core.reader.session import ReaderSession
    from claimmark.core.reader.workspace import Workspace, default_trainee_name
    from claimmark.gui.classroom.controller import classroom_of
    from claimmark.gui.classroom.identity import identity_at_start
    from claimmark.gui.classroom.practice import practice_of
    from claimmark.gui.common import plain
    from claimmark.gui.common.failures import message_of

    db = open_for_window(args.db, getattr(args, "password", None))
    if db is None:
        return None
    try:
        trainee = getattr(args, "trainee", None)
        # a class's trainee is who their role is: no name to ask
        asked = trainee or db.class_kind == "trainee"
        teacher = bool(getattr(args, "teacher", False)) or db.class_kind == "teacher"
        who = (trainee or None) if asked else identity_at_start(default_trainee_name(), teacher=teacher)
        workspace = Workspace(db, who)
    except (UserError, SQLAlchemyError) as exc:
        db.close()
        text = message_of(exc, database=db.name)
        print(f"claimmark: {text}", file=sys.stderr)
        plain.critical(None, "ClaimMark: cannot open the database", text)
        return None
    window = build_window(workspace, best_pipeline())
    classroom_of(window).class_actions.reopen = lambda url, password: reopen(window, url, password)
    article_id = getattr(args, "article", None)
    if not (article_id and window.open(lambda session: session.open_article(article_id))) and not window.open(
        ReaderSession.open_start
    ):  # the message is shown: the window would have nothing to show
        window.close()
        window.deleteLater()
        db.close()
        return None
    classroom_of(window).start(args)  # --teacher, and an exercise file given with --open
    practice_of(window).start(args)  # the practice view, for a learner working alone
    path = getattr(args, "open_file", None)
    if path and not is_classroom_file(path):
        window.open_files([path])  # an article file: imported (with its review step)
    return window


def reopen(window: MainWindow, url: str | None, password: str | None) -> bool:
    """Open a new window on another database (a class joined or left), then close this one;
    False (this window stays, after a message) when it cannot be opened."""
    args = argparse.Namespace(
        db=url, password=password, trainee=None, article=None, teacher=False, open_file=None, class_file=None
    )
    replacement = create_window(args)
    if replacement is None:
        return False
    replacement.show()
    REPLACED[window] = replacement
    window.close()
    finish_later(window)
    return True


REPLACED: dict[MainWindow, MainWindow] = {}
"""Windows replaced by another (``reopen``), and by which."""


def finish_later(window: MainWindow) -> None:
    """A window replaced by another: its database is closed (and backed up) now, not at exit."""
    from claimmark.gui.library.backups import backup_at_close

    db = window.workspace.db
    try:
        backup_at_close(db)
    except Exception as error:  # never lose the switch over a backup: say why there is none
        print(f"claimmark: no backup was made when closing: {error}", file=sys.stderr)
    finally:
        db.close()


def _shown(target: str | None) -> str:
    """The database as a person knows it (a file path, a URL without its password)."""
    from claimmark.core.storage.engine import describe, resolve_url

    try:
        return describe(resolve_url(target))
    except Exception:  # the database could not even be named: say what was given
        return target or ""


def main(argv: Sequence[str] | None = None) -> int:
    from claimmark.core.cli import main as cli_main

    return cli_main(argv, open_window=run_window)


if __name__ == "__main__":
    sys.exit(main())
