"""Agreement among trainees: Krippendorff's alpha (nominal), Fleiss' kappa, and the units they use.

Reference values come from the published sources:

* Krippendorff's alpha: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability",
  University of Pennsylvania, 2011 (https://repository.upenn.edu/asc_papers/43), section C,
  "Nominal data, any number of observers, missing data": 4 observers x 12 units, alpha = 0.743.
  The same example is on https://en.wikipedia.org/wiki/Krippendorff%27s_alpha.
* Fleiss' kappa: the worked example on https://en.wikipedia.org/wiki/Fleiss%27_kappa
  (10 subjects, 14 raters, 5 categories; P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210), after
  J. L. Fleiss, "Measuring nominal scale agreement among many raters", Psychological Bulletin
  76(5):378-382, 1971.
* Random data is also checked against the ``krippendorff`` package (test-only dependency).
"""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import (
    CATEGORIES,
    NO_CLAIM,
    UNIT_OF_ANALYSIS,
    Agreement,
    answers_from_matchings,
    category_counts,
    class_agreement,
    fleiss_kappa,
    key_claim_answers,
    krippendorff_alpha_nominal,
    token_units,
)
from claimmark.core.classroom.scoring import match_claims

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
_ = None

# Krippendorff (2011), section C: observers A-D x units 1-12, "." = missing.
KRIPPENDORFF_2011_NOMINAL = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects x 5 categories, 14 raters each.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def package_alpha(data):
    """The krippendorff package's nominal alpha on our None-for-missing lists."""
    array = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    with np.errstate(invalid="ignore"):  # the package returns NaN (0/0) where alpha is undefined
        return krippendorff.alpha(reliability_data=array, level_of_measurement="nominal")


# --- Krippendorff's alpha -------------------------------------------------------------------


def test_alpha_reproduces_krippendorffs_published_nominal_example():
    result = krippendorff_alpha_nominal(KRIPPENDORFF_2011_NOMINAL)
    assert round(result.value, 3) == 0.743
    assert result.units == 11  # unit 12 has one value only and cannot be paired
    assert result.coders == 4
    assert result.text == "0.743"
    assert result.value == pytest.approx(package_alpha(KRIPPENDORFF_2011_NOMINAL))


def test_alpha_takes_any_hashable_values():
    as_words = [[None if v is None else f"v{v}" for v in row] for row in KRIPPENDORFF_2011_NOMINAL]
    assert krippendorff_alpha_nominal(as_words).value == pytest.approx(0.743421052631579)


reliability_data = st.integers(2, 6).flatmap(
    lambda coders: st.integers(1, 15).flatmap(
        lambda units: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=units, max_size=units),
            min_size=coders,
            max_size=coders,
        )
    )
)


@given(reliability_data)
@settings(max_examples=300, deadline=None)
def test_alpha_agrees_with_the_krippendorff_package_on_random_data(data):
    ours = krippendorff_alpha_nominal(data)
    if ours.value is None:
        # undefined for us: the package gives NaN or refuses (one value in the whole domain)
        assert ours.reason
        try:
            theirs = package_alpha(data)
        except ValueError:
            return
        assert math.isnan(theirs)
    else:
        assert ours.value == pytest.approx(package_alpha(data), abs=1e-9)


def test_alpha_agrees_with_the_package_on_a_larger_seeded_sample():
    rng = np.random.default_rng(20240531)
    for _round in range(20):
        coders, units = rng.integers(2, 30), rng.integers(5, 400)
        values = rng.integers(0, 4, size=(coders, units)).astype(float)
        values[rng.random((coders, units)) < 0.2] = np.nan
        data = [[None if np.isnan(v) else int(v) for v in row] for row in values]
        assert krippendorff_alpha_nominal(data).value == pytest.approx(
            krippendorff.alpha(reliability_data=values, level_of_measurement="nominal"), abs=1e-9
        )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "no coders"),
        ([[1, 2, 3]], "at least two coders"),
        ([[], []], "no units"),
        ([[1, _, 2], [_, 3, _]], "no unit has values from two or more coders"),
        ([["none"] * 5, ["none"] * 5], "every value is the same ('none')"),
        ([[1, 1, 2], [1, 1, _]], "every value is the same (1)"),
    ],
)
def test_alpha_is_none_with_a_reason_when_undefined(data, reason):
    result = krippendorff_alpha_nominal(data)
    assert result.value is None and not result.defined
    assert reason in result.reason
    assert result.text.startswith("not defined: ")


def test_alpha_rejects_ragged_rows():
    with pytest.raises(ValueError, match="one entry per unit"):
        krippendorff_alpha_nominal([[1, 2], [1]])


def test_perfect_agreement_and_systematic_disagreement():
    assert krippendorff_alpha_nominal([[1, 2, 3], [1, 2, 3]]).value == 1.0
    assert krippendorff_alpha_nominal([[1, 2], [2, 1]]).value < 0


# --- Fleiss' kappa --------------------------------------------------------------------------


def test_kappa_reproduces_the_wikipedia_worked_example():
    result = fleiss_kappa(WIKIPEDIA_FLEISS)
    assert round(result.value, 3) == 0.210
    assert (result.units, result.coders) == (10, 14)


@given(reliability_data)
@settings(max_examples=200, deadline=None)
def test_kappa_and_alpha_agree_on_complete_data(data):
    # With every coder rating every unit, 1 - alpha = (1 - 1/(N r)) (1 - kappa)
    # (Krippendorff's small-sample correction): an independent check of both formulas.
    data = [[0 if v is None else v for v in row] for row in data]
    alpha = krippendorff_alpha_nominal(data)
    kappa = fleiss_kappa(category_counts(data, [0, 1, 2, 3]))
    assert alpha.defined == kappa.defined
    assume(alpha.value is not None and kappa.value is not None)
    n = len(data) * len(data[0])
    assert 1 - alpha.value == pytest.approx((1 - 1 / n) * (1 - kappa.value), abs=1e-9)


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        ([], "no units"),
        ([[1, 0], [0, 1]], "at least two raters"),
        ([[3, 0], [3, 0]], "same category"),
    ],
)
def test_kappa_is_none_with_a_reason_when_undefined(counts, reason):
    result = fleiss_kappa(counts)
    assert result.value is None
    assert reason in result.reason


def test_kappa_rejects_tables_that_are_not_fleiss_tables():
    with pytest.raises(ValueError, match="same number of raters"):
        fleiss_kappa([[2, 1], [1, 1]])
    with pytest.raises(ValueError, match="one count per category"):
        fleiss_kappa([[2, 1], [3]])
    with pytest.raises(ValueError, match="negative"):
        fleiss_kappa([[4, -1], [2, 1]])


def test_category_counts():
    assert category_counts([["a", "b", _], ["a", "a", "b"]], ["a", "b"]) == [[2, 0], [1, 1], [0, 1]]
    with pytest.raises(ValueError, match="not one of the categories"):
        category_counts([["c"]], ["a", "b"])


# --- units from an article ------------------------------------------------------------------

TEXT = "Officials said 40,000 people attended, the largest crowd since 1999."


def span(phrase: str, tag: Tag) -> ClaimSpan:
    start = TEXT.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag)


def test_unit_of_analysis_is_stated_for_the_interface():
    assert "each word of the article" in UNIT_OF_ANALYSIS
    assert "'none'" in UNIT_OF_ANALYSIS
    assert "shortest" in UNIT_OF_ANALYSIS
    assert NO_CLAIM in CATEGORIES and all(t.value in CATEGORIES for t in Tag)


def test_units_are_word_tokens_valued_by_the_covering_claim():
    units = token_units(TEXT, [[span("40,000 people attended", E)], []])
    words = [TEXT[s:e] for s, e in units.spans]
    assert words == ["Officials", "said", "40,000", "people", "attended", "the", "largest", "crowd",
                     "since", "1999"]  # fmt: skip
    assert units.values[0] == ("none", "none", "estimated", "estimated", "estimated") + ("none",) * 5
    assert units.values[1] == ("none",) * 10


def test_overlapping_claims_the_shortest_decides_then_the_first_listed():
    long_claim = span("40,000 people attended, the largest crowd", C)
    short_claim = span("the largest crowd", U)
    for claims in ([long_claim, short_claim], [short_claim, long_claim]):
        (values,) = token_units(TEXT, [claims]).values
        assert values[2:5] == ("confirmed",) * 3
        assert values[5:8] == ("unverified",) * 3
    same_a, same_b = span("since 1999", E), span("since 1999", U)
    assert token_units(TEXT, [[same_a, same_b]]).values[0][-2:] == ("estimated", "estimated")
    assert token_units(TEXT, [[same_b, same_a]]).values[0][-2:] == ("unverified", "unverified")


def test_class_agreement_on_an_article():
    ana = [span("40,000 people attended", E), span("the largest crowd since 1999", U)]
    ben = [span("40,000 people attended", E), span("the largest crowd since 1999", U)]
    result = class_agreement(TEXT, [ana, ben])
    assert result.alpha.value == 1.0 and result.kappa.value == 1.0
    assert (result.trainees, result.units) == (2, 10)
    assert result.unit_of_analysis == UNIT_OF_ANALYSIS
    assert UNIT_OF_ANALYSIS in result.lines()

    cleo = [span("40,000 people attended", C)]
    mixed = class_agreement(TEXT, [ana, ben, cleo])
    assert mixed.alpha.value < 1.0 and mixed.kappa.value < 1.0


def test_class_agreement_degenerate_classes_say_why():
    nobody = class_agreement(TEXT, [])
    assert nobody.alpha.value is None and nobody.kappa.value is None
    alone = class_agreement(TEXT, [[span("40,000", C)]])
    assert "two coders" in alone.alpha.reason and "two raters" in alone.kappa.reason
    untagged = class_agreement(TEXT, [[], []])
    assert "every value is the same ('none')" in untagged.alpha.reason
    assert "same category" in untagged.kappa.reason
    empty_article = class_agreement("", [[], []])
    assert empty_article.alpha.value is None and empty_article.kappa.value is None


# --- per key claim answers ------------------------------------------------------------------


def test_key_claim_answers_count_tags_and_misses():
    key = [span("40,000 people attended", E), span("the largest crowd since 1999", U)]
    submissions = [
        [span("40,000 people attended", E), span("largest crowd since 1999", C)],
        [span("40,000 people", E)],
        [span("Officials said", C)],
    ]
    first, second = key_claim_answers(TEXT, key, submissions)
    assert first.tags == {E: 2} and first.missed == 1
    assert (first.found, first.right, first.trainees) == (2, 2, 3)
    assert second.tags == {C: 1} and second.missed == 2 and second.right == 0
    assert key_claim_answers(TEXT, key, []) == answers_from_matchings(key, [])
    assert key_claim_answers(TEXT, [], submissions) == []


def test_answers_from_matchings_refuses_a_matching_against_another_key():
    key = [span("40,000 people attended", E)]
    other = match_claims(TEXT, [], [])
    with pytest.raises(ValueError, match="same key"):
        answers_from_matchings(key, [other])


def test_agreement_defaults():
    assert Agreement(value=0.5).text == "0.500"
