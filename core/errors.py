"""The one kind of error that is shown to a person: what went wrong and what to do.

Core has no Qt, so it cannot translate.  It raises a :class:`UserError` (or a subclass: a
database that cannot be opened, a file that cannot be imported, a classroom step refused)
carrying an English ``template`` with named fields in braces and the values that fill them:

    raise ImportProblem("{name}: the file is empty. Choose a file with the article's text.", name=name)

``str(error)`` is the English sentence, which the command line prints.  The window translates
the template first and fills it in afterwards (``claimmark.gui.failures``), so a message can be
translated for a class while its file names and numbers stay as they are.  A literal brace in a
template is written twice (``{{``), as in :meth:`str.format`.

Templates are plain string literals, so that a translation tool can collect them.
"""

from __future__ import annotations

from collections.abc import Mapping


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


def fill(template: str, params: Mapping[str, object]) -> str:
    """``template`` with its named fields filled in (the same rule for every language)."""
    return template.format_map(params)
