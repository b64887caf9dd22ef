"""One identity per person: a name and a stable random id in a profile file; names may repeat,
ids never; ``--trainee NAME`` is an identity derived from the name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimmark.core.identity import (
    Identity,
    IdentityProblem,
    ProfileAtStart,
    clean_name,
    first_profile,
    load_profile,
    profile_at_start,
    profile_path,
    save_profile,
    set_aside_damaged,
)
from claimmark.core.reader.workspace import Workspace
from claimmark.core.storage import repository as repo
from claimmark.core.storage.engine import Database


def test_the_profile_is_made_once_and_read_back(profile_file: Path) -> None:
    assert profile_path() == profile_file  # $CLAIMMARK_PROFILE
    assert load_profile() is None  # the first start
    me = Identity.new("  Ana   Lima ")
    assert me.name == "Ana Lima" and me.from_profile
    save_profile(me)
    assert load_profile() == me
    raw = json.loads(profile_file.read_text(encoding="utf-8"))
    assert raw == {"format": "claimmark-profile", "version": 1, "id": me.uid, "name": "Ana Lima"}
    assert not list(profile_file.parent.glob("*.tmp"))
    assert Identity.new("Ana Lima").uid != me.uid  # a new person is a new id, whatever the name


def test_the_default_profile_lives_in_the_user_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLAIMMARK_PROFILE")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert profile_path() == tmp_path / "ClaimMark" / "profile.json"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"format": "claimmark-prof', "is damaged (it is not JSON)"),
        (b"\xff\xfe\x00", "is damaged (it is not JSON)"),
        (b"[1, 2]", "is not a ClaimMark profile"),
        (b'{"format": "claimmark-profile", "id": "nope", "name": "Ana"}', "its id or name is missing"),
        (b'{"format": "claimmark-profile", "id": "6f0c6a4e-5b7e-4f43-9d0e-6c1f3a9b2d57", "name": " "}', "empty"),
    ],
)
def test_a_damaged_profile_is_named_and_can_be_set_aside(profile_file: Path, content: bytes, says: str) -> None:
    profile_file.write_bytes(content)
    with pytest.raises(IdentityProblem) as caught:
        load_profile()
    assert str(profile_file) in str(caught.value) and says in str(caught.value)
    moved = set_aside_damaged()
    assert moved == profile_file.with_name("profile.json.damaged") and moved.read_bytes() == content
    assert load_profile() is None


def test_a_profile_that_cannot_be_written_says_where(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(IdentityProblem, match="could not be saved in"):
        save_profile(Identity.new("Ana"), blocked / "profile.json")


def test_names_are_tidied_and_checked() -> None:
    assert clean_name(" Ana\tLima\n") == "Ana Lima"
    assert clean_name("Zoë 😀 Ng") == "Zoë 😀 Ng"
    for blank in ("", "   ", "\x00\x07"):
        with pytest.raises(IdentityProblem, match="Type your name"):
            clean_name(blank)
    with pytest.raises(IdentityProblem, match="201 characters long; use at most 200"):
        clean_name("x" * 201)


def test_a_name_given_with_trainee_is_the_same_trainee_everywhere() -> None:
    assert Identity.named("Ana Lima") == Identity.named(" ana  LIMA ").renamed("Ana Lima")
    assert Identity.named("Ana Lima").uid != Identity.named("Ana Lim").uid
    assert not Identity.named("Ana").from_profile
    with pytest.raises(ValueError):
        save_profile(Identity.named("Ana"))


def test_two_people_of_one_name_are_two_trainees(db: Database) -> None:
    ana, other_ana = Identity.new("Ana Lima"), Identity.new("Ana Lima")
    first, second = Workspace(db, ana), Workspace(db, other_ana)
    assert first.trainee_id != second.trainee_id
    assert Workspace(db, ana).trainee_id == first.trainee_id  # the next start finds the same one
    with db.read() as session:
        assert [t.uid for t in repo.trainees_named("Ana Lima", session=session)] == [ana.uid, other_ana.uid]


def test_changing_the_name_keeps_the_id_in_the_profile_and_the_database(db: Database) -> None:
    me = Identity.new("Ana")
    save_profile(me)
    workspace = Workspace(db, me)
    renamed = workspace.change_name("  Ana Lima ")
    assert renamed == Identity(me.uid, "Ana Lima") == load_profile() == workspace.identity
    with db.read() as session:
        trainee = repo.find_trainee_by_uid(me.uid, session=session)
        assert trainee is not None and trainee.id == workspace.trainee_id and trainee.name == "Ana Lima"
    with pytest.raises(IdentityProblem):
        workspace.change_name(" ")
    assert load_profile() == renamed
    # the profile is what a start goes by: a database that missed a change is put right
    with db.write() as session:
        repo.rename_trainee(workspace.trainee_id, "Old name", session=session)
    assert Workspace(db, load_profile()).trainee_name == "Ana Lima"
    with db.read() as session:
        trainee = repo.find_trainee_by_uid(me.uid, session=session)
        assert trainee is not None and trainee.name == "Ana Lima"


def test_a_name_given_with_trainee_cannot_be_changed_in_the_window(db: Database, profile_file: Path) -> None:
    workspace = Workspace(db, "Ana")
    assert workspace.name_fixed
    with pytest.raises(IdentityProblem, match="given with --trainee"):
        workspace.change_name("Bob")
    assert not profile_file.exists()


def test_at_start_a_damaged_profile_is_set_aside_and_the_name_asked_again(profile_file: Path) -> None:
    assert profile_at_start() == ProfileAtStart(None)  # the first start: ask
    profile_file.write_text("{not json", encoding="utf-8")
    start = profile_at_start()
    assert start.identity is None and start.problem is not None
    assert "is damaged" in str(start.problem) and "profile.json.damaged" in str(start.problem)
    identity, problem = first_profile(" Ana ")
    assert problem is None and identity.name == "Ana" and load_profile() == identity
    assert profile_at_start() == ProfileAtStart(identity)


def test_a_first_profile_that_cannot_be_saved_keeps_the_work_under_the_name(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("CLAIMMARK_PROFILE", str(blocked / "profile.json"))
    identity, problem = first_profile("Ana")
    assert problem is not None and "kept under your name" in str(problem)
    assert identity.uid == Identity.named("Ana").uid and identity.from_profile
    first = Workspace(db, identity).trainee_id
    # the next start can write its profile: it takes the work over
    monkeypatch.setenv("CLAIMMARK_PROFILE", str(tmp_path / "profile.json"))
    later, problem = first_profile("Ana")
    assert problem is None and later.uid != identity.uid
    assert Workspace(db, later).trainee_id == first
