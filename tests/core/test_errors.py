"""UserError: one English template with named fields, filled in the same way in every language."""

from __future__ import annotations

import pickle

from claimmark.core.errors import Message, UserError, fill


class FileRefused(UserError):
    def __init__(self, template: str, /, *, path: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.path = path


def test_the_message_is_the_template_filled_in() -> None:
    error = UserError("{name}: the file is empty. Choose a file with the article's text.", name="notes.txt")
    assert str(error) == "notes.txt: the file is empty. Choose a file with the article's text."
    assert error.template.startswith("{name}: the file is empty")
    assert error.params == {"name": "notes.txt"}


def test_values_are_never_read_as_fields() -> None:
    """A file name with braces in it is shown as it is, not taken for a field."""
    error = UserError("{name} is not a ClaimMark file", name="{weird}.json")
    assert str(error) == "{weird}.json is not a ClaimMark file"


def test_a_translated_template_is_filled_with_the_same_values() -> None:
    error = UserError("{count} files imported", count=3)
    assert fill("{count} fichiers importés", error.params) == "3 fichiers importés"


def test_literal_braces_are_doubled() -> None:
    assert str(UserError("use {{ and }} in templates")) == "use { and } in templates"


def test_an_error_crosses_a_process_boundary_whole() -> None:
    """Import problems come back from the helper process pickled: template, values and path survive."""
    error = FileRefused("{name}: too large ({size} MB)", path="/tmp/big.txt", name="big.txt", size=25)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is FileRefused
    assert (str(back), back.path, back.params) == (str(error), "/tmp/big.txt", {"name": "big.txt", "size": 25})


def test_a_message_that_is_no_error_is_a_template_too() -> None:
    note = Message.of("{trainee}: submission of {when} imported", trainee="ana", when="2026-12-01 09:00 UTC")
    assert str(note) == "ana: submission of 2026-12-01 09:00 UTC imported"
    error = UserError("{name} is damaged", name="a.json")
    assert error.as_message() == Message("{name} is damaged", {"name": "a.json"})
