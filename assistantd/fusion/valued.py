"""A value said in a clause of its own after the command it is for ("is it possible to dim the lights in here?
maybe to about 30 percent", "turn the sound down, say fifteen"): the command read with that value, as "dim the
lights in here to about 30 percent" is. The combined recognizer takes it only where the grammar reads the
whole with certainty and the reading sets a value."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistantd import intents
from assistantd.fusion.remarks import REMARK_START, SOMEONE_SAYS
from assistantd.grammar.numbers import NUMBER_PATTERN
from assistantd.intents import Intent
from assistantd.text import normalize, strip_fillers

SURELY = 0.95
"""The grammar's confidence in a light's level read with the value said after it (the clauses' exact one)."""
VALUE_SLOTS = frozenset({"brightness", "temperature", "position", "volume_level"})
"""The slots a value said after the command may set."""
_SOFTLY = (
    r"(?:maybe|perhaps|say|lets say|let us say|like|about|around|roughly|something like|so|just|ideally)"
)
_UNIT = r"(?:percent|per cent|degrees|degree|celsius|fahrenheit)"
_SHARE = r"(?:a quarter|a third|half|halfway|three quarters|two thirds)(?: of the way)?"
_ONLY_A_VALUE = re.compile(
    rf"^(?:{_SOFTLY} )*(?:(?:down |up )?(?:to|at) )?(?:{_SOFTLY} )*"
    rf"(?P<value>(?:{NUMBER_PATTERN})(?: and a half)?(?: {_UNIT})?|{_SHARE})"
    r"(?: or so| if possible| or thereabouts)?$"
)
_A_BIT = re.compile(r"(?: only| just)? (?:a (?:bit|little|touch|tad)|slightly)(?: mind)?$")
"""How far said loosely before the value that says it ("open the curtains a bit, like a quarter")."""

_LIGHTER = re.compile(
    r"^(?:make|get) it (?:a (?:bit|little|touch|tad) |slightly |much )?(?:dimmer|darker|brighter|lighter)"
    r"(?P<where> in here| in (?:the )?\w+(?: room)?)$"
)
"""A lighter or darker place said before its level: the lights of that place set to it."""
_LIGHTS_LIGHTER = re.compile(
    r"(?P<lights>\b(?:lights?|lamps?)(?: (?:in|on) (?:here|the \w+(?: room)?))?)"
    r" (?:a (?:bit|little|touch|tad) |slightly |much )?(?:dimmer|darker|brighter|lighter|softer)$"
)
"""Lights wanted lighter or darker before their level ("could i have the lights in here a bit dimmer, maybe
forty"): the lights set to it."""


def valued(clauses: Sequence[str]) -> str | None:
    """The clauses before one that says only a value, with that value, as normalised words ("dim the lights
    in here to about 30 percent"), where any clauses after it are remarks ("a bit brighter in here, say 70, I
    can't read my book"); None where no clause says only a value so."""
    said = [normalize(clause) for clause in clauses if clause and clause.strip()]
    for index in range(len(said) - 1, 0, -1):
        found = _ONLY_A_VALUE.match(strip_fillers(said[index], asides=True))
        if found is not None:
            head = strip_fillers(_A_BIT.sub("", " ".join(said[:index])), asides=True)
            head = _LIGHTER.sub(r"set the lights\g<where>", head)  # "make it a bit dimmer in here, maybe 30"
            head = _LIGHTS_LIGHTER.sub(r"\g<lights>", head)
            return f"{head} to {found['value']}"
        if not (REMARK_START.match(said[index]) or SOMEONE_SAYS.match(said[index])):
            return None
    return None


def lit_at(clauses: Sequence[str], heard: Intent, read: Callable[[str], Intent]) -> Intent | None:
    """A light turned on (by name, or the lights of a place) with how bright said in a clause of its own after
    it ("would you put the lamp in the bedroom on? only a little, mind, about twenty per cent"): set to that
    level, where the grammar reads it so with certainty; None otherwise."""
    slots = heard.slots
    lights = f"lights in the {slots.area}" if slots.area and slots.domain == "light" else None
    thing = slots.name or lights
    said = valued(clauses) if heard.name == intents.TURN_ON and thing else None
    found = read(f"set the {thing} to {said.rsplit(' to ', 1)[1]}") if said is not None else None
    if found is None or found.name != intents.LIGHT_SET or found.confidence < SURELY:
        return None
    return found
