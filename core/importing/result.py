"""What an import gives: an :class:`ImportedText`, or an :class:`ImportProblem` saying why not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimmark.core.details import ArticleDetails
from claimmark.core.errors import UserError

_CONTROL_IN_NAME = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class ImportProblem(UserError):
    """A file (or paste) that cannot be imported, with a one-line message for people.

    The message names the file (the ``name`` field, as :func:`display_name` shows it) and says
    what to do.  ``path`` is the full path when the problem came from
    :func:`read_article_file`, else ``None``.
    """

    def __init__(self, template: str, /, *, path: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.path = path


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedText(ArticleDetails):
    """An article's plain text, its details and what we know about where it came from."""

    text: str
    format: str = "text"
    source_name: str = ""
    language: str = ""
    """Lower-case ISO 639 code ("en", "zh") when the page declares one or the script makes it
    plain (Thai, Japanese, Arabic ...); "" when unknown.  Entity highlighting is English-only,
    so the app warns when this is set and is not "en"."""


def display_name(name: str) -> str:
    """A file name fit for a one-line message (file names may hold newlines and controls)."""
    shown = " ".join(_CONTROL_IN_NAME.sub("?", str(name)).split()) or "file"
    return shown if len(shown) <= 120 else shown[:117] + "..."
