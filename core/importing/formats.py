"""The article formats, and the registry that chooses one for a file.

In the manner of Orange's ``Orange/data/io_base.py``: a format is a subclass of
:class:`ArticleFormat` that names its file suffixes (``EXTENSIONS``), says what it is
(``DESCRIPTION``) and reads decoded text into an :class:`ImportedText` (``read``); defining the
subclass registers it.  The registry maps each suffix to its format; for any other suffix the
formats are asked in order of ``PRIORITY`` whether the text looks like theirs (``sniff``), and
plain text, which claims any text, is asked last.  So a page saved without a suffix is read as
a web page, while a ``.txt`` is always plain text, whatever it holds.
"""

from __future__ import annotations

from typing import ClassVar

from claimmark.core.importing.result import ImportedText

_BY_SUFFIX: dict[str, type[ArticleFormat]] = {}
_BY_PRIORITY: list[type[ArticleFormat]] = []


class ArticleFormat:
    """One kind of article file; subclasses fill in the class attributes and :meth:`read`."""

    NAME: ClassVar[str]
    """What :attr:`ImportedText.format` says for an article read this way ("text", "html" ...)."""
    DESCRIPTION: ClassVar[str]
    EXTENSIONS: ClassVar[tuple[str, ...]] = ()
    """Lower-case suffixes with their dot, each belonging to one format only."""
    PRIORITY: ClassVar[int] = 100
    """Sniffing asks the formats in this order, lowest first."""
    DECLARES_CHARSET: ClassVar[bool] = False
    """Whether its files may name their own character encoding (a web page's ``<meta charset>``)."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for suffix in cls.EXTENSIONS:
            if suffix != suffix.lower() or not suffix.startswith(".") or suffix in _BY_SUFFIX:
                raise ValueError(f"{cls.__name__}: suffix {suffix!r} is not lower-case with a dot, or taken")
            _BY_SUFFIX[suffix] = cls
        _BY_PRIORITY.append(cls)
        _BY_PRIORITY.sort(key=lambda known: known.PRIORITY)

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether ``text``, from a file of no known suffix, should be read as this format."""
        return False

    @classmethod
    def read(cls, text: str, name: str) -> ImportedText:
        """The article in ``text`` (decoded, not empty, not blank); ``name`` is the file's name
        as messages show it.  Raises ImportProblem when there is no article in it."""
        raise NotImplementedError


def format_for_suffix(suffix: str) -> type[ArticleFormat] | None:
    """The format of files with this (lower-case, dotted) suffix, or None for any other suffix."""
    return _BY_SUFFIX.get(suffix)


def format_for_text(text: str) -> type[ArticleFormat]:
    """The format that claims ``text`` first, for a file whose suffix says nothing."""
    for candidate in _BY_PRIORITY:
        if candidate.sniff(text):
            return candidate
    raise LookupError("no article format claims this text")  # plain text claims any


def supported_suffixes() -> frozenset[str]:
    """Every suffix a format is registered for."""
    return frozenset(_BY_SUFFIX)


def file_patterns() -> str:
    """The supported suffixes as a file dialog's patterns: ``"*.htm *.html *.markdown ..."``."""
    return " ".join(f"*{suffix}" for suffix in sorted(supported_suffixes()))
