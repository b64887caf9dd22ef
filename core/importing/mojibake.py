"""Mojibake: text that went through the wrong character encoding ("donâ€™t", "â€”", "cafÃ©").

Found with ftfy (Robyn Speer's "fixes text for you", Apache-2.0), which knows the usual ways
UTF-8 gets read as Windows-1252 or Latin-1 and undoes only those.  Nothing is changed here:
:func:`find_mojibake` proposes each fix, with the words it would change, and the import's
review step lets the person accept or refuse each one, as it does for glued words.

Text read as Latin-1 holds invisible C1 control characters where the right letters should be
("don" + "â" + U+0080 + U+0099 + "t"); :func:`claimmark.core.importing.normalising.normalise`
keeps those (and only those) so that the fix can still be made; a control character that
belongs to no such sequence is dropped as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a run of text holding characters that UTF-8 bytes become when read as Windows-1252 or Latin-1
# (the bytes 0x80-0xFF as those encodings show them), with the words around it
_SUSPECT = (
    "\u0080-\u00ff"  # Latin-1, and the C1 controls
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"  # what Windows-1252 has in their place
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_RUN = re.compile(rf"[^\s]*[{_SUSPECT}](?:[^\s]|\u00a0(?=[{_SUSPECT}]))*")
_ENCODINGS = {"sloppy-windows-1252": "Windows-1252", "latin-1": "Latin-1", "windows-1252": "Windows-1252"}


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace ``text[start:end]`` (``was``) with ``becomes``: one encoding repair proposed on import."""

    start: int
    end: int
    was: str
    becomes: str
    reason: str
    confidence: float = 0.95

    @property
    def position(self) -> int:
        """Where the fix is in the text (for sorting repairs in text order)."""
        return self.start


def find_mojibake(text: str) -> list[Fix]:
    """Every run of ``text`` that ftfy would decode anew, as a proposed fix, in text order."""
    if text.isascii():
        return []
    import ftfy

    fixes: list[Fix] = []
    for found in _RUN.finditer(text):
        run = found.group(0)
        fixed, steps = ftfy.fix_encoding_and_explain(run)
        if fixed == run or not steps:
            continue
        # only the characters that change (a Chinese sentence has no spaces: its run is all of it)
        head = len(_common_prefix(run, fixed))
        tail = len(_common_prefix(run[head:][::-1], fixed[head:][::-1]))
        start, end = found.start() + head, found.end() - tail
        fixes.append(Fix(start, end, text[start:end], fixed[head : len(fixed) - tail], _reason(steps)))
    return fixes


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _reason(steps: object) -> str:
    """The fix in words: "UTF-8 text that was read as Windows-1252"."""
    read_as = ""
    for step in steps if isinstance(steps, list) else []:
        action, detail = step if isinstance(step, tuple) and len(step) == 2 else ("", "")
        if action == "encode" and detail in _ENCODINGS:
            read_as = _ENCODINGS[detail]
    if read_as:
        return f"UTF-8 text that was read as {read_as} (mojibake)"
    return "characters decoded with the wrong encoding (mojibake)"
