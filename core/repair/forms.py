"""Glued forms the segmentation cannot see: a title abbreviation ("VermontSen. Bernie"), a word
before one that starts with a single capital and a hyphen ("calledF-actins": no piece is a
single capital) or before "A&E", a small word before a dotted abbreviation ("theU.S."), a
possessive before a name ("Natural'sCorporate"), "a" before a number with a hyphen
("a4-minute" is too short to look at) and single letters joined by "and" ("VitaminsCandE")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimmark.core.repair.joins import RULE_CONFIDENCE, Join
from claimmark.core.repair.text import glued_word_before, neighbours, skip_line
from claimmark.core.repair.words import FUNCTION_WORDS, lexicon

# Each pattern starts at its rare part (the title, the ampersand, the hyphen) so the scan stays
# fast; the glued word before it is read in Python.
_TITLE = re.compile(r"(?:Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Rev|Prof|Dr|Mr|Mrs|Ms|Pres|Sens|Reps)\.(?=\s+[A-Z][a-z])")
_AMPERSAND_NAME = re.compile(r"[A-Z]+&[A-Z]")  # created byA&E, atAT&T
_LETTER_HYPHEN = re.compile(r"[A-Z]-[A-Za-z]")  # calledF-actins
_POSSESSIVE_THEN_NAME = re.compile(r"['’](?<=[^\W\d_]['’])s(?=[A-Z][a-z]{2,})")  # Natural'sCorporate
_WORD_BEFORE_DOTTED = re.compile(r"[A-Z](?<=[a-z][A-Z])\.(?:[A-Z]\.)+")  # theU.S. economy
_A_NUMBER_HYPHEN = re.compile(r"a(?=\d+-[A-Za-z])")  # a4-minute meeting
_LETTERS_AND = re.compile(r"[A-Z](?<=[a-z]{2}[A-Z])(and|or)[A-Z](?![A-Za-z])")  # VitaminsCandE


def form_joins(text: str) -> Iterator[Join]:
    lex = lexicon()
    code_lines: dict[int, bool] = {}
    for m in _TITLE.finditer(text):
        # "it's VermontSen. Bernie Sanders": a title abbreviation glued to the word before a name;
        # that word ends in a small letter or is an acronym ("GOPSen."), never one capital ("USen.")
        word = glued_word_before(text, m.start())
        if (word[-1:].islower() or (len(word) >= 2 and word.isupper())) and not skip_line(text, m.start(), code_lines):
            yield Join(m.start(), word, m.group(), "no space before a title", RULE_CONFIDENCE["form"])
    for pattern, why in (
        (_AMPERSAND_NAME, "no space before a name like 'A&E'"),
        (_LETTER_HYPHEN, "no space before a word like 'X-ray'"),
    ):
        for m in pattern.finditer(text):
            if m.start() == 0 or not text[m.start() - 1].islower():
                continue  # not glued, or inside a longer name ("AT&T" matched at "T&T")
            word = glued_word_before(text, m.start())
            common = len(word) >= 2 and word.islower() and lex.get(word, -99.0) > -5.0
            if common and not skip_line(text, m.start(), code_lines):
                yield Join(m.start(), word, neighbours(text, m.start(), m.start())[1], why, RULE_CONFIDENCE["form"])
    for m in _POSSESSIVE_THEN_NAME.finditer(text):
        # "NW Natural'sCorporate Philanthropy": no word goes on after a possessive without a space
        if not skip_line(text, m.start(), code_lines):
            yield Join(
                m.end(), *neighbours(text, m.end(), m.end()), "no space after a possessive", RULE_CONFIDENCE["form"]
            )
    for m in _WORD_BEFORE_DOTTED.finditer(text):
        # "as theU.S. economy": a small word glued to a dotted abbreviation
        word = glued_word_before(text, m.start())
        if word in FUNCTION_WORDS and not skip_line(text, m.start(), code_lines):
            right = neighbours(text, m.start(), m.start())[1]
            yield Join(m.start(), word, right, "no space before an abbreviation", RULE_CONFIDENCE["form"])
    for m in _LETTERS_AND.finditer(text):
        # "VitaminsCandE": two single letters joined by "and" or "or", glued to the word before
        word = glued_word_before(text, m.start())
        if len(word) >= 3 and lex.get(word.lower(), -99.0) > -6.0 and not skip_line(text, m.start(), code_lines):
            for pos in (m.start(), m.start() + 1, m.end() - 1):
                left, right = text[max(0, pos - 1) : pos], text[pos : pos + 1]
                yield Join(pos, left, right, "single letters joined by 'and' or 'or'", RULE_CONFIDENCE["form"])
    for m in _A_NUMBER_HYPHEN.finditer(text):
        if glued_word_before(text, m.end()) == "a" and not skip_line(text, m.start(), code_lines):
            right = neighbours(text, m.end(), m.end())[1]
            yield Join(m.end(), "a", right, "no space between 'a' and a number", RULE_CONFIDENCE["form"])
