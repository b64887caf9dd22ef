"""Reading cues: the words that carry a claim's status, and who says what.

A :class:`CueFinder` runs a spaCy pipeline (with its parser where one is installed) over a text
and returns :class:`ReadingCues`: the hedges ("may", "reportedly", "is believed to"), estimates
("about 600", "as high as", "thousands") and attribution cues ("said", "according to") it
finds, and for each attribution its cue, its source and its content (who says what), with the
source's kind: a named person or body, an anonymous one ("officials", "a person familiar with"),
a document or data ("a report", "figures"), or state media and other outlets.

The cue patterns are data (``claimmark.resources.cues/patterns.json``): spaCy ``Matcher`` token
patterns plus the word classes the parse rules use (speech-act verbs, source heads).  Everything
in and out is plain data; offsets are code points into the text, end exclusive.  Load and run a
finder off the GUI thread: loading takes seconds and a long text takes a while, in chunks, with
progress and cancellation.
"""

from __future__ import annotations

import bisect
import functools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, cast

from claimmark.core.nlp import Pipeline, without_collections

if TYPE_CHECKING:  # spaCy is imported only when a finder is made (it takes a second or two)
    from spacy.tokens import Doc, Span, Token

CueKind = Literal["hedge", "estimate", "attribution"]
SourceKind = Literal["named", "anonymous", "document", "media"]
CUE_KINDS: tuple[CueKind, ...] = ("hedge", "estimate", "attribution")
SOURCE_KINDS: tuple[SourceKind, ...] = ("named", "anonymous", "document", "media")

CHUNK_CHARS = 1_000
"""Texts are parsed in pieces of about this many characters (cut after a paragraph, else after
a sentence), one at a time: progress comes, and a cancel is heard, after each piece (about
0.1 s of work on one core; benchmarks/cue_throughput.py).  Inside spaCy's compiled code a
piece's parse holds Python's lock (the GIL) in stretches that grow with the piece: at 2,000
characters a 5 ms ticker in another thread waited up to 21 ms, at 1,000 up to 13 ms, no longer
than with the same work in another process (benchmarks/cue_gil.py), at no cost in total time."""

LOGIC_VERSION = 2
"""Bump when the rules in this module change what is found (the cache keys on it)."""

_CUE_LABELS: dict[str, str] = {"hedge": "hedge", "estimate": "estimate", "attribution": "attribution"}
_SOURCE_LABELS: dict[str, str] = {
    "named": "named source",
    "anonymous": "anonymous source",
    "document": "document or data",
    "media": "state media or another outlet",
}


def cue_kind_label(kind: CueKind) -> str:
    """The kind's name for people: "hedge", "estimate", "attribution"."""
    return _CUE_LABELS[kind]


_SOURCE_PLURALS: dict[str, str] = {
    "named": "named sources",
    "anonymous": "anonymous sources",
    "document": "documents or data",
    "media": "state media or other outlets",
}


def source_kind_label(kind: SourceKind) -> str:
    """The source kind's name for people, e.g. "anonymous source"."""
    return _SOURCE_LABELS[kind]


def count_source_kind(n: int, kind: SourceKind) -> str:
    """ "1 anonymous source", "17 named sources": how many sources of a kind, in words."""
    return f"{n:,} {_SOURCE_LABELS[kind] if n == 1 else _SOURCE_PLURALS[kind]}"


# ---------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: CueKind
    pattern: str
    explanation: str


@dataclass(frozen=True)
class Attribution:
    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int]
    source_kind: SourceKind
    source_text: str


@dataclass(frozen=True)
class ReadingCues:
    """What a :class:`CueFinder` found in one text."""

    cues: tuple[Cue, ...]
    attributions: tuple[Attribution, ...]
    parsed: bool
    model: str
    _starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cues = tuple(sorted(self.cues, key=lambda c: (c.start, c.end, c.kind)))
        attributions = tuple(sorted(self.attributions, key=lambda a: (a.content, a.cue)))
        object.__setattr__(self, "cues", cues)
        object.__setattr__(self, "attributions", attributions)
        object.__setattr__(self, "_starts", tuple(c.start for c in cues))

    def to_payload(self) -> dict[str, Any]:
        return {
            "cues": [[c.start, c.end, c.kind, c.pattern, c.explanation] for c in self.cues],
            "attributions": [
                [list(a.cue), list(a.source) if a.source else None, list(a.content), a.source_kind, a.source_text]
                for a in self.attributions
            ],
            "parsed": self.parsed,
            "model": self.model,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> ReadingCues:
        cues = tuple(
            Cue(int(s), int(e), cast(CueKind, str(kind)), str(pattern), str(explanation))
            for s, e, kind, pattern, explanation in payload.get("cues", [])
            if kind in CUE_KINDS
        )
        attributions = tuple(
            Attribution(
                (int(cue[0]), int(cue[1])),
                (int(source[0]), int(source[1])) if source else None,
                (int(content[0]), int(content[1])),
                cast(SourceKind, str(kind)),
                str(text),
            )
            for cue, source, content, kind, text in payload.get("attributions", [])
            if kind in SOURCE_KINDS
        )
        return cls(cues, attributions, bool(payload.get("parsed", False)), str(payload.get("model", "")))

    def cues_within(self, start: int, end: int) -> tuple[Cue, ...]:
        """The cues overlapping [start, end), in text order."""
        longest = max((c.end - c.start for c in self.cues), default=0)
        first = bisect.bisect_left(self._starts, start - longest)
        last = bisect.bisect_left(self._starts, end)
        return tuple(c for c in self.cues[first:last] if c.end > start and c.start < end)

    def attribution_of(self, start: int, end: int) -> Attribution | None:
        """The attribution whose content holds [start, end), or most of it (at least half).

        Of several (one report inside another), the one holding most of it; then one that
        names its source ("it is believed", inside "..., the agency said", says nothing of who
        believes it); then the innermost.
        """
        length = max(1, end - start)
        best: Attribution | None = None
        best_key = (0, False, 0)
        for a in self.attributions:
            if a.content[0] >= end:
                break
            overlap = min(end, a.content[1]) - max(start, a.content[0])
            if overlap * 2 < length or overlap <= 0:
                continue
            # most overlap, then one that names its source, then the tightest content
            key = (overlap, a.source is not None, -(a.content[1] - a.content[0]))
            if best is None or key > best_key:
                best, best_key = a, key
        return best


EMPTY = ReadingCues((), (), False, "")


def cue_lines(found: ReadingCues) -> list[dict[str, Any]]:
    """The JSON objects ``claimmark cues --format jsonl`` prints: the cues, then the attributions."""
    lines: list[dict[str, Any]] = [{"type": "cue", "start": c.start, "end": c.end, "kind": c.kind} for c in found.cues]
    lines.extend(
        {
            "type": "attribution",
            "cue": list(a.cue),
            "source": list(a.source) if a.source is not None else None,
            "content": list(a.content),
            "source_kind": a.source_kind,
        }
        for a in found.attributions
    )
    return lines


def text_lines(found: ReadingCues, text: str) -> list[str]:
    """The readable lines ``claimmark cues`` prints: 'START-END<TAB>KIND<TAB>'words'<TAB>why'."""

    def words(span: tuple[int, int], limit: int = 0) -> str:
        said = " ".join(text[span[0] : span[1]].split())
        return said[: limit - 3] + "..." if limit and len(said) > limit else said

    lines = [f"{c.start}-{c.end}\t{c.kind}\t{words((c.start, c.end))!r}\t{c.explanation}" for c in found.cues]
    for a in found.attributions:
        source = (
            f"{a.source[0]}-{a.source[1]} {a.source_text!r} ({source_kind_label(a.source_kind)})"
            if a.source is not None
            else "not named"
        )
        content = f"{a.content[0]}-{a.content[1]} {words(a.content, 80)!r}"
        lines.append(f"{a.cue[0]}-{a.cue[1]}\tattribution\t{words(a.cue)!r}\tsource {source}; content {content}")
    return lines


def cue_chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``: cut after a line break in the second half of
    each ``size`` characters, else after a sentence's end, else after a space, so that a
    sentence (and who said it) is seldom cut in two."""
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            half = start + size // 2
            cut = text.rfind("\n", half, end)
            if cut < 0:  # the space after ".", "?", "!" (or after a closing quote that follows one)
                found = [text.rfind(mark, half, end) for mark in _SENTENCE_ENDS]
                cut = max(
                    (at + len(mark) - 1 for at, mark in zip(found, _SENTENCE_ENDS, strict=True) if at >= 0), default=-1
                )
            if cut < 0:
                cut = text.rfind(" ", half, end)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


_SENTENCE_ENDS = (". ", "? ", "! ", '." ', ".\u201d ", '?" ', "?\u201d ")


# ---------------------------------------------------------------------------------------- patterns
@dataclass(frozen=True)
class PatternSpec:
    id: str
    kind: CueKind
    tokens: list[list[dict[str, Any]]]
    explanation: str
    cue: tuple[int | None, int | None] | None = None
    trim_numbers: bool = False


@dataclass(frozen=True)
class Patterns:
    version: int
    patterns: tuple[PatternSpec, ...]
    words: dict[str, frozenset[str]]

    def by_id(self, pattern_id: str) -> PatternSpec:
        return next(p for p in self.patterns if p.id == pattern_id)


@functools.cache
def load_patterns() -> Patterns:
    """The cue patterns shipped with ClaimMark (``claimmark.resources.cues/patterns.json``)."""
    raw = json.loads((resources.files("claimmark.resources.cues") / "patterns.json").read_text(encoding="utf-8"))
    specs = []
    for item in raw["patterns"]:
        cue = item.get("cue")
        specs.append(
            PatternSpec(
                id=str(item["id"]),
                kind=cast(CueKind, item["kind"]),
                tokens=item["tokens"],
                explanation=str(item["explanation"]),
                cue=(cue[0], cue[1]) if cue is not None else None,
                trim_numbers=bool(item.get("trim_numbers", False)),
            )
        )
    words = {
        key: frozenset(str(w).lower() for w in value)
        for key, value in raw.items()
        if isinstance(value, list) and key != "patterns"
    }
    return Patterns(int(raw["version"]), tuple(specs), words)


def cue_cache_key(pipeline: Pipeline) -> tuple[str, str]:
    """The entity-cache name and version the cues ``CueFinder(pipeline)`` finds are kept under;
    known without loading spaCy, so an article opened before shows its cues at once."""
    return f"cues:{pipeline.name}", f"{pipeline.version}+cues{load_patterns().version}.{LOGIC_VERSION}"


_TAG_KEYS = ("POS", "TAG", "MORPH")
_PARSE_KEYS = ("DEP",)


def _strip(pattern: list[dict[str, Any]], keys: Iterable[str]) -> list[dict[str, Any]]:
    drop = set(keys)
    return [{k: v for k, v in token.items() if k not in drop} for token in pattern]


# ---------------------------------------------------------------------------------------- finder
class CueFinder:
    """A loaded spaCy pipeline with a parser where one is installed. Construct and run OFF the GUI thread."""

    def __init__(self, pipeline: Pipeline, *, without: Sequence[str] = ()) -> None:
        """Load ``pipeline`` (all its components, or all but those named in ``without``:
        ``without=("parser",)`` is what a pipeline without a parser gives)."""
        import spacy
        from spacy.matcher import Matcher

        self.pipeline = pipeline
        self.patterns = load_patterns()
        self.nlp = spacy.load(pipeline.package, exclude=list(without))
        names = set(self.nlp.pipe_names)
        if "parser" in names:
            _register_paragraphs()
            self.nlp.add_pipe("claimmark_paragraph_breaks", before="parser")
        self.has_parser = "parser" in names
        self.has_tags = bool(names & {"tagger", "morphologizer"})
        if not self.has_parser and "senter" not in names:
            self.nlp.add_pipe("sentencizer")
        self.cache_name, self.cache_version = cue_cache_key(pipeline)
        self.model = f"{pipeline.name} {pipeline.version}, cue patterns {self.patterns.version}"
        if not self.has_parser:
            self.model += " (no parser: who-said-what is off)"
        self.matcher = Matcher(self.nlp.vocab)
        drop: list[str] = []
        if not self.has_tags:
            drop += _TAG_KEYS
        if not self.has_parser:
            drop += _PARSE_KEYS
        for spec in self.patterns.patterns:
            self.matcher.add(spec.id, [_strip(p, drop) for p in spec.tokens])
        self._specs = {spec.id: spec for spec in self.patterns.patterns}

    @classmethod
    def load(cls, pipeline: Pipeline, *, without: Sequence[str] = ()) -> CueFinder:
        """Load with the garbage collector paused (see :func:`claimmark.core.nlp.without_collections`)."""
        return without_collections(lambda: cls(pipeline, without=without))

    def run(
        self,
        text: str,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        piece_chars: int | None = None,
    ) -> ReadingCues | None:
        """The reading cues of ``text`` (code-point offsets); ``None`` if cancelled part-way.

        ``text`` is parsed in pieces of about ``piece_chars`` characters (:data:`CHUNK_CHARS`
        unless given; :func:`cue_chunks`)."""
        cues: list[Cue] = []
        attributions: list[Attribution] = []
        memory: dict[str, SourceKind] = {}
        pieces = list(cue_chunks(text, piece_chars or CHUNK_CHARS))
        done = 0
        docs = self.nlp.pipe((p for _, p in pieces), batch_size=1)  # each piece reported (and cancellable) at once
        for (offset, piece), doc in zip(pieces, docs, strict=True):
            if cancelled is not None and cancelled():
                return None
            found, verb_cues = self._who_said_what(doc, offset, memory)
            attributions.extend(found)
            cues.extend(self._pattern_cues(doc, offset, verb_cues))
            done += len(piece)
            if progress is not None:
                progress(done, len(text))
            time.sleep(0)  # hand the lock to a waiting thread (the window's) between pieces
        return ReadingCues(tuple(cues), tuple(attributions), self.has_parser, self.model)

    # ------------------------------------------------------------------ pattern cues
    def _pattern_cues(self, doc: Doc, offset: int, verb_cues: list[tuple[int, int, str, int]]) -> list[Cue]:
        found: dict[str, list[tuple[int, int, str, int]]] = {kind: [] for kind in CUE_KINDS}
        for match_id, start, end in self.matcher(doc):
            spec = self._specs[doc.vocab.strings[match_id]]
            span = self._cue_tokens(doc, spec, start, end)
            if span is None:
                continue
            found[spec.kind].append((span[0], span[1], spec.id, end - start))
        found["attribution"].extend(verb_cues)
        cues = []
        for kind, spans in found.items():
            for s, e, pattern_id in _longest_first(spans):
                spec = self._specs[pattern_id]
                words = " ".join(doc[s:e].text.lower().split())
                cues.append(
                    Cue(
                        offset + doc[s].idx,
                        offset + doc[e - 1].idx + len(doc[e - 1].text),
                        cast(CueKind, kind),
                        pattern_id,
                        spec.explanation.replace("{cue}", words),
                    )
                )
        return cues

    def _cue_tokens(self, doc: Doc, spec: PatternSpec, start: int, end: int) -> tuple[int, int] | None:
        if spec.cue is not None:
            n = end - start
            a = spec.cue[0] if spec.cue[0] is not None else 0
            b = spec.cue[1] if spec.cue[1] is not None else n
            a = a + n if a < 0 else a
            b = b + n if b <= 0 and spec.cue[1] is not None else b
            start, end = start + a, start + b
        if spec.trim_numbers:
            while end > start and (doc[end - 1].like_num or doc[end - 1].is_currency):
                end -= 1
        if spec.kind == "attribution" and self.has_parser and spec.id in _PARSED:
            return None  # with a parse, these are found by the parse rules (_who_said_what)
        return (start, end) if end > start else None

    # ------------------------------------------------------------------ who said what
    def _who_said_what(
        self, doc: Doc, offset: int, memory: dict[str, SourceKind]
    ) -> tuple[list[Attribution], list[tuple[int, int, str, int]]]:
        """The attributions in ``doc``, and the cues the parse found (verbs, speaker colons)."""
        found: list[Attribution] = []
        cues: list[tuple[int, int, str, int]] = []
        taken: set[int] = set()
        for token in doc:
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                made = self._according_to(doc, token, offset, memory)
                if made is not None:
                    found.append(made)
                    taken.update((token.i, token.i + 1))
        if not self.has_parser:
            return found, cues
        words = self.patterns.words
        reporting, view, passive = words["reporting_lemmas"], words["view_lemmas"], words["passive_lemmas"]
        quoted = _quoted_tokens(doc)
        for token in doc:
            if token.i in taken:
                continue
            if token.text == ":":
                made = self._speaker_colon(doc, token, offset, memory)
                if made is not None:
                    found.append(made)
                    cues.append((token.i, token.i + 1, "speaker_colon", 1))
                    continue
                made = self._quote_colon(doc, token, offset, memory)
                if made is not None:
                    found.append(made)
                    cues.append((token.i, token.i + 1, "quote_colon", 1))
                continue
            if token.pos_ == "NOUN" and token.lemma_.lower() in words["nominal_lemmas"]:
                made = self._nominal_attribution(doc, token, offset, memory)
                if made is not None:
                    found.append(made)
                    cues.append((token.i, token.i + 1, "nominal_attribution", 1))
                continue
            lemma = token.lemma_.lower()
            if token.pos_ != "VERB" or (lemma not in reporting and lemma not in view):
                continue
            if _passive(token) and lemma not in reporting and lemma not in passive:
                continue  # "is expected to", "was backed by": no one is reporting anything
            pieces = self._verb_attribution(doc, token, offset, memory, quote_only=lemma in words["quote_only_lemmas"])
            if not pieces:
                continue
            made = pieces[0]
            if made.source is None and lemma in view and not _passive(token):
                continue  # "want to", "hope so": a view needs someone whose view it is
            if token.i in quoted and made.source is not None and _first_or_second_person(made.source_text):
                continue  # "I think ..." inside a quote: the speaker hedging, not another source
            found.append(made)
            found.extend(pieces[1:])
            cues.append((token.i, token.i + 1, "reporting_verb" if lemma in reporting else "view_verb", 1))
            # "..., the agency said, and thousands more injured": the report goes on after the verb
            for more in token.children:
                if more.dep_ == "conj" and more.i > token.i and more.lemma_.lower() not in reporting:
                    rest = _trim(doc, more.left_edge.i, more.right_edge.i + 1)
                    if rest is not None and made.content[1] <= offset + token.idx:
                        found.append(replace(made, content=self._chars(doc, offset, rest)))
        return found, cues

    def _speaker_colon(self, doc: Doc, colon: Token, offset: int, memory: dict[str, SourceKind]) -> Attribution | None:
        """ "Lynch: No outside influence ..." (a headline), "FALLIN: I think ..." (a transcript)."""
        start = colon.i
        while start > 0 and "\n" not in doc[start - 1].text and colon.i - start < 7:
            start -= 1
        if start > 0 and "\n" not in doc[start - 1].text:
            return None  # more than a few words before it: not a speaker's name
        speaker = _trim(doc, start, colon.i)
        if speaker is None or not any(
            t.pos_ == "PROPN" or (t.is_upper and t.is_alpha) for t in doc[speaker[0] : speaker[1]]
        ):
            return None
        if any(t.pos_ == "VERB" for t in doc[speaker[0] : speaker[1]]):
            return None  # "He said:" is the verb's (a sentence, not a speaker's label)
        end = colon.i + 1
        while end < len(doc) and "\n" not in doc[end].text:
            end += 1
        content = _trim(doc, colon.i + 1, end)
        if content is None:
            return None
        return self._make(doc, offset, (colon.i, colon.i + 1), speaker, content, memory)

    def _quote_colon(self, doc: Doc, colon: Token, offset: int, memory: dict[str, SourceKind]) -> Attribution | None:
        """ "Her answer was blunt: "No." ": a colon that opens a quotation gives the words of the
        one the clause before it names (its subject), unless a speech verb there already does."""
        after = colon.i + 1
        while after < len(doc) and doc[after].is_space:
            after += 1
        region = next(((a, b) for a, b in _quote_regions(doc) if a == after), None)
        if region is None:
            return None
        sent = colon.sent
        words = self.patterns.words
        # the clause before the colon: its verbs whose head is not inside it (the parse often
        # hangs that clause on the quotation's verb)
        before = [
            t
            for t in doc[sent.start : colon.i]
            if t.pos_ in ("VERB", "AUX") and (t.dep_ in ("ROOT", "conj") or t.head.i >= colon.i)
        ]
        speech = words["reporting_lemmas"] | words["view_lemmas"]
        if any(t.lemma_.lower() in speech for t in before):
            return None  # "He said:" is the verb's
        source = next((s for t in before if (s := _source_of(t)) is not None), None)
        content = _trim(doc, *region)
        if content is None:
            return None
        return self._make(doc, offset, (colon.i, colon.i + 1), source, content, memory)

    def _nominal_attribution(
        self, doc: Doc, noun: Token, offset: int, memory: dict[str, SourceKind]
    ) -> Attribution | None:
        """ "the senator's claim that ...", "a warning from officials that ...", "his criticism of
        the plan", "made the claim that ...": something said, named as a thing."""
        words = self.patterns.words
        content: tuple[int, int] | None = None
        for child in noun.children:
            if (
                child.i > noun.i
                and child.dep_ in ("acl", "ccomp", "relcl")
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
            ):
                start = next(c.i + 1 for c in child.children if c.dep_ == "mark")
                content = _trim(doc, start, child.right_edge.i + 1)
                break
        if content is None:
            for child in noun.children:
                if child.i > noun.i and child.dep_ == "prep" and child.lower_ in words["nominal_object_preps"]:
                    pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                    if pobj is not None and not (pobj.pos_ == "PRON" and pobj.lower_ in ("it", "this", "that")):
                        content = _trim(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
                        break
        if content is None:
            return None
        source: tuple[int, int] | None = None
        for child in noun.children:
            if child.dep_ == "poss":
                end = max((t.i for t in child.subtree if t.dep_ != "case"), default=child.i) + 1
                source = (child.left_edge.i, end)
                break
            if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i < content[0]:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    source = _noun_phrase(pobj)
                    break
        if source is None and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            source = _source_of(noun.head)  # "the minister made the claim that ...", "issued a warning"
        if source is None:
            return None  # "the claim that ..." with no one making it: the words' cue is a hedge, not a source
        return self._make(doc, offset, (noun.i, noun.i + 1), source, content, memory)

    def _according_to(
        self, doc: Doc, according: Token, offset: int, memory: dict[str, SourceKind]
    ) -> Attribution | None:
        to = doc[according.i + 1]
        sent = according.sent
        # the source: the noun phrase after "to" (its pobj's subtree, or up to the next punctuation)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if self.has_parser else None
        if pobj is not None:
            src = (pobj.left_edge.i, pobj.right_edge.i + 1)
        else:
            end = to.i + 1
            while end < sent.end and not doc[end].is_punct:
                end += 1
            src = (to.i + 1, end)
        if src[1] <= src[0]:
            return None
        phrase = (according.i, src[1])
        # the content: the rest of the sentence, on the side that holds more of it
        before = _trim(doc, sent.start, phrase[0])
        after = _trim(doc, phrase[1], sent.end)
        content = max((before, after), key=lambda s: s[1] - s[0] if s else -1)
        if content is None:
            return None
        return self._make(doc, offset, (according.i, according.i + 2), src, content, memory)

    def _verb_attribution(
        self, doc: Doc, verb: Token, offset: int, memory: dict[str, SourceKind], *, quote_only: bool = False
    ) -> list[Attribution]:
        """The attribution ``verb`` makes, and the quotation that carries it on, if one does
        (the same cue and source, more content); empty when it reports nothing."""
        if _passive(verb):  # "about 600 are believed to ...", "it was reported that ...": nobody named
            content = _passive_content(verb)
            source = _agent_of(verb)
        else:
            if quote_only:  # "he continued", "she added": a verb of speech only beside a quote
                content = _quote_near(verb) if not any(c.dep_ == "xcomp" for c in verb.children) else None
            else:
                content = _content_of(verb) or _quote_near(verb) or _object_of(verb)
            source = _source_of(verb)
        if content is None:
            return []
        regions = _quote_regions(doc)
        content = _widen_to_quotes(content, regions, verb.i)
        made = self._make(doc, offset, (verb.i, verb.i + 1), source, content, memory)
        more = _quote_goes_on(doc, content, regions, verb)
        return [made] if more is None else [made, replace(made, content=self._chars(doc, offset, more))]

    @staticmethod
    def _chars(doc: Doc, offset: int, span: tuple[int, int]) -> tuple[int, int]:
        last = doc[span[1] - 1]
        return offset + doc[span[0]].idx, offset + last.idx + len(last.text)

    def _make(
        self,
        doc: Doc,
        offset: int,
        cue: tuple[int, int],
        source: tuple[int, int] | None,
        content: tuple[int, int],
        memory: dict[str, SourceKind],
    ) -> Attribution:
        def chars(span: tuple[int, int]) -> tuple[int, int]:
            return self._chars(doc, offset, span)

        if source is not None:
            dashes = [t.i for t in doc[source[0] : source[1]] if t.text in ("—", "–", "--")]
            if dashes:  # "RENO, Nev. (AP) — Republican presidential hopeful Donald Trump": after a dateline
                after = (dashes[-1] + 1, source[1])
                source = after if _trim(doc, *after) is not None else (source[0], dashes[-1])
            source = _trim(doc, source[0], source[1])
        if source is not None and _expletive(doc, source):
            source = None
        kind: SourceKind = "named"
        text = ""
        if source is not None:
            span = doc[source[0] : source[1]]
            kind = self.source_kind(span, memory)
            text = " ".join(span.text.split())
        return Attribution(chars(cue), chars(source) if source else None, chars(content), kind, text)

    def source_kind(self, span: Span, memory: dict[str, SourceKind] | None = None) -> SourceKind:
        """What kind of source ``span`` is: named, anonymous, a document or data, or media."""
        words = self.patterns.words
        memory = memory if memory is not None else {}
        # with no parse, an English noun phrase ends with its head ("a council report")
        head = span.root if self.has_parser else next((t for t in reversed(span) if not t.is_punct), span[-1])
        lower = [t.lower_ for t in span]
        head_word = head.lower_
        kind: SourceKind | None = None
        # "NBC News", "state news agency KCNA", "state media Voice of Korea": a name with an outlet word
        names_outlet = (
            head.ent_type_ != "PERSON"
            and (head.ent_type_ or head.pos_ == "PROPN")
            and any(t.lower_ in words["media_heads"] for t in span if t.i != head.i)
        )
        modified = any(w in words["media_modifiers"] for w in lower if w != head_word)
        if head_word in words["media_heads"] or names_outlet or (head_word in ("agency", "service") and modified):
            kind = "media"
        elif head_word in words["document_heads"] and not head.ent_type_:
            kind = "document"
        elif head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") and head.ent_iob_ in ("B", "I"):
            named = " ".join(t.text for t in span if t.ent_type_ == head.ent_type_)
            kind = memory.get(named.lower(), "named")
        elif head.pos_ == "PROPN":
            kind = memory.get(head.lower_, "named")
        elif head_word in words["anonymous_heads"] and head_word not in words["pronouns"]:
            kind = "anonymous"
        if kind is None:
            kind = "named"
        if kind == "media":  # a name given once as media ("state news agency KCNA") stays media
            for ent in span.ents:
                memory[ent.text.lower()] = "media"
        return kind


@functools.cache
def _register_paragraphs() -> None:
    """A pipe that starts a sentence after every line break: a headline or a list line without
    a full stop is not run into the next paragraph (the parser keeps sentence starts set before it)."""
    from spacy.language import Language

    @Language.component("claimmark_paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text or token.text_with_ws.endswith("\n"):
                doc[token.i + 1].is_sent_start = True
        return doc


# ---------------------------------------------------------------------------------------- parse rules
_PARSED = ("reporting_verb", "view_verb", "speaker_colon", "nominal_attribution", "quote_colon")
"""Attribution patterns the parse rules find when there is a parse (the token patterns otherwise)."""


def _quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """The quotations ("...", “...”) as token spans with their marks, paragraph by paragraph."""
    cached = doc.user_data.get("claimmark_quotes")
    if cached is not None:
        return cast(list[tuple[int, int]], cached)
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for token in doc:
        if "\n" in token.text:
            opened = None
        elif token.is_quote and token.text not in ("'", "‘", "’", "`"):
            if token.text == "“" or (opened is None and token.text != "”"):
                opened = token.i
            elif opened is not None:
                regions.append((opened, token.i + 1))
                opened = None
    doc.user_data["claimmark_quotes"] = regions
    return regions


def _quoted_tokens(doc: Doc) -> set[int]:
    """The tokens between quotation marks."""
    return {i for start, end in _quote_regions(doc) for i in range(start + 1, end - 1)}


def _widen_to_quotes(span: tuple[int, int], regions: list[tuple[int, int]], cue: int) -> tuple[int, int]:
    """``span`` grown to hold the whole of each quotation it cuts into (a quote of several
    sentences is one thing said), never over the cue itself."""
    start, end = span
    for q_start, q_end in regions:
        if q_start < end and start < q_end and not (q_start <= cue < q_end):
            start, end = min(start, q_start), max(end, q_end)
    return start, end


def _quote_goes_on(
    doc: Doc, content: tuple[int, int], regions: list[tuple[int, int]], verb: Token
) -> tuple[int, int] | None:
    """The quotation that carries on what was quoted, right after the sentence of the verb
    ("“A,” she said. “B.”"): it is the same speaker's."""
    if not any(q_start < content[1] and content[0] < q_end for q_start, q_end in regions):
        return None
    sent_end = verb.sent.end
    for q_start, q_end in regions:
        if q_start >= sent_end:
            between = doc[sent_end:q_start]
            if all(t.is_space and "\n" not in t.text for t in between) and q_end > q_start + 2:
                return _trim(doc, q_start, q_end)
            return None
    return None


def _first_or_second_person(text: str) -> bool:
    return text.lower() in ("i", "we", "you", "me", "us")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without spaces and punctuation at its edges (quotes are kept when paired)."""
    while start < end and (doc[start].is_space or (doc[start].is_punct and not doc[start].is_quote)):
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote)):
        end -= 1
    # a lone quote at one edge goes
    if end > start and doc[start].is_quote and not any(t.is_quote for t in doc[start + 1 : end]):
        start += 1
    if end > start and doc[end - 1].is_quote and not any(t.is_quote for t in doc[start : end - 1]):
        end -= 1
    while start < end and (doc[start].is_space or (doc[start].is_punct and not doc[start].is_quote)):
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote)):
        end -= 1
    return (start, end) if end > start else None


def _content_of(verb: Token) -> tuple[int, int] | None:
    """The clause ``verb`` reports: its clausal complement, or the clause it is tucked into."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.i > verb.i):
            start, end = child.left_edge.i, child.right_edge.i + 1
            if start < verb.i < end:  # the complement wraps the verb: take the side without it
                start = verb.i + 1
            return _trim(doc, start, end)
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i:
        head = verb.head
        own = (verb.left_edge.i, verb.right_edge.i + 1)
        clause = (head.left_edge.i, head.right_edge.i + 1)
        if own[0] > head.i:
            return _trim(doc, clause[0], own[0])
        if own[1] <= head.i:
            return _trim(doc, own[1], clause[1])
    return None


def _object_of(verb: Token) -> tuple[int, int] | None:
    """What a verb without a clause reports: its object ("called his actions a crucial step",
    "said no"), or what it is for or about ("called for a ban", "talked about trade")."""
    doc = verb.doc
    parts = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "oprd", "attr", "intj", "dative")]
    preps = {"for", "about", "on", "against", "of", "that"}
    if verb.lemma_.lower() in ("refer", "point", "respond", "react", "reply", "object", "turn"):
        preps.add("to")  # "referred to him as", "pointed to the figures"
    if not parts:
        parts = [
            pobj
            for c in verb.children
            if c.i > verb.i and c.dep_ == "prep" and c.lower_ in preps
            for pobj in c.children
            if pobj.dep_ in ("pobj", "pcomp")
        ]
    if not parts:
        return None
    return _trim(doc, min(p.left_edge.i for p in parts), max(p.right_edge.i for p in parts) + 1)


def _noun_phrase(head: Token) -> tuple[int, int]:
    """The words of the noun phrase ``head`` heads, without what only says where or when
    ("Trump, in Kentucky", "Trump at the time") after a name."""
    end = head.right_edge.i + 1
    if head.pos_ in ("PROPN", "PRON"):
        for child in head.rights:
            if child.dep_ in ("prep", "npadvmod", "advmod") and not any(c.ent_type_ == "ORG" for c in child.subtree):
                end = min(end, child.left_edge.i)
                break
    return head.left_edge.i, end


def _source_of(verb: Token) -> tuple[int, int] | None:
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.tag_ in ("WP", "WDT") and current.dep_ == "relcl" and current.head.i < child.i:
                    # "commentators who have suggested ...": the source is who "who" is
                    head = current.head
                    return head.left_edge.i, current.left_edge.i
                return _noun_phrase(child)
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj.left_edge.i, pobj.right_edge.i + 1
        if current.dep_ in ("conj", "xcomp", "advcl", "pcomp") and current.head.i != current.i:
            current = current.head
            continue
        break
    return None


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent_of(verb: Token) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.left_edge.i, pobj.right_edge.i + 1
    return None


def _passive_content(verb: Token) -> tuple[int, int] | None:
    """What a passive reporting verb reports: its clause ("that ..."), or its subject and what
    is said of it ("about 600 ... to have been killed"), without the verb and its helpers."""
    doc = verb.doc
    parts = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and not (
        subject.i == subject.right_edge.i == subject.left_edge.i and _expletive(doc, (subject.i, subject.i + 1))
    ):
        parts.append(subject)
    if not parts:
        return None
    start = min(p.left_edge.i for p in parts)
    end = max(p.right_edge.i for p in parts) + 1
    return _trim(doc, start, end)


def _expletive(doc: Doc, span: tuple[int, int]) -> bool:
    return span[1] - span[0] == 1 and doc[span[0]].lower_ in ("it", "there")


def _quote_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    quotes = [t.i for t in doc[start:end] if t.is_quote]
    if len(quotes) >= 2:
        return _trim(doc, quotes[0], quotes[-1] + 1)
    return None


def _quote_near(verb: Token) -> tuple[int, int] | None:
    sent = verb.sent
    before = _quote_span(verb.doc, sent.start, verb.i)
    after = _quote_span(verb.doc, verb.i + 1, sent.end)
    return before or after


def _longest_first(spans: Sequence[tuple[int, int, str, int]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longer ones winning (as spacy.util.filter_spans); between equal
    spans, the one whose whole match was longer (the more specific pattern), then the pattern id."""
    kept: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for s, e, pid, _matched in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), -x[3], x[0], x[2])):
        if any(i in used for i in range(s, e)):
            continue
        kept.append((s, e, pid))
        used.update(range(s, e))
    return sorted(kept)
