"""What fills the holes of the training patterns: a configuration's names by kind, its areas and floors,
numbers in digits and words, shares in words ("half", "full"), colors and whites, and for sentences the
home cannot serve, appliances it lacks, titles and shopping items; the names of its lists."""

from __future__ import annotations

import random

from assistantd.colors import COLORS
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.grammar.numbers import number_to_words
from assistantd.intent_model.out_of_scope import APPLIANCES, CHATTER_WORDS, ITEMS, TITLES
from assistantd.intent_model.phrasebook import ON_DOMAINS
from assistantd.text import normalize

KINDS: dict[str, tuple[str, ...]] = {
    "on": ON_DOMAINS,
    "light": ("light",),
    "cover": ("cover", "valve"),
    "lock": ("lock",),
    "media": ("media_player",),
    "climate": ("climate",),
    "vacuum": ("vacuum",),
}
"""``{name:kind}``: the domains whose devices' names fill the hole."""
HOLE_TAGS: dict[str, str] = {"kelvin": "color_temp_kelvin", "title": "search_query", "todo": "name"}
"""Holes tagged under another name than their own."""
_SHARES: dict[str, tuple[str, ...]] = {
    "brightness": ("half", "a quarter", "three quarters", "full", "max", "maximum"),
    "position": ("half", "halfway", "a quarter", "three quarters"),
    "volume_level": ("half", "a quarter", "max"),
}
"""Percentages said in words, per value."""
SHARE_WORDS = frozenset(word for shares in _SHARES.values() for share in shares for word in share.split())
_COMMON = frozenset({"the", "light", "lights", "lamp", "machine", "system", "room"})


class Holes:
    """The words for each kind of hole, drawn with the generator's random numbers."""

    def __init__(self, config: Config, rng: random.Random) -> None:
        """Index the configuration's names by kind, and the appliances it does not name."""
        self._rng = rng
        self._areas = [name for area in config.areas for name in (area.name, *area.aliases)]
        self._floors = [name for floor in config.floors for name in (floor.name, *floor.aliases)]
        self.names: dict[str, list[str]] = {
            kind: [n for d in config.devices if _fits(d, kind) for n in d.names] for kind in (*KINDS, "any")
        }
        self._appliances = missing_appliances(config)
        named = config.lists.named if config.lists is not None else ()
        self._lists = [name for item in named for name in item.names]

    def value(self, slot: str, kind: str | None) -> str | None:
        """Words for one hole, or None when the configuration has nothing to put there."""
        rng = self._rng
        choices = {
            "name": self.names.get(kind or "any"),
            "area": self._areas,
            "floor": self._floors,
            "color": list(COLORS),
            "appliance": self._appliances,
            "title": TITLES,
            "item": ITEMS,
            "todo": self._lists,
        }.get(slot)
        if choices is not None:
            return rng.choice(choices) if choices else None
        if slot == "word":
            return rng.choice([*CHATTER_WORDS, *self.names["any"][:20]])
        if slot == "temperature":
            whole = rng.randint(15, 28)
            return str(whole + 0.5) if rng.random() < 0.15 else _number(whole, rng)
        if slot == "kelvin":
            return str(rng.randrange(2000, 6600, 100))
        if slot in _SHARES and rng.random() < 0.15:
            return rng.choice(_SHARES[slot])
        if slot in ("brightness", "position", "volume_level", "number"):
            return _number(rng.choice((rng.randint(0, 100), rng.randrange(0, 101, 10))), rng)
        return None


def missing_appliances(config: Config) -> list[str]:
    """APPLIANCES without those whose words the configuration's device names use (a home with a "Coffee
    Maker" does not learn that coffee machines are out of reach)."""
    named = {word for device in config.devices for name in device.names for word in normalize(name).split()}
    return [a for a in APPLIANCES if not (set(a.split()) - _COMMON) & named]


def _fits(device: Device, kind: str) -> bool:
    """Whether a device can fill a ``{name:kind}`` hole."""
    return kind == "any" or device.domain in KINDS[kind]


def _number(value: int, rng: random.Random) -> str:
    """A number as digits or as words."""
    return str(value) if rng.random() < 0.6 else number_to_words(value)
