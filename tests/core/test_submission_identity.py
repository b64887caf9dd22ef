"""Whose submission is it: trainees are told apart by the id in their files, not by their name.

Two people of one name both reach the debrief (when the teacher says so); the same person
handing in again replaces their earlier work, and the message says it is a resubmission; a
name shared with another id is a conflict the teacher resolves, never a silent replace; files
made before ids (format version 1) still import.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimmark.core import classroom as cr
from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import SubmissionFile, read_exchange_file, write_submission
from claimmark.core.classroom.gradebook import class_progress
from claimmark.core.classroom.report import format_report, score_files
from claimmark.core.classroom.scoring import Score, ScoredSubmission, count_latest, match_claims
from claimmark.core.identity import Identity
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import open_database
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database
from tests.helpers import row_counts

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
TEXT = "😀 Officials said 40,000 people attended, “the largest crowd since 1999”.\nOthers disagreed."
V1 = Path(__file__).resolve().parents[1] / "data" / "v1"
T0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)


def at(phrase: str, tag: Tag) -> ClaimSpan:
    start = TEXT.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag)


@pytest.fixture
def teacher(db: Database) -> tuple[Database, int]:
    """A teacher's database with the version 1 exercise and its key (made before ids)."""
    exercise = cr.open_exercise_file(db, V1 / "crowds.exercise.json")
    cr.import_key(db, V1 / "crowds.key.json")
    assert exercise.id is not None
    return db, exercise.id


def hand_in(
    tmp_path: Path, teacher: tuple[Database, int], who: Identity, claims: list[ClaimSpan], when: datetime, name: str
) -> Path:
    """A trainee's submission file, as their own ClaimMark writes it (name and id)."""
    db, exercise_id = teacher
    path = tmp_path / name
    write_submission(path, SubmissionFile.for_exercise(cr.exercise_file(db, exercise_id), who, claims, when))
    return path


def names_in_debrief(db: Database, exercise_id: int) -> list[str]:
    return [row.trainee for row in cr.debrief(db, exercise_id).rows]


def test_two_trainees_of_one_name_both_appear_in_the_debrief_when_the_teacher_keeps_both(teacher, tmp_path) -> None:
    db, exercise_id = teacher
    ana, other = Identity.new("Ana Lima"), Identity.new("Ana Lima")
    first = hand_in(tmp_path, teacher, ana, [at("40,000 people", C)], T0, "ana.json")
    second = hand_in(tmp_path, teacher, other, [at("the largest crowd", U)], T0 + timedelta(minutes=5), "ana-2.json")

    [done] = cr.import_submissions(db, [first])
    assert done.status is cr.ImportStatus.IMPORTED
    before = row_counts(db)
    [conflict] = cr.import_submissions(db, [second])
    # never a silent replace: the teacher is asked, and nothing changed meanwhile
    assert conflict.status is cr.ImportStatus.CONFLICT and not conflict.ok
    assert "Ana Lima is already a trainee here, with another id" in conflict.message
    assert conflict.conflict is not None
    assert (conflict.conflict.file_id, conflict.conflict.here_id) == (other.uid, ana.uid)
    assert conflict.conflict.here_submitted == T0 and conflict.conflict.file_submitted == T0 + timedelta(minutes=5)
    assert row_counts(db) == before
    assert names_in_debrief(db, exercise_id) == ["Ana Lima"]

    [kept] = cr.import_submissions(db, [second], same_name=cr.SameName.KEEP_BOTH)
    assert kept.status is cr.ImportStatus.IMPORTED
    assert f"another trainee of that name (id {other.short_id})" in kept.message
    debrief = cr.debrief(db, exercise_id)
    assert sorted(r.trainee for r in debrief.rows) == sorted(
        [f"Ana Lima (#{ana.short_id})", f"Ana Lima (#{other.short_id})"]
    )
    assert all(r.counted_in_class for r in debrief.rows) and debrief.agreement.trainees == 2
    claims = {r.person: [c.tag for c in r.matching.trainee] for r in debrief.rows}
    assert claims == {ana.uid: [C], other.uid: [U]}
    # later files of either are recognised by their id: no question asked again
    again = hand_in(tmp_path, teacher, other, [at("Others disagreed", E)], T0 + timedelta(hours=1), "ana-2b.json")
    [resubmitted] = cr.import_submissions(db, [again])
    assert resubmitted.status is cr.ImportStatus.REPLACED and "resubmission" in resubmitted.message


def test_a_resubmission_replaces_the_earlier_one_and_says_so(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    trainee_db = open_database(tmp_path / "trainee.sqlite3")
    try:
        ana = Identity.new("Ana Lima")
        workspace = Workspace(trainee_db, ana)
        exercise = cr.open_exercise_file(trainee_db, V1 / "crowds.exercise.json")
        assert exercise.id is not None
        opened = workspace.open_exercise(exercise.id)
        claim = at("40,000 people", C)
        ops.run(trainee_db, ops.AddClaim(opened.claim_set_id, claim.start, claim.end, claim.tag))
        first = tmp_path / "first.json"
        cr.submit(trainee_db, opened.claim_set_id, first)
        assert read_exchange_file(first, expect=SubmissionFile).trainee_id == ana.uid
        cr.reopen(trainee_db, opened.claim_set_id)
        claim = at("Others disagreed", U)
        ops.run(trainee_db, ops.AddClaim(opened.claim_set_id, claim.start, claim.end, claim.tag))
        workspace.change_name("Ana Maria Lima")  # the id stays: the same person
        second = tmp_path / "second.json"
        cr.submit(trainee_db, opened.claim_set_id, second)
    finally:
        trainee_db.close()

    assert [r.status for r in cr.import_submissions(db, [first])] == [cr.ImportStatus.IMPORTED]
    [replaced] = cr.import_submissions(db, [second])
    assert replaced.status is cr.ImportStatus.REPLACED and replaced.ok
    assert replaced.message.startswith("Ana Maria Lima: resubmission of ")
    assert "replacing their submission of " in replaced.message
    [row] = cr.debrief(db, exercise_id).rows
    assert row.trainee == "Ana Maria Lima" and [c.tag for c in row.matching.trainee] == [C, U]
    # and the earlier file never comes back over the later one
    [earlier] = cr.import_submissions(db, [first])
    assert earlier.status is cr.ImportStatus.REFUSED and "later submission" in earlier.message


def test_replacing_takes_the_file_as_the_same_person_and_skipping_changes_nothing(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    old_machine, new_machine = Identity.new("Bo Chen"), Identity.new("Bo Chen")
    first = hand_in(tmp_path, teacher, old_machine, [at("40,000 people", C)], T0, "bo.json")
    later = hand_in(tmp_path, teacher, new_machine, [at("the largest crowd", U)], T0 + timedelta(hours=1), "bo2.json")
    cr.import_submissions(db, [first])

    before = row_counts(db)
    [skipped] = cr.import_submissions(db, [later], same_name=cr.SameName.SKIP)
    assert skipped.status is cr.ImportStatus.SKIPPED and not skipped.ok and row_counts(db) == before

    [replaced] = cr.import_submissions(db, [later], same_name=cr.SameName.REPLACE)
    assert replaced.status is cr.ImportStatus.REPLACED
    assert "in place of Bo Chen's of 2024-05-02 09:00 UTC (the same person, as you chose)" in replaced.message
    [row] = cr.debrief(db, exercise_id).rows
    assert row.trainee == "Bo Chen" and row.person == new_machine.uid
    assert [c.tag for c in row.matching.trainee] == [U]
    with db.read() as session:
        assert len(repo.trainees_named("Bo Chen", session=session)) == 1
    # from now on the new computer's files are theirs
    newest = hand_in(tmp_path, teacher, new_machine, [at("Others", E)], T0 + timedelta(hours=2), "bo3.json")
    assert [r.status for r in cr.import_submissions(db, [newest])] == [cr.ImportStatus.REPLACED]


def test_files_of_format_version_1_still_import(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    early, late = V1 / "crowds.ana-lima.submission.json", V1 / "crowds.ana-lima.later.submission.json"
    assert json.loads(early.read_text("utf-8"))["version"] == 1 and "trainee_id" not in early.read_text("utf-8")
    results = cr.import_submissions(db, [early, late, late])
    assert [r.status for r in results] == [
        cr.ImportStatus.IMPORTED,
        cr.ImportStatus.REPLACED,  # no id: the same name is the same person, as version 1 had it
        cr.ImportStatus.DUPLICATE,
    ]
    [row] = cr.debrief(db, exercise_id).rows
    assert row.trainee == "Ana Lima" and row.person == Identity.named("Ana Lima").uid
    assert row.score.found == 1 and row.score.tags_right == 1  # 40,000 people attended: estimated, as the key
    # a trainee with a profile of the same name is someone the teacher has to place
    profiled = hand_in(tmp_path, teacher, Identity.new("Ana Lima"), [], T0 + timedelta(days=1), "ana.json")
    assert [r.status for r in cr.import_submissions(db, [profiled])] == [cr.ImportStatus.CONFLICT]


def test_claimmark_score_tells_two_trainees_of_one_name_apart(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    key = tmp_path / "key.json"
    cr.export_key(db, exercise_id, key)
    ana, other = Identity.new("Ana Lima"), Identity.new("Ana Lima")
    files = [
        hand_in(tmp_path, teacher, ana, [at("40,000 people", C)], T0, "a1.json"),
        hand_in(tmp_path, teacher, ana, [at("40,000 people attended", E)], T0 + timedelta(hours=1), "a2.json"),
        hand_in(tmp_path, teacher, other, [at("the largest crowd", U)], T0, "b.json"),
    ]
    report = score_files(key, files)
    counted = sorted((r.trainee, r.person) for r in report.counted)
    assert counted == sorted([(f"Ana Lima (#{ana.short_id})", ana.uid), (f"Ana Lima (#{other.short_id})", other.uid)])
    assert report.agreement.trainees == 2  # Ana's earlier file does not count; the other Ana does
    assert f"Ana Lima (#{other.short_id})" in format_report(report)


def test_the_debrief_exports_submissions_with_each_trainees_id(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    ana, other = Identity.new("Ana Lima"), Identity.new("Ana Lima")
    cr.import_submissions(db, [hand_in(tmp_path, teacher, ana, [at("40,000 people", C)], T0, "a.json")])
    cr.import_submissions(db, [hand_in(tmp_path, teacher, other, [], T0, "b.json")], same_name=cr.SameName.KEEP_BOTH)
    folder = tmp_path / "out"
    folder.mkdir()
    written = cr.export_submissions(db, exercise_id, folder)
    on_file = sorted((f.trainee, f.trainee_id) for f in (read_exchange_file(p, expect=SubmissionFile) for p in written))
    assert on_file == sorted([("Ana Lima", ana.uid), ("Ana Lima", other.uid)])
    assert len({p.name for p in written}) == 2


def test_a_teacher_hands_out_files_with_their_name_and_id(teacher, tmp_path: Path) -> None:
    db, exercise_id = teacher
    me = Identity.new("Ms Tan")
    exercise = cr.export_exercise(db, exercise_id, tmp_path / "e.json", teacher=me)
    key = cr.export_key(db, exercise_id, tmp_path / "k.json", teacher=me)
    for path, made in ((tmp_path / "e.json", exercise), (tmp_path / "k.json", key)):
        raw = json.loads(path.read_text("utf-8"))
        assert (raw["version"], raw["teacher"], raw["teacher_id"]) == (2, "Ms Tan", me.uid)
        assert (made.teacher, made.teacher_id) == ("Ms Tan", me.uid)
    # an older exercise file opened again keeps working with the newer one
    shutil.copy(V1 / "crowds.exercise.json", tmp_path / "old.json")
    assert cr.open_exercise_file(db, tmp_path / "old.json").id == exercise_id


def test_only_each_persons_latest_counts_and_a_person_is_an_id() -> None:
    matching = match_claims(TEXT, [], [])
    row = ScoredSubmission(trainee="Ana Lima", submitted_at=T0, score=Score.from_matching(matching), matching=matching)
    rows = [
        replace(row, person="id-1"),
        replace(row, person="id-2", submitted_at=T0 + timedelta(hours=1)),
        replace(row, person="id-1", submitted_at=T0 + timedelta(hours=2)),
    ]
    counted = [(r.person, r.submitted_at) for r in count_latest(rows) if r.counted_in_class]
    assert sorted(counted) == [("id-1", T0 + timedelta(hours=2)), ("id-2", T0 + timedelta(hours=1))]
    # without ids (files of version 1), names are what tell people apart
    by_name = count_latest([replace(r, person="") for r in rows])
    assert sum(r.counted_in_class for r in by_name) == 1


def test_the_grade_book_tells_two_trainees_of_one_name_apart(teacher, tmp_path: Path) -> None:
    db, _ = teacher
    ana, other = Identity.new("Ana Lima"), Identity.new("Ana Lima")
    cr.import_submissions(db, [hand_in(tmp_path, teacher, ana, [at("40,000 people attended", E)], T0, "a.json")])
    cr.import_submissions(db, [hand_in(tmp_path, teacher, other, [], T0, "b.json")], same_name=cr.SameName.KEEP_BOTH)
    book = class_progress(db)
    assert sorted(row.trainee for row in book.rows) == sorted(
        [f"Ana Lima (#{ana.short_id})", f"Ana Lima (#{other.short_id})"]
    )
