"""Slot values from the words the model tagged: configured names and numbers.

A tagged name is looked up among every device, area and floor name and alias the way the grammar looks
names up (case-insensitive, whole words, articles and device words unified, rapidfuzz for slips), the
tagged kind first: "kitchen" tagged as a name is the Kitchen area rather than a "Kitchen Switch" it is a
part of, and "living room lamp" is the Living Room Lamp, not a sensor whose name contains the same
letters. Numbers come in digits, in words and as the words people use for shares ("half", "full").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from assistantd import intents
from assistantd.colors import COLORS
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.grammar.lists import Hit
from assistantd.grammar.names import EntityList, area_names, device_names, floor_names
from assistantd.grammar.numbers import NUMBER_PATTERN, parse_number
from assistantd.grammar.slots import NOUN_KINDS

PLACE_TAGS = ("name", "area", "floor")
"""Tags whose words name a device or a place."""
SHARE_WORDS: dict[str, int] = {
    "half": 50,
    "a half": 50,
    "one half": 50,
    "halfway": 50,
    "half way": 50,
    "quarter": 25,
    "a quarter": 25,
    "one quarter": 25,
    "quarter way": 25,
    "three quarters": 75,
    "three quarter": 75,
    "three quarters of the way": 75,
    "a third": 33,
    "one third": 33,
    "two thirds": 67,
    "full": 100,
    "fully": 100,
    "full brightness": 100,
    "full blast": 100,
    "max": 100,
    "maximum": 100,
    "all the way": 100,
    "min": 1,
    "minimum": 1,
}
"""Percentages said in words (brightness, position, volume)."""
_SHARE_NOISE = frozenset({"the", "to", "at", "of", "way", "percent", "level", "brightness", "open", "up"})
_NUMBER_TAGS = ("brightness", "position", "volume_level", "temperature", "color_temp_kelvin")
_VALUE_SLOTS = {
    intents.LIGHT_SET: "brightness",
    intents.SET_POSITION: "position",
    intents.SET_VOLUME: "volume_level",
    intents.CLIMATE_SET_TEMPERATURE: "temperature",
}
"""The value each intent sets: a number the tagger marked as another value is still this one."""
_FREE_TAGS: dict[str, tuple[str, ...]] = {
    intents.MEDIA_SEARCH: ("search_query",),
    intents.SHOPPING_LIST_ADD: ("item",),
    intents.LIST_ADD: ("item", "name"),
}
"""Words an intent takes as said: the title to search for, the item to add and the list's name."""
_NUMBER = re.compile(rf"(?<![\w.])(?:{NUMBER_PATTERN})(?![\w.])")
_KELVIN = re.compile(rf"(?<![\w.])({NUMBER_PATTERN}) (?:degrees )?kelvin\b")
_COLOR_SCORE = 85.0
_GENERIC = frozenset({"light", "lights", "lamp", "lamps", "lighting", "the", "my", "all", "room"})
"""Words a spoken name may add to a configured one without meaning another ("the kitchen ceiling light")."""
_FUNCTION = frozenset(
    {"the", "my", "our", "your", "a", "an", "all", "please", "now", "again", "too", "on", "off", "up", "down",
     "it", "that", "this", "in", "here", "there", "of", "for", "me", "to", "and", "some", "one"}
)  # fmt: skip
"""Words a tagged span may take from around a name."""
_KIND_WORDS = frozenset({*NOUN_KINDS, "plug", "plugs", "smart plug", "device", "devices"})


@dataclass(frozen=True, slots=True)
class Named:
    """What a tagged span names: the slot it fills, the configured name, and the devices it means."""

    slot: str
    """"name", "area" or "floor"."""
    value: str
    devices: tuple[Device, ...] = ()
    said: str = ""
    """The words that named it."""


class NameIndex:
    """Every configured device, area and floor name and alias, looked up as the grammar does."""

    def __init__(self, config: Config) -> None:
        """Index a configuration's names."""
        threshold = config.recognizer.fuzzy_threshold
        self._lists: dict[str, EntityList] = {
            "name": device_names(config.devices, threshold),
            "area": area_names(config),
            "floor": floor_names(config),
        }

    def find(self, words: str, tag: str) -> Named | None:
        """What the words name, trying the tagged kind first: exact names, then the name without device
        words ("kitchen lights" is the Kitchen), then near misses; None when nothing is close."""
        if generic(words):
            return None
        order = (tag, *(kind for kind in PLACE_TAGS if kind != tag))
        for query in _queries(words):
            for kind in order:
                hits = self._lists[kind].lookup(query, False)
                if hits:
                    return _named(kind, hits, words)
        for kind in order:
            hits = self._lists[kind].lookup(words, True)
            if hits and (kind == tag or hits[0].score >= 90):
                return _named(kind, hits, words)
        found = self.scan(tuple(words.split()))
        return found[0] if found else None

    def scan(self, words: tuple[str, ...]) -> list[Named]:
        """Every configured name said exactly in the words, longest first, not overlapping ("the play
        corner, switch it on" has the Play Corner; "the living room curtains" the Living Room)."""
        taken: set[int] = set()
        found: list[Named] = []
        for size in range(min(len(words), 6), 0, -1):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                phrase = " ".join(words[start : start + size])
                if taken.intersection(span) or phrase in _GENERIC:
                    continue
                for kind in PLACE_TAGS:
                    hits = self._lists[kind].lookup(phrase, False)
                    if hits and (named := _named(kind, hits, phrase)) is not None:
                        found.append(named)
                        taken.update(span)
                        break
        return found


def generic(words: str) -> bool:
    """Whether a span says no more than a kind of device ("the lamp", "lights")."""
    return all(word in _GENERIC for word in words.split())


def names_a_device(words: str) -> bool:
    """Whether a span that is no configured name still names a device of its own ("the toaster"), rather
    than a kind of device ("the wemo plug", "the disco lights") or nothing ("it please")."""
    spoken = words.split()
    phrases = {*spoken, *(" ".join(pair) for pair in itertools.pairwise(spoken))}
    return not phrases & _KIND_WORDS and any(word not in _FUNCTION | _GENERIC for word in spoken)


def _queries(words: str) -> list[str]:
    """The words as said, without articles, and without trailing device words (most specific first)."""
    spoken = words.split()
    while spoken and spoken[0] in _FUNCTION:
        spoken = spoken[1:]
    while spoken and spoken[-1] in _FUNCTION:
        spoken = spoken[:-1]
    queries = [words, " ".join(spoken)]
    while spoken and spoken[-1] in _GENERIC:
        spoken = spoken[:-1]
        queries.append(" ".join(spoken))
    return [query for query in dict.fromkeys(queries) if query and query not in _GENERIC]


def _named(kind: str, hits: tuple[Hit, ...], said: str) -> Named | None:
    """The best hit as a slot value (ambiguous near misses with equal scores: the first)."""
    value = next((value for key, value in hits[0].values if key == ""), None)
    if value is None:
        return None
    return Named(kind, str(value), hits[0].devices, said)


def with_said_names(tagged: list[Named], said: list[Named]) -> list[Named]:
    """The tagged names and then the ones said untagged; a device said in full replaces a place tagged
    inside its name ("the living room light" is a device, not the living room)."""
    devices = [n for n in said if n.slot == "name" and n not in tagged]
    kept = [n for n in tagged if n.slot == "name" or not any(_inside(n.said, d.said) for d in devices)]
    if len(kept) < len(tagged):
        kept = [*kept, *devices]
    return [*kept, *(n for n in said if n not in kept)]


def _inside(part: str, whole: str) -> bool:
    """Whether some words are a shorter run of other words."""
    return len(part) < len(whole) and f" {part} " in f" {whole} "


def number_value(words: str) -> float | None:
    """A number said in digits or words, or a share ("half" 50, "a quarter" 25, "full" 100)."""
    number = parse_number(words)
    if number is not None:
        return number
    spoken = " ".join(word for word in words.split() if word not in _SHARE_NOISE)
    if spoken in SHARE_WORDS:
        return float(SHARE_WORDS[spoken])
    if words in SHARE_WORDS:
        return float(SHARE_WORDS[words])
    for word in words.split():
        number = parse_number(word)
        if number is not None:
            return number
    return None


def spoken_values(
    intent: str, spans: Sequence[tuple[str, str]], words: Sequence[str]
) -> dict[str, str | int | float]:
    """The values an intent sets, from the tagged spans (a number left untagged is still read: "blinds to
    eighty"); a number before "kelvin" is a white's color temperature."""
    values: dict[str, str | int | float] = {}
    text = " ".join(words)
    for tag, spoken in spans:
        if tag in _FREE_TAGS.get(intent, ()) and tag not in values:
            values[tag] = spoken
    if values:
        return values
    if intent == intents.LIGHT_SET:
        kelvin = _KELVIN.search(text)
        number = parse_number(kelvin.group(1)) if kelvin else None
        if number is not None:
            values["color_temp_kelvin"] = int(number)
        color = _color(spans, words)
        if color is not None:
            values["color"] = color
    slot = _VALUE_SLOTS.get(intent)
    if slot is None or values:
        return values
    tagged = [words for tag, words in spans if tag in _NUMBER_TAGS and number_value(words) is not None]
    number = _whole_number(tagged[0], text) if tagged else None
    if number is None:
        number = _untagged_number(text)
    if number is not None:
        values[slot] = number if slot == "temperature" else int(min(max(number, 0.0), 100.0))
    return values


def _color(spans: Sequence[tuple[str, str]], words: Sequence[str]) -> str | None:
    """The color the tagger marked (near misses allowed), else a color name said outright."""
    for tag, spoken in spans:
        if tag == "color":
            found = process.extractOne(spoken, list(COLORS), scorer=fuzz.ratio, score_cutoff=_COLOR_SCORE)
            if found is not None:
                return str(found[0])
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in COLORS:
                return phrase
    return None


def _whole_number(tagged: str, text: str) -> float | None:
    """A tagged number, with the words of it the tagger left out ("seventeen [point five]")."""
    for match in _NUMBER.finditer(text):
        if match.group(0).startswith(tagged) and (number := parse_number(match.group(0))) is not None:
            return number
    return number_value(tagged)


def _untagged_number(text: str) -> float | None:
    """A share said in words ("three quarters", "halfway"), else the first number in the words."""
    words = text.split()
    shares = [
        " ".join(words[start : start + size]) for size in (3, 2, 1) for start in range(len(words) - size + 1)
    ]
    share = next((phrase for phrase in shares if phrase in SHARE_WORDS and len(phrase.split()) > 1), None)
    if share is not None:
        return float(SHARE_WORDS[share])
    for match in _NUMBER.finditer(text):
        number = parse_number(match.group(0))
        if number is not None and match.group(0) not in ("one", "a"):
            return number
    share = next((phrase for phrase in shares if phrase in SHARE_WORDS), None)
    return float(SHARE_WORDS[share]) if share is not None else None
