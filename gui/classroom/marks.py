"""How feedback and the class heat map look: formats, symbols and words, never colour alone.

Feedback marks on a trainee's article (drawn over their claims' tag underlines):

=============  ======  ===========================================================
mark           symbol  drawn as
=============  ======  ===========================================================
found, right   ✓       shaded (light green)
found, wrong   ✗       shaded (light orange) with a line above
missed         ○       italic with a dotted underline (the key's span)
not in key     \\+      the trainee's underline only, no shading: not an error
=============  ======  ===========================================================

The heat map shades words by the share of trainees who tagged them (four steps of one hue, so
they stay distinct in greyscale) and underlines them in the style of the tag most of them chose
(solid confirmed, dashed estimated, wavy unverified, as everywhere else).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QTextCharFormat

from claimmark.core.claims import Tag
from claimmark.core.classroom import FeedbackItem, HeatSpan, Mark
from claimmark.gui.common.palette import OKABE_ITO, claim_format, tint

FOUND_RIGHT = "found-right"
FOUND_WRONG = "found-wrong"
MISSED = "missed"
EXTRA = "extra"
FEEDBACK_KEYS = (FOUND_RIGHT, FOUND_WRONG, MISSED, EXTRA)

SYMBOLS = {FOUND_RIGHT: "✓", FOUND_WRONG: "✗", MISSED: "○", EXTRA: "+"}

HEAT_LEVELS = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("Marks", text)


def feedback_key(item: FeedbackItem) -> str:
    if item.mark is Mark.MISSED:
        return MISSED
    if item.mark is Mark.EXTRA:
        return EXTRA
    return FOUND_RIGHT if item.tag_right else FOUND_WRONG


def mark_name(key: str) -> str:
    """The mark in words, as the list and the printed legend say it."""
    return {
        FOUND_RIGHT: _tr("Found, tag right"),
        FOUND_WRONG: _tr("Found, other tag"),
        MISSED: _tr("Missed"),
        EXTRA: _tr("Not in the key"),
    }[key]


def mark_drawing(key: str) -> str:
    """How the mark is drawn in the article, in words (for the legend)."""
    return {
        FOUND_RIGHT: _tr("shaded"),
        FOUND_WRONG: _tr("shaded, line above"),
        MISSED: _tr("italic, dotted underline"),
        EXTRA: _tr("your underline only"),
    }[key]


def feedback_formats() -> dict[str, QTextCharFormat]:
    right = QTextCharFormat()
    right.setBackground(tint(OKABE_ITO["green"], 0.3))
    right.setForeground(QColor("#000000"))  # light shades: dark text, under a dark palette too
    wrong = QTextCharFormat()
    wrong.setBackground(tint(OKABE_ITO["orange"], 0.4))
    wrong.setForeground(QColor("#000000"))
    wrong.setFontOverline(True)
    missed = QTextCharFormat()
    missed.setFontItalic(True)
    missed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    missed.setUnderlineColor(QColor("#333333"))
    extra = QTextCharFormat()  # nothing over the trainee's own underline: not an error
    extra.setProperty(QTextCharFormat.Property.UserProperty, EXTRA)
    return {FOUND_RIGHT: right, FOUND_WRONG: wrong, MISSED: missed, EXTRA: extra}


def heat_level(tagged: int, trainees: int) -> int:
    """1 (a few trainees) .. HEAT_LEVELS (all of them)."""
    if trainees <= 0 or tagged <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * tagged / trainees)))


def heat_key(span: HeatSpan, trainees: int) -> str:
    return f"{heat_level(span.tagged, trainees)}-{span.top_tag.value}"


def heat_colour(level: int) -> QColor:
    """Lightest (a few trainees) to darkest (all): steps far enough apart to tell next to each
    other (0.22 to 0.58 had 1-25% and 26-50% look alike), all light enough for black text."""
    return tint(OKABE_ITO["blue"], 0.14 + 0.2 * (level - 1))


def heat_formats() -> dict[str, QTextCharFormat]:
    formats = {}
    for level in range(1, HEAT_LEVELS + 1):
        for tag in Tag:
            fmt = QTextCharFormat(claim_format(tag))
            fmt.setBackground(heat_colour(level))
            fmt.setForeground(QColor("#000000"))  # light shades: dark text, under a dark palette too
            formats[f"{level}-{tag.value}"] = fmt
    return formats


def heat_level_range(level: int, trainees: int) -> str:
    """Which share of the class a shading step stands for, in words ("up to 25%")."""
    low = (level - 1) * 100 // HEAT_LEVELS
    high = level * 100 // HEAT_LEVELS
    if trainees:
        return _tr("{0}–{1}% of trainees").format(low + 1 if level > 1 else 1, high)
    return ""


def superscript() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    fmt.setFontWeight(QFont.Weight.Bold)
    return fmt
