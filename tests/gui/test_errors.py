"""Errors that reach the event loop become a message that says what happened and what to do."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from claimmark.gui.app import error_message, report_unexpected_error


def test_database_errors_say_the_work_is_saved_and_what_to_do() -> None:
    error = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    text = error_message(error, "postgresql://teacher@school/class")
    assert "postgresql://teacher@school/class" in text and "server closed the connection" in text
    assert "Every edit made before this is saved" in text and "try again" in text


def test_other_errors_are_reported_and_the_program_keeps_running(qapp, monkeypatch, capsys) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or QMessageBox.StandardButton.Ok)
    try:
        raise ValueError("bad value")
    except ValueError as exc:
        report_unexpected_error(type(exc), exc, exc.__traceback__)
    assert shown and "ValueError: bad value" in shown[0] and "restart ClaimMark" in shown[0]
    assert "Traceback" in capsys.readouterr().err
