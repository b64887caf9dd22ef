"""A learner's progress (Exercise > My progress…, and per trainee in the teacher's class progress):
results over time as a chart, per tag where they stand now, the confusions they make, the kinds of
reading cue they pass over, and every attempt, whose feedback Enter opens.  It shows a
``core.classroom.progress.Progress``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.classroom.progress import AttemptResult, Progress, Tally
from claimmark.core.reader.cue_review import CueProgress
from claimmark.core.reader.cues import CUE_KINDS
from claimmark.core.text import counted
from claimmark.gui.classroom.progress_chart import ChartPoint, ProgressChart
from claimmark.gui.common import plain
from claimmark.gui.reader.reading_cues import describe_kinds


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({part / whole:.0%})" if whole else "–"


def table(parent: QWidget, name: str, headers: list[str]) -> QTableWidget:
    found = QTableWidget(0, len(headers), parent)
    found.setObjectName(name)
    found.setHorizontalHeaderLabels(headers)
    found.verticalHeader().setVisible(False)
    found.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    found.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    found.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    found.setAlternatingRowColors(True)
    return found


def fill_row(target: QTableWidget, row: int, texts: list[str], *, numeric_from: int = 1) -> None:
    for column, text in enumerate(texts):
        item = QTableWidgetItem(text)
        item.setToolTip(plain.tip(text))  # titles and names from files, as they are
        if column >= numeric_from:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        target.setItem(row, column, item)


class ProgressView(QWidget):
    feedbackRequested = Signal(int)  # an attempt's claim set id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressView")
        self.progress = Progress(())
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.tag_choice = QComboBox(self)
        self.tag_choice.setObjectName("progressTag")
        self.tag_choice.addItem(self.tr("All tags"), None)
        for tag in Tag:
            self.tag_choice.addItem(self.tr("{0} claims").format(tag.value), tag.value)
        self.tag_choice.setAccessibleName(self.tr("Show results for"))
        self.tag_choice.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.chart = ProgressChart(self)

        standing_box = QGroupBox(self.tr("Where you stand: your latest attempt at each exercise"), self)
        self.standing = table(
            standing_box,
            "standingTable",
            [self.tr("Key tag"), self.tr("Key claims"), self.tr("Found"), self.tr("Found with the right tag")],
        )
        self.confusions = QLabel(standing_box)
        self.confusions.setObjectName("confusions")
        self.confusions.setWordWrap(True)
        self.confusions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passed_over = QLabel(standing_box)
        self.passed_over.setObjectName("cuesPassedOver")
        self.passed_over.setWordWrap(True)
        self.passed_over.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passed_over.setVisible(False)
        self.cues: CueProgress | None = None
        standing_layout = QVBoxLayout(standing_box)
        standing_layout.addWidget(self.standing)
        standing_layout.addWidget(self.confusions)
        standing_layout.addWidget(self.passed_over)

        attempts_box = QGroupBox(self.tr("Every attempt (Enter or double-click: its feedback)"), self)
        self.attempts = table(
            attempts_box,
            "attemptsTable",
            [
                self.tr("Handed in"),
                self.tr("Exercise"),
                self.tr("Attempt"),
                self.tr("Found"),
                self.tr("Right"),
                self.tr("Cues passed over"),
            ],
        )
        self.attempts.activated.connect(lambda _index: self._attempt_activated())
        QVBoxLayout(attempts_box).addWidget(self.attempts)

        chooser = QHBoxLayout()
        label = QLabel(self.tr("&Show:"), self)
        label.setBuddy(self.tag_choice)
        chooser.addWidget(label)
        chooser.addWidget(self.tag_choice)
        chooser.addStretch(1)
        lower = QHBoxLayout()
        lower.addWidget(standing_box, 1)
        lower.addWidget(attempts_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(chooser)
        layout.addWidget(self.chart, 3)
        layout.addLayout(lower, 2)

    def set_progress(self, progress: Progress, heading: str, cues: CueProgress | None = None) -> None:
        """``cues``: the kinds of reading cue inside the key claims each attempt missed or mistagged
        (None: no language model, so none are known)."""
        self.progress = progress
        self.cues = cues
        self.heading.setText(heading)
        self._draw_chart()
        self._fill_standing()
        self._fill_attempts()
        self._fill_passed_over()

    def _fill_passed_over(self) -> None:
        cues = self.cues
        if cues is None or not cues.attempts:
            self.passed_over.setVisible(False)
            return
        totals = cues.totals()
        kinds = ", ".join(f"{kind} {totals[kind]}" for kind in CUE_KINDS)
        text = self.tr(
            "<b>Reading cues passed over</b> (inside the key claims you missed or tagged otherwise, every "
            "attempt): {0}."
        ).format(kinds)
        most = cues.most_passed_over()
        if most is not None:
            text += self.tr(" Look out most for <b>{0}</b> cues (Help > Tagging guide).").format(most)
        if cues.unknown:
            text += self.tr(
                "<br>{0} not counted: their article's cues were never found (open it once with a "
                "language model installed)."
            ).format(counted(cues.unknown, "attempt"))
        self.passed_over.setText(text)
        self.passed_over.setVisible(True)

    def chosen_tag(self) -> Tag | None:
        value = self.tag_choice.currentData()
        return Tag(value) if value else None

    def _draw_chart(self) -> None:
        tag = self.chosen_tag()
        points = []
        for result in self.progress.results:
            tally = result.tally(tag)
            points.append(
                ChartPoint(
                    label=result.submitted_at.astimezone().strftime("%Y-%m-%d"),
                    found=tally.found_share,
                    right=tally.right_share,
                    tip=result.title,
                )
            )
        self.chart.set_points(points)

    def _fill_standing(self) -> None:
        standing = self.progress.standing()
        self.standing.setRowCount(len(Tag) + 1)
        total = Tally()
        for row, tag in enumerate(Tag):
            tally = standing[tag]
            total = total + tally
            fill_row(
                self.standing,
                row,
                [tag.value, str(tally.key_claims), _share(tally.found, tally.key_claims),
                 _share(tally.right, tally.key_claims)],
            )  # fmt: skip
        fill_row(
            self.standing,
            len(Tag),
            [self.tr("all"), str(total.key_claims), _share(total.found, total.key_claims),
             _share(total.right, total.key_claims)],
        )  # fmt: skip
        self.standing.resizeColumnsToContents()
        lines = [
            self.tr("{0} taken for {1}: {2} times").format(key.value, given.value, count)
            if count != 1
            else self.tr("{0} taken for {1}: once").format(key.value, given.value)
            for key, given, count in self.progress.confusions()
        ]
        missed = self.progress.confusion().missed
        lines += [self.tr("{0} claims missed: {1}").format(tag.value, missed[tag]) for tag in Tag if missed.get(tag)]
        weakest = self.progress.weakest()
        if weakest is not None:
            lines.insert(0, self.tr("<b>Weakest now: {0} claims.</b>").format(weakest.value))
        self.confusions.setText(
            self.tr("<b>Confusions</b> (every attempt):<br>") + "<br>".join(lines)
            if lines
            else self.tr("No confusions yet.")
        )

    def _fill_attempts(self) -> None:
        results = list(reversed(self.progress.results))  # newest first
        self.attempts.setRowCount(len(results))
        for row, result in enumerate(results):
            tally = result.tally()
            fill_row(
                self.attempts,
                row,
                [
                    result.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    result.title,
                    str(result.attempt),
                    _share(tally.found, tally.key_claims),
                    _share(tally.right, tally.key_claims),
                    self._cues_of(result),
                ],
                numeric_from=2,
            )
        header = self.attempts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the exercise's title takes what is left
        if results:
            self.attempts.selectRow(0)

    def _cues_of(self, result: AttemptResult) -> str:
        cues = self.cues
        found = next((a for a in cues.attempts if a.result is result), None) if cues is not None else None
        if found is None or not found.known:
            return ""
        return describe_kinds(found.kinds.elements()) or self.tr("none")

    def _attempt_activated(self) -> None:
        row = self.attempts.currentRow()
        results = list(reversed(self.progress.results))
        if 0 <= row < len(results):
            self.feedbackRequested.emit(results[row].claim_set_id)


class ProgressWindow(QDialog):
    """Exercise > My progress…: the learner's own progress, in a window of its own."""

    feedbackRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressWindow")
        self.setWindowTitle(self.tr("My progress"))
        self.resize(980, 700)
        self.view = ProgressView(self)
        self.view.feedbackRequested.connect(self.feedbackRequested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
