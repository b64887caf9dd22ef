"""The main window: composes the reader, the claims panel and the legend.

Slots here are one-liners that call core (``operations``, ``workspace``, ``nlp``) and show
the result; feature widgets live in their own modules.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core.claims import Tag
from claimmark.core.nlp import INSTALL_COMMAND, Entities, Pipeline, sentence_bounds
from claimmark.core.reader import operations as ops
from claimmark.core.reader.workspace import Opened, Workspace
from claimmark.core.storage import repository as repo
from claimmark.core.storage.models import Claim
from claimmark.core.tokens import snap_span
from claimmark.gui.classroom.controller import install_classroom_actions
from claimmark.gui.library.actions import install_library_actions
from claimmark.gui.reader.article_view import ArticleView, ClaimMark
from claimmark.gui.reader.claims_panel import ClaimsPanel
from claimmark.gui.reader.guide import show_guide
from claimmark.gui.reader.legend import EntityLegend
from claimmark.gui.reader.ner_worker import EntityFinder
from claimmark.gui.reader.undo import OperationCommand

SOURCE_LABELS = ("PERSON", "ORG", "NORP", "GPE")


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, pipeline: Pipeline | None) -> None:
        super().__init__()
        self.workspace = workspace
        self.pipeline = pipeline
        self.opened: Opened | None = None
        self.entities = Entities([], [])
        self.claims: list[Claim] = []
        self.undo_stack = QUndoStack(self)
        self.finder: EntityFinder | None = None
        self.setObjectName("mainWindow")
        self._shown_once = False
        self._painted = False  # slow background work starts after the first paint
        self.resize(1200, 760)

        self.view = ArticleView(self)
        self.panel = ClaimsPanel(self)
        self.legend = EntityLegend(self)
        self.instructions = QLabel(self)
        self.instructions.setWordWrap(True)
        self.instructions.setObjectName("instructions")
        self.instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.instructions.setStyleSheet("QLabel#instructions { padding: 6px; background: #f4f1e8; }")

        reader = QWidget(self)
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(2)
        reader_layout.addWidget(self.instructions)
        reader_layout.addWidget(self.legend)
        reader_layout.addWidget(self.view, 1)
        splitter = QSplitter(self)
        splitter.addWidget(reader)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.entity_status = QLabel(self)
        self.entity_status.setObjectName("entityStatus")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setVisible(False)
        self.statusBar().addWidget(self.entity_status, 1)
        self.statusBar().addPermanentWidget(self.progress)

        self.view.viewport().installEventFilter(self)
        self._build_actions()
        self._connect()
        self._restore_settings()
        self.view.setFocus()
        # teacher/trainee mode, exercises and feedback; open() and _show_entities() consult it
        self.classroom = install_classroom_actions(self)
        self.library = install_library_actions(self)  # import, paste, drop, library, article details

    # ------------------------------------------------------------------ setup
    def _build_actions(self) -> None:
        self.tag_actions: dict[Tag, QAction] = {}
        for tag in Tag:
            action = QAction(self.tr("Tag as &{0}").format(tag.value), self)
            action.setShortcut(QKeySequence(tag.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(self.tr("Tag the selected words as {0} ({1})").format(tag.value, tag.shortcut))
            action.setIconText(f"{tag.shortcut} {tag.value.capitalize()}")
            action.triggered.connect(partial(self.view.request_tag, tag))
            self.view.addAction(action)
            self.tag_actions[tag] = action
        self.view.tag_actions = list(self.tag_actions.values())

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # through undo()/redo(), which save a note being typed first (the actions keep their texts)
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(self.redo)
        self.delete_action = QAction(self.tr("&Delete claim"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current_claim)
        self.view.addAction(self.delete_action)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        sample = file_menu.addAction(self.tr("Open &sample exercise"))
        sample.triggered.connect(lambda: self.open(self.workspace.open_sample()))
        export = file_menu.addAction(self.tr("&Export claims…"))
        export.setShortcut(QKeySequence("Ctrl+E"))
        export.triggered.connect(self.export_dialog)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu = file_menu

        edit = self.menuBar().addMenu(self.tr("&Edit"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        for action in self.tag_actions.values():
            edit.addAction(action)
        edit.addAction(self.delete_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.entities_action = view_menu.addAction(self.tr("Show &entities"))
        self.entities_action.setCheckable(True)
        self.entities_action.setChecked(True)
        self.entities_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.entities_action.toggled.connect(self._entities_toggled)
        focus_text = view_menu.addAction(self.tr("Focus the &article"))
        focus_text.setShortcut(QKeySequence("F6"))
        focus_text.triggered.connect(self.view.setFocus)
        focus_claims = view_menu.addAction(self.tr("Focus the &claims list"))
        focus_claims.setShortcut(QKeySequence("F7"))
        focus_claims.triggered.connect(self.panel.table.setFocus)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        guide = help_menu.addAction(self.tr("&Tagging guide"))
        guide.setShortcut(QKeySequence.StandardKey.HelpContents)
        guide.triggered.connect(lambda: show_guide(self))
        keys = help_menu.addAction(self.tr("&Keyboard"))
        keys.triggered.connect(self.show_keys)

        toolbar = QToolBar(self.tr("Tags"), self)
        toolbar.setObjectName("tagToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.tag_actions.values():
            toolbar.addAction(action)
        toolbar.addSeparator()
        # short labels in the toolbar; the Edit menu shows what will be undone
        for label, slot, signal in (
            (self.tr("Undo"), self.undo, self.undo_stack.canUndoChanged),
            (self.tr("Redo"), self.redo, self.undo_stack.canRedoChanged),
        ):
            button = toolbar.addAction(label)
            button.setEnabled(False)
            button.triggered.connect(slot)
            signal.connect(button.setEnabled)
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        self.view.tagRequested.connect(self.tag_span)
        self.view.claimClicked.connect(lambda claim_id: self.panel.select_claim(claim_id))
        self.view.claimEditRequested.connect(self.panel.edit_claim)
        self.view.claimDeleteRequested.connect(lambda cid: self.edit(ops.DeleteClaim(cid)))
        self.panel.claimSelected.connect(self._claim_selected)
        self.panel.retagRequested.connect(lambda cid, tag: self.edit(ops.UpdateClaim(cid, tag=tag)))
        self.panel.noteEdited.connect(lambda cid, note: self.edit(ops.UpdateClaim(cid, note=note)))
        self.panel.sourceEdited.connect(lambda cid, source: self.edit(ops.UpdateClaim(cid, source=source)))
        self.panel.deleteRequested.connect(lambda cid: self.edit(ops.DeleteClaim(cid)))
        self.panel.guideRequested.connect(lambda: show_guide(self))
        self.panel.source_suggestions = self.source_suggestions
        self.legend.hiddenChanged.connect(self._hidden_changed)

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        hidden = settings.value("entities/hidden", [])
        self._hidden_labels = set(hidden if isinstance(hidden, list) else [hidden] if hidden else [])

    # ------------------------------------------------------------------ opening
    def open(self, opened: Opened) -> None:
        """Show an article with the trainee's claims; entities from the cache or the worker."""
        self.panel.flush()
        opened = self.classroom.before_open(opened)  # teacher mode: the exercise's answer key
        self.undo_stack.clear()
        self.opened = opened
        article = opened.article
        self.view.set_article(article.text)
        self.entities = Entities([], [])
        self.legend.set_labels([], {})
        self._reload_claims()
        self.refresh_title()
        exercise = opened.exercise
        self.instructions.setVisible(bool(exercise and exercise.instructions))
        if exercise is not None:
            self.instructions.setText(f"<b>{exercise.title}</b><br>{_html(exercise.instructions)}")
        self._find_entities()
        self.view.setFocus()
        self.classroom.after_open(opened)

    def refresh_title(self) -> None:
        if self.opened is not None:
            title = self.opened.article.title or self.tr("Untitled article")
            self.setWindowTitle(f"{title} — {self.workspace.trainee_name} — ClaimMark")

    def _find_entities(self) -> None:
        assert self.opened is not None
        article = self.opened.article
        if self.pipeline is None:
            self._set_status(
                self.tr("Entities are off: no English spaCy pipeline is installed. Install one with: {0}").format(
                    INSTALL_COMMAND
                )
            )
            return
        with self.workspace.db.read() as session:
            cached = repo.cached_entities(article.text_hash, self.pipeline.name, self.pipeline.version, session=session)
        if cached is not None:
            self._show_entities(Entities.from_payload(cached), source=self.tr("from cache"))
            return
        self._set_status(self.tr("Finding entities with {0}…").format(self.pipeline.name))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        if self._painted:
            self._request_entities()
        # else: started by the first paint, so spaCy's import does not compete with it

    def _request_entities(self) -> None:
        if self.opened is None or self.pipeline is None or self.entities.entities:
            return
        if self.finder is None:
            self.finder = EntityFinder(self.pipeline, self)
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self._stop_finder)
            self.finder.worker.loading.connect(self._ner_loading)
            self.finder.worker.progress.connect(self._ner_progress)
            self.finder.worker.found.connect(self._ner_found)
            self.finder.worker.failed.connect(self._ner_failed)
        article = self.opened.article
        self.finder.request(article.text_hash, article.text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and watched is self.view.viewport() and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.view.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._request_entities)
        return super().eventFilter(watched, event)

    def _ner_loading(self, name: str) -> None:
        self._set_status(self.tr("Loading the language model {0}…").format(name))

    def _ner_progress(self, digest: str, done: int, total: int) -> None:
        if self.opened is not None and digest == self.opened.article.text_hash:
            self._set_status(self.tr("Finding entities… {0}%").format(done * 100 // max(total, 1)))
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _ner_found(self, digest: str, entities: Entities) -> None:
        assert self.pipeline is not None
        try:
            with self.workspace.db.write() as session:
                repo.store_entities(
                    digest, self.pipeline.name, self.pipeline.version, entities.to_payload(), session=session
                )
        except SQLAlchemyError as exc:  # the cache is a convenience: show the entities anyway
            self.statusBar().showMessage(self.tr("Could not cache entities: {0}").format(exc), 8000)
        if self.opened is not None and digest == self.opened.article.text_hash:
            self._show_entities(entities, source=self.tr("just found"))

    def _ner_failed(self, digest: str, message: str) -> None:
        self.progress.setVisible(False)
        self._set_status(
            self.tr("Entities are off: the language model failed ({0}). Tagging still works.").format(message)
        )

    def _show_entities(self, entities: Entities, *, source: str) -> None:
        assert self.pipeline is not None
        self.progress.setVisible(False)
        entities = self.classroom.visible_entities(entities)  # an exercise may show only some labels
        self.entities = entities
        self.view.set_entities(entities.entities, entities.explanations)
        self.legend.set_labels(entities.entities, entities.explanations)
        self.legend.set_hidden(self._hidden_labels)
        self._apply_hidden()
        self._set_status(
            self.tr("{0} entities found by {1} {2} ({3})").format(
                len(entities.entities), self.pipeline.name, self.pipeline.version, source
            )
        )

    def _set_status(self, text: str) -> None:
        self.entity_status.setText(text)

    # ------------------------------------------------------------------ entity display
    def _hidden_changed(self, hidden: set[str]) -> None:
        self._hidden_labels = set(hidden)
        QSettings().setValue("entities/hidden", sorted(hidden))
        self._apply_hidden()

    def _entities_toggled(self, _on: bool) -> None:
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        if self.entities_action.isChecked():
            self.view.set_hidden_labels(self._hidden_labels)
        else:
            self.view.set_hidden_labels({label for _, _, label in self.entities.entities})
        self.legend.setEnabled(self.entities_action.isChecked())

    # ------------------------------------------------------------------ edits
    def tag_span(self, start: int, end: int, tag: Tag) -> None:
        """Tag a selection: snapped to whole words; an existing claim on the same words is retagged."""
        if self.opened is None:
            return
        snapped = snap_span(self.opened.article.text, start, end)
        if snapped is None:
            self.statusBar().showMessage(self.tr("Select at least one word to tag."), 4000)
            return
        same = next((c for c in self.claims if (c.start, c.end) == snapped), None)
        if same is not None and same.id is not None:
            if same.tag != tag.value:
                self.edit(ops.UpdateClaim(same.id, tag=tag))
            self.panel.select_claim(same.id)
            return
        self.edit(ops.AddClaim(self.opened.claim_set_id, snapped[0], snapped[1], tag))

    def edit(self, op: ops.Operation) -> None:
        # a note still being typed is its own step, saved first: saved later, inside this edit's
        # redraw, it would be pushed in the middle of this command (or be lost with a deleted claim)
        self.panel.flush()
        if not self.classroom.may_edit():  # submitted work is handed in
            return
        text = self.opened.article.text if self.opened else ""
        self.undo_stack.push(OperationCommand(op, self._run, ops.describe(op, text)))

    def undo(self) -> None:
        self.panel.flush()  # a note being typed is the newest step: save it, so undo takes it back
        self.undo_stack.undo()

    def redo(self) -> None:
        self.panel.flush()
        self.undo_stack.redo()

    def _run(self, op: ops.Operation) -> ops.Operation | None:
        """Apply and commit one operation, then redraw; None (and a message) if it failed."""
        try:
            inverse, claim_id = ops.run(self.workspace.db, op)
        except ops.StaleEdit as exc:
            self._reload_claims()
            QMessageBox.warning(
                self,
                self.tr("Claim changed elsewhere"),
                self.tr(
                    "{0}.\n\nThe list now shows the claims as they are saved; make the edit again if you still want it."
                ).format(str(exc).rstrip(".")),
            )
            return None
        except ops.LockedEdit as exc:
            self.statusBar().showMessage(str(exc)[:1].upper() + str(exc)[1:] + ".", 8000)
            return None
        except SQLAlchemyError as exc:
            QMessageBox.critical(
                self,
                self.tr("Could not save"),
                self.tr("The edit was not saved to {0}:\n{1}\n\nCheck the database and try again.").format(
                    self.workspace.db.name, str(getattr(exc, "orig", exc))
                ),
            )
            return None
        keep = None if isinstance(op, ops.DeleteClaim) else claim_id
        self._reload_claims(keep=keep)
        if keep is not None:
            self.view.mark_claim(keep, scroll=False)
        return inverse

    def _reload_claims(self, keep: int | None = None) -> None:
        if self.opened is None:
            return
        self.claims = self.workspace.claims(self.opened.claim_set_id)
        marks = [ClaimMark(c.id, c.start, c.end, Tag(c.tag)) for c in self.claims if c.id is not None]
        self.view.set_claims(marks)
        self.panel.set_claims(self.opened.article.text, self.claims, keep=keep)

    def delete_current_claim(self) -> None:
        """Delete the claim under the caret (or the selection's start), the list's one if it is
        among them; with no claim there, the one selected in the list."""
        span = self.view.selection()
        hits = [c.claim_id for c in self.view.claims_at(span[0] if span is not None else self.view.caret_offset())]
        listed = self.panel.current_claim_id()
        claim_id = listed if listed in hits or not hits else hits[0]
        if claim_id is not None:
            self.edit(ops.DeleteClaim(claim_id))

    def _claim_selected(self, claim_id: int | None) -> None:
        self.view.mark_claim(claim_id)

    def source_suggestions(self, claim: Claim) -> list[str]:
        """Entities in the claim's sentence that could be its source, people and bodies first."""
        if self.opened is None:
            return []
        text = self.opened.article.text
        start, _ = sentence_bounds(self.entities.sentences, len(text), claim.start)
        _, end = sentence_bounds(self.entities.sentences, len(text), max(claim.end - 1, claim.start))
        names: dict[str, int] = {}
        for s, e, label in self.entities.entities:
            if s >= start and e <= end and label in SOURCE_LABELS:
                names.setdefault(" ".join(text[s:e].split()), SOURCE_LABELS.index(label))
        return ["", *sorted(names, key=lambda n: (names[n], n))]

    # ------------------------------------------------------------------ dialogs
    def export_dialog(self) -> None:
        from claimmark.core.exporting import records, write_csv, write_jsonl

        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export claims"),
            "claims.jsonl",
            self.tr("JSON Lines (*.jsonl);;CSV (*.csv)"),
        )
        if not path:
            return
        as_csv = path.lower().endswith(".csv") or "CSV" in chosen
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                rows = records(self.workspace.db, trainee=self.workspace.trainee_name)
                count = (write_csv if as_csv else write_jsonl)(rows, fh)
        except OSError as exc:
            QMessageBox.critical(self, self.tr("Export failed"), self.tr("Could not write {0}: {1}").format(path, exc))
            return
        self.statusBar().showMessage(self.tr("Exported {0} to {1}").format(count, path), 6000)

    def keyboard_help(self) -> str:
        """Help > Keyboard: how to read and tag without a mouse, then every menu shortcut."""
        lines = [
            self.tr("In the article: arrows move the caret; Shift+arrows select; Ctrl+Shift+arrows select words."),
            self.tr("1 confirmed, 2 estimated, 3 unverified: tag the selection (snapped to whole words)."),
            self.tr("Delete: delete the claim under the caret or selected in the list."),
            self.tr("F6 the article, F7 the claims list (Tab moves on to its editor)."),
            "",
        ]
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            name = menu_action.text().replace("&", "")
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys and not action.isSeparator():
                    label = action.text().replace("&", "").split("\t")[0]
                    lines.append(f"{keys}\t{name} > {label}")
        return "\n".join(lines)

    def show_keys(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard"), self.keyboard_help())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            width = max(self.splitter.width(), self.width())
            self.splitter.setSizes([width * 3 // 5, width - width * 3 // 5])

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.flush()
        QSettings().setValue("window/geometry", self.saveGeometry())
        self._stop_finder()
        super().closeEvent(event)

    def _stop_finder(self) -> None:
        """End the NER thread (on close, or when the application quits without closing us)."""
        if self.finder is not None:
            self.finder.stop()
            self.finder = None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
