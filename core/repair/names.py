"""Known names glued to the word before or after them: "leaderKim Jong Unhailed" when the
caller knows the entity "Kim Jong Un"."""

from __future__ import annotations

from collections.abc import Iterator

from claimmark.core.repair.joins import RULE_CONFIDENCE, Join
from claimmark.core.repair.scoring import REPEATED, Article
from claimmark.core.repair.text import word_after, word_before

# Endings that make a word of a name rather than follow it ("Facebooking", "Googled", "Trumpers").
_NAME_ENDINGS = frozenset(
    ["ing", "ed", "er", "ers", "s", "es", "ism", "ist", "ists", "ite", "ites", "ian", "ians", "ly"]
)


def name_joins(art: Article) -> Iterator[Join]:
    """A known name glued to the word before or after it: "leaderKim Jong Unhailed"."""
    text, lex = art.text, art.lex
    for name in art.full_names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before, after = word_before(text, start), word_after(text, end)
            words = name.split()
            first_run = before + (words[0] if len(words) > 1 else name + after)
            last_run = (words[-1] if len(words) > 1 else before + name) + after
            for pos, other, run, left, right in (
                (start, before, first_run, before, name),
                (end, after, last_run, name, after),
            ):
                if (
                    other.isalpha()
                    and other.lower() not in _NAME_ENDINGS  # "Facebooking", "Googled"
                    and lex.get(other.lower(), -99.0) > -6.5  # the other part is a word ...
                    and lex.get(run.lower(), -99.0) < -6.5  # ... and the glued form is not
                    and art.exact[run] < REPEATED  # ... nor a word of this text ("AirAsia" again and again)
                ):
                    yield Join(
                        pos, left, right, f"'{name}' is a known name and '{other}' a word", RULE_CONFIDENCE["name"]
                    )
            start = text.find(name, end)
