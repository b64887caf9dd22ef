"""Carrying claim offsets across a change of an article's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimmark.core.text import OffsetCarrier, replacements


def carried(old: str, new: str, span: tuple[int, int]) -> str:
    carrier = OffsetCarrier(replacements(old, new))
    return new[carrier.start(span[0]) : carrier.end(span[1])]


OLD = "LONDON\nThe mayor said on Tuesday that the bridge would reopen.\nIt had been shut since April."


def at(phrase: str, text: str = OLD) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_a_claim_keeps_its_words_when_text_before_after_and_around_it_changes() -> None:
    new = OLD.replace("LONDON\n", "").replace("Tuesday", "Wednesday").replace("shut", "closed")
    assert carried(OLD, new, at("the bridge would reopen")) == "the bridge would reopen"
    assert carried(OLD, new, at("It had been shut since April.")) == "It had been closed since April."
    assert carried(OLD, new, at("said on Tuesday that")) == "said on Wednesday that"


def test_a_space_inserted_at_a_claims_edge_stays_outside_it() -> None:
    glued = "officials saidthe bridge would reopen"
    fixed = "officials said the bridge would reopen"
    assert carried(glued, fixed, at("the bridge", glued)) == "the bridge"
    assert carried(glued, fixed, at("officials said", glued)) == "officials said"


def test_a_claim_whose_words_were_all_removed_comes_out_empty() -> None:
    new = OLD.replace(" It had been shut since April.", "").replace("\nIt had been shut since April.", "")
    carrier = OffsetCarrier(replacements(OLD, new))
    start, end = at("been shut since")
    assert carrier.end(end) <= carrier.start(start)


@given(
    st.text(alphabet="ab .\n😀", max_size=40),
    st.text(alphabet="ab .\n😀", max_size=10),
    st.data(),
)
def test_a_span_no_change_cuts_into_keeps_its_text_exactly(text: str, inserted: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text)))
    removed = data.draw(st.integers(0, len(text) - cut))
    new = text[:cut] + inserted + text[cut + removed :]
    changes = replacements(text, new)
    carrier = OffsetCarrier(changes)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            # (where a change lies is the comparison's choice: "ab" into "abab" may be either half)
            if not any((c.start < end and start < c.end) or start < c.start < end for c in changes):
                assert new[carrier.start(start) : carrier.end(end)] == text[start:end]
