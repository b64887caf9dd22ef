"""Web addresses glued to the words around them: "towww.x.org", "helicopterhttp://t.co/x",
"...pic.twitter.com/y", "toGoogle.comtoday", "bloomberg.netGail", "About.com'sMedical",
"fromBreitbart.comtoElle"; e-mail addresses whose name starts with a glued "at" or "to"
("atcwellisz@" after "Chris Wellisz"); hashtags ("of#QZ8501", "#QZ8501victims") and handles
("at@janedoe").

The scoring leaves every chunk with an address in it alone; these rules look only at the
address's two ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimmark.core.repair.joins import RULE_CONFIDENCE, Join
from claimmark.core.repair.text import (
    LONGEST_RUN,
    WORD_RUN,
    at_word_start,
    chunk_bounds,
    glued_word_before,
    skip_line,
    word_after,
    word_before,
)
from claimmark.core.repair.words import FUNCTION_WORDS, TWO_LETTER, lexicon

# Each pattern starts with a literal so the scan stays fast; what is around it is checked in Python.
_WEB_START = re.compile(r"https?://|www\.")  # helicopterhttp://  towww.
_TWEET_PICTURE = re.compile(r"pic\.twitter\.com/")  # a tweet's picture link
_TOP_DOMAIN = re.compile(r"\.(com|org|net|gov|edu)\b|\.(com|org|net|gov|edu)(?=[A-Za-z])")
# A word glued to a capitalised address: toGoogle.com, fromBreitbart.com.
_BEFORE_ADDRESS = ("to", "from", "at", "on", "via", "by", "visit", "and", "or", "of", "in")
_ADDRESS_LABEL = re.compile(r"[A-Za-z0-9-]*$")
# Before a lower-case address or an e-mail only these heads are cut off, and only when the rest
# is a name of the article ("atcwellisz@bloomberg.net" after "Chris Wellisz"): many addresses
# start with "in", "on" or "or" (info@, online.com, oregonlive.com).
_BEFORE_LOWER_ADDRESS = ("at", "to", "from", "via", "visit")
_EMAIL_AT = re.compile(r"@(?=[A-Za-z0-9-]+\.[A-Za-z])")
_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]*$")
_DOMAIN_POSSESSIVE = re.compile(r"\.(?:com|org|net|gov|edu)['’]s(?=[A-Z][a-z])")  # About.com'sMedical
_HASHTAG = re.compile(r"#([A-Za-z0-9]+)")
# A handle: "@" and up to 15 letters, digits or underscores, not an e-mail's domain after it.
_HANDLE = re.compile(r"@(?=[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_@]|\.[A-Za-z]))")


def _domain_glued(tld: str, rest: str, lex: dict[str, float]) -> bool:
    """Is ``rest``, glued after ".com", ".org" ..., a word of the sentence ("today", "Gail")?"""
    if lex.get((tld + rest).lower(), -99.0) > -7.0:
        return False  # ".company", ".network", ".education": the address goes on
    if rest[0].isupper():
        return rest[1:].islower() or (len(rest) >= 2 and rest.isupper())
    lead = rest[: next((i for i, c in enumerate(rest) if c.isupper()), len(rest))]
    if lead != rest:  # comtoElle: a word, then a capital
        return lead in FUNCTION_WORDS or lex.get(lead, -99.0) > -5.0
    return (len(lead) >= 3 or lead in TWO_LETTER) and lex.get(lead, -99.0) > -5.5


class _ArticleNames:
    """The capitalised words of a text, read only when an address needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._names: set[str] | None = None

    def glued_head(self, label: str) -> int:
        """Length of a word glued before a lower-case address label or e-mail name, else 0.

        "atcwellisz" is "at" + "cwellisz" when the article names a Wellisz: the rest (or the
        rest without an initial, or one of its dotted parts) must be a capitalised word of the
        text, since nothing else tells "at" + "wwoz" from a site called "atwwoz"; and no longer
        start of the label may be one, as "Tom" is in "tomsmith" beside a Tom Smith.
        """
        head = next((w for w in _BEFORE_LOWER_ADDRESS if label.startswith(w)), "")
        rest = label[len(head) :]
        if not head or len(rest) < 4 or not rest[0].islower() or lexicon().get(label.lower(), -99.0) > -7.0:
            return 0
        if self._names is None:
            self._names = {w.lower() for w in WORD_RUN.findall(self.text) if w[:1].isupper() and len(w) >= 2}
        names = self._names
        if any(label[:k] in names for k in range(len(head) + 1, len(label))):
            return 0
        parts = [p for p in re.split(r"[._%+-]", rest) if p.isalpha()]
        keys = {p for p in parts if len(p) >= 4} | {p[1:] for p in parts if len(p) >= 5}
        return len(head) if keys & names else 0


def _hashtag_joins(text: str, lex: dict[str, float]) -> list[tuple[int, str]]:
    """ "of#QZ8501" and, when the same tag appears with other endings, "#QZ8501victims"."""
    if "#" not in text:
        return []
    found: list[tuple[int, str]] = []
    # longer "tags" are data, not hashtags (and their prefixes would cost memory by the square)
    tags = [(m.start(), m.group(1)) for m in _HASHTAG.finditer(text) if len(m.group(1)) <= LONGEST_RUN]
    prefixes: dict[str, set[str]] = {}
    for _, tag in tags:
        for i in range(2, len(tag)):
            prefixes.setdefault(tag[:i], set()).add(tag)
    for start, tag in tags:
        before = glued_word_before(text, start)
        if len(before) >= 2 and tag[0].isalpha() and lex.get(before.lower(), -99.0) > -6.0:  # not "issue#12"
            found.append((start, "no space before a hashtag"))
        for i in range(2, len(tag) - 2):
            rest = tag[i:]
            if (
                (tag[i - 1].isdigit() or tag[i - 1].isupper())
                and rest.isalpha()
                and rest.islower()
                and lex.get(rest, -99.0) > -5.5
                and len(prefixes[tag[:i]]) >= 2  # the tag comes with other endings: "#QZ8501search"
            ):
                found.append((start + 1 + i, "a word glued to the end of a hashtag"))
                break
    return found


def web_joins(text: str) -> Iterator[Join]:
    """ "towww.x.org", "helicopterhttp://t.co/x", "x.compic.twitter.com/y", "Google.comtoday"."""
    lex = lexicon()
    names = _ArticleNames(text)
    code_lines: dict[int, bool] = {}
    found: list[tuple[int, str]] = []
    for m in _WEB_START.finditer(text):
        before = word_before(text, m.start())
        k = m.start() - len(before)
        if (
            before.isalnum()
            and at_word_start(text, k)  # a word, not an address
            and (before.isdigit() or lex.get(before.lower(), -99.0) > -7.0 or before[0].isupper())
        ):
            found.append((m.start(), "no space before a web address"))
    for m in _TWEET_PICTURE.finditer(text):
        if m.start() > 0 and not (text[m.start() - 1].isspace() or text[m.start() - 1] in "/@#"):
            found.append((m.start(), "no space before a tweet's picture link"))
    for m in _TOP_DOMAIN.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            continue
        if m.group(2):  # Google.comtoday
            rest = word_after(text, m.end())
            if rest.isalpha() and _domain_glued(m.group(2), rest, lex):
                found.append((m.end(), f"no space after '.{m.group(2)}'"))
                lead = rest[: next((i for i, c in enumerate(rest) if c.isupper()), len(rest))]
                if lead != rest and lead in FUNCTION_WORDS:  # Breitbart.comtoElle: "to" is a word too
                    found.append((m.end() + len(lead), "a word glued to the word after a web address"))
        label = _ADDRESS_LABEL.search(text, max(0, m.start() - 60), m.start())
        k = label.start() if label else m.start()
        if at_word_start(text, k):
            head = next((w for w in _BEFORE_ADDRESS if text.startswith(w, k)), "")
            if head and text[k + len(head)].isupper():
                found.append((k + len(head), "a word glued to a web address"))
            elif glued := names.glued_head(text[k : m.start()]):
                found.append((k + glued, "a word glued to a web address"))
    for m in _EMAIL_AT.finditer(text):
        local = _LOCAL_PART.search(text, max(0, m.start() - 64), m.start())
        k = local.start() if local else m.start()
        if at_word_start(text, k) and (glued := names.glued_head(text[k : m.start()])):
            found.append((k + glued, "a word glued to an e-mail address"))
    for m in _DOMAIN_POSSESSIVE.finditer(text):
        found.append((m.end(), "no space after a web address"))
    found += _hashtag_joins(text, lex)
    for m in _HANDLE.finditer(text):
        # "on Twitter at@janedoe", "Twitter@janedoe": a small word or a capitalised common word
        # glued before a handle ("john@gmail" may be an e-mail address cut short)
        before = glued_word_before(text, m.start())
        if before in FUNCTION_WORDS or (before[:1].isupper() and lex.get(before.lower(), -99.0) > -5.0):
            found.append((m.start(), "no space before a handle"))
    for pos, reason in found:
        bounds = chunk_bounds(text, pos, pos)
        if bounds is None or skip_line(text, pos, code_lines):
            continue
        start, end = bounds
        yield Join(pos, text[start:pos], text[pos:end], reason, RULE_CONFIDENCE["web"])
