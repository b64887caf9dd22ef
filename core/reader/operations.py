"""User edits as plain data, applied by one function that returns the inverse edit and what changed.

The GUI wraps each operation in a ``QUndoCommand`` (redo = apply, undo = apply the inverse), and
every apply runs in its own committed transaction, so undo and redo are saved like any edit.
The :class:`Change` an apply returns names the claims added, updated and removed, so a view
redraws only those, whatever the number of claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from claimmark.core.claims import Tag
from claimmark.core.errors import UserError
from claimmark.core.storage.engine import Database
from claimmark.core.storage.models import Article, Claim, ClaimSet, utcnow
from claimmark.core.storage.records import ClaimRecord
from claimmark.core.text import OffsetCarrier, excerpt, replacements, text_hash


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


@dataclass(frozen=True)
class ClaimState:
    """A claim as it was, kept by an inverse edit to put it back exactly."""

    claim_id: int
    claim_set_id: int
    start: int
    end: int
    tag: Tag
    note: str = ""
    source: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class EditText:
    """Change an article's text (add or remove spaces, drop a line, fix a typo), carrying every
    claim on it (everyone's, answer keys too) to the same words.

    A claim whose words are all removed is removed with them.  ``placed`` and ``restored`` are
    for undo: claims put back exactly where they were, and claims removed by the edit undone.
    """

    article_id: int
    text: str
    placed: tuple[tuple[int, int, int], ...] = ()
    """(claim id, start, end): where to put these claims instead of carrying them."""
    restored: tuple[ClaimState, ...] = ()


Operation = AddClaim | UpdateClaim | DeleteClaim | EditText


@dataclass(frozen=True)
class Change:
    """What one applied operation did to the stored claims."""

    added: tuple[ClaimRecord, ...] = ()
    updated: tuple[ClaimRecord, ...] = ()
    """The claims as they are now."""
    removed: tuple[ClaimRecord, ...] = ()
    """The claims as they were."""
    text_changed: bool = False
    """The article's text changed (:class:`EditText`): everything shown of it is shown anew."""

    @property
    def claim_id(self) -> int:
        """The claim a claim edit touched (each touches one)."""
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
    if isinstance(op, EditText):
        return _edit_text(op, session=session)
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


class TextLocked(UserError):
    """The text cannot change: an exercise on it has submissions made against this text."""


def _edit_text(op: EditText, *, session: Session) -> tuple[Operation, Change]:
    article = session.get(Article, op.article_id)
    if article is None:
        raise StaleEdit("Article {article} no longer exists; it may have been deleted.", article=op.article_id)
    old = article.text
    if not op.text.strip():
        raise TextLocked("An article needs some text; to remove it, delete it from the library.")
    if old == op.text:
        return op, Change()
    handed_in = session.exec(
        select(ClaimSet).where(
            ClaimSet.article_id == op.article_id,
            col(ClaimSet.exercise_id).is_not(None),
            col(ClaimSet.submitted_at).is_not(None),
        )
    ).first()
    if handed_in is not None:
        raise TextLocked(
            "This article's text cannot change: an exercise on it already has submissions, and they were "
            "made against this text. Make a copy of the article (File > Paste as new article) to change it."
        )
    carrier = OffsetCarrier(replacements(old, op.text))
    placed = {claim_id: (start, end) for claim_id, start, end in op.placed}
    claims = session.exec(
        select(Claim)
        .join(ClaimSet, col(ClaimSet.id) == col(Claim.claim_set_id))
        .where(ClaimSet.article_id == op.article_id)
    ).all()
    back: list[tuple[int, int, int]] = []
    removed: list[ClaimRecord] = []
    gone: list[ClaimState] = []
    updated: list[ClaimRecord] = []
    for claim in claims:
        assert claim.id is not None
        start, end = placed.get(claim.id) or (carrier.start(claim.start), carrier.end(claim.end))
        if (start, end) == (claim.start, claim.end):
            continue
        if end <= start or not op.text[start:end].strip():  # its words are gone
            removed.append(ClaimRecord.of(claim))
            gone.append(
                ClaimState(claim.id, claim.claim_set_id, claim.start, claim.end, Tag(claim.tag), claim.note,
                           claim.source, claim.created_at)
            )  # fmt: skip
            session.delete(claim)
            continue
        back.append((claim.id, claim.start, claim.end))
        claim.start, claim.end = start, end
        session.add(claim)
        updated.append(ClaimRecord.of(claim))
    added: list[ClaimRecord] = []
    for state in op.restored:
        claim = Claim(
            id=state.claim_id,
            claim_set_id=state.claim_set_id,
            start=state.start,
            end=state.end,
            tag=state.tag.value,
            note=state.note,
            source=state.source,
            created_at=state.created_at or utcnow(),
        )
        session.add(claim)
        session.flush()
        added.append(ClaimRecord.of(claim))
        back.append((state.claim_id, state.start, state.end))  # undone again: carried as any claim
    if article.original_text is None:
        article.original_text = old  # the text as it came in is kept, whatever changes later
    article.text = op.text
    article.text_hash = text_hash(op.text)
    session.add(article)
    session.flush()
    inverse = EditText(op.article_id, old, placed=tuple(b for b in back if b[0] not in {a.id for a in added}),
                       restored=tuple(gone))  # fmt: skip
    return inverse, Change(added=tuple(added), updated=tuple(updated), removed=tuple(removed), text_changed=True)


def run(db: Database, op: Operation) -> tuple[Operation, Change]:
    """Apply ``op`` in its own transaction, committed before this returns."""
    with db.write() as session:
        return apply(op, session=session)


def describe(op: Operation, text: str) -> str:
    """What the edit does, for the Edit menu ("Undo Tag 'about 600…' as estimated")."""
    if isinstance(op, EditText):
        return "Edit the article's text"
    if isinstance(op, AddClaim):
        return f"Tag “{excerpt(text, op.start, op.end, 30)}” as {Tag(op.tag).value}"
    if isinstance(op, DeleteClaim):
        return "Delete claim"
    changes = [name for name, value in (("tag", op.tag), ("note", op.note), ("source", op.source)) if value is not None]
    if changes == ["tag"] and op.tag is not None:
        return f"Retag as {Tag(op.tag).value}"
    return "Edit " + " and ".join(changes) if changes else "Edit claim"
