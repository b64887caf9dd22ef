"""Claim marks as the reader draws them, read back from the pixels of the article.

Without colour the three tags must still differ: a solid line, dashes and a wave, each at least
2 px thick; the selected claim's frame must leave its entity shade showing.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from claimmark.core.claims import Tag
from claimmark.gui.common.palette import DARK_SHADES, LIGHT_SHADES, is_dark, tag_colour
from claimmark.gui.reader.article_view import ZOOM_STEPS, ArticleView, ClaimMark

LINES = ["alpha beta gamma delta epsilon", "zeta eta theta iota kappa", "lambda mu nu xi omicron pi"]


def _view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_article("\n".join(LINES))
    view.show()
    qtbot.waitExposed(view)
    return view


def _claims(view: ArticleView) -> list[ClaimMark]:
    marks, start = [], 0
    for number, (line, tag) in enumerate(zip(LINES, Tag, strict=True)):
        marks.append(ClaimMark(number + 1, start, start + len(line), tag))
        start += len(line) + 1
    view.set_claims(marks)
    return marks


def _image(view: ArticleView) -> QImage:
    view.highlighter.flush()
    QApplication.processEvents()
    return view.viewport().grab().toImage()


def _close(a: QColor, b: QColor, tolerance: int = 60) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def _pixels(image: QImage, colour: QColor, tolerance: int = 60) -> list[tuple[int, int]]:
    return [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if _close(image.pixelColor(x, y), colour, tolerance)
    ]


def test_each_tag_has_a_line_of_its_own_shape_at_a_readable_thickness(qtbot) -> None:
    view = _view(qtbot)
    _claims(view)
    image = _image(view)
    dark = is_dark(view.palette())
    shapes = {}
    for tag in Tag:
        points = _pixels(image, tag_colour(tag, dark))
        assert len(points) > 100, f"{tag.value}: its line is hardly drawn ({len(points)} px)"
        columns: dict[int, list[int]] = {}
        for x, y in points:
            columns.setdefault(x, []).append(y)
        xs = sorted(columns)
        span = xs[-1] - xs[0] + 1
        covered = len(xs) / span  # share of the line's columns drawn (dashes leave gaps)
        thickness = sorted(len(ys) for ys in columns.values())[len(columns) // 2]  # rows per column, median
        middles = [sum(ys) / len(ys) for ys in columns.values()]
        swing = max(middles) - min(middles)  # how far the line goes up and down
        shapes[tag] = (covered, thickness, swing)
    solid, dashed, wavy = (shapes[t] for t in Tag)
    assert solid[0] > 0.95 and solid[1] >= 2 and solid[2] <= 1, solid
    assert 0.45 < dashed[0] < 0.8 and dashed[1] >= 2 and dashed[2] <= 1, dashed
    assert wavy[0] > 0.95 and wavy[2] >= 3, wavy  # a wave that swings 3 px or more, not dots


def test_the_selected_claim_is_framed_and_its_entity_shades_still_show(qtbot) -> None:
    view = _view(qtbot)
    marks = _claims(view)
    view.set_entities([(6, 10, "PERSON")], {})  # "beta", in the first claim
    shade = QColor((DARK_SHADES if is_dark(view.palette()) else LIGHT_SHADES)["PERSON"])
    before = len(
        _pixels(
            _image(view),
            shade,
        )
    )
    assert before > 50
    view.mark_claim(marks[0].claim_id, scroll=False)
    after = len(_pixels(_image(view), shade))
    assert after >= before * 0.9, f"the selection hides the entity shade ({before} px before, {after} after)"
    assert view.marked_span() == (marks[0].start, marks[0].end)


def test_zoom_steps_and_limits(qtbot) -> None:
    view = _view(qtbot)
    view.set_entities([(6, 10, "PERSON")], {})
    _claims(view)
    shade = QColor((DARK_SHADES if is_dark(view.palette()) else LIGHT_SHADES)["PERSON"])
    line = tag_colour(Tag.CONFIRMED, is_dark(view.palette()))
    shaded, lined = len(_pixels(_image(view), shade)), len(_pixels(_image(view), line))
    size = view.font().pointSizeF()
    view.zoom_by(1)
    assert view.zoom() == 110 and view.font().pointSizeF() > size
    view.set_zoom(200)  # the highlights and lines grow with the text
    image = _image(view)
    assert len(_pixels(image, shade)) > 2 * shaded and len(_pixels(image, line)) > 1.5 * lined
    view.set_zoom(1000)
    assert view.zoom() == ZOOM_STEPS[-1]
    view.zoom_by(1)
    assert view.zoom() == ZOOM_STEPS[-1]
    view.set_zoom(100)
    assert abs(view.font().pointSizeF() - size) < 0.01


def test_dark_palette_text_shades_and_lines_stay_legible(qtbot) -> None:
    """Under a dark window palette: light text on a dark page, dark entity shades, bright lines."""
    view = _view(qtbot)
    view.set_entities([(6, 10, "PERSON")], {})
    _claims(view)
    assert _pixels(_image(view), QColor(LIGHT_SHADES["PERSON"]), tolerance=20)
    dark = QPalette(QColor("#2B2B2B"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#EEEEEE"))
    view.setPalette(dark)  # the system turned dark while the article was open
    image = _image(view)
    assert is_dark(view.palette())
    assert len(_pixels(image, QColor(DARK_SHADES["PERSON"]), tolerance=20)) > 50  # the dark shade, not the light
    assert not _pixels(image, QColor(LIGHT_SHADES["PERSON"]), tolerance=20)
    for tag in Tag:
        assert len(_pixels(image, tag_colour(tag, True))) > 100, tag
    assert len(_pixels(image, QColor("#EEEEEE"), tolerance=90)) > 200  # the text is drawn light


def test_the_debrief_heat_map_draws_the_class_tag_as_the_same_lines(qtbot) -> None:
    from claimmark.gui.classroom.marks import heat_formats

    view = _view(qtbot)
    view.set_layer("heat", [(0, len(LINES[0]), "4-unverified")], heat_formats())
    image = _image(view)
    points = _pixels(image, tag_colour(Tag.UNVERIFIED, is_dark(view.palette())))
    rows = {y for _, y in points}
    assert len(points) > 100 and len(rows) >= 4, "the wavy line of the tag most trainees gave"
    block = view.document().begin()
    assert all(
        r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline for r in block.layout().formats()
    )  # Qt's own 1-px wave is not drawn under it
