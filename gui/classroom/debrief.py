"""The class debrief (teacher): trainees and scores, the tag confusion table, how the class
answered each key claim beside the article shaded by how many trainees tagged each passage, and
agreement among trainees, each coefficient with what it means and the unit of analysis in one line.

It shows a ``core.classroom.Debrief`` (computed off the GUI thread by the caller); the numbers
are those of ``claimmark score`` on the same key and submissions.

A trainee's feedback opens beside the debrief, in the same window (:class:`TraineeFeedback`);
Ctrl+PgDown and Ctrl+PgUp go to the next and previous trainee, and the debrief keeps its tab
and follows with its row.  Reading the submissions again (F5, or an import) keeps the tab, the
trainee and the key claim chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.classroom import Debrief, Feedback
from claimmark.core.classroom.agreement import UNIT_IN_ONE_LINE
from claimmark.core.text import excerpt
from claimmark.gui.classroom.feedback import FeedbackView
from claimmark.gui.classroom.marks import HEAT_LEVELS, heat_colour, heat_formats, heat_key, heat_level_range
from claimmark.gui.classroom.printing import (
    PrintButtons,
    ReportWindow,
    agreement_lines,
    answer_headers,
    answer_rows,
    confusion_headers,
    confusion_rows,
    debrief_document,
    debrief_pdf_name,
    feedback_document,
    feedback_pdf_name,
    trainee_headers,
    trainee_rows,
)
from claimmark.gui.common import plain
from claimmark.gui.common.announce import announce
from claimmark.gui.common.palette import tag_description
from claimmark.gui.reader.article_view import ArticleView


def _fill(
    table: QTableWidget,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: range,
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setToolTip(plain.tip(text))  # a trainee's name, as typed
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _fit_height(table: QTableWidget) -> None:
    """A small table as tall as its rows, so what follows it sits right under it."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2)


def _table(parent: QWidget, name: str, accessible: str) -> QTableWidget:
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


class DebriefView(QWidget):
    feedbackRequested = Signal(int)  # a trainee's claim set id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefView")
        self.debrief: Debrief | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        agreement_box = QGroupBox(self.tr("Agreement among trainees"), self)
        self.agreement = QLabel(agreement_box)
        self.agreement.setObjectName("debriefAgreement")
        self.agreement.setWordWrap(True)
        self.agreement.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit = plain.plain_label(parent=agreement_box)
        self.unit.setObjectName("unitOfAnalysis")
        self.unit.setWordWrap(True)
        box_layout = QVBoxLayout(agreement_box)
        box_layout.addWidget(self.agreement)
        box_layout.addWidget(self.unit)

        self.tabs = QTabWidget(self)
        # trainees
        self.trainees = _table(self, "traineeTable", self.tr("Trainees and scores"))
        self.trainees.setAccessibleDescription(self.tr("One row per trainee; Enter opens their feedback"))
        self.trainees.horizontalHeader().setStretchLastSection(True)
        self.trainees.activated.connect(self._trainee_activated)
        self.trainees.installEventFilter(self)  # Enter opens the feedback; it must not also close the window
        self.trainees.setToolTip(self.tr("Enter or double-click: this trainee's feedback"))
        self.trainees_note = plain.plain_label(parent=self)  # trainees' names and notes
        self.trainees_note.setWordWrap(True)
        trainees_tab = QWidget(self)
        trainees_layout = QVBoxLayout(trainees_tab)
        trainees_layout.addWidget(self.trainees, 1)
        trainees_layout.addWidget(self.trainees_note)
        self.tabs.addTab(trainees_tab, self.tr("&Trainees"))
        # confusion
        self.confusion = _table(self, "confusionTable", self.tr("Key tag against trainee tag"))
        self.confusion.setAccessibleDescription(
            self.tr("How often trainees gave each tag to claims the key tags confirmed, estimated or unverified")
        )
        self.confusion_note = plain.plain_label(parent=self)
        self.confusion_note.setWordWrap(True)
        confusion_tab = QWidget(self)
        confusion_layout = QVBoxLayout(confusion_tab)
        confusion_layout.addWidget(
            QLabel(self.tr("Rows: the key's tag. Columns: the tag trainees chose for the same claim."), self)
        )
        confusion_layout.addWidget(self.confusion)
        confusion_layout.addWidget(self.confusion_note)
        confusion_layout.addStretch(1)
        self.tabs.addTab(confusion_tab, self.tr("Ta&gs"))
        # key claims beside the heat map
        self.answers = _table(self, "answersTable", self.tr("How the class answered each key claim"))
        self.answers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.answers.currentCellChanged.connect(lambda row, *_: self._answer_selected(row))
        self.answers.setAccessibleDescription(
            self.tr(
                "Each key claim with how many trainees found it with each tag; choosing one shows it in the article"
            )
        )
        self.view = ArticleView(self)
        self.view.setObjectName("heatArticle")
        self.view.setAccessibleName(self.tr("The article shaded by how many trainees tagged each passage"))
        self.view.setAccessibleDescription(
            self.tr("Darker shading: more trainees tagged the passage; the line under it is the tag most gave")
        )
        self.view.set_tagging_enabled(False)
        self.view.tooltip_lines = self._tooltip
        self.heat_legend = QLabel(self)
        self.heat_legend.setWordWrap(True)
        article_side = QWidget(self)
        article_layout = QVBoxLayout(article_side)
        article_layout.setContentsMargins(0, 0, 0, 0)
        article_layout.addWidget(self.heat_legend)
        article_layout.addWidget(self.view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.answers)
        splitter.addWidget(article_side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.tabs.addTab(splitter, self.tr("&Article and key claims"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(agreement_box)
        layout.addWidget(self.tabs, 1)

    def current_trainee(self) -> int | None:
        """The claim set of the trainee whose row is chosen (None when none is)."""
        row = self.trainees.currentRow()
        if self.debrief is None or not 0 <= row < len(self.debrief.rows):
            return None
        return self.debrief.rows[row].claim_set_id

    def choose_trainee(self, claim_set_id: int) -> bool:
        """Make this trainee's row the chosen one (whatever tab is shown); False if not listed."""
        rows = self.debrief.rows if self.debrief is not None else ()
        row = next((i for i, r in enumerate(rows) if r.claim_set_id == claim_set_id), None)
        if row is None:
            return False
        if row != self.trainees.currentRow():
            self.trainees.setCurrentCell(row, 0)
        return True

    def step_trainee(self, step: int) -> int | None:
        """Choose the next (1) or previous (-1) trainee's row; their claim set, or None at either end."""
        rows = self.debrief.rows if self.debrief is not None else ()
        row = self.trainees.currentRow() + step
        if not rows or not 0 <= row < len(rows):
            return None
        self.trainees.setCurrentCell(row, max(self.trainees.currentColumn(), 0))
        return rows[row].claim_set_id

    def set_debrief(self, debrief: Debrief) -> None:
        """Show ``debrief``; the same debrief read again keeps the tab, the trainee and the key claim chosen."""
        same = self.debrief is not None and self.debrief.exercise_id == debrief.exercise_id
        tab, trainee, answer = self.tabs.currentIndex(), self.current_trainee(), self.answers.currentRow()
        self.debrief = debrief
        counted = len(debrief.counted)
        self.title.setText(
            self.tr("<h2>Class debrief: {0}</h2>Trainees who submitted: {1}; key claims: {2}").format(
                plain.escape(debrief.title), counted, len(debrief.key)
            )
        )
        self.agreement.setText("<br>".join(plain.escape(line) for line in agreement_lines(debrief)))
        self.unit.setText(self.tr(UNIT_IN_ONE_LINE))
        self.unit.setToolTip(debrief.agreement.unit_of_analysis)  # the whole rule (ClaimMark's own text)

        _fill(self.trainees, trainee_headers(debrief), trainee_rows(debrief), numeric=range(2, 5))
        notes = []
        if any(r.tag_accuracy is None for r in (row.score for row in debrief.rows)):
            notes.append(self.tr("—: no tag accuracy, because no key claim was found (or the key has none)."))
        if any(not r.counted_in_class for r in debrief.rows):
            notes.append(
                self.tr("*: an earlier submission by a trainee who handed in again; not in the class figures.")
            )
        notes.extend(f"{r.trainee}: {r.note}" for r in debrief.rows if r.note)
        if debrief.rows:
            notes.append(self.tr("Enter or double-click a trainee to see their feedback."))
        else:
            notes.append(self.tr("No submissions yet: import submission files (Exercise > Import submissions…)."))
        self.trainees_note.setText("\n".join(notes))
        self.trainees_note.setVisible(bool(notes))

        _fill(self.confusion, confusion_headers(), confusion_rows(debrief), numeric=range(1, len(Tag) + 2))
        for row in range(len(Tag)):  # the agreeing cells, in bold: not told apart by colour alone
            cell = self.confusion.item(row, row + 1)
            if cell is not None:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
        _fit_height(self.confusion)
        cf = debrief.confusion
        lines = []
        if cf.matched:
            lines.append(
                self.tr("Matched claims with the key's tag: {0} of {1} ({2:.0%}).").format(
                    cf.agreeing, cf.matched, cf.agreeing / cf.matched
                )
            )
        else:
            lines.append(self.tr("No trainee claim matched a key claim, so there are no tags to compare."))
        extra = ", ".join(f"{t.value} {cf.extra[t]}" for t in Tag if cf.extra.get(t))
        lines.append(self.tr("Not in the key, by the trainee's tag: {0}.").format(extra or self.tr("none")))
        self.confusion_note.setText("\n".join(lines))

        _fill(self.answers, answer_headers(), answer_rows(debrief), numeric=range(3, len(Tag) + 5))
        self.answers.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.set_article(debrief.text)
        self.view.set_layer("heat", [(h.start, h.end, heat_key(h, counted)) for h in debrief.heat], heat_formats())
        self.heat_legend.setText(self._heat_legend(counted))
        if same:  # read again: the teacher stays where they were
            self.tabs.setCurrentIndex(tab)
            if trainee is not None:
                self.choose_trainee(trainee)
            if 0 <= answer < self.answers.rowCount():
                self.answers.setCurrentCell(answer, 1)

    def _heat_legend(self, trainees: int) -> str:
        steps = []
        for level in range(1, HEAT_LEVELS + 1):
            colour = heat_colour(level).name()
            # each step on one line: "26–50% of trainees" never breaks inside
            words = plain.escape(heat_level_range(level, trainees)).replace(" ", "&nbsp;")
            steps.append(f"<span style='background:{colour}'>&nbsp;{words}&nbsp;</span>")
        tags = " · ".join(f"{t.value}: {tag_description(t)}" for t in Tag)
        shading = self.tr("Shading: how many trainees tagged the words, darker is more: {0}").format(" ".join(steps))
        underline = self.tr("Underline: the tag most of them chose ({0}).").format(tags)
        return f"{shading}<br>{underline}"

    def _answer_selected(self, row: int) -> None:
        if self.debrief is None or not 0 <= row < len(self.debrief.answers):
            return
        answer = self.debrief.answers[row]
        key = answer.key
        self.view.mark_span((key.start, key.end))
        tags = ", ".join(f"{answer.tags.get(tag, 0)} {tag.value}" for tag in Tag)
        announce(
            self.answers,
            self.tr("Key claim {0} of {1}, {2}: {3}. Found by {4} ({5}), missed by {6}.").format(
                row + 1,
                len(self.debrief.answers),
                key.tag.value,
                excerpt(self.debrief.text, key.start, key.end, 120),
                answer.found,
                tags,
                answer.missed,
            ),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a trainee: their feedback.  The table lets Enter go on to the window, where
        it would press Close (a dialog's default button) and close the debrief with it."""
        if (
            watched is self.trainees
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._trainee_activated()
            return True
        return super().eventFilter(watched, event)

    def _trainee_activated(self) -> None:
        row = self.trainees.currentRow()
        if self.debrief is not None and 0 <= row < len(self.debrief.rows):
            self.feedbackRequested.emit(self.debrief.rows[row].claim_set_id)

    def _tooltip(self, offset: int) -> list[str]:
        if self.debrief is None:
            return []
        total = len(self.debrief.counted)
        for h in self.debrief.heat:
            if h.start <= offset < h.end:
                tags = ", ".join(f"{t.value} {h.tags[t]}" for t in Tag if h.tags.get(t))
                return [self.tr("{0} of {1} trainees tagged this: {2}").format(h.tagged, total, tags)]
        return []


class TraineeFeedback(QWidget):
    """One trainee's feedback beside the debrief: who it is (n of all), previous and next
    trainee, print and PDF, and the feedback view with the marks listed under the article."""

    previousRequested = Signal()
    nextRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("traineeFeedback")
        self.claim_set_id: int | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("traineeFeedbackHeading")
        self.heading.setWordWrap(True)
        self.previous_button = QPushButton(self.tr("◂ Previous trainee"), self)
        self.previous_button.setToolTip(self.tr("The trainee above in the list (Ctrl+PgUp)"))
        self.previous_button.clicked.connect(self.previousRequested.emit)
        self.next_button = QPushButton(self.tr("Next trainee ▸"), self)
        self.next_button.setToolTip(self.tr("The trainee below in the list (Ctrl+PgDown)"))
        self.next_button.clicked.connect(self.nextRequested.emit)
        self.close_button = QPushButton(self.tr("Close feedback"), self)
        self.close_button.setToolTip(self.tr("Hide this trainee's feedback; the debrief stays"))
        self.close_button.clicked.connect(self.closeRequested.emit)
        self.view = FeedbackView(self, beside=False)
        self.view.setAccessibleName(self.tr("The chosen trainee's feedback"))
        self.printing = PrintButtons(
            self,
            lambda: feedback_document(self.view.feedback) if self.view.feedback else None,
            lambda: feedback_pdf_name(self.view.feedback) if self.view.feedback else "feedback.pdf",
        )
        # told apart from the debrief's own print buttons in the same window
        self.printing.print_button.setText(self.tr("Print this feedback…"))
        self.printing.print_button.setShortcut(QKeySequence())
        self.printing.preview_button.setText(self.tr("Preview…"))
        self.printing.pdf_button.setText(self.tr("This feedback as PDF…"))
        top = QHBoxLayout()
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addStretch(1)
        top.addWidget(self.close_button)
        bottom = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.close_button, *self.printing.buttons):
            button.setAutoDefault(False)
        for button in self.printing.buttons:
            bottom.addWidget(button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def show_feedback(self, feedback: Feedback, claim_set_id: int, *, place: int, of: int) -> None:
        """``place``: the trainee's row (from 0) in the debrief's list of ``of``."""
        self.claim_set_id = claim_set_id
        self.heading.setText(
            self.tr("<b>Feedback for {0}</b> (trainee {1} of {2})").format(
                plain.escape(feedback.trainee), place + 1, of
            )
        )
        self.previous_button.setEnabled(place > 0)
        self.next_button.setEnabled(place < of - 1)
        self.view.set_feedback(feedback, take_focus=False)


class DebriefWindow(ReportWindow):
    refreshRequested = Signal()
    feedbackRequested = Signal(int)  # a trainee's claim set id: open their feedback

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "debriefWindow", (1200, 800))
        self.setWindowTitle(self.tr("Class debrief"))
        self.view = DebriefView(self)
        self.view.feedbackRequested.connect(self.feedbackRequested.emit)
        self.feedback = TraineeFeedback(self)
        self.feedback.setVisible(False)
        self.feedback.previousRequested.connect(lambda: self.step_trainee(-1))
        self.feedback.nextRequested.connect(lambda: self.step_trainee(1))
        self.feedback.closeRequested.connect(self.close_feedback)
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("debriefSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.feedback)
        self.splitter.setChildrenCollapsible(False)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip(self.tr("Read the submissions again (F5)"))
        self.refresh_button.clicked.connect(self.refreshRequested.emit)
        self.printing = PrintButtons(
            self,
            lambda: debrief_document(self.view.debrief) if self.view.debrief else None,
            lambda: debrief_pdf_name(self.view.debrief) if self.view.debrief else "debrief.pdf",
        )
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.lay_out(self.splitter, (self.refresh_button, *self.printing.buttons), close_box)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: self.step_trainee(step))

    def set_debrief(self, debrief: Debrief) -> None:
        self.setWindowTitle(self.tr("Class debrief — {0} — ClaimMark").format(debrief.title))
        self.view.set_debrief(debrief)
        shown = self.feedback.claim_set_id if self.feedback.isVisible() else None
        if shown is not None:  # read again: the feedback beside it too, or closed if they are gone
            if self.view.choose_trainee(shown):
                self.feedbackRequested.emit(shown)
            else:
                self.close_feedback()

    def show_feedback(self, feedback: Feedback, claim_set_id: int) -> None:
        """A trainee's feedback, beside the debrief (the window widens for it where the screen allows)."""
        self.view.choose_trainee(claim_set_id)
        rows = self.view.debrief.rows if self.view.debrief is not None else ()
        place = next((i for i, r in enumerate(rows) if r.claim_set_id == claim_set_id), 0)
        if rows:  # the trainee as the debrief names them: two of one name are told apart there
            feedback = replace(feedback, trainee=rows[place].trainee)
        self.feedback.show_feedback(feedback, claim_set_id, place=place, of=len(rows))
        if not self.feedback.isVisible():
            self.feedback.setVisible(True)
            self._make_room()

    def step_trainee(self, step: int) -> None:
        """The next (1) or previous (-1) trainee: their row in the debrief, their feedback beside it."""
        claim_set_id = self.view.step_trainee(step)
        if claim_set_id is not None:
            self.feedbackRequested.emit(claim_set_id)

    def close_feedback(self) -> None:
        self.feedback.setVisible(False)
        self.feedback.claim_set_id = None
        self.view.trainees.setFocus()

    def _make_room(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().width() if screen is not None else self.width()
        wanted = min(room - 40, self.width() + 620)
        if wanted > self.width():
            self.resize(wanted, self.height())
        self.splitter.setSizes([max(self.width() - 620, 400), 620])

    @property
    def debrief(self) -> Debrief | None:
        """The debrief shown."""
        return self.view.debrief
