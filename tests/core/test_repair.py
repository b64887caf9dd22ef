"""Glued-link repair through its public interface: find_joins, apply_joins, context, and the model
it runs with (the weights file and other weights)."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimmark.core.repair import (
    Join,
    Model,
    Stages,
    WeightsError,
    apply_joins,
    context,
    cut_candidates,
    default_model,
    find_joins,
    paired_features,
)

SEED = Path(__file__).resolve().parent.parent / "data" / "seed_glued.txt"

# The joins a reader finds in the seed article: glued token and where the space goes.
SEED_JOINS = [
    ("leaderKim", 6),
    ("Unhailed", 2),
    ("inRussia", 2),
    ("Ukraineas", 7),
    ("thelosses", 3),
    ("sufferedin", 8),
    ("PresidentVladimir", 9),
    ("Putinthat", 5),
    ("mediaVoice", 5),
    ("Putinsigned", 5),
    ("defensepact", 7),
    ("Koreaconfirmed", 5),
    ("deploymentsuntil", 11),
    ("defectedhave", 8),
    ("about600", 5),
    ("recentnegotiations", 6),
    ("Trumpand", 5),
]


def expected_positions(text: str, joins: list[tuple[str, int]]) -> set[int]:
    positions = set()
    for token, cut in joins:
        matches = [m.start() + cut for m in re.finditer(rf"(?<!\w){re.escape(token)}", text)]
        assert matches, token
        positions.update(matches)
    return positions


def repaired(text: str, **kwargs: object) -> str:
    return apply_joins(text, find_joins(text, **kwargs))  # type: ignore[arg-type]


def inserted_only_spaces(original: str, result: str, positions: list[int]) -> bool:
    """Removing the space added at each position gives back the original text."""
    if len(result) != len(original) + len(positions):
        return False
    chars = list(result)
    for shift, p in enumerate(sorted(positions)):
        if chars[p + shift] != " ":
            return False
    kept = [c for i, c in enumerate(chars) if i not in {p + k for k, p in enumerate(sorted(positions))}]
    return "".join(kept) == original


# --- the seed article ---------------------------------------------------------------------------


def test_seed_article_joins_are_found_and_nothing_else() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {j.position for j in find_joins(text)}
    assert found == expected_positions(text, SEED_JOINS)


def test_seed_article_reads_well_after_repair() -> None:
    text = SEED.read_text(encoding="utf-8")
    fixed = repaired(text)
    for phrase in (
        "leader Kim Jong Un",
        "in Russia's war against Ukraine as",
        "the losses Pyongyang has suffered in the conflict",
        "President Vladimir Putin that",
        "media Voice of Korea",
        "Putin signed a mutual defense pact",
        "North Korea confirmed the deployments until",
        "about 600 are believed",
        "defected have told",
        "recent negotiations",
        "Donald Trump and",
    ):
        assert phrase in fixed
    assert fixed.replace(" ", "") == text.replace(" ", "")


def test_without_word_pair_counts_the_seed_joins_are_still_found() -> None:
    # wordsegment is optional: without its word-pair counts the detector falls back to the
    # models fitted without them (a fresh process in which the package cannot be found)
    code = (
        "import json, sys; sys.modules['wordsegment'] = None\n"
        "from claimmark.core.repair import find_joins, word_pairs\n"
        "assert word_pairs() is None\n"
        f"joins = find_joins(open({str(SEED)!r}, encoding='utf-8').read())\n"
        "print(json.dumps([[j.position, j.confidence] for j in joins]))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found = {position: confidence for position, confidence in json.loads(run.stdout)}
    text = SEED.read_text(encoding="utf-8")
    assert set(found) == expected_positions(text, SEED_JOINS)
    # ... and the confidences are those of the models without word pairs
    model = default_model()
    cands = cut_candidates(text, with_word_pairs=False)
    fallback = model.without_word_pairs.probabilities(text, cands)
    assert found == {c.position: round(p, 3) for c, p in zip(cands, fallback, strict=True) if p >= model.accept}


def test_word_pair_counts_are_read_only_when_a_text_needs_them() -> None:
    # importing the package and reading clean text must not cost the 0.35 s load
    code = (
        "import sys; from claimmark.core.repair import find_joins, words; find_joins('The cat sat on the mat.');"
        "sys.exit(words.word_pairs.cache_info().currsize)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_known_names_find_a_join_the_words_alone_cannot() -> None:
    # "Thanhon" could be a name; knowing the entity "Tran Van Thanh" settles it.
    text = "The minister met Tran Van Thanhon Monday in Hanoi."
    assert repaired(text) == text
    assert "met Tran Van Thanh on Monday" in repaired(text, known_names=["Tran Van Thanh"])


def test_a_known_name_inside_a_repeated_word_or_before_an_ending_is_not_cut() -> None:
    # "Asia" is a name, but "AirAsia" three times over is a word of this text; "Facebooking" is a verb
    text = "AirAsia flew. The AirAsia jet landed and AirAsia staff waited. He was Facebooking all night."
    assert find_joins(text, known_names=["Asia", "Facebook"]) == []


def test_known_names_never_cut_inside_a_longer_word() -> None:
    assert repaired("as the reporter saidAli and his team left", known_names=["Ali"]).count("said Ali") == 1
    assert find_joins("The Italian job was a classic.", known_names=["Ali"]) == []
    # a known name is never split itself, however its parts look
    assert find_joins("said Yearout, the owner", known_names=["Kevin Yearout"]) == []


def test_a_word_the_article_repeats_is_not_split() -> None:
    # "Yearout" looks like "Year" + "out", but a glued pair does not come back three times
    text = "The firm grew fast, said Yearout, a co-owner. Yearout has added 80 jobs. Yearout Mechanical is local."
    assert find_joins(text) == []


def test_joins_describe_themselves() -> None:
    text = SEED.read_text(encoding="utf-8")
    joins = find_joins(text)
    trump = next(j for j in joins if j.left == "Trump")
    assert trump.right == "and"
    assert text[trump.position - len("Trump") : trump.position + len("and")] == "Trumpand"
    assert "Trumpand" in trump.reason
    assert 0.0 < trump.confidence <= 1.0
    assert [j.position for j in joins] == sorted({j.position for j in joins})
    with pytest.raises(dataclasses.FrozenInstanceError):
        trump.position = 3  # type: ignore[misc]


# --- clean text is left alone ---------------------------------------------------------------------

CLEAN = [
    "The new iPhone and YouTube videos were shared on LinkedIn, eBay and PlayStation forums.",
    "He wrote JavaScript on his MacBook while filming with a GoPro; iOS users at McDonald's agreed.",
    "COVID-19 cases rose in the U.S. and in Russia's far east, officials said on Friday.",
    "The 3D printer, the F16 jet, an MP3 file and the 1990s came up at 10am on the 21st.",
    "A well-known, long-running, state-of-the-art debate about mother-in-law jokes.",
    "She said that DeSoto, LeBron James, DiCaprio and McCain met O'Reilly at the WiFi hotspot.",
    "The company reported $1.5bn in revenue and 3.5% growth, about 1,000 jobs, e.g. in 2014.",
    "Steve Jobs unveiled the iPhone at Macworld, and PowerPoint slides followed.",
    "Visit https://www.example.com/leaderKim or write to john.doe@newsSite.com today.",
    "Follow @KimJongUn and #leaderKim for updates, or see example.org/inRussia.",
    "At 10:30 the A380 landed; a friend(s) note said (s)he would call later.",
    "North Korean leader Kim Jong Un hailed his country's fallen soldiers on Friday.",
    "We use function saveToFile() { return x; } in the example code;",
    "Read more at www.example.com/news or https://example.org/a?u=http%3A%2F%2Fwww.b.com today.",
    "Our www.example.community site and the Google.com page link to pic.twitter.com/abc.",
    # an address that starts like a word is cut only when the rest is a name of the article
    "Mr Atlas wrote to atlas@example.com and tostada@example.org; see atwwoz.org and visitengland.com.",
    "Write to Tom Smith at tomsmith@example.com or to Atticus Lee, atticuslee@example.org.",
    "The club's My.Future scheme and The.Point magazine hired Anna.",
    'He said "In the old days," and left (for good), alone; see the U.S.gov site, e.g.this one.',
    "Russia‘s war and rock ‘n’ roll, f($x) and friend(s). The Newsroom‘s ‘Campus’ plot, don‘t ‘worry’.",
    'The list ["a","B"] and {"x":"Yes"} and "Go," she said. "Stop."',
    "See Section 2.A of the U.S.A. plan, an X-ray, a T-shirt.",
    "Mr. Jensen and Dr. Olsen met Sen. Cruz, and Mrs. Hansen thanked Gov. Brown and Rev. Al Sharpton.",
    "AT&T, A&E, P&G and S&P 500 shares; R&D spending and Q&A sessions.",
    "McDonald's Big Mac, O'Neil's U.S. visit, the iOS U.K. launch and JavaScript's V8.",
    "Code in C# or F#, tag #G20summit, read example.com/page#top and issue#12 of #leaderKim.",
    "An X-ray, a T-shirt, an A4-sized sheet, Form I-9, the F-16's U-turn and 2-for-1 deals.",
]


@pytest.mark.parametrize("sentence", CLEAN)
def test_clean_sentences_are_left_alone(sentence: str) -> None:
    assert find_joins(sentence) == []


def test_text_in_another_language_is_left_alone() -> None:
    spanish = (
        "El Gobierno anunció este lunes una serie de medidas para limitar el acceso a los recursos "
        "públicos, según informaron fuentes oficiales. La oposición criticó la decisión y pidió "
        "explicaciones al ministro, que defendió la medida como necesaria para proteger la economía "
        "del país durante los próximos meses, mientras sospechas y recursos judiciales se acumulan."
    )
    assert find_joins(spanish) == []
    assert find_joins('قال المتحدث بـ"الجيش" إن و"حدات" وصلت') == []


# --- hand-made glued cases -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        ("Officials said about600 people were hurt.", "about 600 people"),
        ("the soldiers who died inRussia's war", "in Russia's war"),
        ("a week at theMcDonald's restaurant", "the McDonald's restaurant"),
        ("more news aboutCOVID-19 cases today", "about COVID-19 cases"),
        ("We met at theWhite House on Tuesday.", "the White House"),
        ("It was the red brick mansion.Grant's Home is now a museum.", "mansion. Grant's Home"),
        ("Experts know several types,we now know that none are alike.", "types, we now"),
        ("They used imaging (fMRI)to scan the brain.", "(fMRI) to scan"),
        ("She started the blog Wise Sloth(whose author is anonymous).", "Sloth (whose"),
        ("strings of proteins calledF-actins, which", "called F-actins"),
        ("the group held a4-minute meeting", "a 4-minute meeting"),
        ("Has the web changed in the past twelve months? Athird of web users now use phones.", "? A third of"),
        ("Planning on going for a swim?You'll need one of these.", "swim? You'll need"),
        ("Below its peak employment,Arizona4.1 percent, Florida", "employment, Arizona"),
        ("Everyone involved (I kid),Iggy Azalea laughed.", "(I kid), Iggy"),
        ("A few months later, the U.S.managed to launch its first", "the U.S. managed to"),
        ("The laptop messenger bag($140) is a good investment.", "bag ($140) is"),
        ("Batra, R., and R. Salgia.A personalized treatment", "Salgia. A personalized"),
        ("it's Sen. Rand Paul,R-Ky., who has dropped", "Paul, R-Ky., who"),
        ("In the overall category, it's GOPSen. Ted Cruz, R-Texas.", "it's GOP Sen. Ted Cruz"),
        ("it's neighboring VermontSen. Bernie Sanders who has", "Vermont Sen. Bernie"),
        ("This video was created byA&E Digital Studios.", "by A&E Digital"),
        ("Even as theU.S. economy reached a million jobs", "as the U.S. economy"),
        ("PORTLAND -- NW Natural'sCorporate Philanthropy Fund gave", "Natural's Corporate"),
        ('"In the old days,"Dimon said, "you dealt with one. “Now it’s five.', 'days," Dimon said'),
        ('"I have hit the trifecta. #blessed,"Ellie Hall tweeted.', '#blessed," Ellie Hall'),
        ("a rock claimed to be a‘thigh bone’ of a lizard", "a ‘thigh bone’"),
    ],
)
def test_glued_words_are_separated(glued: str, expected: str) -> None:
    assert expected in repaired(glued)


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        ("The old cables still sell oneBay and on other sites.", "sell on eBay and"),  # not "one Bay"
        ("One was auctioned oneBaylast year, and another sold.", "auctioned on eBay last year"),
        ("He queued all night for theiPad and aniPod.", "for the iPad and an iPod."),
        ("She moved her music toiTunes last year.", "to iTunes last"),
        ("bodies were flown back to theIndonesian city", "to the Indonesian city"),  # "eIn..." is no brand
    ],
)
def test_small_letter_brands_stay_whole_when_a_word_is_glued_to_them(glued: str, expected: str) -> None:
    result = repaired(glued)
    assert expected in result and "e Bay" not in result and "i Pad" not in result


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        ("For details, log on towww.example.org. Tickets are free.", "to www.example.org"),
        ("bodies brought in by helicopterhttp://t.co/fU1QeMQPFCpic.twitter.com/xr", "helicopter http://t.co/"),
        ("bodies brought in by helicopterhttp://t.co/fU1QeMQPFCpic.twitter.com/xr", "fU1QeMQPFC pic.twitter"),
        ("Go toGoogle.comtoday and click the logo.", "Go to Google.com today and"),
        ("Write to Chris Wellisz at cwellisz@bloomberg.netGail DeGeorge edited it.", "bloomberg.net Gail"),
        ("By Chris Wellisz. Write to Chris Wellisz atcwellisz@bloomberg.net today.", "at cwellisz@bloomberg.net"),
        ("By Maria Gonzalez. Reach her atmaria.gonzalez@example.com.", "at maria.gonzalez@example.com"),
        ("the western media, fromBreitbart.comtoElle, agreed", "from Breitbart.com to Elle,"),
        ("See About.com'sMedical Review Board.", "About.com's Medical"),
        ("Bodies of#QZ8501victims arrived; the #QZ8501search goes on.", "of #QZ8501 victims"),
        ("Bodies of#QZ8501victims arrived; the #QZ8501search goes on.", "the #QZ8501 search"),
    ],
)
def test_words_glued_to_web_addresses_are_separated(glued: str, expected: str) -> None:
    # the address itself is never cut
    assert expected in repaired(glued)


def test_a_glued_pair_seen_elsewhere_is_not_taken_for_a_word() -> None:
    # "avase" stands alone once, but only because it is glued there too: "a vase filled"
    text = "Use a tall vase of wheat; avase filled with branches works too, as does avasefilled with tulips."
    assert repaired(text).endswith("as does a vase filled with tulips.")


def test_context_shows_both_sides_of_the_join() -> None:
    text = "Officials said about600 people were hurt."
    (join,) = find_joins(text)
    before, after = context(text, join, width=10)
    assert before == "said about"
    assert after == "600 people"
    assert context(text, join, width=1000) == (text[: join.position], text[join.position :])


# --- apply_joins never touches a letter ----------------------------------------------------------


def test_apply_joins_inserts_exactly_one_space_per_position() -> None:
    joins = [Join(3, "abc", "def", "", 1.0), Join(3, "abc", "def", "", 0.5), Join(6, "def", "g", "", 1.0)]
    assert apply_joins("abcdefg", joins) == "abc def g"
    assert apply_joins("abcdefg", []) == "abcdefg"
    assert apply_joins("", joins) == ""


def test_apply_joins_ignores_positions_outside_the_text() -> None:
    joins = [Join(0, "", "a", "", 1.0), Join(7, "abcdefg", "", "", 1.0), Join(99, "", "", "", 1.0)]
    assert apply_joins("abcdefg", joins) == "abcdefg"


# Letters, digits, punctuation, spaces, emoji, combining marks, CJK and glued-looking words.
_PIECES = st.sampled_from(
    ["leaderKim", "about600", "Trumpand", "the", "losses", "iPhone", ".", ",", "(", ")", '"', " ", "\n",
     "é", "e\u0301", "😀", "👩‍👩‍👧", "中文", "McDonald's", "U.S.", "3D", "www.x.com", "@a", "#b"]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_repair_only_inserts_spaces(text: str) -> None:
    joins = find_joins(text)
    positions = [j.position for j in joins]
    assert positions == sorted(set(positions))
    assert all(0 < p < len(text) for p in positions)
    assert all(0.0 <= j.confidence <= 1.0 for j in joins)
    result = apply_joins(text, joins)
    assert inserted_only_spaces(text, result, positions)
    for join in joins:
        before, after = context(text, join)
        assert text.endswith(before, 0, join.position) and text.startswith(after, join.position)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100), st.lists(st.integers(min_value=-5, max_value=120), max_size=10))
def test_apply_joins_keeps_every_character(text: str, positions: list[int]) -> None:
    joins = [Join(p, "", "", "", 1.0) for p in positions]
    result = apply_joins(text, joins)
    valid = sorted({p for p in positions if 0 < p < len(text)})
    assert inserted_only_spaces(text, result, valid)


def test_a_huge_hashtag_costs_neither_time_nor_memory() -> None:
    # hashtag endings are compared by their prefixes; a 40,000-character "tag" once took 850 MB
    import tracemalloc

    text = "word #" + "A1" * 20_000 + "search and more text here. "
    find_joins("The word lists are loaded by thelosses of a first call. #tag")
    tracemalloc.start()
    try:
        find_joins(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


# --- the model and its weights file ------------------------------------------------------------

WEIGHTS = Path(__file__).resolve().parents[2] / "core" / "repair" / "weights.json"


def _weights_data() -> dict:
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def test_the_weights_file_weighs_every_feature_the_detector_computes_and_no_other() -> None:
    model = Model.load(WEIGHTS)
    assert model == default_model()
    assert 0.0 < model.accept < 1.0 and model.note
    text = SEED.read_text(encoding="utf-8")
    for stages, with_word_pairs in ((model.with_word_pairs, True), (model.without_word_pairs, False)):
        cands = cut_candidates(text, with_word_pairs=with_word_pairs)
        assert cands, "the seed article has cuts to weigh"
        assert all(set(c.features) == set(stages.first) for c in cands)
        second = paired_features(text, cands, [0.5] * len(cands))
        assert all(set(f) == set(stages.second) for f in second)


def test_the_weights_file_is_as_the_fitting_code_writes_it(tmp_path: Path) -> None:
    # keys sorted, indented: what Model.save writes, so a refit shows as a readable diff
    default_model().save(tmp_path / "weights.json")
    assert (tmp_path / "weights.json").read_text(encoding="utf-8") == WEIGHTS.read_text(encoding="utf-8")


def _drop(data: dict, *path: str) -> None:
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


def _set(data: dict, value: object, *path: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _drop(d, "segmentation", "split_penalty"), ": segmentation lacks split_penalty"),
        (lambda d: _drop(d, "with_word_pairs", "second", "near_after"), ": with_word_pairs.second lacks near_after"),
        (lambda d: _drop(d, "without_word_pairs", "first"), ": without_word_pairs lacks first"),
        (lambda d: _drop(d, "accept"), " lacks accept"),
        (lambda d: _set(d, 1.0, "with_word_pairs", "first", "sparkle"), ": with_word_pairs.first has unknown sparkle"),
        (lambda d: _set(d, 0.1, "without_word_pairs", "first", "ngLR"), ": without_word_pairs.first has unknown ngLR"),
        (lambda d: _set(d, 2.0, "segmentation", "fudge"), ": segmentation has unknown fudge"),
        (lambda d: _set(d, {}, "third_stage"), " has unknown third_stage"),
        (lambda d: _set(d, "high", "segmentation", "propose"), ": segmentation.propose is not a number"),
        (lambda d: _set(d, 1.5, "accept"), ": accept is 1.5"),
    ],
)
def test_a_missing_or_unknown_field_in_a_weights_file_is_a_clear_error(
    tmp_path: Path, change: Callable[[dict], None], message: str
) -> None:
    data = _weights_data()
    change(data)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WeightsError) as raised:
        Model.load(path)
    assert str(raised.value).startswith(f"{path}{message}")  # the file, then what is wrong where


def test_a_weights_file_that_is_not_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text('{"accept": 0.6,', encoding="utf-8")
    with pytest.raises(WeightsError, match="is not JSON"):
        Model.load(path)


def _repair_eval() -> ModuleType:
    """benchmarks/repair_eval.py, whose --fit writes the weights file."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "repair_eval.py"
    spec = importlib.util.spec_from_file_location("repair_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["repair_eval"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["repair_eval"]
    return module


def test_weights_written_by_the_fitting_code_load_back_and_give_the_same_joins(tmp_path: Path) -> None:
    bench = _repair_eval()
    text = SEED.read_text(encoding="utf-8")
    drops = expected_positions(text, SEED_JOINS)
    truth = apply_joins(text, [Join(p, "", "", "", 1.0) for p in drops])
    seed = bench.Article("seed.html", text, truth, dict.fromkeys(drops, "word|word"), set())
    clean = tmp_path / "clean.txt"
    clean.write_text(truth, encoding="utf-8")  # the same article as it should read: every cut a false one
    fitted = bench.fitted_model([seed], [clean], default_model())
    assert fitted.with_word_pairs != default_model().with_word_pairs  # a fit of its own, not the file's
    fitted.save(tmp_path / "weights.json")  # as --fit --out does
    loaded = Model.load(tmp_path / "weights.json")
    assert loaded == fitted
    sample = text + "\n\nOfficials said about600 people were hurt and theWhite House wasclosed on Tuesday."
    joins = find_joins(sample, model=fitted)
    assert joins == find_joins(sample, model=loaded)
    assert [j.confidence for j in joins] == [j.confidence for j in find_joins(sample, model=loaded)]


def test_other_weights_change_what_is_found() -> None:
    text = SEED.read_text(encoding="utf-8")
    base = default_model()
    assert len(find_joins(text, model=base)) == len(SEED_JOINS)

    def unlikely(stages: Stages) -> Stages:
        return Stages(stages.first, {**stages.second, "bias": -1000.0})

    never = dataclasses.replace(
        base, with_word_pairs=unlikely(base.with_word_pairs), without_word_pairs=unlikely(base.without_word_pairs)
    )
    assert find_joins(text, model=never) == []  # every cut unlikely: none proposed
    assert find_joins(text, model=dataclasses.replace(base, accept=1.0)) == []
    # the segmentation weights are the model's too: proposing nothing leaves nothing to decide
    shy = dataclasses.replace(base, segmentation=dataclasses.replace(base.segmentation, propose=100.0))
    assert cut_candidates(text, model=shy) == [] and find_joins(text, model=shy) == []
    assert find_joins(text) == find_joins(text, model=base)  # the default is the file's model


# --- the cases issue 15 lists (pages of another extraction benchmark, not the project's corpus) ------

# Words of their own that an earlier version split: names, plurals, camel-case identifiers.
ISSUE_15_WHOLE = [
    "The terrace was covered in Bougainvilleas and jasmine, she said.",
    "Tejas Deoras, a student, said the course helped him.",
    "You can keep several Dockerfiles in one repository.",
    "Install ActivePython from the vendor's site first.",
    "The ShowMeDo videos teach Python to beginners.",
    "The program stopped with an IndexError when the list was empty.",
    "Python raises UnboundLocalError when a name is assigned later.",
    "Call the function foo1 before the loop starts.",
]


@pytest.mark.parametrize("sentence", ISSUE_15_WHOLE)
def test_names_plurals_and_identifiers_of_issue_15_stay_whole(sentence: str) -> None:
    assert find_joins(sentence) == []


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        # the cut after the acronym ("TCLUG|meeting") is proposed but not sure enough: not met
        ("We had a greatTCLUGmeeting on Thursday night.", "a great TCLUG"),
        # "Jas|and" is proposed but not sure enough ("tutors Jasand Vincent"): not met
        ("I thank my tutorsJasandVincent for their patience.", "tutors Jas"),
        ("I thank my tutorsJasandVincent for their patience.", "and Vincent for"),
        ("Take VitaminsCandE every day, the doctor said.", "Take Vitamins C and E every"),
        ("Follow her on Twitter at@janedoe for updates.", "at @janedoe for"),
        ("The protest was organised under#BlackLivesMatter on Sunday.", "under #BlackLivesMatter on"),
        ("The study was published in 2015.[1]The authors disagreed.", "2015.[1] The authors"),
        ("Home | News | Politics|Sport | Weather", "Politics | Sport"),
        ("Registered dietitianAmanda Smith says breakfast matters.", "dietitian Amanda Smith"),
    ],
)
def test_glued_forms_of_issue_15_are_separated(glued: str, expected: str) -> None:
    assert expected in repaired(glued)


@pytest.mark.parametrize(
    "sentence",
    [
        "Write to jane@example.com or press@whitehouse.gov today.",
        "email me at john@gmail if you can, said the teacher.",
        "The Wikipedia style puts a mark after the word[1] and the sentence goes on.",
        "He said it was over—and then he left. Later — much later — he came back.",
        "The score was 3|1 and the rule was a|b in the old notation.",
    ],
)
def test_what_the_issue_15_rules_must_leave_alone(sentence: str) -> None:
    assert find_joins(sentence) == []


def test_a_title_glued_to_a_name_is_still_cut_although_both_are_common_words() -> None:
    assert "President Obama's support" in repaired("He cut into PresidentObama's support across the state.")


def test_a_join_found_in_a_short_paste_is_found_inside_the_whole_page() -> None:
    paragraph = "Registered dietitianAmanda Smith says breakfast matters."
    page = SEED.read_text(encoding="utf-8") + "\n\n" + paragraph + "\n\n" + SEED.read_text(encoding="utf-8")
    assert "dietitian Amanda" in repaired(paragraph)
    assert "dietitian Amanda" in repaired(page)


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials promised an “expedited review“ of the city's water.",  # a closing mark typed as an opening one
        "He was merely “pick[ing] up delegates” in every state.",  # an editor's letters in a quotation
    ],
)
def test_odd_quote_marks_and_editors_brackets_are_left_alone(sentence: str) -> None:
    assert find_joins(sentence) == []
