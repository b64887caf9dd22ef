"""Matching trainee claims to key claims, and the scores built on the matching."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.scoring import (
    MATCH_THRESHOLD,
    Confusion,
    Score,
    ScoredSubmission,
    confusion,
    count_latest,
    hungarian_max,
    in_class_figures,
    match_claims,
    score,
)
from claimmark.core.tokens import TokenIndex, token_iou

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED

# Twenty words of three letters, one space apart: word i spans [4i, 4i + 3).
WORDS = [f"w{i:02d}" for i in range(20)]
TEXT = " ".join(WORDS)


def words(i: int, j: int, tag: Tag = C) -> ClaimSpan:
    """A claim covering words i..j-1 of TEXT."""
    return ClaimSpan(4 * i, 4 * j - 1, tag)


def test_identical_claims_are_all_found_with_their_tags():
    key = [words(0, 3, C), words(5, 8, E), words(10, 12, U)]
    m = match_claims(TEXT, key, list(reversed(key)))
    assert [km.trainee_index for km in m.key_matches] == [2, 1, 0]
    assert all(km.iou == 1.0 and km.tag_right for km in m.key_matches)
    assert m.extra == ()
    s = Score.from_matching(m)
    assert (s.key_claims, s.found, s.tags_right, s.extra) == (3, 3, 3, 0)
    assert s.found_share == 1.0 and s.tag_accuracy == 1.0


def test_wrong_tag_is_found_but_not_right():
    m = match_claims(TEXT, [words(0, 4, C)], [words(0, 4, E)])
    (km,) = m.key_matches
    assert km.found and km.tag_right is False
    s = score(TEXT, [words(0, 4, C)], [words(0, 4, E)])
    assert s.found == 1 and s.tag_accuracy == 0.0
    assert s.accuracy_text == "0 of 1 tags right (0%)"


def test_threshold_is_inclusive_at_one_half():
    key = [words(0, 4)]
    # 2 shared words of 4 in the union: IoU exactly 0.5 -> match
    assert match_claims(TEXT, key, [words(2, 4)]).key_matches[0].iou == 0.5
    # 2 shared of 5 in the union: 0.4 -> no match, the trainee claim is extra
    m = match_claims(TEXT, key, [words(2, 5)])
    assert not m.key_matches[0].found and m.key_matches[0].iou == 0.0
    assert m.extra == (0,)
    assert MATCH_THRESHOLD == 0.5


def test_partial_words_and_punctuation_count_as_whole_word_tokens():
    text = "The minister said, “unemployment fell by 3.5% in 2023.”"
    index = TokenIndex(text)
    key = ClaimSpan(text.index("unemployment"), text.index("2023") + 4, C)
    # the trainee started mid-word and took the closing quote and full stop: same words
    trainee = ClaimSpan(text.index("unemployment") + 3, len(text), C)
    assert token_iou(index, (key.start, key.end), (trainee.start, trainee.end)) == 1.0
    assert match_claims(index, [key], [trainee]).key_matches[0].iou == 1.0


def test_offsets_are_code_points_so_emoji_do_not_shift_claims():
    text = "😀 Prices 📈 rose 12% in March, officials say."
    key = ClaimSpan(text.index("Prices"), text.index("March") + 5, E)
    trainee = ClaimSpan(text.index("rose"), text.index("March") + 5, E)
    m = match_claims(text, [key], [trainee])
    # Prices, rose, 12, in, March vs rose, 12, in, March: 4 / 5
    assert m.key_matches[0].iou == pytest.approx(0.8)


def test_each_claim_matches_at_most_once():
    key = [words(0, 4)]
    trainee = [words(0, 4), words(0, 4), words(1, 4)]
    m = match_claims(TEXT, key, trainee)
    assert m.key_matches[0].trainee_index in (0, 1)
    assert len(m.extra) == 2
    # and the other way round: two key claims, one trainee claim
    m = match_claims(TEXT, [words(0, 4), words(0, 4)], [words(0, 4)])
    assert sum(km.found for km in m.key_matches) == 1
    assert m.extra == ()


def test_assignment_maximises_total_overlap_where_greedy_would_not():
    k1, k2 = words(0, 10), words(2, 10)
    t1, t2 = words(1, 10), words(0, 6)
    # greedy on the best pair takes k1-t1 (0.9) and leaves k2 with only t2 (0.4: no match)
    m = match_claims(TEXT, [k1, k2], [t1, t2])
    assert [km.trainee_index for km in m.key_matches] == [1, 0]
    assert m.total_iou == pytest.approx(0.6 + 8 / 9)
    assert m.extra == ()


def test_no_key_claims_gives_no_ratios_and_says_why():
    s = score(TEXT, [], [words(0, 2)])
    assert s.found_share is None and s.tag_accuracy is None
    assert s.extra == 1
    assert "key has no claims" in s.found_text
    assert "key has no claims" in s.accuracy_text
    assert s.extra_text == "1 claim not in the key"


def test_nothing_found_gives_no_accuracy_and_says_why():
    s = score(TEXT, [words(0, 2), words(5, 7)], [])
    assert s.found_share == 0.0
    assert s.tag_accuracy is None
    assert s.found_text == "0 of 2 key claims found (0%)"
    assert s.accuracy_text == "no tag accuracy: no key claim was found"
    assert s.extra_text == "no claims outside the key"
    assert s.summary().count(";") == 2


def test_empty_everything():
    m = match_claims("", [], [])
    assert m.key_matches == () and m.extra == ()
    s = Score.from_matching(m)
    assert (s.found_share, s.tag_accuracy) == (None, None)


def test_claims_without_word_tokens_never_match():
    text = "Growth -- slowed."
    dash = ClaimSpan(text.index("--"), text.index("--") + 2, C)
    m = match_claims(text, [dash], [dash])
    assert not m.key_matches[0].found and m.extra == (0,)


def test_threshold_must_be_a_share():
    with pytest.raises(ValueError):
        match_claims(TEXT, [], [], threshold=0)


def test_confusion_adds_up_pairs_misses_and_extras_across_trainees():
    key = [words(0, 3, C), words(5, 8, E), words(10, 12, U)]
    ana = [words(0, 3, C), words(5, 8, C), words(15, 17, U)]  # right, wrong, extra
    ben = [words(0, 3, E), words(10, 12, U)]  # wrong, missed E, right
    cf = confusion(match_claims(TEXT, key, t) for t in (ana, ben))
    assert cf.count(C, C) == 1 and cf.count(C, E) == 1
    assert cf.count(E, C) == 1 and cf.count(U, U) == 1
    assert cf.count(E, E) == 0
    assert cf.missed == {E: 1, U: 1}
    assert cf.extra == {U: 1}
    assert (cf.matched, cf.agreeing) == (4, 2)
    assert confusion([]) == Confusion()


# --- exactness of the assignment -----------------------------------------------------------


def brute_force_best(weights: list[list[float]]) -> float:
    """Best total over every one-to-one assignment (zero weight = no pair)."""
    n = len(weights)
    m = len(weights[0]) if n else 0
    best = 0.0
    if n <= m:
        for cols in itertools.permutations(range(m), n):
            best = max(best, sum(weights[i][j] for i, j in enumerate(cols)))
    else:
        for rows in itertools.permutations(range(n), m):
            best = max(best, sum(weights[i][j] for j, i in enumerate(rows)))
    return best


matrices = st.integers(1, 6).flatmap(
    lambda n: st.integers(1, 6).flatmap(
        lambda m: st.lists(
            st.lists(
                st.one_of(st.just(0.0), st.floats(0.5, 1.0)),
                min_size=m,
                max_size=m,
            ),
            min_size=n,
            max_size=n,
        )
    )
)


@given(matrices)
@settings(max_examples=300, deadline=None)
def test_hungarian_matches_brute_force(weights):
    assignment = hungarian_max(weights)
    assert len(assignment) == len(weights)
    cols = [j for j in assignment if j is not None]
    assert len(cols) == len(set(cols)) == min(len(weights), len(weights[0]))
    total = sum(weights[i][j] for i, j in enumerate(assignment) if j is not None)
    assert total == pytest.approx(brute_force_best(weights), abs=1e-9)


def test_hungarian_on_empty_matrices():
    assert hungarian_max([]) == []
    assert hungarian_max([[], []]) == [None, None]
    with pytest.raises(ValueError):
        hungarian_max([[1.0], [1.0, 2.0]])


spans = st.tuples(st.integers(0, 19), st.integers(1, 6), st.sampled_from(list(Tag))).map(
    lambda t: words(t[0], min(20, t[0] + t[1]), t[2])
)


@given(st.lists(spans, max_size=5), st.lists(spans, max_size=5))
@settings(max_examples=300, deadline=None)
def test_matching_is_one_to_one_above_threshold_and_maximal(key, trainee):
    index = TokenIndex(TEXT)
    m = match_claims(index, key, trainee)
    matched = [km.trainee_index for km in m.key_matches if km.trainee_index is not None]
    assert len(matched) == len(set(matched))
    assert sorted(matched + list(m.extra)) == list(range(len(trainee)))
    for km in m.key_matches:
        if km.found:
            assert km.iou >= 0.5
            assert km.iou == token_iou(index, (km.key.start, km.key.end), (km.trainee.start, km.trainee.end))
    weights = [
        [iou if (iou := token_iou(index, (k.start, k.end), (t.start, t.end))) >= 0.5 else 0.0 for t in trainee]
        for k in key
    ]
    best = brute_force_best(weights) if key and trainee else 0.0
    assert m.total_iou == pytest.approx(best, abs=1e-9)


def test_a_class_sized_exercise_is_quick():
    # 300 key claims, 300 trainee claims, heavily overlapping in places
    words_ = [f"word{i}" for i in range(3000)]
    text = " ".join(words_)
    offsets = list(itertools.accumulate([0] + [len(w) + 1 for w in words_]))

    def span(i: int, j: int, tag: Tag) -> ClaimSpan:
        return ClaimSpan(offsets[i], offsets[j] - 1, tag)

    key = [span(10 * i, 10 * i + 8, C) for i in range(300)]
    trainee = [span(10 * i + 1, 10 * i + 9, E) for i in range(300)]
    s = score(text, key, trainee)
    assert s.found == 300 and s.tags_right == 0 and s.extra == 0


# --- who counts in the class figures -----------------------------------------------------------


@dataclass(frozen=True)
class _Handed(ScoredSubmission):
    label: str = field(kw_only=True)


def _handed(label: str, trainee: str, minute: int, note: str = "") -> _Handed:
    matching = match_claims(TEXT, [], [])
    return _Handed(
        trainee=trainee,
        submitted_at=datetime(2024, 5, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=minute),
        score=Score.from_matching(matching),
        matching=matching,
        note=note,
        label=label,
    )


def test_only_the_latest_submission_of_a_person_counts():
    rows = count_latest(
        [
            _handed("ben late", "Ben", 30),
            _handed("ben early", "ben", 0, note="a copy"),
            _handed("ana", "Ana", 10),
        ]
    )
    assert [(r.label, r.counted_in_class) for r in rows] == [
        ("ana", True),
        ("ben early", False),
        ("ben late", True),
    ]
    assert rows[0].note == ""
    assert rows[1].note == "a copy; earlier of 2 submissions by this trainee: not in the class figures"
    assert rows[2].note == "latest of 2 submissions by this trainee: counts for the class"
    assert [r.label for r in in_class_figures(rows)] == ["ana", "ben late"]


def test_on_equal_times_the_one_handed_in_last_counts_and_is_listed_last():
    rows = count_latest([_handed("first", "Cleo Ruiz", 5), _handed("second", " cleo  ruiz", 5)], several="tries")
    assert [(r.label, r.counted_in_class) for r in rows] == [("first", False), ("second", True)]
    assert rows[1].note == "latest of 2 tries by this trainee: counts for the class"
