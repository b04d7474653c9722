"""Lengths of time as people say them ("5 minutes", "an hour and a half", "2 and a half minutes", "1 hour 15
minute and 30 second", "three quarters of an hour"), read into Home Assistant's timer slots: hours,
minutes, seconds as said, a fraction spilling into the next smaller unit ("5 and a half minutes": minutes 5,
seconds 30)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistantd.grammar.lists import Hit
from assistantd.grammar.numbers import NUMBER_PATTERN, parse_number

_UNITS: dict[str, str] = {
    "hour": "hours",
    "hours": "hours",
    "hr": "hours",
    "hrs": "hours",
    "minute": "minutes",
    "minutes": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "second": "seconds",
    "seconds": "seconds",
    "sec": "seconds",
    "secs": "seconds",
}
UNIT_SECONDS: dict[str, int] = {"hours": 3600, "minutes": 60, "seconds": 1}
_SMALLER: dict[str, str] = {"hours": "minutes", "minutes": "seconds"}
_HALF = "(?:half|1 2)"
_UNIT = "(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_AMOUNT = rf"(?:{NUMBER_PATTERN})"
_QUARTERS = r"(?:(?:a|one|three|1|3) )?quarters? (?:of )?an? hour"
_PART = (
    rf"(?:(?:{_AMOUNT} (?:and (?:a|one) {_HALF} )?|an? |{_HALF} an? |a {_HALF} )"
    rf"{_UNIT}(?: and a {_HALF})?|{_QUARTERS})"
)
DURATION_PATTERN = rf"{_PART}(?:(?: and)? {_PART})*"
"""A regular expression (no groups) for a length of time in normalised text."""
_PART_RE = re.compile(
    r"(?:(?P<quarters>(?:(?P<how_many>a|one|three|1|3) )?quarters? (?:of )?an? hour)|"
    rf"(?:(?P<amount>{_AMOUNT}) (?P<inner>and (?:a|one) {_HALF} )?|(?P<one>an? )"
    rf"|(?P<half>(?:a )?{_HALF} an? ))(?P<unit>{_UNIT})(?P<outer> and a {_HALF})?)"
)


def parse_duration(words: str) -> dict[str, int] | None:
    """Hours, minutes and seconds as said (only those said), or None when the words are no length of time."""
    found: dict[str, float] = {}
    position = 0
    for match in _PART_RE.finditer(words):
        gap = words[position : match.start()].strip()
        if gap not in ("", "and"):
            return None
        position = match.end()
        if match.group("quarters"):
            quarters = 3 if match.group("how_many") in ("three", "3") else 1
            found["hours"] = found.get("hours", 0.0) + quarters / 4
            continue
        unit = _UNITS[match.group("unit")]
        amount = _amount(match)
        if amount is None:
            return None
        found[unit] = found.get(unit, 0.0) + amount
    if not found or words[position:].strip():
        return None
    return _spill(found)


def _amount(match: re.Match[str]) -> float | None:
    """How many of the unit one part of a length says ("2 and a half", "an", "half an")."""
    if match.group("one"):
        value: float | None = 1.0
    elif match.group("half"):
        value = 0.5
    else:
        text = match.group("amount")
        value = parse_number(text)
        if value is None and text.endswith(" and a half"):  # "two and a half" read by parse_number already
            return None
        if value is not None and match.group("inner"):
            value += 0.5
    if value is not None and match.group("outer"):
        value += 0.5
    return value if value is not None and value >= 0 else None


def _spill(found: dict[str, float]) -> dict[str, int] | None:
    """Whole units as said; a fraction goes to the next smaller unit ("1.5 hours": 1 hour 30 minutes)."""
    slots: dict[str, int] = {}
    for unit in ("hours", "minutes", "seconds"):
        if unit not in found:
            continue
        whole = int(found[unit])
        fraction = found[unit] - whole
        if whole or unit not in slots:
            slots[unit] = slots.get(unit, 0) + whole
        smaller = _SMALLER.get(unit)
        if fraction and smaller is not None:
            found[smaller] = found.get(smaller, 0.0) + fraction * 60
    slots = {unit: value for unit, value in slots.items() if value}
    return slots or None


def total_seconds(hours: int | None, minutes: int | None, seconds: int | None) -> int:
    """A length in seconds from its slots (missing ones are 0)."""
    return (hours or 0) * 3600 + (minutes or 0) * 60 + (seconds or 0)


@dataclass(frozen=True, slots=True)
class DurationList:
    """A length of time, as the slots prefix+hours, prefix+minutes, prefix+seconds ("start_": which timer)."""

    prefix: str = ""
    fuzzy: bool = False

    def pattern(self, fuzzy: bool) -> str:
        """A length in digits or words."""
        return DURATION_PATTERN

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """The length's slots, if the words are one."""
        slots = parse_duration(words)
        if slots is None:
            return ()
        return (Hit(tuple((self.prefix + unit, value) for unit, value in slots.items())),)
