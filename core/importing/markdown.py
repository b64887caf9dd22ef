"""Markdown: the text as a reader sees it rendered, with front matter for the details.

Parsed with markdown-it (CommonMark with tables and strikethrough): headings and paragraphs
become paragraphs, list items lines ("- text", "3. text"), link text stays, images, raw tags
and markers go.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from claimmark.core.importing.formats import ArticleFormat
from claimmark.core.importing.normalising import (
    clean_field,
    has_visible,
    iso_date,
    language_code,
    normalise,
    script_language,
    title_from_first_line,
    web_address,
)
from claimmark.core.importing.result import ImportedText, ImportProblem

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

# markdown-it and lxml are imported where they are used: the window should not pay for them at start-up


class Markdown(ArticleFormat):
    NAME = "markdown"
    DESCRIPTION = "Markdown"
    EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")

    @classmethod
    def read(cls, text: str, name: str) -> ImportedText:
        from markdown_it.tree import SyntaxTreeNode

        meta, body = _front_matter(normalise(text))
        root = SyntaxTreeNode(_markdown().parse(body))
        blocks = [normalise(block) for block in _markdown_blocks(root.children)]
        clean = "\n\n".join(block for block in blocks if block)
        if not has_visible(clean):
            raise ImportProblem(
                "{name}: the Markdown file holds no text, only markup or images. "
                "Choose the file that holds the article.",
                name=name,
            )
        title = meta.get("title", "")
        first = root.children[0] if root.children else None
        if not title and first is not None and first.type == "heading" and first.children:
            title = clean_field(_inline_text(first.children[0]))
        return ImportedText(
            text=clean,
            title=title or title_from_first_line(clean) or clean_field(Path(name).stem or name),
            outlet=meta.get("outlet", ""),
            author=meta.get("author", ""),
            published=iso_date(meta.get("date", "")[:10]),
            url=web_address(meta.get("url", "")),
            format=cls.NAME,
            source_name=name,
            language=meta.get("lang", "") or script_language(clean),
        )


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.{0,4000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "date": "date",
    "published": "date",
    "url": "url",
    "source": "url",
    "link": "url",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "lang": "lang",
    "language": "lang",
}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` front matter (as Jekyll, Hugo and Obsidian write it), and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, colon, value = line.partition(":")
        field = _FRONT_MATTER_KEYS.get(key.strip().lower())
        if not colon or not field or field in meta:
            continue
        value = clean_field(value).strip("'\"")
        if field == "lang":
            value = language_code(value)
        if value:
            meta[field] = value
    if not meta:  # a thematic break followed by text, not front matter
        return {}, text
    return meta, text[match.end() :]


def _markdown_blocks(nodes: list[SyntaxTreeNode]) -> list[str]:
    """Paragraph texts of a run of block nodes, in order."""
    blocks: list[str] = []
    for child in nodes:
        kind = child.type
        if kind in ("paragraph", "heading"):
            blocks.append(_inline_text(child.children[0]) if child.children else "")
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append("\n".join(_list_lines(child, 0)))
        elif kind == "blockquote":
            blocks.extend(_markdown_blocks(child.children))
        elif kind in ("fence", "code_block"):
            blocks.append(child.content.rstrip("\n"))
        elif kind == "html_block":
            blocks.append(_html_fragment_text(child.content))
        elif kind == "table":
            blocks.append(_table_text(child))
        # hr and anything unknown carries no text
    return blocks


def _list_lines(node: SyntaxTreeNode, depth: int) -> list[str]:
    """One line per list item ("- text" or "3. text"), nested lists indented."""
    lines: list[str] = []
    ordered = node.type == "ordered_list"
    start = node.attrs.get("start", 1) if ordered else 1
    number = start if isinstance(start, int) else 1
    indent = "  " * depth
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        pending = indent + marker
        for block in item.children:
            if block.type in ("bullet_list", "ordered_list"):
                if pending.strip():
                    lines.append(pending.rstrip())
                    pending = ""
                lines.extend(_list_lines(block, depth + 1))
                continue
            for text in _markdown_blocks([block]):
                for line in text.split("\n"):
                    lines.append((pending or indent + " " * len(marker)) + line)
                    pending = ""
        if pending.strip():
            lines.append(pending.rstrip())
    return lines


def _inline_text(node: SyntaxTreeNode) -> str:
    """Visible text of an inline run: link text kept, images, raw tags and markers dropped."""
    token = node.token
    if token is None:
        return ""
    return _inline_tokens_text(token.children or [])


def _inline_tokens_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _table_text(node: SyntaxTreeNode) -> str:
    rows: list[str] = []
    for part in node.children:  # thead, tbody
        for row in part.children:
            cells = [_inline_text(cell.children[0]) if cell.children else "" for cell in row.children]
            rows.append(" | ".join(" ".join(cell.split()) for cell in cells))
    return "\n".join(rows)


def _html_fragment_text(source: str) -> str:
    """Text of a raw HTML block inside Markdown (parsed by lxml; scripts and styles dropped)."""
    import lxml.html

    if not source.strip():
        return ""
    root = lxml.html.fromstring(f"<div>{source}</div>")
    for element in root.xpath(".//script | .//style | .//template"):
        element.drop_tree()
    return " ".join(root.text_content().split())
