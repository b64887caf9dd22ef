"""Article > Edit details: title, outlet, author, date and URL, and the repairs made on import.

The "Repairs" tab lists every space inserted on import (worked out from the stored and the
original text by ``core.library.applied_repairs``) and shows the original text, so a teacher
can check what the program changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimmark.core.details import DETAIL_LIMITS
from claimmark.core.library import applied_repairs
from claimmark.core.repair import Join
from claimmark.core.storage.records import ArticleRecord
from claimmark.gui.common import plain
from claimmark.gui.library.review import CONTEXT_CHARS, change_of, marked_context

DETAILS_TAB, REPAIRS_TAB = 0, 1


class MetadataDialog(QDialog):
    """Edit an article's details; ``details()`` gives the values to store."""

    def __init__(self, article: ArticleRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleDetails")
        self.setWindowTitle(self.tr("Article details — {0}").format(article.title or self.tr("Untitled article")))
        self.resize(720, 520)
        self.article = article

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._details_tab(article), self.tr("&Details"))
        self.tabs.addTab(self._repairs_tab(article), self.tr("&Repairs"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.fields["title"].setFocus()

    def _details_tab(self, article: ArticleRecord) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        labels = {
            "title": self.tr("&Title:"),
            "outlet": self.tr("&Outlet:"),
            "author": self.tr("&Author:"),
            "published": self.tr("Dat&e:"),
            "url": self.tr("&URL:"),
        }
        self.fields: dict[str, QLineEdit] = {}
        for name, label in labels.items():
            edit = QLineEdit(str(getattr(article, name) or ""), page)
            edit.setObjectName(f"{name}Edit")
            edit.setMaxLength(DETAIL_LIMITS[name])
            edit.setClearButtonEnabled(True)
            form.addRow(label, edit)
            self.fields[name] = edit
        self.fields["published"].setPlaceholderText(self.tr("YYYY-MM-DD, as the outlet gives it"))
        self.fields["url"].setPlaceholderText("https://…")
        source = plain.plain_label(  # a file's name, as it is
            self.tr("Imported from {0}.").format(article.source_name) if article.source_name else "", page
        )
        source.setEnabled(False)
        form.addRow(source)
        return page

    def _repairs_tab(self, article: ArticleRecord) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        original = article.original_text or article.text
        repairs = applied_repairs(article.original_text, article.text)
        self.repair_list = QListWidget(page)
        self.repair_list.setObjectName("appliedRepairs")
        self.repair_list.setAccessibleName(self.tr("Repairs made on import"))
        for row, repair in enumerate(repairs):
            was, becomes = change_of(original, repair)
            item = QListWidgetItem(self.tr("{0} → {1}   (at character {2})").format(was, becomes, repair.position))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.repair_list.addItem(item)
        spaces = sum(1 for r in repairs if isinstance(r, Join))
        if repairs:
            summary = self.tr(
                "{0} spaces were inserted on import where words had been glued together, and {1} places "
                "that had gone through the wrong character encoding were decoded anew. Nothing else was "
                "changed. The original text is below."
            ).format(spaces, len(repairs) - spaces)
        elif article.original_text and article.original_text != article.text:
            summary = self.tr("The text was changed on import. The original text is below.")
        else:
            summary = self.tr("No repairs were made on import: the text is exactly as it came in.")
        label = QLabel(summary, page)
        label.setWordWrap(True)
        label.setObjectName("repairSummary")
        label.setBuddy(self.repair_list)

        self.repair_context = QTextBrowser(page)
        self.repair_context.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.repair_context.setMaximumHeight(90)
        self.original_view = QPlainTextEdit(original, page)
        self.original_view.setObjectName("originalText")
        self.original_view.setReadOnly(True)
        self.original_view.setAccessibleName(self.tr("Original text"))
        self.repair_list.currentItemChanged.connect(
            lambda item, _old: (
                self.repair_context.setHtml(
                    marked_context(original, repairs[item.data(Qt.ItemDataRole.UserRole)], CONTEXT_CHARS * 2)
                )
                if item is not None
                else self.repair_context.clear()
            )
        )

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.repair_list, 1)
        top_layout.addWidget(self.repair_context)
        splitter.addWidget(top)
        bottom = QWidget(splitter)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        original_label = QLabel(self.tr("&Original text:"), bottom)
        original_label.setBuddy(self.original_view)
        bottom_layout.addWidget(original_label)
        bottom_layout.addWidget(self.original_view, 1)
        splitter.addWidget(bottom)
        top.setVisible(bool(repairs))
        layout.addWidget(label)
        layout.addWidget(splitter, 1)
        if repairs:
            self.repair_list.setCurrentRow(0)
        return page

    def show_repairs(self) -> None:
        self.tabs.setCurrentIndex(REPAIRS_TAB)
        (self.repair_list if self.repair_list.count() else self.original_view).setFocus()

    def details(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}
