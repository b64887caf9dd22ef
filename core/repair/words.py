"""The word lists of glued-link repair and the word counts it reads: wordfreq's English
frequencies (``lexicon``) and, when ``wordsegment`` is installed, the word and word-pair counts
of the Google Web Trillion Word corpus (``word_pairs``).  Each is read once per process, on
first use."""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from pathlib import Path

# fmt: off
FUNCTION_WORDS = frozenset([
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
TWO_LETTER = frozenset([
    "ad", "ah", "am", "an", "as", "at", "be", "by", "do", "eh", "go", "he", "hi", "if", "in", "is",
    "it", "me", "my", "no", "of", "oh", "ok", "on", "or", "ox", "so", "to", "tv", "uh", "um", "up",
    "us", "vs", "we"
])

# First and last parts of ordinary compounds ("overcommunicate", "vampirelike").
PREFIXES = frozenset([
    "anti", "auto", "bio", "co", "counter", "cross", "cyber", "down", "eco", "ex", "extra", "fore",
    "hyper", "inter", "macro", "mega", "micro", "mid", "mini", "multi", "neo", "non", "off", "out",
    "over", "post", "pre", "pro", "pseudo", "re", "self", "semi", "sub", "super", "trans", "ultra",
    "un", "under", "up"
])
SUFFIXES = frozenset([
    "able", "based", "free", "friendly", "hood", "less", "like", "man", "men", "proof", "ship", "side",
    "style", "wide", "wise", "work", "worthy"
])

# Letters that follow a number without a space in clean text: units, ordinals, decades.
UNITS = frozenset([
    "s", "st", "nd", "rd", "th", "am", "pm", "k", "m", "mm", "cm", "km", "kg", "g", "mg", "mcg", "lb",
    "lbs", "oz", "ft", "in", "mi", "mph", "kph", "kmh", "hr", "hrs", "h", "min", "mins", "sec", "secs",
    "ms", "ns", "bn", "b", "mn", "mln", "x", "d", "p", "gb", "mb", "kb", "tb", "ghz", "mhz", "hz", "kw",
    "kwh", "mw", "gw", "w", "v", "mah", "l", "ml", "cc", "yo", "yr", "yrs", "y", "e", "f", "c", "sq",
    "pc", "pcs", "pt", "pts", "bps", "db", "dpi", "fps", "bit", "mp", "ct", "hp", "gen"
])

# Name particles that are followed by a capital inside one name: McDonald, DeSoto, LeBron.
PARTICLES = frozenset(["Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Del", "Della"])
# fmt: on
# ... and brands written with a lower-case letter first: iPhone, eBay, eMarketer.
PARTICLE_NAME = re.compile("(?:{}|[a-z])[A-Z][a-z]+".format("|".join(sorted(PARTICLES, key=len, reverse=True))))

# Brands written with a small first letter: a capital inside them is no sign of glue, and the
# cut before them is one ("oneBay" is "on eBay", not "one Bay").  A list, because the word
# lists only know them in lower case, where "ein", "era" and "eval" look the same.
CAMEL_BRANDS = (
    "eBay", "eBook", "eCommerce", "eHarmony", "eToro", "iCloud", "iMac", "iMessage", "iOS",
    "iPad", "iPhone", "iPlayer", "iPod", "iRobot", "iTunes", "iWatch",
)  # fmt: skip


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """wordfreq's English list as log10 frequencies, loaded once per process."""
    from wordfreq import get_frequency_dict

    return {w: math.log10(f) for w, f in get_frequency_dict("en", "large").items()}


WordPairs = tuple[dict[str, float], dict[str, float]]  # log10 counts of words, of "word word" pairs


def read_word_pairs() -> WordPairs | None:
    """Word and word-pair counts of the Google Web Trillion Word corpus, from ``wordsegment``.

    Read from the package's files at each call (about 0.35 s; ``word_pairs`` keeps one copy);
    None when the package is not installed, and the models then fall back to the features
    without it.
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
def word_pairs() -> WordPairs | None:
    """``read_word_pairs`` once per process, on the first text with a suspect token."""
    return read_word_pairs()


@lru_cache(maxsize=1)
def affixes() -> tuple[list[str], list[str]]:
    """wordfreq's alphabetic words sorted forwards and reversed, to count prefixes and suffixes."""
    words = [w for w in lexicon() if w.isalpha()]
    return sorted(words), sorted(w[::-1] for w in words)


@lru_cache(maxsize=1 << 14)
def two_words(word: str) -> bool:
    """Is the lower-case ``word`` two common words glued together ("avase", "forfall")?"""
    lex = lexicon()

    def common(w: str) -> bool:
        return (len(w) >= 3 or w in TWO_LETTER or w == "a") and lex.get(w, -99.0) > -6.0

    return any(common(word[:k]) and common(word[k:]) for k in range(1, len(word)))


def count_prefix(words: list[str], prefix: str) -> int:
    """How many of the sorted ``words`` start with ``prefix``."""
    return bisect.bisect_left(words, prefix + "\uffff") - bisect.bisect_left(words, prefix)


@lru_cache(maxsize=1 << 16)  # the same words come back line after line
def english(word: str) -> bool:
    """A common English word, or two glued together."""
    return lexicon().get(word, -99.0) > -6.0 or two_words(word)
