"""The claim vocabulary shared by storage, scoring and file exchange.

Offsets are code points into the article text (what Python's ``str`` indexes), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tag(StrEnum):
    """How well a claim is supported, as a trainee or the answer key judges it."""

    CONFIRMED = "confirmed"
    ESTIMATED = "estimated"
    UNVERIFIED = "unverified"

    @property
    def letter(self) -> str:
        """One letter shown beside the claim, so tags differ by more than colour."""
        return self.value[0].upper()

    @property
    def shortcut(self) -> str:
        """The key that applies this tag in the reader."""
        return str(list(Tag).index(self) + 1)

    @classmethod
    def parse(cls, value: str) -> Tag:
        try:
            return cls(value.strip().lower())
        except ValueError:
            allowed = ", ".join(t.value for t in cls)
            raise ValueError(f"unknown tag {value!r}: use one of {allowed}") from None


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim as plain data: what files carry and what scoring compares."""

    start: int
    end: int
    tag: Tag
    note: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"a claim needs 0 <= start < end, got {self.start}..{self.end}")
