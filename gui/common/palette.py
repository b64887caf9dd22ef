"""Colours and line styles: told apart by colour-blind readers, and by more than colour.

Every entity kind has a shade of its own, for a light and for a dark window palette, chosen so
that any two kinds shown at once differ clearly for normal vision and under simulated
deuteranomaly, protanomaly and tritanomaly (a CAM02-UCS distance of at least 9, checked in
tests/gui/test_palette.py), and that text on each shade keeps a contrast of at least 10:1 (black
text on the light shades) or 5.5:1 (light text on the dark ones).  Claims are drawn as lines
whose *style* encodes the tag (solid, dashed, wavy; see gui/reader/claim_lines.py), in colours
that keep a 3:1 contrast with the page.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette, QTextCharFormat

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

# The kinds in the order their shades were picked: the most frequent in news first, so they
# got the shades farthest apart.  A label not listed (another pipeline's) takes OTHER's shade.
OTHER = "OTHER"
KIND_ORDER = (
    "PERSON",
    "ORG",
    "GPE",
    "DATE",
    "CARDINAL",
    "NORP",
    "MONEY",
    "PERCENT",
    "LOC",
    "ORDINAL",
    "TIME",
    "QUANTITY",
    "EVENT",
    "FAC",
    "WORK_OF_ART",
    "LAW",
    "PRODUCT",
    "LANGUAGE",
    OTHER,
)
# picked by farthest-point search in CAM02-UCS over normal vision and the three anomalies
# (severity 60), among the sRGB colours giving text a 10:1 (light) or 5.5:1 (dark) contrast
# and standing 10 (light) or 16 (dark) apart from the page
LIGHT_SHADES = dict(
    zip(
        KIND_ORDER,
        (
            "#2DD200", "#E196FF", "#C3C3B4", "#00FFFF", "#C3FF96", "#FFA569", "#FFC3F0", "#FFFF1E", "#5AC3C3",
            "#A5FFD2", "#FF96C3", "#00C3FF", "#FFD24B", "#87E196", "#A5D2FF", "#87E1D2", "#FFD2B4", "#3CF00F",
            "#D2A5D2",
        ),
        strict=True,
    )
)  # fmt: skip
DARK_SHADES = dict(
    zip(
        KIND_ORDER,
        (
            "#003CFF", "#A53C00", "#00004B", "#0F6969", "#5A0000", "#780F87", "#B40078", "#693C3C", "#69004B",
            "#005A00", "#0F4B5A", "#0000D2", "#3C5AA5", "#1E2D5A", "#870F00", "#784B78", "#963C5A", "#B41E3C",
            "#A50FA5",
        ),
        strict=True,
    )
)  # fmt: skip
LIGHT_TEXT = "#000000"  # the text drawn on a light shade
DARK_TEXT = "#EEEEEE"  # and on a dark one

TAG_STYLE = {
    Tag.CONFIRMED: ("#0072B2", QTextCharFormat.UnderlineStyle.SingleUnderline, "solid underline"),
    Tag.ESTIMATED: ("#D55E00", QTextCharFormat.UnderlineStyle.DashUnderline, "dashed underline"),
    Tag.UNVERIFIED: ("#882255", QTextCharFormat.UnderlineStyle.WaveUnderline, "wavy underline"),
}
DARK_TAG_COLOURS = {Tag.CONFIRMED: "#56B4E9", Tag.ESTIMATED: "#F0A050", Tag.UNVERIFIED: "#E08CC0"}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether text is shown light on dark (the system's dark palette, or a dark theme)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def tint(hex_colour: str, strength: float = 0.38) -> QColor:
    """``hex_colour`` mixed with white: a background light enough for black text."""
    base = QColor(hex_colour)
    return QColor(
        round(255 - (255 - base.red()) * strength),
        round(255 - (255 - base.green()) * strength),
        round(255 - (255 - base.blue()) * strength),
    )


def entity_colour(label: str, dark: bool | None = None) -> QColor:
    """The shade of an entity kind, for the light or dark palette (the application's if not given)."""
    shades = DARK_SHADES if (is_dark() if dark is None else dark) else LIGHT_SHADES
    return QColor(shades.get(label, shades[OTHER]))


def entity_text_colour(dark: bool | None = None) -> QColor:
    return QColor(DARK_TEXT if (is_dark() if dark is None else dark) else LIGHT_TEXT)


def entity_format(label: str, dark: bool | None = None) -> QTextCharFormat:
    """Background and text colour of an entity kind: the text stays readable on its shade."""
    fmt = QTextCharFormat()
    fmt.setBackground(entity_colour(label, dark))
    fmt.setForeground(entity_text_colour(dark))
    return fmt


def tag_colour(tag: Tag, dark: bool | None = None) -> QColor:
    """The colour of a tag's line (and its name in lists), for the light or dark palette."""
    if is_dark() if dark is None else dark:
        return QColor(DARK_TAG_COLOURS[tag])
    return QColor(TAG_STYLE[tag][0])


def claim_format(tag: Tag) -> QTextCharFormat:
    colour, style, _ = TAG_STYLE[tag]
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(QColor(colour))
    return fmt


def tag_description(tag: Tag) -> str:
    return TAG_STYLE[tag][2]
