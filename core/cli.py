"""The ``claimmark`` command line.  With no subcommand it opens the window (see gui.app).

Subcommands work without a screen: ``export``, ``import``, ``clean``, ``score``, ``grades``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from claimmark.core.storage import open_database
from claimmark.core.storage.engine import ENV_VAR, DatabaseProblem

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

    imp = sub.add_parser(
        "import",
        help="add article files to the library (glued words are repaired)",
        description="Add article files (.txt, .md, .html) to the library and print 'ID<TAB>TITLE' for each. "
        "Words glued together by copying from a web page are repaired automatically (every proposed "
        "repair is applied; the original text is kept and the window lists the changes; see them first "
        "with 'claimmark clean FILE'). A text already in the library is not added again: its ID is printed. "
        "Exits with 1 if any file could not be imported; the others are still imported.",
    )
    imp.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    imp.add_argument("--no-repair", action="store_true", help="store the text exactly as read, without repairs")
    imp.add_argument("files", nargs="+", metavar="FILE")

    clean = sub.add_parser(
        "clean",
        help="print an article's text with glued words repaired",
        description="Print the article's text with every proposed repair applied to standard output, "
        "and one line per change to standard error ('pos N: leaderKim -> leader Kim (reason)'). "
        "Give - to read pasted text from standard input. Nothing is stored.",
    )
    clean.add_argument("file", metavar="FILE")

    score = sub.add_parser("score", help="score submission files against an answer key")
    score.add_argument("--key", required=True, metavar="KEY_FILE", help="the exercise's answer key file")
    score.add_argument("submissions", nargs="+", metavar="SUBMISSION_FILE")
    score.add_argument("--csv", metavar="OUT", help="also write one row per submission to this CSV file")

    grades = sub.add_parser(
        "grades",
        help="write a class's results as CSV for a grade book",
        description="One row per trainee, one column per exercise: the percentage of the exercise's key claims "
        "the trainee found with the key's tag, on their first attempt (empty: nothing handed in). Exercises "
        "with an answer key count, in the order they were made; the bundled sample and practice set only "
        "with --practice.",
    )
    grades.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    grades.add_argument("--practice", action="store_true", help="include the bundled sample and practice set")
    grades.add_argument("--out", help="output file (default: standard output)")
    return parser


def _score(args: argparse.Namespace) -> int:
    from claimmark.core.classroom.exchange import ExchangeError
    from claimmark.core.classroom.report import format_report, score_files, write_csv

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


def write_out(out: str | None, write: Callable[[IO[str]], int]) -> int:
    """Run ``write`` on the file ``out`` (written whole or not at all, through a ``.part`` file
    renamed at the end), or on standard output; returns what ``write`` returns."""
    if not out:
        return write(sys.stdout)
    out_path = Path(out)
    tmp = out_path.with_name(out_path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        count = write(fh)
    tmp.replace(out_path)
    return count


def _grades(args: argparse.Namespace) -> int:
    from claimmark.core.classroom.gradebook import class_progress, write_csv

    db = open_database(args.db)
    try:
        book = class_progress(db, practice=args.practice)
        count = write_out(args.out, lambda fh: write_csv(book, fh))
        print_err(f"{count} trainee(s), {len(book.columns)} exercise(s)")
        return 0
    finally:
        db.close()


def _export(args: argparse.Namespace) -> int:
    from claimmark.core.exporting import records, write_csv, write_jsonl

    db = open_database(args.db)
    try:
        rows = records(db, article_id=args.article, trainee=args.trainee)
        writer = write_jsonl if args.format == "jsonl" else write_csv
        count = write_out(args.out, lambda fh: writer(rows, fh))
        unit = "records" if args.format == "jsonl" else "claims"
        print(f"exported {count} {unit}", file=sys.stderr)
        return 0
    finally:
        db.close()


def _import(args: argparse.Namespace) -> int:
    from claimmark.core.library import import_sources

    db = open_database(args.db)
    failed = 0
    try:
        for outcome in import_sources(db, args.files, repair=not args.no_repair):
            if outcome.problem is not None or outcome.article is None:
                failed += 1
                print_err(outcome.problem or f"{outcome.source}: not imported")
                continue
            title = " ".join(outcome.article.title.split())
            print(f"{outcome.article.id}\t{title}", flush=True)
            if outcome.existing:
                print_err(f"{outcome.source}: already in the library as article {outcome.article.id}; not added again")
            elif outcome.repairs:
                print_err(
                    f"{outcome.source}: repaired {outcome.repairs} glued word(s) "
                    f"(see them with 'claimmark clean {outcome.source}'; use --no-repair to keep the text as it is)"
                )
            if outcome.language not in ("", "en"):
                print_err(
                    f"{outcome.source}: the text looks like language '{outcome.language}'; "
                    "entity highlighting is English-only, so names and places will not be highlighted reliably"
                )
    finally:
        db.close()
    if failed:
        print_err(f"{failed} of {len(args.files)} file(s) could not be imported")
    return 1 if failed else 0


def _clean(args: argparse.Namespace) -> int:
    from claimmark.core.importing import ImportProblem
    from claimmark.core.importing.mojibake import Fix
    from claimmark.core.library import PastedText, prepare_import, problem_for

    source = PastedText(sys.stdin.read()) if args.file == "-" else args.file
    try:
        prepared = prepare_import(source)
    except ImportProblem as problem:
        print_err(problem_for(args.file, problem))
        return 1
    sys.stdout.write(prepared.text_with(prepared.repairs) + "\n")
    sys.stdout.flush()
    if not prepared.repair_checked:
        why = (
            "a web page's spacing comes from its markup"
            if prepared.imported.format == "html"
            else (f"the text looks like language '{prepared.imported.language}' and repair knows English words only")
        )
        print_err(f"{prepared.name}: not checked for glued words: {why}")
    for repair in prepared.repairs:
        if isinstance(repair, Fix):
            change = f"{repair.was!r} -> {repair.becomes!r}"
        else:
            change = f"{repair.left}{repair.right} -> {repair.left} {repair.right}"
        print(f"pos {repair.position}: {change} ({repair.reason})", file=sys.stderr)
    print_err(f"{len(prepared.repairs)} change(s)")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": _export,
    "import": _import,
    "clean": _clean,
    "score": _score,
    "grades": _grades,
}


# top-level options that take a value (so their value is not mistaken for a file or command)
_VALUED = {"--db", "--trainee", "--article", "--open"}


def _file_means_open(argv: list[str]) -> list[str]:
    """ "claimmark [options] FILE" (a double-clicked exercise or article) means "--open FILE"."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in _VALUED:
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        if token not in COMMANDS and Path(token).exists():
            return [*argv[:i], "--open", *argv[i:]]
        return argv
    return argv


def main(argv: Sequence[str] | None = None, *, open_window: WindowLauncher | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    argv = _file_means_open(argv)
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
