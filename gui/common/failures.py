"""One way to run an operation and report its failure (in the manner of Anki's ``CollectionOp``).

A slot runs its work inside ``with reported(parent, title) as outcome:`` (or hands a function
to :func:`attempt`); an expected failure becomes one warning, titled with what the slot was
doing, that says what went wrong and what to do, and ``outcome.failed`` is set.  What counts as
a failure to report, and how it reads, is decided here once:

* :class:`claimmark.core.errors.UserError` (a database that cannot be opened, a file that
  cannot be imported, a classroom step refused): its template is translated (context
  ``core``, as every core :class:`~claimmark.core.errors.Message`: :func:`text_of`), then
  filled in;
* a database error (``SQLAlchemyError``): the database could not be read or written, with the
  driver's reason and what to do;
* ``LookupError``: something opened is no longer there (its message says what).

Anything else is a bug: it is not caught here, and reaches ``claimmark.gui.app``'s last line
of defence, which shows it and keeps the program running.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from claimmark.core.errors import Message, UserError, fill
from claimmark.gui.common import plain

T = TypeVar("T")

EXPECTED: tuple[type[BaseException], ...] = (
    UserError,
    SQLAlchemyError,
    LookupError,
)
"""The failures :func:`attempt` reports; anything else is a bug."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Failures", text)


def reason_of(error: BaseException) -> str:
    """The driver's own words for a database error (its first line), else the error's text."""
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]


def text_of(message: Message) -> str:
    """A core message in the person's language where a translation exists (context ``core``)."""
    return fill(QCoreApplication.translate("core", message.template), message.params)


def message_of(error: BaseException, *, database: str = "") -> str:
    """What to tell a person about ``error``, in their language where a translation exists."""
    if isinstance(error, UserError):
        advice = getattr(error, "advice", None)  # a damaged library: what to do about it
        text = text_of(error.as_message())
        return f"{text} {text_of(advice)}" if isinstance(advice, Message) else text
    if isinstance(error, SQLAlchemyError):
        lost = isinstance(error, DBAPIError) and error.connection_invalidated
        text = _tr(
            "The database{where} could not be read or written{lost}: {reason}.\n\nEvery edit made before this "
            "is saved. Check the database (or the server and the network) and try again; if it keeps "
            "happening, restart ClaimMark."
        )
        return text.format(
            where=f" {database}" if database else "",
            lost=_tr(" (the connection was lost)") if lost else "",
            reason=reason_of(error).rstrip("."),
        )
    text = str(error).strip()
    return text[:1].upper() + text[1:] if text else type(error).__name__


def warn(parent: QWidget | None, title: str, error: BaseException, *, database: str = "") -> None:
    plain.warn(parent, title, message_of(error, database=database))


class reported:  # lower case: it reads as a statement, ``with reported(...)``
    """A block whose expected failures become one warning; ``failed`` says whether one came."""

    def __init__(self, parent: QWidget | None, title: str, *, database: str = "") -> None:
        self.parent, self.title, self.database = parent, title, database
        self.failed = False
        self.error: BaseException | None = None

    def __enter__(self) -> reported:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool:
        if error is None or not isinstance(error, EXPECTED):
            return False
        self.failed, self.error = True, error
        warn(self.parent, self.title, error, database=self.database)
        return True


def attempt(parent: QWidget | None, title: str, work: Callable[[], T], *, database: str = "") -> T | None:
    """``work()``; on an expected failure, one warning titled ``title`` and None."""
    with reported(parent, title, database=database):
        return work()
    return None
