"""Reading article files: encodings, Markdown, saved web pages, and every way a file can be bad.

Everything goes through the public interface of core.importing.  No test may reach the
network: a module-wide guard makes any socket connection or download attempt fail loudly.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import pickle
import re
import socket
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimmark.core.errors import UserError
from claimmark.core.importing import (
    MAX_BYTES,
    ImportedText,
    ImportProblem,
    article_from_bytes,
    article_from_paste,
    decode_bytes,
    file_patterns,
    read_article_file,
    reading,
    supported_suffixes,
    text_hash,
)
from claimmark.core.importing import furniture as furniture_rules
from claimmark.core.importing.formats import format_for_suffix, format_for_text

HTML_DIR = Path(__file__).resolve().parents[1] / "data" / "html"

SPACE = re.compile(r"\s+")

# What every message offers: a way forward.
_ADVICE = re.compile(r"\b(save|choose|open|copy|check|import)\b", re.IGNORECASE)

ARTICLE = (
    "Council approves new bridge\n"
    "\n"
    "The city council voted 31 to 12 on Tuesday to approve a new bridge.\n"
    "\n"
    "It is expected to cost 14.5 million pounds, the council said.\n"
)


# ---------------------------------------------------------------------------------------------
# no network, ever


class NetworkUsed(AssertionError):
    pass


NETWORK_USE: list[str] = []
"""Every attempt to reach the network, in the order made.  The guard's error alone proves
nothing: article_from_bytes turns any exception into an ImportProblem, so a test that expects
one would pass after a download.  The record is checked after each test, outside that catch-all."""


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    """Refuse (and record) any connection, name look-up or download in this module."""

    def refuse(*args: object, **kwargs: object) -> None:
        NETWORK_USE.append(repr(args)[:200])
        raise NetworkUsed(f"importing tried to use the network: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        import urllib.request

        import htmldate.utils
        import trafilatura.downloads
        import urllib3

        patch.setattr(urllib.request, "urlopen", refuse)
        patch.setattr(urllib3.PoolManager, "urlopen", refuse)
        patch.setattr(trafilatura.downloads, "fetch_url", refuse)
        patch.setattr(trafilatura.downloads, "fetch_response", refuse)
        patch.setattr(htmldate.utils, "fetch_url", refuse)
        yield


@pytest.fixture(autouse=True)
def network_untouched() -> Iterator[None]:
    """Fail every test of this module that tried the network, whatever became of the guard's error."""
    NETWORK_USE.clear()
    yield
    assert NETWORK_USE == [], f"importing tried to use the network: {NETWORK_USE}"


# ---------------------------------------------------------------------------------------------
# helpers


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def problem_for(path: Path | str) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        read_article_file(path)
    return caught.value


def assert_good_message(problem: ImportProblem, name: str) -> None:
    message = str(problem)
    assert "\n" not in message and "\r" not in message, message
    assert message.startswith(f"{name}: "), message
    assert _ADVICE.search(message), f"no advice in: {message}"


def assert_well_formed(article: ImportedText) -> None:
    """What the rest of the app may rely on for any imported text."""
    text = article.text
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text
    assert "\n\n\n" not in text
    assert not text.startswith("\n") and not text.endswith("\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert unicodedata.is_normalized("NFC", text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufeff]", text)
    for value in (article.title, article.outlet, article.author, article.url, article.language):
        assert isinstance(value, str) and "\n" not in value
    assert article.published == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.published)
    assert article.format in ("text", "markdown", "html")
    text_hash(text)  # never raises


# ---------------------------------------------------------------------------------------------
# plain text and encodings


def test_utf8_text_file(tmp_path: Path) -> None:
    article = read_article_file(write(tmp_path, "bridge.txt", ARTICLE))
    assert article.text == (
        "Council approves new bridge\n\n"
        "The city council voted 31 to 12 on Tuesday to approve a new bridge.\n\n"
        "It is expected to cost 14.5 million pounds, the council said."
    )
    assert article.title == "Council approves new bridge"
    assert article.format == "text"
    assert article.source_name == "bridge.txt"
    assert article.language == ""
    assert_well_formed(article)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_byte_order_marks_are_read_and_dropped(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "“Señor Müller’s café” — 5 €\n\nSecond paragraph."
    article = read_article_file(write(tmp_path, "a.txt", bom + text.encode(encoding)))
    assert article.text == text
    assert "\ufeff" not in article.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "The minister said the plan would cost 3 billion.\n\nCritics disagreed."
    assert read_article_file(write(tmp_path, "a.txt", text.encode(encoding))).text == text


def test_python_utf16_codec_output(tmp_path: Path) -> None:
    """What Notepad's "Unicode" and Python's "utf-16" write: BOM plus little-endian."""
    text = "Line one of the report.\n\nLine two, with “quotes”."
    assert read_article_file(write(tmp_path, "a.txt", text.encode("utf-16"))).text == text


def test_windows_1252_curly_quotes(tmp_path: Path) -> None:
    text = (
        "\u201cWe will not raise taxes,\u201d the minister said on Tuesday \u2014 but critics weren\u2019t "
        "convinced. The plan costs \u20ac5 billion, about \u00a34.3 billion."
    )
    article = read_article_file(write(tmp_path, "quote.txt", text.encode("cp1252")))
    assert article.text == text


def test_latin1_spanish_is_read_as_western_european(tmp_path: Path) -> None:
    text = "El señor Muñoz dijo que el año fue difícil para la economía española."
    assert read_article_file(write(tmp_path, "es.txt", text.encode("latin-1"))).text == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Правительство заявило, что бюджет будет принят до конца года. Оппозиция возражает.", "cp1251"),
        ("政府は来年度の予算案を閣議決定した。総額は過去最大となる見通しだ。", "shift_jis"),
        ("政府周二表示，新的预算将在年底前通过。反对派对此表示质疑。", "gb18030"),
    ],
)
def test_other_legacy_encodings_are_detected(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), name="x.txt") == text


def test_decode_bytes_prefers_utf8_when_valid() -> None:
    assert decode_bytes("naïve café".encode(), name="x.txt") == "naïve café"
    assert decode_bytes(b"", name="x.txt") == ""


def test_newlines_spaces_and_normalisation(tmp_path: Path) -> None:
    raw = "Title line  \r\n\r\n\r\n\r\nFirst\tparagraph e\u0301 \r\nstill first.   \rSecond\u2028line\x0b.\x07\n\n\n"
    article = read_article_file(write(tmp_path, "n.txt", raw))
    assert article.text == "Title line\n\nFirst\tparagraph é\nstill first.\nSecond\nline."
    assert_well_formed(article)


def test_one_paragraph_per_line_becomes_blank_line_separated(tmp_path: Path) -> None:
    raw = "Headline here\nFirst paragraph of the story.\nSecond paragraph of the story.\n"
    article = read_article_file(write(tmp_path, "lines.txt", raw))
    assert article.text == "Headline here\n\nFirst paragraph of the story.\n\nSecond paragraph of the story."
    assert article.title == "Headline here"


def test_title_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    long_first = "This first line is a whole paragraph of the article and it ends with a full stop. " * 3
    article = read_article_file(write(tmp_path, "north-korea_story.txt", long_first + "\n\nMore."))
    assert article.title == "north-korea_story"
    single = read_article_file(write(tmp_path, "one.txt", "Only one line of text."))
    assert single.title == "one"


def test_text_hash_is_sha256_of_utf8() -> None:
    text = "Café 🙂 naïve"
    assert text_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text_hash(text) != text_hash(text + " ")
    assert len(text_hash("")) == 64


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    plain = read_article_file(write(tmp_path, "story.dat", ARTICLE))
    assert plain.format == "text"
    page = (HTML_DIR / "article_with_furniture.html").read_bytes()
    sniffed = read_article_file(write(tmp_path, "saved_page", page))
    assert sniffed.format == "html"
    assert sniffed.title == "Council approves new river bridge after two-year delay"


def test_suffix_without_dot_or_in_capitals() -> None:
    assert article_from_bytes(b"<html><body><p>Hi there.</p></body></html>", name="a", suffix="HTML").format == "html"
    assert article_from_bytes(b"# Heading\n\nText.", name="a", suffix="MD").text == "Heading\n\nText."


def test_text_suffix_is_never_parsed_as_html(tmp_path: Path) -> None:
    article = read_article_file(write(tmp_path, "snippet.txt", "<p>Use the <b>p</b> tag for paragraphs.</p>"))
    assert article.text == "<p>Use the <b>p</b> tag for paragraphs.</p>"


def test_the_registry_chooses_the_format_by_suffix_and_lists_every_suffix() -> None:
    page = b"<html><body><p>The council voted on Tuesday to approve a new bridge.</p></body></html>"
    for suffix in supported_suffixes():
        chosen = format_for_suffix(suffix)
        assert chosen is not None and suffix in chosen.EXTENSIONS and chosen.DESCRIPTION
        assert article_from_bytes(page, name=f"page{suffix}", suffix=suffix).format == chosen.NAME
    assert format_for_suffix(".docx") is None
    assert format_for_text(page.decode()).NAME == "html" and format_for_text("Just words.").NAME == "text"
    # the file dialog offers exactly these suffixes
    assert file_patterns().split() == sorted(f"*{suffix}" for suffix in supported_suffixes())
    assert {"*.txt", "*.md", "*.html", "*.htm"} <= set(file_patterns().split())


def test_language_from_script() -> None:
    thai = article_from_bytes("รัฐบาลประกาศงบประมาณใหม่ในวันอังคาร".encode(), name="th.txt", suffix=".txt")
    assert thai.language == "th"
    japanese = article_from_bytes("政府は来年度の予算案を閣議決定した。".encode(), name="ja.txt", suffix=".txt")
    assert japanese.language == "ja"
    chinese = article_from_bytes("政府周二表示，新的预算将在年底前通过。".encode(), name="zh.txt", suffix=".txt")
    assert chinese.language == "zh"
    arabic = article_from_bytes("قالت الحكومة إن الميزانية ستقر قبل نهاية العام".encode(), name="ar.txt", suffix=".txt")
    assert arabic.language == "ar"
    english = article_from_bytes(b"The government said on Tuesday.", name="en.txt", suffix=".txt")
    assert english.language == ""


# ---------------------------------------------------------------------------------------------
# pasted text


def test_paste() -> None:
    article = article_from_paste("  \r\nBridge approved\r\nThe council voted on Tuesday.  \r\n")
    assert article.text == "Bridge approved\n\nThe council voted on Tuesday."
    assert article.title == "Bridge approved"
    assert article.source_name == "pasted text"
    assert article.format == "text"


def test_empty_paste() -> None:
    with pytest.raises(ImportProblem) as caught:
        article_from_paste(" \n\t\u200b\ufeff\n")
    assert caught.value.path is None
    assert str(caught.value).startswith("Pasted text: ")
    assert_good_message(caught.value, "Pasted text")


def test_paste_with_lone_surrogate_is_repaired() -> None:
    article = article_from_paste("broken \ud800 text")
    assert article.text == "broken \ufffd text"
    text_hash(article.text)


# ---------------------------------------------------------------------------------------------
# Markdown


MARKDOWN = """\
# Council *approves* new bridge

The council voted **31 to 12** on [Tuesday](https://example.com/vote "vote") night.
The cost is `14.5m`.  ![a photo of the river](river.jpg)

## What happens next

- Consultation opens in *April*
- Building starts next spring
  1. first the footings
  2. then the deck

> "This matters," said councillor Haddad.

```python
print("code stays as text")
```

| Party | Votes |
| ----- | ----- |
| For   | 31    |

<div class="note">Raw <b>HTML</b> keeps its text<script>alert(1)</script></div>

***
Last line.
"""


def test_markdown_becomes_plain_text(tmp_path: Path) -> None:
    article = read_article_file(write(tmp_path, "bridge.md", MARKDOWN))
    assert article.format == "markdown"
    assert article.title == "Council approves new bridge"
    assert article.text == (
        "Council approves new bridge\n\n"
        "The council voted 31 to 12 on Tuesday night. The cost is 14.5m.\n\n"
        "What happens next\n\n"
        "- Consultation opens in April\n"
        "- Building starts next spring\n"
        "  1. first the footings\n"
        "  2. then the deck\n\n"
        '"This matters," said councillor Haddad.\n\n'
        'print("code stays as text")\n\n'
        "Party | Votes\n"
        "For | 31\n\n"
        "Raw HTML keeps its text\n\n"
        "Last line."
    )
    assert_well_formed(article)


def test_markdown_front_matter_fills_metadata(tmp_path: Path) -> None:
    source = (
        "---\ntitle: Bridge approved\nauthor: Jane Doe\ndate: 2024-03-05T08:00:00Z\n"
        "source: https://news.example.com/bridge\n---\n\nThe council voted on Tuesday.\n"
    )
    article = read_article_file(write(tmp_path, "note.markdown", source))
    assert (article.title, article.author, article.published, article.url) == (
        "Bridge approved",
        "Jane Doe",
        "2024-03-05",
        "https://news.example.com/bridge",
    )
    assert article.text == "The council voted on Tuesday."


def test_markdown_with_only_an_image(tmp_path: Path) -> None:
    problem = problem_for(write(tmp_path, "pic.md", "![just a picture](pic.png)\n"))
    assert "holds no text" in str(problem)
    assert_good_message(problem, "pic.md")


# ---------------------------------------------------------------------------------------------
# web pages


def test_html_keeps_the_article_and_drops_the_furniture() -> None:
    article = read_article_file(HTML_DIR / "article_with_furniture.html")
    assert article.format == "html"
    paragraphs = article.text.split("\n\n")
    assert "The city council voted 31 to 12 on Tuesday night" in paragraphs[1]
    assert paragraphs[-1].startswith("Construction is due to begin next spring")
    assert len([p for p in paragraphs if p.startswith(("The ", "Supporters", "Opponents", "Construction"))]) == 5
    for furniture in (
        "cookie",
        "Accept all",
        "Subscribe",
        "Weather",
        "Related stories",
        "Ten things",
        "COMMENT",
        "newsletter",
        "All rights reserved",
        "SCRIPT TEXT",
        "SECRET-STYLE",
        "artist's impression",
    ):
        assert furniture not in article.text, furniture
    assert_well_formed(article)


def test_html_video_page_without_its_embed_code() -> None:
    # a short story beside a text box offering the video's embed code: with little article to go
    # on, the extractor's fallback used to take the text box's markup as a paragraph
    page = (
        "<html><body><article><h1>Quadruplets on the way</h1><div class='story'><div><p>In a video "
        "posted to their page, the couple ask for support as they welcome two sets of twins.</p></div>"
        "<div class='embed'><textarea class='embed_select'><iframe src='https://video.example.com/e/1'>"
        "Your browser does not support frames. <a href='https://video.example.com/v/1'>EMBED-CODE</a>."
        "</iframe></textarea></div></div></article></body></html>"
    )
    article = article_from_bytes(page.encode(), name="video.html", suffix=".html")
    assert "two sets of twins" in article.text
    assert "EMBED-CODE" not in article.text
    assert "iframe" not in article.text


def test_html_metadata() -> None:
    article = read_article_file(HTML_DIR / "article_with_furniture.html")
    assert article.title == "Council approves new river bridge after two-year delay"
    assert article.outlet == "The Daily Example"
    assert article.author == "Jane Doe"
    assert article.published == "2024-03-05"
    assert article.url == "https://news.example.com/2024/03/05/river-bridge"
    assert article.language == "en"
    assert article.source_name == "article_with_furniture.html"


def test_html_language_and_outlet_of_a_spanish_page() -> None:
    article = read_article_file(HTML_DIR / "spanish_article.html")
    assert article.language == "es"
    assert article.outlet == "Diario de Ejemplo"
    assert "Portada" not in article.text and "Deportes" not in article.text
    assert "pasarela peatonal sobre el río" in article.text


def test_xhtml_with_xml_declaration_and_external_dtd() -> None:
    article = read_article_file(HTML_DIR / "xhtml_declared_latin1.html")
    assert article.title == "Café owners fear rent rise"
    assert "Owners of the cafés on Market Street" in article.text
    assert article.language == "en"


def test_html_declared_charset_is_honoured() -> None:
    source = (HTML_DIR / "xhtml_declared_latin1.html").read_text(encoding="ascii")
    data = source.replace("&eacute;", "é").replace("40 per cent", "40 per cent — “a lot”").encode("cp1252")
    article = article_from_bytes(data, name="cafe.htm", suffix=".htm")
    assert "Owners of the cafés on Market Street" in article.text
    assert "— “a lot”" in article.text


def test_html_paragraph_breaks_and_line_breaks() -> None:
    body = "".join(
        f"<p>Paragraph number {i} of the story has a sentence or two of reasonable length in it.</p>" for i in range(6)
    )
    page = (
        f"<html><head><title>T</title></head><body><article>{body}<p>Line one<br>line two</p></article></body></html>"
    )
    article = article_from_bytes(page.encode(), name="p.html", suffix=".html")
    assert article.text.count("\n\n") >= 6
    assert "Line one\nline two" in article.text


def test_html_fragment_without_page_structure() -> None:
    article = article_from_bytes(b"<p>Just one short paragraph of text.</p>", name="f.html", suffix=".html")
    assert article.text == "Just one short paragraph of text."


HARBOUR_STORY = [
    "The harbour board voted on Monday to close the old ferry terminal by the end of next year.",
    "Board members said repairs to the pier would cost more than a new terminal on the east side.",
    "Photo: Harbour Board",
    "Advertisement",
    "Loading...",
    "Close",
    "Ferry users were told that services will run from a temporary landing while work goes on.",
    "Photo: Harbour Board",
    "Read more",
    "Nobody objected.",
    "Photo: Harbour Board",
    "“It is the end of an era,” said one captain.",
    "The new terminal should open in the spring of the following year, the board said.",
    "“It is the end of an era,” said one captain.",  # the pull quote, again
]


def test_copyright_notices_go_but_not_sentences_about_copyright() -> None:
    for notice in ("© 2024 Example Harbour News", "Copyright 2014 Example Ltd", "Copyright © Example", "(c) Example"):
        assert drop_furniture([("p", [notice])]) == [], notice
    story = ["Copyright holders say the bill goes too far.", "Copyright law changed in 1998, she said."]
    assert drop_furniture([("p", story)]) == ["\n".join(story)]


def test_html_drops_interface_words_repeated_credits_and_a_repeated_quote() -> None:
    paragraphs = "".join(f"<p>{text}</p>" for text in HARBOUR_STORY)
    page = (
        "<html><head><title>Harbour board closes ferry terminal</title></head><body><article>"
        f"<h1>Harbour board closes ferry terminal</h1>{paragraphs}"
        "<ul><li>Passengers need a valid ticket.</li><li>Cyclists board first.</li></ul>"
        "<p>© 2024 Example Harbour News. All rights reserved.</p></article></body></html>"
    )
    article = article_from_bytes(page.encode(), name="harbour.html", suffix=".html")
    assert article.text.split("\n\n") == [
        "Harbour board closes ferry terminal",
        HARBOUR_STORY[0],
        HARBOUR_STORY[1],
        HARBOUR_STORY[6],
        "Nobody objected.",  # short, but a sentence of the article
        HARBOUR_STORY[11],
        HARBOUR_STORY[12],
        "- Passengers need a valid ticket.\n- Cyclists board first.",
    ]


def drop_furniture(blocks: list[tuple[str, list[str]]], controls: Iterable[str] = ()) -> list[str]:
    keys = frozenset(furniture_rules.line_key(text) for text in controls)  # as control_texts keeps them
    return [text for text in furniture_rules.drop_furniture(blocks, keys) if text]


def test_furniture_interface_lines_go_and_separators_stay() -> None:
    lines = ["- Tweet this", "- Link this", "Share", "3 of 12", "- |", ">", "12 comments", "* * *", "--", "It rained."]
    assert drop_furniture([("list", lines)]) == ["* * *\n--\nIt rained."]
    assert drop_furniture([("p", ["Loading weather data ..."]), ("p", ["Loading the ferry took three hours."])]) == [
        "Loading the ferry took three hours."
    ]


def test_furniture_a_list_of_links_goes_but_not_an_article_list() -> None:
    links = {"fares rise again", "new bridge opens", "home", "news", "sport", "style", "fashion"}
    related = ["- Fares rise again", "- New bridge opens"]
    tags = ["- style,", "- fashion"]
    facts = ["- Fares rise again", "- The pier is 120 years old"]  # one item is not a link
    sentences = ["- New bridge opens. Drivers will pay a toll from May.", "- Fares rise again."]
    assert drop_furniture([("list", related), ("list", tags), ("list", facts)], links) == ["\n".join(facts)]
    assert drop_furniture([("list", ["- Fares rise again"])], links) == ["- Fares rise again"]  # one item
    links |= {item.removeprefix("- ") for item in sentences}
    assert drop_furniture([("list", sentences)], links) == ["\n".join(sentences)]


def test_furniture_a_list_of_links_the_article_introduces_stays() -> None:
    links = {"the harbour board", "the ferry company", "home", "news"}
    named = ["- The Harbour Board", "- The Ferry Company"]
    intro = ("p", ["Two bodies signed the closure order:"])
    assert drop_furniture([intro, ("list", named)], links) == [intro[1][0], "\n".join(named)]
    # a menu after a heading ("More:") or after "More from ...:" still goes
    assert drop_furniture([("head", ["More:"]), ("list", ["- Home", "- News"])], links) == ["More:"]
    more = ("p", ["More from Example Harbour News:"])
    assert drop_furniture([more, ("list", ["- Home", "- News"])], links) == [more[1][0]]


def test_furniture_a_menu_without_list_markup_goes_but_not_short_lines_of_text() -> None:
    links = {"homes", "decorating", "renovation", "gardens", "celebrity style", "travel"}
    menu = ["Homes", "Decorating", "Renovation", "AD", "Gardens", "Celebrity Style", "Travel"]  # 6 of 7 links
    assert drop_furniture([("p", menu)], links) == []
    poem = ["Homes", "and gardens", "by the sea", "in the rain", "Travel"]  # 2 of 5 links
    assert drop_furniture([("p", poem)], links) == ["\n".join(poem)]
    with_sentence = [*menu[:5], "Gardens were the winners of the year, the judges said."]
    assert drop_furniture([("p", with_sentence)], links) == ["\n".join(with_sentence)]


def test_furniture_a_row_of_links_goes_but_not_a_row_of_words() -> None:
    links = {"home", "news", "sport", "u.s."}
    assert drop_furniture([("p", ["Home | News | U.S. | Sport"])], links) == []
    assert drop_furniture([("p", ["Home › News › Sport"])], links) == []
    assert drop_furniture([("p", ["Red | Green | Blue"])], links) == ["Red | Green | Blue"]


def test_furniture_short_lines_repeated_three_times_go_except_headings() -> None:
    credit = ("p", ["Photo: Harbour Board"])
    heading = ("head", ["Ingredients"])
    story = ("p", ["The board met at noon."])
    assert drop_furniture([credit, story, credit, heading, credit, heading, heading]) == [
        "The board met at noon.",
        "Ingredients",
        "Ingredients",
        "Ingredients",
    ]
    assert drop_furniture([credit, story, credit]) == ["Photo: Harbour Board", "The board met at noon.", credit[1][0]]


def test_furniture_speaker_labels_of_an_interview_stay() -> None:
    blocks = [("p", [line]) for line in ["SMITH:", "We closed it.", "JONES:", "Why?", "SMITH:", "Money.", "SMITH:"]]
    assert drop_furniture(blocks) == ["SMITH:", "We closed it.", "JONES:", "Why?", "SMITH:", "Money.", "SMITH:"]


def test_furniture_rules_leave_code_and_tables_alone() -> None:
    code = ("code", ["if x:\n    print('Close')\n}\n}\n}"])
    table = ("table", ["Share | 3 of 12", "Close | Next"])
    assert drop_furniture([code, table]) == [code[1][0], "\n".join(table[1])]


def test_furniture_empty_list_item_marker_joins_its_text() -> None:
    assert drop_furniture([("list", ["-", "1 onion, chopped", "-", "2 eggs", "-"])]) == ["- 1 onion, chopped\n- 2 eggs"]


def test_control_texts_are_links_and_buttons() -> None:
    import lxml.html

    tree = lxml.html.fromstring(
        "<div><a href='/'> Home </a><button>Close</button><span onclick='share()'>Tweet this</span>"
        "<p>Not a link</p><a href='/x'><img src='x.png'></a></div>"
    )
    assert furniture_rules.control_texts(tree) == {"home", "close", "tweet this"}


def test_metadata_failure_still_imports_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    real = trafilatura.bare_extraction

    def metadata_breaks(tree: object, **options: object) -> object:
        if options.get("with_metadata"):
            raise AssertionError("htmldate tripped over the tree")
        return real(tree, **options)

    monkeypatch.setattr(trafilatura, "bare_extraction", metadata_breaks)
    article = read_article_file(HTML_DIR / "article_with_furniture.html")
    assert "The city council voted 31 to 12" in article.text
    assert article.published == ""
    assert article.language == "en"  # declared by the page, read without trafilatura


def test_page_that_is_only_a_url_is_not_fetched() -> None:
    with pytest.raises(ImportProblem) as caught:
        article_from_bytes(b"https://news.example.com/story", name="link.html", suffix=".html")
    assert NETWORK_USE == []  # a fetch the guard refused would have been turned into this ImportProblem
    assert caught.value.template.startswith("{name}: no article text was found"), caught.value.message


def test_redirect_page() -> None:
    problem = problem_for(HTML_DIR / "redirect_only.html")
    assert "https://news.example.com/2024/real-story" in str(problem)
    assert_good_message(problem, "redirect_only.html")


def test_page_without_article_text() -> None:
    problem = problem_for(HTML_DIR / "no_article.html")
    assert "no article text" in str(problem)
    assert_good_message(problem, "no_article.html")


# ---------------------------------------------------------------------------------------------
# bad input


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    problem = problem_for(write(tmp_path, "notes.txt", b"\x00\x01\x02\x03binary\x00\xff\xfe\x00" * 50))
    assert str(problem) == (
        "notes.txt: this is not a text file (it looks binary). Save the article as .txt, .md or .html and import that."
    )
    assert problem.path == str(tmp_path / "notes.txt")


def test_mostly_control_characters(tmp_path: Path) -> None:
    problem = problem_for(write(tmp_path, "ctl.txt", bytes(range(1, 32)) * 40 + b"some words"))
    assert "looks binary" in str(problem)
    assert_good_message(problem, "ctl.txt")


@pytest.mark.parametrize(
    ("magic", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    ],
)
def test_known_binary_formats_are_named(tmp_path: Path, magic: bytes, kind: str) -> None:
    problem = problem_for(write(tmp_path, "notes.pdf", magic + b"\x00" * 100))
    assert kind in str(problem) and "not a text file" in str(problem)
    assert_good_message(problem, "notes.pdf")


def test_rtf_is_refused(tmp_path: Path) -> None:
    problem = problem_for(write(tmp_path, "story.rtf", r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}} Hello}"))
    assert "RTF" in str(problem)
    assert_good_message(problem, "story.rtf")


def test_empty_file(tmp_path: Path) -> None:
    problem = problem_for(write(tmp_path, "empty.txt", b""))
    assert str(problem) == "empty.txt: the file is empty. Choose the file that holds the article's text."


@pytest.mark.parametrize("data", [b"  \n\t\r\n  ", codecs.BOM_UTF16_LE + " \n \n".encode("utf-16-le")])
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    problem = problem_for(write(tmp_path, "blank.txt", data))
    assert "only blank space" in str(problem)
    assert_good_message(problem, "blank.txt")


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: no 20 MB written
        handle.truncate(MAX_BYTES + 1)
    problem = problem_for(path)
    assert "too large" in str(problem) and "the limit is 20 MB" in str(problem)
    assert_good_message(problem, "huge.txt")


def test_bytes_over_the_limit() -> None:
    with pytest.raises(ImportProblem, match="the limit is 20 MB"):
        article_from_bytes(b"a" * (MAX_BYTES + 1), name="big.txt", suffix=".txt")


def test_undecodable_bytes(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"valid start \xff\xfe\xfd then \xc3\x28 invalid"
    problem = problem_for(write(tmp_path, "bad.txt", data))
    assert "damaged" in str(problem) or "encoding" in str(problem)
    assert_good_message(problem, "bad.txt")


def test_damaged_utf16(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "fine".encode("utf-16-le") + b"\x00\xd8\x41\x00"  # lone high surrogate
    problem = problem_for(write(tmp_path, "u16.txt", data))
    assert_good_message(problem, "u16.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    problem = problem_for(folder)
    assert str(problem) == "articles: this is a folder, not a file. Choose the article file inside it."


def test_missing_file(tmp_path: Path) -> None:
    problem = problem_for(tmp_path / "gone.txt")
    assert str(problem).startswith("gone.txt: the file was not found.")
    assert_good_message(problem, "gone.txt")
    assert problem.path == str(tmp_path / "gone.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_not_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    problem = problem_for(pipe)  # opening it would block forever
    assert "not an ordinary file" in str(problem)
    assert_good_message(problem, "pipe.txt")


def test_path_with_nul_byte() -> None:
    problem = problem_for("bad\x00name.txt")
    assert_good_message(problem, "bad?name.txt")


def test_file_name_with_newline_gives_one_line_message(tmp_path: Path) -> None:
    problem = problem_for(tmp_path / "two\nlines.txt")
    assert_good_message(problem, "two lines.txt")


class _FailingFile:
    def __init__(self, error: OSError) -> None:
        self.error = error

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def read(self, size: int = -1) -> bytes:
        raise self.error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(5, "Input/output error"), "the file could not be read (Input/output error)"),
        (PermissionError(13, "Permission denied"), "you do not have permission to read this file"),
    ],
)
def test_read_errors_mid_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, expected: str) -> None:
    path = write(tmp_path, "flaky.txt", ARTICLE)
    monkeypatch.setattr(reading, "open", lambda *a, **k: _FailingFile(error), raising=False)
    problem = problem_for(path)
    assert expected in str(problem)
    assert_good_message(problem, "flaky.txt")


def test_file_vanishes_between_stat_and_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "vanishing.txt", ARTICLE)

    def vanish(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(reading, "open", vanish, raising=False)
    problem = problem_for(path)
    assert "not found" in str(problem)
    assert_good_message(problem, "vanishing.txt")


def test_parser_crash_becomes_an_import_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    page = (HTML_DIR / "article_with_furniture.html").read_bytes()
    with pytest.raises(ImportProblem) as caught:
        article_from_bytes(page, name="deep.html", suffix=".html")
    assert "RecursionError" in str(caught.value)
    assert_good_message(caught.value, "deep.html")
    assert isinstance(caught.value.__cause__, RecursionError)


def test_a_problem_is_a_user_error_whose_fields_survive_the_helper_process(tmp_path: Path) -> None:
    """The window translates the template and fills in the file's name; the helper process pickles it."""
    problem = problem_for(write(tmp_path, "empty.txt", b""))
    assert isinstance(problem, UserError)
    assert problem.template == "{name}: the file is empty. Choose the file that holds the article's text."
    assert problem.params == {"name": "empty.txt"}
    back = pickle.loads(pickle.dumps(problem))
    assert type(back) is ImportProblem
    assert (back.template, back.params, back.path, back.message) == (
        problem.template,
        problem.params,
        str(tmp_path / "empty.txt"),
        "empty.txt: the file is empty. Choose the file that holds the article's text.",
    )


def test_article_from_bytes_problem_has_no_path() -> None:
    with pytest.raises(ImportProblem) as caught:
        article_from_bytes(b"", name="x.txt", suffix=".txt")
    assert caught.value.path is None


# ---------------------------------------------------------------------------------------------
# fuzzing: whatever comes in, only ImportedText or ImportProblem comes out

SUFFIXES = st.sampled_from([".txt", ".md", ".markdown", ".html", ".htm", "", ".bin", ".TXT"])
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# What bytes may be refused for: the importer's own verdicts on what they hold.  A parser that
# crashed also comes out as an ImportProblem (article_from_bytes's catch-all: "this file could
# not be read (RuntimeError)"), and so does a missing dependency; neither is allowed here, so
# the fuzz tests fail when a reader breaks instead of passing on the catch-all.
REFUSALS = (
    "{name}: the file is empty.",
    "{name}: the file holds only blank space, no text.",
    "{name}: this is {kind}, not a text file.",
    "{name}: this is not a text file (it looks binary).",
    "{name}: this is a rich-text (RTF) document, not plain text.",
    "{name}: the text is damaged (it starts like Unicode text but has invalid bytes).",
    "{name}: the text's character encoding could not be recognised.",
    "{name}: the file holds no readable text.",
    "{name}: the Markdown file holds no text, only markup or images.",
    "{name}: no article text was found in this web page.",
    "{name}: this page only sends the browser on to {address} and holds no article.",
)
WEB_PAGE_SUFFIXES = (".html", ".htm")

# one input of each format that imports, so that every fuzz run reaches every reader
TEXT_FILE = ARTICLE.encode("utf-8")
MARKDOWN_FILE = b"# Council approves new bridge\n\nThe city council voted *31 to 12* on Tuesday.\n"
WEB_PAGE = b"<html><body><article><p>The city council voted 31 to 12 on Tuesday.</p></article></body></html>"


def import_or_problem(data: bytes, suffix: str) -> ImportedText | None:
    """The article, or None for a documented refusal; fails on anything else."""
    name = f"fuzz{suffix}"
    try:
        article = article_from_bytes(data, name=name, suffix=suffix)
    except ImportProblem as problem:
        assert problem.template.startswith(REFUSALS), f"refused for no documented reason: {problem.message}"
        assert problem.params["name"] == name
        assert_good_message(problem, name)
        return None
    assert_well_formed(article)
    assert article.source_name == name
    if suffix.lower() in WEB_PAGE_SUFFIXES:
        assert article.format == "html"
    elif suffix.lower() in (".txt", ".md", ".markdown"):
        assert article.format == ("text" if suffix.lower() == ".txt" else "markdown")
    return article


@FUZZ
@given(data=st.binary(max_size=3000), suffix=SUFFIXES)
@example(data=TEXT_FILE, suffix=".txt")
@example(data=MARKDOWN_FILE, suffix=".md")
@example(data=WEB_PAGE, suffix=".html")
@example(data=WEB_PAGE, suffix="")
def test_fuzz_random_bytes(data: bytes, suffix: str) -> None:
    import_or_problem(data, suffix)


UNICODE_TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),  # anything, including controls and lone marks
        st.characters(categories=["Mn", "Me"]),  # combining marks
        st.sampled_from(["🙂", "👩‍👩‍👧", "🇺🇦", "e\u0301", "\u200d", "\ufe0f", "\r\n", "\n\n", " ", "\t"]),
    ),
    max_size=300,
).map("".join)


@FUZZ
@given(text=UNICODE_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]), suffix=SUFFIXES)
@example(text=ARTICLE, encoding="utf-16", suffix=".txt")
@example(text=MARKDOWN_FILE.decode(), encoding="utf-8-sig", suffix=".markdown")
@example(text=WEB_PAGE.decode(), encoding="utf-16-le", suffix=".htm")
def test_fuzz_random_unicode(text: str, encoding: str, suffix: str) -> None:
    import_or_problem(text.encode(encoding, "surrogatepass"), suffix)


READABLE_TEXT = (
    st.lists(
        st.one_of(
            st.characters(categories=["L", "M", "N", "Zs", "So"]),
            st.sampled_from(["🙂", "e\u0301", "\n", "\n\n", " ", "."]),
        ),
        min_size=1,
        max_size=300,
    )
    .map("".join)
    .filter(lambda s: s.strip())
)


@FUZZ
@given(text=READABLE_TEXT)
def test_fuzz_plain_text_keeps_every_visible_character(text: str) -> None:
    """Import only rearranges whitespace (and applies NFC) in readable text."""
    try:
        article = article_from_bytes(text.encode("utf-8"), name="t.txt", suffix=".txt")
    except ImportProblem:
        assert not unicodedata.normalize("NFC", text).strip()
        return
    assert SPACE.sub("", article.text) == SPACE.sub("", unicodedata.normalize("NFC", text))
    assert_well_formed(article)


@FUZZ
@given(text=READABLE_TEXT)
def test_fuzz_paste(text: str) -> None:
    """Readable text always pastes (it is never blank), and only its whitespace changes."""
    article = article_from_paste(text)  # no ImportProblem: there is always something to import
    assert SPACE.sub("", article.text) == SPACE.sub("", unicodedata.normalize("NFC", text))
    assert_well_formed(article)
    assert (article.format, article.source_name) == ("text", "pasted text")


TAGS = st.sampled_from(
    ["p", "div", "span", "article", "main", "nav", "footer", "header", "aside", "section", "ul", "li", "table",
     "tr", "td", "h1", "h2", "a", "b", "em", "br", "script", "style", "pre", "code", "blockquote", "iframe",
     "img", "form", "noscript", "svg", "math", "template", "object", "body", "html", "head", "title", "meta"]
)  # fmt: skip
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
ATTRIBUTES = st.sampled_from(
    ["", ' class="content"', ' id="comments"', ' lang="fr"', ' href="http://example.com/"', ' src="//x/y.js"',
     ' charset="latin1"', ' http-equiv="refresh" content="0;url=http://x"', ' property="og:title" content="T"']
)  # fmt: skip


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    def element(depth: int) -> str:
        tag = draw(TAGS)
        attributes = draw(ATTRIBUTES)
        if depth > 4 or draw(st.booleans()):
            children = draw(WORDS)
        else:
            children = "".join(element(depth + 1) for _ in range(draw(st.integers(0, 4))))
        closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}>"]))
        return f"<{tag}{attributes}>{children}{closing}{draw(WORDS)}"

    prefix = draw(st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-16"?>', "<!--x-->"]))
    return prefix + "".join(element(0) for _ in range(draw(st.integers(1, 5))))


@FUZZ
@given(page=html_documents(), suffix=st.sampled_from([".html", ".htm", ""]))
@example(page=WEB_PAGE.decode(), suffix=".html")
def test_fuzz_random_html(page: str, suffix: str) -> None:
    import_or_problem(page.encode("utf-8", "surrogatepass"), suffix)


@pytest.mark.parametrize(("data", "suffix"), [(TEXT_FILE, ".txt"), (MARKDOWN_FILE, ".md"), (WEB_PAGE, ".html")])
def test_the_fuzz_checks_fail_on_a_crash_the_catch_all_made_a_problem(
    monkeypatch: pytest.MonkeyPatch, data: bytes, suffix: str
) -> None:
    """A reader that crashes gives an ImportProblem all the same; import_or_problem must not accept it."""
    assert import_or_problem(data, suffix) is not None

    def crash(cls: object, text: str, name: str) -> ImportedText:
        raise RuntimeError("a parser bug")

    monkeypatch.setattr(format_for_suffix(suffix), "read", classmethod(crash))
    with pytest.raises(AssertionError, match="refused for no documented reason"):
        import_or_problem(data, suffix)


def test_a_missing_parser_dependency_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # lxml 5.2 moved lxml.html.clean out into lxml_html_clean; an install without it made every
    # web page fail with a bare "ImportError".  The message must say what is missing and what to do.
    def missing(cls: object, text: str, name: str) -> None:
        raise ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean")

    monkeypatch.setattr(format_for_suffix(".html"), "read", classmethod(missing))
    path = write(tmp_path, "page.html", "<html><body><p>" + ARTICLE + "</p></body></html>")
    problem = problem_for(path)
    assert "'lxml_html_clean'" in str(problem)
    assert "Reinstall ClaimMark" in str(problem)
    assert_good_message(problem, "page.html")


def test_every_parser_dependency_is_installed() -> None:
    # The HTML path imports its parsers lazily, so a missing one would only show on the first
    # web page a user imports; import them here so the suite fails instead.
    import justext  # noqa: F401
    import lxml.html.clean  # noqa: F401
    import trafilatura  # noqa: F401


def _page(head: str, body: str) -> ImportedText:
    paragraphs = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "The council voted on Tuesday to rebuild the river bridge, closed since the spring floods.",
            "Engineers said the work would take about eighteen months and cost less than first feared.",
            "Residents on both banks have crossed by ferry since April, a trip of twenty minutes.",
        )
    )
    page = (
        f"<html><head><title>Bridge to be rebuilt</title>{head}</head>"
        f"<body><article>{paragraphs}{body}</article></body></html>"
    )
    return article_from_bytes(page.encode(), name="bridge.html", suffix=".html")


def test_the_outlet_is_the_name_the_page_gives_itself_never_a_handle_or_a_made_up_name() -> None:
    canonical = '<link rel="canonical" href="https://www.rivertown-gazette.example/news/bridge">'
    publisher = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"publisher": {"@type": "Organization", "name": "The Rivertown Gazette"}}</script>'
    )
    handle = '<meta name="twitter:site" content="@RivertownGaz">'
    assert _page(canonical + publisher + handle, "").outlet == "The Rivertown Gazette"
    assert _page(canonical + '<meta property="og:site_name" content="Rivertown Gazette">', "").outlet == (
        "Rivertown Gazette"
    )
    # no name of its own: the address's host as it is written, not "RivertownGaz" nor "Rivertown_Gazette_Example"
    assert _page(canonical + handle, "").outlet == "rivertown-gazette.example"
    assert _page(canonical + '<meta property="og:site_name" content="2019">', "").outlet == "rivertown-gazette.example"


def test_the_author_is_the_byline_not_page_furniture() -> None:
    structured = (
        '<script type="application/ld+json">[{"@type": "NewsArticle", '
        '"author": [{"@type": "Person", "name": "Mara Olsen"}, {"@type": "Person", "name": "Teo Brandt"}]}]</script>'
    )
    assert _page(structured, "").author == "Mara Olsen; Teo Brandt"
    furniture = '<meta name="author" content="googletag cmd push ad slot author sec">'
    assert _page(furniture, "").author == ""
    reporting = "<p>(Reporting by Mara Olsen and Teo Brandt in Rivertown; Editing by Sam Hale)</p>"
    assert _page(furniture, reporting).author == "Mara Olsen; Teo Brandt"  # the reporters, not the editor
    assert _page("", "<p>Rivertown Gazette staff can be reached at news@rivertown.example</p>").author == ""


@pytest.mark.parametrize(
    ("head", "front"),
    [
        ('<link rel="canonical" href="https://www.rivertown-gazette.example/">', True),  # the home page
        ('<meta property="og:url" content="https://rivertown-gazette.example/index.html">', True),
        (
            '<meta property="og:type" content="website">'
            '<meta property="og:url" content="https://rivertown-gazette.example/sport/">',
            True,  # a section front
        ),
        (  # a careless canonical link on an article that says it is one
            '<link rel="canonical" href="https://rivertown-gazette.example/">'
            '<meta property="og:type" content="article">',
            False,
        ),
        (
            '<link rel="canonical" href="https://rivertown-gazette.example/">'
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script>',
            False,
        ),
        ('<link rel="canonical" href="https://rivertown-gazette.example/news/2026/bridge-to-be-rebuilt">', False),
        ('<link rel="canonical" href="https://rivertown-gazette.example/sport/">', False),  # a plain word, no claim
    ],
)
def test_a_front_page_is_refused_as_not_one_article(head: str, front: bool) -> None:
    if front:
        with pytest.raises(ImportProblem, match=r"front page of https://.*not one article"):
            _page(head, "")
    else:
        assert "river bridge" in _page(head, "").text
