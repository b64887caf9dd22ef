"""Score a trainee's claims against the teacher's answer key.

Matching rule
-------------
A trainee claim *matches* a key claim when the two cover mostly the same words: the
intersection over union of the word tokens they cover (``core.tokens.token_iou``; punctuation is
ignored) is at least :data:`MATCH_THRESHOLD`.  Each key claim matches at most one trainee claim
and each trainee claim at most one key claim; among all such one-to-one matchings we take the
one with the largest total overlap (an exact maximum-weight bipartite assignment, solved with the
Hungarian algorithm on each group of claims that overlap one another).

What a trainee scores
---------------------
* **key claims found**: how many key claims some trainee claim matches, and that share of the key;
* **tag accuracy**: of the key claims found, the share where the trainee chose the key's tag;
* **extra claims**: trainee claims that match no key claim.  These are counted, not penalised:
  a key need not list every claim an article makes.

A ratio with nothing to divide by (a key without claims, no key claim found) is ``None``, never
0 and never a ZeroDivisionError; the ``*_text`` properties of :class:`Score` say why in words.

Who counts in the class figures
-------------------------------
A class's scored submissions are :class:`ScoredSubmission` rows.  The same person (the same id,
or for files without ids, names compared by :func:`same_person`) handing in several times is
listed once per submission, but only the latest counts in the class figures
(:func:`count_latest`), so that no trainee weighs twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.identity import name_key
from claimmark.core.tokens import TokenIndex

MATCH_THRESHOLD = 0.5
"""Smallest word-token intersection over union for a trainee claim to match a key claim."""


@dataclass(frozen=True, slots=True)
class KeyMatch:
    """What became of one key claim."""

    key_index: int
    key: ClaimSpan
    trainee_index: int | None
    """Index of the matched claim in the trainee's sequence, or ``None`` when the key claim was missed."""
    trainee: ClaimSpan | None
    iou: float
    """Word-token overlap with the matched trainee claim (0.0 when missed)."""

    @property
    def found(self) -> bool:
        return self.trainee is not None

    @property
    def tag_right(self) -> bool | None:
        """Whether the trainee chose the key's tag; ``None`` when the key claim was missed."""
        return None if self.trainee is None else self.trainee.tag == self.key.tag


@dataclass(frozen=True, slots=True)
class Matching:
    """The one-to-one matching of a trainee's claims to the key claims."""

    key: tuple[ClaimSpan, ...]
    trainee: tuple[ClaimSpan, ...]
    key_matches: tuple[KeyMatch, ...]
    """One entry per key claim, in key order."""
    extra: tuple[int, ...]
    """Indices (into ``trainee``) of the trainee claims that match no key claim, ascending."""

    @property
    def extra_claims(self) -> list[ClaimSpan]:
        return [self.trainee[i] for i in self.extra]

    @property
    def total_iou(self) -> float:
        return sum(m.iou for m in self.key_matches)


def _percent(share: float) -> str:
    return f"{share:.0%}"


@dataclass(frozen=True, slots=True)
class Score:
    """A trainee's result on one exercise."""

    key_claims: int
    found: int
    tags_right: int
    extra: int

    @property
    def found_share(self) -> float | None:
        """Share of the key claims found; ``None`` when the key has no claims."""
        return self.found / self.key_claims if self.key_claims else None

    @property
    def tag_accuracy(self) -> float | None:
        """Share of the found key claims tagged as the key tags them; ``None`` when none was found."""
        return self.tags_right / self.found if self.found else None

    @property
    def found_text(self) -> str:
        if self.found_share is None:
            return "no key claims to find (the key has no claims)"
        return f"{self.found} of {self.key_claims} key claims found ({_percent(self.found_share)})"

    @property
    def accuracy_text(self) -> str:
        if self.tag_accuracy is None:
            if not self.key_claims:
                return "no tag accuracy: the key has no claims"
            return "no tag accuracy: no key claim was found"
        return f"{self.tags_right} of {self.found} tags right ({_percent(self.tag_accuracy)})"

    @property
    def extra_text(self) -> str:
        if not self.extra:
            return "no claims outside the key"
        return f"{self.extra} claim{'s' if self.extra != 1 else ''} not in the key"

    def summary(self) -> str:
        """One line for people: found, accuracy, extra."""
        return f"{self.found_text}; {self.accuracy_text}; {self.extra_text}"

    @classmethod
    def from_matching(cls, matching: Matching) -> Score:
        found = [m for m in matching.key_matches if m.found]
        return cls(
            key_claims=len(matching.key_matches),
            found=len(found),
            tags_right=sum(1 for m in found if m.tag_right),
            extra=len(matching.extra),
        )


def _index(text: str | TokenIndex) -> TokenIndex:
    return text if isinstance(text, TokenIndex) else TokenIndex(text)


def match_claims(
    text: str | TokenIndex,
    key: Sequence[ClaimSpan],
    trainee: Sequence[ClaimSpan],
    *,
    threshold: float = MATCH_THRESHOLD,
) -> Matching:
    """Match a trainee's claims to the key claims on the article ``text``.

    ``text`` may be a ready :class:`TokenIndex`, to tokenize once when scoring a whole class.
    Pairs overlapping less than ``threshold`` (word-token IoU) never match; of the rest, the
    one-to-one matching with the largest total overlap is chosen.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    index = _index(text)
    key, trainee = tuple(key), tuple(trainee)
    key_tokens = [index.word_tokens(c.start, c.end) for c in key]
    trainee_tokens = [index.word_tokens(c.start, c.end) for c in trainee]

    # Candidate pairs: only claims that share a word token can overlap at all.
    by_token: dict[int, list[int]] = {}
    for t, tokens in enumerate(trainee_tokens):
        for tok in tokens:
            by_token.setdefault(tok, []).append(t)
    edges: dict[tuple[int, int], float] = {}
    for k, tokens in enumerate(key_tokens):
        candidates = {t for tok in tokens for t in by_token.get(tok, ())}
        for t in candidates:
            inter = len(tokens & trainee_tokens[t])
            union = len(tokens) + len(trainee_tokens[t]) - inter
            iou = inter / union
            if iou >= threshold:
                edges[(k, t)] = iou

    assignment = _max_weight_matching(edges)
    trainee_of = dict(assignment)
    matched_trainees = set(trainee_of.values())
    key_matches = []
    for k, claim in enumerate(key):
        match = trainee_of.get(k)
        key_matches.append(
            KeyMatch(
                key_index=k,
                key=claim,
                trainee_index=match,
                trainee=None if match is None else trainee[match],
                iou=0.0 if match is None else edges[(k, match)],
            )
        )
    extra = tuple(t for t in range(len(trainee)) if t not in matched_trainees)
    return Matching(key=key, trainee=trainee, key_matches=tuple(key_matches), extra=extra)


def score(
    text: str | TokenIndex,
    key: Sequence[ClaimSpan],
    trainee: Sequence[ClaimSpan],
    *,
    threshold: float = MATCH_THRESHOLD,
) -> Score:
    """Match (see :func:`match_claims`) and count: key claims found, tags right, extra claims."""
    return Score.from_matching(match_claims(text, key, trainee, threshold=threshold))


@dataclass(frozen=True)
class Confusion:
    """Key tag x trainee tag counts over matched pairs, summed over any number of trainees."""

    counts: Mapping[tuple[Tag, Tag], int] = field(default_factory=dict)
    """(key tag, trainee tag) -> how many matched pairs."""
    missed: Mapping[Tag, int] = field(default_factory=dict)
    """key tag -> how many times a key claim with that tag was not found."""
    extra: Mapping[Tag, int] = field(default_factory=dict)
    """trainee tag -> how many trainee claims with that tag matched no key claim."""

    def count(self, key_tag: Tag, trainee_tag: Tag) -> int:
        return self.counts.get((key_tag, trainee_tag), 0)

    @property
    def matched(self) -> int:
        return sum(self.counts.values())

    @property
    def agreeing(self) -> int:
        """Matched pairs where the trainee chose the key's tag (the diagonal)."""
        return sum(n for (k, t), n in self.counts.items() if k == t)


def confusion(matchings: Iterable[Matching]) -> Confusion:
    """Add up key tag x trainee tag over the matched pairs of many trainees' matchings."""
    counts: Counter[tuple[Tag, Tag]] = Counter()
    missed: Counter[Tag] = Counter()
    extra: Counter[Tag] = Counter()
    for matching in matchings:
        for m in matching.key_matches:
            if m.trainee is None:
                missed[m.key.tag] += 1
            else:
                counts[(m.key.tag, m.trainee.tag)] += 1
        for t in matching.extra:
            extra[matching.trainee[t].tag] += 1
    return Confusion(counts=dict(counts), missed=dict(missed), extra=dict(extra))


# --- a class's submissions ---------------------------------------------------------------------


def same_person(name: str) -> str:
    """Names that read the same: case and spacing ignored (``core.identity.name_key``)."""
    return name_key(name)


@dataclass(frozen=True)
class ScoredSubmission:
    """One trainee's submission, scored against the key."""

    trainee: str
    submitted_at: datetime
    score: Score
    matching: Matching
    counted_in_class: bool = True
    """False for an earlier submission of a person who handed in again (see :func:`count_latest`)."""
    note: str = ""
    person: str = ""
    """Who handed it in: the trainee's id; '' to go by the name (:func:`same_person`)."""

    @property
    def person_key(self) -> str:
        return self.person or same_person(self.trainee)


SubmissionT = TypeVar("SubmissionT", bound=ScoredSubmission)


def count_latest(
    submissions: Iterable[SubmissionT], *, several: str = "submissions", handed_in: Sequence[int] | None = None
) -> list[SubmissionT]:
    """Mark which submissions count in the class figures: only each person's latest.

    Of one person's submissions (by id, else by name: :attr:`ScoredSubmission.person_key`), the
    one with the latest ``submitted_at``
    counts; on equal times the one handed in last, by ``handed_in`` (one number per submission)
    or else by the order of ``submissions``.  When a person has several, each gets a note (after
    any note it has) saying whether it counts; ``several`` names them in it ("latest of 2
    {several} by this trainee").  Returns the submissions sorted by person then time, equal ones
    in the order of ``submissions``.
    """
    rows = list(submissions)
    order = range(len(rows)) if handed_in is None else handed_in
    by_person: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_person.setdefault(row.person_key, []).append(i)
    marked = []
    for i, row in enumerate(rows):
        mine = by_person[row.person_key]
        counted = i == max(mine, key=lambda j: (rows[j].submitted_at, order[j]))
        note = row.note
        if len(mine) > 1:
            extra_note = (
                f"latest of {len(mine)} {several} by this trainee: counts for the class"
                if counted
                else f"earlier of {len(mine)} {several} by this trainee: not in the class figures"
            )
            note = f"{note}; {extra_note}" if note else extra_note
        marked.append(replace(row, counted_in_class=counted, note=note))
    return sorted(marked, key=lambda r: (same_person(r.trainee), r.person_key, r.submitted_at))


def in_class_figures(submissions: Iterable[SubmissionT]) -> list[SubmissionT]:
    """The submissions that count in the class figures (see :func:`count_latest`)."""
    return [s for s in submissions if s.counted_in_class]


# --- maximum-weight bipartite matching ------------------------------------------------------


def _max_weight_matching(edges: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Exact maximum-weight matching of a bipartite graph given as {(left, right): weight > 0}.

    The graph is split into connected components (claims that overlap one another), and each
    component is solved exactly with the Hungarian algorithm.  Claims in an article overlap only
    a few others, so components are small; a single component of n x m still costs O(n^2 m).
    """
    # union-find over left nodes ("k", i) and right nodes ("t", j)
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, t in edges:
        a, b = find(("k", k)), find(("t", t))
        if a != b:
            parent[a] = b
    components: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for k, t in edges:
        components.setdefault(find(("k", k)), []).append((k, t))

    result: list[tuple[int, int]] = []
    for comp_edges in components.values():
        if len(comp_edges) == 1:
            result.append(comp_edges[0])
            continue
        lefts = sorted({k for k, _ in comp_edges})
        rights = sorted({t for _, t in comp_edges})
        col = {t: j for j, t in enumerate(rights)}
        row = {k: i for i, k in enumerate(lefts)}
        weights = [[0.0] * len(rights) for _ in lefts]
        for k, t in comp_edges:
            weights[row[k]][col[t]] = edges[(k, t)]
        for i, j in enumerate(hungarian_max(weights)):
            # a zero weight means "no edge": the assignment filled a row with a non-pair
            if j is not None and weights[i][j] > 0.0:
                result.append((lefts[i], rights[j]))
    result.sort()
    return result


def hungarian_max(weights: Sequence[Sequence[float]]) -> list[int | None]:
    """Assign rows to columns, one to one, maximising the total weight.

    ``weights`` is a rectangular rows x columns matrix.  Returns, for each row, its column, or
    ``None`` for the rows left over when there are more rows than columns.  With zero weight
    standing for "no edge", this is the maximum-weight matching of a bipartite graph.
    (Kuhn-Munkres with potentials, O(n^2 m) for n <= m.)
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if n == 0 or m == 0:
        return [None] * n
    if any(len(r) != m for r in weights):
        raise ValueError("weights must be a rectangular matrix")
    if n > m:
        transposed = [[weights[i][j] for i in range(n)] for j in range(m)]
        col_of_row: list[int | None] = [None] * n
        for j, i in enumerate(hungarian_max(transposed)):
            if i is not None:
                col_of_row[i] = j
        return col_of_row

    inf = float("inf")
    u = [0.0] * (n + 1)  # row potentials
    v = [0.0] * (m + 1)  # column potentials
    p = [0] * (m + 1)  # p[j]: row (1-based) assigned to column j; p[0] is the row being placed
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            row_costs = weights[i0 - 1]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row_costs[j - 1] - u[i0] - v[j]  # minimise the negated weight
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    result: list[int | None] = [None] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result
