"""Entity kinds in words a trainee knows ("Place", "Nationality or group"), spaCy's code aside.

The code (GPE, NORP, ...) is what exercise files and the database store; a person sees the name,
and the code only where an expert looks for it (the tooltip's second line, the exercise settings'
tooltips).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# the words, untranslated; name() translates them in the context "EntityKinds"
_NAMES = {
    "PERSON": ("Person", "A person, real or fictional"),
    "NORP": ("Nationality or group", "A nationality, or a religious or political group"),
    "ORG": ("Organisation", "A company, agency, institution or team"),
    "GPE": ("Place", "A country, city or state"),
    "LOC": ("Region or landscape", "A region, mountain range, body of water or other place not a country or city"),
    "FAC": ("Building or site", "A building, airport, road, bridge or other structure"),
    "EVENT": ("Event", "A named event: a storm, a war, a sports event"),
    "PRODUCT": ("Product", "An object, vehicle, food or other product (not a service)"),
    "WORK_OF_ART": ("Title of a work", "The title of a book, song, film or other work"),
    "LAW": ("Law or document", "A named law or legal document"),
    "LANGUAGE": ("Language", "A named language"),
    "DATE": ("Date or period", "An absolute or relative date or period"),
    "TIME": ("Time of day", "A time shorter than a day"),
    "CARDINAL": ("Number", "A number that is not a date, time, sum, share or measurement"),
    "ORDINAL": ("Rank or order", "An ordinal: first, second, 10th"),
    "QUANTITY": ("Measurement", "A measurement: a weight, a distance"),
    "MONEY": ("Sum of money", "A monetary value, with its unit"),
    "PERCENT": ("Percentage", "A percentage, with “%” or “per cent”"),
}


def name(label: str) -> str:
    """The kind in words ("Place" for GPE); an unknown code is shown as it is."""
    known = _NAMES.get(label)
    if known is None:
        return label
    return QCoreApplication.translate("EntityKinds", known[0])


def meaning(label: str, fallback: str = "") -> str:
    """What the kind covers, in a sentence ("A country, city or state"); ``fallback`` if unknown."""
    known = _NAMES.get(label)
    if known is None:
        return fallback or label
    return QCoreApplication.translate("EntityKinds", known[1])


def known_labels() -> tuple[str, ...]:
    return tuple(_NAMES)


def tip(label: str, explanation: str = "") -> str:
    """A kind's tooltip (plain text): what it covers, then spaCy's code for whoever wants it."""
    return QCoreApplication.translate("EntityKinds", "{0}\nspaCy label: {1}").format(meaning(label, explanation), label)
