"""Page furniture that trafilatura lets through: menus, share buttons, related links, credits.

Most of it comes when a page holds little article and trafilatura falls back to reading the
whole page.  The rules look at whole lines (a paragraph, a list item), never inside one, and
leave code and table rows alone; a line that reads as a sentence only goes as a copyright
notice or as the second copy of a paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

_LIST_MARKER = re.compile(r"^\s*(?:[-*•·]|\d{1,3}[.)])\s+")
_BARE_MARKER = re.compile(r"^\s*[-•]\s*$")  # an empty list item (a lone "*" or "2." stays)
_UI_LINE = re.compile(
    r"close|loading(?: \w+){0,2}|advertisements?|advertising|sponsored(?: content)?|powered by \w+(?: \w+)?|"
    r"(?:from )?around the web|more stories|related(?: stories| articles| content)?|you may also like|"
    r"recommended(?: for you)?|most popular|trending|print(?: this)?|search|subscribe|sign in|log in|"
    r"sign up|menu|skip to (?:main )?content|share(?: this| this article| on \w+)?|tweet(?: this)?|"
    r"e-?mail(?: this)?|link this|digg this|pin it|reprints|permalink|comments?|view comments|"
    r"(?:add|leave|post|write) a comment|add your rating|rate this|\d+ (?:comments?|shares?|likes?)|"
    r"next|previous|prev|back to top|read more|continue reading|see more|view more|show more|load more|"
    r"view (?:gallery|slideshow)|see all|watch more videos|filed under|tags|keywords|"
    r"(?:(?:slide|photo|image) )?\d+ ?(?:of|/) ?\d+"
)
_UI_EDGES = " |>»›<«‹:…./-–—()[]"
_NAV_SEPARATOR = re.compile(r"\s+[|»›>•·]\s+")
# "© 2014 X", "Copyright 2014 X", "Copyright © X": not "Copyright holders say ..." in a story about it
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b")
_MENU_LINES = 5  # a paragraph of at least this many link texts, one per line, is a menu
_REPEATS = 3  # a short line seen this often in one page is a credit, a time stamp or a button


def _is_sentence(line: str) -> bool:
    """Five words or more, ending with . ! or ? (before any closing quote or bracket)."""
    return len(line.split()) >= 5 and line.rstrip("\"'”’)]").endswith((".", "!", "?"))


def line_key(line: str) -> str:
    """A line as the furniture rules compare it: no list marker, single spaces, casefolded, no
    trailing comma (tag lists put one after each link), no punctuation or arrows at either end."""
    return " ".join(_LIST_MARKER.sub("", line).split()).casefold().rstrip(",;").strip(_UI_EDGES)


def control_texts(tree: Any) -> frozenset[str]:
    """The texts of the page's links and buttons: what a reader clicks rather than reads."""
    texts = set()
    for element in tree.xpath("//a | //button | //*[@onclick] | //*[@role='button' or @role='link']"):
        key = line_key(element.text_content())
        if key:
            texts.add(key)
    return frozenset(texts)


def _is_ui_line(line: str, controls: frozenset[str]) -> bool:
    """Interface words ("Close", "Loading...", "- Tweet this", "3 of 12"), a stray "|", a
    copyright notice, or a row of links ("Home | World | Sport")."""
    key = line_key(line)
    if not key:
        return any(char in "|>»›<«‹" for char in line)  # keeps "*", "* * *" and "--"
    if _UI_LINE.fullmatch(key):
        return True
    plain = " ".join(_LIST_MARKER.sub("", line).split()).casefold()  # the key has lost "(c)"'s brackets
    if _COPYRIGHT.search(plain) and len(key.split()) <= 25:
        return True
    parts = [part.strip(_UI_EDGES) for part in _NAV_SEPARATOR.split(key)]
    return len(parts) >= 3 and all(part in controls for part in parts if part)


def _is_link_list(lines: list[str], controls: frozenset[str]) -> bool:
    """Two or more list items and nothing else, each the text of a link or button of the page
    and none a sentence: a menu, related stories, tags, share buttons."""
    return (
        len(lines) >= 2
        and all(_LIST_MARKER.match(line) for line in lines)
        and all(line_key(line) in controls and not _is_sentence(line) for line in lines)
    )


def _is_menu_block(lines: list[str], controls: frozenset[str]) -> bool:
    """A paragraph of five or more lines, none a sentence and two in three of them short link
    texts: a site menu that lost its list markup ("Homes", "Decorating", "Renovation" ...)."""
    if len(lines) < _MENU_LINES or any(_is_sentence(line) for line in lines):
        return False
    links = sum(1 for line in lines if len(line.split()) <= 6 and line_key(line) in controls)
    return links >= 2 * len(lines) / 3


_MORE_LINKS = re.compile(
    r"(?:more|related|read|see|also|recommended|trending|popular|further|you may|you might|watch|follow|"
    r"sponsored|from around|around the web|elsewhere|previously|latest)\b"
)


def _introduces_list(line: str) -> bool:
    """A line of the article's own that ends with a colon: "The nominees are:", not "Related
    stories:" or "More from Example.com:"."""
    text = " ".join(line.split())
    return text.endswith(":") and len(text.split()) >= 3 and not _MORE_LINKS.match(line_key(text))


def drop_furniture(blocks: list[tuple[str, list[str]]], controls: frozenset[str]) -> list[str]:
    """The blocks' texts without lines of interface words, lists of links, short lines repeated
    through the page (photo credits, comment time stamps) and second copies of a sentence
    paragraph (a pull quote)."""
    cleaned: list[tuple[str, list[str]]] = []
    for tag, lines in blocks:
        if tag in ("code", "table"):
            cleaned.append((tag, lines))
            continue
        joined: list[str] = []
        for line in lines:  # a list item whose text sat in a child element comes as "-", then the text
            if joined and _BARE_MARKER.match(joined[-1]) and line and not _BARE_MARKER.match(line):
                joined[-1] = f"{joined[-1].strip()} {line}"
            else:
                joined.append(line)
        kept = [line for line in joined if line and not _BARE_MARKER.match(line) and not _is_ui_line(line, controls)]
        # a list the article introduces ("The nominees are:") is the article's, links or not
        introduced = bool(cleaned and cleaned[-1][1] and _introduces_list(cleaned[-1][1][-1]))
        menu = not introduced and (_is_link_list(kept, controls) or _is_menu_block(kept, controls))
        cleaned.append((tag, [] if menu else kept))

    counts = Counter(line_key(line) for tag, lines in cleaned if tag not in ("code", "table") for line in lines)
    seen: set[str] = set()
    texts: list[str] = []
    for tag, lines in cleaned:
        if tag not in ("code", "table", "head"):  # a heading may repeat ("Ingredients" per recipe)
            lines = [line for line in lines if not _repeated_furniture(line, counts, seen)]
        texts.append("\n".join(lines))
    return texts


def _repeated_furniture(line: str, counts: Counter[str], seen: set[str]) -> bool:
    key = line_key(line)
    if _is_sentence(line):
        if key in seen:
            return True
        seen.add(key)
        return False
    if line.rstrip().endswith(":"):
        return False  # a speaker's name in an interview ("SMITH:") labels what follows
    return counts[key] >= _REPEATS and len(key.split()) <= 4 and any(char.isalnum() for char in key)
