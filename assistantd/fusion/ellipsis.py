"""Elliptical follow-ups: "and the bedroom too", "what about the kitchen?", "same for the desk lamp".

Words that name one place or one device and nothing else but a connective repeat the previous command or
question there: after "what's the temperature", "and in the bedroom?" asks it of the bedroom; after "set
the kitchen lights to 40%", "and the office too" sets the office's lights to 40%. The grammar reads no such
turn and the model reads only some, so the dialogue reads them here, with certainty.
"""

from __future__ import annotations

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.exclusion import named_in
from assistantd.fusion.turns import Previous
from assistantd.intents import Intent, Slots
from assistantd.text import normalize

_CONNECTIVES = frozenset("and also too then now what how about same for with as well".split())
"""Words that make a bare place or device a follow-up (one of them must be said)."""
_FILLERS = _CONNECTIVES | frozenset("the in on at of please one ones there here one".split())
_KEPT = ("domain", "device_class", "state", "brightness", "brightness_step", "color", "color_temp_kelvin",
         "temperature", "position", "volume_level", "volume_step")  # fmt: skip
"""What the follow-up repeats of the previous turn's slots (the place or device is its own)."""
_REPEATABLE = (intents.ACTING | {intents.GET_STATE, intents.CLIMATE_GET_TEMPERATURE}) - {intents.TOGGLE}
"""A toggle is not repeated: "and the kitchen" after "toggle the lamp" may mean either state."""


def follow_up(config: Config, text: str, previous: Previous | None) -> Intent | None:
    """The previous command or question asked of the one place or device the words name, or None when the
    words are not such a follow-up."""
    if previous is None or previous.intent not in _REPEATABLE:
        return None
    words = normalize(text)
    if not set(words.split()) & _CONNECTIVES:
        return None
    areas, devices, rest = named_in(config, words)
    if len(areas) + len(devices) != 1 or set(rest.split()) - _FILLERS:
        return None
    slots = {key: value for key, value in previous.slots if key in _KEPT}
    if devices:
        device = config.device(next(iter(devices)))
        if device is None:
            return None
        slots["name"] = device.name
        if "domain" in slots and slots["domain"] != device.domain:  # "is it locked?" "and the garage door?"
            for key in ("domain", "device_class", "state"):
                slots.pop(key, None)
    else:
        area = config.area(next(iter(areas)))
        if area is None:
            return None
        slots["area"] = area.name
    return Intent(previous.intent, Slots(**slots), confidence=0.9, text=text, recognizer="grammar")  # type: ignore[arg-type]
