"""Agreement in words: Fleiss' kappa on Landis & Koch's benchmarks, Krippendorff's alpha on his
own thresholds, each with its source; and the unit of analysis in one line."""

from __future__ import annotations

import pytest

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import (
    UNIT_IN_ONE_LINE,
    Agreement,
    alpha_reading,
    class_agreement,
    kappa_reading,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [(-0.3, "poor agreement"), (0.0, "slight agreement"), (0.2, "slight agreement"), (0.201, "fair agreement"),
     (0.205, "fair agreement"), (0.4, "fair agreement"), (0.41, "moderate agreement"), (0.6, "moderate agreement"),
     (0.61, "substantial agreement"), (0.8, "substantial agreement"), (0.81, "almost perfect agreement"),
     (1.0, "almost perfect agreement")],
)  # fmt: skip
def test_kappa_reads_on_landis_and_koch(value: float, words: str) -> None:
    assert kappa_reading(Agreement(value)) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [(-0.1, "too low to rely on"), (0.666, "too low to rely on"), (0.667, "enough only for tentative conclusions"),
     (0.799, "enough only for tentative conclusions"), (0.8, "reliable"), (1.0, "reliable")],
)  # fmt: skip
def test_alpha_reads_on_krippendorffs_thresholds(value: float, words: str) -> None:
    assert alpha_reading(Agreement(value)) == words


def test_an_undefined_coefficient_has_no_reading_and_the_report_names_the_sources() -> None:
    assert kappa_reading(Agreement(None, "one coder")) == alpha_reading(Agreement(None, "one coder")) == ""
    text = "Police said 400 came. Organisers said 4,000."
    a = [ClaimSpan(0, 20, Tag.CONFIRMED)]
    b = [ClaimSpan(0, 20, Tag.CONFIRMED), ClaimSpan(22, 44, Tag.UNVERIFIED)]
    lines = class_agreement(text, [a, b]).lines()
    assert any(line.startswith("Fleiss' kappa: ") and "(Landis & Koch, 1977)" in line for line in lines)
    assert any(line.startswith("Krippendorff's alpha (nominal): ") and "(Krippendorff, 2004)" in line for line in lines)
    assert "\n" not in UNIT_IN_ONE_LINE and len(UNIT_IN_ONE_LINE) < 130
