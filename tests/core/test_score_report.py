"""Scoring a class from files: the report text, the CSV, duplicates and degenerate classes."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import UNIT_OF_ANALYSIS
from claimmark.core.classroom.exchange import (
    ArticleData,
    ExchangeError,
    ExerciseFile,
    KeyFile,
    SubmissionFile,
    write_exercise,
    write_key,
    write_submission,
)
from claimmark.core.classroom.report import CSV_FIELDS, format_report, score_files, write_csv

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
TEXT = (
    "Officials said 40,000 people attended the rally, the largest crowd since 1999. "
    "Police put the figure at 25,000. Organisers promised a bigger march next year."
)
EXERCISE = ExerciseFile(
    exercise_uid="3f2c1f9e-8c1b-4d6e-9a57-2b1f0c9d7e11",
    title="Counting crowds",
    article=ArticleData(text=TEXT, title="Crowds at the square"),
)
T0 = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)


def at(phrase: str, tag: Tag) -> ClaimSpan:
    start = TEXT.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag)


KEY_CLAIMS = [
    at("40,000 people attended the rally", E),
    at("the largest crowd since 1999", U),
    at("Police put the figure at 25,000", C),
]


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    path = tmp_path / "key.json"
    write_key(path, KeyFile.for_exercise(EXERCISE, KEY_CLAIMS))
    return path


def hand_in(tmp_path: Path, file: str, trainee: str, claims, minutes: int = 0, exercise=EXERCISE) -> Path:
    path = tmp_path / file
    sub = SubmissionFile.for_exercise(exercise, trainee, claims, T0 + timedelta(minutes=minutes))
    write_submission(path, sub)
    return path


def test_a_class_is_scored_and_reported(tmp_path, key_path):
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("40,000 people attended", E), at("largest crowd since 1999", C)])
    ben = hand_in(tmp_path, "ben.json", "Ben", [at("Police put the figure at 25,000", C), at("a bigger march", U)])
    report = score_files(key_path, [ben, ana])
    assert [r.trainee for r in report.results] == ["Ana", "Ben"]
    ana_score, ben_score = (r.score for r in report.results)
    assert (ana_score.found, ana_score.tags_right, ana_score.extra) == (2, 1, 0)
    assert (ben_score.found, ben_score.tags_right, ben_score.extra) == (1, 1, 1)
    assert report.problems == ()
    assert report.confusion.count(U, C) == 1 and report.confusion.missed == {E: 1, U: 1, C: 1}
    assert report.agreement.trainees == 2 and report.agreement.alpha.value is not None

    text = format_report(report)
    assert "ClaimMark score: Counting crowds" in text
    assert "Trainee" in text and "Key claims found" in text and "Tag accuracy" in text and "Not in the key" in text
    ana_line = next(line for line in text.splitlines() if line.startswith("Ana "))
    assert "2/3 (67%)" in ana_line and "1/2 (50%)" in ana_line and ana_line.split()[-2:] == ["0", "ana.json"]
    assert "Krippendorff's alpha (nominal): " in text and "Fleiss' kappa: " in text
    assert "Unit of analysis: each word of the article" in text
    assert " ".join(text.split()).count(" ".join(UNIT_OF_ANALYSIS.split())) == 1
    assert "Key tag \\ trainee tag" in text and "missed" in text
    assert "“the largest crowd since 1999” (key: unverified): confirmed 1; missed 1 of 2" in text
    assert "Not in the key, by the trainee's tag: unverified 1." in text  # the window's words


def test_no_submissions_says_so(key_path):
    report = score_files(key_path, [])
    assert report.results == () and report.answers[0].trainees == 0
    assert report.agreement.alpha.value is None and report.agreement.kappa.value is None
    text = format_report(report)
    assert "No submissions to score." in text
    assert "%" not in text.split("No submissions")[1]


def test_a_key_without_claims_says_so_and_divides_nothing_by_zero(tmp_path):
    key_path = tmp_path / "empty-key.json"
    write_key(key_path, KeyFile.for_exercise(EXERCISE, []))
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("40,000 people attended", E)])
    report = score_files(key_path, [ana])
    (result,) = report.results
    assert result.score.found_share is None and result.score.tag_accuracy is None
    assert result.score.extra == 1
    text = format_report(report)
    assert "The key has no claims" in text
    assert "no tag accuracy, because the key has no claims" in text
    assert "Tags: the key's" not in text  # no confusion table without key claims
    out = tmp_path / "out.csv"
    write_csv(report, out)
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["found_share"] == "" and row["tag_accuracy"] == "" and row["extra_claims"] == "1"


def test_nothing_found_gives_no_accuracy_and_says_why(tmp_path, key_path):
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("a bigger march next year", C)])
    text = format_report(score_files(key_path, [ana]))
    ana_line = next(line for line in text.splitlines() if line.startswith("Ana "))
    assert "0/3 (0%)" in ana_line and "—" in ana_line
    assert "no tag accuracy, because no key claim was found" in text
    assert "No trainee claim matched a key claim" in text


def test_duplicate_submissions_are_reported_once_with_a_note(tmp_path, key_path):
    claims = [at("40,000 people attended", E)]
    first = hand_in(tmp_path, "ana.json", "Ana Lima", claims)
    copy = hand_in(tmp_path, "ana-copy.json", "ana  lima", claims, minutes=5)
    report = score_files(key_path, [copy, first, first])
    (result,) = report.results
    assert result.path == first  # the earliest hand-in is the one kept
    assert "duplicate submission, reported once" in result.note
    assert "ana-copy.json" in result.note and "ana.json was given more than once" in result.note
    assert report.agreement.trainees == 1
    assert report.answers[0].trainees == 1
    assert "duplicate submission, reported once" in format_report(report)


def test_a_trainee_who_hands_in_again_counts_once_in_the_class_figures(tmp_path, key_path):
    early = hand_in(tmp_path, "ben-1.json", "Ben", [at("a bigger march", U)], minutes=0)
    late = hand_in(tmp_path, "ben-2.json", "Ben", [at("40,000 people attended the rally", E)], minutes=30)
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("40,000 people attended the rally", E)])
    report = score_files(key_path, [late, early, ana])
    assert [(r.path.name, r.counted_in_class) for r in report.results] == [
        ("ana.json", True),
        ("ben-1.json", False),
        ("ben-2.json", True),
    ]
    assert "earlier of 2 different submissions" in report.results[1].note
    assert report.agreement.trainees == 2
    assert report.answers[0].tags == {E: 2}
    assert report.confusion.extra == {}  # the superseded hand-in's extra claim is not counted
    text = format_report(report)
    assert "Ben *" in text and "not in the class figures" in text
    assert "Class agreement (2 trainees)" in text


def test_on_equal_times_the_submission_given_last_counts(tmp_path, key_path):
    one = hand_in(tmp_path, "ben-1.json", "Ben", [at("a bigger march", U)])
    two = hand_in(tmp_path, "ben-2.json", "ben", [at("40,000 people attended the rally", E)])
    report = score_files(key_path, [two, one])
    assert [(r.path.name, r.counted_in_class) for r in report.results] == [("ben-2.json", False), ("ben-1.json", True)]
    assert report.results[1].note == "latest of 2 different submissions by this trainee: counts for the class"


def test_bad_or_foreign_submissions_are_skipped_and_listed(tmp_path, key_path):
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("40,000 people attended", E)])
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "claimmark-submission", "vers')
    other = ExerciseFile(exercise_uid="11111111-2222-4333-8444-555555555555", title="Budget", article=EXERCISE.article)
    foreign = hand_in(tmp_path, "cleo.json", "Cleo", [], exercise=other)
    exercise_file = tmp_path / "exercise.json"
    write_exercise(exercise_file, EXERCISE)
    report = score_files(key_path, [ana, broken, foreign, exercise_file, tmp_path / "gone.json"])
    assert [r.trainee for r in report.results] == ["Ana"]
    assert len(report.problems) == 4
    assert report.problems[0].startswith("broken.json: the file is not valid JSON")
    assert report.problems[1] == (
        "cleo.json: this submission is for exercise '11111111-2222-4333-8444-555555555555', "
        f"not '{EXERCISE.exercise_uid}' (Counting crowds)"
    )
    assert report.problems[2] == "exercise.json: this is an exercise, not a submission"
    assert report.problems[3].startswith("gone.json: cannot read the file")
    text = format_report(report)
    assert "Problems: 4 submission files skipped" in text
    assert "  - cleo.json: this submission is for exercise" in text


def test_a_key_that_cannot_be_used_is_an_error(tmp_path):
    exercise_file = tmp_path / "exercise.json"
    write_exercise(exercise_file, EXERCISE)
    with pytest.raises(ExchangeError, match="this is an exercise, not an answer key"):
        score_files(exercise_file, [])
    with pytest.raises(ExchangeError, match="cannot read"):
        score_files(tmp_path / "missing.json", [])


def test_csv_has_one_row_per_submission(tmp_path, key_path):
    ana = hand_in(tmp_path, "ana.json", "Ana", [at("40,000 people attended", E), at("since 1999", C)])
    zoe = hand_in(tmp_path, "zoe.json", 'Zoë, "Z" 张', [at("Police put the figure at 25,000", U)], minutes=3)
    out = tmp_path / "class.csv"
    write_csv(score_files(key_path, [ana, zoe]), out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == CSV_FIELDS
    assert [r["trainee"] for r in rows] == ["Ana", 'Zoë, "Z" 张']
    assert rows[0]["found"] == "1" and rows[0]["found_share"] == "0.3333"
    assert rows[0]["tag_accuracy"] == "1.0000" and rows[0]["extra_claims"] == "1"
    assert rows[1]["submitted_at"] == "2024-05-02T09:03:00Z" and rows[1]["tag_accuracy"] == "0.0000"
    assert rows[1]["counted_in_class"] == "yes"
