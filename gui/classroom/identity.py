"""Who is working: the name is asked once, on the first start, and can be changed later
(File > Your name…); the id kept with it in the profile never changes (``core.identity``).

A window started with ``--trainee NAME`` shows that name and does not change it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from claimmark.core.identity import NAME_LIMIT, Identity, IdentityProblem, clean_name, first_profile, profile_at_start
from claimmark.gui.common import failures, plain
from claimmark.gui.common.failures import reported
from claimmark.gui.common.host import Host
from claimmark.gui.common.menus import Section, make_action


class NameDialog(QDialog):
    """Asks for the name a trainee goes by (their teacher sees it on their work)."""

    def __init__(self, name: str, *, first: bool, teacher: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameDialog")
        self.setWindowTitle(self.tr("Welcome to ClaimMark") if first else self.tr("Your name"))
        intro = QLabel(
            self.tr(
                "What is your name? It is written on the exercise and answer key files you hand out. "
                "You can change it later with File > Your name…"
            )
            if first and teacher
            else self.tr(
                "What is your name? Your teacher sees it on the work you hand in. "
                "You can change it later with File > Your name…"
            )
            if first
            else self.tr(
                "The name your teacher sees on your work. Changing it keeps your work: ClaimMark knows you by "
                "an id kept with your name, not by the name itself."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setMaxLength(NAME_LIMIT)
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.name_edit.selectAll()
        label = QLabel(self.tr("&Name:"), self)
        label.setBuddy(self.name_edit)
        self.problem = QLabel(self)
        self.problem.setObjectName("nameProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        if not first:  # the first start needs a name; closing the dialog keeps the one suggested
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._check()
        fit_wrapped(self, 480)

    def _check(self) -> None:
        ok = show_name_problem(self.name_edit.text(), self.problem)
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)

    def name(self) -> str:
        return clean_name(self.name_edit.text())


def show_name_problem(name: str, label: QLabel) -> bool:
    """Whether ``name`` can be used; if not, ``label`` says why (and is shown)."""
    try:
        clean_name(name)
    except IdentityProblem as problem:
        label.setText(failures.message_of(problem))
        label.setVisible(True)
        return False
    label.setText("")
    label.setVisible(False)
    return True


def fit_wrapped(dialog: QDialog, width: int) -> None:
    """Size a dialog of wrapped text to ``width``, as tall as its text then needs (a window
    does not ask its layout for the height of wrapped labels by itself, and would cut them)."""
    dialog.setMinimumWidth(width)
    dialog.resize(width, max(dialog.heightForWidth(width), dialog.sizeHint().height()))


def ask_first_name(suggested: str, parent: QWidget | None = None, *, teacher: bool = False) -> str:
    """The first start: the person's name (the suggestion if they close the dialog)."""
    dialog = NameDialog(suggested, first=True, teacher=teacher, parent=parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.name() if accepted else clean_name(suggested)
    finally:
        dialog.deleteLater()


def identity_at_start(suggested: str, parent: QWidget | None = None, *, teacher: bool = False) -> Identity:
    """The person from their profile; on the first start (or after a damaged profile) their
    name is asked (in a teacher's words when ``teacher``) and a profile made.  Problems with the
    profile are said, never fatal."""
    start = profile_at_start()
    if start.problem is not None:
        plain.warn(parent, _tr("Your profile"), failures.message_of(start.problem))
    if start.identity is not None:
        return start.identity
    identity, problem = first_profile(ask_first_name(suggested, parent, teacher=teacher))
    if problem is not None:
        plain.warn(parent, _tr("Your name was not saved"), failures.message_of(problem))
    return identity


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("NameDialog", text)


class NameActions:
    """File > Your name…: change the name (the id stays)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.action = make_action(
            host.widget(),
            _tr("Your &name…"),
            self.change_dialog,
            tip=_tr("The name your teacher sees on your work"),
        )
        host.add_actions(Section.FILE_PROFILE, self.action)
        host.events.stateChanged.connect(self.update)
        self.update()

    def update(self) -> None:
        workspace = self.host.session.workspace
        self.action.setText(_tr("Your &name: {0}…").format(workspace.trainee_name.replace("&", "&&")))
        self.action.setEnabled(not workspace.name_fixed)
        if workspace.name_fixed:
            self.action.setStatusTip(_tr("Given with --trainee for this window; start without it to change it"))

    def change_dialog(self) -> None:
        dialog = NameDialog(self.host.session.trainee_name, first=False, parent=self.host.widget())
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.change(dialog.name())
        finally:
            dialog.deleteLater()

    def change(self, name: str) -> bool:
        """Go by ``name`` from now on; False (after a message) if it cannot be saved."""
        with reported(self.host.widget(), _tr("Name not changed")) as outcome:
            identity = self.host.session.workspace.change_name(name)
        if outcome.failed:
            return False
        self.host.refresh_state()  # the title and the status bar show the name
        self.host.status(_tr("You are {0} from now on; your work stays yours.").format(identity.name))
        return True
