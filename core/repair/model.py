"""The model that decides which proposed cuts are joins, and the file its weights come from.

A cut's probability comes from two logistic stages: the first weighs the cut's own features
(``scoring.CUT_FEATURES``, and ``scoring.WORD_PAIR_FEATURES`` when ``wordsegment`` is
installed), the second adds how sure the first is about the cuts a few words away.  Both
stages are fitted twice, with and without the word-pair features, and a :class:`Model` holds
both sets, the segmentation weights and the threshold.  ``weights.json`` in this package is
the model ``find_joins`` uses (:func:`default_model`); ``benchmarks/repair_eval.py --fit``
writes it, and :meth:`Model.load` reads any other such file.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from claimmark.core.repair.scoring import CUT_FEATURES, WORD_PAIR_FEATURES, Candidate, Segmentation
from claimmark.core.repair.words import word_pairs

WEIGHTS_FILE = "weights.json"  # in this package
# What the second stage adds to the first stage's features (see ``paired_features``).
STAGE_TWO_FEATURES = frozenset(["first", "near_before", "near_after", "closes_name", "opens_name"])
# The features each stage of each set weighs: a weights file must give exactly these.
_STAGE_FEATURES = {
    "with_word_pairs": (CUT_FEATURES | WORD_PAIR_FEATURES, CUT_FEATURES | WORD_PAIR_FEATURES | STAGE_TWO_FEATURES),
    "without_word_pairs": (CUT_FEATURES, CUT_FEATURES | STAGE_TWO_FEATURES),
}
_SEGMENTATION_FIELDS = frozenset(f.name for f in dataclasses.fields(Segmentation))
_TOP_LEVEL = frozenset(["note", "accept", "segmentation", *_STAGE_FEATURES])


class WeightsError(ValueError):
    """A weights file (or model) that is not what the detector needs: the message says where."""


def probability(weights: Mapping[str, float], features: Mapping[str, float]) -> float:
    """The logistic probability of ``features`` under ``weights`` (a missing weight counts 0)."""
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


_PAIR_WINDOW = 80  # characters: a link's two glued ends are rarely further apart


def _all_capitalised(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalnum() for w in words)


def paired_features(text: str, cands: list[Candidate], first: list[float]) -> list[dict[str, float]]:
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


@dataclass(frozen=True)
class Stages:
    """The two logistic stages: weights by feature name."""

    first: Mapping[str, float]
    second: Mapping[str, float]

    def probabilities(self, text: str, cands: list[Candidate]) -> list[float]:
        """Probability that each proposed cut of ``text`` is a real join."""
        first = [probability(self.first, c.features) for c in cands]
        return [probability(self.second, f) for f in paired_features(text, cands, first)]


@dataclass(frozen=True)
class Model:
    """Everything fitted or set for the detector: what a weights file holds.

    ``accept`` is the probability a cut needs to be proposed; ``segmentation`` proposes the
    cuts; ``with_word_pairs`` decides when ``wordsegment`` is installed, ``without_word_pairs``
    otherwise; ``note`` says how and when the weights were fitted.
    """

    note: str
    accept: float
    segmentation: Segmentation
    with_word_pairs: Stages
    without_word_pairs: Stages

    def __post_init__(self) -> None:
        _check_accept("model", self.accept)
        for name in _STAGE_FEATURES:
            _check_stages("model", name, getattr(self, name))

    @property
    def stages(self) -> Stages:
        """The stages that decide on this machine: with word pairs if ``wordsegment`` is installed."""
        return self.with_word_pairs if word_pairs() is not None else self.without_word_pairs

    def with_stages(self, stages: Stages) -> Model:
        """This model with ``stages`` in place of those that decide on this machine."""
        if word_pairs() is not None:
            return dataclasses.replace(self, with_word_pairs=stages)
        return dataclasses.replace(self, without_word_pairs=stages)

    def decide(self, text: str, cands: list[Candidate]) -> list[float]:
        """Probability that each proposed cut of ``text`` is a real join (two-stage model)."""
        if not cands:
            return []  # before the word-pair counts are asked for: clean text never reads them
        return self.stages.probabilities(text, cands)

    # --- the weights file ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """The model as the weights file holds it."""
        return {
            "note": self.note,
            "accept": self.accept,
            "segmentation": dataclasses.asdict(self.segmentation),
            **{
                name: {"first": dict(getattr(self, name).first), "second": dict(getattr(self, name).second)}
                for name in _STAGE_FEATURES
            },
        }

    def save(self, path: str | Path) -> None:
        """Write the model as a weights file: JSON, keys sorted, indented, one weight a line."""
        text = json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def from_dict(cls, data: object, source: str = "weights") -> Model:
        """The model a weights file's content describes; WeightsError says what is wrong where."""
        top = _fields(source, data, _TOP_LEVEL)
        note = top["note"]
        if not isinstance(note, str):
            raise WeightsError(f"{source}: note is not a string")
        accept = _number(f"{source}: accept", top["accept"])
        _check_accept(source, accept)
        segmentation = _numbers(f"{source}: segmentation", top["segmentation"], _SEGMENTATION_FIELDS)
        sets = {}
        for name, (first, second) in _STAGE_FEATURES.items():
            both = _fields(f"{source}: {name}", top[name], frozenset(["first", "second"]))
            sets[name] = Stages(
                _numbers(f"{source}: {name}.first", both["first"], first),
                _numbers(f"{source}: {name}.second", both["second"], second),
            )
        return cls(note, accept, Segmentation(**segmentation), sets["with_word_pairs"], sets["without_word_pairs"])

    @classmethod
    def from_json(cls, text: str, source: str = "weights") -> Model:
        """The model in the text of a weights file."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise WeightsError(f"{source} is not JSON ({err})") from None
        return cls.from_dict(data, source)

    @classmethod
    def load(cls, path: str | Path) -> Model:
        """The model in a weights file (as ``save`` writes it)."""
        return cls.from_json(Path(path).read_text(encoding="utf-8"), str(path))


def _check_names(where: str, got: Mapping[str, object], expected: frozenset[str]) -> None:
    missing, unknown = sorted(expected - got.keys()), sorted(got.keys() - expected)
    problems = []
    if missing:
        problems.append("lacks " + ", ".join(missing))
    if unknown:
        problems.append("has unknown " + ", ".join(unknown))
    if problems:
        raise WeightsError(f"{where} " + " and ".join(problems))


def _check_accept(where: str, accept: float) -> None:
    if not 0.0 < accept <= 1.0:
        raise WeightsError(f"{where}: accept is {accept}, not a probability above 0")


def _check_stages(where: str, name: str, stages: Stages) -> None:
    first, second = _STAGE_FEATURES[name]
    _check_names(f"{where}: {name}.first", stages.first, first)
    _check_names(f"{where}: {name}.second", stages.second, second)


def _fields(where: str, data: object, expected: frozenset[str]) -> dict[str, object]:
    if not isinstance(data, dict):
        raise WeightsError(f"{where} is not a table of fields")
    _check_names(where, data, expected)
    return data


def _number(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WeightsError(f"{where} is not a number: {value!r}")
    return float(value)


def _numbers(where: str, data: object, expected: frozenset[str]) -> dict[str, float]:
    return {name: _number(f"{where}.{name}", value) for name, value in _fields(where, data, expected).items()}


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The model in this package's ``weights.json``, read once per process."""
    text = files("claimmark.core.repair").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return Model.from_json(text, f"claimmark.core.repair/{WEIGHTS_FILE}")
