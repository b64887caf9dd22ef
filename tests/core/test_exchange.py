"""Classroom files: exercises, answer keys and submissions survive a round trip, and bad files
are refused with a message a teacher can act on."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.exchange import (
    EXERCISE_FORMAT,
    FORMAT_VERSION,
    KEY_FORMAT,
    SUBMISSION_FORMAT,
    ArticleData,
    ExchangeError,
    ExerciseFile,
    KeyFile,
    SubmissionFile,
    atomic_write_bytes,
    check_matches,
    dump_exchange,
    dump_exercise,
    dump_key,
    dump_submission,
    kind_of,
    new_exercise_uid,
    parse_exchange,
    read_exchange_file,
    to_json,
    write_exercise,
    write_key,
    write_submission,
)
from claimmark.core.errors import UserError
from claimmark.core.identity import Identity
from claimmark.core.text import text_hash

TEXT = "😀 Officials said 40,000 people attended, “the largest crowd since 1999”.\nOthers disagreed."
UID = "3f2c1f9e-8c1b-4d6e-9a57-2b1f0c9d7e11"
V1 = Path(__file__).resolve().parents[1] / "data" / "v1"
"""Files as ClaimMark wrote them in format version 1 (with the code of that version)."""


def at(phrase: str, tag: Tag, note: str = "", source: str = "") -> ClaimSpan:
    start = TEXT.index(phrase)
    return ClaimSpan(start, start + len(phrase), tag, note, source)


ARTICLE = ArticleData(
    text=TEXT,
    title="Crowds at the square",
    outlet="The Daily Example",
    author="A. Writer",
    published="2024-05-01",
    url="https://example.org/crowds",
)
EXERCISE = ExerciseFile(
    exercise_uid=UID,
    title="Counting crowds",
    article=ARTICLE,
    instructions="Tag every number.",
    entity_labels=("CARDINAL", "DATE"),
)
KEY = KeyFile.for_exercise(
    EXERCISE,
    [
        at("40,000 people attended", Tag.ESTIMATED, "Crowd counts are estimates.", "Officials"),
        at("the largest crowd since 1999", Tag.UNVERIFIED, "No record is cited."),
    ],
)
SUBMISSION = SubmissionFile.for_exercise(
    EXERCISE,
    "Ana Lima",
    [at("40,000 people", Tag.CONFIRMED, "officials said so")],
    submitted_at=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
)


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("obj", [EXERCISE, KEY, SUBMISSION], ids=["exercise", "key", "submission"])
def test_round_trip_through_bytes_and_files(obj, tmp_path):
    data = dump_exchange(obj)
    assert parse_exchange(data, name="x.json") == obj
    path = tmp_path / "file.json"
    {ExerciseFile: write_exercise, KeyFile: write_key, SubmissionFile: write_submission}[type(obj)](path, obj)
    assert read_exchange_file(path) == obj
    assert read_exchange_file(path, expect=type(obj)) == obj
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]  # no temporary file left behind


def test_typed_dump_helpers_match_the_generic_one():
    assert dump_exercise(EXERCISE) == dump_exchange(EXERCISE)
    assert dump_key(KEY) == dump_exchange(KEY)
    assert dump_submission(SUBMISSION) == dump_exchange(SUBMISSION)


def test_files_carry_format_version_uid_and_text_hash():
    for obj, fmt in ((EXERCISE, EXERCISE_FORMAT), (KEY, KEY_FORMAT), (SUBMISSION, SUBMISSION_FORMAT)):
        data = json.loads(dump_exchange(obj))
        assert data["format"] == fmt
        assert data["version"] == FORMAT_VERSION == 2
        assert data["exercise_uid"] == UID
        assert data["text_hash"] == text_hash(TEXT)


def test_exercise_file_never_carries_key_claims():
    data = json.loads(dump_exercise(EXERCISE))
    assert "claims" not in data
    assert "No record is cited." not in dump_exercise(EXERCISE).decode()
    assert data["entity_labels"] == ["CARDINAL", "DATE"]
    assert data["article"]["text"] == TEXT


def test_text_is_stored_as_readable_utf8_with_code_point_offsets():
    raw = dump_exercise(EXERCISE)
    assert "😀" in raw.decode("utf-8") and "“the largest" in raw.decode("utf-8")
    data = json.loads(dump_key(KEY))
    claim = data["claims"][0]
    assert TEXT[claim["start"] : claim["end"]] == "40,000 people attended"


def test_submitted_at_is_written_as_utc_and_read_back_aware():
    lisbon_summer = timezone(timedelta(hours=1))
    sub = SubmissionFile.for_exercise(
        EXERCISE, "Ben", [], submitted_at=datetime(2024, 5, 2, 10, 30, tzinfo=lisbon_summer)
    )
    data = json.loads(dump_submission(sub))
    assert data["submitted_at"] == "2024-05-02T09:30:00Z"
    back = parse_exchange(dump_submission(sub), name="s.json", expect=SubmissionFile)
    assert back.submitted_at == datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
    assert back.submitted_at.tzinfo == UTC
    naive = SubmissionFile.for_exercise(EXERCISE, "Ben", [], submitted_at=datetime(2024, 5, 2))
    with pytest.raises(ExchangeError, match="timezone"):
        dump_submission(naive)


def test_new_uids_are_uuids_and_uids_are_read_canonically():
    uid = new_exercise_uid()
    assert len(uid) == 36 and uid != new_exercise_uid()
    data = to_json(EXERCISE) | {"exercise_uid": UID.upper()}
    assert parse_exchange(json.dumps(data).encode(), name="e.json").exercise_uid == UID


def test_optional_descriptive_fields_may_be_left_out_and_unknown_fields_are_ignored():
    data = to_json(KEY)
    for claim in data["claims"]:
        del claim["note"], claim["source"]
    data["article"] = {"text": TEXT}
    del data["title"]
    data["added_in_a_later_minor_change"] = {"anything": True}
    key = parse_exchange(json.dumps(data).encode(), name="k.json", expect=KeyFile)
    assert key.claims[0].note == "" and key.article.title == "" and key.title == ""


def test_a_byte_order_mark_from_a_text_editor_is_accepted():
    assert parse_exchange(b"\xef\xbb\xbf" + dump_key(KEY), name="k.json") == KEY


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    path = tmp_path / "key.json"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh.json"
    atomic_write_bytes(fresh, b"x")
    if os.name == "posix":
        assert fresh.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "key.json"
    write_key(path, KEY)
    before = path.read_bytes()

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_key(path, KeyFile.for_exercise(EXERCISE, []))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


# --- the kind of file -----------------------------------------------------------------------


def test_a_key_opened_where_an_exercise_is_expected_is_detectable(tmp_path):
    path = tmp_path / "key.json"
    write_key(path, KEY)
    opened = read_exchange_file(path)
    assert isinstance(opened, KeyFile) and opened.FORMAT == KEY_FORMAT
    with pytest.raises(ExchangeError, match=r"^key\.json: this is an answer key, not an exercise$"):
        read_exchange_file(path, expect=ExerciseFile)
    with pytest.raises(ExchangeError, match="this is a submission, not an answer key"):
        parse_exchange(dump_submission(SUBMISSION), name="s.json", expect=KeyFile)
    assert kind_of(EXERCISE) == "an exercise" and kind_of(SubmissionFile) == "a submission"


# --- bad files ------------------------------------------------------------------------------


def mutated(obj: Any, change) -> bytes:
    data = to_json(obj)
    change(data)
    return json.dumps(data).encode()


def parse_error(data: bytes, name: str = "bad.json") -> str:
    with pytest.raises(ExchangeError) as info:
        parse_exchange(data, name=name)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (dump_key(KEY)[:-40], "the file is not valid JSON (line "),
        (dump_key(KEY)[:-40], "it is cut short or damaged. Ask for the file again"),
        (b"format: claimmark-key", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"[1, 2]", "not a ClaimMark file (the JSON is a list, not an object)"),
        (b'"hello"', "the JSON is a string"),
        (b"[" * 100_000, "not a ClaimMark file"),
    ],
)
def test_files_that_are_not_json_objects(data, expected):
    assert expected in parse_error(data)


def test_truncated_json_says_where():
    message = parse_error(dump_exercise(EXERCISE)[:200])
    assert "not valid JSON (line " in message  # where, in words a person reads
    assert not any(raw in message for raw in ("Unterminated", "Expecting", "delimiter", "column"))


def test_missing_or_unknown_format():
    assert "no 'format' field" in parse_error(mutated(KEY, lambda d: d.pop("format")))
    message = parse_error(mutated(KEY, lambda d: d.update(format="claimmark-grades")))
    assert "unknown file format 'claimmark-grades'" in message
    assert "claimmark-exercise, claimmark-key, claimmark-submission" in message
    assert "unknown file format 'true/false'" in parse_error(mutated(KEY, lambda d: d.update(format=True)))


def test_a_newer_version_asks_for_an_update():
    message = parse_error(mutated(SUBMISSION, lambda d: d.update(version=3)))
    assert "a submission in format version 3, made by a newer ClaimMark" in message
    assert "reads up to version 2" in message
    assert message.endswith("update the program")


@pytest.mark.parametrize(
    ("version", "expected"),
    [(0, "unknown format version 0"), ("1", "'version' must be a whole number, not a string"),
     (1.0, "must be a whole number"), (True, "not true/false"), (None, "not null")],
)  # fmt: skip
def test_unknown_or_mistyped_versions(version, expected):
    assert expected in parse_error(mutated(EXERCISE, lambda d: d.update(version=version)))


def test_missing_version():
    assert "field 'version' is missing" in parse_error(mutated(EXERCISE, lambda d: d.pop("version")))


def _set(path: str, value: Any):
    """A change that sets data[a][b]... to value (or deletes it when value is DELETE)."""

    def change(data: dict) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is DELETE:
            del target[int(last) if isinstance(target, list) else last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


DELETE = object()


@pytest.mark.parametrize(
    ("obj", "path", "value", "expected"),
    [
        (EXERCISE, "exercise_uid", DELETE, "field 'exercise_uid' is missing"),
        (EXERCISE, "exercise_uid", 42, "field 'exercise_uid' must be a string, not a number"),
        (EXERCISE, "exercise_uid", "exercise-1", "field 'exercise_uid' is not a UUID: 'exercise-1'"),
        (EXERCISE, "text_hash", DELETE, "field 'text_hash' is missing"),
        (EXERCISE, "text_hash", "abc", "field 'text_hash' must be 64 hexadecimal digits"),
        (EXERCISE, "title", DELETE, "field 'title' is missing"),
        (EXERCISE, "title", ["a"], "field 'title' must be a string, not a list"),
        (EXERCISE, "instructions", 3, "field 'instructions' must be a string"),
        (EXERCISE, "entity_labels", "PERSON", "field 'entity_labels' must be a list, not a string"),
        (EXERCISE, "entity_labels", ["PERSON", 3], "'entity_labels[1]' must be a string"),
        (EXERCISE, "article", DELETE, "field 'article' is missing"),
        (EXERCISE, "article", "text", "field 'article' must be an object, not a string"),
        (EXERCISE, "article.text", DELETE, "field 'article.text' is missing"),
        (EXERCISE, "article.url", None, "field 'article.url' must be a string, not null"),
        (EXERCISE, "claims", [], "an exercise file must not contain key claims"),
        (KEY, "claims", DELETE, "field 'claims' is missing"),
        (KEY, "claims", {}, "field 'claims' must be a list, not an object"),
        (KEY, "claims.0", "40,000", "'claims[0]' must be an object, not a string"),
        (KEY, "claims.1.start", DELETE, "field 'claims[1].start' is missing"),
        (KEY, "claims.1.end", "80", "field 'claims[1].end' must be a whole number, not a string"),
        (KEY, "claims.0.start", 3.5, "field 'claims[0].start' must be a whole number, not the fraction 3.5"),
        (KEY, "claims.0.tag", DELETE, "field 'claims[0].tag' is missing"),
        (KEY, "claims.0.note", 1, "field 'claims[0].note' must be a string"),
        (SUBMISSION, "trainee", DELETE, "field 'trainee' is missing"),
        (SUBMISSION, "trainee", "  ", "field 'trainee' is empty"),
        (SUBMISSION, "submitted_at", DELETE, "field 'submitted_at' is missing"),
        (SUBMISSION, "submitted_at", "yesterday", "field 'submitted_at' is not an ISO 8601 time"),
        (SUBMISSION, "submitted_at", "2024-05-02T09:30:00", "field 'submitted_at' has no timezone"),
        (SUBMISSION, "claims.0.source", [], "field 'claims[0].source' must be a string, not a list"),
    ],
)
def test_missing_or_mistyped_fields(obj, path, value, expected):
    assert expected in parse_error(mutated(obj, _set(path, value)))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 10, "claim 1 (10..10) needs 0 <= start < end"),
        (12, 5, "claim 1 (12..5) needs 0 <= start < end"),
        (-1, 5, "claim 1 (-1..5) needs 0 <= start < end"),
        (5, len(TEXT) + 1, f"claim 1 (5..{len(TEXT) + 1}) lies outside the article text ({len(TEXT)} characters)"),
    ],
)
def test_offsets_out_of_range_or_reversed(start, end, expected):
    def change(data):
        data["claims"][0].update(start=start, end=end)

    assert expected in parse_error(mutated(KEY, change))
    if end <= len(TEXT):  # a submission carries no text: reversed spans are still caught alone
        assert expected in parse_error(mutated(SUBMISSION, change))


def test_offsets_of_a_submission_are_checked_against_the_exercise_text():
    far = SubmissionFile.for_exercise(
        EXERCISE, "Ben", [ClaimSpan(5, len(TEXT) + 10, Tag.CONFIRMED)], SUBMISSION.submitted_at
    )
    back = parse_exchange(dump_submission(far), name="ben.json", expect=SubmissionFile)
    with pytest.raises(ExchangeError, match=r"^ben\.json: this submission: claim 1 .* lies outside the article text"):
        check_matches(EXERCISE, back, name="ben.json")
    with pytest.raises(ExchangeError, match="lies outside"):
        check_matches(KEY, back)


def test_a_text_hash_that_does_not_match_the_embedded_text():
    for obj in (EXERCISE, KEY):
        message = parse_error(mutated(obj, _set("article.text", TEXT + " Edited.")))
        assert "text_hash does not match the article text" in message
        message = parse_error(mutated(obj, _set("text_hash", "0" * 64)))
        assert "text_hash does not match the article text" in message


def test_an_empty_article_text_is_refused():
    def change(data):
        data["article"]["text"] = ""
        data["text_hash"] = text_hash("")

    assert "the article text is empty" in parse_error(mutated(EXERCISE, change))


def test_unknown_tags():
    message = parse_error(mutated(KEY, _set("claims.0.tag", "probably")))
    assert "claim 1" in message
    assert "unknown tag 'probably'; use one of confirmed, estimated, unverified" in message
    # tags are written in lower case; a hand-edited capital is not silently accepted either
    assert "unknown tag 'Confirmed'" in parse_error(mutated(SUBMISSION, _set("claims.0.tag", "Confirmed")))
    assert "must be a string, not a number" in parse_error(mutated(SUBMISSION, _set("claims.0.tag", 1)))


def test_unreadable_paths_are_exchange_errors(tmp_path):
    with pytest.raises(ExchangeError, match=r"^missing\.json: cannot read the file"):
        read_exchange_file(tmp_path / "missing.json")
    with pytest.raises(ExchangeError, match="cannot read the file"):
        read_exchange_file(tmp_path)


def test_refuses_to_write_what_it_could_not_read(tmp_path):
    bad = SubmissionFile.for_exercise(EXERCISE, "", [], SUBMISSION.submitted_at)
    with pytest.raises(ExchangeError, match="field 'trainee' is empty"):
        write_submission(tmp_path / "s.json", bad)
    assert not list(tmp_path.iterdir())


# --- belonging to an exercise ---------------------------------------------------------------


def other_exercise() -> ExerciseFile:
    return ExerciseFile(exercise_uid="11111111-2222-4333-8444-555555555555", title="Budget", article=ARTICLE)


def test_matching_files_pass():
    check_matches(EXERCISE, KEY)
    check_matches(EXERCISE, SUBMISSION)
    check_matches(KEY, SUBMISSION)
    check_matches(text_hash(TEXT), SUBMISSION)
    check_matches(text_hash(TEXT).upper(), KEY)


def test_a_submission_for_another_exercise():
    with pytest.raises(ExchangeError) as info:
        check_matches(other_exercise(), SUBMISSION, name="ana.json")
    assert str(info.value) == (
        f"ana.json: this submission is for exercise '{UID}', not '11111111-2222-4333-8444-555555555555' (Budget)"
    )
    with pytest.raises(ExchangeError, match=f"^this answer key is for exercise '{UID}', not"):
        check_matches(other_exercise(), KEY)


def test_a_submission_on_an_edited_article():
    edited = ExerciseFile(exercise_uid=UID, title="Counting crowds", article=ArticleData(text=TEXT + "!"))
    with pytest.raises(ExchangeError, match=r"made on a different text of exercise .*changed after"):
        check_matches(edited, SUBMISSION)
    with pytest.raises(ExchangeError, match="this submission was made on another article text"):
        check_matches(text_hash("another text"), SUBMISSION)


def test_reading_a_real_file_from_disk_in_every_kind(tmp_path: Path):
    paths = {}
    for obj, name in ((EXERCISE, "exercise.json"), (KEY, "key.json"), (SUBMISSION, "ana.json")):
        paths[name] = tmp_path / name
        paths[name].write_bytes(dump_exchange(obj))
    exercise = read_exchange_file(paths["exercise.json"], expect=ExerciseFile)
    key = read_exchange_file(paths["key.json"], expect=KeyFile)
    submission = read_exchange_file(paths["ana.json"], expect=SubmissionFile)
    check_matches(exercise, key)
    check_matches(key, submission)
    assert submission.claims[0].tag is Tag.CONFIRMED
    assert key.claims[0].note == "Crowd counts are estimates." and key.claims[0].source == "Officials"


# --- messages as templates --------------------------------------------------------------------


def test_messages_are_templates_with_the_file_name_and_values_apart():
    """The window translates the template and fills in the same values; the English reads as before."""
    with pytest.raises(ExchangeError) as info:
        parse_exchange(mutated(KEY, _set("claims.0.tag", "probably")), name="{odd} key.json")
    error = info.value
    assert isinstance(error, UserError)
    assert error.template == (
        "{name}: claim {number} ({start}..{end}) has an unknown tag {found!r}; use one of {allowed}"
    )
    assert error.params["name"] == "{odd} key.json" and error.params["found"] == "probably"
    start, end = KEY.claims[0].start, KEY.claims[0].end
    assert str(error) == (
        f"{{odd}} key.json: claim 1 ({start}..{end}) has an unknown tag 'probably'; "
        "use one of confirmed, estimated, unverified"
    )


def test_messages_without_a_title_or_a_file_name():
    untitled = ExerciseFile(exercise_uid="11111111-2222-4333-8444-555555555555", title="", article=ARTICLE)
    with pytest.raises(ExchangeError) as info:
        check_matches(untitled, SUBMISSION)
    assert str(info.value) == f"this submission is for exercise '{UID}', not '11111111-2222-4333-8444-555555555555'"
    edited = ExerciseFile(exercise_uid=UID, title="", article=ArticleData(text=TEXT + "!"))
    with pytest.raises(ExchangeError) as info:
        check_matches(edited, KEY, name="key.json")
    assert str(info.value) == (
        f"key.json: this answer key was made on a different text of exercise '{UID}' "
        "(the article was changed after it was handed out)"
    )


def test_a_file_too_large_is_refused_unread(tmp_path, monkeypatch):
    from claimmark.core.classroom import exchange

    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(2_600_000)
    monkeypatch.setattr(exchange, "MAX_FILE_BYTES", 1_000_000)
    with pytest.raises(ExchangeError) as info:
        read_exchange_file(big)
    assert str(info.value) == (
        "big.json: too large (2.5 MB; the largest ClaimMark file is 1.0 MB), so it is not one. "
        "Choose the file ClaimMark saved"
    )
    assert info.value.params["size"] == "2.5 MB"  # MB of 2**20 bytes, as the limits are set


# --- who made a file: name and id (version 2), and files made before ids (version 1) ----------


def test_files_say_who_made_them_by_name_and_id():
    teacher, ana = Identity.new("Ms Tan"), Identity.new("Ana Lima")
    exercise = EXERCISE.made_by(teacher)
    key = KeyFile.for_exercise(exercise, KEY.claims)
    submission = SubmissionFile.for_exercise(exercise, ana, SUBMISSION.claims, SUBMISSION.submitted_at)
    for obj, who, field in ((exercise, teacher, "teacher"), (key, teacher, "teacher"), (submission, ana, "trainee")):
        data = json.loads(dump_exchange(obj))
        assert (data[field], data[f"{field}_id"]) == (who.name, who.uid)
        assert parse_exchange(dump_exchange(obj), name="f") == obj
    assert submission.person_id == ana.uid
    # a submission made from a name alone carries the id that name gives (--trainee NAME)
    assert json.loads(dump_exchange(SUBMISSION))["trainee_id"] == Identity.named("Ana Lima").uid


def test_a_version_2_submission_must_say_whose_it_is_by_id():
    assert "field 'trainee_id' is missing" in parse_error(mutated(SUBMISSION, lambda d: d.pop("trainee_id")))
    message = parse_error(mutated(SUBMISSION, lambda d: d.update(trainee_id="ana")))
    assert "field 'trainee_id' is not a UUID: 'ana'" in message
    assert "field 'teacher_id' is not a UUID" in parse_error(mutated(EXERCISE, lambda d: d.update(teacher_id="x")))
    # an exercise or key need not say who made it
    assert parse_exchange(dump_exchange(EXERCISE), name="f") == EXERCISE


def test_version_1_files_still_read():
    exercise = read_exchange_file(V1 / "crowds.exercise.json", expect=ExerciseFile)
    key = read_exchange_file(V1 / "crowds.key.json", expect=KeyFile)
    submission = read_exchange_file(V1 / "crowds.ana-lima.submission.json", expect=SubmissionFile)
    assert json.loads((V1 / "crowds.ana-lima.submission.json").read_text("utf-8"))["version"] == 1
    assert (exercise.exercise_uid, exercise.title, exercise.teacher, exercise.teacher_id) == (
        UID,
        "Counting crowds",
        "",
        "",
    )
    assert [c.note for c in key.claims] == ["Crowd counts are estimates.", "No record is cited."]
    check_matches(exercise, submission)
    check_matches(key, submission)
    # made before ids: the trainee is known by name only
    assert submission.trainee == "Ana Lima" and submission.trainee_id == ""
    assert submission.person_id == Identity.named("Ana Lima").uid
