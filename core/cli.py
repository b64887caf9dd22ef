"""The ``claimmark`` command line.  With no subcommand it opens the window (see gui.app).

Subcommands work without a screen: ``export``, ``import``, ``clean``, ``cues``, ``score``, ``grades``, and
for keeping the library safe ``backup``, ``restore`` and ``import-all`` (``export --all`` is
their way out).

``export`` and ``score`` only read: ``export`` opens the library read-only (nothing is created,
upgraded or switched to WAL; a damaged library is read for what it still holds), ``score``
reads files and no database at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from claimmark.core.errors import UserError
from claimmark.core.storage import open_database
from claimmark.core.storage.engine import ENV_VAR, Database, resolve_url
from claimmark.core.text import counted, printable

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
    parser.add_argument(
        "--class",
        dest="class_file",
        metavar="FILE",
        help="join the class database of this connection file (from your teacher) and work in it",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    klass = sub.add_parser(
        "class",
        help="a class database on PostgreSQL that enforces who sees what (setup, add-trainees, list)",
        description="Run a class on a PostgreSQL database whose roles, grants and row-level security keep "
        "trainees apart: each sees and changes only their own work, answer keys stay hidden until released and "
        "submitted work stays as it was handed in.",
    )
    class_sub = klass.add_subparsers(dest="class_command", metavar="STEP", required=True)
    setup = class_sub.add_parser(
        "setup",
        help="make a database a class database (run as its owner; safe to run again)",
        description="Create or upgrade the schema, the teacher role, the trainees' group, grants, row-level "
        "security and triggers, and load the bundled sample and practice set. Writes the teacher's connection "
        "file the first time. Run it as the database's owner; running it again changes nothing.",
    )
    setup.add_argument("url", metavar="URL", help="postgresql://owner@host/dbname")
    setup.add_argument("--out", default=".", metavar="FOLDER", help="where the teacher's connection file goes")
    setup.add_argument("--host", help="the server's address as the class reaches it (default: the URL's)")
    add = class_sub.add_parser(
        "add-trainees",
        help="one login role and connection file per trainee",
        description="For each name in NAMES_FILE (UTF-8, one a line; blank lines and # comments skipped) make a "
        "login role with a generated password and its trainee, and write the trainee's connection file into "
        "--out, for the teacher to hand out. A name already in the class is skipped.",
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("names_file", metavar="NAMES_FILE")
    add.add_argument("--out", required=True, metavar="FOLDER", help="the folder for the connection files")
    add.add_argument("--host", help="the server's address as the trainees reach it (default: the URL's)")
    members = class_sub.add_parser("list", help="who has joined, and their claims and submissions")
    members.add_argument("url", metavar="URL", help="the class database's URL, or the teacher's connection file")

    export = sub.add_parser(
        "export",
        help="write claims and entities as JSONL or CSV, or the whole library (--all)",
        description="Write claims and entities as JSONL or CSV, or with --all FILE the whole library or class "
        "(articles, exercises, answer keys, submissions, trainees) to one portable file that 'claimmark "
        "import-all' brings back. The library is only read: nothing in it is created, upgraded or changed. A "
        "damaged library is read for what it still holds.",
    )
    export.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    export.add_argument("--article", type=int, help="only this article id")
    export.add_argument("--trainee", help="only this trainee's work")
    export.add_argument("--format", choices=["jsonl", "csv"])
    export.add_argument("--out", help="output file (default: standard output)")
    export.add_argument("--all", dest="all_file", metavar="FILE", help="the whole library as one portable file")

    everything = sub.add_parser(
        "import-all",
        help="fill an empty library with a file made by 'export --all'",
        description="Bring back a whole library or class from a file made by 'claimmark export --all', into an "
        "empty database (a new file, or an empty PostgreSQL database): on another machine, from SQLite to "
        "PostgreSQL or back, or to rescue what a damaged library held. Every row is checked and all are written "
        "in one transaction: a bad file changes nothing.",
    )
    everything.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    everything.add_argument("file", metavar="FILE")

    backup = sub.add_parser(
        "backup",
        help="back up the library now (or list its backups)",
        description="Back up the library now with SQLite's online backup (checked before and after), into its "
        "backups folder; or list the backups with --list. ClaimMark also backs up by itself: before every "
        "schema upgrade, when the window closes after changes, and once a day. On PostgreSQL this says how the "
        "server's tools do it.",
    )
    backup.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")

    restore = sub.add_parser(
        "restore",
        help="put a backup in the library's place (the library as it was is kept)",
        description="With no BACKUP, list the library's backups, numbered, newest first. With BACKUP (a number "
        "from that list, or a backup file), put it in the library's place. A sound library is backed up first; "
        "a damaged one is moved into the backups folder, never deleted. Close ClaimMark's windows first.",
    )
    restore.add_argument("--db", help=db_help, default=argparse.SUPPRESS)
    restore.add_argument("which", nargs="?", metavar="BACKUP", help="a number from the list, or a backup file")

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

    cues = sub.add_parser(
        "cues",
        help="print the reading cues of an article file: hedges, estimates, attributions and who says what",
        description="Print the hedges ('may', 'reportedly'), estimates ('about 600', 'as high as') and attribution "
        "cues ('said', 'according to') spaCy finds in an article file, and each attribution's cue, source and "
        "content with the source's kind (named, anonymous, document, media). Offsets are code points into the "
        "file's text as 'claimmark import --no-repair' reads it (decoded, nothing repaired), end exclusive. "
        "Nothing is stored. Output formats: see docs/cues.md.",
    )
    cues.add_argument("file", metavar="FILE")
    cues.add_argument(
        "--format",
        choices=["text", "jsonl"],
        default="text",
        help="jsonl: one JSON object per line, for scripts; text (default): one readable line per cue",
    )

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
        print_err(str(exc))
        return 2
    print(printable(format_report(report)))
    if args.csv:
        write_csv(report, args.csv)
        print(f"wrote {args.csv}", file=sys.stderr)
    for problem in report.problems:
        print_err(f"skipped {problem}")
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

    db = open_database(args.db, password=args.password)
    try:
        book = class_progress(db, practice=args.practice)
        count = write_out(args.out, lambda fh: write_csv(book, fh))
        print_err(f"{counted(count, 'trainee')}, {counted(len(book.columns), 'exercise')}")
        if not book.columns and not args.practice:
            print_err(
                "no exercise of this library's own has an answer key yet; the bundled sample and practice "
                "exercises are left out: add --practice to grade them"
            )
        return 0
    finally:
        db.close()


def _export(args: argparse.Namespace) -> int:
    from claimmark.core.exporting import records, write_csv, write_jsonl

    if args.all_file is None and args.format is None:
        print_err("say what to export: --format jsonl|csv, or --all FILE for the whole library")
        return 2
    db = open_database(args.db, readonly=True, password=args.password)
    try:
        if db.class_kind == "trainee" and args.trainee is not None:
            _only_own_work(db, args.trainee)
        if db.damage is not None and args.all_file is not None:
            print_err(f"{db.damage} Saving what it still holds.")
            return _export_all(db, args.all_file)
        if db.damage is not None:
            print_err(
                f"{db.damage} Claims are not exported as JSONL or CSV from a damaged library (what could not be "
                "read would be missing without a word). Save what it still holds with 'claimmark export --all "
                "FILE', or restore a backup ('claimmark restore')."
            )
            return 2
        if args.all_file is not None:
            return _export_all(db, args.all_file)
        rows = records(db, article_id=args.article, trainee=args.trainee)
        writer = write_jsonl if args.format == "jsonl" else write_csv
        count = write_out(args.out, lambda fh: writer(rows, fh))
        unit = "records" if args.format == "jsonl" else "claims"
        print(f"exported {count} {unit}", file=sys.stderr)
        return 0
    finally:
        db.close()


def _only_own_work(db: Database, trainee: str) -> None:
    """A class's trainee exports their own work only: naming anyone else is refused with a message."""
    from claimmark.core.errors import NotAllowed
    from claimmark.core.identity import name_key
    from claimmark.core.reader.workspace import own_trainee_name

    own = own_trainee_name(db)
    if own is None or name_key(own) != name_key(trainee):
        raise NotAllowed(
            "On the class database {database} you may export only your own work (as {own}); {other}'s work is "
            "theirs and the teacher's. Leave out --trainee, or give your own name.",
            database=db.name,
            own=own or "?",
            other=trainee,
        )


def _export_all(db: Database, path: str) -> int:
    from claimmark.core.storage.portable import export_library

    done = export_library(db, path)
    print_err(f"wrote {path}: {_rows_summary(done.rows)}")
    for table, missing in done.unreadable.items():
        print_err(f"{counted(missing, 'row')} of {table} could not be read from the damaged library")
    return 1 if done.unreadable else 0


def _rows_summary(rows: dict[str, int]) -> str:
    names = {"article": "articles", "exercise": "exercises", "trainee": "trainees", "claim": "claims"}
    parts = [f"{rows.get(table, 0):,} {name}" for table, name in names.items()]
    return f"{sum(rows.values()):,} rows ({', '.join(parts)})"


def _import_all(args: argparse.Namespace) -> int:
    from claimmark.core.storage.portable import import_library

    db = open_database(args.db, password=args.password)
    try:
        done = import_library(db, args.file)
    finally:
        db.close()
    print_err(f"imported {args.file} into {db.name}: {_rows_summary(done.rows)}")
    return 0


def _library_file(args: argparse.Namespace) -> Path | None:
    """The library file --db names, without opening it (None for PostgreSQL: advice is printed)."""
    from sqlalchemy.engine import make_url

    from claimmark.core.storage.backups import POSTGRES_ADVICE
    from claimmark.core.storage.engine import describe

    url = resolve_url(args.db)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        print_err(POSTGRES_ADVICE.format(url=describe(url)))
        return None
    return Path(parsed.database)


def _backup(args: argparse.Namespace) -> int:
    from claimmark.core.storage import backups

    library = _library_file(args)
    if library is None:
        return 1
    if args.list:
        return _list_backups(library)
    db = open_database(library)  # refuses, with advice, anything but a sound library
    db.close()
    made = backups.make_backup(library, "manual")
    print(made.path)
    print_err(
        f"backed up {library}: {made.claims:,} claims in {made.articles:,} articles, "
        f"{made.size / 1e6:.1f} MB, checked after writing"
    )
    return 0


def _list_backups(library: Path) -> int:
    from claimmark.core.storage import backups

    found = backups.list_backups(library)
    if not found:
        print_err(f"there are no backups of {library} yet (in {backups.backup_folder(library)})")
        return 0
    print(f"backups of {library}, newest first (in {backups.backup_folder(library)}):")
    for line in backups.describe_backups(found):
        print(line)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from claimmark.core.storage import backups

    library = _library_file(args)
    if library is None:
        return 1
    if args.which is None:
        _list_backups(library)
        print_err(f"restore one with: claimmark restore --db {library} NUMBER (1 is the newest)")
        return 0
    found = backups.list_backups(library)
    chosen: backups.Backup | Path
    if args.which.isdigit():
        number = int(args.which)
        if not 1 <= number <= len(found):
            print_err(
                f"there is no backup {number}: {library} has {len(found)} (see 'claimmark restore --db {library}')"
            )
            return 2
        chosen = found[number - 1]
    else:
        chosen = Path(args.which)
    done = backups.restore(library, chosen)
    when = done.backup.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print_err(f"restored the backup of {when} ({done.backup.claims:,} claims) into {library}")
    if done.kept is not None:
        print_err(f"the library as it was is kept in {done.kept}")
    return 0


def daily_backup(db: Database) -> None:
    """The day's backup before a command writes, when the library changed since the last one."""
    from claimmark.core.storage import backups

    path = db.path
    if path is not None:
        backups.backup_if_due(path, "daily", every=backups.DAILY)


def _import(args: argparse.Namespace) -> int:
    from claimmark.core.library import import_sources

    db = open_database(args.db, password=args.password)
    failed = 0
    try:
        daily_backup(db)
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
                    f"{outcome.source}: repaired {counted(outcome.repairs, 'glued word')} "
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
        print_err(f"{failed} of {counted(len(args.files), 'file')} could not be imported")
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
    print_err(counted(len(prepared.repairs), "change"))
    return 0


def _cues(args: argparse.Namespace) -> int:
    import json

    from claimmark.core.importing import ImportProblem
    from claimmark.core.library import problem_for
    from claimmark.core.library.pipeline import read_source
    from claimmark.core.nlp import INSTALL_COMMAND, best_pipeline
    from claimmark.core.reader.cues import CueFinder, cue_lines, text_lines

    try:
        _shown, imported = read_source(args.file)
    except ImportProblem as problem:
        print_err(problem_for(args.file, problem))
        return 1
    pipeline = best_pipeline()
    if pipeline is None:
        print_err(
            f"no English spaCy pipeline is installed, so no cues can be found; install one with: {INSTALL_COMMAND}"
        )
        return 2
    finder = CueFinder.load(pipeline)
    found = finder.run(imported.text)
    assert found is not None  # never cancelled here
    text = imported.text
    if args.format == "jsonl":
        for line in cue_lines(found):
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    else:
        for readable in text_lines(found, text):
            print(printable(readable))
    counts = {kind: sum(1 for c in found.cues if c.kind == kind) for kind in ("hedge", "estimate", "attribution")}
    summary = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items())
    print_err(f"{args.file}: {summary}, {len(found.attributions)} who-said-what ({found.model})")
    if not found.parsed:
        print_err(
            f"the pipeline {pipeline.name} has no parser: only cues that need no parse were found, and attributions "
            f"only from 'according to'; install one with a parser: {INSTALL_COMMAND}"
        )
    return 0


def _class(args: argparse.Namespace) -> int:
    from claimmark.core.storage import roles

    if args.class_command == "setup":
        return _class_setup(args)
    url, password = _class_target(args.url)
    db = open_database(url, password=password)
    try:
        if args.class_command == "add-trainees":
            names, unusable = _class_names(args.names_file)
            done = roles.add_trainees(db, names, args.out, host=args.host)
            for added in done.added:
                print(f"{added.file}\t{added.name}\t{added.role}")
            for why in unusable + done.skipped:
                print_err(f"skipped {why}")
            print_err(
                f"added {counted(len(done.added), 'trainee')}; hand each their file (it holds their password: "
                "give it to them alone). They join with 'claimmark --class FILE' or File > Join class…"
            )
            return 1 if (unusable or done.skipped) and not done.added else 0
        roles.class_roles(db)  # not a class database: say so
        people = roles.class_members(db, only_roles=True)
        print("name\trole\tjoined\tclaims\tsubmitted")
        for person in people:
            joined = person.joined_at.astimezone().strftime("%Y-%m-%d %H:%M") if person.joined_at else "not yet"
            print(f"{printable(person.name)}\t{person.role}\t{joined}\t{person.claims}\t{person.submitted}")
        joined_count = sum(1 for p in people if p.joined_at is not None)
        print_err(
            f"{joined_count} of {counted(len(people), 'trainee')} {'has' if joined_count == 1 else 'have'} joined"
        )
        return 0
    finally:
        db.close()


def _class_target(value: str) -> tuple[str, str | None]:
    """A URL, or a connection file (the teacher's, say) in its place: its URL and password."""
    from claimmark.core.storage import roles

    if "://" not in value and Path(value).is_file():
        connection = roles.read_connection(value)
        return connection.url, connection.password
    return value, None


def _class_names(path: str) -> tuple[list[tuple[int, str]], list[str]]:
    """The names file's names, cleaned as a profile's are, and why each unusable one is skipped."""
    from claimmark.core.identity import IdentityProblem, clean_name
    from claimmark.core.storage import roles

    names: list[tuple[int, str]] = []
    unusable: list[str] = []
    for line, raw in roles.read_names(path):
        try:
            names.append((line, clean_name(raw)))
        except IdentityProblem as problem:
            unusable.append(f"line {line}: {problem}")
    return names, unusable


def _class_setup(args: argparse.Namespace) -> int:
    from claimmark.core.classroom.practice import ensure_practice_set
    from claimmark.core.classroom.sample import ensure_sample
    from claimmark.core.storage import roles

    db = open_database(args.url)
    try:
        if db.class_kind not in (None, roles.KIND_OWNER):
            raise roles.ClassProblem(
                "Run 'claimmark class setup' as the owner of {database}, not as a class's {kind} role.",
                database=db.name,
                kind=db.class_kind,
            )
        done = roles.setup_class(db)
        db.class_kind = roles.KIND_OWNER
        ensure_sample(db)
        ensure_practice_set(db)
        teacher_file = roles.teacher_connection(db, done, args.out, host=args.host)
        print_err(
            f"{db.name} is a class database: teacher role {done.roles.teacher}, trainees' group {done.roles.trainees}"
        )
        if teacher_file is not None:
            print(teacher_file)
            print_err(f"the teacher's connection file is {teacher_file} (keep it private: it holds the password)")
        else:
            print_err("the teacher role existed already and keeps its password; nothing else changed")
        return 0
    finally:
        db.close()


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "class": _class,
    "export": _export,
    "import": _import,
    "import-all": _import_all,
    "clean": _clean,
    "score": _score,
    "grades": _grades,
    "cues": _cues,
    "backup": _backup,
    "restore": _restore,
}


# top-level options that take a value (so their value is not mistaken for a file or command)
_VALUED = {"--db", "--trainee", "--article", "--open", "--class"}


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
    args.password = None
    try:
        use_class(args)
        if args.command is None:
            if open_window is None:
                parser.error("no command given (the window is opened by the claimmark program)")
            return open_window(args)
        return COMMANDS[args.command](args)
    except UserError as exc:  # a database, backup or file that cannot be used: the message says why
        print_err(str(exc))
        return 2
    except BrokenPipeError:  # e.g. piped into head
        return 0


def use_class(args: argparse.Namespace) -> None:
    """``--class FILE`` joins that class (its connection kept, private); without ``--db`` or
    ``$CLAIMMARK_DB`` the class joined before is the database.  Its password goes in
    ``args.password``, never into the URL."""
    import os

    from claimmark.core.storage import roles

    if getattr(args, "command", None) == "class":
        return
    connection = None
    if args.class_file:
        if args.db is not None:
            raise roles.ClassProblem("Give either --class or --db, not both.")
        connection = roles.join_class(args.class_file)
    elif args.db is None and not os.environ.get(ENV_VAR):
        connection = roles.joined_class()
    if connection is not None:
        args.db = connection.url
        args.password = connection.password


def print_err(message: str, stream: IO[str] | None = None) -> None:
    print(f"claimmark: {printable(str(message))}", file=stream or sys.stderr)
