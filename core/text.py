"""Small facts about article text shared by storage, import and exchange."""

from __future__ import annotations

import difflib
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass


def counted(n: int, thing: str, plural: str | None = None) -> str:
    """``1 claim``, ``2,000 claims``, ``3 exercises`` (``plural`` when adding an s is wrong)."""
    return f"{n:,} {thing}" if n == 1 else f"{n:,} {plural or thing + 's'}"


def text_hash(text: str) -> str:
    """sha256 of the UTF-8 text exactly as stored: identifies an article across machines."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    """The span's text on one line, shortened in the middle when longer than ``width``."""
    piece = " ".join(text[start:end].split())
    if len(piece) <= width:
        return piece
    half = (width - 1) // 2
    return piece[:half].rstrip() + "…" + piece[-half:].lstrip()


@dataclass(frozen=True, slots=True)
class Replacement:
    """``old[start:end]`` became ``new[new_start:new_end]`` (one changed stretch of a text)."""

    start: int
    end: int
    new_start: int
    new_end: int


def replacements(old: str, new: str) -> list[Replacement]:
    """The stretches where ``new`` differs from ``old``, in text order.

    Compared line by line first, then character by character inside the lines that differ,
    so a long article with a few changes costs little (a whole-text character comparison is
    quadratic).
    """
    if old == new:
        return []
    found: list[Replacement] = []
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_starts = list(itertools.accumulate((len(line) for line in old_lines), initial=0))
    new_starts = list(itertools.accumulate((len(line) for line in new_lines), initial=0))
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        base, new_base = old_starts[i1], new_starts[j1]
        chars = difflib.SequenceMatcher(None, "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), autojunk=False)
        for kind, a1, a2, b1, b2 in chars.get_opcodes():
            if kind != "equal":
                found.append(Replacement(base + a1, base + a2, new_base + b1, new_base + b2))
    return found


class OffsetCarrier:
    """Carries offsets into ``old`` over to ``new``: text before, after and between the changes
    keeps its place; a span that held changed text keeps what is left of it; text inserted
    right at a span's edge stays outside it."""

    def __init__(self, changes: Sequence[Replacement]) -> None:
        self._changes = list(changes)

    def start(self, offset: int) -> int:
        """Where a span starting at ``offset`` starts now."""
        return self._carry(offset, at_end=False)

    def end(self, offset: int) -> int:
        """Where a span ending at ``offset`` ends now."""
        return self._carry(offset, at_end=True)

    def _carry(self, offset: int, *, at_end: bool) -> int:
        shift = 0
        for change in self._changes:
            grown = (change.new_end - change.new_start) - (change.end - change.start)
            if change.end < offset or (change.end == offset and change.start < offset):
                shift += grown  # wholly before the offset
            elif change.start == change.end == offset:  # text inserted exactly at the offset
                if at_end:
                    break  # after the span's end
                shift += grown  # before the span's start
            elif change.start < offset < change.end:  # the offset was inside changed text
                return change.new_end if at_end else change.new_start
            else:
                break  # this change and the rest are after the offset
        return offset + shift


_UNSAFE_IN_NAMES = set('<>:"/\\|?*')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
FILE_NAME_LIMIT = 120
"""Characters of a suggested file name before its extension: well inside every system's limit,
and short enough for Windows' 260-character paths in a deep folder."""


def safe_file_name(parts: Sequence[str], extension: str) -> str:
    """A file name from its parts ("Counting crowds", "Ana Lima", "feedback") that every system
    accepts, Windows included: "Counting crowds - Ana Lima - feedback.pdf".

    Characters Windows refuses (``<>:"/\\|?*`` and control characters) become spaces, runs of
    spaces one, and names Windows keeps for devices (CON, NUL, COM1, ...) or ending in a dot or
    space are changed; empty parts are left out.
    """
    cleaned = []
    for part in parts:
        text = "".join(" " if ch in _UNSAFE_IN_NAMES or not ch.isprintable() else ch for ch in part)
        text = " ".join(text.split()).strip(" .")
        if text:
            cleaned.append(text)
    stem = " - ".join(cleaned)[:FILE_NAME_LIMIT].rstrip(" .-") or "ClaimMark"
    if stem.split(".")[0].upper() in _RESERVED_NAMES:
        stem = f"{stem} (ClaimMark)"
    return f"{stem}.{extension.lstrip('.')}"


MAX_ARTICLE_BYTES = 20 * 1024 * 1024
"""The longest article text, in UTF-8 bytes, wherever it comes from (an imported file, a paste,
an exercise or key file, a library file): a long feature is well under 1 MB."""


@dataclass(frozen=True, slots=True)
class TextProblem:
    """Why a text cannot be stored, the same on SQLite and PostgreSQL."""

    kind: str
    """"surrogate" (half of a UTF-16 pair on its own: not Unicode text), "nul" (PostgreSQL stores
    no NUL character), "length" (longer than its column holds) or "size" (an article over
    :data:`MAX_ARTICLE_BYTES`)."""
    position: int = 0
    """Where the bad character is (code points from the start, counting from 1)."""
    length: int = 0
    """The text's length: characters for "length", UTF-8 bytes for "size"."""
    limit: int = 0


def text_problem(value: str, *, limit: int | None = None, article: bool = False) -> TextProblem | None:
    """What keeps ``value`` out of a database, or None: a lone surrogate, a NUL character, more
    than ``limit`` characters, or (``article``) more than :data:`MAX_ARTICLE_BYTES` of UTF-8."""
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError as exc:
        return TextProblem("surrogate", position=exc.start + 1)
    nul = value.find("\x00")
    if nul >= 0:
        return TextProblem("nul", position=nul + 1)
    if limit is not None and len(value) > limit:
        return TextProblem("length", length=len(value), limit=limit)
    if article and size > MAX_ARTICLE_BYTES:
        return TextProblem("size", length=size, limit=MAX_ARTICLE_BYTES)
    return None


def readable_number(value: int | float) -> str:
    """A number as people read it: ``12,345``; a huge one by its size (``a 400-digit number``)."""
    if isinstance(value, float):
        if value != value:
            return "not a number"
        if value in (float("inf"), float("-inf")):
            return "infinity" if value > 0 else "minus infinity"
        if abs(value) >= 1e15:
            return f"{value:.3g}"
        return f"{value:,.6g}" if value != int(value) else f"{int(value):,}"
    digits = len(str(abs(value)))
    if digits > 15:
        return f"a {digits}-digit {'negative ' if value < 0 else ''}number"
    return f"{value:,}"


def megabytes(size: int) -> str:
    """A size in MB with one decimal (MB of 2**20 bytes, as the limits are set)."""
    return f"{size / (1024 * 1024):,.1f} MB"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` as it may go to a terminal: every control character but newline and tab shown as
    ``\\xNN``, so a name in a file cannot hold an escape sequence that recolours, clears or
    rewrites the teacher's terminal."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
