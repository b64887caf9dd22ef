"""Write the bundled sample's answer key (resources/samples/*.key.json) from the claims below.

The key is authored here, by the span's words, so that a reviewer can read every key claim and
its explanation in one place; run this again after changing them:

    .venv/bin/python scripts/make_sample_key.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from claimmark.core.claims import ClaimSpan, Tag  # noqa: E402
from claimmark.core.classroom.exchange import ArticleData, KeyFile, write_key  # noqa: E402
from claimmark.core.classroom.sample import load_sample  # noqa: E402
from claimmark.core.tokens import snap_span  # noqa: E402

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED

KEY = [
    (
        "Kim Jong Un hailed his country's fallen soldiers in Russia's war against Ukraine as \"heroes\" at an "
        "emotional award ceremony",
        C,
        "state media (KCNA)",
        "A public ceremony, reported by state media with photos released: that it took place and what Kim said "
        "there is on the record. Only the event is confirmed, not the claims Kim made in it.",
    ),
    (
        "Kim laid a flower on a memorial wall and paid a silent tribute at the ceremony",
        C,
        "KCNA",
        "What Kim did in public at a staged ceremony, shown in released photos. Independent footage would add to "
        "it, but nothing here is an estimate or one source's private knowledge.",
    ),
    (
        "Kim received a letter from Russian President Vladimir Putin that also described the North Korean troops as "
        '"heroic."',
        C,
        "North Korean state media",
        "The letter was published, so its existence and wording are on the record. Would become doubtful only if "
        "Moscow disowned the text.",
    ),
    (
        "Pyongyang and Moscow have forged increasingly close ties after the Kremlin found itself diplomatically "
        "isolated following its February 2022 invasion of Ukraine",
        C,
        "the reporter",
        "Background the outlet states in its own voice; the invasion date and the isolation are widely documented.",
    ),
    (
        "Kim and Putin signed a mutual defense pact last year",
        C,
        "the reporter",
        "A signed, published treaty: the clearest kind of confirmed claim.",
    ),
    (
        "North Korea may have sent Russia troops in exchange for advanced military technology",
        U,
        "experts",
        "Unnamed experts and a hedge ('may have'): an assessment, not an established fact. Documents or an "
        "official acknowledgement of the technology transfer would change it.",
    ),
    (
        "Neither Russia nor North Korea confirmed the deployments until months after Pyongyang sent its first "
        "soldiers last fall",
        C,
        "the reporter",
        "Both governments' silence and later admission are public record.",
    ),
    (
        "it could be as high as 15,000",
        E,
        "South Korean, U.S. and Ukrainian officials",
        "'Could be as high as' marks an upper estimate, not a count; the governments involved have not given "
        "the exact number.",
    ),
    (
        "about 600 are believed to have been killed",
        E,
        "South Korea's spy agency",
        "'About' and 'believed' mark an approximate figure from one intelligence agency. A count published by "
        "Pyongyang or Moscow would make it confirmed (or show it wrong).",
    ),
    (
        "thousands more injured",
        E,
        "South Korea's spy agency",
        "An extent ('thousands'), not a number.",
    ),
    (
        "they are strongly loyal to Kim and are trained to take their own lives rather than surrender",
        U,
        "former North Korean soldiers who defected",
        "Told to NBC News by defectors: first-hand but interested witnesses, not checked independently.",
    ),
    (
        "there was at least one incident in which a North Korean soldier seeking to avoid capture by Ukrainian "
        "forces was killed while trying to detonate a grenade and shouting Kim's name",
        U,
        "South Korean intelligence",
        "One intelligence agency's account of an incident nobody else has reported. Ukrainian footage or a second "
        "source would change it.",
    ),
    (
        "North Korea could deploy additional troops to Russia in July or August",
        U,
        "South Korean lawmakers",
        "A forecast relayed second-hand from a closed intelligence briefing; 'could' makes it a possibility.",
    ),
]


def main() -> None:
    sample = load_sample()
    text = sample.text
    claims = []
    for words, tag, source, note in KEY:
        start = text.index(words)
        if text.count(words) != 1:
            raise SystemExit(f"key claim words occur more than once: {words!r}")
        span = snap_span(text, start, start + len(words))
        assert span is not None
        claims.append(ClaimSpan(span[0], span[1], tag, note, source))
    key = KeyFile(
        exercise_uid=sample.meta["uid"],
        article=ArticleData(text=text, title=sample.meta["article_title"], outlet=sample.meta.get("outlet", "")),
        claims=tuple(sorted(claims, key=lambda c: c.start)),
        title=sample.meta["title"],
    )
    out = ROOT / "resources" / "samples" / sample.meta["key_file"]
    write_key(out, key)
    print(f"wrote {out} with {len(claims)} key claims")


if __name__ == "__main__":
    main()
