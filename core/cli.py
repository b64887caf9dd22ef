"""The ``claimmark`` command line.  With no subcommand it opens the window (see gui.app).

Subcommands work without a screen: ``export``, ``import``, ``clean``, ``score``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from core.db import ENV_VAR, DatabaseProblem, open_database

WindowLauncher = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimmark",
        description="Read the news critically: tag the claims an article makes. "
        "With no command, opens the window on where you left off (or the sample exercise).",
    )
    db_help = f"database file or SQLAlchemy URL (default: ${ENV_VAR}, else a file in your user data folder)"
    parser.add_argument("--db", help=db_help)
    parser.add_argument("--trainee", help="your name as stored with your claims (default: your login name)")
    parser.add_argument("--article", type=int, help="open this article id instead of where you left off")
    parser.add_argument("--teacher", action="store_true", help="start in teacher mode (answer keys, debrief)")
    parser.add_argument("--open", dest="open_file", metavar="FILE", help="an article or exercise file to open")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = sub.add_parser("export", help="write claims and entities as JSONL or CSV")
    export.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    export.add_argument("--article", type=int, help="only this article id")
    export.add_argument("--trainee", help="only this trainee's work")
    export.add_argument("--format", choices=["jsonl", "csv"], required=True)
    export.add_argument("--out", help="output file (default: standard output)")

    score = sub.add_parser("score", help="score submission files against an answer key")
    score.add_argument("--key", required=True, metavar="KEY_FILE", help="the exercise's answer key file")
    score.add_argument("submissions", nargs="+", metavar="SUBMISSION_FILE")
    score.add_argument("--csv", metavar="OUT", help="also write one row per submission to this CSV file")
    return parser


def _score(args: argparse.Namespace) -> int:
    from core.exchange import ExchangeError
    from core.score_report import format_report, score_files, write_csv

    try:
        report = score_files(args.key, args.submissions)
    except ExchangeError as exc:
        print(f"claimmark: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.csv:
        write_csv(report, args.csv)
        print(f"wrote {args.csv}", file=sys.stderr)
    for problem in report.problems:
        print(f"claimmark: skipped {problem}", file=sys.stderr)
    return 1 if report.problems else 0


def _export(args: argparse.Namespace) -> int:
    from core.exporting import records, write_csv, write_jsonl

    db = open_database(args.db)
    try:
        rows = records(db, article_id=args.article, trainee=args.trainee)
        writer = write_jsonl if args.format == "jsonl" else write_csv
        if args.out:
            out_path = Path(args.out)
            tmp = out_path.with_name(out_path.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                count = writer(rows, fh)
            tmp.replace(out_path)
        else:
            count = writer(rows, sys.stdout)
        unit = "records" if args.format == "jsonl" else "claims"
        print(f"exported {count} {unit}", file=sys.stderr)
        return 0
    finally:
        db.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"export": _export, "score": _score}


def main(argv: Sequence[str] | None = None, *, open_window: WindowLauncher | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # "claimmark FILE" (a double-clicked exercise or article) means "claimmark --open FILE"
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS and Path(argv[0]).exists():
        argv = ["--open", *argv]
    args = parser.parse_args(argv)
    if getattr(args, "db", None) is None:
        args.db = None
    try:
        if args.command is None:
            if open_window is None:
                parser.error("no command given (the window is opened by the claimmark program)")
            return open_window(args)
        return COMMANDS[args.command](args)
    except DatabaseProblem as exc:
        print(f"claimmark: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


def print_err(message: str, stream: IO[str] | None = None) -> None:
    print(f"claimmark: {message}", file=stream or sys.stderr)
