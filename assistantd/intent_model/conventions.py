"""Home Assistant's slots for what the model read, written as the grammar writes them.

The model gives an intent and tagged words; these rules turn them into the slots the grammar would give
the same request: a named device alone (with its domain for scenes, scripts, valves and covers being
positioned), a kind of device by area or floor ("the kitchen lights": area and domain, curtains with
their device class), the area the command was heard in when it names no place ("lights off" in the
kitchen, "how warm is it in here"), name "all" for every device of a kind in the home, and values in
Home Assistant's units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from assistantd import intents
from assistantd.grammar.kinds import SUBSTANCES, Kind
from assistantd.grammar.lists import SlotValue
from assistantd.grammar.sentences.groups import SentenceGroup
from assistantd.grammar.sentences.values import STEP
from assistantd.grammar.slots import NOUN_KINDS, STATE_MEANINGS, resolve
from assistantd.intent_model.values import Named
from assistantd.text import normalize

DEICTIC = frozenset({"that", "this", "it", "them", "those", "these"})
_IMPERSONAL_AFTER = frozenset({"is", "s", "was", "feels", "gets", "seems", "looks", "sounds"})
"""After these, "it" and "that" stand for no device ("it is so dark in here", "that is better")."""
_ANAPHORIC = frozenset({"it", "them"})
"""Beside a kind of device said, these stand for it ("shades, make them down"), not for one pointed at."""
_HERE = frozenset({"here"})
_EVERY = frozenset({"all", "every", "everything", "everywhere"})
_HOUSE = frozenset({"everywhere", "house", "home", "whole"})
_OBJECTS = frozenset(
    {"the", "my", "our", "your", "it", "that", "this", "them", "those", "these", "on", "off", "up", "all", "a"}
)  # fmt: skip
"""Words after a verb: a noun that is also a verb, followed by one of them, is used as a verb."""
_VERBS = frozenset({"switch", "lock", "light", "plug", "shade", "fan", "blind"})
_PARTICLES = frozenset({"on", "off", "up"})
"""After a noun that is rarely a verb, these make it no verb: "get the fan on", "the kitchen light off"."""


def _objects(verb: str) -> frozenset[str]:
    """The words after which `verb` is used as a verb ("switch on", "light up"; but "fan on" is a fan)."""
    if verb in ("switch", "plug"):
        return _OBJECTS
    if verb == "light":
        return _OBJECTS - {"on", "off"}
    return _OBJECTS - _PARTICLES


_PLUGS: dict[str, tuple[Kind, ...]] = {noun: (("switch", None),) for noun in ("plug", "plugs", "smart plug")}
"""Smart plugs are switches (the grammar's nouns know a plug only as a sensor's class)."""
_LIGHT_CUES = frozenset(
    {"light", "lights", "lamp", "lamps", "lighting", "lite", "bulb", "bulbs", "dark", "see", "bright"}
)
_BRIGHTER = frozenset({"brighter", "brighten", "lighter", "up", "more", "raise", "increase"})
_DIMMER = frozenset({"dimmer", "dim", "darker", "darken", "down", "less", "lower", "decrease", "reduce"})
_MUCH = frozenset({"much", "lot", "way", "lots"})
_SWITCHED = ("light", "fan", "switch", "cover", "lock", "valve", "media_player")
_COVERS = ("cover", "valve", "light", "fan", "switch", "media_player")
"""What "open" and "close" act on: a door that opens is a cover before it is a lock."""
_MOVING = frozenset({"open", "close", "shut", "raise", "lower", "draw", "pull"})
_NAMED_DOMAINS = frozenset({"scene", "script", "valve"})
"""Domains a switching command by name also names (as the grammar's scene, script and valve sentences)."""
_ALL_BY_PLACE = frozenset({"fan"})
"""Kinds Home Assistant's tests give name "all" also in a named place ("the fans in the kitchen")."""
_IMPLIED = {
    "lock": "locked",
    "unlock": "unlocked",
    "close": "closed",
    "shut": "closed",
    "going": "on",
    "running": "on",
    "left": "on",
}
"""Words that ask about a state without naming it ("did we lock the door", "is the fan still going")."""
_STATE_GROUP = SentenceGroup(intents.GET_STATE, (), resolver="state")
_MEDIA = frozenset(
    {intents.MEDIA_PAUSE, intents.MEDIA_UNPAUSE, intents.MEDIA_NEXT, intents.MEDIA_PREVIOUS, intents.SET_VOLUME}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model read in a turn, its names resolved: the input of the slot conventions."""

    intent: str
    words: tuple[str, ...]
    device: Named | None = None
    """The device named (slot "name")."""
    place: Named | None = None
    """The area or floor named."""
    values: Mapping[str, SlotValue] = field(default_factory=dict)
    """brightness, color, color_temp_kelvin, temperature, position, volume_level."""
    heard: str | None = None
    """The name of the area the turn was heard in (None: nowhere)."""


def slots_for(reading: Reading) -> dict[str, SlotValue]:
    """The slots of a reading, by its intent's conventions."""
    intent = reading.intent
    if intent in (intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE):
        return _switching(reading)
    if intent == intents.LIGHT_SET:
        return _light_set(reading)
    if intent == intents.SET_POSITION:
        return _position(reading)
    if intent == intents.GET_STATE:
        return _state(reading)
    if intent in _MEDIA or intent in (intents.CLIMATE_SET_TEMPERATURE, intents.CLIMATE_GET_TEMPERATURE):
        return _targeted(reading, here_always=True)
    if intent == intents.MEDIA_SEARCH:
        return _targeted(reading, here_always=True) if reading.values.get("search_query") else {}
    if intent in (intents.VACUUM_START, intents.VACUUM_RETURN):
        return _targeted(reading, here_always=False) if reading.device or reading.place else {}
    if intent in (intents.SHOPPING_LIST_ADD, intents.LIST_ADD):
        return dict(reading.values)
    return {}


def _deictic(words: tuple[str, ...]) -> set[str]:
    """The words that may stand for a device ("turn it off"), bar impersonal ones ("it is so dark")."""
    after = (*words[1:], "")
    before = ("", *words[:-1])
    return {
        word
        for word, next_word, last in zip(words, after, before, strict=True)
        if word in DEICTIC and next_word not in _IMPERSONAL_AFTER and last != "at"
    }


def _targeted(reading: Reading, *, here_always: bool) -> dict[str, SlotValue]:
    """The device, else the place, else the area heard in; with the reading's values."""
    slots: dict[str, SlotValue] = dict(reading.values)
    if reading.device is not None:
        slots["name"] = reading.device.value
    elif reading.place is not None:
        slots[reading.place.slot] = reading.place.value
    elif reading.heard and (here_always or not _deictic(reading.words)):
        slots["area"] = reading.heard
    return slots


def _switching(reading: Reading) -> dict[str, SlotValue]:
    """On, off, toggle: a device by name; a kind of device by place, where heard, or everywhere."""
    words = set(reading.words)
    if reading.device is not None:
        slots: dict[str, SlotValue] = {"name": reading.device.value}
        domains = {device.domain for device in reading.device.devices}
        if len(domains) == 1 and (domain := domains.pop()) in _NAMED_DOMAINS:
            slots["domain"] = domain
        return slots
    kind = kind_of(reading.words, _COVERS if words & _MOVING else _SWITCHED)
    if kind is None and words & _LIGHT_CUES and not _deictic(reading.words):
        kind = ("light", None)
    if kind is None:
        return {reading.place.slot: reading.place.value} if reading.place is not None else {}
    slots = _kind_slots(kind)
    every = kind[0] in _ALL_BY_PLACE or kind[0] == "lock" and reading.intent == intents.TURN_OFF
    pointed = _deictic(reading.words) - _ANAPHORIC  # "the curtains, make them open": them is the curtains
    return _placed(slots, reading, every_in_place=every, deictic=bool(pointed))


def _placed(
    slots: dict[str, SlotValue], reading: Reading, *, every_in_place: bool, deictic: bool
) -> dict[str, SlotValue]:
    """A kind of device in the place named, else where heard ("in here" or no place), else everywhere."""
    words = set(reading.words)
    if reading.place is not None:
        slots[reading.place.slot] = reading.place.value
        if every_in_place:
            slots["name"] = "all"
    elif reading.heard and words & _HERE:
        slots["area"] = reading.heard
    elif words & _EVERY or words & _HOUSE and "in" in words:
        slots["name"] = "all"
    elif reading.heard and not deictic:
        slots["area"] = reading.heard
    return slots


def _light_set(reading: Reading) -> dict[str, SlotValue]:
    """Brightness, color or white by device, place or where heard; or a step brighter or dimmer."""
    if reading.values:
        slots = _targeted(reading, here_always=False)
        if reading.device is None and reading.place is None and set(reading.words) & _EVERY - {"all"}:
            slots.pop("area", None)
            slots["name"] = "all"
        return slots
    words = reading.words
    slots = _step(words)
    if reading.device is not None:
        return {"name": reading.device.value, **slots}
    slots["domain"] = "light"
    noun = bool(set(words) & _LIGHT_CUES) and not _deictic(words)
    if reading.place is not None or noun:
        return _placed(slots, reading, every_in_place=False, deictic=False)
    return slots


def _step(words: tuple[str, ...]) -> dict[str, SlotValue]:
    """A step brighter or dimmer as the grammar gives it ("much brighter": twice as far), or none."""
    up = sum(word in _BRIGHTER for word in words)
    down = sum(word in _DIMMER for word in words)
    if up == down:
        return {}
    return {"brightness_step": (STEP if up > down else -STEP) * (2 if _MUCH & set(words) else 1)}


def _position(reading: Reading) -> dict[str, SlotValue]:
    """A cover or valve by name (with its domain), or covers of a kind by place or where heard."""
    slots: dict[str, SlotValue] = dict(reading.values)
    if reading.device is not None:
        slots["name"] = reading.device.value
        domains = {device.domain for device in reading.device.devices}
        if len(domains) == 1:
            slots["domain"] = domains.pop()
        return slots
    kind = kind_of(reading.words, ("cover",))
    if kind is None:
        return _targeted(reading, here_always=False)
    slots.update(_kind_slots(kind))
    return _placed(slots, reading, every_in_place=False, deictic=bool(_deictic(reading.words)))


def _state(reading: Reading) -> dict[str, SlotValue]:
    """A state question, resolved by the grammar's own rules (the state a device or kind can have)."""
    words = reading.words
    values: dict[str, SlotValue] = {}
    devices = reading.device.devices if reading.device is not None else ()
    if reading.device is not None:
        values["name"] = reading.device.value
    elif reading.place is not None:
        values[reading.place.slot] = reading.place.value
    elif reading.heard and _HERE & set(words):
        values["area"] = reading.heard
    unplaced = _without_place(words, reading.place.value if reading.place is not None else None)
    substance = _phrase_in(unplaced, SUBSTANCES)  # not the "floor" of "the first floor"
    noun = _phrase_in(unplaced, NOUN_KINDS)
    if not values and substance is None and noun is None:
        return {}  # what is pointed at or was spoken of: the daemon finds it
    if substance is not None and reading.device is None and _phrase_in(words, STATE_MEANINGS) is None:
        values["_substance"] = SUBSTANCES[substance]
    for state in _states(words):
        for hints in ({"_state": state, "_noun": noun}, {"_state": state}):
            asked = {**values, **{key: value for key, value in hints.items() if value is not None}}
            slots = resolve(_STATE_GROUP, asked, devices, None)
            if slots is not None:
                return slots
    slots = resolve(_STATE_GROUP, values, devices, None) if "_substance" in values else None
    return slots if slots is not None else {k: v for k, v in values.items() if not k.startswith("_")}


def _without_place(words: tuple[str, ...], place: str | None) -> tuple[str, ...]:
    """The words without the place's name where they say it ("lights on on the first floor": no floor of
    water)."""
    named = tuple(normalize(place).split()) if place else ()
    for start in range(len(words) - len(named) + 1) if named else ():
        if words[start : start + len(named)] == named:
            return (*words[:start], *words[start + len(named) :])
    return words


def _states(words: tuple[str, ...]) -> list[str]:
    """The state words asked about, then what a verb or a common word asks ("did we lock": locked)."""
    said = _phrases_in(words, STATE_MEANINGS)
    implied = [_IMPLIED[word] for word in reversed(words) if word in _IMPLIED]
    return list(dict.fromkeys([*said, *implied]))


def asks_about(words: tuple[str, ...]) -> bool:
    """Whether a question names what it asks about without a name: a kind of device, what sensors detect,
    or what is pointed at or was spoken of ("are any lights on", "is there smoke", "is that on")."""
    said = set(words)
    return bool(said & DEICTIC or _phrase_in(words, NOUN_KINDS) or _phrase_in(words, SUBSTANCES))


def kind_of(words: tuple[str, ...], domains: tuple[str, ...]) -> Kind | None:
    """The last kind of device the words name among some domains ("curtains": covers of class curtain);
    "switch" and "lock" before what they act on are verbs ("switch the lights on", "lock my car")."""
    for size in (2, 1):
        for start in range(len(words) - size, -1, -1):
            end = start + size
            if (
                size == 1
                and words[start] in _VERBS
                and end < len(words)
                and words[end] in _objects(words[start])
            ):
                continue
            phrase = " ".join(words[start:end])
            for domain, device_class in NOUN_KINDS.get(phrase, _PLUGS.get(phrase, ())):
                if domain in domains:
                    return domain, device_class
    return None


def _kind_slots(kind: Kind) -> dict[str, SlotValue]:
    """The domain (and device class) slots of a kind."""
    domain, device_class = kind
    return {"domain": domain} if device_class is None else {"domain": domain, "device_class": device_class}


def _phrase_in(words: tuple[str, ...], table: Mapping[str, object]) -> str | None:
    """The longest phrase of the words (up to three) that the table knows, the last one first."""
    return next(iter(_phrases_in(words, table)), None)


def _phrases_in(words: tuple[str, ...], table: Mapping[str, object]) -> list[str]:
    """Every phrase of the words (up to three) that the table knows, the longest and the last first."""
    found = []
    for size in (3, 2, 1):
        for start in range(len(words) - size, -1, -1):
            phrase = " ".join(words[start : start + size])
            if phrase in table and phrase not in found:
                found.append(phrase)
    return found
