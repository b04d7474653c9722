"""Names of devices, areas and floors: exact lookup first, then rapidfuzz for near misses and ASR slips."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.grammar.kinds import SUBSTANCES, noun_kinds
from assistantd.grammar.lists import PRIMARY, Hit, trie_pattern
from assistantd.grammar.measures import SENSOR_MEASURES
from assistantd.text import normalize

WILDCARD = r"[^ ]+?(?: [^ ]+?){0,5}?"
"""Any one to six words (fewest first), standing for a name in the fuzzy pass."""
GREEDY_WILDCARD = r"[^ ]+(?: [^ ]+){0,5}"
"""Any one to six words (most first)."""
FUZZY_MAX_SCORE = 99.0
"""A fuzzy match never counts as exact, even when only articles or synonyms differ."""

_SYNONYMS: dict[str, str] = {
    "lamp": "light",
    "lamps": "light",
    "lights": "light",
    "lighting": "light",
    "bulb": "light",
    "bulbs": "light",
    "lite": "light",
    "television": "tv",
    "telly": "tv",
    "speakers": "speaker",
    "blinds": "blind",
    "curtains": "curtain",
    "shades": "shade",
    "doors": "door",
    "windows": "window",
    "fans": "fan",
    "switches": "switch",
    "plugs": "plug",
}
_ARTICLES = frozenset({"the", "a", "an", "my", "our", "your"})
_MAX_FUZZY_HITS = 3
_SCORERS = (fuzz.ratio, fuzz.token_sort_ratio)
"""Character similarity, and the same with word order ignored ("lamp kitchen")."""


def fuzzy_key(phrase: str) -> str:
    """A phrase without articles and with device words unified ("the kitchen lamps" -> "kitchen light")."""
    words = [_SYNONYMS.get(word, word) for word in phrase.split() if word not in _ARTICLES]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class EntityList:
    """Configured names (with aliases) that a slot may contain."""

    exact: dict[str, tuple[Hit, ...]]
    threshold: float
    """Lowest rapidfuzz score (0-100) that counts as a fuzzy match."""
    fuzzy: bool = True
    _keys: list[str] = field(default_factory=list, repr=False)
    _key_hits: list[tuple[Hit, ...]] = field(default_factory=list, repr=False)
    _pattern: str = field(default="", repr=False)

    @classmethod
    def build(cls, items: Iterable[tuple[str, Hit]], threshold: float) -> EntityList:
        """A list from (spoken name, hit) pairs; names are normalised, shared names keep every hit."""
        exact: dict[str, tuple[Hit, ...]] = {}
        for phrase, hit in items:
            key = normalize(phrase)
            if key:
                exact[key] = _merge(exact.get(key, ()), hit)
        by_key: dict[str, tuple[Hit, ...]] = {}
        for phrase, hits in exact.items():
            for key in dict.fromkeys((phrase, fuzzy_key(phrase) or phrase)):
                for hit in hits:
                    by_key[key] = _merge(by_key.get(key, ()), hit)
        return cls(exact, threshold, True, list(by_key), list(by_key.values()), trie_pattern(exact))

    def pattern(self, fuzzy: bool) -> str:
        """The names (exact pass) or any few words (fuzzy pass)."""
        return WILDCARD if fuzzy else self._pattern

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """Exact hits; in the fuzzy pass, the best-scoring names above the threshold."""
        hits = self.exact.get(words, ())
        if hits or not fuzzy:
            return _with_words(hits, words)
        best: dict[tuple[tuple[str, object], ...], tuple[float, Hit]] = {}
        for query in dict.fromkeys((words, fuzzy_key(words))):
            if not query:
                continue
            found = [
                match
                for scorer in _SCORERS
                for match in process.extract(
                    query, self._keys, scorer=scorer, score_cutoff=self.threshold, limit=_MAX_FUZZY_HITS
                )
            ]
            for choice, score, index in found:
                if abs(len(choice.split()) - len(query.split())) > 1:
                    continue  # "bedroom blinds at 300" is not a slip of "bedroom blinds"
                for hit in self._key_hits[index]:
                    if score > best.get(hit.values, (-1.0, hit))[0]:
                        best[hit.values] = (float(score), hit)
        ranked = sorted(best.values(), key=lambda item: item[0], reverse=True)[:_MAX_FUZZY_HITS]
        count = len(words.split())
        return tuple(
            Hit(hit.values, hit.devices, min(score, FUZZY_MAX_SCORE), count) for score, hit in ranked
        )


def _merge(hits: tuple[Hit, ...], hit: Hit) -> tuple[Hit, ...]:
    """Hits with one more, merging the devices of hits with the same values."""
    for index, existing in enumerate(hits):
        if existing.values == hit.values:
            devices = existing.devices + tuple(d for d in hit.devices if d not in existing.devices)
            return (*hits[:index], Hit(existing.values, devices), *hits[index + 1 :])
    return (*hits, hit)


def _with_words(hits: tuple[Hit, ...], words: str) -> tuple[Hit, ...]:
    """Hits marked with the number of words they cover."""
    count = len(words.split())
    return tuple(Hit(hit.values, hit.devices, hit.score, count) for hit in hits)


DEVICE_WORDS: dict[str, tuple[str, ...]] = {
    "tv": ("telly", "television", "tv set", "telly box", "big screen", "goggle box", "idiot box", "box"),
    "thermostat": ("heating", "fire"),
    "coffee maker": ("coffee machine", "coffee"),
    "coffee machine": ("coffee maker", "coffee"),
    "washer": ("washing machine",),
    "dryer": ("tumble dryer", "drier"),
    "solar production": ("solar", "the solar", "solar panels", "the solar panels"),
}
"""What people call a device of these names when its config gives no alias ("pause the telly"): only where
one device has the name and no other device is called that word."""
ONLY_OF_ITS_KIND = frozenset({"thermostat"})
"""Of these, the word names the whole kind ("the heating"): it is the device's only where no other device
of its domain exists (a home with an office thermostat too has more heating than the thermostat's)."""


NAMED_IN = "_named_in"
"""A hint on a name said without its room ("the countertop light" for "Kitchen countertop"): the area whose
name was left out, which the words or the place the command was heard in must name."""


def device_names(
    devices: Iterable[Device],
    threshold: float,
    places: Mapping[str, tuple[str, tuple[str, ...]]] | None = None,
) -> EntityList:
    """Every name and alias of the devices, the everyday words for common devices and for words of their
    names, and with places (area id -> its name and the words said for it) each name said without the room in
    it; the slot value is the configured name."""
    devices = tuple(devices)
    items = [(name, Hit(((PRIMARY, device.name),), (device,))) for device in devices for name in device.names]
    taken = {normalize(name) for device in devices for name in device.names}
    if places is not None:
        items += _without_room(devices, places, taken)
    items += _everyday(items, taken)
    for key, words in DEVICE_WORDS.items():
        named = [device for device in devices if normalize(device.name) == key]
        if key in ONLY_OF_ITS_KIND and len(named) == 1:
            named = named if sum(device.domain == named[0].domain for device in devices) == 1 else []
        if len(named) == 1:
            hit = Hit(((PRIMARY, named[0].name),), (named[0],))
            items += [(word, hit) for word in words if word not in taken]
    return EntityList.build(items, threshold)


_PLACED = re.compile(
    r"(?P<where>under|over|above|below|beneath|beside|behind) (?P<thing>\w+) (?P<kind>lights|lamps)"
)
"""A name that says where its things are ("under cabinet lights")."""
_SIZES = ("little", "small", "tiny")
EVERYDAY_WORDS: dict[str, tuple[str, ...]] = {
    "countertop": ("worktop", "counter"),
    "countertops": ("worktops", "counters"),
    "cabinet": ("cupboard",),
    "cabinets": ("cupboards",),
    "sliding door": ("patio door",),
    "sliding doors": ("patio doors",),
    "main valve": ("stopcock", "water main", "main water valve"),
    "couch": ("sofa",),
    "sofa": ("couch",),
    "refrigerator": ("fridge",),
    "cooktop": ("hob",),
    "stove": ("hob", "cooker"),
    "curtain": ("drape",),
    "curtains": ("drapes",),
    "tv": ("telly", "television"),
    "floor lamp": ("standard lamp",),
    "bedroom lamp": ("bedside lamp", "bedside light"),
    "movie": ("film", "cinema"),
    "good night": ("goodnight",),
}
"""Words of a device's name and the other words people use for them ("Kitchen countertop": "the kitchen
worktop", "Sliding Doors": "the patio doors", "Main Valve": "the stopcock")."""


def everyday_names(name: str) -> list[str]:
    """The name, normalised, with one of its words put in everyday words ("under cabinet lights": "under
    cupboard lights"), and a name that says where the things are said the other way round ("the lights under
    the cupboards", "the little ones under the cabinet")."""
    said = f" {normalize(name)} "
    variants = [
        said.replace(f" {word} ", f" {other} ").strip()
        for word, others in EVERYDAY_WORDS.items()
        if f" {word} " in said
        for other in others
    ]
    placed = _PLACED.fullmatch(said.strip())
    if placed is None:
        return variants
    things = (placed["thing"], *EVERYDAY_WORDS.get(placed["thing"], ()))
    plain = (placed["kind"], "ones")
    kinds = (*plain, *(f"{size} {kind}" for size in _SIZES for kind in plain))
    return [*variants, *(f"{kind} {placed['where']} the {thing}{plural}"
                         for kind in kinds for thing in things for plural in ("", "s"))]  # fmt: skip


def _everyday(items: list[tuple[str, Hit]], taken: set[str]) -> list[tuple[str, Hit]]:
    """(the name with one of its words put in everyday words, hit) for every name so far, unless that is
    another device's name."""
    return [(variant, hit) for name, hit in items for variant in everyday_names(name) if variant not in taken]


def _without_room(
    devices: tuple[Device, ...], places: Mapping[str, tuple[str, tuple[str, ...]]], taken: set[str]
) -> list[tuple[str, Hit]]:
    """(the name without its room's words, hit) for names that begin or end with their area's name
    ("Kitchen countertop": "countertop"), unless the rest is another device's name, a place, or only a kind
    of device ("Bedroom Lamp": "lamp" is any lamp), what a sensor detects or what it measures ("Hallway
    Temperature": "the temperature in the hallway" is the hallway's)."""
    unspecific = {*noun_kinds(), *SUBSTANCES, *SENSOR_MEASURES}
    unspecific |= {word for spoken in places.values() for word in spoken[1]}
    items: list[tuple[str, Hit]] = []
    for device in devices:
        if device.area not in places:
            continue
        area, spoken = places[device.area]
        for name in map(normalize, device.names):
            for room in spoken:
                rest = name.removeprefix(f"{room} ") if name.startswith(f"{room} ") else ""
                rest = rest or (name.removesuffix(f" {room}") if name.endswith(f" {room}") else "")
                if rest and rest not in taken and rest not in unspecific:
                    items.append((rest, Hit(((PRIMARY, device.name), (NAMED_IN, area)), (device,))))
    return items


def said_without_room(config: Config, area_id: str) -> dict[str, str]:
    """The names of the area's devices said without the room in them ("ceiling light" in the living room)
    -> the device id."""
    places = area_places(config)
    if area_id not in places:
        return {}
    here = tuple(device for device in config.devices if device.area == area_id)
    taken = {normalize(name) for device in config.devices for name in device.names}
    return {
        said: hit.devices[0].id
        for said, hit in _without_room(here, {area_id: places[area_id]}, taken)
        if hit.devices
    }


def area_places(config: Config) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Area id -> (its name, every word said for it: name, aliases, everyday words)."""
    return {
        area.id: (
            area.name,
            tuple(
                {normalize(name) for name in (area.name, *area.aliases)}
                | set(ROOM_WORDS.get(normalize(area.name), ()))
            ),
        )
        for area in config.areas
    }


def area_names(config: Config) -> EntityList:
    """Every name and alias of the areas."""
    return EntityList.build(_area_items(config), config.recognizer.fuzzy_threshold)


def floor_names(config: Config) -> EntityList:
    """Every name and alias of the floors."""
    return EntityList.build(_floor_items(config), config.recognizer.fuzzy_threshold)


def place_names(config: Config) -> EntityList:
    """Areas and floors in one list (areas first where both share a name): fills the area or floor slot."""
    items = [(name, Hit((("area", hit.values[0][1]),))) for name, hit in _area_items(config)]
    items += [(name, Hit((("floor", hit.values[0][1]),))) for name, hit in _floor_items(config)]
    return EntityList.build(items, config.recognizer.fuzzy_threshold)


ROOM_WORDS: dict[str, tuple[str, ...]] = {
    "living room": ("lounge", "sitting room", "front room"),
    "office": ("study",),
    "hallway": ("hall",),
    "guest room": ("spare room", "spare bedroom", "guest bedroom"),
}
"""What people call a room of these names when its config gives no alias ("the lights in the lounge"); a
word that names anything else in the home is left to that."""


def _area_items(config: Config) -> list[tuple[str, Hit]]:
    """(spoken name, hit) for every area name and alias, and the everyday words for common rooms."""
    items = [
        (name, Hit(((PRIMARY, area.name),))) for area in config.areas for name in (area.name, *area.aliases)
    ]
    taken = {normalize(name) for area in config.areas for name in (area.name, *area.aliases)}
    taken |= {normalize(name) for floor in config.floors for name in (floor.name, *floor.aliases)}
    taken |= {normalize(name) for device in config.devices for name in device.names}
    for area in config.areas:
        for word in ROOM_WORDS.get(normalize(area.name), ()):
            if word not in taken:
                items.append((word, Hit(((PRIMARY, area.name),))))
    return items


def _floor_items(config: Config) -> list[tuple[str, Hit]]:
    """(spoken name, hit) for every floor name and alias."""
    return [
        (name, Hit(((PRIMARY, floor.name),)))
        for floor in config.floors
        for name in (floor.name, *floor.aliases)
    ]
