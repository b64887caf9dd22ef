"""Core operations as ``QUndoCommand``s: redo applies, undo applies the inverse.

Each apply is committed to the database by the runner before it returns, so undo and redo
are saved like any other edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from claimmark.core.reader.operations import Operation, UpdateClaim

Runner = Callable[[Operation], "Operation | None"]
NOTE_MERGE_ID = 1


class OperationCommand(QUndoCommand):
    """One user edit.  ``runner`` applies an operation and returns its inverse (None on failure)."""

    def __init__(self, op: Operation, runner: Runner, text: str) -> None:
        super().__init__(text)
        self._forward: Operation = op
        self._inverse: Operation | None = None
        self._runner = runner

    def redo(self) -> None:
        inverse = self._runner(self._forward)
        if inverse is None:
            self.setObsolete(True)
            return
        self._inverse = inverse

    def undo(self) -> None:
        if self._inverse is None:
            return
        forward = self._runner(self._inverse)
        if forward is None:
            self.setObsolete(True)
            return
        self._forward = forward

    # consecutive note edits of one claim become one undo step
    def id(self) -> int:
        op = self._forward
        if isinstance(op, UpdateClaim) and op.note is not None and op.tag is None and op.source is None:
            return NOTE_MERGE_ID
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, OperationCommand) or other.id() != NOTE_MERGE_ID:
            return False
        mine, theirs = self._forward, other._forward
        if not (isinstance(mine, UpdateClaim) and isinstance(theirs, UpdateClaim)):
            return False
        if mine.claim_id != theirs.claim_id:
            return False
        # keep my inverse (the note before the first edit) and their forward (the latest note)
        self._forward = theirs
        return True
