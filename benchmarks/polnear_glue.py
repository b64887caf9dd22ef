"""An independent evaluation set for glued-link repair: PolNeAR news articles glued by a fixed rule.

The rule was written down (this docstring and ``glue_article``) before any detector ran on the
result, and is not changed to suit the detector.  It imitates what copy-paste from a news page
does to the white space around links (see benchmarks/repair_eval.py for the news-page corpus,
where the links are real):

1. The text is ``SPLIT/text/NAME.txt`` of ``../shared/corpus/polnear`` (title first, paragraphs
   separated by blank lines), as given.
2. Link candidates are read with spaCy (the pipeline the program uses, ``claimmark.core.nlp``
   ``best_pipeline``, its entity recogniser only):
   - every named entity labelled PERSON, ORG, GPE, LOC, FAC, NORP or WORK_OF_ART (people,
     organisations, places, titles), made a link with probability ``ENTITY_RATE``;
   - short phrases: at each word not inside an entity link, with probability ``PHRASE_RATE``,
     a span of 1 to 4 words (uniform) starting there, ending at a word token, within one line,
     and not overlapping an earlier link;
   all drawn from ``random.Random("polnear-glue:1:" + NAME)``, so every run glues alike.
3. A link span never crosses a line break.  The white space right before and right after each
   link span is dropped when it is plain spaces on the same line (not at a line start or end):
   "leader <a>Kim Jong Un</a> hailed" -> "leaderKim Jong Unhailed".  A link followed by
   punctuation ("Trump,") loses only the space before it, as on a web page.
4. Recall counts a dropped space by the same categories as the news-page evaluation
   (``repair_eval.category``: word|word, punct|word, close|word, word|open); drops beside other
   symbols are not counted either way.

The rates: version 1 of the rule linked 30% of the entities and started a phrase at one word in
80, which dropped 5.5 spaces per 100 words, four to five times the news pages' 1.2; before any
detector ran on it, version 2 set 10% and 1 in 250 (1.8 per 100 words, counted on dev).  Only
the count of drops was looked at for this.

Split: PolNeAR's own ``train/`` (tuning allowed) and ``dev/`` (report only, never tuned on).
The ``test/`` part is not in ../shared at all.

The spaCy pass over train takes a few minutes on a loaded machine, so the glued articles are
cached (``$XDG_CACHE_HOME/claimmark-polnear-glue``, keyed by the rule version and the spaCy
model); ``--no-cache`` rebuilds them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLNEAR = Path(os.environ.get("CLAIMMARK_POLNEAR") or ROOT.parent / "shared" / "corpus" / "polnear")

RULE_VERSION = 2
ENTITY_RATE = 0.1  # share of named entities made links
PHRASE_RATE = 1 / 250  # chance that a short phrase link starts at a given word
LONGEST_PHRASE = 4  # words
LINK_LABELS = frozenset(["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART"])

_WORD_TOKEN = re.compile(r"\w")


@dataclass
class GluedArticle:
    name: str
    glued: str
    truth: str
    drops: list[int]  # offsets in ``glued`` where a space was dropped


def _link_spans(text: str, nlp: object, name: str) -> list[tuple[int, int]]:
    """Character spans of the links the rule makes in ``text`` (sorted, not overlapping)."""
    rng = random.Random(f"polnear-glue:{RULE_VERSION}:{name}")
    doc = nlp(text)  # type: ignore[operator]
    taken = [False] * len(text)
    spans: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return "\n" not in text[s:e] and not any(taken[s:e])

    def take(s: int, e: int) -> None:
        spans.append((s, e))
        for k in range(s, e):
            taken[k] = True

    for ent in doc.ents:
        if ent.label_ in LINK_LABELS and rng.random() < ENTITY_RATE:
            s, e = ent.start_char, ent.end_char
            if free(s, e):
                take(s, e)
    tokens = list(doc)
    for i, tok in enumerate(tokens):
        if not _WORD_TOKEN.match(tok.text) or taken[tok.idx]:
            continue
        if rng.random() >= PHRASE_RATE:
            continue
        length = rng.randint(1, LONGEST_PHRASE)
        words = [t for t in tokens[i : i + 8] if _WORD_TOKEN.match(t.text)][:length]
        last = words[-1]
        s, e = tok.idx, last.idx + len(last.text)
        if free(s, e):
            take(s, e)
    return sorted(spans)


def glue_article(name: str, text: str, nlp: object) -> GluedArticle:
    """``text`` with the spaces around the rule's links dropped, and where they were."""
    drop_at: set[int] = set()  # offsets in ``text`` of spaces to drop
    for s, e in _link_spans(text, nlp, name):
        for k in _spaces_before(text, s):
            drop_at.add(k)
        for k in _spaces_after(text, e):
            drop_at.add(k)
    out: list[str] = []
    drops: list[int] = []
    for k, ch in enumerate(text):
        if k in drop_at:
            if not drops or drops[-1] != len(out):
                drops.append(len(out))
            continue
        out.append(ch)
    glued = "".join(out)
    drops = [d for d in drops if 0 < d < len(glued)]
    return GluedArticle(name, glued, text, drops)


def _spaces_before(text: str, s: int) -> list[int]:
    k = s
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k == s or k == 0 or text[k - 1] == "\n":
        return []
    return list(range(k, s))


def _spaces_after(text: str, e: int) -> list[int]:
    k = e
    while k < len(text) and text[k] == " ":
        k += 1
    if k == e or k == len(text) or text[k] == "\n":
        return []
    return list(range(e, k))


def _pipeline() -> str:
    from claimmark.core.nlp import best_pipeline

    pipeline = best_pipeline()
    if pipeline is None:
        raise SystemExit("no spaCy English pipeline installed (the program's own is needed to glue PolNeAR)")
    return pipeline.package


def _nlp(package: str) -> object:
    import spacy

    from claimmark.core.nlp import NOT_NEEDED

    return spacy.load(package, exclude=list(NOT_NEEDED))  # the entities are all the rule reads


def texts(split: str, corpus: Path = DEFAULT_POLNEAR) -> dict[str, str]:
    """The articles of one PolNeAR split, by file name without .txt."""
    folder = corpus / split / "text"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def glued_split(split: str, corpus: Path = DEFAULT_POLNEAR, use_cache: bool = True) -> list[GluedArticle]:
    """Every article of ``split`` glued by the rule (cached; see the module docstring)."""
    import spacy

    articles = texts(split, corpus)
    if not articles:
        raise SystemExit(f"no PolNeAR texts in {corpus / split / 'text'}")
    package = _pipeline()
    key = hashlib.sha1(
        f"{RULE_VERSION}:{ENTITY_RATE}:{PHRASE_RATE}:{spacy.__version__}:{package}:{split}:{len(articles)}".encode()
    ).hexdigest()[:16]
    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimmark-polnear-glue"
    cache = cache_dir / f"{split}-{key}.json"
    if use_cache and cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        if [r["name"] for r in rows] == list(articles) and all(r["truth"] == articles[r["name"]] for r in rows):
            return [GluedArticle(**r) for r in rows]
    nlp = _nlp(package)
    result = [glue_article(name, text, nlp) for name, text in articles.items()]
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([r.__dict__ for r in result]), encoding="utf-8")
    return result
