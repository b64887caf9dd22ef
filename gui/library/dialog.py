"""File > Library…: search, open and delete articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core import library
from claimmark.core.storage.engine import Database
from claimmark.core.storage.records import ArticleRow
from claimmark.gui.common import plain

if TYPE_CHECKING:
    pass

SEARCH_DELAY_MS = 200
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def claims_cell(row: ArticleRow) -> str:
    """The Claims column: "6", or "6 + 13 key" when an answer key has claims on the article."""
    if row.key_claims:
        return QCoreApplication.translate("Library", "{0} + {1} key").format(row.claims, row.key_claims)
    return str(row.claims)


def claims_said(trainee: int, key: int) -> str:
    """ "6 claims by trainees and 13 in answer keys": the list's tooltip and the delete prompt."""
    tr = QCoreApplication.translate
    mine = (
        tr("Library", "1 claim by trainees")
        if trainee == 1
        else tr("Library", "{0} claims by trainees").format(trainee)
    )
    if not key:
        return mine
    keys = tr("Library", "1 in an answer key") if key == 1 else tr("Library", "{0} in answer keys").format(key)
    return tr("Library", "{0} and {1}").format(mine, keys)


class ArticleTableModel(QAbstractTableModel):
    """Library rows: title, outlet, date, number of claims."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleRow] = []
        self.current_id: int | None = None
        self._headers = [self.tr("Title"), self.tr("Outlet"), self.tr("Date"), self.tr("Claims")]
        self._untitled = self.tr("(untitled)")

    def set_rows(self, rows: list[ArticleRow], current_id: int | None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.current_id = current_id
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title or self._untitled, row.outlet, row.published, claims_cell(row))[column]
        if role == SORT_ROLE:
            return (row.title.lower(), row.outlet.lower(), row.published, row.claims + row.key_claims)[column]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.id == self.current_id:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return claims_said(row.claims, row.key_claims)
        if role == Qt.ItemDataRole.ToolTipRole and row.id == self.current_id:
            return self.tr("This article is open")
        return None


class LibraryDialog(QDialog):
    """Search, open and delete articles.  Emits requests; the window's controller acts on them."""

    openRequested = Signal(int)
    deleteRequested = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        self.setWindowTitle(self.tr("Library"))
        self.resize(820, 520)
        self.db = db
        self.current_id: int | None = None
        self._searched = ""

        self.search = QLineEdit(self)
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(self.tr("Search titles, outlets and text"))
        self.search.setClearButtonEnabled(True)
        search_label = QLabel(self.tr("&Search:"), self)
        search_label.setBuddy(self.search)

        self.model = ArticleTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(100)  # size columns from 100 rows, not all 1,000 (5x faster)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # newest first until a header is clicked
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName(self.tr("Articles"))

        self.status = plain.plain_label(parent=self)  # the database's own words when it fails
        self.status.setObjectName("libraryStatus")
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.setDefault(True)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.open_button.clicked.connect(self._open_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.table.doubleClicked.connect(lambda _index: self._open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        # Enter opens the selected article (the default button), also straight from the search box;
        # Down goes from the search box to the list; Delete in the list deletes; Ctrl+F searches.
        for key, widget, slot in (
            (QKeySequence.StandardKey.Delete, self.table, self._delete_current),
            (QKeySequence(Qt.Key.Key_Down), self.search, self.table.setFocus),
        ):
            shortcut = QShortcut(key, widget, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)

    # ---------------------------------------------------------------- showing rows
    def refresh(self, *, keep_selection: bool = True) -> None:
        """Load the rows for the search text, keeping the selected article when it is still listed."""
        self._timer.stop()
        keep = self.selected_id() if keep_selection else None
        terms = self.search.text().strip()
        try:
            rows = library.list_articles(self.db, terms)
        except SQLAlchemyError as err:
            self.status.setText(self.tr("Could not read the library: {0}").format(getattr(err, "orig", err)))
            return
        self.model.set_rows(rows, self.current_id)
        if not rows:
            self.status.setText(
                self.tr("No article matches “{0}”.").format(terms) if terms else self.tr("The library is empty.")
            )
        else:
            count = len(rows)
            self.status.setText(self.tr("1 article") if count == 1 else self.tr("{0} articles").format(count))
        if keep_selection:
            self.select_id(keep if keep is not None else self.current_id)
        else:
            self.select_id(None)  # the first row
        self._update_buttons()

    def select_id(self, article_id: int | None) -> None:
        target = 0
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == article_id:
                target = row
                break
        if self.proxy.rowCount():
            self.table.selectRow(target)
            self.table.setCurrentIndex(self.proxy.index(target, 0))

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = index.siblingAtColumn(0).data(ID_ROLE)
        return int(value) if value is not None else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _search_now(self) -> None:
        """New search text: the best (newest) match is selected, so Enter opens it."""
        if self._timer.isActive() or self.search.text().strip() != self._searched:
            self._searched = self.search.text().strip()
            self.refresh(keep_selection=False)

    def reset_search(self) -> None:
        """Forget the last search (the box is cleared when the library is shown anew)."""
        self._timer.stop()
        self._searched = ""

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open_current(self) -> None:
        article_id = self.selected_id()
        if article_id is not None:
            self.openRequested.emit(article_id)

    def _delete_current(self) -> None:
        article_id = self.selected_id()
        if article_id is not None:
            self.deleteRequested.emit(article_id)
