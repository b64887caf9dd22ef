from claimmark.core.tokens import TokenIndex, token_iou

TEXT = 'North Korean leader Kim Jong Un hailed the U.S. and about 15,000 soldiers\' "heroes", real-world 😀 ok.'


def snap(start: int, end: int) -> str | None:
    span = TokenIndex(TEXT).snap(start, end)
    return TEXT[span[0] : span[1]] if span else None


def test_selection_widens_to_whole_words() -> None:
    assert snap(2, 9) == "North Korean"  # "rth Kor"
    assert snap(TEXT.index("hailed") + 2, TEXT.index("hailed") + 3) == "hailed"


def test_edges_lose_spaces_and_punctuation_but_inner_punctuation_stays() -> None:
    start = TEXT.index("soldiers") - 1
    end = TEXT.index("real") - 1
    assert snap(start, end) == "soldiers' \"heroes"


def test_numbers_and_abbreviations_are_single_tokens() -> None:
    assert snap(TEXT.index("15,000") + 3, TEXT.index("15,000") + 4) == "15,000"
    assert snap(TEXT.index("U.S.") + 1, TEXT.index("U.S.") + 2) == "U.S."


def test_selection_with_no_word_snaps_to_nothing() -> None:
    quote = TEXT.index('"')
    assert snap(quote, quote + 1) is None
    assert snap(5, 5) is None
    emoji = TEXT.index("😀")
    assert snap(emoji, emoji + 1) is None


def test_reversed_and_out_of_range_selections() -> None:
    assert snap(9, 2) == "North Korean"
    assert snap(len(TEXT) - 3, len(TEXT) + 10) == "ok"


def test_token_iou() -> None:
    index = TokenIndex(TEXT)
    a = (0, TEXT.index(" hailed"))  # North Korean leader Kim Jong Un
    b = (TEXT.index("Kim"), TEXT.index(" the"))  # Kim Jong Un hailed
    assert token_iou(index, a, b) == 3 / 7
    assert token_iou(index, a, a) == 1.0


def test_local_snapping_agrees_with_the_whole_text_index() -> None:
    import random

    from claimmark.core.tokens import snap_span

    index = TokenIndex(TEXT)
    rng = random.Random(3)
    for _ in range(500):
        a, b = rng.randrange(len(TEXT) + 1), rng.randrange(len(TEXT) + 1)
        assert snap_span(TEXT, a, b) == index.snap(a, b)
