"""Pieces and candidate cuts: how likely each piece of a suspect word run is as a word, the
best way to cut the run into pieces (a small dynamic program in log10 probabilities, with the
segmentation weights of the model), and the features of each proposed cut that the model's
two stages then weigh."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from claimmark.core.repair.text import (
    LONGEST_RUN,
    PROTECTED_CHUNK,
    WHITE_SPACE,
    WORD_RUN,
    at_sentence_start,
    chunk_bounds,
    neighbours,
    skip_line,
)
from claimmark.core.repair.words import (
    CAMEL_BRANDS,
    FUNCTION_WORDS,
    PARTICLE_NAME,
    PARTICLES,
    PREFIXES,
    SUFFIXES,
    TWO_LETTER,
    UNITS,
    WordPairs,
    affixes,
    count_prefix,
    lexicon,
    two_words,
    word_pairs,
)


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The segmentation weights, in log10 probability units (set by hand; the model's weights
    file holds them).  They only propose cuts; the model's two stages decide."""

    split_penalty: float  # prior odds against a glued join at a word boundary
    bonus_lower_upper: float  # "leaderKim": a capital inside a token
    bonus_caps_lower: float  # "FAAdeployed": acronym then a lower-case word
    bonus_digit: float  # "about600", "600are"
    unknown_lower: float  # a lower-case word that wordfreq does not know
    unknown_cap: float  # a capitalised word that wordfreq does not know (names)
    unknown_caps: float  # an unknown acronym
    unknown_mixed: float  # an unknown camel-case word (brands)
    unknown_per_char: float  # unknown words get less likely with every letter beyond 7
    unknown_piece_cap: float  # an unknown capitalised piece (a name) inside a glued token
    unknown_piece_per_char: float  # ... less likely when long: it may hide a glued word
    number: float  # a number as a piece
    code: float  # an acronym with digits ("BRCA1") as a piece
    doc_discount: float  # a count in this article weighs a little less than wordfreq
    min_piece: float  # rarer wordfreq entries are not pieces unless the article shows them
    min_short_piece: float  # three-letter lower-case pieces must be at least this common
    cap_function_mid: float  # a capitalised function word that cannot start a sentence here
    repeated_whole: float  # at most this for a token that occurs again in the article
    propose: float  # segmentations whose margin is below this are not even proposed


# The features of a cut that the first stage weighs (``Article.candidates`` gives each cut all
# of them), and those from the word-pair counts, there only when ``wordsegment`` is installed.
CUT_FEATURES = frozenset([
    "bias", "margin", "lpL", "lpR", "lpT", "unkL", "unkR", "docL", "docR", "docT", "funcL", "funcR",
    "funcR3", "capfuncL", "preL", "sufR", "edR", "sR", "shortL", "shortR", "lenT", "pieces", "sent",
    "affix", "poss", "sibL", "sibR", "pat_loCap", "pat_CapCap", "pat_Caplo", "pat_CAPSlo", "pat_CAPSCap",
    "pat_digit", "Caplo_funcR", "Caplo_sufR", "Caplo_docL", "funcL_lpT", "CapCap_capfuncL", "loCap_funcL",
    "lolo_funcLR", "prevcap", "nextcap", "Caplo_prevcap",
])  # fmt: skip
WORD_PAIR_FEATURES = frozenset(["ngLR", "ngLRhas", "ngBL", "ngRA", "ngCtx", "ngT", "ngThas"])


_LAST_CAPITALISED = re.compile(r"[A-Z][a-z]*$")
_LEADING_HUMP = re.compile(r"[A-Z][a-z]+")
_NAME_LIKE_ENDINGS = frozenset(["as", "is", "us"])  # Deoras, Davis, Marcus
# Titles before a name: "PresidentObama" is a title glued to a name, never one camel-case word.
_TITLES = frozenset([
    "President", "Senator", "Secretary", "Governor", "Representative", "Minister", "Chairman", "Chairwoman",
    "Justice", "Judge", "General", "Mayor", "Speaker", "King", "Queen", "Prince", "Princess", "Pope",
    "Director", "Leader", "Chief", "Commissioner", "Ambassador", "Congressman", "Congresswoman", "Sheriff",
])  # fmt: skip


# Glue happens where a link was; the same glued pair three times over in one article did not
# occur once in the tuning pages, while names and brands repeat all the time.
REPEATED = 3


_HIDDEN_WORD = 3.0  # log10 units off an unknown name that ends in a word ("Jasand")
_UNKNOWN_ACRONYM_PIECE = 6  # longest unknown acronym taken as a piece between small letters ("greatTCLUGmeeting")
_LONGEST_PIECE = 30  # longer letter runs are menus or identifiers, not glued prose


_LATIN = re.compile(r"[A-Za-z0-9À-ɏ'’.,]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CODE = re.compile(r"[A-Z]+\d+[A-Z\d]*")


def _strip_possessive(word: str) -> str:
    """ "Russia's" -> "Russia"."""
    return word[:-2] if word[-2:] in ("'s", "’s", "'S", "’S") else word


@lru_cache(maxsize=1 << 16)
def _shape(piece: str) -> str:
    """'lower', 'cap' (Capitalised), 'caps' (ALL CAPS), 'num', 'code' or 'mixed'."""
    if _NUMBER.fullmatch(piece):
        return "num"
    letters = piece.replace("'", "").replace("’", "")
    if letters.islower():
        return "lower"
    if letters.isupper():
        if letters.isalpha():
            return "caps"
        return "code" if _CODE.fullmatch(letters) else "mixed"
    if _capitalised(letters):
        return "cap"
    return "mixed"


def _capitalised(letters: str) -> bool:
    """Shaped like a name: "Kim", "McCain", "eBay" (the 'cap' of _shape, for letters only)."""
    return (letters[0].isupper() and letters[1:].islower()) or bool(PARTICLE_NAME.fullmatch(letters))


def _brand_and_more(piece: str) -> bool:
    """A small-letter brand with more glued on ("eBaylast"): not an unknown name."""
    return any(piece.startswith(brand) and len(piece) > len(brand) for brand in CAMEL_BRANDS)


class _Piece(NamedTuple):
    lp: float  # log10 probability
    why: str  # the evidence, for the reason shown to the user
    capitalised_function_word: bool = False


@dataclass(frozen=True, slots=True)
class _Cut:
    offset: int  # inside the run
    left: str
    right: str
    margin: float
    pieces: int
    why_left: str
    why_right: str


@dataclass(slots=True)
class Candidate:
    """A cut the segmentation proposes, before the model decides: where it is in the text, the
    glued run and its two sides, the features the model weighs, and the evidence for the reason."""

    position: int
    left: str
    right: str
    run: str
    features: dict[str, float]
    evidence: list[str]


_COUNT_BLOCK = 1 << 18  # characters per findall: a few milliseconds each


def _word_counts(text: str) -> Counter[str]:
    """How often each word run occurs.  findall is a quarter faster than finditer, but one call
    over megabytes holds the GIL for ~200 ms (a window freezes if a thread of its own runs
    this), so the text goes in blocks that end at white space, where no word run can go on."""
    counts: Counter[str] = Counter()
    start = 0
    while start < len(text):
        end = start + _COUNT_BLOCK
        space = WHITE_SPACE.search(text, end) if end < len(text) else None
        end = space.start() if space else len(text)
        counts.update(WORD_RUN.findall(text, start, end))
        start = end
    return counts


class Article:
    """Per-text state: word counts, known names and a cache of segmentations."""

    def __init__(self, text: str, known_names: Iterable[str], weights: Segmentation) -> None:
        self.text = text
        self.weights = weights
        self.lex = lexicon()
        self.exact = _word_counts(text)
        self.total = max(sum(self.exact.values()), 1)
        self.lower: Counter[str] = Counter()
        for run, n in self.exact.items():
            self.lower[run.lower()] += n
        self.names: set[str] = set()
        self.full_names: set[str] = set()
        for name in known_names:
            name = " ".join(name.split())
            if len(name) >= 3 and WORD_RUN.search(name):
                self.full_names.add(name)
            for word in WORD_RUN.findall(name):
                self.names.add(word.lower())
        self.cache: dict[tuple[str, bool], list[_Cut]] = {}
        self.piece_cache: dict[str, _Piece | None] = {}
        self.feature_cache: dict[tuple[str, int, bool], tuple[dict[str, float], list[str]]] = {}
        self._affix_counts: tuple[Counter[str], Counter[str]] | None = None
        self.suspects: set[str] = set()

    # --- probabilities -----------------------------------------------------------------------

    def wordfreq(self, word: str) -> float | None:
        key = word.lower()
        if "’" in key:
            key = key.replace("’", "'")
        lp = self.lex.get(key)
        if lp is None and key.endswith("'s"):
            lp = self.lex.get(key[:-2])
        return lp

    def doc_count(self, word: str) -> int:
        """How often the word stands alone in the article (case-sensitive for short words)."""
        base = _strip_possessive(word)
        named = 1 if base.lower() in self.names else 0  # a known name counts as a sighting
        if len(base) < 4:
            return named + self.exact[base] + (self.exact[word] if word != base else 0)
        return named + self.lower[base.lower()] + (self.lower[word.lower()] if word != base else 0)

    def doc_lp(self, count: int) -> float:
        return math.log10(count / self.total) - self.weights.doc_discount

    def is_name(self, word: str) -> bool:
        return _strip_possessive(word).lower() in self.names

    def piece_lp(self, piece: str) -> _Piece | None:
        """log10 probability of a piece of a glued token, with where the evidence comes from.

        None when the piece cannot be a word.  Cached per article by the piece alone (a
        string key hashes once); what depends on the piece's place is left to the caller.
        """
        try:
            return self.piece_cache[piece]
        except KeyError:
            pass
        result: _Piece | None
        low = piece.lower()
        lp = self.lex.get(low)
        if (
            piece.isalpha()
            and len(piece) >= 2
            and (lp is None or lp < self.weights.min_piece)
            and not (self.exact[piece] if len(piece) < 4 else self.lower[low])
            and low not in self.names
            and (len(piece) == 2 or not _capitalised(piece))
        ):
            # the usual case inside a long word: a rare fragment, not a word; only a capitalised
            # piece ("Kim", "McCain") can still be an unknown name (see _piece_lp)
            result = None
        elif piece.islower() and (lp is None or lp < self.weights.min_piece) and two_words(low):
            result = None  # only seen alone as glue elsewhere ("avase", "forfall"): not a word
        else:
            result = self._piece_lp(piece)
        self.piece_cache[piece] = result
        return result

    def _piece_lp(self, piece: str) -> _Piece | None:
        shape = _shape(piece)
        if shape == "num":
            return _Piece(self.weights.number, "is a number")
        base = _strip_possessive(piece)
        if len(base) == 1:
            return _Piece(self.lex["a"], "is a word") if base in "aAI" else None
        if shape == "lower" and (
            (len(base) == 2 and base not in TWO_LETTER)
            or (len(base) == 3 and (self.wordfreq(base) or -99.0) < self.weights.min_short_piece)
        ):
            return None
        best: tuple[float, str] | None = None
        lp = self.wordfreq(piece)
        if lp is not None and lp >= (self.weights.min_piece if shape != "mixed" else -6.5):
            best = (lp, "is a common word" if lp > -6.0 else "is an English word")
        if len(base) >= 3 or shape in ("cap", "caps"):
            count = self.doc_count(piece)
            if count:
                dl = self.doc_lp(count)
                if best is None or dl > best[0]:
                    best = (dl, "appears alone elsewhere in the article")
        if self.is_name(piece):
            best = (max(best[0] if best else -99.0, -3.0), "is a known name")
        if best is None:
            if shape == "code":
                best = (self.weights.code, "is a code")
            elif shape == "cap" and len(base) >= 3 and not _brand_and_more(base):
                best = (
                    self.weights.unknown_piece_cap
                    - self.weights.unknown_piece_per_char * max(0, len(base) - 7)
                    - (_HIDDEN_WORD if self.hides_a_word(base) else 0.0),
                    "looks like a name",
                )
            else:
                return None
        return _Piece(best[0], best[1], shape == "cap" and base.lower() in FUNCTION_WORDS)

    def acronym_between(self, piece: str) -> _Piece | None:
        """An unknown acronym between two small-letter words inside a run ("great|TCLUG|meeting")."""
        if piece.isalpha() and piece.isupper() and 2 <= len(piece) <= _UNKNOWN_ACRONYM_PIECE:
            return _Piece(self.weights.unknown_caps, "looks like an acronym")
        return None

    def hides_a_word(self, name: str) -> bool:
        """Does an unknown name end in a small word or a common one after a plausible start
        ("Jasand" = "Jas" + "and", "Artcurialsold" = "Artcurial" + "sold")?"""
        low = name.lower()
        for k in range(3, len(low) - 2):
            tail = low[k:]
            if (tail in FUNCTION_WORDS and len(tail) >= 3) or (len(tail) >= 4 and self.lex.get(tail, -99.0) > -4.5):
                return True
        return False

    def whole_lp(self, run: str) -> float:
        lp = self.wordfreq(run)
        if lp is None:
            lp = self.inflected_lp(run)
        others = self.exact[run] - 1
        if others > 0:
            # Evidence, but weak: boilerplate repeats a glued token too ("onTwitteror").
            dl = min(self.doc_lp(others), self.weights.repeated_whole)
            lp = dl if lp is None else max(lp, dl)
        if self.is_name(run):
            lp = max(lp if lp is not None else -99.0, -3.0)
        if lp is not None:
            return lp
        floor = {
            "lower": self.weights.unknown_lower,
            "cap": self.weights.unknown_cap,
            "caps": self.weights.unknown_caps,
        }.get(_shape(run), self.weights.unknown_mixed)
        return floor - self.weights.unknown_per_char * max(0, len(run) - 7)

    def inflected_lp(self, run: str) -> float | None:
        """A plural or -ed/-ing form of a known word ("Dockerfiles", "Bougainvilleas"), a little
        less likely than the word itself; None when it is not one."""
        low = run.lower()
        for ending, keep in (("es", 0), ("s", 0), ("ed", 0), ("ed", 1), ("ing", 0)):
            if len(low) > len(ending) + 3 and low.endswith(ending):
                stem = low[: len(low) - len(ending) + keep]
                lp = self.lex.get(stem)
                if lp is not None and len(stem) >= 6:  # not "Cruz|is" as a plural of "cruzi"
                    return lp - 0.5
        return None

    def glue_siblings(self, run: str, left: str, right: str) -> tuple[int, int]:
        """How many other rare tokens of the article start with ``left`` / end with ``right``.

        One link template glues the same word to many names ("Eassaowns", "Lewisowns"
        under every Motley Fool article), which a single token cannot show.
        """
        if self._affix_counts is None:
            starts: Counter[str] = Counter()
            ends: Counter[str] = Counter()
            for word in self.suspects:
                if word.isalpha() and len(word) >= 5 and self.lex.get(word.lower(), -99.0) <= -6.0:
                    for k in range(2, min(9, len(word) - 1)):
                        starts[word[:k]] += 1
                        ends[word[-k:]] += 1
            self._affix_counts = starts, ends
        starts, ends = self._affix_counts
        counted = run.isalpha() and len(run) >= 5 and self.lex.get(run.lower(), -99.0) <= -6.0
        own_l = 1 if counted and 2 <= len(left) <= min(8, len(run) - 2) else 0
        own_r = 1 if counted and 2 <= len(right) <= min(8, len(run) - 2) else 0
        return max(0, starts[left] - own_l), max(0, ends[right] - own_r)

    # --- segmentation ------------------------------------------------------------------------

    def boundary(self, run: str, i: int) -> float | None:
        """Bonus for splitting between run[i-1] and run[i], or None when no split is possible."""
        a, b = run[i - 1], run[i]
        if not (a.isalnum() and b.isalnum()):
            return None
        if a.isdigit() and b.isdigit():
            return None
        if a.isdigit() or b.isdigit():
            return self.weights.bonus_digit
        if a.islower() and b.isupper():
            if a in "ei" and self.camel_brand(run, i - 1):
                return None  # eBay, iPhone
            head = _LAST_CAPITALISED.search(run, 0, i)
            if head and head.group() in PARTICLES and (head.start() == 0 or run[head.start() - 1].islower()):
                return None  # McDonald, DeSoto
            return self.weights.bonus_lower_upper
        if a.isupper() and b.isupper():
            # "NBCNews": only before a capitalised word, never inside an acronym
            if i + 1 < len(run) and run[i + 1].islower():
                return self.weights.bonus_lower_upper
            return None
        if a.isupper() and b.islower():
            return self.weights.bonus_caps_lower if i >= 2 and run[i - 2].isupper() else None
        if b in "ei" and a.isalpha() and self.camel_brand(run, i):
            return self.weights.bonus_lower_upper  # "on|eBay": the brand's capital counts from its "e"
        return 0.0

    @staticmethod
    def camel_brand(run: str, k: int) -> bool:
        """Does run[k:] start with a well-known e- or i- brand ("eBay", "iPhone")?"""
        return run.startswith(CAMEL_BRANDS, k)

    def segment(self, run: str, sentence_start: bool) -> list[_Cut]:
        """Proposed cuts inside ``run`` ([] keeps it whole); cached per article."""
        key = (run, sentence_start)
        cached = self.cache.get(key)
        if cached is None:
            cached = [cut for cut in self._segment(run, sentence_start) if not self.part_of_a_name(run, cut)]
            self.cache[key] = cached
        return cached

    def camel_case_name(self, run: str, cut: _Cut, next_word: str) -> bool:
        """Two capitalised common words that the article never writes capitalised on their own,
        and a lower-case word after them: one camel-case name ("IndexError when", "ShowMeDo
        videos"), not a title glued to a name ("GovernorJeb Bush", "PresidentObama.")."""
        left, right = cut.left, cut.right
        if (
            not run[0].isupper()  # "theIslamic|State": a word glued before
            or left in _TITLES  # "President|Obama's support"
            or not next_word[:1].islower()
            or _shape(left) != "cap"
            or not right[:1].isupper()
            or self.is_name(left)
            or self.is_name(right)
        ):
            return False
        head = _LEADING_HUMP.match(right)
        words = [left, head.group() if head else right]
        return all(self.lex.get(w.lower(), -99.0) > -6.0 and not self.capitalised_alone(w) for w in [*words, right])

    def capitalised_alone(self, word: str) -> int:
        """How often the article writes this word as it is, alone or with a possessive ("Obama's")."""
        base = _strip_possessive(word)
        return self.exact[base] + self.exact[base + "'s"] + self.exact[base + "’s"]

    def part_of_a_name(self, run: str, cut: _Cut) -> bool:
        """Is this cut inside one name or identifier, by the article's own words?

        - A rare capitalised start that the article never writes alone, before "as", "is" or
          "us" at the end, which end many names: the end of a name ("Deoras", not "De or as").
        - A lone digit after letters that are no common word: an identifier ("foo1").
        """
        left, right = cut.left, cut.right
        start = run[: cut.offset]  # "Deor" of "De|or|as"
        if (
            _shape(start) == "cap"
            and right in _NAME_LIKE_ENDINGS
            and cut.offset + 2 == len(run)
            and (cut.offset == len(left) or len(left) <= 2)  # "Deor|as", "De|or|as"; not "She|did|it"
            and self.lex.get(start.lower(), -99.0) < -7.0
            and not self.doc_count(start)
            and not self.is_name(start)
        ):
            return True
        return right.isdigit() and len(right) == 1 and left.isalpha() and self.lex.get(left.lower(), -99.0) <= -5.0

    def _segment(self, run: str, sentence_start: bool) -> list[_Cut]:
        n = len(run)
        bounds: dict[int, float] = {}
        if run.isalpha() and (run.islower() or (run[0].isupper() and run[1:].islower())):
            # the usual shapes; after a capital only "A" and "I" can be a word ("Athird" at a sentence start)
            first = 1 if run[0].islower() or (sentence_start and run[0] in "AI") else 2
            bounds = dict.fromkeys(range(first, n), 0.0)
        else:
            for i in range(1, n):
                b = self.boundary(run, i)
                if b is not None:
                    bounds[i] = b
        if not bounds:
            return []
        cuts = [0, *sorted(bounds), n]
        digits = not run.isalpha() and any(c.isdigit() for c in run)
        best: dict[int, tuple[float, int, str]] = {0: (0.0, -1, "")}
        for ci, i in enumerate(cuts[:-1]):
            if i not in best:
                continue
            base_score = best[i][0] + (bounds[i] - self.weights.split_penalty if i else 0.0)
            for j in cuts[ci + 1 :]:
                if i == 0 and j == n:
                    continue  # the whole run is scored separately
                if j - i > _LONGEST_PIECE:
                    break
                if digits and not self._digit_rules(run, i, j, sentence_start):
                    continue
                piece = self.piece_lp(run[i:j])
                if piece is None and i > 0 and j < n and run[i - 1].islower() and run[j].islower():
                    piece = self.acronym_between(run[i:j])
                if piece is None:
                    continue
                lp = piece.lp
                if j - i == 1 and run[i] in "AI" and not (i == 0 and (j == n or sentence_start)):
                    continue  # "A" and "I" only start a sentence or stand alone
                if piece.capitalised_function_word and not (i == 0 and sentence_start) and j != n:
                    lp -= self.weights.cap_function_mid  # "saveToFile": a capital "To" inside a sentence
                score = base_score + lp
                if j not in best or score > best[j][0]:
                    best[j] = (score, i, piece.why)
        if n not in best:
            return []
        margin = best[n][0] - self.whole_lp(run)
        if margin < self.weights.propose:
            return []
        pieces: list[tuple[int, int, str]] = []
        j = n
        while j > 0:
            _, i, why = best[j]
            pieces.append((i, j, why))
            j = i
        pieces.reverse()
        return [
            _Cut(k, run[i:k], run[k:m], margin, len(pieces), why_left, why_right)
            for (i, _, why_left), (k, m, why_right) in itertools.pairwise(pieces)
        ]

    def _digit_rules(self, run: str, i: int, j: int, sentence_start: bool) -> bool:
        """Pieces next to numbers: no units ("10am"), no codes ("F16", "MP3")."""
        piece = run[i:j]
        if j < len(run) and run[j - 1].isalpha() and run[j].isdigit():
            # letters then a number: the letters must be a real lower-case or capitalised word
            if piece == "a" or (piece == "A" and sentence_start and i == 0):
                return True
            if len(piece) < 2 or _shape(piece) not in ("lower", "cap"):
                return False
        if i > 0 and run[i - 1].isdigit() and run[i].isalpha():
            base = piece.lower()
            if base in UNITS or len(base) < 2 or _shape(piece) not in ("lower", "cap"):
                return False
        return True

    # --- candidates --------------------------------------------------------------------------

    def suspect(self, run: str) -> bool:
        """Could this run be glued?  False for the common words that make up most text."""
        if len(run) < 3 or not _LATIN.fullmatch(run):
            return False
        if self.exact[run] >= REPEATED:
            return False  # a word of this article ("Yearout" four times), not a glued pair
        if not run.isalpha():
            return True
        lower = run.lower()
        lp = self.lex.get(lower)
        if lp is None:
            return True
        if lp > -5.5:
            return False  # a common word (or a well-known brand such as LinkedIn)
        if _shape(run) in ("lower", "cap"):
            # A rarer known word is only worth a look if it could be a function word glued
            # to another word, as in wordfreq's own "inthe" and "tothe".
            lex = self.lex
            n = len(lower)
            return any(
                (lower[:k] in FUNCTION_WORDS and lower[k:] in lex)
                or (lower[n - k :] in FUNCTION_WORDS and lower[: n - k] in lex)
                for k in range(1, min(6, n - 1))
            )
        return True

    def candidates(self, with_word_pairs: bool = True) -> Iterator[Candidate]:
        """Every cut the segmentation proposes, in text order, with its features (those from the
        word-pair counts only ``with_word_pairs`` and when ``wordsegment`` is installed)."""
        text = self.text
        suspects = self.suspects = {run for run in self.exact if len(run) <= LONGEST_RUN and self.suspect(run)}
        if not suspects:
            return
        skipped_lines: dict[int, bool] = {}
        ngrams = word_pairs() if with_word_pairs else None
        for m in WORD_RUN.finditer(text):
            run = m.group()
            if run not in suspects:
                continue
            start = m.start()
            sentence_start = at_sentence_start(text, start)
            cuts = self.segment(run, sentence_start)
            if not cuts:
                continue
            bounds = chunk_bounds(text, start, m.end())
            if bounds is None or PROTECTED_CHUNK.search(text[bounds[0] : bounds[1]]):
                continue
            if skip_line(text, start, skipped_lines):
                continue
            prev_word, next_word = neighbours(text, start, m.end())
            prev_cap = 1.0 if prev_word[:1].isupper() and not sentence_start else 0.0
            next_cap = 1.0 if next_word[:1].isupper() else 0.0
            before, after = _context_word(prev_word, sentence_start, True), _context_word(next_word, False, False)
            for k, cut in enumerate(cuts):
                if self.camel_case_name(run, cut, next_word):
                    continue
                features, evidence = self.cut_features(run, cut, sentence_start)
                features = {
                    **features,
                    "prevcap": prev_cap,
                    "nextcap": next_cap,
                    "Caplo_prevcap": features["pat_Caplo"] * prev_cap,
                }
                if ngrams is not None:
                    features.update(
                        _ngram_features(
                            ngrams,
                            run,
                            cut,
                            cuts[k - 1].left.lower() if k else before,
                            cuts[k + 1].right.lower() if k + 1 < len(cuts) else after,
                        )
                    )
                yield Candidate(start + cut.offset, cut.left, cut.right, run, features, evidence)

    def cut_features(self, run: str, cut: _Cut, sentence_start: bool) -> tuple[dict[str, float], list[str]]:
        """The features of a cut that do not depend on the neighbouring words (cached)."""
        key = (run, cut.offset, sentence_start)
        cached = self.feature_cache.get(key)
        if cached is None:
            cached = self._cut_features(run, cut, sentence_start)
            self.feature_cache[key] = cached
        return cached

    def _cut_features(self, run: str, cut: _Cut, sentence_start: bool) -> tuple[dict[str, float], list[str]]:
        left, right = cut.left, cut.right
        pattern = _pattern(left, right)
        lp_l, lp_r, lp_t = self.wordfreq(left), self.wordfreq(right), self.wordfreq(run)
        doc_l = 1.0 if len(_strip_possessive(left)) >= 3 and self.doc_count(left) else 0.0
        doc_r = 1.0 if len(_strip_possessive(right)) >= 3 and self.doc_count(right) else 0.0
        doc_t = 1.0 if self.exact[run] > 1 else 0.0
        func_l = 1.0 if left in FUNCTION_WORDS else 0.0
        func_r = 1.0 if right in FUNCTION_WORDS else 0.0
        capfunc_l = 1.0 if _shape(left) == "cap" and left.lower() in FUNCTION_WORDS else 0.0
        forwards, backwards = affixes()
        key_l = _strip_possessive(left).lower()
        key_r = _strip_possessive(right).lower()
        f = {
            "bias": 1.0,
            "margin": max(-6.0, min(6.0, cut.margin)),
            "lpL": max(-9.0, lp_l) + 9.0 if lp_l is not None else 0.0,
            "lpR": max(-9.0, lp_r) + 9.0 if lp_r is not None else 0.0,
            "lpT": lp_t + 9.0 if lp_t is not None else 0.0,
            "unkL": 1.0 if lp_l is None else 0.0,
            "unkR": 1.0 if lp_r is None else 0.0,
            "docL": doc_l,
            "docR": doc_r,
            "docT": doc_t,
            "funcL": func_l,
            "funcR": func_r,
            "funcR3": 1.0 if func_r and len(right) >= 3 else 0.0,
            "capfuncL": capfunc_l,
            # how many English words start like the left piece or end like the right one:
            # "-on" and "-a" end many names, "-said" and "-and" few
            "preL": math.log10(1 + count_prefix(forwards, key_l)),
            "sufR": math.log10(1 + count_prefix(backwards, key_r[::-1])),
            "edR": 1.0 if right.islower() and len(right) >= 4 and right.endswith("ed") else 0.0,
            "sR": 1.0 if right.islower() and len(right) >= 4 and right.endswith("s") else 0.0,
            "shortL": 1.0 if len(left) <= 2 else 0.0,
            "shortR": 1.0 if len(right) <= 2 else 0.0,
            "lenT": min(len(run), 20) / 10.0,
            "pieces": cut.pieces - 2.0,
            "sent": 1.0 if sentence_start else 0.0,
            # "un" + "hailed" is a derived word in lower case, but not after "Kim Jong" mid-sentence
            "affix": 1.0 if (key_l in PREFIXES and (left.islower() or sentence_start)) or key_r in SUFFIXES else 0.0,
            "poss": 1.0 if left != _strip_possessive(left) else 0.0,
        }
        sib_l, sib_r = self.glue_siblings(run, left, right)
        f["sibL"] = math.log2(1 + sib_l)
        f["sibR"] = math.log2(1 + sib_r)
        for p in _PATTERNS[1:]:
            f["pat_" + p] = 1.0 if pattern == p else 0.0
        f["Caplo_funcR"] = f["pat_Caplo"] * func_r
        f["Caplo_sufR"] = f["pat_Caplo"] * f["sufR"]
        f["Caplo_docL"] = f["pat_Caplo"] * doc_l
        f["funcL_lpT"] = func_l * f["lpT"]
        f["CapCap_capfuncL"] = f["pat_CapCap"] * capfunc_l
        f["loCap_funcL"] = f["pat_loCap"] * func_l
        f["lolo_funcLR"] = (1.0 if pattern == "lolo" else 0.0) * max(func_l, func_r)
        evidence = sorted(
            [f"'{left}' {cut.why_left}", f"'{right}' {cut.why_right}"], key=lambda e: "elsewhere" not in e
        )
        if doc_t:
            evidence.append(f"but '{run}' also occurs elsewhere")
        elif lp_t is None:
            evidence.append(f"'{run}' is not an English word")
        return f, evidence


_PATTERNS = ("lolo", "loCap", "CapCap", "Caplo", "CAPSlo", "CAPSCap", "digit")


def _pattern(left: str, right: str) -> str:
    a, b = left[-1], right[0]
    if a.isdigit() or b.isdigit():
        return "digit"
    if b.isupper():
        if left.isupper():
            return "CAPSCap"
        return "CapCap" if left[0].isupper() else "loCap"
    if a.isupper():
        return "CAPSlo"
    return "Caplo" if left[0].isupper() else "lolo"


def _context_word(word: str, sentence_start: bool, before: bool) -> str:
    """The neighbouring word as a key of the word-pair counts ("<s>" at a sentence start, "" if none)."""
    if before and sentence_start:
        return "<s>"
    m = WORD_RUN.search(word) if before else WORD_RUN.match(word)
    if m is None or (before and m.end() != len(word)):
        return ""  # punctuation between (or "co-owner"): no pair across it
    return m.group().lower()


def _pair(bigrams: dict[str, float], a: str, b: str) -> float:
    """log10 count of the pair "a b" above the list's floor of 10^5, or 0 when not listed."""
    if not a or not b:
        return 0.0
    lp = bigrams.get(a + " " + b)
    return lp - 5.0 if lp is not None else 0.0


def _ngram_features(
    ngrams: WordPairs,
    run: str,
    cut: _Cut,
    before: str,
    after: str,
) -> dict[str, float]:
    """Word-pair evidence for a cut: "the losses" is a common pair, "thelosses" no word."""
    unigrams, bigrams = ngrams
    left, right, whole = cut.left.lower(), _strip_possessive(cut.right).lower(), run.lower()
    uni_t = unigrams.get(whole)
    lr = _pair(bigrams, left, right)
    bl = _pair(bigrams, before, left)
    ra = _pair(bigrams, right, after) if right == cut.right.lower() else 0.0
    return {
        "ngLR": lr,
        "ngLRhas": 1.0 if lr else 0.0,
        "ngBL": bl,
        "ngRA": ra,
        "ngCtx": 1.0 if bl or ra else 0.0,
        "ngT": uni_t - 4.0 if uni_t is not None else 0.0,
        "ngThas": 1.0 if uni_t is not None else 0.0,
    }
