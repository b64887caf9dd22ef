"""The fault-injection suite (cases in tests/faults.py): after each fault the library is either
intact or refused with a message, nothing is written into a damaged file, no committed edit is
lost, and integrity_check passes on whatever was written."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from tests import faults

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"), reason="the faults need POSIX (SIGKILL, RLIMIT_FSIZE)"
)


def check(outcome: faults.Outcome, *, refused: bool) -> None:
    said = "\n".join(outcome.messages)
    assert outcome.refused is refused, said
    assert not outcome.written_into, said
    assert outcome.lost == 0, said
    assert outcome.integrity in ("ok", "untouched"), said


@pytest.mark.parametrize("case", faults.FILE_FAULTS)
def test_a_fault_to_the_file_is_refused_or_survived(case: str, tmp_path: Path) -> None:
    outcome = faults.file_fault(case, tmp_path / "lib")
    check(outcome, refused=faults.FILE_FAULTS[case][3])
    if outcome.refused:  # the message names the library and says what to do
        assert "lib.sqlite3" in outcome.messages[0]
        assert outcome.read in ("refused", "saved what could be read, the damage told"), outcome.messages[1]


def test_a_read_only_library_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    outcome = faults.read_only_file(tmp_path / "lib")
    check(outcome, refused=True)
    assert "is read-only" in outcome.messages[0]


def test_killing_the_writer_at_random_moments_loses_no_committed_edit(tmp_path: Path) -> None:
    outcome = faults.killed_while_writing(tmp_path / "lib", cycles=6)
    check(outcome, refused=False)
    assert outcome.committed > 6


@pytest.mark.parametrize("what", ["edits", "backup"])
def test_a_full_disk_refuses_the_write_with_a_message_and_keeps_the_library(tmp_path: Path, what: str) -> None:
    outcome = faults.full_disk(tmp_path / "lib", what)
    check(outcome, refused=True)
    message = outcome.messages[0]
    assert "the disk refused it" in message or "could not be written to" in message, message
