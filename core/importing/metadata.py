"""Who published a web page and who wrote it, from what the page itself says.

The outlet is the page's own name for its site: the publisher in its structured data
(JSON-LD ``publisher.name``), ``og:site_name`` or ``application-name``; failing those, the web
address's host as it is written ("reuters.co.uk"), never a name made up from it
("Reuters_Co_Uk") nor a social-media handle ("@ReutersIndia").

A page is a front page (a home page or a section front: many articles' headlines, not one
article) when its own address is the site's root, or a single plain section word for a page
that calls itself a website, and nothing in it says it is an article (``og:type`` article, a
JSON-LD article type, an ``articleBody``).  Only then: an article with a careless canonical
link is still an article.

The author is the byline: the structured data's ``author`` (every one it lists), what
trafilatura found, the ``author`` meta tags, or, in
the text, an opening "By ..." line or a closing "Reporting by ...; Editing by ..." line (the
reporters, not the editors). A candidate that reads like page furniture (script names, "View
author archive", an e-mail address) is no author.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from claimmark.core.importing.normalising import clean_field

_CAMEL = re.compile(r"[a-z][A-Z]")
_ONLY_DIGITS = re.compile(r"^[\d\s\-–/.]+$")
_JSON_LD_LIMIT = 200_000  # characters of structured data read from one page
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_FURNITURE = re.compile(
    r"\b(?:archive|cmd|push|googletag|dfp|function|var|view|follow|profile|subscribe|newsletter|"
    r"staff writer at|contributor at)\b|@|https?:|www\.|\.com\b",
    re.IGNORECASE,
)
_BY_LINE = re.compile(r"^\s*by\s+(?P<names>[^\n]{3,120}?)\s*$", re.IGNORECASE | re.MULTILINE)
_REPORTING_BY = re.compile(r"\(?\s*(?:reporting|reported|writing)\s+by\s+(?P<names>[^;)\n]{3,160})", re.IGNORECASE)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\band\b|&)\s*", re.IGNORECASE)
_TRAILING = re.compile(r"\s+(?:in|at|from)\s+[A-Z][\w .\-]*$")


def site_name(tree: Any, url: str, trafilatura_name: str, title: str) -> str:
    """The outlet's name as the page gives it (see the module notes)."""
    for name in (*_json_ld_values(tree, "publisher"), _meta(tree, "og:site_name"), _meta(tree, "application-name")):
        name = clean_field(name)
        if _good_site_name(name, title):
            return name
    name = clean_field(trafilatura_name)
    if _good_site_name(name, title) and not _handle(name):
        return name
    host = urlsplit(url).hostname or "" if url else ""
    return host.removeprefix("www.")


_ROOT_PATH = re.compile(r"^/?(?:(?:index|home|default)(?:\.\w+)?)?$", re.IGNORECASE)
_SECTION_PATH = re.compile(r"^/[a-z]+/?$")
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "report", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle"}
)  # fmt: skip
_FRONT_TYPES = frozenset({"website", "collectionpage", "itemlist", "searchresultspage"})


def front_page_address(tree: Any) -> str | None:
    """The page's address when it is a home page or a section front, not one article; else None."""
    if tree is None:
        return None
    address = _meta(tree, "og:url") or _canonical(tree)
    if not address:
        return None
    path = urlsplit(address).path
    og_type = _meta(tree, "og:type").strip().lower()
    types = {t.lower() for t in _json_ld_types(tree)}
    if og_type == "article" or types & _ARTICLE_TYPES or tree.xpath("//*[@itemprop='articleBody']"):
        return None
    declared_front = og_type == "website" or bool(types & _FRONT_TYPES)
    if _ROOT_PATH.match(path) or (declared_front and _SECTION_PATH.match(path)):
        return address
    return None


def byline(tree: Any, text: str, trafilatura_author: str) -> str:
    """The article's authors, "; " between them (see the module notes); "" when none is given."""
    candidates = [
        "; ".join(clean_field(v) for v in _json_ld_values(tree, "author")),  # every author listed
        clean_field(trafilatura_author),
        clean_field(_meta(tree, "author")),
        clean_field(_meta(tree, "article:author")),
        *_text_bylines(text),
    ]
    for candidate in candidates:
        names = _names(candidate)
        if names:
            return "; ".join(names)
    return ""


def _handle(name: str) -> bool:
    """A social-media handle or a name made from a host ("@ReutersIndia", "Grazia_Live", "TheAVClub")."""
    return name.startswith("@") or (" " not in name and ("_" in name or bool(_CAMEL.search(name))))


def _good_site_name(name: str, title: str) -> bool:
    return bool(name) and name != title and len(name) <= 80 and not _ONLY_DIGITS.match(name)


def _names(value: str) -> list[str]:
    """The person names in a byline candidate; [] when it reads like furniture, not a byline."""
    if not value or _FURNITURE.search(value):
        return []
    names = []
    for part in _SPLIT_NAMES.split(value):
        part = _TRAILING.sub("", part.strip(" .;:-–—|"))
        words = part.split()
        if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
            return []
        if not any(w[0].isupper() for w in words):
            return []
        names.append(part)
    return list(dict.fromkeys(names))


def _text_bylines(text: str) -> Iterator[str]:
    head = text[:600]
    found = _BY_LINE.search(head)
    if found:
        yield found.group("names")
    for found in _REPORTING_BY.finditer(text[-3000:]):
        yield found.group("names")


def _meta(tree: Any, name: str) -> str:
    if tree is None:
        return ""
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key == name:
            return str(element.get("content") or "")
    return ""


def _canonical(tree: Any) -> str:
    for element in tree.iter("link"):
        if (element.get("rel") or "").strip().lower() == "canonical":
            return str(element.get("href") or "")
    return ""


def _json_ld(tree: Any) -> Iterator[Any]:
    """The page's JSON-LD blocks, parsed (a bounded amount; broken blocks are skipped)."""
    if tree is None:
        return
    read = 0
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = script.text or ""
        read += len(source)
        if read > _JSON_LD_LIMIT:
            return
        try:
            yield json.loads(source)
        except ValueError:
            continue


def _json_ld_values(tree: Any, field: str) -> Iterator[str]:
    """Names given for ``field`` ("publisher", "author") in the page's JSON-LD blocks."""
    for data in _json_ld(tree):
        yield from _names_of(data, field, depth=0)


def _json_ld_types(tree: Any) -> Iterator[str]:
    """The ``@type`` values of the page's JSON-LD items (top level and ``@graph``)."""
    for data in _json_ld(tree):
        items = data if isinstance(data, list) else [data]
        for item in list(items):
            if isinstance(item, dict) and isinstance(item.get("@graph"), list):
                items = [*items, *item["@graph"]]
        for item in items[:100]:
            kind = item.get("@type") if isinstance(item, dict) else None
            for value in kind if isinstance(kind, list) else [kind]:
                if isinstance(value, str):
                    yield value


def _names_of(data: Any, field: str, depth: int) -> Iterator[str]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _names_of(item, field, depth + 1)
    elif isinstance(data, dict):
        value = data.get(field)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict) and isinstance(item.get("name"), str):
                yield item["name"]
        graph = data.get("@graph")
        if graph is not None:
            yield from _names_of(graph, field, depth + 1)
