"""The reading cues in the window: found off the GUI thread, drawn as a text style, explained.

:class:`CueRunner` finds a text's cues (``core.reader.cues.CueFinder``) in the entity finder's
one-thread pool, so spaCy never runs twice at once: a request queued after the entities runs
when they are done.  A new request cancels the one before; the finder is loaded once.  Its
results are plain data (``ReadingCues``), cached by the window through the reader session.

How the cues look (:func:`cue_formats`) keeps clear of the other layers: entities are
background shading and claims underlines (solid, dashed, wavy), so the cues are a style of the
letters themselves, each kind told apart without colour: a hedge in italics, an estimate in
spaced letters (no line: lines are the claims'), an attribution cue in bold, and the source it
names in small capitals.  The legend (:class:`CueLegend`) shows the same styles with their counts.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QFont, QTextCharFormat
from PySide6.QtWidgets import QLabel, QWidget

from claimmark.core.nlp import Pipeline
from claimmark.core.reader.cues import (
    CUE_KINDS,
    CueFinder,
    CueKind,
    ReadingCues,
    SourceKind,
    count_source_kind,
    cue_cache_key,
)
from claimmark.gui.common import plain
from claimmark.gui.common.background import Job, run_in_background

SOURCE = "source"
"""The layer key of a source span (the cue kinds are the others)."""

CUE_STYLE: dict[str, str] = {
    # key: the style in words
    "hedge": "italics",
    "estimate": "letters spaced out",
    "attribution": "bold",
    SOURCE: "small capitals",
}
"""A letter style for each kind, and no colour of their own: the letters keep the colour of the
page or of the entity shade under them (black on a light shade, light on a dark one, chosen for
their contrast), and no cue can be taken for the colour of a tag's line."""


ESTIMATE_SPACING = 118.0
"""An estimate's letters, spaced out (per cent of the normal spacing): once it was a line over the
words, which sat right under the line above and read as a claim's underline there."""


def cue_format(key: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if key == "hedge":
        fmt.setFontItalic(True)
    elif key == "estimate":
        fmt.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
        fmt.setFontLetterSpacing(ESTIMATE_SPACING)
    elif key == "attribution":
        fmt.setFontWeight(QFont.Weight.Bold)
    else:
        fmt.setFontCapitalization(QFont.Capitalization.SmallCaps)
    return fmt


def cue_formats() -> dict[str, QTextCharFormat]:
    return {key: cue_format(key) for key in CUE_STYLE}


def cue_spans(cues: ReadingCues) -> list[tuple[int, int, str]]:
    """(start, end, key) in code points: every cue by its kind, and every attribution's source."""
    spans: list[tuple[int, int, str]] = [(c.start, c.end, c.kind) for c in cues.cues]
    spans += [(a.source[0], a.source[1], SOURCE) for a in cues.attributions if a.source is not None]
    return spans


class CueRunner(QObject):
    """Finds reading cues for the window, one request at a time, in a pool it is given."""

    loading = Signal(str)  # pipeline name
    found = Signal(str, object)  # text hash, ReadingCues
    failed = Signal(str, str)  # text hash, message

    def __init__(self, pipeline: Pipeline, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self.pool = pool
        self._finder: CueFinder | None = None
        self._load_lock = threading.Lock()
        self._job: Job | None = None
        self._preload: Job | None = None

    @property
    def cache_key(self) -> tuple[str, str]:
        """(name, version) the cues are cached under, the same before the finder has loaded."""
        return cue_cache_key(self.pipeline)

    @property
    def loaded(self) -> bool:
        return self._finder is not None

    def preload(self) -> None:
        """Load the finder in the pool now (queued before the entities, the cues come soon after them)."""
        if self._finder is not None or self._preload is not None:
            return

        def work(job: Job) -> None:
            self._load(job)

        def ended() -> None:
            self._preload = None

        self._preload = run_in_background(
            self,
            work,
            failed=lambda error: self.failed.emit("", f"{type(error).__name__}: {error}"),
            partial=lambda _loading: self.loading.emit(self.pipeline.name),
            ended=ended,
            pool=self.pool,
        )

    def request(self, digest: str, text: str) -> None:
        """Find the cues of ``text`` (its hash ``digest``); any earlier request is dropped."""
        self.cancel()

        def work(job: Job) -> ReadingCues | None:
            if job.cancelled.is_set():
                return None
            finder = self._load(job)
            return finder.run(text, cancelled=job.cancelled.is_set)

        self._job = run_in_background(
            self,
            work,
            done=lambda result: self._done(digest, result),
            failed=lambda error: self.failed.emit(digest, f"{type(error).__name__}: {error}"),
            partial=lambda _loading: self.loading.emit(self.pipeline.name),
            pool=self.pool,
        )

    def _load(self, job: Job) -> CueFinder:
        with self._load_lock:
            if self._finder is None:
                job.send(None)  # "loading", before the slow part
                self._finder = CueFinder.load(self.pipeline)
            return self._finder

    def _done(self, digest: str, result: ReadingCues | None) -> None:
        if result is not None:
            self.found.emit(digest, result)

    def pending(self) -> bool:
        """Whether a request is still being worked on."""
        return self._job is not None and self._job.running

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None


# ------------------------------------------------------------------------------------ legend
def _sample(key: str, text: str) -> str:
    """``text`` in the cue's style, as rich text (the texts are ours, not from a file)."""
    style = {
        "hedge": "font-style:italic",
        "estimate": "letter-spacing:0.18em",
        "attribution": "font-weight:bold",
        SOURCE: "font-variant:small-caps",
    }[key]
    return f"<span style='{style}'>{text}</span>"


KIND_MEANING: dict[str, str] = {
    "hedge": "words that hold a claim back: may, reportedly, is believed to, unclear whether",
    "estimate": "words that make a number approximate: about, up to, as high as, thousands, estimated",
    "attribution": "words that give a claim to someone: said, told, according to, announced",
    SOURCE: "who the text says makes the claim: a named person or body, an anonymous source, a document, "
    "or state media and other outlets",
}


class CueLegend(QLabel):
    """One line under the entity legend: each kind of cue in its style, with how many there are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cueLegend")
        self.setWordWrap(True)
        self.setContentsMargins(6, 0, 6, 2)
        self.counts: Counter[str] = Counter()
        self.sources: Counter[SourceKind] = Counter()
        self.setVisible(False)

    def set_cues(self, cues: ReadingCues | None) -> None:
        if cues is None:
            self.counts, self.sources = Counter(), Counter()
            self.setVisible(False)
            return
        self.counts = Counter(c.kind for c in cues.cues)
        self.sources = Counter(a.source_kind for a in cues.attributions if a.source is not None)
        parts = [f"{_sample(kind, self.tr(kind))} ({self.counts[kind]})" for kind in CUE_KINDS]
        kinds = ", ".join(count_source_kind(n, kind) for kind, n in sorted(self.sources.items()))
        parts.append(f"{_sample(SOURCE, self.tr('source'))} ({kinds or 0})")
        self.setText(self.tr("Reading cues:") + " " + "   ".join(parts))
        self.setToolTip(
            plain.tip("\n".join(f"{key} ({CUE_STYLE[key]}): {KIND_MEANING[key]}" for key in (*CUE_KINDS, SOURCE)))
        )
        self.setVisible(True)


def describe_kinds(kinds: Iterable[CueKind]) -> str:
    """ "2 estimate, 1 hedge": how many cues of each kind, most first."""
    counts = Counter(kinds)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
