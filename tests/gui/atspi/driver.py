"""A screen reader's view of ClaimMark, through AT-SPI: run by /usr/bin/python3 (Debian's
python3-pyatspi), not the project's virtual environment; tests/gui/test_screen_reader.py starts it.

It finds controls by role and name in the accessibility tree, never by coordinates: selects
words in the article through its Text interface, presses the tag and retag buttons through their
Action interface, reads the claims list back (Table interface), chooses a row through it, and
records the announcements: the live region's name and the AT-SPI Announcement signals heard.  It prints
one JSON object; a step that fails is reported in it ("error"), with the tree it saw.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi

WAIT_S = 90.0


def walk(node, depth=0, limit=40):
    if node is None or depth > limit:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, limit)


def role(node) -> str:
    try:
        return node.getRoleName()
    except Exception:
        return "?"


def name(node) -> str:
    try:
        return node.name or ""
    except Exception:
        return ""


def description(node) -> str:
    try:
        return node.description or ""
    except Exception:
        return ""


def find(root, *, roles=None, name_is=None, name_starts=None, description_starts=None):
    for node in walk(root):
        if roles is not None and role(node) not in roles:
            continue
        if name_is is not None and name(node) != name_is:
            continue
        if name_starts is not None and not name(node).startswith(name_starts):
            continue
        if description_starts is not None and not description(node).startswith(description_starts):
            continue
        return node
    return None


ANNOUNCED: list[str] = []  # what the program sent as AT-SPI Announcement signals


def _heard(event) -> None:
    ANNOUNCED.append(str(event.any_data))


def pump(seconds: float = 0.0) -> None:
    """Deliver the AT-SPI events that came in (the listener runs on GLib's main loop)."""
    from gi.repository import GLib

    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while True:
        while context.pending():
            context.iteration(False)
        if time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def wait_for(what, probe, timeout=WAIT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        pump(0.3)
    raise LookupError(f"not found in the accessibility tree within {timeout:.0f} s: {what}")


def application(app_name: str):
    def probe():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and name(app) == app_name:
                return app
        return None

    return wait_for(f"the application {app_name!r}", probe)


def press(node) -> None:
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("Press", "press", "click", "SetFocus") or i == action.nActions - 1:
            action.doAction(i)
            return


def table_rows(table) -> list[list[str]]:
    grid = table.queryTable()
    return [[name(grid.getAccessibleAt(row, column)) for column in range(grid.nColumns)] for row in range(grid.nRows)]


def tree(root) -> list[str]:
    return [f"{role(n)}: {name(n)!r}" for n in walk(root, limit=12)][:400]


def main() -> int:
    app_name, words, tag_button, retag_button, second_words, second_button = sys.argv[1:7]
    out: dict = {"steps": []}
    app = None
    try:
        app = application(app_name)
        out["steps"].append("found the application")
        try:
            pyatspi.Registry.registerEventListener(_heard, "object:announcement")
        except Exception as exc:  # an AT-SPI too old for announcements: the live region still tells
            out["announcement_listener"] = f"{type(exc).__name__}: {exc}"
        article = wait_for(
            "the article (text, 'Article text')", lambda: find(app, roles={"text"}, name_is="Article text")
        )
        out["article_description"] = description(article)
        text = article.queryText()
        whole = text.getText(0, -1)
        start = wait_for(f"{words!r} in the article", lambda: (text.getText(0, -1).find(words) + 1) or None) - 1
        whole = text.getText(0, -1)
        out["article_chars"] = len(whole)
        if text.getNSelections() > 0:
            text.setSelection(0, start, start + len(words))
        else:
            text.addSelection(start, start + len(words))
        out["selected"] = text.getText(*text.getSelection(0))
        out["steps"].append("selected words through the Text interface")

        button = wait_for(f"the button {tag_button!r}", lambda: find(app, roles={"push button"}, name_is=tag_button))
        press(button)
        out["steps"].append(f"pressed {tag_button!r} through the Action interface")

        claims = wait_for("the claims table", lambda: find(app, roles={"table"}, name_is="Claims"))
        out["claims_description"] = description(claims)
        out["rows_after_tag"] = wait_for("a row in the claims table", lambda: table_rows(claims) or None)
        region = find(app, description_starts="What ClaimMark last announced")
        out["announced_after_tag"] = name(region) if region is not None else None

        retag = wait_for(
            f"the button {retag_button!r}",
            lambda: find(app, roles={"push button", "toggle button", "check box"}, name_is=retag_button),
        )
        out["retag_description"] = description(retag)
        press(retag)
        out["steps"].append(f"pressed {retag_button!r}")
        pump(0.5)
        out["rows_after_retag"] = table_rows(claims)
        region = find(app, description_starts="What ClaimMark last announced")
        out["announced_after_retag"] = name(region) if region is not None else None
        # a second claim, then the first chosen in the list through its Table interface
        start = whole.find(second_words)
        if text.getNSelections() > 0:
            text.setSelection(0, start, start + len(second_words))
        else:
            text.addSelection(start, start + len(second_words))
        press(
            wait_for(f"the button {second_button!r}", lambda: find(app, roles={"push button"}, name_is=second_button))
        )
        wait_for("a second row", lambda: len(table_rows(claims)) == 2)
        claims.queryTable().addRowSelection(0)
        out["steps"].append("chose the first row through the Table interface")
        pump(0.5)
        region = find(app, description_starts="What ClaimMark last announced")
        out["announced_after_choosing"] = name(region) if region is not None else None
        pump(1.0)
        out["announcements"] = list(ANNOUNCED)
        out["editor"] = {
            n: bool(find(app, name_is=n)) for n in ("Source", "Note", "Delete claim", "Retag as confirmed")
        }
    except Exception as exc:  # reported to the test, with what the tree held
        out["error"] = f"{type(exc).__name__}: {exc}"
        if app is not None:
            out["tree"] = tree(app)
        else:
            desktop = pyatspi.Registry.getDesktop(0)
            out["applications"] = [name(desktop.getChildAtIndex(i)) for i in range(desktop.childCount)]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
