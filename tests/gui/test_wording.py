"""Issue 14, wording: one word for one thing across the window, the feedback and the command
line; messages that start a sentence; languages by name."""

from __future__ import annotations

from claimmark.core.claims import Tag
from claimmark.gui.classroom.controller import classroom_of
from claimmark.gui.library.importer import language_name, sentence


def test_messages_about_pasted_text_start_a_sentence_and_name_the_language() -> None:
    assert sentence("pasted text is already in the library as “Kim”.").startswith("Pasted text is")
    assert language_name("zh").startswith("Chinese") and "(zh)" in language_name("zh")
    assert language_name("de").startswith("German")
    assert "xx" in language_name("xx")  # unknown: the code, said as such


def test_the_toolbar_says_the_tags_as_the_buttons_and_the_list_do(open_window) -> None:
    window = open_window(pipeline=None)
    assert [a.iconText() for a in window.tag_actions.values()] == ["1 confirmed", "2 estimated", "3 unverified"]
    assert [window.panel.tag_buttons.button(i).text().replace("&", "") for i in range(3)] == [
        f"{t.shortcut} {t.value}" for t in Tag
    ]


def test_teacher_mode_on_a_plain_article_says_own_claims_in_banner_and_list(open_window, tmp_path) -> None:
    from claimmark.core.storage import open_database
    from claimmark.core.storage import repository as repo

    db_path = str(tmp_path / "t.sqlite3")
    db = open_database(db_path)
    with db.write() as session:
        article_id = repo.add_article("Officials said 40 people came.", session=session, title="Plain").id
    db.close()
    window = open_window(db_path, pipeline=None)
    classroom_of(window).set_teacher_mode(True)
    window.open(lambda s: s.open_article(article_id))
    assert window.session.teacher and window.session.exercise is None
    assert "your own claims" in window.instructions.text()
    hint = window.panel.empty_hint.text()
    assert "key" not in hint.lower() and "own claims" in hint
    classroom_of(window).set_teacher_mode(False)


def test_a_file_name_keeps_its_own_spelling_at_the_start_of_a_message() -> None:
    assert sentence("bridge.txt is already in the library as “Kim”.").startswith("bridge.txt")
