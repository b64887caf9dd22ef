"""Telling a screen reader what just happened: a new claim, a retag, the claim or mark selected.

Two ways at once, because screen readers differ in what they follow:

* a ``QAccessibleAnnouncementEvent`` (Qt 6.8 and later), which Qt passes on as the platform's
  announcement (AT-SPI's ``Announcement`` signal on Linux, UI Automation's notification event on
  Windows): read out at once, wherever the focus is;
* a *live region*: a label whose accessible name is the newest announcement (and which says so
  in its accessible description), for tools that read labels rather than announcements, and for
  tests, which read it back through the accessibility tree.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QWidget

from claimmark.gui.common.plain import StatusLabel

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - an older PySide6: the live region alone
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]

LIVE_REGION_NAME = "announcement"


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have ``text`` read out now, as said by ``widget``; and show it in the window's live region."""
    if not text:
        return
    region = live_region(widget)
    if region is not None:
        region.setText(text)
        region.setAccessibleName(text)
        region.setVisible(True)
    if QAccessibleAnnouncementEvent is not None and QAccessible.isActive():
        event = QAccessibleAnnouncementEvent(widget, text)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)


def live_region(widget: QWidget) -> QLabel | None:
    """The live region of ``widget``'s window (see :func:`make_live_region`), if it has one."""
    window = widget.window()
    return window.findChild(QLabel, LIVE_REGION_NAME) if window is not None else None


def make_live_region(parent: QWidget) -> QLabel:
    """A label for the newest announcement (in the status bar): visible text, and its accessible name."""
    # a long announcement shares the bar with the entity and cue notices, cut with "…" when the
    # window is too narrow for all of them; it never widens the window
    label = StatusLabel(parent)
    label.setObjectName(LIVE_REGION_NAME)
    label.setAccessibleDescription(
        QCoreApplication.translate("Announcements", "What ClaimMark last announced: a new claim, a retag, a mark")
    )
    return label
