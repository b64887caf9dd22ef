"""Plain text, from a file or pasted: one paragraph per line unless blank lines separate them."""

from __future__ import annotations

from pathlib import Path

from claimmark.core.importing.formats import ArticleFormat
from claimmark.core.importing.normalising import (
    clean_field,
    has_visible,
    normalise,
    paragraphs_from_lines,
    script_language,
    title_from_first_line,
)
from claimmark.core.importing.result import ImportedText, ImportProblem
from claimmark.core.text import MAX_ARTICLE_BYTES, megabytes


class PlainText(ArticleFormat):
    """A text file; also any file whose suffix names no format and that is not a web page."""

    NAME = "text"
    DESCRIPTION = "Plain text"
    EXTENSIONS = (".txt", ".text")
    PRIORITY = 1000  # asked last: it takes any text

    @classmethod
    def sniff(cls, text: str) -> bool:
        return True

    @classmethod
    def read(cls, text: str, name: str) -> ImportedText:
        clean = paragraphs_from_lines(normalise(text))
        if not has_visible(clean):
            raise ImportProblem(
                "{name}: the file holds no readable text. Choose the file that holds the article.", name=name
            )
        return ImportedText(
            text=clean,
            title=title_from_first_line(clean) or clean_field(Path(name).stem or name),
            format=cls.NAME,
            source_name=name,
            language=script_language(clean),
        )


def article_from_paste(text: str) -> ImportedText:
    """Turn pasted plain text into an article (within the one size limit for articles)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_ARTICLE_BYTES:
        raise ImportProblem(
            "Pasted text: it is {size}, over the limit of {limit} for an article. Paste one article at a time.",
            size=megabytes(size),
            limit=megabytes(MAX_ARTICLE_BYTES),
        )
    clean = normalise(text)
    if not has_visible(clean):
        raise ImportProblem("Pasted text: there is no text to import. Copy the article's text and paste it again.")
    clean = paragraphs_from_lines(clean)
    return ImportedText(
        text=clean,
        title=title_from_first_line(clean),
        format=PlainText.NAME,
        source_name="pasted text",
        language=script_language(clean),
    )
