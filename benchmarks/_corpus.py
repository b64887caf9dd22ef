"""Benchmark inputs: real news text, and a long article made by joining real articles.

The news-page corpus is looked for at ``$CLAIMMARK_CORPUS`` when that is set, else at
``../shared/corpus/news-pages`` beside the project (benchmarks/README.md).  It is test material:
nothing from it goes into the program or its resources.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("CLAIMMARK_CORPUS") or ROOT.parent / "shared" / "corpus" / "news-pages")
NON_ENGLISH = ("arabic", "chinese", "japanese", "spanish", "thai")


def news_texts(corpus: Path = DEFAULT_CORPUS) -> list[str]:
    """The English reference article texts of the news-page corpus (or the sample, if absent)."""
    folder = corpus / "text"
    texts = []
    if folder.is_dir():
        for file in sorted(folder.glob("*.txt")):
            if not file.name.startswith(NON_ENGLISH):
                text = file.read_text(encoding="utf-8", errors="replace").strip()
                if len(text.split()) > 100:
                    texts.append(text)
    if not texts:
        texts.append((ROOT / "resources" / "samples" / "north_korea_soldiers.txt").read_text(encoding="utf-8"))
    return texts


def long_article(words: int, corpus: Path = DEFAULT_CORPUS) -> str:
    """At least ``words`` words of real news paragraphs, articles joined by blank lines."""
    texts = news_texts(corpus)
    parts: list[str] = []
    count = 0
    i = 0
    while count < words:
        text = texts[i % len(texts)]
        parts.append(text)
        count += len(text.split())
        i += 1
    return "\n\n".join(parts)
