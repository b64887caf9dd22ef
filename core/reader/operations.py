"""User edits as plain data, applied by one function that returns the inverse edit and what changed.

The GUI wraps each operation in a ``QUndoCommand`` (redo = apply, undo = apply the inverse), and
every apply runs in its own committed transaction, so undo and redo are saved like any edit.
The :class:`Change` an apply returns names the claims added, updated and removed, so a view
redraws only those, whatever the number of claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from claimmark.core.claims import Tag
from claimmark.core.errors import UserError
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Claim, ClaimSet, utcnow
from claimmark.core.storage.records import ClaimRecord
from claimmark.core.text import excerpt


@dataclass(frozen=True)
class AddClaim:
    claim_set_id: int
    start: int
    end: int
    tag: Tag
    note: str = ""
    source: str = ""
    # set when re-adding a deleted claim, so later edits that name this id stay valid
    claim_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class UpdateClaim:
    claim_id: int
    tag: Tag | None = None
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class DeleteClaim:
    claim_id: int


Operation = AddClaim | UpdateClaim | DeleteClaim


@dataclass(frozen=True)
class Change:
    """What one applied operation did to the stored claims."""

    added: tuple[ClaimRecord, ...] = ()
    updated: tuple[ClaimRecord, ...] = ()
    """The claims as they are now."""
    removed: tuple[ClaimRecord, ...] = ()
    """The claims as they were."""

    @property
    def claim_id(self) -> int:
        """The claim the operation touched (each operation touches one)."""
        (claim,) = self.added or self.updated or self.removed
        return claim.id


class StaleEdit(UserError):
    """The claim an edit refers to is gone (deleted elsewhere, e.g. by another window)."""


class LockedEdit(UserError):
    """The claims belong to a submitted claim set: they stay as they were handed in."""


def _check_open(session: Session, claim_set_id: int) -> None:
    claim_set = session.get(ClaimSet, claim_set_id)
    if claim_set is not None and claim_set.submitted_at is not None:
        raise LockedEdit(
            "These claims were submitted and are locked; choose Exercise > Edit again to change them "
            "(possible until the answer key is out)."
        )


def _claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise StaleEdit(
            "Claim {claim_id} no longer exists; it may have been deleted in another window.", claim_id=claim_id
        )
    return claim


def apply(op: Operation, *, session: Session) -> tuple[Operation, Change]:
    """Apply ``op``; return its inverse and what changed."""
    if isinstance(op, AddClaim):
        _check_open(session, op.claim_set_id)
        claim = Claim(
            id=op.claim_id,
            claim_set_id=op.claim_set_id,
            start=op.start,
            end=op.end,
            tag=Tag(op.tag).value,
            note=op.note,
            source=op.source,
            created_at=op.created_at or utcnow(),
        )
        session.add(claim)
        session.flush()
        assert claim.id is not None
        return DeleteClaim(claim.id), Change(added=(ClaimRecord.of(claim),))
    if isinstance(op, UpdateClaim):
        claim = _claim(session, op.claim_id)
        _check_open(session, claim.claim_set_id)
        inverse = UpdateClaim(
            op.claim_id,
            tag=Tag(claim.tag) if op.tag is not None else None,
            note=claim.note if op.note is not None else None,
            source=claim.source if op.source is not None else None,
        )
        if op.tag is not None:
            claim.tag = Tag(op.tag).value
        if op.note is not None:
            claim.note = op.note
        if op.source is not None:
            claim.source = op.source
        claim.updated_at = utcnow()
        session.add(claim)
        return inverse, Change(updated=(ClaimRecord.of(claim),))
    claim = _claim(session, op.claim_id)
    _check_open(session, claim.claim_set_id)
    inverse_add = AddClaim(
        claim_set_id=claim.claim_set_id,
        start=claim.start,
        end=claim.end,
        tag=Tag(claim.tag),
        note=claim.note,
        source=claim.source,
        claim_id=claim.id,
        created_at=claim.created_at,
    )
    removed = ClaimRecord.of(claim)
    session.delete(claim)
    return inverse_add, Change(removed=(removed,))


def run(db: Database, op: Operation) -> tuple[Operation, Change]:
    """Apply ``op`` in its own transaction, committed before this returns."""
    with db.write() as session:
        return apply(op, session=session)


def describe(op: Operation, text: str) -> str:
    """What the edit does, for the Edit menu ("Undo Tag 'about 600…' as estimated")."""
    if isinstance(op, AddClaim):
        return f"Tag “{excerpt(text, op.start, op.end, 30)}” as {Tag(op.tag).value}"
    if isinstance(op, DeleteClaim):
        return "Delete claim"
    changes = [name for name, value in (("tag", op.tag), ("note", op.note), ("source", op.source)) if value is not None]
    if changes == ["tag"] and op.tag is not None:
        return f"Retag as {Tag(op.tag).value}"
    return "Edit " + " and ".join(changes) if changes else "Edit claim"
