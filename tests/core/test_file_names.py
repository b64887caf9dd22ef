"""Suggested file names (PDFs of a trainee's feedback, of the debrief) that Windows accepts too."""

from __future__ import annotations

import pytest

from claimmark.core.text import FILE_NAME_LIMIT, safe_file_name


def test_the_name_carries_its_parts_readably() -> None:
    assert (
        safe_file_name(["Counting crowds", "Ana Lima", "feedback"], "pdf")
        == "Counting crowds - Ana Lima - feedback.pdf"
    )
    assert safe_file_name(["Zoë Ng 😀", "", "  debrief  "], ".pdf") == "Zoë Ng 😀 - debrief.pdf"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (['Crowds: who "counts"?', "A/B\\C"], "Crowds who counts - A B C.pdf"),
        (["a<b>c|d*e"], "a b c d e.pdf"),
        (["tab\tand\nnewline\x00"], "tab and newline.pdf"),
        (["ends with dots..."], "ends with dots.pdf"),
        (["CON"], "CON (ClaimMark).pdf"),
        (["nul.txt"], "nul.txt (ClaimMark).pdf"),
        (["Com1"], "Com1 (ClaimMark).pdf"),
        (["Console"], "Console.pdf"),
        (["???", ""], "ClaimMark.pdf"),
    ],
)
def test_characters_and_names_windows_refuses_are_replaced(parts: list[str], expected: str) -> None:
    name = safe_file_name(parts, "pdf")
    assert name == expected
    assert not set('<>:"/\\|?*') & set(name) and all(ch.isprintable() for ch in name)


def test_long_names_are_cut_before_the_extension() -> None:
    name = safe_file_name(["x" * 300, "Ana"], "pdf")
    assert name.endswith(".pdf") and len(name) == FILE_NAME_LIMIT + len(".pdf")
