"""The entity shades and claim lines: told apart under colour-vision deficiencies, readable text.

Distances are CAM02-UCS (about 1 = a just-noticeable difference for large patches), through
colorspacious's simulation of anomalous trichromacy (Machado et al. 2009).  Contrast is WCAG 2.x.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette

from claimmark.core.claims import Tag
from claimmark.core.classroom import ENTITY_LABELS
from claimmark.gui.common import kinds
from claimmark.gui.common.palette import (
    DARK_SHADES,
    KIND_ORDER,
    LIGHT_SHADES,
    entity_colour,
    entity_format,
    is_dark,
    tag_colour,
)

colorspacious = pytest.importorskip("colorspacious", reason="colorspacious (a test dependency) is not installed")

MIN_KIND_DISTANCE = 9.0  # between any two kinds, for every vision below
MIN_PAGE_DISTANCE = {False: 10.0, True: 15.0}  # between a kind's shade and the page (light, dark)
SEVERITY = 60  # of the anomalies (100 would be dichromacy)
VISIONS = [None, "deuteranomaly", "protanomaly", "tritanomaly"]
PAGES = {False: "#FFFFFF", True: "#1E1E1E"}  # the window's base colour, light and dark


def _rgb(colour: str | QColor) -> np.ndarray:
    c = QColor(colour)
    return np.array([c.redF(), c.greenF(), c.blueF()])


def _ucs(colour: str | QColor, vision: str | None) -> np.ndarray:
    rgb = _rgb(colour)
    if vision is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": SEVERITY}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def _distance(a: str | QColor, b: str | QColor, vision: str | None) -> float:
    return float(np.linalg.norm(_ucs(a, vision) - _ucs(b, vision)))


def contrast(a: str | QColor, b: str | QColor) -> float:
    def luminance(colour: str | QColor) -> float:
        c = _rgb(colour)
        linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(linear @ [0.2126, 0.7152, 0.0722])

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_label_an_exercise_can_show_has_a_shade_and_a_name() -> None:
    assert set(ENTITY_LABELS) <= set(KIND_ORDER)
    assert set(ENTITY_LABELS) == set(kinds.known_labels())
    assert len({kinds.name(label) for label in ENTITY_LABELS}) == len(ENTITY_LABELS)
    assert all(kinds.name(label) != label for label in ENTITY_LABELS)  # no code shown as the name


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
def test_any_two_kinds_differ_for_normal_and_anomalous_vision(qapp, dark: bool, vision: str | None) -> None:
    shades = {label: entity_colour(label, dark) for label in KIND_ORDER}
    closest = min(
        ((_distance(shades[a], shades[b], vision), a, b) for a, b in itertools.combinations(KIND_ORDER, 2)),
    )
    assert closest[0] >= MIN_KIND_DISTANCE, f"{closest[1]} and {closest[2]} are only {closest[0]:.1f} apart"
    page = min((_distance(shades[k], PAGES[dark], vision), k) for k in KIND_ORDER)
    assert page[0] >= MIN_PAGE_DISTANCE[dark], f"{page[1]} is only {page[0]:.1f} from the page"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_on_every_shade_is_readable(qapp, dark: bool) -> None:
    shades = DARK_SHADES if dark else LIGHT_SHADES
    for label in shades:
        fmt = entity_format(label, dark)
        ratio = contrast(fmt.foreground().color(), fmt.background().color())
        assert ratio >= 4.5, f"{label}: text contrast {ratio:.2f} on its shade"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_claim_lines_stand_out_from_the_page_and_from_each_other(qapp, dark: bool) -> None:
    for tag in Tag:
        assert contrast(tag_colour(tag, dark), PAGES[dark]) >= 3.0, tag  # WCAG 1.4.11, non-text
    for a, b in itertools.combinations(Tag, 2):
        for vision in VISIONS:
            assert _distance(tag_colour(a, dark), tag_colour(b, dark), vision) >= MIN_KIND_DISTANCE


def test_the_shades_follow_the_window_palette(qapp) -> None:
    light, dark = QPalette(QColor("#F0F0F0")), QPalette(QColor("#2B2B2B"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#EEEEEE"))
    light.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    assert not is_dark(light) and is_dark(dark)
    old = qapp.palette()
    try:
        qapp.setPalette(dark)
        assert entity_colour("GPE") == QColor(DARK_SHADES["GPE"])
        qapp.setPalette(light)
        assert entity_colour("GPE") == QColor(LIGHT_SHADES["GPE"])
    finally:
        qapp.setPalette(old)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_reading_cue_keeps_the_text_readable_on_every_shade_and_on_the_page(qapp, dark: bool) -> None:
    # seen in the window: a source cue drawn teal on a person's green shade (3.4:1 where the entity
    # alone gives 10:1), and under the dark palette the cues' dark letters on the dark page
    from claimmark.gui.reader.reading_cues import cue_formats

    text = "#EEEEEE" if dark else "#000000"  # the page's text colour (the view's palette)
    for key, cue in cue_formats().items():
        shown = QColor(cue.foreground().color()) if cue.hasProperty(cue.Property.ForegroundBrush) else QColor(text)
        assert contrast(shown, PAGES[dark]) >= 4.5, f"{key} on the page: {contrast(shown, PAGES[dark]):.2f}"
        for label in DARK_SHADES if dark else LIGHT_SHADES:
            alone = entity_format(label, dark)
            merged = entity_format(label, dark)
            merged.merge(cue)  # as the highlighter merges the cue layer over the entities
            alone_ratio = contrast(alone.foreground().color(), alone.background().color())
            ratio = contrast(merged.foreground().color(), merged.background().color())
            assert ratio >= alone_ratio, f"{key} on {label}: {ratio:.2f}, the entity alone {alone_ratio:.2f}"


def test_no_reading_cue_draws_a_line_which_is_how_claims_are_told(qapp) -> None:
    # an estimate's line over its words sat right under the line above and read as that line's
    # solid underline: a confirmed claim that nobody tagged
    from claimmark.gui.reader.reading_cues import cue_formats

    for key, fmt in cue_formats().items():
        assert not (fmt.fontOverline() or fmt.fontUnderline() or fmt.fontStrikeOut()), key
