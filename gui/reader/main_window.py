"""The main window: the reader (article, legend, claims panel) and the host of the features.

Every rule lives in the Qt-free ``ReaderSession`` (``core.reader.session``): slots here turn a
gesture into one session call and show what it returns.  After an edit the window is given the
edit's ``Change`` and redraws only the claims it names.

The window implements :class:`claimmark.gui.common.host.Host`: the library and classroom
features are installed onto it (``claimmark.gui.app``) and reach it only through that
interface: menus by section, status, warnings, questions, opening through the session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from claimmark.core.claims import Tag
from claimmark.core.classroom.handout import group_by_kind
from claimmark.core.classroom.trainee_feedback import Feedback, FeedbackState
from claimmark.core.errors import UserError
from claimmark.core.nlp import INSTALL_COMMAND, Entities, Pipeline
from claimmark.core.reader import operations as ops
from claimmark.core.reader.cue_modes import CueVisibility, cue_visibility, handed_in
from claimmark.core.reader.cue_review import feedback_cue_names, second_look, text_cues
from claimmark.core.reader.cues import ReadingCues, source_kind_label
from claimmark.core.reader.session import ReaderSession
from claimmark.core.reader.workspace import Opened, Workspace
from claimmark.core.storage.engine import DatabaseProblem
from claimmark.core.storage.records import ClaimRecord
from claimmark.core.text import counted, excerpt
from claimmark.gui.common import failures, file_dialogs, plain
from claimmark.gui.common.announce import announce, make_live_region
from claimmark.gui.common.file_dialogs import FileKind
from claimmark.gui.common.host import FileHandler, HostEvents
from claimmark.gui.common.menus import Menu, MenuBar, Section, make_action
from claimmark.gui.common.settings import Settings
from claimmark.gui.reader.article_view import ArticleView, ClaimMark
from claimmark.gui.reader.claims_panel import ClaimsPanel, tag_summary
from claimmark.gui.reader.entities import EntityFinder
from claimmark.gui.reader.guide import show_guide
from claimmark.gui.reader.legend import EntityLegend
from claimmark.gui.reader.reading_cues import CueLegend, CueRunner, cue_cache_key
from claimmark.gui.reader.second_look import SecondLookPanel
from claimmark.gui.reader.undo import OperationCommand


def mark_of(claim: ClaimRecord) -> ClaimMark:
    return ClaimMark(claim.id, claim.start, claim.end, claim.tag)


class MainWindow(QMainWindow):
    def __init__(self, session: ReaderSession, pipeline: Pipeline | None, settings: Settings | None = None) -> None:
        super().__init__()
        self.session = session
        self.pipeline = pipeline
        self.settings = settings or Settings()
        self.events = HostEvents(self)
        self.entities = Entities([], [])
        self.undo_stack = QUndoStack(self)
        self.finder: EntityFinder | None = None
        self.cue_runner: CueRunner | None = None
        self.reading_cues: ReadingCues | None = None
        """The open article's reading cues once found (cached or just found), shown or not."""
        self._cues_asked: str | None = None  # the text hash whose cues were asked for
        self._cue_source = ""  # "from cache" or "just found", for the status bar
        self._file_handlers: dict[str, FileHandler] = {}
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self._shown_once = False
        self._painted = False  # slow background work starts after the first paint
        self.resize(1200, 760)

        self.view = ArticleView(self)
        self.panel = ClaimsPanel(self)
        self.legend = EntityLegend(self)
        self.cue_legend = CueLegend(self)
        self.second_look = SecondLookPanel(self)
        self.second_look.spanChosen.connect(lambda s, e: self.view.mark_span((s, e)))
        self.instructions = QLabel(self)
        self.instructions.setWordWrap(True)
        self.instructions.setObjectName("instructions")
        self.instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._style_banner()
        self.instructions.setVisible(False)

        reader = QWidget(self)
        reader_layout = QVBoxLayout(reader)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(2)
        reader_layout.addWidget(self.instructions)
        reader_layout.addWidget(self.legend)
        reader_layout.addWidget(self.cue_legend)
        reader_layout.addWidget(self.view, 1)
        reader_layout.addWidget(self.second_look)
        splitter = QSplitter(self)
        splitter.addWidget(reader)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.entity_status = plain.StatusLabel(self)
        self.entity_status.setObjectName("entityStatus")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setVisible(False)
        self.mode_label = plain.plain_label(parent=self)  # the trainee's name, as typed
        self.mode_label.setObjectName("modeLabel")
        self.announcer = make_live_region(self)  # what a screen reader was last told (see gui/common/announce.py)
        self.cue_status = plain.StatusLabel(self)
        self.cue_status.setObjectName("cueStatus")
        # the three share the bar evenly (each cut with "…" when short of room); the announcement
        # takes its share only once there is one
        self.statusBar().addWidget(self.entity_status, 1)
        self.statusBar().addWidget(self.cue_status, 1)
        self.statusBar().addWidget(self.announcer, 1)
        self.announcer.setVisible(False)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.mode_label)

        self.menus = MenuBar(self.menuBar())
        self.view.viewport().installEventFilter(self)
        self._build_actions()
        self._connect()
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._hidden_labels = self.settings.hidden_labels
        self.view.set_zoom(self.settings.zoom)
        self.view.setFocus()

    # ------------------------------------------------------------------ setup
    def _build_actions(self) -> None:
        self.tag_actions: dict[Tag, QAction] = {}
        for tag in Tag:
            action = QAction(self.tr("Tag as &{0}").format(tag.value), self)
            action.setShortcut(QKeySequence(tag.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setToolTip(self.tr("Tag the selected words as {0} ({1})").format(tag.value, tag.shortcut))
            action.setIconText(f"{tag.shortcut} {tag.value}")  # as the tag buttons and the list say it
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
        self.delete_action = make_action(
            self, self.tr("&Delete claim"), self.delete_current_claim, shortcut=QKeySequence.StandardKey.Delete
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.delete_action)

        add = self.menus.add
        add(
            Section.FILE_SAMPLE,
            make_action(self, self.tr("Open &sample exercise"), lambda: self.open(ReaderSession.open_sample)),
        )
        add(Section.FILE_EXPORT, make_action(self, self.tr("&Export claims…"), self.export_dialog, shortcut="Ctrl+E"))
        add(
            Section.FILE_QUIT,
            make_action(self, self.tr("&Quit"), self.close, shortcut=QKeySequence.StandardKey.Quit),
        )
        add(Section.EDIT_UNDO, self.undo_action, self.redo_action)
        self.copy_action = make_action(self, self.tr("&Copy"), self.copy, shortcut=QKeySequence.StandardKey.Copy)
        self.select_all_action = make_action(
            self, self.tr("Select &all"), self.select_all, shortcut=QKeySequence.StandardKey.SelectAll
        )
        add(Section.EDIT_CLIPBOARD, self.copy_action, self.select_all_action)
        add(Section.EDIT_TAG, *self.tag_actions.values(), self.delete_action)
        add(
            Section.EDIT_SETTINGS,
            make_action(
                self,
                self.tr("&Keyboard settings…"),
                self.tag_keys_dialog,
                tip=self.tr("Change or turn off the single keys 1, 2, 3 that tag the selection"),
            ),
        )

        self.entities_action = QAction(self.tr("Show &entities"), self)
        self.entities_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.entities_action.setCheckable(True)
        self.entities_action.setChecked(True)
        self.entities_action.toggled.connect(lambda _on: self._apply_hidden())
        self.cues_action = QAction(self.tr("Reading &cues"), self)
        self.cues_action.setObjectName("readingCuesAction")
        self.cues_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.cues_action.setCheckable(True)
        self.cues_action.setChecked(self.settings.reading_cues)
        self.cues_action.toggled.connect(self._cues_toggled)
        self.zoom_in_action = make_action(self, self.tr("Zoom &in"), lambda: self.view.zoom_by(1))
        self.zoom_in_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        self.zoom_out_action = make_action(
            self, self.tr("Zoom &out"), lambda: self.view.zoom_by(-1), shortcut=QKeySequence.StandardKey.ZoomOut
        )
        self.zoom_reset_action = make_action(
            self, self.tr("&Normal size"), lambda: self.view.set_zoom(100), shortcut="Ctrl+0"
        )
        add(
            Section.VIEW_SHOW,
            self.entities_action,
            self.cues_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
        )
        add(
            Section.VIEW_FOCUS,
            make_action(self, self.tr("Focus the &article"), self.view.setFocus, shortcut="F6"),
            make_action(self, self.tr("Focus the &claims list"), self.panel.focus_list, shortcut="F7"),
            make_action(self, self.tr("Focus “&worth a second look”"), self.second_look.list.setFocus, shortcut="F8"),
        )
        add(
            Section.HELP_MAIN,
            make_action(
                self,
                self.tr("&Tagging guide"),
                lambda: show_guide(self),
                shortcut=QKeySequence.StandardKey.HelpContents,
            ),
            make_action(self, self.tr("&Keyboard"), self.show_keys),
            make_action(self, self.tr("&About ClaimMark"), self.show_about),
        )
        self.apply_tag_keys(self.settings.tag_keys)

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
        self.view.offsetClicked.connect(self._clicked_at)
        self.view.nothingToTag.connect(self._nothing_to_tag)
        self.view.claimEditRequested.connect(self.panel.edit_claim)
        self.view.claimDeleteRequested.connect(lambda cid: self.edit(ops.DeleteClaim(cid)))
        self.panel.claimSelected.connect(self.view.mark_claim)
        self.panel.claimSelected.connect(self._announce_selected)
        self.panel.retagRequested.connect(lambda cid, tag: self.edit(ops.UpdateClaim(cid, tag=tag)))
        self.panel.noteEdited.connect(lambda cid, note: self.edit(ops.UpdateClaim(cid, note=note)))
        self.panel.sourceEdited.connect(lambda cid, source: self.edit(ops.UpdateClaim(cid, source=source)))
        self.panel.deleteRequested.connect(lambda cid: self.edit(ops.DeleteClaim(cid)))
        self.panel.guideRequested.connect(lambda: show_guide(self))
        self.panel.source_suggestions = self.source_suggestions
        self.panel.model.source_note = self.claim_source_kind
        self.legend.hiddenChanged.connect(self._hidden_changed)
        self.view.zoomChanged.connect(self._zoom_changed)

    # ------------------------------------------------------------------ the host interface
    def widget(self) -> QWidget:
        return self

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace

    @property
    def opened(self) -> Opened | None:
        return self.session.opened

    @property
    def claims(self) -> Sequence[ClaimRecord]:
        return self.session.claims

    def open(self, how: Callable[[ReaderSession], Opened | None]) -> bool:
        """Open through the session and show it; a failure is reported (False)."""
        self.panel.flush()
        with failures.reported(self, self.tr("Could not open"), database=self.workspace.db.name) as outcome:
            opened = how(self.session)
        if outcome.failed:
            return False
        if opened is None:
            self.refresh_state()
        else:
            self._show_opened()
        return True

    def reload(self) -> None:
        self.panel.flush()
        with failures.reported(self, self.tr("Could not read the library"), database=self.workspace.db.name) as outcome:
            workspace = Workspace(self.workspace.db, self.workspace.trainee_name)
        if outcome.failed:
            return
        self.session = ReaderSession(workspace, teacher=self.session.teacher)
        self.open(ReaderSession.open_start)

    def refresh_state(self) -> None:
        with failures.reported(self, self.tr("Could not read the exercise"), database=self.workspace.db.name):
            self.session.refresh_state()
        self._apply_state()
        self.events.stateChanged.emit()

    def flush_edits(self) -> None:
        self.panel.flush()

    def status(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def warn(self, title: str, text: str) -> None:
        plain.warn(self, title, text)

    def ask(self, title: str, text: str) -> bool:
        return plain.ask(self, title, text)

    def add_actions(self, section: Section, *actions: QAction) -> None:
        self.menus.add(section, *actions)

    def add_toolbar(self, name: str, title: str, actions: Sequence[QAction]) -> QToolBar:
        toolbar = QToolBar(title, self)
        toolbar.setObjectName(name)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions(list(actions))
        self.addToolBar(toolbar)
        return toolbar

    def add_status_widget(self, widget: QWidget) -> None:
        self.statusBar().addPermanentWidget(widget)

    def handle_files(self, kind: str, handler: FileHandler) -> None:
        self._file_handlers[kind] = handler

    def open_files(self, paths: Sequence[str]) -> None:
        """Each file to the feature that takes its kind; exercises first, then keys, submissions, articles."""
        for kind, files in group_by_kind(paths).items():
            handler = self._file_handlers.get(kind)
            if handler is not None:
                handler(files)
            else:
                names = ", ".join(files)
                self.warn(self.tr("Cannot open"), self.tr("ClaimMark cannot open {0} here.").format(names))

    # ------------------------------------------------------------------ showing what is open
    def _show_opened(self) -> None:
        """Show the session's open article: text, claims, banner, entities (cached or found)."""
        opened = self.session.opened
        assert opened is not None
        self.undo_stack.clear()
        self.view.set_article(opened.article.text)
        self.entities = Entities([], [])
        self.legend.set_labels([], {})
        self._forget_cues()
        session = self.session
        self.panel.set_claims(session.text, session.claims, session.tag_counts())
        self._apply_state()
        # the highlights in a turn of their own: the text and the claims list are on screen
        # first, and no turn of the event loop (a freeze of the window) has to do it all (a
        # timer, not singleShot(0): that is a posted call, run before the paint in between)
        self._entities_coming()
        digest = opened.article.text_hash
        QTimer.singleShot(1, lambda: self._draw_highlights(digest))
        self.view.setFocus()
        self.events.opened.emit()
        self.events.stateChanged.emit()

    def _show_new_text(self, change: ops.Change) -> None:
        """The open article's text changed (and with it the place of its claims): show it anew,
        keeping the undo history and where the reader was."""
        session = self.session
        article = session.article
        assert article is not None
        scrolled = self.view.verticalScrollBar().value()
        self.view.set_article(article.text)
        self.view.verticalScrollBar().setValue(scrolled)
        self.entities = Entities([], [])
        self.legend.set_labels([], {})
        self._forget_cues()
        self.panel.set_claims(session.text, session.claims, session.tag_counts())
        self._apply_state()
        self._entities_coming()
        digest = article.text_hash
        QTimer.singleShot(1, lambda: self._draw_highlights(digest))  # a new text: its entities found anew
        if change.removed:
            self.status(
                self.tr("{0} on words that were removed went with them (Edit > Undo brings them back).").format(
                    counted(len(change.removed), "claim")
                )
            )

    def _draw_highlights(self, digest: str) -> None:
        """The claims and the entities (from the cache) of the article just opened."""
        if self._is_open(digest):
            self.view.set_claims([mark_of(c) for c in self.session.claims])
            self._find_entities(digest)
            self._cues_asked = digest
            self._find_cues()

    def _show_claims(self, keep: int | None = None) -> None:
        session = self.session
        self.view.set_claims([mark_of(c) for c in session.claims])
        self.panel.set_claims(session.text, session.claims, session.tag_counts(), keep=keep)

    def _apply_state(self) -> None:
        """Locks, window title, mode and banner, from the session's mode and permissions."""
        session = self.session
        rules = session.permissions
        self.view.set_tagging_enabled(rules.tag)
        self.delete_action.setEnabled(rules.tag)
        self.panel.set_editable(rules.tag)
        if not rules.tag:
            self.undo_stack.clear()  # handed-in work: nothing to undo into
        if session.teacher and session.exercise is None:  # the banner: "tagging your own claims"
            self.mode_label.setText(self.tr("Teacher mode"))
            self.panel.set_hints(
                note=self.tr("Why this tag? What evidence would change it?"),
                empty=self.tr(
                    "No claims yet. Select words and press 1, 2 or 3 (your own claims: this article is not an "
                    "exercise yet)."
                ),
            )
        elif session.teacher:
            self.mode_label.setText(self.tr("Teacher mode"))
            self.panel.set_hints(
                note=self.tr("The explanation trainees see as feedback: why this tag, and what would change it"),
                empty=self.tr(
                    "No key claims yet. Select the words of a claim trainees should find and press 1, 2 or 3."
                ),
            )
        else:
            self.mode_label.setText(self.tr("Trainee: {0}").format(session.trainee_name))
            self.panel.set_hints(
                note=self.tr("Why this tag? What evidence would change it?"),
                empty=self.tr("No claims yet. Select words in the article and press 1, 2 or 3."),
            )
        self.refresh_title()
        self._show_banner()
        self._apply_cues()

    def refresh_title(self) -> None:
        article = self.session.article
        if article is None:
            return
        # what is being worked on: the exercise (as handed out) or the article; who works on it
        # is in the status bar, and a login name in the title told other windows apart by person
        exercise = self.session.exercise
        title = (exercise.title if exercise is not None else "") or article.title or self.tr("Untitled article")
        if self.session.teacher and exercise is not None:
            self.setWindowTitle(self.tr("{0} — answer key — ClaimMark").format(title))
        else:
            self.setWindowTitle(self.tr("{0} — ClaimMark").format(title))

    def _show_banner(self) -> None:
        """Above the article: the exercise and its instructions, what the mode edits, where a submission stands."""
        session = self.session
        exercise = session.exercise
        if session.opened is None:
            self.instructions.setVisible(False)
            return
        if session.teacher and exercise is not None:
            text = self.tr(
                "<b>Answer key</b> of “{0}”. Tag the claims trainees should find; each claim's note is the "
                "explanation they see as feedback."
            ).format(plain.escape(exercise.title))
            if exercise.instructions:
                text += self.tr("<br>Instructions for trainees: {0}").format(plain.escape(exercise.instructions))
        elif session.teacher:
            text = self.tr(
                "<b>Teacher mode.</b> This article is not an exercise yet: Exercise > Make exercise from this "
                "article… (Ctrl+Shift+N). Until then you are tagging your own claims."
            )
        elif exercise is not None:
            text = f"<b>{plain.escape(exercise.title)}</b>"
            if exercise.instructions:
                text += f"<br>{plain.escape(exercise.instructions)}"
            attempt = session.opened.attempt
            if attempt > 1:
                text += self.tr(
                    "<br><b>Attempt {0}</b>, a fresh start: your earlier attempts and their feedback are in "
                    "Exercise > My progress…."
                ).format(attempt)
            rules = session.permissions
            if rules.feedback or rules.edit_again:
                when = session.submitted_at()
                stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
                if rules.feedback:
                    text += self.tr(
                        "<br><b>Submitted {0}.</b> Your feedback is ready: Exercise > Feedback (Ctrl+Shift+F). "
                        "To try it again from scratch: Exercise > Practise again."
                    ).format(stamp)
                else:
                    text += self.tr(
                        "<br><b>Submitted {0}.</b> Your claims are locked. Feedback appears once the answer key "
                        "is available (Exercise > Import answer key…); to change them first: Exercise > Edit again."
                    ).format(stamp)
        else:
            self.instructions.setVisible(False)
            return
        self.instructions.setText(text)
        self.instructions.setVisible(True)

    # ------------------------------------------------------------------ entities
    def _entities_coming(self) -> None:
        """The entity status while the open article's entities are looked up (or why there are none)."""
        self.progress.setVisible(False)
        if self.pipeline is None:
            self._set_status(
                self.tr("Entities are off: no English spaCy pipeline is installed. Install one with: {0}").format(
                    INSTALL_COMMAND
                )
            )
        else:
            self._set_status(self.tr("Finding entities with {0}…").format(self.pipeline.name))

    def _find_entities(self, digest: str) -> None:
        pipeline = self.pipeline
        if pipeline is None or not self._is_open(digest) or self.entities.entities:
            return  # no pipeline; another article was opened meanwhile; or they are shown already
        cached = failures.attempt(
            self, self.tr("Could not read the entity cache"), lambda: self.session.cached_entities(pipeline)
        )
        if cached is not None:
            self._show_entities(cached, source=self.tr("from cache"))
            return
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        if self._painted:
            self._request_entities()
        # else: started by the first paint, so spaCy's import does not compete with it

    def _request_entities(self) -> None:
        article = self.session.article
        if article is None or self.pipeline is None or self.entities.entities:
            return
        self._ensure_finder()
        assert self.finder is not None
        if self._cues_needed() and self.reading_cues is None and self.cue_runner is not None:
            # the cue finder loads before the entities are found, so the cues follow them closely
            self.cue_runner.preload()
        self.finder.request(article.text_hash, article.text)

    def _ensure_finder(self) -> None:
        if self.pipeline is None:
            return
        if self.finder is None:
            self.finder = EntityFinder(self.pipeline, self)
            app = QCoreApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self._stop_finder)
            self.finder.loading.connect(self._ner_loading)
            self.finder.progress.connect(self._ner_progress)
            self.finder.found.connect(self._ner_found)
            self.finder.failed.connect(self._ner_failed)
        if self.cue_runner is None:  # in the entity finder's pool: spaCy never runs twice at once
            self.cue_runner = CueRunner(self.pipeline, self.finder.pool, self)
            self.cue_runner.loading.connect(self._cues_loading)
            self.cue_runner.found.connect(self._cues_found)
            self.cue_runner.failed.connect(self._cues_failed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and watched is self.view.viewport() and event.type() == QEvent.Type.Paint:
            self._painted = True
            self.view.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self._request_entities)
            QTimer.singleShot(0, self, self._find_cues)
        return super().eventFilter(watched, event)

    def _ner_loading(self, name: str) -> None:
        self._set_status(self.tr("Loading the language model {0}…").format(name))

    def _is_open(self, digest: str) -> bool:
        article = self.session.article
        return article is not None and article.text_hash == digest

    def _ner_progress(self, digest: str, done: int, total: int) -> None:
        if self._is_open(digest):
            self._set_status(self.tr("Finding entities… {0}%").format(done * 100 // max(total, 1)))
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _ner_found(self, digest: str, entities: Entities) -> None:
        assert self.pipeline is not None
        try:
            self.session.store_entities(self.pipeline, digest, entities)
        except SQLAlchemyError as exc:  # the cache is a convenience: show the entities anyway
            self.status(self.tr("Could not cache entities: {0}").format(failures.reason_of(exc)))
        if self._is_open(digest):
            self._show_entities(entities, source=self.tr("just found"))

    def _ner_failed(self, digest: str, message: str) -> None:
        self.progress.setVisible(False)
        self._set_status(
            self.tr("Entities are off: the language model failed ({0}). Tagging still works.").format(message)
        )

    def _show_entities(self, entities: Entities, *, source: str) -> None:
        assert self.pipeline is not None
        self.progress.setVisible(False)
        entities = self.session.visible_entities(entities)  # an exercise may show only some labels
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
        self._show_second_look()  # its sentences are spaCy's

    def _set_status(self, text: str) -> None:
        self.entity_status.setText(text)

    def _zoom_changed(self, percent: int) -> None:
        self.settings.zoom = percent
        self.status(self.tr("Article text at {0}% (Ctrl+0: normal size)").format(percent), 3000)

    def _hidden_changed(self, hidden: set[str]) -> None:
        self._hidden_labels = set(hidden)
        self.settings.hidden_labels = self._hidden_labels
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        if self.entities_action.isChecked():
            self.view.set_hidden_labels(self._hidden_labels)
        else:
            self.view.set_hidden_labels({label for _, _, label in self.entities.entities})
        self.legend.set_entities_shown(self.entities_action.isChecked())

    def source_suggestions(self, claim_id: int) -> list[tuple[str, str]]:
        """Names to offer as a claim's source, each with its kind ('' when not known): the empty
        choice, then the session's suggestions; with the reading cues shown, the source the text
        attributes the claim's words to comes first."""
        cues = self.shown_cues()
        found = self.session.source_suggestions(claim_id, self.entities, cues)
        return [("", ""), *((s.name, source_kind_label(s.kind) if s.kind else "") for s in found)]

    def claim_source_kind(self, claim: ClaimRecord) -> str:
        """The claims list's tooltip on a claim's source: who the text gives its words to, and their kind."""
        cues = self.shown_cues()
        attribution = cues.attribution_of(claim.start, claim.end) if cues is not None else None
        if attribution is None or attribution.source is None:
            return ""
        return self.tr("The text gives these words to: {0} ({1})").format(
            attribution.source_text, source_kind_label(attribution.source_kind)
        )

    # ------------------------------------------------------------------ reading cues
    def cue_visibility(self) -> CueVisibility:
        session = self.session
        return cue_visibility(
            session.exercise, session.state, teacher=session.teacher, wanted=self.settings.reading_cues
        )

    def shown_cues(self) -> ReadingCues | None:
        """The open article's cues if they are shown now (None when hidden or not found yet)."""
        return self.reading_cues if self.cue_visibility().shown else None

    def _cues_needed(self) -> bool:
        """Shown now, or handed in (the "worth a second look" list and the feedback name them)."""
        return self.session.opened is not None and (self.cue_visibility().shown or handed_in(self.session.state))

    def _forget_cues(self) -> None:
        self.reading_cues = None
        self._cues_asked = None
        if self.cue_runner is not None:
            self.cue_runner.cancel()
        self.view.set_cues(None)
        self.cue_legend.set_cues(None)
        self.second_look.clear()

    def _cues_toggled(self, on: bool) -> None:
        if self.cue_visibility().chosen:  # the person's own choice (not an exercise's setting)
            self.settings.reading_cues = on
        self._apply_cues()

    def _find_cues(self) -> None:
        """The open article's cues: from the cache at once, else found after the entities."""
        article = self.session.article
        if article is None or self._cues_asked != article.text_hash or self.reading_cues is not None:
            return
        if not self._cues_needed() or self.pipeline is None:
            self._apply_cues(find=False)
            return
        runner = self.cue_runner
        key = runner.cache_key if runner is not None else None
        if key is None:
            key = cue_cache_key(self.pipeline)
        cached = failures.attempt(self, self.tr("Could not read the cue cache"), lambda: self.session.cached_cues(*key))
        if cached is not None:
            self._show_cues(cached, source=self.tr("from cache"))
            return
        if not self._painted:
            return  # asked again by the first paint, so spaCy's import does not compete with it
        self._ensure_finder()
        assert self.cue_runner is not None
        if not self.cue_runner.pending():
            self._set_cue_status(self.tr("Finding reading cues…"))
            self.cue_runner.request(article.text_hash, article.text)

    def _cues_loading(self, name: str) -> None:
        if self._cues_needed():
            self._set_cue_status(self.tr("Loading {0} for the reading cues…").format(name))

    def _cues_found(self, digest: str, cues: ReadingCues) -> None:
        runner = self.cue_runner
        assert runner is not None
        try:
            self.session.store_cues(*runner.cache_key, digest, cues)
        except SQLAlchemyError as exc:  # the cache is a convenience: show the cues anyway
            self.status(self.tr("Could not cache the reading cues: {0}").format(failures.reason_of(exc)))
        if self._is_open(digest):
            self._show_cues(cues, source=self.tr("just found"))

    def _cues_failed(self, digest: str, message: str) -> None:
        if not digest or self._is_open(digest):
            self._set_cue_status(
                self.tr("Reading cues are off: the language model failed ({0}). Tagging still works.").format(message)
            )

    def _show_cues(self, cues: ReadingCues, *, source: str) -> None:
        self.reading_cues = cues
        self._cue_source = source
        self._apply_cues()
        self.events.cuesFound.emit()  # an open feedback window can name them now

    def _apply_cues(self, *, find: bool = True) -> None:
        """Draw or hide the cues as the exercise (or the person) decides, and say so; ``find``:
        look for them if they are needed now (shown, or handed in) and not found yet."""
        seen = self.cue_visibility()
        blocked = self.cues_action.blockSignals(True)
        self.cues_action.setChecked(seen.shown)
        self.cues_action.blockSignals(blocked)
        self.cues_action.setEnabled(seen.chosen)
        self.cues_action.setStatusTip(seen.reason)
        self.cues_action.setToolTip(seen.reason or self.tr("Show the words that carry a claim's status (Ctrl+Shift+R)"))
        cues = self.reading_cues if seen.shown else None
        if self.view.cues is not cues:
            self.view.set_cues(cues)
            self.panel.model.refresh_sources()
        self.cue_legend.set_cues(cues)
        if self.session.opened is None:
            return
        if seen.shown and self.pipeline is None:
            self._set_cue_status(
                self.tr("Reading cues are off: no English spaCy pipeline is installed. Install one with: {0}").format(
                    INSTALL_COMMAND
                )
            )
        elif seen.shown and cues is not None:
            text = self.tr("{0} reading cues, {1} attributions ({2})").format(
                len(cues.cues), len(cues.attributions), self._cue_source
            )
            if not cues.parsed:
                text += self.tr(
                    "; who-said-what is off: {0} has no parser. A pipeline with one turns it on: {1}"
                ).format(cues.model or self.tr("the language model"), INSTALL_COMMAND)
            self._set_cue_status(text)
        elif not seen.shown:
            self._set_cue_status(seen.reason if not seen.chosen else self.tr("Reading cues hidden (Ctrl+Shift+R)"))
        self._show_second_look()
        if find and self.pipeline is not None and self._cues_needed() and self.reading_cues is None:
            QTimer.singleShot(0, self, self._find_cues)  # with the window as context: never after it is gone

    def _show_second_look(self) -> None:
        """After submitting an article without a key: the untagged sentences worth a second look."""
        session = self.session
        cues = self.reading_cues
        if session.teacher or session.state is not FeedbackState.NO_KEY or cues is None or not self.entities.sentences:
            self.second_look.clear()
            return
        claims = [(c.start, c.end) for c in session.claims]
        self.second_look.set_items(session.text, second_look(session.text, self.entities, cues, claims))

    def cue_cache_key(self) -> tuple[str, str] | None:
        """The name and version reading cues are cached under (None: no language model)."""
        if self.pipeline is None:
            return None
        return self.cue_runner.cache_key if self.cue_runner is not None else cue_cache_key(self.pipeline)

    def reading_cues_of(self, text_hash: str) -> ReadingCues | None:
        """A text's reading cues: the open article's, else as the cache keeps them (None if never found)."""
        article = self.session.article
        if article is not None and article.text_hash == text_hash and self.reading_cues is not None:
            return self.reading_cues
        key = self.cue_cache_key()
        if key is None:
            return None
        name, version = key
        return failures.attempt(
            self,
            self.tr("Could not read the cue cache"),
            lambda: text_cues(self.workspace.db, text_hash, name, version),
        )

    def feedback_cues(self, feedback: Feedback) -> dict[int, str]:
        """For the feedback's missed and mistagged key claims (by item), the cues in them, named."""
        from claimmark.core.text import text_hash

        return feedback_cue_names(feedback, self.reading_cues_of(text_hash(feedback.text)))

    def _set_cue_status(self, text: str) -> None:
        self.cue_status.setText(text)

    # ------------------------------------------------------------------ gestures
    def _clicked_at(self, offset: int) -> None:
        """A click in the text off every claim lets go of the claim chosen before."""
        if not self.view.claims_at(offset) and self.panel.current_claim_id() is not None:
            self.panel.select_claim(None)
            self.view.mark_claim(None)

    def _nothing_to_tag(self, tag: Tag) -> None:
        """1, 2, 3 or a tag button with only a caret in the text: say how to tag."""
        if self.session.opened is None:
            self.status(self.tr("Open an article first (File > Library… or File > Open sample exercise)."))
        elif not self.session.permissions.tag:
            self.status(self.tr("Your claims are submitted and locked (Exercise > Edit again, until the key is out)."))
        else:
            self.status(
                self.tr(
                    "Nothing is selected. Select the words of a claim first (drag, or Shift+arrows), then press {0} "
                    "to tag them {1}."
                ).format(
                    self.tag_actions[tag].shortcut().toString(QKeySequence.SequenceFormat.NativeText) or tag.shortcut,
                    tag.value,
                )
            )

    # ------------------------------------------------------------------ edits
    def tag_span(self, start: int, end: int, tag: Tag) -> None:
        """Tag a selection (snapped to whole words; the same words again retag their claim)."""
        request = self.session.tag(start, end, tag)
        if request is None:
            if self.session.opened is not None:
                self.status(self.tr("Select at least one word to tag."), 4000)
            return
        if request.op is not None:
            self.edit(request.op)
        if request.claim_id is not None:
            self.panel.select_claim(request.claim_id)

    def edit(self, op: ops.Operation) -> None:
        # a note still being typed is its own step, saved first: saved later, inside this edit's
        # redraw, it would be pushed in the middle of this command (or be lost with a deleted claim)
        self.panel.flush()
        if not self.session.permissions.tag:  # submitted work is handed in
            self.status(self.tr("Your claims are submitted and locked (Exercise > Edit again, until the key is out)."))
            return
        self.undo_stack.push(OperationCommand(op, self._run, self.session.describe(op)))

    def undo(self) -> None:
        self.panel.flush()  # a note being typed is the newest step: save it, so undo takes it back
        self.undo_stack.undo()

    def redo(self) -> None:
        self.panel.flush()
        self.undo_stack.redo()

    def _run(self, op: ops.Operation) -> ops.Operation | None:
        """Apply and commit one operation, then redraw what it changed; None (and a message) if it failed."""
        try:
            inverse, change = self.session.apply(op)
        except ops.StaleEdit as exc:
            self.session.reload()
            self._show_claims()
            self.warn(
                self.tr("Claim changed elsewhere"),
                self.tr(
                    "{0}\n\nThe list now shows the claims as they are saved; make the edit again if you still want it."
                ).format(failures.message_of(exc)),
            )
            return None
        except ops.LockedEdit as exc:
            self.status(failures.message_of(exc))
            return None
        except DatabaseProblem as exc:  # a damaged library, a full disk: the edit was not saved
            plain.critical(self, self.tr("Could not save"), failures.message_of(exc))
            return None
        except UserError as exc:  # a step the rules refuse (a text no database stores, ...)
            failures.warn(self, self.tr("Not changed"), exc)
            return None
        except SQLAlchemyError as exc:
            plain.critical(
                self,
                self.tr("Could not save"),
                self.tr("The edit was not saved to {0}:\n{1}\n\nCheck the database and try again.").format(
                    self.workspace.db.name, failures.reason_of(exc)
                ),
            )
            return None
        self._show_change(change)
        return inverse

    def _show_change(self, change: ops.Change) -> None:
        """Redraw only the claims one edit touched, and keep the touched claim chosen."""
        if change.text_changed:
            self._show_new_text(change)
            return
        drawn = [mark for c in change.updated if (mark := self.view.claim_mark(c.id)) is not None]
        self._announce_change(change, {mark.claim_id: mark.tag for mark in drawn})
        self.view.change_claims(
            added=[mark_of(c) for c in (*change.added, *change.updated)],
            removed=[*map(mark_of, change.removed), *drawn],  # an updated claim is drawn anew
        )
        keep = None if change.removed else change.claim_id
        self.panel.apply_change(change, self.session.tag_counts(), select=keep)
        if keep is not None:
            self.view.mark_claim(keep, scroll=False)

    # ------------------------------------------------------------------ announcements
    def _claim_words(self, claim: ClaimRecord) -> str:
        return excerpt(self.session.text, claim.start, claim.end, 120)

    def _announce_selected(self, claim_id: int | None) -> None:
        """A claim chosen in the list: its tag and words, for a screen reader."""
        if claim_id is None:
            return
        row = self.panel.model.row_of(claim_id)
        claim = self.panel.model.claim(row) if row is not None else None
        if claim is None or row is None:
            return
        text = self.tr("Claim {0} of {1}, {2}: {3}").format(
            row + 1, self.panel.model.rowCount(), Tag(claim.tag).value, self._claim_words(claim)
        )
        if claim.source:
            text += " " + self.tr("Source: {0}.").format(claim.source)
        announce(self.view, text)

    def _announce_change(self, change: ops.Change, old_tags: dict[int, Tag]) -> None:
        """A new claim, a retag, a deletion: said, with the words concerned."""
        said = []
        for claim in change.added:
            said.append(self.tr("New claim, {0}: {1}").format(Tag(claim.tag).value, self._claim_words(claim)))
        for claim in change.updated:
            old = old_tags.get(claim.id)
            new = Tag(claim.tag)
            if old is not None and old is not new:
                said.append(
                    self.tr("Retagged from {0} to {1}: {2}").format(old.value, new.value, self._claim_words(claim))
                )
        for claim in change.removed:
            said.append(self.tr("Claim deleted: {0}").format(self._claim_words(claim)))
        if said:
            counts = tag_summary(self.session.tag_counts())
            announce(self.view, " ".join(said) + ". " + self.tr("Now {0}.").format(counts))

    def delete_current_claim(self) -> None:
        """Delete the claim under the caret (or the selection's start), the list's one if it is
        among them; with no claim there, the one selected in the list."""
        span = self.view.selection()
        offset = span[0] if span is not None else self.view.caret_offset()
        claim_id = self.session.delete_target(offset, self.panel.current_claim_id())
        if claim_id is not None:
            self.edit(ops.DeleteClaim(claim_id))

    # ------------------------------------------------------------------ dialogs
    def export_dialog(self) -> None:
        from claimmark.core.exporting import records, write_csv, write_jsonl

        path = file_dialogs.save_file(
            self,
            self.settings,
            FileKind.CLAIMS,
            self.tr("Export claims"),
            "claims.jsonl",
            self.tr("JSON Lines (*.jsonl);;CSV (*.csv)"),
        )
        if not path:
            return
        as_csv = path.lower().endswith(".csv")
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                rows = records(self.workspace.db, trainee_uid=self.workspace.trainee_uid)
                count = (write_csv if as_csv else write_jsonl)(rows, fh)
        except OSError as exc:
            plain.critical(self, self.tr("Export failed"), self.tr("Could not write {0}: {1}").format(path, exc))
            return
        self.status(self.tr("Exported {0} to {1}").format(count, path), 6000)

    def keyboard_rows(self) -> list[tuple[str, str]]:
        """Help > Keyboard: (keys, what they do): reading and tagging without a mouse, the claims
        panel, then every menu shortcut (each of an action's keys)."""
        tag_keys = " / ".join(
            a.shortcut().toString(QKeySequence.SequenceFormat.NativeText) for a in self.tag_actions.values()
        )
        rows = [
            (self.tr("Arrows"), self.tr("In the article: move the caret")),
            (self.tr("Shift+arrows"), self.tr("Select characters; Ctrl+Shift+arrows select whole words")),
            (
                tag_keys.strip(" /") or self.tr("(turned off)"),
                self.tr(
                    "Tag the selection confirmed / estimated / unverified (snapped to whole words); "
                    "change or turn off: Edit > Keyboard settings…"
                ),
            ),
            (self.tr("Delete"), self.tr("Delete the claim under the caret, or the one chosen in the list")),
            ("F6", self.tr("Put the keyboard in the article")),
            (
                "F7",
                self.tr(
                    "Put the keyboard in the claims list: Up/Down choose a claim; Tab moves on to its tag buttons, "
                    "Source, Note and Delete claim"
                ),
            ),
            ("Alt+1 / Alt+2 / Alt+3", self.tr("Retag the claim chosen in the list")),
            ("Alt+S", self.tr("The chosen claim's Source (who makes the claim)")),
            ("Alt+N", self.tr("The chosen claim's Note")),
            ("Alt+D", self.tr("Delete the chosen claim")),
            ("Alt+G", self.tr("The tagging guide")),
            (
                self.tr("Ctrl+Z in Note or Source"),
                self.tr("Undo typing there, a pause at a time; elsewhere Ctrl+Z undoes the last edit"),
            ),
        ]
        for menu_id in Menu:
            menu = self.menus.menu(menu_id)
            name = menu.title().replace("&", "")
            for action in menu.actions():
                keys = ", ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
                )
                if keys and not action.isSeparator():
                    label = action.text().replace("&", "").split("\t")[0]
                    if action in (self.undo_action, self.redo_action):  # not "Undo Tag “…” as estimated"
                        label = self.tr("Undo") if action is self.undo_action else self.tr("Redo")
                    rows.append((keys, f"{name} > {label}"))
        return rows

    def keyboard_help(self) -> str:
        """Help > Keyboard as text: one "keys<Tab>what they do" line each."""
        return "\n".join(f"{keys}\t{what}" for keys, what in self.keyboard_rows())

    def show_keys(self) -> None:
        from claimmark.gui.common.help_dialogs import KeyboardDialog

        dialog = KeyboardDialog(self.keyboard_rows(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        from claimmark.gui.common.help_dialogs import show_about

        pipeline = f"{self.pipeline.name} {self.pipeline.version}" if self.pipeline is not None else None
        show_about(self, pipeline)

    def tag_keys_dialog(self) -> None:
        from claimmark.gui.common.help_dialogs import TagKeysDialog

        dialog = TagKeysDialog(self.settings.tag_keys, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_tag_keys(dialog.choice()))
        dialog.open()

    def set_tag_keys(self, scheme: str) -> None:
        """Edit > Keyboard settings: "plain" (1, 2, 3), "ctrl" (Ctrl+1, ...) or "off"; remembered."""
        self.settings.tag_keys = scheme
        self.apply_tag_keys(self.settings.tag_keys)
        keys = {"plain": "1, 2, 3", "ctrl": "Ctrl+1, Ctrl+2, Ctrl+3"}.get(scheme)
        self.status(
            self.tr("Tag the selection with {0}.").format(keys)
            if keys
            else self.tr("Tagging keys are off: tag from the Edit menu, the toolbar or the right-click menu.")
        )

    def apply_tag_keys(self, scheme: str) -> None:
        modifiers = {"plain": Qt.KeyboardModifier.NoModifier, "ctrl": Qt.KeyboardModifier.ControlModifier}
        modifier = modifiers.get(scheme)
        self.view.set_tag_modifier(modifier)
        for tag, action in self.tag_actions.items():
            prefix = "Ctrl+" if scheme == "ctrl" else ""
            action.setShortcut(QKeySequence(prefix + tag.shortcut) if modifier is not None else QKeySequence())
            keys = f" ({prefix}{tag.shortcut})" if modifier is not None else ""
            action.setToolTip(self.tr("Tag the selected words as {0}{1}").format(tag.value, keys))

    def copy(self) -> None:
        """Edit > Copy: the selected text of the control with the keyboard (the chosen claim's
        words in the claims list)."""
        focus = QApplication.focusWidget()
        if focus is self.panel.table:
            claim_id = self.panel.current_claim_id()
            claim = next((c for c in self.session.claims if c.id == claim_id), None)
            if claim is not None:
                QGuiApplication.clipboard().setText(self.session.text[claim.start : claim.end])
            return
        if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit):
            focus.copy()
        else:
            self.view.copy()

    def select_all(self) -> None:
        """Edit > Select All: all the text of the control with the keyboard (else the article)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit | QPlainTextEdit | QTextEdit):
            focus.selectAll()
        else:
            self.view.selectAll()

    # ------------------------------------------------------------------ window events
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # the claims list keeps room for its claim column in a small window (at 1024 px)
            width = max(self.splitter.width(), self.width())
            article = width * 3 // 5 if width >= 1280 else width * 11 // 20
            self.splitter.setSizes([article, width - article])
            # a message shown before the window (teacher mode at start) hid the bar's notices, and
            # showing the window shows them again, under it: show it anew so that it hides them
            message = self.statusBar().currentMessage()
            if message:
                self.statusBar().clearMessage()  # the same text again would be let through unchanged
                self.statusBar().showMessage(message, 8000)

    def _style_banner(self) -> None:
        """The banner in the palette's colours, not fixed ones: readable under a dark palette too."""
        palette = self.palette()
        back = palette.color(QPalette.ColorRole.AlternateBase).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        self.instructions.setStyleSheet(f"QLabel#instructions {{ padding: 6px; background: {back}; color: {text}; }}")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange, QEvent.Type.StyleChange):
            self._style_banner()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_paths(event):
            event.acceptProposedAction()
            self.events.filesComing.emit()  # the import helper gets ready while the files are dragged

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.panel.flush()
        self.settings.geometry = self.saveGeometry()
        self.events.closing.emit()
        self._stop_finder()
        super().closeEvent(event)

    def _stop_finder(self) -> None:
        """End the NER thread (on close, or when the application quits without closing us)."""
        if self.cue_runner is not None:
            self.cue_runner.cancel()
        if self.finder is not None:
            self.finder.stop()
            self.finder = None
            self.cue_runner = None  # it ran in the finder's pool


def _local_paths(event: QDropEvent) -> list[str]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
