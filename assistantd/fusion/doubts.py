"""Readings of the intent model that the words cast doubt on: asked about rather than carried out at once
(a next track beside "next to", a correction said on the fly, a level with a fraction, "on" and "off" both
said), or no command at all (a light effect the home has no way to show: "make the lamp blink")."""

from __future__ import annotations

import re

from assistantd import intents
from assistantd.fusion.clauses import corrected_mid_way
from assistantd.intents import Intent
from assistantd.text import normalize

_ON_OFF = frozenset({intents.TURN_ON, intents.TURN_OFF})
_BOTH_WAYS = frozenset({"on", "off"})
"""Words of both ways: an on/off reading of them by the model is asked about, never carried out at once."""
_LEVELS = frozenset({intents.LIGHT_SET, intents.SET_VOLUME, intents.SET_POSITION})
_TRACKS = frozenset({intents.MEDIA_NEXT, intents.MEDIA_PREVIOUS})
_BESIDE = re.compile(r"\bnext (?:to|door)\b")
_FRACTION = re.compile(r"\d[.,]\d|\band (?:a )?half\b")
_LIGHTING = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE, intents.LIGHT_SET})
_EFFECTS = re.compile(r"\b(?:blink|flash|strob|flicker|twinkl|puls)(?:e|es|s|ing|ed)?\b")
"""Light effects ("blink three times", "flashing", "strobe"): no light of the home is made to show one."""


def doubtful(intent: Intent) -> bool:
    """Whether the words cast doubt on a model's reading, so that it is asked about first."""
    if intent.recognizer != "model":
        return False
    words = normalize(intent.text)
    if intent.name in _TRACKS and _BESIDE.search(words):
        return True  # "the lamp next to the bed, on please" is no next track
    if intent.is_command and corrected_mid_way(words):
        return True  # "the lamp on, no wait, the play corner": what a correction meant is no guess
    if intent.name in _LEVELS and _FRACTION.search(intent.text):
        return True  # "turn it up to 21.5": a level with a fraction is a temperature, not a brightness
    # "switch the lights on, turn off" (a mishearing): which one is not for the model to guess
    return intent.name in _ON_OFF and _BOTH_WAYS <= set(words.split())


def an_effect(intent: Intent) -> bool:
    """Whether a model's reading of lights asks for an effect the home cannot show ("blink three times")."""
    return intent.name in _LIGHTING and _EFFECTS.search(normalize(intent.text)) is not None
