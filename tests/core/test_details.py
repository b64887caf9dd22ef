"""ArticleDetails: one definition of an article's details for the table, the files and the importer."""

from __future__ import annotations

import dataclasses
import json

import pytest

from claimmark.core.classroom.exchange import ArticleData
from claimmark.core.details import DETAIL_FIELDS, DETAIL_LIMITS, ArticleDetails
from claimmark.core.importing import ImportedText
from claimmark.core.storage.models import Article


def test_the_details_in_file_order_with_their_column_limits() -> None:
    assert DETAIL_FIELDS == ("title", "outlet", "author", "published", "url")
    assert dict(DETAIL_LIMITS) == {"title": 500, "outlet": 200, "author": 200, "published": 40, "url": 2000}


def test_the_table_has_a_column_for_each_detail_that_holds_its_limit() -> None:
    """A detail added to ArticleDetails without its column (or with another length) fails here."""
    columns = Article.__table__.columns  # type: ignore[attr-defined]
    for name in DETAIL_FIELDS:
        assert columns[name].type.length == DETAIL_LIMITS[name], name
        assert not columns[name].nullable


def test_files_and_imports_carry_the_same_details() -> None:
    for kind in (ArticleData, ImportedText):
        assert issubclass(kind, ArticleDetails)
        assert [f.name for f in dataclasses.fields(kind)][: len(DETAIL_FIELDS)] == list(DETAIL_FIELDS)


def test_fitted_trims_and_cuts_each_detail_to_its_column() -> None:
    details = ArticleDetails(title="  A  title \n", author="A" * 300, url=" https://x.test/a ").fitted()
    assert details == ArticleDetails(title="A  title", author="A" * 200, url="https://x.test/a")


def test_cleaned_puts_each_detail_on_one_line_with_single_spaces() -> None:
    assert ArticleDetails(title=" New \n  title ", outlet="Daily\tNews").cleaned() == ArticleDetails(
        title="New title", outlet="Daily News"
    )


def test_a_subclass_keeps_its_own_fields_when_fitted() -> None:
    article = ArticleData(text="  The text stays as it is.  ", title=" T ")
    assert article.fitted() == ArticleData(text="  The text stays as it is.  ", title="T")


def test_details_from_any_object_that_has_them_and_from_json() -> None:
    row = Article(text="Text.", text_hash="0" * 64, title="T", outlet="O", author="A", published="2024-05-01", url="u")
    details = ArticleDetails.of(row)
    assert details.details() == {"title": "T", "outlet": "O", "author": "A", "published": "2024-05-01", "url": "u"}
    assert ArticleDetails.of(row, title="Other").title == "Other"
    assert ArticleData.of(row, text=row.text) == ArticleData(text="Text.", **details.details())

    written = json.loads(json.dumps(details.details()))
    assert ArticleDetails.from_json(lambda name: written.get(name, "")) == details
    assert ArticleDetails.from_json(lambda name: "") == ArticleDetails()


def test_an_unknown_detail_is_refused() -> None:
    with pytest.raises(TypeError):
        ArticleDetails(subtitle="x")  # type: ignore[call-arg]
