"""How much trainees agree with one another (inter-coder reliability), in pure Python.

Two coefficients:

* :func:`krippendorff_alpha_nominal`: Krippendorff's alpha for nominal values, on a reliability
  matrix (coders x units, ``None`` where a coder gave no value).  Follows K. Krippendorff,
  "Computing Krippendorff's Alpha-Reliability" (2011): values are paired within each unit, and
  units with fewer than two values are left out.
* :func:`fleiss_kappa`: Fleiss' kappa on a units x categories table of counts, every unit rated
  by the same number of raters (J. L. Fleiss, "Measuring nominal scale agreement among many
  raters", Psychological Bulletin 76(5), 1971).

Neither raises ZeroDivisionError: where a coefficient is undefined (one coder, no units, every
value the same) the result's ``value`` is ``None`` and its ``reason`` says why.

:func:`class_agreement` turns an article and many trainees' claims into units
(:data:`UNIT_OF_ANALYSIS` says what a unit is, for the interface to show) and computes both.
:func:`key_claim_answers` tells, for each key claim, how the class answered it.
:func:`class_figures` adds up a class's scored submissions: agreement, tags and answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.scoring import (
    MATCH_THRESHOLD,
    Confusion,
    Matching,
    ScoredSubmission,
    confusion,
    in_class_figures,
    match_claims,
)
from claimmark.core.tokens import TokenIndex

NO_CLAIM = "none"
"""The value of a token that none of a trainee's claims covers."""

CATEGORIES: tuple[str, ...] = (NO_CLAIM, *(t.value for t in Tag))
"""Every value a token unit can take: ``none`` and the three tags."""

UNIT_OF_ANALYSIS = (
    "Unit of analysis: each word of the article (punctuation is not counted). "
    "A trainee's answer for a word is the tag of their claim that covers it, or 'none' when no "
    "claim of theirs covers it; where a trainee's claims overlap with different tags, the "
    "shortest of those claims decides (between equally long claims, the one listed first). "
    "Words no one tagged count as agreement on 'none', so an article with few claims can show "
    "high agreement."
)
"""What :func:`class_agreement` treats as one unit, in full (the printed debrief and ``claimmark score``)."""

UNIT_IN_ONE_LINE = (
    "Unit: each word of the article; two trainees agree on a word when they gave it the same tag, "
    "or when neither tagged it."
)
"""The unit of analysis in one line, for the window (the full rule is :data:`UNIT_OF_ANALYSIS`)."""


# --- what a coefficient means, in words -----------------------------------------------------

KAPPA_SOURCE = "Landis & Koch, 1977"
"""J. R. Landis and G. G. Koch, "The measurement of observer agreement for categorical data",
Biometrics 33(1), 1977, p. 165: their benchmarks for kappa."""

KAPPA_SCALE: tuple[tuple[float, str], ...] = (
    (0.0, "poor agreement"),
    (0.20, "slight agreement"),
    (0.40, "fair agreement"),
    (0.60, "moderate agreement"),
    (0.80, "substantial agreement"),
    (1.0, "almost perfect agreement"),
)
"""Landis & Koch's benchmarks: below 0 poor, 0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate,
0.61-0.80 substantial, 0.81-1.00 almost perfect.  Each entry is the highest value of its band;
a value between two (0.205) belongs to the higher band."""

ALPHA_SOURCE = "Krippendorff, 2004"
"""K. Krippendorff, "Content Analysis: An Introduction to Its Methodology", 2nd ed., 2004,
p. 241: rely on variables with alpha >= .800; draw tentative conclusions only from
.667 <= alpha < .800; below that, do not rely on the data."""

ALPHA_SCALE: tuple[tuple[float, str], ...] = (
    (0.667, "too low to rely on"),
    (0.800, "enough only for tentative conclusions"),
    (1.0, "reliable"),
)
"""Krippendorff's thresholds (each entry: where its band ends, exclusive but for the last)."""


def kappa_reading(kappa: Agreement) -> str:
    """Fleiss' kappa in words on Landis & Koch's scale ('moderate agreement'); '' when undefined."""
    if kappa.value is None:
        return ""
    if kappa.value < 0:
        return KAPPA_SCALE[0][1]
    return next((words for top, words in KAPPA_SCALE[1:] if kappa.value <= top), KAPPA_SCALE[-1][1])


def alpha_reading(alpha: Agreement) -> str:
    """Krippendorff's alpha in words on his thresholds ('reliable'); '' when undefined."""
    if alpha.value is None:
        return ""
    return next((words for below, words in ALPHA_SCALE[:-1] if alpha.value < below), ALPHA_SCALE[-1][1])


def reading_line(coefficient: str, agreement: Agreement, reading: str, source: str) -> str:
    """ "Fleiss' kappa: 0.512, moderate agreement (Landis & Koch, 1977)" in English (the command line)."""
    if not reading:
        return f"{coefficient}: {agreement.text}"
    return f"{coefficient}: {agreement.text}, {reading} ({source})"


@dataclass(frozen=True, slots=True)
class Agreement:
    """An agreement coefficient, or why there is none."""

    value: float | None
    reason: str = ""
    """Empty when ``value`` is defined; otherwise a sentence saying why it is not."""
    units: int = 0
    """Units that entered the computation (for alpha: units with two or more values)."""
    coders: int = 0

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def text(self) -> str:
        """The value to three decimals, or 'not defined: <reason>'."""
        return f"{self.value:.3f}" if self.value is not None else f"not defined: {self.reason}"


def _undefined(reason: str, *, units: int = 0, coders: int = 0) -> Agreement:
    return Agreement(value=None, reason=reason, units=units, coders=coders)


def krippendorff_alpha_nominal(data: Sequence[Sequence[Hashable | None]]) -> Agreement:
    """Krippendorff's alpha for nominal data.

    ``data`` is a reliability matrix: one row per coder, one column per unit, ``None`` where
    the coder gave no value.  Values are compared for equality only.  Units with fewer than two
    values cannot be paired and are left out, as Krippendorff prescribes.

    alpha = 1 - D_o / D_e, which for nominal data is
    1 - (n - 1) * (n - sum_c o_cc) / (n^2 - sum_c n_c^2), with o the coincidence matrix,
    n_c its marginals and n the number of pairable values.
    """
    coders = len(data)
    if coders == 0:
        return _undefined("there are no coders")
    width = len(data[0])
    if any(len(row) != width for row in data):
        raise ValueError("every coder's row must have one entry per unit")
    if coders < 2:
        return _undefined("agreement needs at least two coders", coders=coders)
    if width == 0:
        return _undefined("there are no units to compare", coders=coders)

    n_c: Counter[Hashable] = Counter()  # pairable values of each category
    o_diagonal = 0.0  # sum_c o_cc: coincidences of equal values
    units = 0
    for column in zip(*data, strict=True):
        values = Counter(v for v in column if v is not None)
        m = sum(values.values())
        if m < 2:
            continue
        units += 1
        n_c.update(values)
        o_diagonal += sum(k * (k - 1) for k in values.values()) / (m - 1)

    n = sum(n_c.values())
    if n == 0:
        return _undefined("no unit has values from two or more coders", coders=coders)
    expected = n * n - sum(k * k for k in n_c.values())
    if expected == 0:
        (only,) = n_c
        return _undefined(
            f"every value is the same ({only!r}); with no variation alpha is 0/0",
            units=units,
            coders=coders,
        )
    alpha = 1.0 - (n - 1) * (n - o_diagonal) / expected
    return Agreement(value=alpha, units=units, coders=coders)


def fleiss_kappa(counts: Sequence[Sequence[int]]) -> Agreement:
    """Fleiss' kappa from a units x categories table of counts.

    ``counts[i][j]`` is how many raters put unit ``i`` in category ``j``; every unit must have
    the same number of raters (a ValueError otherwise, as it is then not Fleiss' kappa).
    """
    subjects = len(counts)
    if subjects == 0:
        return _undefined("there are no units to compare")
    categories = len(counts[0])
    if any(len(row) != categories for row in counts):
        raise ValueError("every unit's row must have one count per category")
    if any(c < 0 for row in counts for c in row):
        raise ValueError("counts cannot be negative")
    raters = sum(counts[0])
    if any(sum(row) != raters for row in counts):
        raise ValueError("Fleiss' kappa needs the same number of raters for every unit")
    if raters < 2:
        return _undefined("agreement needs at least two raters per unit", units=subjects, coders=raters)

    totals = [sum(row[j] for row in counts) for j in range(categories)]
    if sum(1 for t in totals if t) <= 1:
        return _undefined(
            "every rating is in the same category; with no variation kappa is 0/0",
            units=subjects,
            coders=raters,
        )
    all_ratings = subjects * raters
    p_e = sum((t / all_ratings) ** 2 for t in totals)
    p_bar = sum(sum(c * (c - 1) for c in row) for row in counts) / (subjects * raters * (raters - 1))
    kappa = (p_bar - p_e) / (1.0 - p_e)
    return Agreement(value=kappa, units=subjects, coders=raters)


def category_counts(data: Sequence[Sequence[Hashable | None]], categories: Sequence[Hashable]) -> list[list[int]]:
    """Turn a reliability matrix (coders x units) into the units x categories counts Fleiss uses.

    Missing values (``None``) are not counted; a value outside ``categories`` is a ValueError.
    """
    position = {c: j for j, c in enumerate(categories)}
    width = len(data[0]) if data else 0
    table = [[0] * len(categories) for _ in range(width)]
    for row in data:
        if len(row) != width:
            raise ValueError("every coder's row must have one entry per unit")
        for unit, value in enumerate(row):
            if value is None:
                continue
            try:
                table[unit][position[value]] += 1
            except KeyError:
                raise ValueError(f"value {value!r} is not one of the categories {list(categories)}") from None
    return table


# --- units from an article and a class's claims ---------------------------------------------


@dataclass(frozen=True)
class TokenUnits:
    """The reliability matrix of a class on one article: trainees x word tokens."""

    spans: tuple[tuple[int, int], ...]
    """(start, end) code-point offsets of each word token, in text order: the units."""
    values: tuple[tuple[str, ...], ...]
    """One row per trainee, one value per unit: a tag value or :data:`NO_CLAIM`."""


def trainee_token_values(index: TokenIndex, claims: Sequence[ClaimSpan], words: Sequence[int]) -> list[str]:
    """One trainee's value for each word token in ``words`` (token indices into ``index``).

    The rule of :data:`UNIT_OF_ANALYSIS`: a covered token takes the tag of the shortest claim
    covering it (between equally long claims, the one listed first); others are :data:`NO_CLAIM`.
    """
    tag_of: dict[int, str] = {}
    # paint the longest claims first so shorter ones overwrite them; among equal lengths paint
    # later-listed claims first so the first-listed one wins
    order = sorted(range(len(claims)), key=lambda i: (-(claims[i].end - claims[i].start), -i))
    for i in order:
        claim = claims[i]
        for tok in index.word_tokens(claim.start, claim.end):
            tag_of[tok] = claim.tag.value
    return [tag_of.get(tok, NO_CLAIM) for tok in words]


def token_units(text: str | TokenIndex, submissions: Sequence[Sequence[ClaimSpan]]) -> TokenUnits:
    """Build the units of :data:`UNIT_OF_ANALYSIS` from the article and each trainee's claims."""
    index = text if isinstance(text, TokenIndex) else TokenIndex(text)
    words = [i for i in range(len(index)) if index.text[index.starts[i]].isalnum()]
    spans = tuple((index.starts[i], index.ends[i]) for i in words)
    values = tuple(tuple(trainee_token_values(index, claims, words)) for claims in submissions)
    return TokenUnits(spans=spans, values=values)


@dataclass(frozen=True)
class ClassAgreement:
    """Agreement among a class's trainees on one article, with the unit it was measured on."""

    alpha: Agreement
    kappa: Agreement
    trainees: int
    units: int
    unit_of_analysis: str = UNIT_OF_ANALYSIS

    def lines(self) -> list[str]:
        """Plain-text lines for a report or a tooltip."""
        return [
            f"Trainees compared: {self.trainees}; words (units): {self.units}",
            reading_line("Krippendorff's alpha (nominal)", self.alpha, alpha_reading(self.alpha), ALPHA_SOURCE),
            reading_line("Fleiss' kappa", self.kappa, kappa_reading(self.kappa), KAPPA_SOURCE),
            self.unit_of_analysis,
        ]


def class_agreement(text: str | TokenIndex, submissions: Sequence[Sequence[ClaimSpan]]) -> ClassAgreement:
    """Krippendorff's alpha and Fleiss' kappa among trainees, over the units of :func:`token_units`."""
    units = token_units(text, submissions)
    values: Sequence[Sequence[Hashable | None]] = units.values
    alpha = krippendorff_alpha_nominal(values)
    if len(values) < 2:
        kappa = _undefined("agreement needs at least two raters per unit", units=len(units.spans))
    else:
        kappa = fleiss_kappa(category_counts(values, CATEGORIES))
    return ClassAgreement(alpha=alpha, kappa=kappa, trainees=len(values), units=len(units.spans))


# --- how the class answered each key claim --------------------------------------------------


@dataclass(frozen=True)
class KeyClaimAnswers:
    """For one key claim: how many trainees found it with each tag, and how many missed it."""

    key_index: int
    key: ClaimSpan
    tags: Mapping[Tag, int] = field(default_factory=dict)
    missed: int = 0

    @property
    def found(self) -> int:
        return sum(self.tags.values())

    @property
    def right(self) -> int:
        """Trainees who found it and chose the key's tag."""
        return self.tags.get(self.key.tag, 0)

    @property
    def trainees(self) -> int:
        return self.found + self.missed


def answers_from_matchings(key: Sequence[ClaimSpan], matchings: Sequence[Matching]) -> list[KeyClaimAnswers]:
    """Per key claim distribution of answers, from each trainee's matching against ``key``."""
    tags: list[Counter[Tag]] = [Counter() for _ in key]
    missed = [0] * len(key)
    for matching in matchings:
        if len(matching.key_matches) != len(key):
            raise ValueError("every matching must be against the same key")
        for m in matching.key_matches:
            if m.trainee is None:
                missed[m.key_index] += 1
            else:
                tags[m.key_index][m.trainee.tag] += 1
    return [
        KeyClaimAnswers(key_index=i, key=claim, tags={t: tags[i][t] for t in Tag if tags[i][t]}, missed=missed[i])
        for i, claim in enumerate(key)
    ]


def key_claim_answers(
    text: str | TokenIndex,
    key: Sequence[ClaimSpan],
    submissions: Sequence[Sequence[ClaimSpan]],
    *,
    threshold: float = MATCH_THRESHOLD,
) -> list[KeyClaimAnswers]:
    """For each key claim: trainees who matched it with each tag, and trainees who missed it."""
    index = text if isinstance(text, TokenIndex) else TokenIndex(text)
    matchings = [match_claims(index, key, claims, threshold=threshold) for claims in submissions]
    return answers_from_matchings(key, matchings)


# --- a class's figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassFigures:
    """What a class's counted submissions add up to."""

    agreement: ClassAgreement
    confusion: Confusion
    answers: tuple[KeyClaimAnswers, ...]


def class_figures(
    text: str | TokenIndex, key: Sequence[ClaimSpan], submissions: Iterable[ScoredSubmission]
) -> ClassFigures:
    """Agreement among trainees, the tag confusion table and how the class answered each key claim.

    Only the submissions that count in the class figures (``core.scoring.count_latest``) are
    added up, so the debrief and ``claimmark score`` give the same numbers.
    """
    matchings = [s.matching for s in in_class_figures(submissions)]
    return ClassFigures(
        agreement=class_agreement(text, [m.trainee for m in matchings]),
        confusion=confusion(matchings),
        answers=tuple(answers_from_matchings(key, matchings)),
    )
