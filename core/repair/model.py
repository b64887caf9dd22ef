"""The model that decides which proposed cuts are joins: two logistic stages over the cut
features (the first weighs a cut's own features, the second adds how sure the first is about the
cuts a few words away), with the weights fitted by ``benchmarks/repair_eval.py --fit``."""

from __future__ import annotations

import math
from collections.abc import Mapping

from claimmark.core.repair.scoring import Candidate, Segmentation
from claimmark.core.repair.words import word_pairs

# Segmentation weights (log10 probability units).  They only propose cuts; the model below
# decides.
SEGMENTATION = Segmentation(
    split_penalty=1.2,
    bonus_lower_upper=1.5,
    bonus_caps_lower=0.8,
    bonus_digit=1.0,
    unknown_lower=-10.5,
    unknown_cap=-9.0,
    unknown_caps=-8.5,
    unknown_mixed=-9.5,
    unknown_per_char=0.3,
    unknown_piece_cap=-8.5,
    unknown_piece_per_char=0.8,
    number=-2.6,
    code=-7.0,
    doc_discount=0.5,
    min_piece=-7.5,
    min_short_piece=-6.0,
    cap_function_mid=1.5,
    repeated_whole=-6.5,
    propose=-6.0,
)

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
ACCEPT = 0.6  # probability needed to propose a join


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


def decide(text: str, cands: list[Candidate]) -> list[float]:
    """Probability that each proposed cut is a real join (two-stage model)."""
    if not cands:
        return []
    model, model2 = (_MODEL, _MODEL2) if word_pairs() is not None else (_MODEL_PLAIN, _MODEL2_PLAIN)
    first = [probability(model, c.features) for c in cands]
    return [probability(model2, f) for f in paired_features(text, cands, first)]
