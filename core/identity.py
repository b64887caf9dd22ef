"""Who is working: a trainee's (or teacher's) name and a stable random id, kept in a profile.

The **id** tells people apart; the **name** is what people read.  Two trainees may share a name
(two "Ana Lima" in a class, or a school login shared by a whole class): their ids still differ,
so their work never mixes, in a database or in the files they hand in.

* The **profile** is a small JSON file in the user's config folder (platformdirs'
  ``user_config_path``; ``$CLAIMMARK_PROFILE`` names another file).  It is made on the first
  start, when the window asks for the name, and holds the id for good; the name can be changed
  later (the id stays).  It is written atomically, so a crash never leaves half a profile.
* ``--trainee NAME`` (scripts, tests, a machine shared in turns) works as the trainee of that
  name without reading or writing the profile.  Its id is derived from the name
  (:meth:`Identity.named`), so the same name is the same trainee on every run, database and
  machine: meant for scripts, not for a class where two people may share a name.  Trainees stored
  by earlier versions, which knew only names, got the same derived id when their database was
  upgraded, so ``--trainee NAME`` finds their work.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from claimmark.core.errors import UserError

PROFILE_ENV = "CLAIMMARK_PROFILE"
PROFILE_FORMAT = "claimmark-profile"
PROFILE_VERSION = 1
NAME_LIMIT = 200
"""Longest name kept (the database column's size)."""

NAMED_NAMESPACE = uuid.UUID("6f0c6a4e-5b7e-4f43-9d0e-6c1f3a9b2d57")
"""The namespace of ids derived from a name (uuid5).  Never change it: migration 0005 gave every
trainee of an earlier version the id derived with it, and ``--trainee NAME`` finds them by it."""


class IdentityProblem(UserError):
    """A name that cannot be used, or a profile that cannot be read or written."""


def name_key(name: str) -> str:
    """Names that read the same: case and spacing ignored ("Ana  Lima" is "ana lima")."""
    return " ".join(name.split()).casefold()


def clean_name(name: str) -> str:
    """The name as it is kept: spacing tidied, no control characters; IdentityProblem if blank or too long."""
    tidy = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    if not tidy:
        raise IdentityProblem("Type your name: your teacher sees it on your work.")
    if len(tidy) > NAME_LIMIT:
        raise IdentityProblem(
            "That name is {length} characters long; use at most {limit}.", length=len(tidy), limit=NAME_LIMIT
        )
    return tidy


def named_uid(name: str) -> str:
    """The id derived from a name (see :meth:`Identity.named`)."""
    return str(uuid.uuid5(NAMED_NAMESPACE, name_key(name)))


def canonical_uid(value: str) -> str | None:
    """``value`` as a canonical UUID string, or None when it is not a UUID."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class Identity:
    """A person as ClaimMark keeps them apart: a stable id and the name they go by."""

    uid: str
    name: str
    from_profile: bool = True
    """True for the profile's identity; False for one given by name (``--trainee``)."""

    @classmethod
    def new(cls, name: str) -> Identity:
        """A new person: the name (cleaned) and a new random id."""
        return cls(uid=str(uuid.uuid4()), name=clean_name(name))

    @classmethod
    def named(cls, name: str) -> Identity:
        """The person known only by this name: the id is derived from it (case and spacing
        ignored), the same everywhere."""
        cleaned = clean_name(name)
        return cls(uid=named_uid(cleaned), name=cleaned, from_profile=False)

    def renamed(self, name: str) -> Identity:
        return replace(self, name=clean_name(name))

    @property
    def short_id(self) -> str:
        """The first characters of the id, to tell two people of the same name apart."""
        return short_id(self.uid)


def short_id(uid: str) -> str:
    """The first six hex digits of an id: enough to tell a class's people of one name apart."""
    return uid.replace("-", "")[:6]


def told_apart(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A label for each person (id -> label): their name, and where several ids share a name
    (case and spacing ignored), the name with the start of the id: "Ana Lima (#3f2c1f)"."""
    people = list(dict.fromkeys(people))
    ids_of: dict[str, set[str]] = {}
    for name, uid in people:
        ids_of.setdefault(name_key(name), set()).add(uid)
    return {uid: f"{name} (#{short_id(uid)})" if len(ids_of[name_key(name)]) > 1 else name for name, uid in people}


# --- the profile file -------------------------------------------------------------------------


def profile_path() -> Path:
    """``$CLAIMMARK_PROFILE``, else ``profile.json`` in the user's ClaimMark config folder."""
    chosen = os.environ.get(PROFILE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("ClaimMark", appauthor=False) / "profile.json"


def load_profile(path: str | os.PathLike[str] | None = None) -> Identity | None:
    """The identity in the profile; None when there is no profile yet (the first start).

    A profile that cannot be read or is damaged is an :class:`IdentityProblem` naming the file.
    """
    file = Path(path) if path is not None else profile_path()
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IdentityProblem(
            "Your ClaimMark profile {file} cannot be read ({reason}).", file=str(file), reason=exc.strerror or str(exc)
        ) from exc
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise IdentityProblem("Your ClaimMark profile {file} is damaged (it is not JSON).", file=str(file)) from None
    if not isinstance(raw, dict) or raw.get("format") != PROFILE_FORMAT:
        raise IdentityProblem("{file} is not a ClaimMark profile.", file=str(file))
    uid = canonical_uid(raw.get("id", ""))
    name = raw.get("name")
    if uid is None or not isinstance(name, str):
        raise IdentityProblem("Your ClaimMark profile {file} is damaged (its id or name is missing).", file=str(file))
    try:
        return Identity(uid=uid, name=clean_name(name))
    except IdentityProblem:
        raise IdentityProblem("Your ClaimMark profile {file} is damaged (its name is empty).", file=str(file)) from None


def save_profile(identity: Identity, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the profile (atomically: a temporary file, then a rename); IdentityProblem if it cannot be."""
    if not identity.from_profile:
        raise ValueError("an identity given by name (--trainee) is never written to the profile")
    file = Path(path) if path is not None else profile_path()
    data = {"format": PROFILE_FORMAT, "version": PROFILE_VERSION, "id": identity.uid, "name": identity.name}
    tmp = ""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise IdentityProblem(
            "Your name could not be saved in {file} ({reason}). Check that the folder can be written.",
            file=str(file),
            reason=exc.strerror or str(exc),
        ) from exc
    return file


def set_aside_damaged(path: str | os.PathLike[str] | None = None) -> Path | None:
    """Move a damaged profile out of the way (``profile.json.damaged``), so a new one can be made; where it went."""
    file = Path(path) if path is not None else profile_path()
    target = file.with_name(file.name + ".damaged")
    try:
        os.replace(file, target)
    except OSError:
        return None
    return target


# --- at start -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileAtStart:
    """What the profile says when the window starts."""

    identity: Identity | None
    """The person; None on the first start (or after a damaged profile): ask their name."""
    problem: IdentityProblem | None = None
    """A damaged profile, set aside (``profile.json.damaged``) so that a new one can be made."""


def profile_at_start() -> ProfileAtStart:
    try:
        return ProfileAtStart(load_profile())
    except IdentityProblem as problem:
        moved = set_aside_damaged()
        if moved is None:
            return ProfileAtStart(None, problem)
        return ProfileAtStart(
            None,
            IdentityProblem(
                problem.template + " It was kept as {kept}; type your name again to go on.",
                **problem.params,
                kept=str(moved),
            ),
        )


def first_profile(name: str) -> tuple[Identity, IdentityProblem | None]:
    """The identity of someone starting for the first time: a new id with their name, saved.

    If the profile cannot be written, the identity their name gives (:meth:`Identity.named`)
    is used instead, with the problem to tell them: their work is kept under the name, and the
    next start whose profile can be written takes it over (``core.reader.workspace.trainee_for``).
    """
    identity = Identity.new(name)
    try:
        save_profile(identity)
    except IdentityProblem as problem:
        return Identity(uid=named_uid(identity.name), name=identity.name), IdentityProblem(
            problem.template + " Your work is kept under your name for now.", **problem.params
        )
    return identity, None
