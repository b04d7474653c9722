"""What people call kinds of devices, the states they ask about, and what sensors measure."""

from __future__ import annotations

from collections.abc import Iterable

Kind = tuple[str, str | None]
"""(domain, device class or None for any class)."""
StateMeaning = tuple[str, str | None, str]
"""(domain, device class or None for any, Home Assistant state value)."""

ANY_KIND: tuple[Kind, ...] = ()
"""A noun that fits every kind but people ("things", "devices")."""

_BINARY = "binary_sensor"
_DETECTED = ("detected", "sensed")
_NOT_DETECTED = ("not detected", "clear")
_DETECTING = ("carbon_monoxide", "gas", "light", "motion", "occupancy", "smoke", "sound", "power", "moisture")

BINARY_SENSOR_CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # device class: (nouns, words for "on", words for "off")
    "battery": (
        ("battery", "batteries", "battery level"),
        ("low", "running low", "empty"),
        ("normal", "charged", "full", "ok", "fine", "not low"),
    ),
    "battery_charging": (("battery", "batteries", "charger"), ("charging",), ("not charging",)),
    "carbon_monoxide": (("carbon monoxide", "co"), (), ()),
    "cold": ((), ("cold", "freezing", "too cold"), ("not cold", "warm")),
    "connectivity": ((), ("connected", "online"), ("disconnected", "offline", "not connected")),
    "door": (("door", "doors"), ("open", "opened"), ("closed", "shut")),
    "garage_door": (("garage door", "garage doors"), ("open", "opened"), ("closed", "shut")),
    "gas": (("gas",), (), ()),
    "heat": ((), ("hot", "too hot", "overheating"), ("not hot", "cool")),
    "light": (("light", "lights"), (), ()),
    "lock": (("lock", "locks", "door", "doors"), ("unlocked",), ("locked",)),
    "moisture": (("water", "leak", "leaks", "floor", "moisture"), ("wet", "leaking", "flooded"), ("dry",)),
    "motion": (("motion", "movement"), ("moving",), ()),
    "occupancy": (("occupancy", "presence"), ("occupied",), ("unoccupied", "empty")),
    "opening": (("opening", "openings"), ("open", "opened"), ("closed", "shut")),
    "plug": (("plug", "plugs"), ("plugged in", "plugged"), ("unplugged", "not plugged in")),
    "power": (("power", "mains"), ("powered", "powered on"), ("unpowered", "powered off", "without power")),
    "presence": ((), ("home", "at home", "present"), ("away", "gone", "not home", "not at home")),
    "problem": (
        ("problem", "problems", "issue", "issues"),
        ("having problems", "broken", "faulty"),
        ("ok", "okay", "fine", "working"),
    ),
    "running": ((), ("running",), ("not running", "stopped")),
    "safety": ((), ("unsafe", "dangerous"), ("safe",)),
    "smoke": (("smoke",), (), ()),
    "sound": (("sound", "noise"), ("noisy",), ("quiet", "silent")),
    "tamper": (
        ("tamper", "tampering"),
        ("tampered", "tampered with"),
        ("clear", "not tampered", "not tampered with"),
    ),
    "update": (
        ("update", "updates", "software", "firmware"),
        ("available", "update available", "out of date", "outdated"),
        ("up to date", "updated", "current"),
    ),
    "vibration": (("vibration",), ("vibrating", "shaking"), ("not vibrating", "still")),
    "window": (("window", "windows"), ("open", "opened"), ("closed", "shut")),
}
"""Home Assistant's binary sensor classes: on means the condition (low battery, smoke, open, unlocked)."""

COVER_CLASSES: dict[str, tuple[str, ...]] = {
    "curtain": ("curtain", "curtains", "drape", "drapes"),
    "blind": ("blind", "blinds"),
    "shade": ("shade", "shades"),
    "shutter": ("shutter", "shutters", "roller shutter", "roller shutters"),
    "awning": ("awning", "awnings"),
    "window": ("window", "windows"),
    "garage": ("garage door", "garage doors", "garage"),
    "door": ("door", "doors"),
    "gate": ("gate", "gates"),
}
"""Cover device classes and what people call them."""

DOMAIN_NOUNS: dict[str, tuple[str, ...]] = {
    "light": ("light", "lights", "lamp", "lamps", "lighting", "bulb", "bulbs"),
    "switch": ("switch", "switches", "outlet", "outlets", "socket", "sockets"),
    "fan": ("fan", "fans"),
    "lock": ("lock", "locks", "door", "doors", "door lock", "door locks"),
    "cover": ("cover", "covers"),
    "valve": ("valve", "valves"),
    "media_player": ("tv", "tvs", "television", "speaker", "speakers", "media player", "media players"),
    "person": (
        "people",
        "person",
        "anyone",
        "anybody",
        "everyone",
        "everybody",
        "someone",
        "somebody",
    ),
}
"""Domain-wide nouns, in the order ambiguous words prefer them."""

GENERIC_NOUNS: tuple[str, ...] = (
    "things",
    "thing",
    "devices",
    "device",
    "sensors",
    "sensor",
    "anything",
    "something",
    "entities",
    "alarm",
    "alarms",
    "detector",
    "detectors",
)
"""Nouns that fit every kind but people."""

_ON_OFF = ("light", "switch", "fan", "media_player")

DOMAIN_STATES: tuple[tuple[str, str, str], ...] = (
    *(
        (domain, word, value)
        for domain in _ON_OFF
        for word, value in (
            ("on", "on"),
            ("turned on", "on"),
            ("switched on", "on"),
            ("off", "off"),
            ("turned off", "off"),
            ("switched off", "off"),
        )
    ),
    ("media_player", "playing", "playing"),
    ("media_player", "paused", "paused"),
    ("lock", "locked", "locked"),
    ("lock", "bolted", "locked"),
    ("lock", "locked up", "locked"),
    ("lock", "unlocked", "unlocked"),
    ("lock", "jammed", "jammed"),
    ("cover", "open", "open"),
    ("cover", "opened", "open"),
    ("cover", "closed", "closed"),
    ("cover", "shut", "closed"),
    ("cover", "opening", "opening"),
    ("cover", "closing", "closing"),
    ("cover", "up", "open"),  # "is the shade up", "is the garage door down"
    ("cover", "down", "closed"),
    ("valve", "open", "open"),
    ("valve", "closed", "closed"),
    ("valve", "shut", "closed"),
    ("person", "home", "home"),
    ("person", "at home", "home"),
    ("person", "here", "home"),
    ("person", "back", "home"),
    ("person", "back home", "home"),
    ("person", "home from work", "home"),
    ("person", "home from school", "home"),
    ("person", "away", "not_home"),
    ("person", "out", "not_home"),
    ("person", "not home", "not_home"),
    ("person", "not at home", "not_home"),
)
"""(domain, spoken state, Home Assistant state) for domains with named states."""

_BINARY_GENERIC: tuple[tuple[str, str], ...] = (
    ("on", "on"),
    ("triggered", "on"),
    ("tripped", "on"),
    ("active", "on"),
    ("off", "off"),
    ("not triggered", "off"),
    ("inactive", "off"),
)

TYPED_STATE_DOMAINS: frozenset[str] = frozenset({"binary_sensor", "cover", "valve", "lock", "person"})
"""Domains whose state questions name the domain (a lamp's on/off question does not)."""


def state_meanings() -> dict[str, tuple[StateMeaning, ...]]:
    """Spoken state -> its meanings, most likely first."""
    table: dict[str, list[StateMeaning]] = {}
    for domain, word, value in DOMAIN_STATES:
        table.setdefault(word, []).append((domain, None, value))
    for device_class, (_, on_words, off_words) in BINARY_SENSOR_CLASSES.items():
        for words, value in ((on_words, "on"), (off_words, "off")):
            for word in words:
                table.setdefault(word, []).append((_BINARY, device_class, value))
        if device_class in _DETECTING:
            for word in _DETECTED:
                table.setdefault(word, []).append((_BINARY, device_class, "on"))
            for word in _NOT_DETECTED:
                table.setdefault(word, []).append((_BINARY, device_class, "off"))
    for word, value in _BINARY_GENERIC:
        table.setdefault(word, []).append((_BINARY, None, value))
    return {word: tuple(meanings) for word, meanings in table.items()}


def noun_kinds() -> dict[str, tuple[Kind, ...]]:
    """Spoken noun -> the kinds it names, most likely first (ANY_KIND for generic nouns)."""
    table: dict[str, list[Kind]] = {}
    for domain, nouns in DOMAIN_NOUNS.items():
        _add(table, nouns, (domain, None))
    for device_class, nouns in COVER_CLASSES.items():
        _add(table, nouns, ("cover", device_class))
    for device_class, (nouns, _, _) in BINARY_SENSOR_CLASSES.items():
        _add(table, nouns, (_BINARY, device_class))
        sensor_nouns = [f"{noun} {suffix}" for noun in nouns for suffix in _SENSOR_SUFFIXES]
        _add(table, sensor_nouns, (_BINARY, device_class))
    result = {noun: tuple(kinds) for noun, kinds in table.items()}
    result.update({noun: ANY_KIND for noun in GENERIC_NOUNS})
    return result


_SENSOR_SUFFIXES = ("sensor", "sensors", "detector", "detectors", "alarm", "alarms")


def _add(table: dict[str, list[Kind]], nouns: Iterable[str], kind: Kind) -> None:
    """Record that each noun may name the kind."""
    for noun in nouns:
        if kind not in table.setdefault(noun, []):
            table[noun].append(kind)


SUBSTANCES: dict[str, str] = {
    "carbon monoxide": "carbon_monoxide",
    "co": "carbon_monoxide",
    "gas": "gas",
    "gas leak": "gas",
    "a gas leak": "gas",
    "smoke": "smoke",
    "fire": "smoke",
    "motion": "motion",
    "movement": "motion",
    "occupancy": "occupancy",
    "somebody": "occupancy",
    "someone": "occupancy",
    "anybody": "occupancy",
    "anyone": "occupancy",
    **{f"{who} moving": "motion" for who in ("somebody", "someone", "anybody", "anyone")},
    "noise": "sound",
    "sound": "sound",
    "leak": "moisture",
    "leaks": "moisture",
    "water leak": "moisture",
    "a leak": "moisture",
    "a water leak": "moisture",
    "leakage": "moisture",
    "water": "moisture",
    "flood": "moisture",
    "flooding": "moisture",
    "light": "light",
    "vibration": "vibration",
    "problem": "problem",
    "problems": "problem",
}
"""What a sensor detects -> binary sensor class ("is there smoke in the kitchen")."""

AREA_CONDITIONS: dict[str, str] = {
    "flooded": "moisture",
    "wet": "moisture",
    "occupied": "occupancy",
    "smoky": "smoke",
    "noisy": "sound",
}
"""Adjectives said of a room -> binary sensor class ("is the kitchen flooded")."""
