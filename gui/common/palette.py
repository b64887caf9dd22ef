"""Colours and line styles: told apart by colour-blind readers, and by more than colour.

Entity colours are light tints of the Okabe-Ito palette (safe for the common colour-vision
deficiencies) drawn as backgrounds, so black text stays readable.  Claims are drawn as
underlines whose *style* encodes the tag (solid, dashed, wavy), in dark Okabe-Ito colours.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat

from claimmark.core.claims import Tag

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}

ENTITY_COLOURS = {
    "PERSON": "orange",
    "NORP": "yellow",
    "ORG": "sky",
    "GPE": "green",
    "LOC": "green",
    "FAC": "green",
    "DATE": "purple",
    "TIME": "purple",
    "CARDINAL": "vermillion",
    "QUANTITY": "vermillion",
    "MONEY": "vermillion",
    "PERCENT": "vermillion",
    "ORDINAL": "vermillion",
    "EVENT": "blue",
    "LAW": "blue",
    "WORK_OF_ART": "blue",
    "PRODUCT": "blue",
    "LANGUAGE": "blue",
}

TAG_STYLE = {
    Tag.CONFIRMED: ("#0072B2", QTextCharFormat.UnderlineStyle.SingleUnderline, "solid underline"),
    Tag.ESTIMATED: ("#D55E00", QTextCharFormat.UnderlineStyle.DashUnderline, "dashed underline"),
    Tag.UNVERIFIED: ("#882255", QTextCharFormat.UnderlineStyle.WaveUnderline, "wavy underline"),
}


def tint(hex_colour: str, strength: float = 0.38) -> QColor:
    """``hex_colour`` mixed with white: a background light enough for black text."""
    base = QColor(hex_colour)
    return QColor(
        round(255 - (255 - base.red()) * strength),
        round(255 - (255 - base.green()) * strength),
        round(255 - (255 - base.blue()) * strength),
    )


def entity_colour(label: str) -> QColor:
    return tint(OKABE_ITO[ENTITY_COLOURS.get(label, "grey")])


def entity_format(label: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(entity_colour(label))
    return fmt


def tag_colour(tag: Tag) -> QColor:
    return QColor(TAG_STYLE[tag][0])


def claim_format(tag: Tag) -> QTextCharFormat:
    colour, style, _ = TAG_STYLE[tag]
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(QColor(colour))
    return fmt


def tag_description(tag: Tag) -> str:
    return TAG_STYLE[tag][2]
