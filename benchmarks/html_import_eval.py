"""How well core.importing reads real saved news pages, and how fast it reads a large text file.

Usage::

    python benchmarks/html_import_eval.py [CORPUS]      # default: ../shared/corpus/news-pages

CORPUS holds ``html/NAME.html`` pages and, for most of them, a reference article text
``text/NAME.txt`` (a few references are named without the ``_article`` suffix of their page).
For each page with a usable reference it prints:

* sentence recall: the share of the reference's sentences found in the imported text;
* furniture: the share of the imported lines (paragraphs, list items, table rows) that are
  not in the reference, by count and by characters: menus, cookie notices, related links,
  comments, captions;
* the time to import the page.

Furniture is also given without the lines above the page's first article line when there are at
most three of them: the headline, standfirst and byline, which the references leave out but a
reader keeps.

The totals are printed again for two parts of the corpus: the development sites and the
held-out sites (one site in three, chosen by a hash of the site's name), so that a filter tuned
by reading the development pages can be checked on pages nobody tuned it on.

Matching ignores whitespace entirely (and is NFC-normalised), so a sentence counts as found
however the two texts wrap or space it; an imported line counts as article text when it is in
the reference or when at least half of its sentences are, with or without the list marker ("- ",
"2. ") the importer puts before a list item (references keep no markers, so otherwise every
article list item would count as furniture).  Sentences under 4 characters are skipped.
References that are empty or are a note ("EXTRACTED NOTHING", "MISSED LAST PARAGRAPH") are not
used; several references hold page furniture themselves, which lowers the furniture figure
slightly (the page's furniture counts as article).  Read the worst pages with your own eyes
before believing a number.

Then it times read_article_file on a 5 MB plain-text file made by repeating the seed article,
plus core.repair.find_joins on the result when that module exists.

It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from claimmark.core.importing import ImportProblem, read_article_file  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks._corpus import DEFAULT_CORPUS  # noqa: E402  (where the corpus is looked for)

SEED = ROOT.parent / "shared" / "seeds" / "000_9a472a8724e17024.txt"

_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"'”’)\]]*\s+|(?<=[。！？])|\n+")
_SPACE = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")  # as the importer writes list items


def squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFC", text))


def letters_only(text: str) -> str:
    """Also without punctuation: several references drop quotation marks and apostrophes."""
    return "".join(c for c in squash(text) if not unicodedata.category(c).startswith("P"))


def sentences(text: str) -> list[str]:
    found = [squash(part) for part in _SENTENCE_END.split(text)]
    return [part for part in found if len(part) >= 4]


def article_line(line: str, squashed_ref: str) -> bool:
    """The whole line is in the reference, or at least half of its sentences are."""
    if squash(line) in squashed_ref:
        return True
    parts = sentences(line)
    return bool(parts) and sum(1 for p in parts if p in squashed_ref) >= len(parts) / 2


def site_of(name: str) -> str:
    return re.sub(r"\d*\.(html|txt)$", "", name)  # cnn.com2.html -> cnn.com


def held_out(name: str) -> bool:
    """One site in three, by a hash of its name (as in benchmarks/repair_eval.py): tune on the rest."""
    return int(hashlib.sha1(site_of(name).encode()).hexdigest(), 16) % 3 == 0


def reference_for(page: Path, texts: Path) -> Path | None:
    for stem in (page.stem, page.stem.replace("_article", "")):  # japanese_article2 -> japanese2
        candidate = texts / f"{stem}.txt"
        if candidate.exists():
            return candidate
    return None


def usable(reference: str) -> bool:
    """Not empty, and not one of newspaper3k's upper-case notes about what it missed."""
    stripped = reference.strip()
    letters = [c for c in stripped if c.isalpha()]
    shouting = letters and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    return bool(stripped) and not (len(stripped) < 200 and shouting)


@dataclass
class PageResult:
    name: str
    seconds: float
    problem: str = ""
    recall: float | None = None
    ref_sentences: int = 0
    found_sentences: int = 0
    found_ignoring_punctuation: int = 0
    lines: int = 0
    furniture_lines: int = 0
    chars: int = 0
    furniture_chars: int = 0
    language: str = ""
    furniture_examples: list[str] = field(default_factory=list)
    top_lines: int = 0  # furniture lines above the first article line: headline and standfirst
    top_chars: int = 0

    @property
    def furniture(self) -> float:
        return self.furniture_chars / self.chars if self.chars else 0.0


def measure(page: Path, reference: str | None) -> PageResult:
    start = time.perf_counter()
    try:
        article = read_article_file(page)
    except ImportProblem as problem:
        result = PageResult(page.name, time.perf_counter() - start, problem=str(problem))
        if reference is not None and sentences(reference):
            # a refused page with a reference scores as nothing found (no lines, no furniture)
            result.ref_sentences = len(sentences(reference))
            result.recall = 0.0
        return result
    result = PageResult(page.name, time.perf_counter() - start, language=article.language)
    if reference is None:
        return result

    imported = squash(article.text)
    ref_sentences = sentences(reference)
    result.ref_sentences = len(ref_sentences)
    result.found_sentences = sum(1 for s in ref_sentences if s in imported)
    loose = letters_only(article.text)
    result.found_ignoring_punctuation = sum(1 for s in ref_sentences if letters_only(s) in loose)
    result.recall = result.found_sentences / len(ref_sentences) if ref_sentences else None

    squashed_ref = squash(reference)
    seen_article = False
    top: list[int] = []
    for line in article.text.split("\n"):
        key = squash(line)
        if not key:
            continue
        result.lines += 1
        result.chars += len(key)
        if any(article_line(text, squashed_ref) for text in {line, _LIST_MARKER.sub("", line, count=1)}):
            seen_article = True
            continue
        if not seen_article:
            top.append(len(key))
        result.furniture_lines += 1
        result.furniture_chars += len(key)
        if len(result.furniture_examples) < 3:
            result.furniture_examples.append(line[:70])
    if seen_article and len(top) <= 3:  # a headline, a standfirst and a byline that the reference leaves out
        result.top_lines, result.top_chars = len(top), sum(top)
    return result


_SUMMED = (
    "ref_sentences", "found_sentences", "found_ignoring_punctuation", "lines", "chars",
    "furniture_lines", "furniture_chars", "top_lines", "top_chars",
)  # fmt: skip


def totals(part: list[PageResult]) -> dict[str, int]:
    """The pages' counts added up, field by field."""
    return {name: sum(getattr(r, name) for r in part) for name in _SUMMED}


def summary(part: list[PageResult]) -> str:
    t = totals(part)
    return (
        f"recall {t['found_sentences'] / t['ref_sentences']:.1%} of {t['ref_sentences']} sentences; furniture "
        f"{t['furniture_lines'] / t['lines']:.1%} of {t['lines']} lines, "
        f"{t['furniture_chars'] / t['chars']:.1%} of characters"
    )


def evaluate_corpus(corpus: Path) -> None:
    pages = sorted((corpus / "html").glob("*.html"))
    texts = corpus / "text"
    results: list[PageResult] = []
    skipped: list[str] = []
    for page in pages:
        ref_path = reference_for(page, texts)
        reference = ref_path.read_text(encoding="utf-8") if ref_path else None
        if reference is not None and not usable(reference):
            skipped.append(page.name)
            reference = None
        results.append(measure(page, reference))

    scored = [r for r in results if r.recall is not None]
    problems = [r for r in results if r.problem]
    times = [r.seconds for r in results]

    print(f"corpus: {corpus}")
    print(
        f"pages: {len(pages)}; scored against a reference: {len(scored)}; "
        f"reference empty or a note: {len(skipped)}; no reference: "
        f"{sum(1 for p in pages if reference_for(p, texts) is None)}; refused with ImportProblem: {len(problems)}"
    )
    print()
    if scored:
        t = totals(scored)
        total_ref, total_found = t["ref_sentences"], t["found_sentences"]
        recalls = [r.recall for r in scored if r.recall is not None]
        print(
            f"sentence recall: {total_found / total_ref:.1%} of all {total_ref} reference sentences; "
            f"per page mean {statistics.mean(recalls):.1%}, median {statistics.median(recalls):.1%}; "
            f"pages at 100%: {sum(1 for x in recalls if x >= 0.999)}, under 50%: {sum(1 for x in recalls if x < 0.5)}"
        )
        lines, chars, furniture_lines, furniture_chars = (
            t["lines"],
            t["chars"],
            t["furniture_lines"],
            t["furniture_chars"],
        )
        print(
            f"furniture: {furniture_lines / lines:.1%} of {lines} imported lines, "
            f"{furniture_chars / chars:.1%} of imported characters; "
            f"per page median {statistics.median(r.furniture for r in scored):.1%} (by characters); "
            f"pages with none: {sum(1 for r in scored if r.furniture_lines == 0)}"
        )
        top_lines, top_chars = t["top_lines"], t["top_chars"]
        print(
            f"  of which headline and standfirst (at most 3 lines above the first article line, which "
            f"the references leave out): {top_lines} lines; without them furniture is "
            f"{(furniture_lines - top_lines) / lines:.1%} of lines, "
            f"{(furniture_chars - top_chars) / chars:.1%} of characters"
        )
        print(f"  ignoring punctuation as well: {t['found_ignoring_punctuation'] / total_ref:.1%}")
        for label, part in (
            ("development sites", [r for r in scored if not held_out(r.name)]),
            ("held-out sites", [r for r in scored if held_out(r.name)]),
        ):
            print(f"  {label} ({len(part)} pages): {summary(part)}")
        print()
        print("lowest sentence recall:")
        for r in sorted(scored, key=lambda r: (r.recall, r.name))[:12]:
            print(f"  {r.recall:6.1%}  {r.found_sentences:3}/{r.ref_sentences:<3}  {r.name}")
        print()
        print("most furniture (share of imported characters not in the reference):")
        for r in sorted(scored, key=lambda r: (-r.furniture, r.name))[:12]:
            examples = r.furniture_examples[:2]
            print(f"  {r.furniture:6.1%}  {r.furniture_lines:3}/{r.lines:<3} lines  {r.name}  e.g. {examples}")
        print()
    if problems:
        print("refused:")
        for r in problems:
            print(f"  {r.problem}")
        print()
    languages = {r.name: r.language for r in results if r.language and r.language != "en"}
    print(f"declared or detected non-English: {languages}")
    print()
    print(
        f"time per page: mean {statistics.mean(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms ({max(results, key=lambda r: r.seconds).name}); "
        f"total {sum(times):.1f} s for {len(results)} pages"
    )


def time_large_text(size: int = 5 * 1024 * 1024) -> None:
    seed = SEED.read_text(encoding="utf-8")
    copies = size // len(seed.encode("utf-8")) + 1
    big = "\n\n".join([seed.strip()] * copies)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        path.write_text(big, encoding="utf-8")
        megabytes = path.stat().st_size / (1024 * 1024)
        start = time.perf_counter()
        article = read_article_file(path)
        imported = time.perf_counter() - start
    print()
    print(f"{megabytes:.1f} MB plain text ({copies} copies of the seed): read_article_file {imported:.2f} s")
    if importlib.util.find_spec("claimmark.core.repair") is None:
        print("  core.repair is not there yet: timed reading, decoding and normalising only (no find_joins)")
        total = imported
    else:
        from claimmark.core.repair import find_joins  # type: ignore[import-not-found,unused-ignore]

        start = time.perf_counter()
        joins = find_joins(article.text)
        repaired = time.perf_counter() - start
        total = imported + repaired
        print(f"  core.repair.find_joins {repaired:.2f} s ({len(joins)} joins found; one seed repeated")
        print(f"  {copies} times is not a typical article: this times the scan, not a typical result)")
    print(f"  total {total:.2f} s (target under 3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    evaluate_corpus(args.corpus)
    time_large_text()


if __name__ == "__main__":
    main()
