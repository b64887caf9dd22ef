"""An article's details: title, outlet, author, date and address, defined once.

The library's table (``storage.models.Article``), the classroom files
(``classroom.exchange.ArticleData``), the importer (``importing.ImportedText``) and the
repository all take their detail fields from :class:`ArticleDetails`; each field's entry here
also gives the longest value its database column holds.  Adding a detail is one field here,
plus its column (and a migration) in ``Article`` and its label in the details dialog; a test
checks that the table's columns agree with this list.

The classroom files write the details as strings in this order, before the text
(``docs/file-formats.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any, Self

_LIMIT = "limit"


def _detail(limit: int) -> Any:
    return field(default="", metadata={_LIMIT: limit})


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleDetails:
    """What is known about an article besides its text; "" for what is not known."""

    title: str = _detail(500)
    outlet: str = _detail(200)
    author: str = _detail(200)
    published: str = _detail(40)
    """As the outlet gives it, preferably an ISO 8601 date; empty when unknown."""
    url: str = _detail(2000)

    @classmethod
    def of(cls, source: object, **values: Any) -> Self:
        """``cls`` with the details of ``source`` (a table row, an imported text: anything with
        the detail attributes), ``values`` replacing some or filling in a subclass's fields."""
        return cls(**({name: getattr(source, name) for name in DETAIL_FIELDS} | values))

    @classmethod
    def from_json(cls, read: Callable[[str], str], **values: Any) -> Self:
        """``cls`` with the details of a classroom file's ``article`` object: ``read(name)`` gives
        a field's string ("" when it is absent) or raises; ``values`` as in :meth:`of`."""
        return cls(**({name: read(name) for name in DETAIL_FIELDS} | values))

    def details(self) -> dict[str, str]:
        """The details by name, in the order the classroom files write them (their JSON)."""
        return {name: getattr(self, name) for name in DETAIL_FIELDS}

    def fitted(self) -> Self:
        """White space trimmed from both ends of each detail, each cut to its column's limit."""
        return replace(self, **{name: value.strip()[: DETAIL_LIMITS[name]] for name, value in self.details().items()})

    def cleaned(self) -> Self:
        """Each detail on one line with single spaces, then :meth:`fitted` (what a person typed)."""
        return replace(self, **{name: " ".join(value.split()) for name, value in self.details().items()}).fitted()


DETAIL_FIELDS: tuple[str, ...] = tuple(detail.name for detail in fields(ArticleDetails))
"""The details' names, in file order: title, outlet, author, published, url."""

DETAIL_LIMITS: Mapping[str, int] = MappingProxyType(
    {detail.name: detail.metadata[_LIMIT] for detail in fields(ArticleDetails)}
)
"""The longest value each detail's database column holds (PostgreSQL refuses longer)."""
