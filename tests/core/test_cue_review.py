"""What a learner passed over, told by the reading cues: the second-look sentences, the cues
named in the feedback, and the kinds of cue passed over across attempts (no spaCy: the cues and
sentences are given, as the finder and the cache give them)."""

from __future__ import annotations

from pathlib import Path

from claimmark.core import classroom as cr
from claimmark.core.claims import Tag
from claimmark.core.classroom.progress import progress
from claimmark.core.nlp import Entities
from claimmark.core.reader import operations as ops
from claimmark.core.reader.cue_review import (
    exercise_cues,
    feedback_cue_names,
    passed_over,
    second_look,
    text_cues,
)
from claimmark.core.reader.cues import Cue, ReadingCues
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo

TEXT = (
    "About 600 soldiers are believed to have been killed, the agency said. "
    "Kim laid a flower at the memorial. "
    "The weather was cold. "
    "Officials may announce 3 more ceremonies."
)


def span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def cue(words: str, kind: str) -> Cue:
    return Cue(*span(words), kind, words.replace(" ", "_"), f"'{words}' marks a {kind}.")  # type: ignore[arg-type]


CUES = ReadingCues(
    (cue("About 600", "estimate"), cue("are believed to", "hedge"), cue("said", "attribution"), cue("may", "hedge")),
    (),
    True,
    "test",
)
SENTENCES = [0, TEXT.index("Kim"), TEXT.index("The weather"), TEXT.index("Officials")]
ENTITIES = Entities([(*span("3"), "CARDINAL")], SENTENCES)


def test_second_look_lists_untagged_sentences_with_cues_or_numbers() -> None:
    found = second_look(TEXT, ENTITIES, CUES, claims=[span("Kim laid a flower")])
    assert [TEXT[s.start : s.end] for s in found] == [
        "About 600 soldiers are believed to have been killed, the agency said.",
        "Officials may announce 3 more ceremonies.",
    ]  # the tagged sentence and the one with neither cue nor number are left out
    assert found[0].reasons(TEXT) == (
        "'About 600' (estimate), 'are believed to' (hedge), 'said' (attribution); a number: 600"
    )
    assert found[1].reasons(TEXT) == "'may' (hedge); a number: 3"
    everything = second_look(TEXT, ENTITIES, CUES, claims=[span("soldiers"), span("Officials may")])
    assert [TEXT[s.start : s.end] for s in everything] == []  # a claim anywhere in a sentence counts as tagged
    across = (TEXT.index("cold"), TEXT.index("may"))  # from the third sentence into the fourth
    left = second_look(TEXT, ENTITIES, CUES, claims=[span("Kim laid a flower"), across])
    assert [TEXT[s.start : s.end][:9] for s in left] == ["About 600"]


def _exercise_with_key(db) -> tuple[int, int]:
    with db.write() as session:
        article_id = repo.add_article(TEXT, session=session, title="Soldiers").id
    exercise = cr.make_exercise(db, article_id, cr.ExerciseSettings("Soldiers", "", (), "after_submitting"))
    key_set = cr.key_claim_set_id(db, exercise.id)
    for words, tag in (
        ("About 600 soldiers are believed to have been killed", Tag.ESTIMATED),
        ("Kim laid a flower at the memorial", Tag.CONFIRMED),
        ("Officials may announce 3 more ceremonies", Tag.UNVERIFIED),
    ):
        ops.run(db, ops.AddClaim(key_set, *span(words), tag))
    cr.release_key(db, exercise.id)
    return exercise.id, article_id


def test_the_feedback_names_the_cues_of_missed_and_mistagged_key_claims(tmp_path: Path) -> None:
    db = open_database(tmp_path / "f.sqlite3")
    exercise_id, _ = _exercise_with_key(db)
    workspace = Workspace(db, "ana")
    opened = workspace.open_exercise(exercise_id)
    ops.run(db, ops.AddClaim(opened.claim_set_id, *span("Kim laid a flower at the memorial"), Tag.CONFIRMED))
    ops.run(db, ops.AddClaim(opened.claim_set_id, *span("Officials may announce 3 more ceremonies"), Tag.CONFIRMED))
    cr.submit(db, opened.claim_set_id, None)
    feedback = cr.feedback(db, opened.claim_set_id)
    names = {TEXT[feedback.items[i].key.start : feedback.items[i].key.end][:9]: n  # type: ignore[union-attr]
             for i, n in feedback_cue_names(feedback, CUES).items()}  # fmt: skip
    assert names == {
        "About 600": "'About 600' (estimate), 'are believed to' (hedge)",  # missed
        "Officials": "'may' (hedge)",  # found, tagged otherwise
    }  # the claim found with the key's tag is not there
    assert feedback_cue_names(feedback, None) == {}

    # over attempts: the kinds of cue inside what was missed or mistagged
    result = passed_over(progress(db, workspace.trainee_id), {exercise_id: CUES})
    assert result.totals() == {"hedge": 2, "estimate": 1, "attribution": 0}
    assert result.most_passed_over() == "hedge" and result.unknown == 0
    unknown = passed_over(progress(db, workspace.trainee_id), {})
    assert unknown.unknown == 1 and unknown.totals() == {"hedge": 0, "estimate": 0, "attribution": 0}
    db.close()


def test_cached_cues_are_read_back_per_exercise_and_per_text(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.sqlite3")
    exercise_id, article_id = _exercise_with_key(db)
    from claimmark.core.text import text_hash

    digest = text_hash(TEXT)
    assert exercise_cues(db, [exercise_id], "cues:test", "1") == {}
    with db.write() as session:
        repo.store_entities(digest, "cues:test", "1", CUES.to_payload(), session=session)
    assert exercise_cues(db, [exercise_id], "cues:test", "1") == {exercise_id: CUES}
    assert exercise_cues(db, [exercise_id], "cues:test", "2") == {}  # another version of the finder
    assert text_cues(db, digest, "cues:test", "1") == CUES
    assert article_id
    db.close()
