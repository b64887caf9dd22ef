"""Web pages saved from a browser: the article's text and details, without the page furniture.

Read with trafilatura (main text and metadata).  Nothing in a page is executed or fetched: we
decode the bytes ourselves and hand trafilatura an already parsed lxml tree, so neither
trafilatura nor htmldate ever sees a string they could mistake for a URL to download, and
lxml's HTML parser does not touch the network.
"""

from __future__ import annotations

import logging
import re
from typing import Any, NoReturn

from claimmark.core.importing.formats import ArticleFormat
from claimmark.core.importing.furniture import control_texts, drop_furniture
from claimmark.core.importing.metadata import byline, front_page_address, site_name
from claimmark.core.importing.normalising import (
    clean_field,
    has_visible,
    iso_date,
    language_code,
    normalise,
    script_language,
    web_address,
)
from claimmark.core.importing.result import ImportedText, ImportProblem

# trafilatura and lxml are imported where they are used: the window should not pay for them at start-up

logger = logging.getLogger(__name__)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"</?(?:html|head|body|p|div|article|title|meta|br|span|a)\b[^>]*>", re.IGNORECASE)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s>]+)", re.IGNORECASE)


class WebPage(ArticleFormat):
    """A page saved from a browser; also a file of no known suffix that looks like one."""

    NAME = "html"
    DESCRIPTION = "Web page"
    EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
    PRIORITY = 10
    DECLARES_CHARSET = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        head = text[:4096]
        if _HTML_START.match(head):
            return True
        return len(_HTML_TAGS.findall(head)) >= 5

    @classmethod
    def read(cls, text: str, name: str) -> ImportedText:
        import trafilatura

        text = _XML_DECLARATION.sub("", text, count=1)
        if "<html" not in text[:4096].lower():
            # a fragment (an article's markup copied on its own): trafilatura only trusts whole pages
            text = f"<html><body>{text}</body></html>"
        # trafilatura.load_html only parses (str in, lxml tree out); it never downloads
        tree = trafilatura.load_html(text)
        if tree is None:
            _raise_no_article(_lenient_tree(text), name)
        declared = _declared_language(tree)
        front = front_page_address(tree)
        if front is not None:
            raise ImportProblem(
                "{name} is the front page of {address}: a list of many articles' headlines, not one "
                "article. Open the article you want, save that page and import it (or copy its text "
                "and use File > Paste as new article).",
                name=name,
                address=front,
            )
        try:
            document = _extract(tree, with_metadata=True)
        except Exception:  # htmldate and the metadata code trip over some odd trees; keep the text
            logger.warning("metadata extraction failed for %r; importing the text alone", name, exc_info=True)
            document = _extract(tree, with_metadata=False)
        body = getattr(document, "body", None) if document is not None else None
        clean = normalise("\n\n".join(_html_blocks(body, control_texts(tree)))) if body is not None else ""
        if not has_visible(clean):
            _raise_no_article(tree, name)

        guessed = script_language(clean)
        title = clean_field(getattr(document, "title", ""))
        url = web_address(clean_field(getattr(document, "url", "")))
        return ImportedText(
            text=clean,
            title=title,
            outlet=site_name(tree, url, getattr(document, "sitename", ""), title),
            author=byline(tree, clean, getattr(document, "author", "")),
            published=iso_date(clean_field(getattr(document, "date", ""))),
            url=url,
            format=cls.NAME,
            source_name=name,
            # pages built from an English template often keep lang="en" whatever they hold
            language=guessed if guessed and declared in ("", "en") else declared,
        )


def _extract(tree: Any, *, with_metadata: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,  # parsed already, so nothing downstream can take it for a URL to fetch (it is copied)
        # Measured on 130 real pages (benchmarks/html_import_eval.py): recall mode finds more of
        # the article than the default and also brings less furniture; precision mode halves the
        # furniture but drops ledes and whole articles, and a missing paragraph goes unnoticed
        # where a stray menu line does not.
        favor_recall=True,
        with_metadata=with_metadata,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        # form fields hold no article, only things like a video's embed code to copy
        prune_xpath=["//textarea", "//select"],
        # No guessing from free text: on the corpus it added mostly invented "YYYY-01-01" dates
        # (a copyright year read as a day) and cost a 1.5 s dateparser warm-up.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _html_blocks(body: Any, controls: frozenset[str] = frozenset()) -> list[str]:
    """Paragraph texts of trafilatura's output tree: one per block, list items one per line,
    a table row per line (a one-cell row, as layout tables have, is a paragraph of its own),
    without the page furniture (drop_furniture; ``controls``: the page's link and button texts)."""
    from trafilatura.xml import xmltotxt

    blocks: list[tuple[str, list[str]]] = []  # (trafilatura's tag, lines)
    for element in body:
        if element.tag == "code":  # kept exactly: HTML whitespace is only significant here
            blocks.append(("code", [xmltotxt(element, False)]))
            continue
        if element.tag != "table":
            blocks.append((element.tag, [" ".join(line.split()) for line in xmltotxt(element, False).split("\n")]))
            continue
        rows: list[str] = []
        for row in element.iter("row"):
            # xmltotxt frames a cell as "| text |"; the frame goes, the cell's own spacing stays
            cells = [" ".join(xmltotxt(cell, False).strip(" |").split()) for cell in row.findall("cell")]
            cells = [cell for cell in cells if cell]
            if len(cells) == 1:
                blocks.append(("table", rows))
                blocks.append(("p", cells))
                rows = []
            elif cells:
                rows.append(" | ".join(cells))
        blocks.append(("table", rows))
    return drop_furniture(blocks, controls)


def _raise_no_article(tree: Any, name: str) -> NoReturn:
    refresh = _refresh_target(tree) if tree is not None else ""
    if refresh:
        raise ImportProblem(
            "{name}: this page only sends the browser on to {address} and holds no article. "
            "Open that address, save the article page and import it.",
            name=name,
            address=refresh,
        )
    raise ImportProblem(
        "{name}: no article text was found in this web page. "
        "Open it in a browser, copy the article's text and paste it instead.",
        name=name,
    )


def _lenient_tree(text: str) -> Any:
    """Parse what trafilatura refused (a fragment, a script-only page), for its meta tags."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(text)
    except Exception:  # lxml refuses empty or strange documents; then there is nothing to find
        return None


def _declared_language(tree: Any) -> str:
    """The page's own language: <html lang>, Content-Language or og:locale."""
    candidates = [
        tree.get("lang"),
        tree.get("xml:lang"),  # XHTML, as lxml's HTML parser names it
        *tree.xpath("//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')='content-language']/@content"),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for candidate in candidates:
        if isinstance(candidate, str):
            code = language_code(candidate.strip())
            if code:
                return code
    return ""


def _refresh_target(tree: Any) -> str:
    """Where a <meta http-equiv="refresh"> page sends the browser (never followed)."""
    for content in tree.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content"):
        match = _REFRESH_URL.search(str(content))
        if match:
            target = clean_field(match.group(1))
            return target if len(target) <= 100 else target[:97] + "..."
    return ""
