"""A trainee's feedback: their article with every claim marked found / missed / not in the key,
the key's explanation beside each, and the score.

The list beside the article is the keyboard way through it: arrows move from mark to mark,
and the article scrolls to and outlines the span.  Marks differ by symbol and words in the
list and by shading, line and font style in the article (``gui.marks``), never by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.claims import Tag
from claimmark.core.classroom import Feedback, FeedbackItem, Mark
from claimmark.core.text import excerpt
from claimmark.gui.classroom.marks import (
    FEEDBACK_KEYS,
    SYMBOLS,
    feedback_formats,
    feedback_key,
    mark_drawing,
    mark_name,
)
from claimmark.gui.classroom.printing import (
    PrintButtons,
    ReportWindow,
    feedback_document,
    feedback_lines,
    feedback_pdf_name,
    item_tags,
)
from claimmark.gui.common import plain
from claimmark.gui.common.announce import announce, make_live_region
from claimmark.gui.common.palette import tag_description
from claimmark.gui.reader.article_view import ArticleView, ClaimMark
from claimmark.gui.reader.guide import show_guide


class FeedbackView(QWidget):
    """The feedback on one submission: score, legend, article and the list of marks."""

    guideRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, beside: bool = True) -> None:
        """``beside``: the list beside the article; else under it (a narrow panel)."""
        super().__init__(parent)
        self.setObjectName("feedbackView")
        self.feedback: Feedback | None = None
        self.cue_names: dict[int, str] = {}
        """For missed and mistagged key claims (by item), the reading cues in them, named."""
        self.title = QLabel(self)
        self.title.setObjectName("feedbackTitle")
        self.title.setWordWrap(True)
        self.score_label = QLabel(self)
        self.score_label.setObjectName("feedbackScore")
        self.score_label.setWordWrap(True)
        self.score_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setText(self._legend_html())

        self.view = ArticleView(self)
        self.view.setObjectName("feedbackArticle")
        self.view.setAccessibleName(self.tr("Your article with feedback marks"))
        self.view.setAccessibleDescription(
            self.tr("The article with each claim marked: found, found with another tag, missed, or not in the key")
        )
        self.view.set_tagging_enabled(False)
        self.view.tooltip_lines = self._tooltip
        self.view.offsetClicked.connect(self._clicked)

        self.list = QListWidget(self)
        self.list.setObjectName("feedbackList")
        self.list.setAccessibleName(self.tr("Feedback, claim by claim"))
        self.list.setAccessibleDescription(self.tr("Each mark in text order; choosing one shows it in the article"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.currentRowChanged.connect(self._row_changed)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("feedbackDetail")
        self.detail.setAccessibleName(self.tr("The selected mark explained"))
        self.detail.setAccessibleDescription(self.tr("Why the key tags it so, and its source in the key"))
        self.announcer = make_live_region(self)
        self.detail.setMaximumHeight(170)
        list_label = QLabel(self.tr("Claim by &claim:"), self)
        list_label.setBuddy(self.list)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(list_label)
        side_layout.addWidget(self.list, 1)
        side_layout.addWidget(self.detail)
        self.splitter = QSplitter(Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.score_label)
        layout.addWidget(self.legend)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.announcer)

        for key, target in (("F6", self.view), ("F7", self.list)):
            QShortcut(QKeySequence(key), self, target.setFocus)

    # ------------------------------------------------------------------ content
    def set_feedback(
        self, feedback: Feedback, *, take_focus: bool = True, cue_names: dict[int, str] | None = None
    ) -> None:
        """``cue_names``: the reading cues in each missed or mistagged key claim (by item), named."""
        self.feedback = feedback
        self.cue_names = dict(cue_names or {})
        self.title.setText(
            self.tr("<h2>Feedback: {0}</h2>{1}, submitted {2}").format(
                plain.escape(feedback.exercise_title),
                plain.escape(feedback.trainee),
                feedback.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
        )
        self.score_label.setText("<br>".join(f"<b>{plain.escape(line)}</b>" for line in feedback_lines(feedback)))
        self.view.set_article(feedback.text)
        self.view.set_claims(
            [
                ClaimMark(i, item.start, item.end, item.trainee.tag)
                for i, item in enumerate(feedback.items)
                if item.trainee is not None
            ]
        )
        self.view.set_layer(
            "feedback",
            [(item.start, item.end, feedback_key(item)) for item in feedback.items],
            feedback_formats(),
        )
        announce(
            self.view,
            self.tr("Feedback on {0}: {1}.").format(feedback.exercise_title, "; ".join(feedback_lines(feedback))),
        )
        self.list.clear()
        for i, item in enumerate(feedback.items):
            text = self._item_text(feedback, item, self.cue_names.get(i, ""))
            entry = QListWidgetItem(text, self.list)
            entry.setToolTip(plain.tip(item.explanation or mark_name(feedback_key(item))))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        if feedback.items:
            self.list.setCurrentRow(0)
        else:
            self.detail.setHtml(self.tr("Neither you nor the key tagged any claim in this article."))
        if take_focus:
            self.list.setFocus()

    def set_cue_names(self, cue_names: dict[int, str]) -> None:
        """Name the cues (found after the feedback was shown), keeping the place in the list."""
        if self.feedback is None or cue_names == self.cue_names:
            return
        self.cue_names = dict(cue_names)
        for i, item in enumerate(self.feedback.items):
            entry = self.list.item(i)
            if entry is not None:
                text = self._item_text(self.feedback, item, self.cue_names.get(i, ""))
                entry.setText(text)
                entry.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        self._row_changed(self.list.currentRow())

    def _item_text(self, feedback: Feedback, item: FeedbackItem, cues: str = "") -> str:
        key = feedback_key(item)
        lines = [
            f"{SYMBOLS[key]}  {mark_name(key)} — {item_tags(item)}",
            f"“{excerpt(feedback.text, item.start, item.end, 90)}”",
        ]
        if item.explanation:
            lines.append(self.tr("Key: {0}").format(" ".join(item.explanation.split())))
        if cues:
            lines.append(self.tr("Cues: {0}").format(cues))
        return "\n".join(lines)

    def _legend_html(self) -> str:
        marks = " · ".join(f"<b>{SYMBOLS[k]}</b> {mark_name(k)} ({mark_drawing(k)})" for k in FEEDBACK_KEYS)
        tags = " · ".join(f"<b>{t.letter}</b> {t.value}: {tag_description(t)}" for t in Tag)
        return self.tr("Marks: {0}<br>Your tags: {1}").format(marks, tags)

    # ------------------------------------------------------------------ navigation
    def current_item(self) -> FeedbackItem | None:
        row = self.list.currentRow()
        if self.feedback is None or not 0 <= row < len(self.feedback.items):
            return None
        return self.feedback.items[row]

    def _row_changed(self, _row: int) -> None:
        item = self.current_item()
        if item is None or self.feedback is None:
            self.view.mark_span(None)
            return
        self.view.mark_span((item.start, item.end))
        self.detail.setHtml(self._detail_html(self.feedback, item, self.cue_names.get(self.list.currentRow(), "")))
        key = feedback_key(item)
        said = self.tr("Mark {0} of {1}, {2}, {3}: {4}").format(
            self.list.currentRow() + 1,
            self.list.count(),
            mark_name(key),
            item_tags(item),
            excerpt(self.feedback.text, item.start, item.end, 120),
        )
        if item.explanation:
            said += ". " + self.tr("Why: {0}").format(" ".join(item.explanation.split()))
        announce(self.list, said)

    def _detail_html(self, feedback: Feedback, item: FeedbackItem, cues: str = "") -> str:
        key = feedback_key(item)
        parts = [
            f"<b>{SYMBOLS[key]} {plain.escape(mark_name(key))}</b> ({plain.escape(item_tags(item))})",
            f"“{plain.escape(feedback.text[item.start : item.end])}”",
        ]
        if (
            item.mark is Mark.FOUND
            and item.key is not None
            and (item.key.start, item.key.end)
            != (
                item.start,
                item.end,
            )
        ):
            parts.append(
                self.tr("The key marks: “{0}”").format(plain.escape(feedback.text[item.key.start : item.key.end]))
            )
        if item.explanation:
            parts.append(self.tr("<b>Why:</b> {0}").format(plain.escape(item.explanation)))
        if cues:
            parts.append(self.tr("<b>The words that tell:</b> {0}").format(plain.escape(cues)))
        if item.key is not None and item.key.source:
            parts.append(self.tr("Source in the key: {0}").format(plain.escape(item.key.source)))
        if item.trainee is not None and item.trainee.source:
            parts.append(self.tr("<i>Your source:</i> {0}").format(plain.escape(item.trainee.source)))
        if item.trainee is not None and item.trainee.note:
            parts.append(self.tr("<i>Your note:</i> {0}").format(plain.escape(item.trainee.note)))
        if item.mark is Mark.EXTRA:
            parts.append(
                self.tr("The key does not list this claim. That is not an error: a key need not list every claim.")
            )
        return "<p>" + "</p><p>".join(parts) + "</p>"

    def _items_at(self, offset: int) -> list[int]:
        items = self.feedback.items if self.feedback is not None else ()
        rows = [i for i, item in enumerate(items) if item.start <= offset < item.end]
        return sorted(rows, key=lambda i: items[i].end - items[i].start)

    def _clicked(self, offset: int) -> None:
        rows = self._items_at(offset)
        if rows:
            self.list.setCurrentRow(rows[0])

    def _tooltip(self, offset: int) -> list[str]:
        if self.feedback is None:
            return []
        lines = []
        for row in self._items_at(offset):
            item = self.feedback.items[row]
            key = feedback_key(item)
            lines.append(f"<b>{SYMBOLS[key]} {plain.escape(mark_name(key))}</b> ({plain.escape(item_tags(item))})")
            if item.explanation:
                lines.append(plain.escape(item.explanation))
        return lines


class FeedbackWindow(ReportWindow):
    """The feedback view in its own window, with the tagging guide, printing and PDF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "feedbackWindow", (1150, 760))
        self.setWindowTitle(self.tr("Feedback"))
        self.view = FeedbackView(self)
        self.guide_button = QPushButton(self.tr("Tagging &guide"), self)
        self.guide_button.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_button.setToolTip(self.tr("What confirmed, estimated and unverified mean (F1)"))
        self.guide_button.clicked.connect(lambda: show_guide(self))
        self.printing = PrintButtons(
            self,
            lambda: feedback_document(self.view.feedback, self.view.cue_names) if self.view.feedback else None,
            lambda: feedback_pdf_name(self.view.feedback) if self.view.feedback else "feedback.pdf",
        )
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)  # made last: last in Tab order
        self.lay_out(self.view, (self.guide_button, *self.printing.buttons), close_box)

    def set_feedback(self, feedback: Feedback, cue_names: dict[int, str] | None = None) -> None:
        self.setWindowTitle(self.tr("Feedback — {0} — ClaimMark").format(feedback.exercise_title))
        self.view.set_feedback(feedback, cue_names=cue_names)
