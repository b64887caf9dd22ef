"""``find_joins``: the scored cuts the model accepts, then the rules' joins where no cut is."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from claimmark.core.repair.forms import form_joins
from claimmark.core.repair.joins import Join
from claimmark.core.repair.model import Model, default_model
from claimmark.core.repair.names import name_joins
from claimmark.core.repair.punctuation import punctuation_joins, separator_joins
from claimmark.core.repair.scoring import Article, Candidate
from claimmark.core.repair.text import not_english
from claimmark.core.repair.web import web_joins


def _reason(cand: Candidate) -> str:
    return f"'{cand.run}' = '{cand.left}' + '{cand.right}': " + "; ".join(cand.evidence)


def find_joins(text: str, *, known_names: Iterable[str] = (), model: Model | None = None) -> list[Join]:
    """Positions where a space was probably lost, sorted by position, without duplicates.

    ``known_names`` may list entity names the caller already knows (for instance from an
    earlier spaCy pass); the detector works without them.  ``model`` replaces the weights
    shipped in ``weights.json`` (see :meth:`Model.load`); the rule-based joins do not use it.
    """
    if not_english(text):
        return []  # wordfreq's English list cannot judge it: degrade to doing nothing
    model = model or default_model()
    art = Article(text, known_names, model.segmentation)
    joins: dict[int, Join] = {}
    cands = list(art.candidates())
    for cand, p in zip(cands, model.decide(text, cands), strict=True):
        if p >= model.accept:
            joins[cand.position] = Join(cand.position, cand.left, cand.right, _reason(cand), round(p, 3))
    for join in name_joins(art):
        joins.setdefault(join.position, join)
    for join in itertools.chain(punctuation_joins(text), separator_joins(text)):
        joins.setdefault(join.position, join)
    for join in itertools.chain(web_joins(text), form_joins(text)):
        joins.setdefault(join.position, join)
    return [joins[p] for p in sorted(joins) if 0 < p < len(text)]


def cut_candidates(
    text: str, *, known_names: Iterable[str] = (), model: Model | None = None, with_word_pairs: bool = True
) -> list[Candidate]:
    """Every cut the segmentation proposes in ``text``, in text order, before the model decides.

    What ``benchmarks/repair_eval.py --fit`` learns from: each candidate's ``features`` are
    what the first stage weighs; without ``with_word_pairs`` they are those of a machine without
    ``wordsegment``.  Unlike ``find_joins`` this does not skip a text that is not English.
    """
    art = Article(text, known_names, (model or default_model()).segmentation)
    return list(art.candidates(with_word_pairs))
