"""Find words that lost the spaces around links, and put the spaces back.

Text copied out of a web page often loses the whitespace on either side of a link:
"North Korean leader <a>Kim Jong Un</a> hailed" becomes "leaderKim Jong Unhailed".  This
module finds such joins and proposes one space for each; it never changes, adds or drops a
letter.

How it decides (see ``find_joins``):

1. Every word that is not a common English word goes through a small dynamic program that
   compares "one word" against "two or three words glued together", in log10 probabilities:
   word frequencies from ``wordfreq``, boosted for words that stand alone elsewhere in the same
   article or that the caller knows as entity names, with bonuses for a capital inside a token
   ("leaderKim"), a switch between letters and digits ("about600") and a prior against glue.
   A token that occurs three times in the text is taken for a word of its own.
2. Each cut of the best segmentation is then judged by a small logistic model over plain
   features: that margin, the frequencies of the pieces and of the whole, whether the pieces or
   the whole occur elsewhere in the article, how many other rare tokens of the article share the
   piece (one link template glues the same word to many names), the case pattern at the cut,
   function words, the neighbouring words; how common the two pieces are as a word pair and
   each with the word beside it ("of the|losses", "suffered|in the") and whether the whole is
   a word after all, from the Google Web Trillion Word counts shipped with ``wordsegment`` (read
   on first use; without the package, models fitted without these features are used); and, in
   a second stage, how sure the first stage is about the cuts a few words away (a link glued on
   both ends leaves two joins).  The weights were fitted on real news pages whose link spaces
   had been dropped (``python benchmarks/repair_eval.py --fit``);
   the acceptance threshold (``_ACCEPT``, 0.6) is the lowest at which a five-fold
   cross-validation by site on the tuning pages keeps the wrong spaces in clean news text to one
   per 10,000 words.  ``Join.confidence`` is that probability: the review dialog shows it, and
   keeping only joins of 0.9 or more halves the wrong spaces at a cost of about seven points of
   recall.
3. Missing spaces after punctuation ("mansion.Grant's", "types,we", "(fMRI)to", 'said"heroes',
   'days,"Dimon', "U.S.managed") and before brackets and quotes ("bag($140)", "a‘thigh bone’")
   are found by a few rules, and known names glued to a word by a search for the name.
4. The ends of web addresses are checked by rules of their own: "towww.x.org",
   "helicopterhttp://t.co/x", "...pic.twitter.com/y", "toGoogle.comtoday", "bloomberg.netGail",
   "About.com'sMedical", "fromBreitbart.comtoElle"; so are e-mail addresses whose name starts with
   a glued "at" or "to" when the rest is a name of the article ("atcwellisz@" after "Chris
   Wellisz"), and hashtags: "of#QZ8501", and "#QZ8501victims" when the tag also comes with
   other endings.
5. A few glued forms the segmentation cannot see have rules too: a title before a name
   ("VermontSen. Bernie"), a word before "F-actins" or "A&E", "theU.S.", "Natural'sCorporate" and
   "a4-minute"; brands with a small first letter are never cut inside ("oneBay" is "on eBay").

Web addresses, e-mail addresses, handles, hashtags and file names are otherwise never cut;
lines of code or markup and text that is not English are left alone.  Offsets are code points.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = ["Join", "apply_joins", "context", "find_joins"]


@dataclass(frozen=True, slots=True)
class Join:
    """One proposed space: insert " " between ``text[position - 1]`` and ``text[position]``."""

    position: int
    left: str
    right: str
    reason: str
    confidence: float


# --------------------------------------------------------------------------------------------
# Segmentation weights (log10 probability units).  They only propose cuts; the model below
# decides.


@dataclass
class _Weights:
    split_penalty: float = 1.2  # prior odds against a glued join at a word boundary
    bonus_lower_upper: float = 1.5  # "leaderKim": a capital inside a token
    bonus_caps_lower: float = 0.8  # "FAAdeployed": acronym then a lower-case word
    bonus_digit: float = 1.0  # "about600", "600are"
    unknown_lower: float = -10.5  # a lower-case word that wordfreq does not know
    unknown_cap: float = -9.0  # a capitalised word that wordfreq does not know (names)
    unknown_caps: float = -8.5  # an unknown acronym
    unknown_mixed: float = -9.5  # an unknown camel-case word (brands)
    unknown_per_char: float = 0.3  # unknown words get less likely with every letter beyond 7
    unknown_piece_cap: float = -8.5  # an unknown capitalised piece (a name) inside a glued token
    unknown_piece_per_char: float = 0.8  # ... less likely when long: it may hide a glued word
    number: float = -2.6  # a number as a piece
    code: float = -7.0  # an acronym with digits ("BRCA1") as a piece
    doc_discount: float = 0.5  # a count in this article weighs a little less than wordfreq
    min_piece: float = -7.5  # rarer wordfreq entries are not pieces unless the article shows them
    min_short_piece: float = -6.0  # three-letter lower-case pieces must be at least this common
    cap_function_mid: float = 1.5  # a capitalised function word that cannot start a sentence here
    repeated_whole: float = -6.5  # at most this for a token that occurs again in the article
    propose: float = -6.0  # segmentations whose margin is below this are not even proposed


_W = _Weights()

# Logistic model over cut features; fitted by ``benchmarks/repair_eval.py --fit``.
_MODEL: dict[str, float] = {
    "CapCap_capfuncL": 0.027,
    "Caplo_docL": 0.917,
    "Caplo_funcR": -0.033,
    "Caplo_prevcap": -0.484,
    "Caplo_sufR": -0.418,
    "affix": -2.341,
    "bias": -0.225,
    "capfuncL": -0.546,
    "docL": -0.718,
    "docR": 0.272,
    "docT": 0.701,
    "edR": 0.974,
    "funcL": 0.905,
    "funcL_lpT": 0.541,
    "funcR": 1.441,
    "funcR3": 0.457,
    "lenT": 0.736,
    "loCap_funcL": 1.047,
    "lolo_funcLR": 0.542,
    "lpL": 0.364,
    "lpR": 0.054,
    "lpT": -2.278,
    "margin": 0.508,
    "nextcap": 0.742,
    "ngBL": 0.813,
    "ngCtx": -0.632,
    "ngLR": 2.070,
    "ngLRhas": -0.281,
    "ngRA": 1.163,
    "ngT": -0.146,
    "ngThas": -0.374,
    "pat_CAPSCap": 1.314,
    "pat_CAPSlo": 0.752,
    "pat_CapCap": -0.896,
    "pat_Caplo": 0.691,
    "pat_digit": 1.170,
    "pat_loCap": 0.682,
    "pieces": 1.053,
    "poss": 1.158,
    "preL": -1.506,
    "prevcap": 0.301,
    "sR": 0.203,
    "sent": -0.051,
    "shortL": 0.754,
    "shortR": 0.439,
    "sibL": 0.348,
    "sibR": 1.072,
    "sufR": -0.808,
    "unkL": -1.056,
    "unkR": 0.243,
}
_MODEL2: dict[str, float] = {
    "CapCap_capfuncL": -0.118,
    "Caplo_docL": 0.590,
    "Caplo_funcR": 0.001,
    "Caplo_prevcap": -0.284,
    "Caplo_sufR": -0.438,
    "affix": -1.257,
    "bias": -2.657,
    "capfuncL": -0.439,
    "closes_name": 0.567,
    "docL": -0.658,
    "docR": 0.095,
    "docT": 0.592,
    "edR": 0.848,
    "first": 3.736,
    "funcL": 0.558,
    "funcL_lpT": 0.465,
    "funcR": 1.041,
    "funcR3": 0.187,
    "lenT": 0.306,
    "loCap_funcL": 0.788,
    "lolo_funcLR": 0.290,
    "lpL": 0.220,
    "lpR": 0.053,
    "lpT": -1.634,
    "margin": 0.220,
    "near_after": 1.613,
    "near_before": 1.366,
    "nextcap": -0.028,
    "ngBL": 0.523,
    "ngCtx": -0.508,
    "ngLR": 1.355,
    "ngLRhas": -0.361,
    "ngRA": 0.714,
    "ngT": -0.104,
    "ngThas": -0.132,
    "opens_name": 1.116,
    "pat_CAPSCap": 1.264,
    "pat_CAPSlo": 0.383,
    "pat_CapCap": -0.621,
    "pat_Caplo": 0.452,
    "pat_digit": 0.493,
    "pat_loCap": 0.598,
    "pieces": -0.437,
    "poss": 0.955,
    "preL": -0.760,
    "prevcap": 0.282,
    "sR": 0.124,
    "sent": -0.072,
    "shortL": 0.332,
    "shortR": 0.527,
    "sibL": 0.317,
    "sibR": 0.519,
    "sufR": -0.410,
    "unkL": -0.855,
    "unkR": 0.228,
}
# The same models fitted without the word-pair features, for when wordsegment is missing.
_MODEL_PLAIN: dict[str, float] = {
    "CapCap_capfuncL": 0.269,
    "Caplo_docL": 0.992,
    "Caplo_funcR": -0.297,
    "Caplo_prevcap": -0.333,
    "Caplo_sufR": -0.506,
    "affix": -2.541,
    "bias": -1.985,
    "capfuncL": -0.062,
    "docL": -0.472,
    "docR": 0.411,
    "docT": 0.745,
    "edR": 0.772,
    "funcL": 1.537,
    "funcL_lpT": 1.060,
    "funcR": 1.688,
    "funcR3": 0.423,
    "lenT": 0.534,
    "loCap_funcL": 1.138,
    "lolo_funcLR": 0.523,
    "lpL": 0.375,
    "lpR": 0.380,
    "lpT": -2.299,
    "margin": 0.571,
    "nextcap": 0.577,
    "pat_CAPSCap": 1.436,
    "pat_CAPSlo": 0.848,
    "pat_CapCap": -1.013,
    "pat_Caplo": 0.869,
    "pat_digit": 1.494,
    "pat_loCap": 0.641,
    "pieces": 0.999,
    "poss": 1.288,
    "preL": -1.181,
    "prevcap": 0.354,
    "sR": 0.178,
    "sent": 0.468,
    "shortL": 0.646,
    "shortR": 0.500,
    "sibL": 0.315,
    "sibR": 0.626,
    "sufR": -0.713,
    "unkL": -1.104,
    "unkR": 0.202,
}
_MODEL2_PLAIN: dict[str, float] = {
    "CapCap_capfuncL": -0.042,
    "Caplo_docL": 0.576,
    "Caplo_funcR": -0.149,
    "Caplo_prevcap": -0.127,
    "Caplo_sufR": -0.582,
    "affix": -1.621,
    "bias": -4.261,
    "capfuncL": -0.049,
    "closes_name": 0.128,
    "docL": -0.470,
    "docR": 0.200,
    "docT": 0.699,
    "edR": 0.661,
    "first": 3.367,
    "funcL": 0.966,
    "funcL_lpT": 0.857,
    "funcR": 1.387,
    "funcR3": 0.238,
    "lenT": 0.268,
    "loCap_funcL": 0.841,
    "lolo_funcLR": 0.166,
    "lpL": 0.279,
    "lpR": 0.323,
    "lpT": -1.654,
    "margin": 0.272,
    "near_after": 1.982,
    "near_before": 1.611,
    "nextcap": 0.011,
    "opens_name": 1.385,
    "pat_CAPSCap": 1.445,
    "pat_CAPSlo": 0.491,
    "pat_CapCap": -0.782,
    "pat_Caplo": 0.666,
    "pat_digit": 0.700,
    "pat_loCap": 0.638,
    "pieces": -0.619,
    "poss": 1.060,
    "preL": -0.593,
    "prevcap": 0.357,
    "sR": 0.007,
    "sent": 0.312,
    "shortL": 0.286,
    "shortR": 0.692,
    "sibL": 0.199,
    "sibR": 0.305,
    "sufR": -0.427,
    "unkL": -0.835,
    "unkR": 0.242,
}
_ACCEPT = 0.6  # probability needed to propose a join

# fmt: off
_FUNCTION_WORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
    "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours"
])

# Two-letter lower-case pieces that are real words (wordfreq also lists fragments such as "ed").
_TWO_LETTER = frozenset([
    "ad", "ah", "am", "an", "as", "at", "be", "by", "do", "eh", "go", "he", "hi", "if", "in", "is",
    "it", "me", "my", "no", "of", "oh", "ok", "on", "or", "ox", "so", "to", "tv", "uh", "um", "up",
    "us", "vs", "we"
])

# First and last parts of ordinary compounds ("overcommunicate", "vampirelike").
_PREFIXES = frozenset([
    "anti", "auto", "bio", "co", "counter", "cross", "cyber", "down", "eco", "ex", "extra", "fore",
    "hyper", "inter", "macro", "mega", "micro", "mid", "mini", "multi", "neo", "non", "off", "out",
    "over", "post", "pre", "pro", "pseudo", "re", "self", "semi", "sub", "super", "trans", "ultra",
    "un", "under", "up"
])
_SUFFIXES = frozenset([
    "able", "based", "free", "friendly", "hood", "less", "like", "man", "men", "proof", "ship", "side",
    "style", "wide", "wise", "work", "worthy"
])

# Letters that follow a number without a space in clean text: units, ordinals, decades.
_UNITS = frozenset([
    "s", "st", "nd", "rd", "th", "am", "pm", "k", "m", "mm", "cm", "km", "kg", "g", "mg", "mcg", "lb",
    "lbs", "oz", "ft", "in", "mi", "mph", "kph", "kmh", "hr", "hrs", "h", "min", "mins", "sec", "secs",
    "ms", "ns", "bn", "b", "mn", "mln", "x", "d", "p", "gb", "mb", "kb", "tb", "ghz", "mhz", "hz", "kw",
    "kwh", "mw", "gw", "w", "v", "mah", "l", "ml", "cc", "yo", "yr", "yrs", "y", "e", "f", "c", "sq",
    "pc", "pcs", "pt", "pts", "bps", "db", "dpi", "fps", "bit", "mp", "ct", "hp", "gen"
])

# Name particles that are followed by a capital inside one name: McDonald, DeSoto, LeBron.
_PARTICLES = frozenset(["Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Del", "Della"])
# fmt: on
# ... and brands written with a lower-case letter first: iPhone, eBay, eMarketer.
_PARTICLE_NAME = re.compile("(?:{}|[a-z])[A-Z][a-z]+".format("|".join(sorted(_PARTICLES, key=len, reverse=True))))

_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…—–-*/"
_CODE_MARKS = ("{", "}", "=>", "</", "/>", "$", ";", "()")
_CODE_WORDS = ("import", "def", "function", "var", "let", "const", "return", "if", "for")
_LAST_CAPITALISED = re.compile(r"[A-Z][a-z]*$")
# Brands written with a small first letter: a capital inside them is no sign of glue, and the
# cut before them is one ("oneBay" is "on eBay", not "one Bay").  A list, because the word
# lists only know them in lower case, where "ein", "era" and "eval" look the same.
_CAMEL_BRANDS = (
    "eBay", "eBook", "eCommerce", "eHarmony", "eToro", "iCloud", "iMac", "iMessage", "iOS",
    "iPad", "iPhone", "iPlayer", "iPod", "iRobot", "iTunes", "iWatch",
)  # fmt: skip
# Glue happens where a link was; the same glued pair three times over in one article did not
# occur once in the tuning pages, while names and brands repeat all the time.
_REPEATED = 3
_LONGEST_RUN = 40
_LONGEST_PIECE = 30  # longer letter runs are menus or identifiers, not glued prose
_LONGEST_CHUNK = 200  # a longer run of non-space characters is data, not prose
_LINE_WINDOW = 5000  # lines are read in blocks of this many characters at most
_WORD_RUN = re.compile(r"[^\W_]+(?:(?:['’]|(?<=\d)[.,](?=\d))[^\W_]+)*")
_CHUNK = re.compile(r"\S+")
_WHITE_SPACE = re.compile(r"\s")
_CHUNK_REST = re.compile(rf"\S{{0,{_LONGEST_CHUNK}}}")
_LATIN = re.compile(r"[A-Za-z0-9À-ɏ'’.,]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CODE = re.compile(r"[A-Z]+\d+[A-Z\d]*")
_PROTECTED_CHUNK = re.compile(
    r"://|^www\.|@|^#|[_=\\{}<>|~^`]|\w\(\)|[a-z0-9]\.[a-z]|[a-z0-9]/[a-z]",
)
# Lines of program code or markup, where words are glued on purpose (saveToFile, endfor).
_CODE_LINE = re.compile(
    r"""\{\s*$|^\s*\}|\{[%{]|[%}]\}|\{\s*"\w+"\s*:   # braces that open blocks, templates, JSON
    |=>|</\w|/>|\$[A-Za-z_]\w*\s*[=;,)\[-]|;\s*$|\w\(\)
    |^\s*(?:import|def|function|var|let|const|return|if|for)\b.*[(:{;]\s*$""",
    re.VERBOSE,
)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, float]:
    """wordfreq's English list as log10 frequencies, loaded once per process."""
    from wordfreq import get_frequency_dict

    return {w: math.log10(f) for w, f in get_frequency_dict("en", "large").items()}


@lru_cache(maxsize=1)
def _ngrams() -> tuple[dict[str, float], dict[str, float]] | None:
    """Word and word-pair counts of the Google Web Trillion Word corpus, from ``wordsegment``.

    Read once per process, on the first text with a suspect token (about 0.35 s); None when
    the package is not installed, and the models then fall back to the features without it.
    """
    try:
        import importlib.util

        spec = importlib.util.find_spec("wordsegment")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent

    def read(name: str) -> dict[str, float]:
        counts: dict[str, float] = {}
        with open(folder / name, encoding="utf-8") as lines:
            for line in lines:
                key, _, count = line.partition("\t")
                counts[key] = math.log10(float(count))
        return counts

    try:
        return read("unigrams.txt"), read("bigrams.txt")
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _affixes() -> tuple[list[str], list[str]]:
    """wordfreq's alphabetic words sorted forwards and reversed, to count prefixes and suffixes."""
    words = [w for w in _lexicon() if w.isalpha()]
    return sorted(words), sorted(w[::-1] for w in words)


@lru_cache(maxsize=1 << 14)
def _two_words(word: str) -> bool:
    """Is the lower-case ``word`` two common words glued together ("avase", "forfall")?"""
    lex = _lexicon()

    def common(w: str) -> bool:
        return (len(w) >= 3 or w in _TWO_LETTER or w == "a") and lex.get(w, -99.0) > -6.0

    return any(common(word[:k]) and common(word[k:]) for k in range(1, len(word)))


def _count_prefix(words: list[str], prefix: str) -> int:
    return bisect.bisect_left(words, prefix + "\uffff") - bisect.bisect_left(words, prefix)


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
    return (letters[0].isupper() and letters[1:].islower()) or bool(_PARTICLE_NAME.fullmatch(letters))


def _brand_and_more(piece: str) -> bool:
    """A small-letter brand with more glued on ("eBaylast"): not an unknown name."""
    return any(piece.startswith(brand) and len(piece) > len(brand) for brand in _CAMEL_BRANDS)


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
class _Candidate:
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
        space = _WHITE_SPACE.search(text, end) if end < len(text) else None
        end = space.start() if space else len(text)
        counts.update(_WORD_RUN.findall(text, start, end))
        start = end
    return counts


class _Article:
    """Per-text state: word counts, known names and a cache of segmentations."""

    def __init__(self, text: str, known_names: Iterable[str]) -> None:
        self.text = text
        self.lex = _lexicon()
        self.exact = _word_counts(text)
        self.total = max(sum(self.exact.values()), 1)
        self.lower: Counter[str] = Counter()
        for run, n in self.exact.items():
            self.lower[run.lower()] += n
        self.names: set[str] = set()
        self.full_names: set[str] = set()
        for name in known_names:
            name = " ".join(name.split())
            if len(name) >= 3 and _WORD_RUN.search(name):
                self.full_names.add(name)
            for word in _WORD_RUN.findall(name):
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
        return math.log10(count / self.total) - _W.doc_discount

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
            and (lp is None or lp < _W.min_piece)
            and not (self.exact[piece] if len(piece) < 4 else self.lower[low])
            and low not in self.names
            and (len(piece) == 2 or not _capitalised(piece))
        ):
            # the usual case inside a long word: a rare fragment, not a word; only a capitalised
            # piece ("Kim", "McCain") can still be an unknown name (see _piece_lp)
            result = None
        elif piece.islower() and (lp is None or lp < _W.min_piece) and _two_words(low):
            result = None  # only seen alone as glue elsewhere ("avase", "forfall"): not a word
        else:
            result = self._piece_lp(piece)
        self.piece_cache[piece] = result
        return result

    def _piece_lp(self, piece: str) -> _Piece | None:
        shape = _shape(piece)
        if shape == "num":
            return _Piece(_W.number, "is a number")
        base = _strip_possessive(piece)
        if len(base) == 1:
            return _Piece(self.lex["a"], "is a word") if base in "aAI" else None
        if shape == "lower" and (
            (len(base) == 2 and base not in _TWO_LETTER)
            or (len(base) == 3 and (self.wordfreq(base) or -99.0) < _W.min_short_piece)
        ):
            return None
        best: tuple[float, str] | None = None
        lp = self.wordfreq(piece)
        if lp is not None and lp >= (_W.min_piece if shape != "mixed" else -6.5):
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
                best = (_W.code, "is a code")
            elif shape == "cap" and len(base) >= 3 and not _brand_and_more(base):
                best = (_W.unknown_piece_cap - _W.unknown_piece_per_char * max(0, len(base) - 7), "looks like a name")
            else:
                return None
        return _Piece(best[0], best[1], shape == "cap" and base.lower() in _FUNCTION_WORDS)

    def whole_lp(self, run: str) -> float:
        lp = self.wordfreq(run)
        others = self.exact[run] - 1
        if others > 0:
            # Evidence, but weak: boilerplate repeats a glued token too ("onTwitteror").
            dl = min(self.doc_lp(others), _W.repeated_whole)
            lp = dl if lp is None else max(lp, dl)
        if self.is_name(run):
            lp = max(lp if lp is not None else -99.0, -3.0)
        if lp is not None:
            return lp
        floor = {
            "lower": _W.unknown_lower,
            "cap": _W.unknown_cap,
            "caps": _W.unknown_caps,
        }.get(_shape(run), _W.unknown_mixed)
        return floor - _W.unknown_per_char * max(0, len(run) - 7)

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
            return _W.bonus_digit
        if a.islower() and b.isupper():
            if a in "ei" and self.camel_brand(run, i - 1):
                return None  # eBay, iPhone
            head = _LAST_CAPITALISED.search(run, 0, i)
            if head and head.group() in _PARTICLES and (head.start() == 0 or run[head.start() - 1].islower()):
                return None  # McDonald, DeSoto
            return _W.bonus_lower_upper
        if a.isupper() and b.isupper():
            # "NBCNews": only before a capitalised word, never inside an acronym
            if i + 1 < len(run) and run[i + 1].islower():
                return _W.bonus_lower_upper
            return None
        if a.isupper() and b.islower():
            return _W.bonus_caps_lower if i >= 2 and run[i - 2].isupper() else None
        if b in "ei" and a.isalpha() and self.camel_brand(run, i):
            return _W.bonus_lower_upper  # "on|eBay": the brand's capital counts from its "e"
        return 0.0

    @staticmethod
    def camel_brand(run: str, k: int) -> bool:
        """Does run[k:] start with a well-known e- or i- brand ("eBay", "iPhone")?"""
        return run.startswith(_CAMEL_BRANDS, k)

    def segment(self, run: str, sentence_start: bool) -> list[_Cut]:
        """Proposed cuts inside ``run`` ([] keeps it whole); cached per article."""
        key = (run, sentence_start)
        cached = self.cache.get(key)
        if cached is None:
            cached = self._segment(run, sentence_start)
            self.cache[key] = cached
        return cached

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
            base_score = best[i][0] + (bounds[i] - _W.split_penalty if i else 0.0)
            for j in cuts[ci + 1 :]:
                if i == 0 and j == n:
                    continue  # the whole run is scored separately
                if j - i > _LONGEST_PIECE:
                    break
                if digits and not self._digit_rules(run, i, j, sentence_start):
                    continue
                piece = self.piece_lp(run[i:j])
                if piece is None:
                    continue
                lp = piece.lp
                if j - i == 1 and run[i] in "AI" and not (i == 0 and (j == n or sentence_start)):
                    continue  # "A" and "I" only start a sentence or stand alone
                if piece.capitalised_function_word and not (i == 0 and sentence_start) and j != n:
                    lp -= _W.cap_function_mid  # "saveToFile": a capital "To" inside a sentence
                score = base_score + lp
                if j not in best or score > best[j][0]:
                    best[j] = (score, i, piece.why)
        if n not in best:
            return []
        margin = best[n][0] - self.whole_lp(run)
        if margin < _W.propose:
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
            if base in _UNITS or len(base) < 2 or _shape(piece) not in ("lower", "cap"):
                return False
        return True

    # --- candidates --------------------------------------------------------------------------

    def suspect(self, run: str) -> bool:
        """Could this run be glued?  False for the common words that make up most text."""
        if len(run) < 3 or not _LATIN.fullmatch(run):
            return False
        if self.exact[run] >= _REPEATED:
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
                (lower[:k] in _FUNCTION_WORDS and lower[k:] in lex)
                or (lower[n - k :] in _FUNCTION_WORDS and lower[: n - k] in lex)
                for k in range(1, min(6, n - 1))
            )
        return True

    def candidates(self) -> Iterator[_Candidate]:
        """Every cut the segmentation proposes, in text order, with its features."""
        text = self.text
        suspects = self.suspects = {run for run in self.exact if len(run) <= _LONGEST_RUN and self.suspect(run)}
        if not suspects:
            return
        skipped_lines: dict[int, bool] = {}
        ngrams = _ngrams()
        for m in _WORD_RUN.finditer(text):
            run = m.group()
            if run not in suspects:
                continue
            start = m.start()
            sentence_start = _sentence_start(text, start)
            cuts = self.segment(run, sentence_start)
            if not cuts:
                continue
            bounds = _chunk_bounds(text, start, m.end())
            if bounds is None or _PROTECTED_CHUNK.search(text[bounds[0] : bounds[1]]):
                continue
            if _skip_line(text, start, skipped_lines):
                continue
            prev_word, next_word = _neighbours(text, start, m.end())
            prev_cap = 1.0 if prev_word[:1].isupper() and not sentence_start else 0.0
            next_cap = 1.0 if next_word[:1].isupper() else 0.0
            before, after = _context_word(prev_word, sentence_start, True), _context_word(next_word, False, False)
            for k, cut in enumerate(cuts):
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
                yield _Candidate(start + cut.offset, cut.left, cut.right, run, features, evidence)

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
        func_l = 1.0 if left in _FUNCTION_WORDS else 0.0
        func_r = 1.0 if right in _FUNCTION_WORDS else 0.0
        capfunc_l = 1.0 if _shape(left) == "cap" and left.lower() in _FUNCTION_WORDS else 0.0
        forwards, backwards = _affixes()
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
            "preL": math.log10(1 + _count_prefix(forwards, key_l)),
            "sufR": math.log10(1 + _count_prefix(backwards, key_r[::-1])),
            "edR": 1.0 if right.islower() and len(right) >= 4 and right.endswith("ed") else 0.0,
            "sR": 1.0 if right.islower() and len(right) >= 4 and right.endswith("s") else 0.0,
            "shortL": 1.0 if len(left) <= 2 else 0.0,
            "shortR": 1.0 if len(right) <= 2 else 0.0,
            "lenT": min(len(run), 20) / 10.0,
            "pieces": cut.pieces - 2.0,
            "sent": 1.0 if sentence_start else 0.0,
            # "un" + "hailed" is a derived word in lower case, but not after "Kim Jong" mid-sentence
            "affix": 1.0 if (key_l in _PREFIXES and (left.islower() or sentence_start)) or key_r in _SUFFIXES else 0.0,
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


def _chunk_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The whitespace-delimited chunk around text[start:end]; None if it is absurdly long."""
    low = max(0, start - _LONGEST_CHUNK)
    k = max(text.rfind(c, low, start) for c in " \n\t\r\u00a0")
    if k < 0 and low > 0:
        return None
    m = _CHUNK_REST.match(text, end)
    if m and m.end() - end >= _LONGEST_CHUNK:
        return None
    return k + 1, (m.end() if m else end)


def _line_bounds(text: str, pos: int) -> tuple[int, int, bool]:
    """The line around pos: start, end, and whether it is the whole line.

    Lines longer than a few thousand characters are cut into fixed blocks, so that text
    without line breaks is still read in linear time.
    """
    low, high = max(0, pos - _LINE_WINDOW), min(len(text), pos + _LINE_WINDOW)
    start = text.rfind("\n", low, pos)
    end = text.find("\n", pos, high)
    whole = (start >= 0 or low == 0) and (end >= 0 or high == len(text))
    if whole:
        return start + 1, (end if end >= 0 else len(text)), True
    block = pos - pos % _LINE_WINDOW
    return max(start + 1, block), min(end if end >= 0 else len(text), block + _LINE_WINDOW), False


def _skip_line(text: str, pos: int, cache: dict[int, bool]) -> bool:
    """Is pos on a line to leave alone: program code or markup, or not English?"""
    start, end, _ = _line_bounds(text, pos)
    known = cache.get(start)
    if known is None:
        line = text[start:end]
        known = _code_like(line) or _foreign(line)
        cache[start] = known
    return known


def _not_english(text: str) -> bool:
    """A text whose lower-case words are mostly not common English words (Spanish, German)."""
    words = [w for w in _WORD_RUN.findall(text[:200_000]) if w.isalpha() and w.islower()]
    if len(words) < 30:
        return False
    lex = _lexicon()
    return sum(1 for w in words if lex.get(w, -99.0) > -6.0) < 0.75 * len(words)


def _foreign(line: str) -> bool:
    """Mostly lower-case words that are rare or unknown in English (a quoted Czech tweet).

    Only lower-case words count: a line of foreign names in an English byline is English.
    Glued English words ("theinteractive") count as English.
    """
    chunks = line[:600].split()[:80]  # enough to tell the language of a paragraph
    words = [w for w in (c.strip(_PUNCTUATION) for c in chunks) if w.isalpha() and w.islower()]
    if len(words) < 6:
        return False
    return sum(1 for w in words if not _english(w)) > 0.4 * len(words)


@lru_cache(maxsize=1 << 16)  # the same words come back line after line
def _english(word: str) -> bool:
    """A common English word, or two glued together."""
    lex = _lexicon()

    def common(w: str) -> bool:
        return (len(w) >= 3 or w in _TWO_LETTER or w == "a") and lex.get(w, -99.0) > -6.0

    return lex.get(word, -99.0) > -6.0 or any(common(word[:k]) and common(word[k:]) for k in range(1, len(word)))


def _code_like(line: str) -> bool:
    if not any(mark in line for mark in _CODE_MARKS) and not line.lstrip().startswith(_CODE_WORDS):
        return False  # the quick answer for prose
    return bool(_CODE_LINE.search(line))


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The word before ``start`` and the word after ``end`` (empty at the edges)."""
    before = text[max(0, start - 40) : start].split()
    after = text[end : end + 40].split()
    return (before[-1] if before else ""), (after[0] if after else "")


def _context_word(word: str, sentence_start: bool, before: bool) -> str:
    """The neighbouring word as a key of the word-pair counts ("<s>" at a sentence start, "" if none)."""
    if before and sentence_start:
        return "<s>"
    m = _WORD_RUN.search(word) if before else _WORD_RUN.match(word)
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
    ngrams: tuple[dict[str, float], dict[str, float]],
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


def _sentence_start(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= max(0, pos - 20) and text[k] in " \t\"'“‘([":
        k -= 1
    return k < 0 or text[k] in ".!?:\n\r"


def _probability(model: dict[str, float], features: dict[str, float]) -> float:
    z = sum(model.get(name, 0.0) * value for name, value in features.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


_PAIR_WINDOW = 80  # characters: a link's two glued ends are rarely further apart


def _all_capitalised(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalnum() for w in words)


def _paired(text: str, cands: list[_Candidate], first: list[float]) -> list[dict[str, float]]:
    """Stage-two features: how confident the first stage is about the nearest cuts.

    A link glued on both sides leaves two joins a few words apart, so a confident join nearby
    makes a doubtful one more likely; above all when the words between are capitalised, the
    link being a name: "byNick Macfieand" opens with "by|Nick", so it closes at "Macfie|and".
    """
    out = []
    for i, cand in enumerate(cands):
        before = after = closes = opens = 0.0
        j = i - 1
        while j >= 0 and cands[j].position >= cand.position - _PAIR_WINDOW:
            before = max(before, first[j])
            if (
                cand.right[:1].islower()
                and cands[j].right[:1].isupper()
                and _all_capitalised(text[cands[j].position : cand.position])
            ):
                closes = max(closes, first[j])
            j -= 1
        j = i + 1
        while j < len(cands) and cands[j].position <= cand.position + _PAIR_WINDOW:
            after = max(after, first[j])
            if (
                cand.right[:1].isupper()
                and cands[j].right[:1].islower()
                and _all_capitalised(text[cand.position : cands[j].position])
            ):
                opens = max(opens, first[j])
            j += 1
        out.append(
            {
                **cand.features,
                "first": first[i],
                "near_before": before,
                "near_after": after,
                "closes_name": closes,
                "opens_name": opens,
            }
        )
    return out


def _decide(text: str, cands: list[_Candidate]) -> list[float]:
    """Probability that each proposed cut is a real join (two-stage model)."""
    if not cands:
        return []
    model, model2 = (_MODEL, _MODEL2) if _ngrams() is not None else (_MODEL_PLAIN, _MODEL2_PLAIN)
    first = [_probability(model, c.features) for c in cands]
    return [_probability(model2, f) for f in _paired(text, cands, first)]


# --------------------------------------------------------------------------------------------
# Missing spaces after or before punctuation.

# Each pattern starts with its punctuation mark so the scan stays fast; the letters around it
# are checked in Python.
_PUNCT_THEN_LETTER = re.compile(r"[,;:.!?](?=[^\W\d_])")
_CLOSE_THEN_WORD = re.compile(r"[)\]”](?=[^\W_])")
_OPENING = re.compile(r"[(\[“‘]")
# starts with the quote mark, not with the look-behind, so that the engine skips ahead to the
# next quote instead of trying every position (so do _POSSESSIVE_THEN_NAME and _WORD_BEFORE_DOTTED)
_QUOTE_CLOSED_GLUED = re.compile(r'"(?<=[^\W_][,.!?]")(?=[A-Z][a-z])')
_APOSTROPHE_ENDING = re.compile(r"(?:s|t|ll|re|ve|d|m)\b")
_STRAIGHT_QUOTE = re.compile('"')


def _latin(c: str) -> bool:
    """A letter of the Latin script (the rules below know English spacing only)."""
    return c.isalpha() and c <= "\u024f"


# Confidence of the rule-based joins: the share that were right on the tuning pages.
_CONFIDENCE = {"punct": 0.95, "bracket": 0.9, "quote": 0.85, "name": 0.9, "web": 0.9, "form": 0.9}


def _word_after(text: str, pos: int) -> str:
    m = _WORD_RUN.match(text, pos)
    return m.group() if m else ""


_ADDRESS_ENDINGS = frozenset(["com", "org", "net", "gov", "edu", "co", "uk", "us", "io", "info", "biz", "html", "htm"])
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_CLOSERS = ')]”’"'
_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Z]\.)+[A-Z]$")  # U.S  U.K  D.C (its last dot is the mark)


def _punctuation_glued(text: str, mark: str, pos: int) -> bool:
    """Is the letter right after text[pos] (a , ; : . ! or ?) the start of a glued word?"""
    before = text[max(0, pos - 2) : pos]
    word = _word_after(text, pos + 1)
    if not word or not _latin(word[0]):
        return False
    # the word's leading letters: "You" of "You'll", "Arizona" of "Arizona4.1"
    leading = _LEADING_LETTERS.match(word)
    word = leading.group() if leading else word
    whole = len(word) >= 2 or word in ("a", "I", "A")
    if len(word) == 1 and word.isupper() and text[pos + 2 : pos + 3] == "-" and text[pos + 3 : pos + 4].isalpha():
        whole = mark in ",;"  # Paul,R-Ky.  (a letter and a hyphen: R-Ky., X-ray, T-shirt)
    if before and before[-1] in _CLOSERS and mark in ",;":
        return whole and before[0] not in _CLOSERS  # (I kid),Iggy   "days,"Dimon is a quote's business
    if not before or not (_latin(before[-1]) or before[-1].isdigit()):
        return before in ("..", "…") and word[:1].isupper() and word[1:].islower()  # ...Read
    if mark in ",;":
        return whole  # types,we   Chen;Carrie   2014,only   Intellia,a
    if mark == ":":
        return whole and before.isalpha() and len(word) >= 2  # Sidenote:same   NASDAQ:QCOM
    if mark == "." and word.islower() and _DOTTED_ABBREVIATION.search(text, max(0, pos - 12), pos):
        # the U.S.managed: an abbreviation, then the sentence goes on (not "U.S.gov", an address)
        return word not in _ADDRESS_ENDINGS and _lexicon().get(word, -99.0) > -5.0
    # . ! ?  before a capitalised word or an acronym: mansion.Grant   swim?You   unity.FULL
    sentence_word = word[1:].islower() or len(word) >= 4 or (word in ("A", "I") and before.isalpha())
    if not (whole and word[0].isupper() and sentence_word):
        return False  # not before "JS" in Node.JS or "NET" in ASP.NET; "A" only after a word (Salgia.A)
    if before.isalnum() or before[-1].isdigit():
        # no sentence ends with a capitalised "My" or "The": "My.Future" is a name
        left = _word_before(text, pos)
        return not (mark == "." and left[:1].isupper() and left.lower() in _FUNCTION_WORDS)
    # an abbreviation that ends in a capital: U.S.Energy (but not U.S.A or J.K.Rowling)
    return mark == "." and before[0] == "." and before[1].isupper() and word[1:].islower() and len(word) >= 3


def _punctuation_joins(text: str) -> Iterator[Join]:
    code_lines: dict[int, bool] = {}

    def chunk_of(pos: int) -> tuple[int, str] | None:
        bounds = _chunk_bounds(text, pos, pos)
        if bounds is None:
            return None
        start, end = bounds
        chunk = text[start:end]
        if _PROTECTED_CHUNK.search(chunk) or _skip_line(text, pos, code_lines):
            return None
        return start, chunk

    for m in _PUNCT_THEN_LETTER.finditer(text):
        mark, pos = m.group(), m.start()
        found = _punctuation_glued(text, mark, pos) and chunk_of(pos)
        if found:
            start, chunk = found
            cut = pos + 1 - start
            yield Join(
                pos + 1, chunk[:cut], chunk[cut:], f"no space after '{mark}' before a word", _CONFIDENCE["punct"]
            )
    for m in _CLOSE_THEN_WORD.finditer(text):
        if not (_latin(text[m.end()]) or text[m.end()].isdigit()):
            continue
        found = chunk_of(m.start())
        if not found:
            continue
        start, chunk = found
        cut = m.end() - start
        if m.group() in ")]":
            opener = "(" if m.group() == ")" else "["
            inner = chunk[: cut - 1].rsplit(opener, 1)
            content = inner[1] if len(inner) == 2 else ""
            if len(content) < 2 or (content.isalpha() and content.islower() and len(content) <= 3):
                continue  # (s)he, (re)write
        elif m.start() > 0 and text[m.start() - 1].isspace():
            continue  # a detached quote mark: spacing is already odd, leave it
        yield Join(m.end(), chunk[:cut], chunk[cut:], f"no space after '{m.group()}'", _CONFIDENCE["bracket"])
    for m in _OPENING.finditer(text):
        if m.start() == 0 or not (_latin(text[m.start() - 1]) or text[m.start() - 1].isdigit()):
            continue
        found = chunk_of(m.start())
        if not found:
            continue
        start, chunk = found
        cut = m.start() - start
        if m.group() in "([":
            closer = ")" if m.group() == "(" else "]"
            content = chunk[cut + 1 :].split(closer, 1)[0]
            if len(content) < 3 or not (content[:1].isalnum() or content[:1] in "$£€"):
                continue  # friend(s), f(x); but bag($140)
        elif m.group() == "‘":
            # a single quote that opens a quotation closed soon after: a‘thigh bone’ (not Kim‘s or ‘n’)
            quoted = text[m.end() : m.end() + 80].split("’", 1)
            if len(quoted) < 2 or len(quoted[0]) < 3 or not quoted[0][:1].isalpha() or "\n" in quoted[0]:
                continue
            if _APOSTROPHE_ENDING.match(quoted[0]):
                continue  # Newsroom‘s, don‘t: the wrong quote mark typed for an apostrophe
        if cut < 2 and not (m.group() == "‘" and chunk[:cut] in ("a", "A", "I")):
            continue
        yield Join(m.start(), chunk[:cut], chunk[cut:], f"no space before '{m.group()}'", _CONFIDENCE["bracket"])
    yield from _straight_quote_joins(text, chunk_of)
    for m in _QUOTE_CLOSED_GLUED.finditer(text):
        # days,"Dimon said: punctuation and a quote mark close a quotation, whatever the count of
        # marks on the line (a quotation that runs on into the next paragraph leaves it odd)
        if not _skip_line(text, m.start(), code_lines):
            yield Join(
                m.end(), *_neighbours(text, m.end(), m.end()), "no space after a closing quote", _CONFIDENCE["quote"]
            )


def _straight_quote_joins(text: str, chunk_of: Callable[[int], tuple[int, str] | None]) -> Iterator[Join]:
    """'said"heroes"at': an opening quote glued to the word before, a closing one to the next.

    Whether a straight quote opens or closes is read from the number of quotes before it on
    its line; lines with an odd number of quotes are left alone.
    """
    for m in _STRAIGHT_QUOTE.finditer(text):
        q = m.start()
        if q == 0 or q + 1 >= len(text):
            continue
        a, b = text[q - 1], text[q + 1]
        if not ((_latin(a) and (_latin(b) or b.isdigit())) or (not a.isspace() and _latin(b))):
            continue
        line_start, line_end, whole = _line_bounds(text, q)
        if not whole or text.count('"', line_start, line_end) % 2 or not chunk_of(q):
            continue
        opening = text.count('"', line_start, q) % 2 == 0
        if opening and _latin(a) and (_latin(b) or b.isdigit()):
            left, right = text[line_start:q].split()[-1], text[q:line_end].split()[0]
            yield Join(q, left, right, "no space before an opening quote", _CONFIDENCE["quote"])
        elif not opening and _latin(b):
            left, right = text[line_start : q + 1].split()[-1], text[q + 1 : line_end].split()[0]
            yield Join(q + 1, left, right, "no space after a closing quote", _CONFIDENCE["quote"])


# --------------------------------------------------------------------------------------------
# Web addresses glued to the words around them.  The detector above leaves every chunk with an
# address in it alone; these rules look only at the address's two ends.

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
_SPACE_BEFORE = "\"'“‘(["


def _at_word_start(text: str, k: int) -> bool:
    """Does text[k] start a word: the text's start, or after white space or an opening bracket or quote?"""
    return k == 0 or text[k - 1].isspace() or text[k - 1] in _SPACE_BEFORE


def _domain_glued(tld: str, rest: str, lex: dict[str, float]) -> bool:
    """Is ``rest``, glued after ".com", ".org" ..., a word of the sentence ("today", "Gail")?"""
    if lex.get((tld + rest).lower(), -99.0) > -7.0:
        return False  # ".company", ".network", ".education": the address goes on
    if rest[0].isupper():
        return rest[1:].islower() or (len(rest) >= 2 and rest.isupper())
    lead = rest[: next((i for i, c in enumerate(rest) if c.isupper()), len(rest))]
    if lead != rest:  # comtoElle: a word, then a capital
        return lead in _FUNCTION_WORDS or lex.get(lead, -99.0) > -5.0
    return (len(lead) >= 3 or lead in _TWO_LETTER) and lex.get(lead, -99.0) > -5.5


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
        if not head or len(rest) < 4 or not rest[0].islower() or _lexicon().get(label.lower(), -99.0) > -7.0:
            return 0
        if self._names is None:
            self._names = {w.lower() for w in _WORD_RUN.findall(self.text) if w[:1].isupper() and len(w) >= 2}
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
    tags = [(m.start(), m.group(1)) for m in _HASHTAG.finditer(text) if len(m.group(1)) <= _LONGEST_RUN]
    prefixes: dict[str, set[str]] = {}
    for _, tag in tags:
        for i in range(2, len(tag)):
            prefixes.setdefault(tag[:i], set()).add(tag)
    for start, tag in tags:
        before = _glued_word_before(text, start)
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


def _web_joins(text: str) -> Iterator[Join]:
    """ "towww.x.org", "helicopterhttp://t.co/x", "x.compic.twitter.com/y", "Google.comtoday"."""
    lex = _lexicon()
    names = _ArticleNames(text)
    code_lines: dict[int, bool] = {}
    found: list[tuple[int, str]] = []
    for m in _WEB_START.finditer(text):
        before = _word_before(text, m.start())
        k = m.start() - len(before)
        if (
            before.isalnum()
            and _at_word_start(text, k)  # a word, not an address
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
            rest = _word_after(text, m.end())
            if rest.isalpha() and _domain_glued(m.group(2), rest, lex):
                found.append((m.end(), f"no space after '.{m.group(2)}'"))
                lead = rest[: next((i for i, c in enumerate(rest) if c.isupper()), len(rest))]
                if lead != rest and lead in _FUNCTION_WORDS:  # Breitbart.comtoElle: "to" is a word too
                    found.append((m.end() + len(lead), "a word glued to the word after a web address"))
        label = _ADDRESS_LABEL.search(text, max(0, m.start() - 60), m.start())
        k = label.start() if label else m.start()
        if _at_word_start(text, k):
            head = next((w for w in _BEFORE_ADDRESS if text.startswith(w, k)), "")
            if head and text[k + len(head)].isupper():
                found.append((k + len(head), "a word glued to a web address"))
            elif glued := names.glued_head(text[k : m.start()]):
                found.append((k + glued, "a word glued to a web address"))
    for m in _EMAIL_AT.finditer(text):
        local = _LOCAL_PART.search(text, max(0, m.start() - 64), m.start())
        k = local.start() if local else m.start()
        if _at_word_start(text, k) and (glued := names.glued_head(text[k : m.start()])):
            found.append((k + glued, "a word glued to an e-mail address"))
    for m in _DOMAIN_POSSESSIVE.finditer(text):
        found.append((m.end(), "no space after a web address"))
    found += _hashtag_joins(text, lex)
    for pos, reason in found:
        bounds = _chunk_bounds(text, pos, pos)
        if bounds is None or _skip_line(text, pos, code_lines):
            continue
        start, end = bounds
        yield Join(pos, text[start:pos], text[pos:end], reason, _CONFIDENCE["web"])


# --------------------------------------------------------------------------------------------
# Glued forms the segmentation above cannot see: a title abbreviation ("VermontSen."), a word
# before one that starts with a single capital and a hyphen ("calledF-actins": no piece is a
# single capital) and "a" before a number with a hyphen ("a4-minute" is too short to look at).

# Each pattern starts at its rare part (the title, the ampersand, the hyphen) so the scan stays
# fast; the glued word before it is read in Python.
_TITLE = re.compile(r"(?:Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Rev|Prof|Dr|Mr|Mrs|Ms|Pres|Sens|Reps)\.(?=\s+[A-Z][a-z])")
_AMPERSAND_NAME = re.compile(r"[A-Z]+&[A-Z]")  # created byA&E, atAT&T
_LETTER_HYPHEN = re.compile(r"[A-Z]-[A-Za-z]")  # calledF-actins
_POSSESSIVE_THEN_NAME = re.compile(r"['’](?<=[^\W\d_]['’])s(?=[A-Z][a-z]{2,})")  # Natural'sCorporate
_WORD_BEFORE_DOTTED = re.compile(r"[A-Z](?<=[a-z][A-Z])\.(?:[A-Z]\.)+")  # theU.S. economy
_A_NUMBER_HYPHEN = re.compile(r"a(?=\d+-[A-Za-z])")  # a4-minute meeting


def _glued_word_before(text: str, pos: int) -> str:
    """The letters glued to the left of ``pos`` when they make a whole word (nothing before
    them but a space, a line start or an opening bracket or quote), else ""."""
    word = _word_before(text, pos)
    k = pos - len(word)
    return word if word.isalpha() and _at_word_start(text, k) else ""


def _form_joins(text: str) -> Iterator[Join]:
    lex = _lexicon()
    code_lines: dict[int, bool] = {}
    for m in _TITLE.finditer(text):
        # "it's VermontSen. Bernie Sanders": a title abbreviation glued to the word before a name;
        # that word ends in a small letter or is an acronym ("GOPSen."), never one capital ("USen.")
        word = _glued_word_before(text, m.start())
        if (word[-1:].islower() or (len(word) >= 2 and word.isupper())) and not _skip_line(text, m.start(), code_lines):
            yield Join(m.start(), word, m.group(), "no space before a title", _CONFIDENCE["form"])
    for pattern, why in (
        (_AMPERSAND_NAME, "no space before a name like 'A&E'"),
        (_LETTER_HYPHEN, "no space before a word like 'X-ray'"),
    ):
        for m in pattern.finditer(text):
            if m.start() == 0 or not text[m.start() - 1].islower():
                continue  # not glued, or inside a longer name ("AT&T" matched at "T&T")
            word = _glued_word_before(text, m.start())
            common = len(word) >= 2 and word.islower() and lex.get(word, -99.0) > -5.0
            if common and not _skip_line(text, m.start(), code_lines):
                yield Join(m.start(), word, _neighbours(text, m.start(), m.start())[1], why, _CONFIDENCE["form"])
    for m in _POSSESSIVE_THEN_NAME.finditer(text):
        # "NW Natural'sCorporate Philanthropy": no word goes on after a possessive without a space
        if not _skip_line(text, m.start(), code_lines):
            yield Join(
                m.end(), *_neighbours(text, m.end(), m.end()), "no space after a possessive", _CONFIDENCE["form"]
            )
    for m in _WORD_BEFORE_DOTTED.finditer(text):
        # "as theU.S. economy": a small word glued to a dotted abbreviation
        word = _glued_word_before(text, m.start())
        if word in _FUNCTION_WORDS and not _skip_line(text, m.start(), code_lines):
            right = _neighbours(text, m.start(), m.start())[1]
            yield Join(m.start(), word, right, "no space before an abbreviation", _CONFIDENCE["form"])
    for m in _A_NUMBER_HYPHEN.finditer(text):
        if _glued_word_before(text, m.end()) == "a" and not _skip_line(text, m.start(), code_lines):
            right = _neighbours(text, m.end(), m.end())[1]
            yield Join(m.end(), "a", right, "no space between 'a' and a number", _CONFIDENCE["form"])


# --------------------------------------------------------------------------------------------
# Public interface.


# Endings that make a word of a name rather than follow it ("Facebooking", "Googled", "Trumpers").
_NAME_ENDINGS = frozenset(
    ["ing", "ed", "er", "ers", "s", "es", "ism", "ist", "ists", "ite", "ites", "ian", "ians", "ly"]
)


def _name_joins(art: _Article) -> Iterator[Join]:
    """A known name glued to the word before or after it: "leaderKim Jong Unhailed"."""
    text, lex = art.text, art.lex
    for name in art.full_names:
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before, after = _word_before(text, start), _word_after(text, end)
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
                    and art.exact[run] < _REPEATED  # ... nor a word of this text ("AirAsia" again and again)
                ):
                    yield Join(pos, left, right, f"'{name}' is a known name and '{other}' a word", _CONFIDENCE["name"])
            start = text.find(name, end)


def _word_before(text: str, pos: int) -> str:
    k = pos
    while k > max(0, pos - 60) and (text[k - 1].isalnum() or text[k - 1] in "'’"):
        k -= 1
    return text[k:pos]


def _reason(cand: _Candidate) -> str:
    return f"'{cand.run}' = '{cand.left}' + '{cand.right}': " + "; ".join(cand.evidence)


def find_joins(text: str, *, known_names: Iterable[str] = ()) -> list[Join]:
    """Positions where a space was probably lost, sorted by position, without duplicates.

    ``known_names`` may list entity names the caller already knows (for instance from an
    earlier spaCy pass); the detector works without them.
    """
    if _not_english(text):
        return []  # wordfreq's English list cannot judge it: degrade to doing nothing
    art = _Article(text, known_names)
    joins: dict[int, Join] = {}
    cands = list(art.candidates())
    for cand, p in zip(cands, _decide(text, cands), strict=True):
        if p >= _ACCEPT:
            joins[cand.position] = Join(cand.position, cand.left, cand.right, _reason(cand), round(p, 3))
    for join in _name_joins(art):
        joins.setdefault(join.position, join)
    for join in _punctuation_joins(text):
        joins.setdefault(join.position, join)
    for join in itertools.chain(_web_joins(text), _form_joins(text)):
        joins.setdefault(join.position, join)
    return [joins[p] for p in sorted(joins) if 0 < p < len(text)]


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
