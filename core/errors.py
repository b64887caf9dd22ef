"""The one kind of error that is shown to a person: what went wrong and what to do.

Core has no Qt, so it cannot translate.  It raises a :class:`UserError` (or a subclass: a
database that cannot be opened, a file that cannot be imported, a classroom step refused)
carrying an English ``template`` with named fields in braces and the values that fill them:

    raise ImportProblem("{name}: the file is empty. Choose a file with the article's text.", name=name)

``str(error)`` is the English sentence, which the command line prints.  The window translates
the template first (Qt translation context ``core``) and fills it in afterwards
(``claimmark.gui.common.failures``), so a message can be translated for a class while its file
names and numbers stay as they are.  A literal brace in a template is written twice (``{{``),
as in :meth:`str.format`.  A :class:`Message` is the same for what is not an error (what became
of a file that was imported, say).

Templates are plain string literals, so that a translation tool can collect them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class UserError(Exception):
    """A problem to show a person; the message says what happened and what to do."""

    def __init__(self, template: str, /, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params: dict[str, object] = params

    @property
    def message(self) -> str:
        """The English message, its fields filled in."""
        return fill(self.template, self.params)

    def __str__(self) -> str:
        return self.message

    def as_message(self) -> Message:
        return Message(self.template, dict(self.params))


@dataclass(frozen=True)
class Message:
    """Text for people that is not an error: a template and the values that fill it."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return fill(self.template, self.params)

    @classmethod
    def of(cls, template: str, /, **params: object) -> Message:
        return cls(template, params)


def fill(template: str, params: Mapping[str, object]) -> str:
    """``template`` with its named fields filled in (the same rule for every language)."""
    return template.format_map(params)


class NotAllowed(UserError):
    """The database refused a change or a read this person may not make (a class database's
    grants, row-level security or its lock on submitted work); nothing was changed."""


def refusal_of(error: BaseException, *, database: str = "") -> NotAllowed | None:
    """The message for a database's refusal (PostgreSQL's SQLSTATE 42501: insufficient
    privilege, a row-level security policy, a submitted claim set), or None for other errors.

    Works on the driver's error or on SQLAlchemy's wrapper of it, and needs neither imported.
    """
    orig = getattr(error, "orig", None) or error
    if getattr(orig, "sqlstate", None) != "42501":
        return None
    diag = getattr(orig, "diag", None)
    primary = str(getattr(diag, "message_primary", "") or orig).strip().splitlines()[0]
    table = getattr(diag, "table_name", None) or ""
    if "submitted" in primary:
        return NotAllowed(
            "This work was submitted, so it can no longer be changed: the class database refused the change and "
            "nothing was changed. Use Practise again to start a new attempt.",
        )
    if "row-level security" in primary:
        return NotAllowed(
            "You may change only your own work on this class database: it refused the change to {table} and "
            "nothing was changed. Answer keys, exercises and other trainees' work are the teacher's.",
            table=table or "this table",
        )
    return NotAllowed(
        "The class database {database} does not let your role do this ({reason}); nothing was changed. Only the "
        "teacher (or the database's owner) may; ask your teacher.",
        database=database or "",
        reason=primary,
    )
