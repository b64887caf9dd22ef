"""The public type of glued-link repair, ``Join`` (one proposed space), and what callers do with
joins: ``apply_joins`` puts the spaces in, ``context`` shows the text around one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Join:
    """One proposed space: insert " " between ``text[position - 1]`` and ``text[position]``."""

    position: int
    left: str
    right: str
    reason: str
    confidence: float


# Confidence of the rule-based joins: the share that were right on the tuning pages.
RULE_CONFIDENCE = {"punct": 0.95, "bracket": 0.9, "quote": 0.85, "name": 0.9, "web": 0.9, "form": 0.9}


def apply_joins(text: str, joins: Iterable[Join]) -> str:
    """Insert one space at each join's position; letters are never changed, added or dropped."""
    positions = sorted({j.position for j in joins if 0 < j.position < len(text)})
    parts = []
    last = 0
    for p in positions:
        parts.append(text[last:p])
        last = p
    parts.append(text[last:])
    return " ".join(parts)


def context(text: str, join: Join, width: int = 40) -> tuple[str, str]:
    """Up to ``width`` characters of text before and after the join point, for review."""
    p = max(0, min(join.position, len(text)))
    return text[max(0, p - width) : p], text[p : p + width]
