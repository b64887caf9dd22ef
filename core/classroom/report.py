"""Score a class from files: one answer key and many submissions, for scripts and ``claimmark score``.

:func:`score_files` reads the key and the submissions, :func:`format_report` turns the result into
plain text (a table per trainee, class agreement with its unit of analysis, the tag confusion
table, and how the class answered each key claim) and :func:`write_csv` writes one row per
submission.

Rules the report states where they apply:

* A submission file that cannot be read, or belongs to another exercise or article text, is
  skipped and listed under *Problems*; the others are still scored.
* Trainees are told apart by the id in their files (files made before ids: by name, case and
  spacing ignored); two of one name are both listed, each name followed by the start of its id.
* The same trainee handing in the same claims twice (the same file given twice, or a copy) is
  reported once, with a note naming the other files.
* The same trainee handing in different claims is listed once per submission; only the latest
  (by ``submitted_at``) counts in the class figures, so that no trainee weighs twice.
* Nothing is divided by zero: with no submissions or a key without claims the report says so.
"""

from __future__ import annotations

import csv
import io
import os
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimmark.core.claims import ClaimSpan, Tag
from claimmark.core.classroom.agreement import (
    ALPHA_SOURCE,
    KAPPA_SOURCE,
    ClassFigures,
    alpha_reading,
    class_figures,
    kappa_reading,
    reading_line,
)
from claimmark.core.classroom.exchange import (
    ExchangeError,
    KeyFile,
    SubmissionFile,
    atomic_write_bytes,
    check_matches,
    read_exchange_file,
)
from claimmark.core.classroom.scoring import (
    MATCH_THRESHOLD,
    Confusion,
    Score,
    ScoredSubmission,
    count_latest,
    in_class_figures,
    match_claims,
)
from claimmark.core.identity import told_apart
from claimmark.core.text import counted as counted_words
from claimmark.core.text import excerpt
from claimmark.core.tokens import TokenIndex

MATCHING_RULE = (
    f"A trainee claim matches a key claim when at least {MATCH_THRESHOLD:.0%} of the words the two cover "
    "are shared (intersection over union of word tokens); each claim matches at most one other, "
    "choosing the pairing with the largest total overlap. Claims not in the key are counted, not penalised."
)


@dataclass(frozen=True)
class TraineeResult(ScoredSubmission):
    """One submission file, scored."""

    path: Path = field(kw_only=True)


@dataclass(frozen=True)
class ClassReport(ClassFigures):
    """A class's results on one exercise: the figures of the counted submissions, and these."""

    key_path: Path
    key: KeyFile
    results: tuple[TraineeResult, ...]
    """One per distinct submission, sorted by trainee name then time."""
    problems: tuple[str, ...]
    """Submission files that were skipped, each with the reason (one line each)."""

    @property
    def counted(self) -> list[TraineeResult]:
        return in_class_figures(self.results)


def _claims_key(claims: Sequence[ClaimSpan]) -> tuple[tuple[int, int, str, str, str], ...]:
    return tuple(sorted((c.start, c.end, c.tag.value, c.note, c.source) for c in claims))


def score_files(key_path: str | os.PathLike[str], submission_paths: Sequence[str | os.PathLike[str]]) -> ClassReport:
    """Score every submission against the key.

    Raises ExchangeError when the key itself cannot be used; a bad submission is skipped and
    reported in ``problems`` instead, so one damaged file does not stop a class's scoring.
    """
    key_path = Path(key_path)
    key = read_exchange_file(key_path, expect=KeyFile)
    index = TokenIndex(key.article.text)

    loaded: list[tuple[Path, SubmissionFile]] = []
    problems: list[str] = []
    for raw_path in submission_paths:
        path = Path(raw_path)
        try:
            sub = read_exchange_file(path, expect=SubmissionFile)
            check_matches(key, sub, name=path.name)
        except ExchangeError as e:
            problems.append(str(e))
            continue
        loaded.append((path, sub))

    # identical hand-ins: keep the earliest, name the copies
    groups: dict[tuple[str, tuple[tuple[int, int, str, str, str], ...]], list[int]] = {}
    for i, (_, sub) in enumerate(loaded):
        groups.setdefault((sub.person_id, _claims_key(sub.claims)), []).append(i)
    distinct: list[tuple[int, str]] = []  # (position in ``loaded``, note)
    for members in groups.values():
        members.sort(key=lambda i: (loaded[i][1].submitted_at, i))
        first, copies = members[0], members[1:]
        note = ""
        if copies:
            first_path = loaded[first][0]
            others = list(dict.fromkeys(loaded[i][0].name for i in copies if loaded[i][0] != first_path))
            parts = [f"the same claims are also in {', '.join(others)}"] if others else []
            if any(loaded[i][0] == first_path for i in copies):
                parts.append(f"{first_path.name} was given more than once")
            note = f"duplicate submission, reported once ({'; '.join(parts)})"
        distinct.append((first, note))

    # a trainee with several different hand-ins: only the latest counts for the class figures
    # (on equal times, the one listed last)
    results = []
    labels = told_apart((sub.trainee, sub.person_id) for _, sub in loaded)
    for i, note in distinct:
        path, sub = loaded[i]
        matching = match_claims(index, key.claims, sub.claims)
        results.append(
            TraineeResult(
                trainee=labels[sub.person_id],
                person=sub.person_id,
                path=path,
                submitted_at=sub.submitted_at,
                score=Score.from_matching(matching),
                matching=matching,
                note=note,
            )
        )
    results = count_latest(results, several="different submissions", handed_in=[i for i, _ in distinct])

    figures = class_figures(index, key.claims, results)
    return ClassReport(
        key_path=key_path,
        key=key,
        results=tuple(results),
        problems=tuple(problems),
        agreement=figures.agreement,
        confusion=figures.confusion,
        answers=figures.answers,
    )


# --- text report ----------------------------------------------------------------------------

NO_VALUE = "—"


def _width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count twice, combining marks not at all."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, w, r in zip(cells, widths, right, strict=True):
            pad = " " * (w - _width(cell))
            out.append(pad + cell if r else cell + pad)
        return "  ".join(out).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _ratio(part: int, whole: int, share: float | None) -> str:
    return NO_VALUE if share is None else f"{part}/{whole} ({share:.0%})"


def _wrap(text: str, indent: str = "  ") -> list[str]:
    """Wrap to 100 columns; a "- " bullet's continuation lines line up with its text."""
    follow = indent + "  " if text.startswith("- ") else indent
    return textwrap.wrap(text, width=100, initial_indent=indent, subsequent_indent=follow)


def _trainee_table(report: ClassReport) -> list[str]:
    rows = []
    for r in report.results:
        s = r.score
        name = r.trainee if r.counted_in_class else f"{r.trainee} *"
        rows.append(
            [
                name,
                _ratio(s.found, s.key_claims, s.found_share),
                _ratio(s.tags_right, s.found, s.tag_accuracy),
                str(s.extra),
                r.path.name,
            ]
        )
    headers = ["Trainee", "Key claims found", "Tag accuracy", "Not in the key", "File"]
    lines = _table(headers, rows, right=[False, True, True, True, False])
    if any(r.score.tag_accuracy is None for r in report.results):
        why = "the key has no claims" if not report.key.claims else "no key claim was found"
        lines.append(f"{NO_VALUE} : no tag accuracy, because {why}.")
    if any(not r.counted_in_class for r in report.results):
        lines.append("* : an earlier submission by a trainee who handed in again; not in the class figures.")
    notes = [(r, r.note) for r in report.results if r.note]
    if notes:
        lines.append("")
        lines.append("Notes:")
        for r, note in notes:
            lines.extend(_wrap(f"- {r.trainee} ({r.path.name}): {note}"))
    return lines


def _confusion_table(cf: Confusion) -> list[str]:
    tags = list(Tag)
    headers = ["Key tag \\ trainee tag", *(t.value for t in tags), "missed"]
    rows = [[k.value, *(str(cf.count(k, t)) for t in tags), str(cf.missed.get(k, 0))] for k in tags]
    lines = _table(headers, rows, right=[False] + [True] * (len(tags) + 1))
    if cf.matched:
        lines.append(
            f"Matched claims with the key's tag: {cf.agreeing} of {cf.matched} ({cf.agreeing / cf.matched:.0%})."
        )
    else:
        lines.append("No trainee claim matched a key claim, so there are no tags to compare.")
    extra = ", ".join(f"{t.value} {cf.extra[t]}" for t in tags if cf.extra.get(t))
    lines.append(f"Not in the key, by the trainee's tag: {extra or 'none'}.")
    return lines


def _answers(report: ClassReport) -> list[str]:
    text = report.key.article.text
    lines = []
    for a in report.answers:
        claim = a.key
        given = ", ".join(f"{t.value} {a.tags[t]}" for t in Tag if a.tags.get(t)) or "no one found it"
        lines.append(
            f"{a.key_index + 1:>3}. “{excerpt(text, claim.start, claim.end)}” (key: {claim.tag.value}): "
            f"{given}; missed {a.missed} of {a.trainees}"
        )
    return lines


def format_report(report: ClassReport) -> str:
    """The class report as plain text, for a terminal or a text file."""
    key = report.key
    title = key.title or key.article.title or "(untitled exercise)"
    n_key = len(key.claims)
    lines = [
        f"ClaimMark score: {title}",
        f"Answer key: {report.key_path.name} (exercise {key.exercise_uid}, "
        f"{n_key} key claim{'s' if n_key != 1 else ''})",
        *_wrap(MATCHING_RULE, indent=""),
        "",
    ]
    if report.problems:
        lines.append(f"Problems: {counted_words(len(report.problems), 'submission file')} skipped")
        for problem in report.problems:
            lines.extend(_wrap(f"- {problem}"))
        lines.append("")
    if not key.claims:
        lines.extend(
            _wrap(
                "The key has no claims: there is nothing to find, so 'key claims found' and 'tag accuracy' "
                "have no value. Claims not in the key are still counted.",
                indent="",
            )
        )
        lines.append("")
    if not report.results:
        lines.append("No submissions to score.")
        return "\n".join(lines) + "\n"

    lines.extend(_trainee_table(report))
    lines.append("")

    counted = len(report.counted)
    lines.append(f"Class agreement ({counted} trainee{'s' if counted != 1 else ''})")
    agreement = report.agreement
    alpha = reading_line(
        "Krippendorff's alpha (nominal)", agreement.alpha, alpha_reading(agreement.alpha), ALPHA_SOURCE
    )
    lines.append(f"  {alpha}")
    kappa = reading_line("Fleiss' kappa", agreement.kappa, kappa_reading(agreement.kappa), KAPPA_SOURCE)
    lines.append(f"  {kappa}")
    lines.extend(_wrap(agreement.unit_of_analysis))
    lines.append("")

    if key.claims:
        lines.append("Tags: the key's (rows) against the trainees' (columns), over matched claims")
        lines.extend(_confusion_table(report.confusion))
        lines.append("")
        lines.append("How the class answered each key claim")
        lines.extend(_answers(report))
    return "\n".join(lines) + "\n"


# --- CSV ------------------------------------------------------------------------------------

CSV_FIELDS = [
    "trainee",
    "file",
    "submitted_at",
    "key_claims",
    "found",
    "found_share",
    "tags_right",
    "tag_accuracy",
    "extra_claims",
    "counted_in_class",
    "note",
]


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write_csv(report: ClassReport, path: str | os.PathLike[str]) -> None:
    """One row per submission (UTF-8, header row); undefined ratios are empty cells, never 0."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for r in report.results:
        s = r.score
        writer.writerow(
            {
                "trainee": r.trainee,
                "file": r.path.name,
                "submitted_at": r.submitted_at.isoformat().replace("+00:00", "Z"),
                "key_claims": s.key_claims,
                "found": s.found,
                "found_share": _share(s.found_share),
                "tags_right": s.tags_right,
                "tag_accuracy": _share(s.tag_accuracy),
                "extra_claims": s.extra,
                "counted_in_class": "yes" if r.counted_in_class else "no",
                "note": r.note,
            }
        )
    atomic_write_bytes(path, buffer.getvalue().encode("utf-8"))
