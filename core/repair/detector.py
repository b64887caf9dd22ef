"""``find_joins``: the scored cuts the model accepts, then the rules' joins where no cut is."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from claimmark.core.repair.forms import form_joins
from claimmark.core.repair.joins import Join
from claimmark.core.repair.model import ACCEPT, SEGMENTATION, decide
from claimmark.core.repair.names import name_joins
from claimmark.core.repair.punctuation import punctuation_joins
from claimmark.core.repair.scoring import Article, Candidate
from claimmark.core.repair.text import not_english
from claimmark.core.repair.web import web_joins


def _reason(cand: Candidate) -> str:
    return f"'{cand.run}' = '{cand.left}' + '{cand.right}': " + "; ".join(cand.evidence)


def find_joins(text: str, *, known_names: Iterable[str] = ()) -> list[Join]:
    """Positions where a space was probably lost, sorted by position, without duplicates.

    ``known_names`` may list entity names the caller already knows (for instance from an
    earlier spaCy pass); the detector works without them.
    """
    if not_english(text):
        return []  # wordfreq's English list cannot judge it: degrade to doing nothing
    art = Article(text, known_names, SEGMENTATION)
    joins: dict[int, Join] = {}
    cands = list(art.candidates())
    for cand, p in zip(cands, decide(text, cands), strict=True):
        if p >= ACCEPT:
            joins[cand.position] = Join(cand.position, cand.left, cand.right, _reason(cand), round(p, 3))
    for join in name_joins(art):
        joins.setdefault(join.position, join)
    for join in punctuation_joins(text):
        joins.setdefault(join.position, join)
    for join in itertools.chain(web_joins(text), form_joins(text)):
        joins.setdefault(join.position, join)
    return [joins[p] for p in sorted(joins) if 0 < p < len(text)]
