"""Write the practice set's exercise and key files (resources/practice/NN_name.json, .key.json).

The texts (resources/practice/NN_name.txt) are written for ClaimMark: realistic news reports about
invented places, people and organisations.  Each exercise's key is authored here by the claim's
words, so a reviewer reads every key claim, its tag, source, kind and explanation in one place;
run this again after changing a text or a key:

    .venv/bin/python scripts/make_practice_set.py

Each key claim is (words, tag, source, kind, source kind, explanation).  The kinds are those of
``claimmark.core.classroom.practice.KINDS`` (what the claim drills: a public record, a forecast,
anonymous sourcing ...) and ``SOURCE_KINDS`` (who makes it); both are written into the key file
as optional fields of each claim.  ``tests/core/test_practice_set.py`` checks every file.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "practice"

from claimmark.core.claims import ClaimSpan, Tag  # noqa: E402
from claimmark.core.classroom.exchange import ArticleData, KeyFile, dump_key  # noqa: E402
from claimmark.core.classroom.practice import KINDS, SOURCE_KINDS  # noqa: E402
from claimmark.core.tokens import snap_span  # noqa: E402

C, E, U = Tag.CONFIRMED, Tag.ESTIMATED, Tag.UNVERIFIED
NAMESPACE = uuid.UUID("5b0c8a6e-1f3d-5e2a-9c47-8d2e1f6a3b90")  # each exercise's uid: uuid5 of its name

INVENTED = (
    "Written for ClaimMark's practice set: the report, and every place, person, organisation and outlet "
    "in it, are invented; any likeness to real ones is chance."
)
INSTRUCTIONS = (
    "Practice (an invented report, written for ClaimMark). Read the report and mark every claim it makes "
    "about what happened, how many, and who says so. Tag each claim: 1 = confirmed, 2 = estimated, "
    "3 = unverified. Record who makes it (its source) and a short note on why you chose the tag; "
    "Help > Tagging guide (F1) explains the tags."
)

EXERCISES: list[dict] = [
    {
        "name": "01_bridge",
        "title": "A bridge reopens",
        "article_title": "Tolland Bridge reopens after eight months of repairs",
        "outlet": "Harrowmere Courier",
        "difficulty": 1,
        "people": ["Edda Fenlowe", "Piet Varrick"],
        "places": ["Harrowmere", "Tolland Bridge"],
        "organisations": ["Harrowmere town council", "Harrowmere Courier"],
        "key": [
            (
                "Harrowmere's Tolland Bridge reopened to traffic on Monday after eight months of repairs",
                C,
                "the town council",
                "public_record",
                "official",
                "A public event that the council announced and anyone can see: cars are crossing the bridge. "
                "Only a report that it had stayed shut would change this.",
            ),
            (
                "Mayor Edda Fenlowe cut a ribbon at the eastern end of the bridge shortly after nine in the morning",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter describes a ceremony held in the open, in front of residents. Nothing here is a "
                "guess or one person's private knowledge.",
            ),
            (
                "watched by several dozen residents",
                E,
                "the reporter",
                "approximation",
                "reporter",
                "'Several dozen' is an extent, not a count: the reporter rounds what they saw. It does not matter "
                "much here, but it is not a number you could check.",
            ),
            (
                "The repairs cost 4.2 million crowns",
                C,
                "the council's published accounts",
                "published_figure",
                "document",
                "An exact figure from accounts the council has published: on the record, not an estimate. An "
                "audit that found other costs would change it.",
            ),
            (
                "about 12,000 vehicles a day are expected to use the bridge once the school term begins",
                E,
                "the council's transport office",
                "projection",
                "official",
                "'About' and 'are expected to' mark a forecast: nobody has counted these cars yet. Traffic "
                "counts after the term starts would confirm or correct it.",
            ),
            (
                "his takings had fallen by half while it was closed",
                U,
                "Piet Varrick",
                "single_source",
                "party",
                "Only the baker says so, about his own shop, and he may hope for compensation. His accounts, or "
                "figures from other shops on the route, would be needed to confirm it.",
            ),
            (
                "The council has not said whether it will compensate businesses on the route",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter states what the council has and has not said, which is on the record. A council "
                "statement about compensation would bring it up to date.",
            ),
        ],
    },
    {
        "name": "02_storm",
        "title": "A storm in the valley",
        "article_title": "Storm leaves thousands without power in the Kessel valley",
        "outlet": "Valley Evening News",
        "difficulty": 1,
        "people": ["Ines Marlowe", "Tomas Greeve"],
        "places": ["Kessel valley", "Brannock Hill", "Oddwick"],
        "organisations": ["Kessel Power", "the national weather service", "Valley Evening News"],
        "key": [
            (
                "A storm that swept through the Kessel valley overnight brought down power lines and trees",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "Fallen lines and trees are there for anyone to see, and the company and residents agree about "
                "them. The reporter states it in the outlet's own voice.",
            ),
            (
                "leaving thousands of homes without electricity on Tuesday morning",
                E,
                "the reporter",
                "approximation",
                "reporter",
                "'Thousands' gives an extent, not a count. The company's figure further down is more precise, "
                "and is itself rounded.",
            ),
            (
                "The national weather service recorded a gust of 141 kilometres an hour at its Brannock Hill "
                "station at 2.40 a.m., the strongest it has measured there since its records began in 1971",
                C,
                "the national weather service",
                "published_figure",
                "official",
                "A measurement by an official instrument, with its time and place, compared with the service's "
                "own records: an exact figure on the record. Only a correction from the service would change it.",
            ),
            (
                "roughly 8,000 homes were still cut off at noon",
                E,
                "Kessel Power",
                "approximation",
                "party",
                "That homes were cut off is not in doubt; 'roughly' says the number is rounded. The company runs "
                "the network, so it is in a position to estimate; its final count would make it exact.",
            ),
            (
                "The company expects to reconnect most of them by Thursday evening",
                E,
                "Ines Marlowe, Kessel Power",
                "projection",
                "party",
                "A forecast ('expects') from the company doing the work. Whether it happens will be known on "
                "Thursday evening.",
            ),
            (
                "the river had risen by more than a metre in an hour",
                U,
                "Tomas Greeve",
                "single_source",
                "witness",
                "One resident's impression, at night: first-hand, but not measured. River gauge readings from "
                "the flood office would confirm or correct it.",
            ),
            (
                "The valley's flood office has not yet published its river levels for the night",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter says what has (not) been published, which anyone can check. It also tells you "
                "where the evidence for the resident's account will come from.",
            ),
        ],
    },
    {
        "name": "03_cup_final",
        "title": "A cup final",
        "article_title": "Dunmarrow Rovers win the Orchard Cup on penalties",
        "outlet": "Dunmarrow Sports Weekly",
        "difficulty": 1,
        "people": ["Sana Ottavey", "Rufus Dellan"],
        "places": ["Dunmarrow", "Calvane", "Linden Park"],
        "organisations": ["Dunmarrow Rovers", "Calvane Athletic", "Orchard Cup", "Dunmarrow Sports Weekly"],
        "key": [
            (
                "Dunmarrow Rovers won the Orchard Cup on Saturday, beating Calvane Athletic 4-3 on penalties after "
                "a goalless draw at Linden Park",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "A match result, played in front of thousands and recorded by the organisers: the plainest kind "
                "of confirmed claim.",
            ),
            (
                "about 6,500 supporters had travelled to the ground",
                E,
                "the league",
                "approximation",
                "official",
                "'About' marks a rounded figure. The league runs the competition and has no reason to bend the "
                "number; the ticket count would make it exact.",
            ),
            (
                "which holds 7,000",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The ground's capacity is a published fact about the venue, not an estimate. Set beside the "
                "league's rounded figure, it shows the crowd count is at least possible.",
            ),
            (
                "Goalkeeper Sana Ottavey saved two penalties and was named player of the match by the "
                "tournament's organisers",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "Both happened in public: the saves in front of the crowd, the award announced by the organisers.",
            ),
            (
                "the referee had ignored a clear foul on his captain in the first half",
                U,
                "Rufus Dellan",
                "single_source",
                "party",
                "The losing coach's view of a decision that went against his team: one interested side. Match "
                "footage or a league review would settle it.",
            ),
            (
                "The league has not announced any review of the referee's decisions",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What the league has (not) announced is on the record; a review, if one comes, would change it.",
            ),
        ],
    },
    {
        "name": "04_breakfast_study",
        "title": "A study of school breakfasts",
        "article_title": "Study links school breakfast scheme to better attendance",
        "outlet": "Northern Ledger",
        "difficulty": 2,
        "people": ["Hana Vettori", "Conrad Pellow"],
        "places": ["Aldmoor"],
        "organisations": [
            "Aldmoor University",
            "Aldmoor Journal of Education",
            "the regional education board",
            "Northern Ledger",
        ],
        "key": [
            (
                "Pupils who ate breakfast at school attended more lessons than those who did not",
                C,
                "the study (Aldmoor Journal of Education)",
                "public_record",
                "document",
                "The measured result of a published study, which anyone can read and check. One study shows a "
                "link, not that breakfast caused it; studies elsewhere would strengthen it.",
            ),
            (
                "attendance rose from 91.2 per cent to 93.5 per cent in the schools that offered the free meals",
                C,
                "the study",
                "published_figure",
                "document",
                "Exact figures measured and published by the researchers: on the record. A correction by the "
                "journal would change them.",
            ),
            (
                "the scheme adds roughly four school days a year for each child",
                E,
                "the researchers",
                "approximation",
                "expert",
                "'Estimate' and 'roughly': a figure worked out from the data, not counted child by child.",
            ),
            (
                "the meals had also improved pupils' behaviour",
                U,
                "Conrad Pellow",
                "single_source",
                "party",
                "Said by the chair of the board that pays for the scheme, and the study did not measure it: one "
                "interested voice. A study that measured behaviour would be needed.",
            ),
            (
                "the study did not measure behaviour",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter states what the published study covers, which anyone can check by reading it.",
            ),
            (
                "About 30 more schools could join the scheme next year if the board's budget is approved",
                E,
                "officials",
                "projection",
                "official",
                "'About' and 'could' mark a forecast that depends on a budget not yet approved. The budget vote "
                "and the list of schools would settle it.",
            ),
        ],
    },
    {
        "name": "05_minister",
        "title": "A minister said to be leaving",
        "article_title": "Transport minister expected to step down, officials say",
        "outlet": "Capital Dispatch",
        "difficulty": 2,
        "people": ["Aurel Madrigo", "Beata Holmqvar"],
        "places": ["Lestria"],
        "organisations": ["the national audit office", "Capital Dispatch"],
        "key": [
            (
                "Lestria's transport minister, Aurel Madrigo, is expected to resign this week over delays to the "
                "northern rail line",
                U,
                "two government officials (anonymous)",
                "anonymous",
                "anonymous",
                "'Is expected to' is not a forecast from figures here: it rests on two officials who will not be "
                "named. Until the minister or the government says so, it is unverified.",
            ),
            (
                "Mr Madrigo had already told the prime minister of his decision at a meeting on Sunday",
                U,
                "one of the officials (anonymous)",
                "anonymous",
                "anonymous",
                "One unnamed person's account of a private meeting. The minister's or the prime minister's "
                "office confirming it would change the tag.",
            ),
            (
                "The minister's office declined to comment",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What the office said (nothing) is on the record. Note that declining to comment confirms "
                "nothing about the resignation either way.",
            ),
            (
                "The northern line was due to open in March",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "A published timetable for a public project, stated in the outlet's own voice.",
            ),
            (
                "the project was 14 months behind schedule and 310 million crowns over budget",
                C,
                "the national audit office",
                "published_figure",
                "document",
                "Figures from a published audit report: on the record. The government could dispute them, but "
                "the report itself can be read by anyone.",
            ),
            (
                'the government had "hidden the true cost for years"',
                U,
                "Beata Holmqvar",
                "single_source",
                "party",
                "An accusation by the leader of the opposition, a political rival: one interested side. "
                "Documents showing who knew the cost, and when, would be needed.",
            ),
        ],
    },
    {
        "name": "06_harvest",
        "title": "A record harvest, says state media",
        "article_title": "Korvath reports record grain harvest as aid groups warn of shortages",
        "outlet": "Meridian Wire",
        "difficulty": 2,
        "people": ["Idris Vahlen", "Leni Sorbach"],
        "places": ["Korvath", "Tarrin"],
        "organisations": ["Korvath Today", "Tarrin Food Observatory", "Eastern Grain Council", "Meridian Wire"],
        "key": [
            (
                "Korvath's grain harvest reached a record 9.6 million tonnes this year",
                U,
                "Korvath Today (state news agency)",
                "state_media",
                "state_media",
                "A precise-looking figure, but only state media gives it, the ministry has published nothing "
                "since 2022 and no independent reporter can check. An exact number does not make a claim "
                "confirmed.",
            ),
            (
                "crediting new irrigation canals ordered by President Idris Vahlen",
                U,
                "Korvath Today (state news agency)",
                "state_media",
                "state_media",
                "A cause offered by state media, in praise of the president: even if the harvest were large, "
                "nothing here shows the canals made it so. Independent studies of the irrigated fields would.",
            ),
            (
                "farmers in the eastern provinces had doubled their yields since 2021",
                U,
                "Korvath Today (state news agency)",
                "state_media",
                "state_media",
                "State media again, about provinces that independent journalists may not visit. Published "
                "ministry figures or independent surveys would be needed.",
            ),
            (
                "Korvath does not allow independent journalists to travel to the eastern provinces",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The outlet states a restriction it and others run into: on the record, and the reason the "
                "state media's claims cannot be checked.",
            ),
            (
                "its agriculture ministry has not published harvest figures since 2022",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What has (not) been published can be checked by anyone. New official figures would change it.",
            ),
            (
                "The Tarrin Food Observatory, an independent research group that studies satellite images of "
                "farmland, estimates this year's harvest at between 6 and 7 million tonnes",
                E,
                "Tarrin Food Observatory",
                "approximation",
                "expert",
                "An independent group's estimate, given as a range, from satellite images: an approximation by "
                "a source with no stake in the number. Ground surveys would narrow it.",
            ),
            (
                "food prices in the border markets had risen sharply",
                U,
                "aid groups working near the border (not named)",
                "anonymous",
                "anonymous",
                "The groups are not named and give no figures. Price records from the markets would confirm it.",
            ),
            (
                "The Eastern Grain Council expects Korvath to import about 1.5 million tonnes of grain next year",
                E,
                "Eastern Grain Council",
                "projection",
                "expert",
                "'Expects' and 'about' mark a forecast from a trade body that follows grain markets. Next year's "
                "import records will show how close it was.",
            ),
        ],
    },
    {
        "name": "07_warehouse_fire",
        "title": "A fire at the docks",
        "article_title": "Fire destroys warehouse in Port Essin docks",
        "outlet": "Essin Harbour Gazette",
        "difficulty": 2,
        "people": ["Viktor Amsell", "Oren", "Gideon Farrant"],
        "places": ["Port Essin"],
        "organisations": ["the city fire service", "Essin Harbour Gazette"],
        "key": [
            (
                "A fire destroyed a timber warehouse in the Port Essin docks late on Friday",
                C,
                "the city fire service",
                "public_record",
                "official",
                "A fire the fire service fought and anyone nearby could see: on the record.",
            ),
            (
                "Nobody was hurt",
                C,
                "the city fire service",
                "public_record",
                "official",
                "The fire service was there and would know of anyone hurt; nobody contradicts it. A report of "
                "an injury would change it.",
            ),
            (
                "About 60 firefighters fought the blaze for more than five hours",
                E,
                "Viktor Amsell, the fire service",
                "approximation",
                "official",
                "'About' and 'more than' round the figures, from the service that sent the crews. Its incident "
                "log would make them exact.",
            ),
            (
                "The cause of the fire is not yet known",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What is not known yet is stated plainly: that is on the record. The investigators' findings "
                "will change it.",
            ),
            (
                'he had heard "two loud bangs" before the flames appeared',
                U,
                "Oren, a night watchman",
                "single_source",
                "witness",
                "One witness, known only by his first name, describing what he heard at night. Other witnesses "
                "or the investigators' findings would be needed.",
            ),
            (
                "the building had passed a fire inspection in April",
                C,
                "Gideon Farrant; the city's inspection records",
                "public_record",
                "party",
                "On the owner's word alone this would be unverified: he has a stake. But the city's public "
                "records, in the next paragraph, show the same inspection, so the claim is confirmed.",
            ),
            (
                "The city's inspection records, which are public, show that the warehouse passed its last fire "
                "inspection on April 11",
                C,
                "the city's inspection records",
                "public_record",
                "document",
                "Public records that anyone can look up: the kind of evidence that confirms an interested "
                "party's claim.",
            ),
        ],
    },
    {
        "name": "08_unemployment",
        "title": "An official statistic and a forecast",
        "article_title": "Unemployment in Norvale falls to 5.8 per cent",
        "outlet": "Norvale Business Review",
        "difficulty": 3,
        "people": ["Oskar Tevland"],
        "places": ["Norvale"],
        "organisations": ["the National Statistics Office", "Halvard Bank", "Norvale Business Review"],
        "key": [
            (
                "Unemployment in Norvale fell to 5.8 per cent in the three months to September, down from 6.3 per "
                "cent a year earlier",
                C,
                "the National Statistics Office",
                "published_figure",
                "official",
                "An official statistic, published by the office that measures it: on the record. It comes from "
                "a survey and can be revised (as the next paragraph shows), but it is a measurement, not an "
                "'about'.",
            ),
            (
                "142,000 people were looking for work, the lowest number since 2015",
                C,
                "the National Statistics Office",
                "published_figure",
                "official",
                "A published official count, compared with the office's own earlier counts: confirmed.",
            ),
            (
                "It revised its figure for the previous quarter up slightly, to 6.0 per cent",
                C,
                "the National Statistics Office",
                "correction",
                "official",
                "A correction made in public by the office itself: the revised figure is the one on the record, "
                "and the revision shows how an official figure can change.",
            ),
            (
                "The central bank expects unemployment to fall to about 5.5 per cent by the end of next year",
                E,
                "the central bank",
                "projection",
                "official",
                "A published forecast ('expects', 'about'), set right beside the measured figure: the two look "
                "alike but only one has happened. Next year's statistics will show how close it was.",
            ),
            (
                'the government\'s training programme had "created 40,000 jobs in a single year"',
                U,
                "Oskar Tevland",
                "single_source",
                "party",
                "A minister praising his own government's programme, with a figure the statistics office does "
                "not measure: one interested side. An independent evaluation would be needed.",
            ),
            (
                "the programme had probably added no more than 10,000 jobs",
                E,
                "Halvard Bank economists",
                "approximation",
                "expert",
                "'Probably' and 'no more than' mark an economists' estimate of a number, from a source with no "
                "stake in the programme. An evaluation of the programme would replace it.",
            ),
            (
                "most of the fall was due to older workers retiring",
                U,
                "Halvard Bank economists",
                "single_source",
                "expert",
                "An explanation offered by one group of economists, not shown by the figures in the report. "
                "Data on retirements would support or undercut it.",
            ),
            (
                "The statistics office does not measure how many jobs any single programme creates",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What the office measures is public. It is also why neither jobs figure above can be checked "
                "against the official statistics.",
            ),
        ],
    },
    {
        "name": "09_hospital_merger",
        "title": "Talks nobody will confirm",
        "article_title": "Calvane hospitals in merger talks, say people familiar with the plans",
        "outlet": "Calvane Evening Post",
        "difficulty": 3,
        "people": ["Mariam Costell"],
        "places": ["Calvane", "St Alwen's"],
        "organisations": [
            "St Alwen's Hospital",
            "Calvane General Infirmary",
            "Calvane General",
            "Care Workers United",
            "the regional health authority",
            "Calvane Evening Post",
        ],
        "key": [
            (
                "The two hospitals in Calvane are in talks to merge",
                U,
                "three people familiar with the discussions (anonymous)",
                "anonymous",
                "anonymous",
                "Three unnamed sources: more than one, but none on the record, and neither hospital confirms "
                "it. A statement from either board would make it confirmed.",
            ),
            (
                "St Alwen's Hospital and the Calvane General Infirmary together employ about 3,400 people",
                E,
                "the reporter",
                "approximation",
                "reporter",
                "Background in the outlet's own voice, rounded with 'about'. The hospitals' annual reports would "
                "give the exact number.",
            ),
            (
                "a merged hospital could cut as many as 200 administrative jobs within two years",
                U,
                "one of the people (anonymous)",
                "estimate_in_claim",
                "anonymous",
                "There is an estimate here ('as many as', 'could'), but it sits inside one unnamed person's "
                "account of talks nobody has confirmed: the anonymity is the weakest point, so unverified, not "
                "estimated.",
            ),
            (
                "the chief executive of St Alwen's, Mariam Costell, wrote that the board was \"exploring closer "
                'cooperation" with its neighbour',
                C,
                "Mariam Costell's email to staff",
                "public_record",
                "document",
                "A named chief executive's own words, in an email to all staff that the paper has seen and "
                "quotes: what she wrote is on the record. What 'closer cooperation' means is not; it does not "
                "confirm a merger.",
            ),
            (
                "Calvane General declined to comment",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "A refusal to comment is on the record, and confirms nothing about the talks.",
            ),
            (
                "patients in Calvane waited an average of 11 weeks for planned operations, the longest in the region",
                C,
                "the regional health authority",
                "published_figure",
                "official",
                "An average worked out and published by the health authority: a published figure, not an "
                "estimate. A revision by the authority would change it.",
            ),
            (
                "staff had not been consulted",
                U,
                "Care Workers United",
                "single_source",
                "party",
                "A union's complaint: one interested side, about talks that are themselves unconfirmed. The "
                "hospitals' account of who was consulted would be needed.",
            ),
        ],
    },
    {
        "name": "10_dam_opening",
        "title": "A dam on state television",
        "article_title": "Vessarian state TV hails new dam as analysts question its output",
        "outlet": "Meridian Wire",
        "difficulty": 3,
        "people": ["Anselm Kray"],
        "places": ["Vessaria", "Grey River", "Dalmor"],
        "organisations": [
            "Vessarian State Television",
            "Kray Engineering Group",
            "Lindqvar Institute",
            "Meridian Wire",
        ],
        "key": [
            (
                "President Anselm Kray opened the Grey River dam in northern Vessaria on Saturday, in a ceremony "
                "broadcast live on state television",
                C,
                "state television",
                "public_record",
                "state_media",
                "State media can show a public event: a live broadcast of the opening puts it on the record, even "
                "though state television is no independent source for what it says about the dam.",
            ),
            (
                'the dam would produce 2,400 megawatts, "enough to end power cuts across the country for good"',
                U,
                "Vessarian State Television",
                "state_media",
                "state_media",
                "A forecast, but from state media praising the president's own project, with no published "
                "figures behind it and an independent estimate a third lower: the source is the weakest point, "
                "so unverified rather than estimated.",
            ),
            (
                "18,000 workers had built the dam in under four years",
                U,
                "Vessarian State Television",
                "state_media",
                "state_media",
                "An exact-looking number from state media, which the builder has not published: nobody "
                "independent can check it.",
            ),
            (
                "none had been injured",
                U,
                "Vessarian State Television",
                "state_media",
                "state_media",
                "A claim about a building site nobody independent has seen, from a broadcaster with every reason "
                "to praise it. Workers' or hospital records would be needed.",
            ),
            (
                "The dam's builder, the state-owned Kray Engineering Group, has published no figures on its "
                "output or its workforce",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "What has (not) been published can be checked: on the record, and the reason the broadcaster's "
                "figures stand alone.",
            ),
            (
                "the dam would produce about 1,600 megawatts in a year of normal rainfall",
                E,
                "Lindqvar Institute",
                "projection",
                "expert",
                "'Estimated' and 'about': a forecast by analysts outside Vessaria, with a stated condition (normal "
                "rainfall). A year of measured output would show how close it was.",
            ),
            (
                "they had been moved without compensation",
                U,
                "residents of the flooded villages",
                "competing",
                "witness",
                "The residents' account, contradicted by the government's: two accounts of one resettlement, "
                "neither checked. Payment records or an independent survey would settle it.",
            ),
            (
                'everyone who moved was "fairly resettled"',
                U,
                "the government",
                "competing",
                "official",
                "The government's side of the same dispute: one interested account, not a record. It is no "
                "stronger for coming from the state.",
            ),
        ],
    },
    {
        "name": "11_lake_fish",
        "title": "Dead fish in the lake",
        "article_title": "Thousands of dead fish found in Lake Orrin as tests point to low oxygen",
        "outlet": "Orrin Valley Herald",
        "difficulty": 3,
        "people": ["Nils Arkwell"],
        "places": ["Lake Orrin", "Orrin"],
        "organisations": [
            "the regional environment agency",
            "Orrin Anglers' Association",
            "Ostby Fibre",
            "Ostby paper mill",
            "Orrin Valley Herald",
        ],
        "key": [
            (
                "Thousands of dead fish have washed up along the northern shore of Lake Orrin since Saturday",
                E,
                "residents and the regional environment agency",
                "approximation",
                "official",
                "That fish died is not in doubt: residents and the agency both report it. 'Thousands' is an "
                "extent, not a count, so the claim as written is estimated.",
            ),
            (
                "Laboratory tests published by the agency on Tuesday found oxygen levels of 2.1 milligrams per "
                "litre in water samples from the northern bay, less than half the level most fish need",
                C,
                "the regional environment agency",
                "published_figure",
                "document",
                "Measured values from published laboratory tests: on the record. Further samples could show a "
                "different picture elsewhere in the lake.",
            ),
            (
                'the low oxygen was "most likely" caused by the recent heatwave',
                U,
                "the regional environment agency",
                "single_source",
                "official",
                "The agency hedges ('most likely') and has not ruled out other causes: a working explanation, "
                "not an established finding. The chemical tests due in two weeks could confirm or overturn it.",
            ),
            (
                "it had not ruled out other causes",
                C,
                "the regional environment agency",
                "public_record",
                "official",
                "What the agency itself says about the limits of its finding is on the record, and it is the "
                "reason its explanation above is unverified for now.",
            ),
            (
                "which discharges treated water into the lake",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "Background nobody disputes, stated in the outlet's own voice; the mill's owner does not deny "
                "discharging, only that it caused harm.",
            ),
            (
                "This happens every time the mill runs at full capacity",
                U,
                "Nils Arkwell, Orrin Anglers' Association",
                "competing",
                "party",
                "The anglers' side of a dispute with the mill, with no evidence given. The agency's chemical "
                "tests, or records of when the mill ran at full capacity, would be needed.",
            ),
            (
                "its discharges had met every legal limit this year",
                U,
                "Ostby Fibre",
                "competing",
                "party",
                "The mill's own side, resting on data it publishes about itself: checkable in principle, but "
                "not checked here. The agency's tests would confirm or contradict it.",
            ),
            (
                "The agency expects the results of further tests, including for chemicals, within two weeks",
                E,
                "the regional environment agency",
                "projection",
                "official",
                "A forecast of when the results will come ('expects', 'within two weeks'), not a result.",
            ),
        ],
    },
    {
        "name": "12_square_clash",
        "title": "Competing accounts of a clash",
        "article_title": "Police and marchers give conflicting accounts of clash in Velstad square",
        "outlet": "Velstad Daily",
        "difficulty": 4,
        "people": ["Lotte Ingersen"],
        "places": ["Velstad", "Harbour Square"],
        "organisations": [
            "the city police",
            "Port Workers' Alliance",
            "Velstad University",
            "Velstad General Hospital",
            "Velstad Daily",
        ],
        "key": [
            (
                "a march against a new port tax ended in scuffles on Saturday evening",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "Both sides, the hospital and a video agree that the march ended in a clash; what is disputed is "
                "how it started and how big it was.",
            ),
            (
                "officers had moved in only after protesters threw bottles and stones at them",
                U,
                "the city police",
                "competing",
                "official",
                "The police's account, contradicted by the organisers': each side of a clash describes it in its "
                "own favour. The video does not show the minutes before; the panel's findings would settle it.",
            ),
            (
                "Police estimated the crowd at about 2,000 people",
                U,
                "the city police",
                "estimate_in_claim",
                "official",
                "An approximate count, but from one side of the clash and far from the organisers' figure: when "
                "two interested sides disagree this much, neither number stands on its own word. The "
                "university's count is the estimate to rely on.",
            ),
            (
                "14 officers were injured",
                U,
                "the city police",
                "single_source",
                "official",
                "The police know about their own officers, but they are a side in the dispute and the hospital "
                "has not said how many of those it treated were officers: unverified until it does.",
            ),
            (
                "as many as 15,000 people had taken part",
                U,
                "Port Workers' Alliance",
                "estimate_in_claim",
                "party",
                "An upper estimate inside the organisers' own claim about their own march: their stake in a big "
                "number is the weakest point, so unverified, not estimated.",
            ),
            (
                "police had charged a peaceful crowd without warning",
                U,
                "Port Workers' Alliance",
                "competing",
                "party",
                "The organisers' side of the same event: as interested as the police's, and contradicted by it.",
            ),
            (
                "dozens of marchers were hurt",
                U,
                "Port Workers' Alliance",
                "estimate_in_claim",
                "party",
                "An extent ('dozens') inside one side's claim, with nobody named: unverified. Hospital figures "
                "that separate marchers from officers would test it.",
            ),
            (
                "it has not named any of them",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter states what the alliance has (not) done: on the record, and a reason to doubt its "
                "figure.",
            ),
            (
                "Researchers at Velstad University, who counted the people in aerial photographs of the square, "
                "put the crowd at about 4,500",
                E,
                "Velstad University researchers",
                "approximation",
                "expert",
                "An independent count from photographs, rounded with 'about': an estimate by a source with no "
                "stake in the number, and the one to set against both sides' figures.",
            ),
            (
                "it had treated 23 people for injuries on Saturday night",
                C,
                "Velstad General Hospital",
                "published_figure",
                "official",
                "An exact count from a hospital, which is neither side: on the record. It does not say who was "
                "hurt, so it confirms neither side's injury figure.",
            ),
            (
                "A video posted online by a resident, filmed from a balcony above the square, shows officers "
                "pushing into the crowd",
                C,
                "a resident's video",
                "public_record",
                "witness",
                "A video anyone can watch confirms what it shows. It does not settle who started it.",
            ),
            (
                "it does not show what happened in the minutes before",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The limit of the evidence, stated by the reporter: the video confirms the push, not its cause.",
            ),
            (
                "The city's mayor, Lotte Ingersen, has asked an independent panel to investigate",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "A public step by the mayor, on the record. The panel's findings could settle what the two "
                "sides dispute.",
            ),
        ],
    },
    {
        "name": "13_reservoir_correction",
        "title": "A dam report, and a correction",
        "article_title": "Fellbrook dam needs urgent repairs, engineers' report says",
        "outlet": "Northern Ledger",
        "difficulty": 4,
        "people": ["Rowan Tesk"],
        "places": ["Fellbrook", "Aldmoor"],
        "organisations": ["the regional water authority", "Northern Ledger"],
        "key": [
            (
                "The Fellbrook dam, which holds back the reservoir that supplies most of Aldmoor's drinking "
                "water, needs urgent repairs to its spillway",
                C,
                "the engineers' report",
                "public_record",
                "document",
                "The finding of a published engineers' report, made public by the authority responsible for the "
                "dam: on the record. A second inspection could change what is needed, but anyone can read this "
                "one.",
            ),
            (
                "The report found cracks up to 4 centimetres wide in the concrete of the spillway",
                C,
                "the engineers' report",
                "published_figure",
                "document",
                "'Up to' here gives the widest crack the engineers measured, not a guess: a measured figure in a "
                "published report. Words such as 'up to' make an estimate only when the number itself is "
                "uncertain.",
            ),
            (
                "the repairs would take about three years and cost between 40 and 55 million crowns",
                E,
                "the regional water authority",
                "projection",
                "official",
                "A forecast of time and cost ('estimated', 'about', a range) for work not yet begun. The "
                "contract and the final accounts will show how close it was.",
            ),
            (
                "The dam was completed in 1968 and last strengthened in 1994",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "Dates stated in the outlet's own voice; the correction below says where the completion year "
                "comes from (the water authority's records), which is what makes it confirmed.",
            ),
            (
                "the cracks had first been reported to managers in 2016",
                U,
                "a former engineer (anonymous)",
                "anonymous",
                "anonymous",
                "One unnamed former employee's account, denied by the chief executive. The 2016 report itself, "
                "or a second named source, would change the tag.",
            ),
            (
                'he had "no record of any such report"',
                U,
                "Rowan Tesk",
                "competing",
                "official",
                "The chief executive's side of the dispute: he has a stake in the answer, and 'no record' is not "
                "proof there was none. An independent search of the authority's files would settle it.",
            ),
            (
                "Water restrictions are unlikely this summer",
                E,
                "the regional water authority",
                "projection",
                "official",
                "A forecast ('unlikely') from the body that runs the reservoir, with its reason given. The summer "
                "itself will tell.",
            ),
            (
                "the reservoir is now 71 per cent full",
                C,
                "the regional water authority",
                "published_figure",
                "official",
                "A measured level from the body that measures it: confirmed.",
            ),
            (
                "It was completed in 1968, according to the water authority's records",
                C,
                "the reporter (a correction)",
                "correction",
                "reporter",
                "The correction itself: the outlet states the right year and where it comes from. The wrong year "
                "it replaces is no longer a claim the article makes, so it is not tagged.",
            ),
        ],
    },
    {
        "name": "14_highland_outpost",
        "title": "Claims from a war",
        "article_title": "Rebels claim capture of Marrovan outpost as thousands flee the Corran highlands",
        "outlet": "Meridian Wire",
        "difficulty": 4,
        "people": ["Dario Venn"],
        "places": ["Marrova", "Sellick", "Corran"],
        "organisations": ["Free Corran Front", "Regional Relief Office", "Harlow Orbital", "Meridian Wire"],
        "key": [
            (
                "they had captured a Marrovan army outpost near the town of Sellick",
                U,
                "Free Corran Front",
                "competing",
                "party",
                "A fighting side's claim of a victory, denied by the other side: competing accounts. The "
                "satellite images show fires, not who holds the outpost.",
            ),
            (
                "taken as many as 40 soldiers prisoner",
                U,
                "Free Corran Front",
                "estimate_in_claim",
                "party",
                "An upper estimate inside one fighting side's claim: whether any soldiers were taken at all rests "
                "on the rebels' word, so unverified, not estimated. Names or images of prisoners would be needed.",
            ),
            (
                'its fighters had lost "only three men" in the attack',
                U,
                "Dario Venn, Free Corran Front",
                "single_source",
                "party",
                "A side counting its own losses, in its favour, in a video message: one interested source.",
            ),
            (
                "The claims could not be independently verified, because the government has cut telephone and "
                "internet links to the area",
                C,
                "the reporter",
                "public_record",
                "reporter",
                "The reporter states the limits of their own checking, and why: on the record, and a signal to "
                "treat the claims around it as unverified.",
            ),
            (
                "it had lost contact with the outpost on Wednesday night",
                C,
                "Marrova's defence ministry",
                "public_record",
                "official",
                "A government admitting something against its own interest, in public: an admission on the "
                "record is stronger than a claim that helps the one who makes it.",
            ),
            (
                "denied that it had fallen",
                U,
                "Marrova's defence ministry",
                "competing",
                "official",
                "The government's side of the competing accounts: a denial is a claim too, and no stronger for "
                "coming from a ministry.",
            ),
            (
                'its forces had killed "dozens of terrorists" in the area',
                U,
                "Marrova's defence ministry",
                "estimate_in_claim",
                "official",
                "An extent ('dozens') inside a fighting side's claim, made without evidence: unverified.",
            ),
            (
                "about 9,000 people had arrived in its camps since Monday",
                E,
                "Regional Relief Office",
                "approximation",
                "official",
                "That people are fleeing is not in doubt; 'about' rounds a count made by the agency that runs "
                "the camps, which has no side in the fighting.",
            ),
            (
                "it expects the number to pass 20,000 by the end of the month if the fighting continues",
                E,
                "Regional Relief Office",
                "projection",
                "official",
                "A forecast with a condition attached: the month's arrivals will show how close it was.",
            ),
            (
                "Satellite images released on Friday by the imaging company Harlow Orbital show fires at the "
                "site of the outpost",
                C,
                "Harlow Orbital satellite images",
                "public_record",
                "document",
                "Published images anyone can inspect show that something burned at the outpost. They do not "
                "show who holds it.",
            ),
        ],
    },
]


def key_claims(text: str, key: list[tuple]) -> list[dict]:
    claims = []
    for words, tag, source, kind, source_kind, note in key:
        if text.count(words) != 1:
            raise SystemExit(f"key claim words must occur exactly once: {words!r}")
        if kind not in KINDS or source_kind not in SOURCE_KINDS:
            raise SystemExit(f"unknown kind {kind!r} or source kind {source_kind!r}: {words!r}")
        start = text.index(words)
        span = snap_span(text, start, start + len(words))  # what selecting these words tags
        assert span is not None
        trimmed = text[start : span[0]] + text[span[1] : start + len(words)]
        if any(ch.isalnum() for ch in trimmed):
            raise SystemExit(f"key claim does not end on whole words: {words!r} -> {text[span[0] : span[1]]!r}")
        claims.append({"claim": ClaimSpan(*span, tag, note, source), "kind": kind, "source_kind": source_kind})
    return sorted(claims, key=lambda c: (c["claim"].start, c["claim"].end))


def build(exercise: dict) -> tuple[dict, dict]:
    """The exercise's meta and key files, as JSON objects."""
    name = exercise["name"]
    text = (FOLDER / f"{name}.txt").read_text(encoding="utf-8").strip()
    uid = str(uuid.uuid5(NAMESPACE, name))
    number = int(name.split("_")[0])
    title = f"Practice {number}: {exercise['title']}"
    claims = key_claims(text, exercise["key"])
    key = KeyFile(
        exercise_uid=uid,
        article=ArticleData(text=text, title=exercise["article_title"], outlet=exercise["outlet"]),
        claims=tuple(c["claim"] for c in claims),
        title=title,
    )
    data = json.loads(dump_key(key))
    for item, extra in zip(data["claims"], claims, strict=True):  # the practice set's own fields
        item["kind"] = extra["kind"]
        item["source_kind"] = extra["source_kind"]
    meta = {
        "uid": uid,
        "title": title,
        "article_title": exercise["article_title"],
        "outlet": exercise["outlet"],
        "source_name": "Written for ClaimMark's practice set",
        "instructions": INSTRUCTIONS,
        "text_file": f"{name}.txt",
        "key_file": f"{name}.key.json",
        "difficulty": exercise["difficulty"],
        "invented": INVENTED,
        "people": exercise["people"],
        "places": exercise["places"],
        "organisations": exercise["organisations"],
    }
    return meta, data


def write(exercise: dict) -> None:
    meta, key = build(exercise)
    name = exercise["name"]
    for path, data in ((FOLDER / f"{name}.key.json", key), (FOLDER / f"{name}.json", meta)):
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {name}: difficulty {exercise['difficulty']}, {len(key['claims'])} key claims")


def main() -> None:
    for exercise in EXERCISES:
        write(exercise)


if __name__ == "__main__":
    sys.exit(main())
