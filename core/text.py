"""Small facts about article text shared by storage, import and exchange."""

from __future__ import annotations

import hashlib


def text_hash(text: str) -> str:
    """sha256 of the UTF-8 text exactly as stored: identifies an article across machines."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def excerpt(text: str, start: int, end: int, width: int = 60) -> str:
    """The span's text on one line, shortened in the middle when longer than ``width``."""
    piece = " ".join(text[start:end].split())
    if len(piece) <= width:
        return piece
    half = (width - 1) // 2
    return piece[:half].rstrip() + "…" + piece[-half:].lstrip()
