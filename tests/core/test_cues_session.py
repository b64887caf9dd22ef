"""Reading cues in the reader session: kept in the cache across a restart, and the source the text
attributes a claim to suggested first, with its kind (the sample article's attributed claims)."""

from __future__ import annotations

import pytest

from claimmark.core.claims import Tag
from claimmark.core.nlp import Entities, Recognizer, best_pipeline
from claimmark.core.reader import operations as ops
from claimmark.core.reader.cues import Attribution, Cue, CueFinder, ReadingCues
from claimmark.core.reader.session import ReaderSession, SourceSuggestion, suggest_sources
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage.engine import Database

TEXT = "About 300 homes were damaged, officials said. Ana Ruiz of the Red Cross visited."


def at(phrase: str) -> tuple[int, int]:
    return TEXT.index(phrase), TEXT.index(phrase) + len(phrase)


CUES = ReadingCues(
    (Cue(*at("About"), "estimate", "approximately", "'about' marks an estimate"),),
    (Attribution(at("said"), at("officials"), at("About 300 homes were damaged"), "anonymous", "officials"),),
    True,
    "test model",
)
ENTITIES = Entities([(*at("300"), "CARDINAL"), (*at("Ana Ruiz"), "PERSON"), (*at("Red Cross"), "ORG")], [0, 46])


@pytest.fixture(scope="module")
def finder() -> CueFinder:
    pipeline = best_pipeline()
    assert pipeline is not None
    return CueFinder.load(pipeline)


def test_cues_kept_for_a_text_come_back_after_a_restart(tmp_path) -> None:
    path = tmp_path / "library.db"
    db = open_database(path)
    reader = ReaderSession(Workspace(db, "tess"))
    opened = reader.open_sample()
    assert reader.cached_cues("cues:test", "1+cues1") is None
    reader.store_cues("cues:test", "1+cues1", opened.article.text_hash, CUES)
    db.close()

    again = open_database(path)
    try:
        reader = ReaderSession(Workspace(again, "tess"))
        reader.open_sample()
        assert reader.cached_cues("cues:test", "1+cues1") == CUES
        # another finder version (patterns changed) does not see them; storing twice is no conflict
        assert reader.cached_cues("cues:test", "1+cues2") is None
        reader.store_cues("cues:test", "1+cues1", opened.article.text_hash, CUES)
        assert reader.cached_cues("cues:test", "1+cues1") == CUES
    finally:
        again.close()


def test_cues_are_cached_on_each_database_kind(db: Database) -> None:
    reader = ReaderSession(Workspace(db, "tess"))
    opened = reader.open_sample()
    reader.store_cues("cues:x", "v", opened.article.text_hash, CUES)
    assert reader.cached_cues("cues:x", "v") == CUES
    assert reader.cached_cues("cues:x", "w") is None


def test_the_source_the_text_attributes_the_claim_to_comes_first_with_its_kind() -> None:
    suggested = suggest_sources(TEXT, 6, 15, ENTITIES, CUES)  # "300 homes"
    assert suggested[0] == SourceSuggestion("officials", "", "anonymous")
    assert suggest_sources(TEXT, 6, 15, ENTITIES) == []  # without cues: no name in that sentence
    # outside any attribution: only the sentence's names, as before
    assert suggest_sources(TEXT, 46, 79, ENTITIES, CUES) == [
        SourceSuggestion("Ana Ruiz", "PERSON"),
        SourceSuggestion("Red Cross", "ORG"),
    ]


def test_an_attribution_without_a_source_suggests_nothing_of_its_own() -> None:
    cues = ReadingCues((), (Attribution(at("said"), None, at("About 300 homes were damaged"), "named", ""),), True, "m")
    assert suggest_sources(TEXT, 6, 15, ENTITIES, cues) == []


def test_the_sample_articles_attributed_claims_suggest_their_source_first(tmp_path, finder: CueFinder) -> None:
    db = open_database(tmp_path / "library.db")
    try:
        reader = ReaderSession(Workspace(db, "tess"))
        opened = reader.open_sample()
        text = opened.article.text
        pipeline = best_pipeline()
        assert pipeline is not None
        entities = Recognizer(pipeline).run(text)
        cues = finder.run(text)
        assert entities is not None and cues is not None
        expected = {
            "it could be as high as 15,000": ("South Korean, U.S. and Ukrainian officials", "anonymous"),
            "about 600 are believed to have been killed": ("South Korea's spy agency", "named"),
            "thousands more injured": ("South Korea's spy agency", "named"),
            "North Korea may have sent Russia troops": ("experts", "anonymous"),
            "North Korea could deploy additional troops to Russia": ("South Korean lawmakers", "anonymous"),
            "Kim laid a flower on a memorial wall": ("KCNA", "media"),
            "hailed his country's fallen soldiers": ("state media", "media"),
        }
        for phrase, (name, kind) in expected.items():
            start = text.index(phrase)
            _inverse, change = reader.apply(
                ops.AddClaim(opened.claim_set_id, start, start + len(phrase), Tag.ESTIMATED)
            )
            assert change.claim_id is not None
            first = reader.source_suggestions(change.claim_id, entities, cues)[0]
            assert (first.name, first.kind) == (name, kind), phrase
            # without cues the old suggestions (names in the sentence) are still offered
            assert all(s.kind is None for s in reader.source_suggestions(change.claim_id, entities))
    finally:
        db.close()
