"""The fault-injection table: every fault of tests/faults.py, with more kill cycles than the tests run.

For each fault done to a library (or to the process writing it), ``claimmark import`` and
``claimmark export --all`` are run on it and the outcome is recorded: refused with a message
naming the library, written into (target: never), committed edits lost (target: none), and
``integrity_check`` on what was written.  Prints a Markdown table and its totals (the README's).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kill-cycles", type=int, default=40, help="how many times the writer is killed (40)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="claimmark-faults-"))
    os.environ["CLAIMMARK_BACKUPS"] = str(folder / "backups")
    try:
        print(faults.table(faults.all_cases(folder, kill_cycles=args.kill_cycles)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
