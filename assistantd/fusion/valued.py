"""A value said in a clause of its own after the command it is for ("is it possible to dim the lights in here?
maybe to about 30 percent", "turn the sound down, say fifteen"): the command read with that value, as "dim the
lights in here to about 30 percent" is. The combined recognizer takes it only where the grammar reads the
whole with certainty and the reading sets a value."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistantd.fusion.remarks import REMARK_START, SOMEONE_SAYS
from assistantd.grammar.numbers import NUMBER_PATTERN
from assistantd.text import normalize, strip_fillers

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
_A_BIT = re.compile(r" (?:just )?(?:a (?:bit|little|touch|tad)|slightly)$")
"""How far said loosely before the value that says it ("open the curtains a bit, like a quarter")."""


def valued(clauses: Sequence[str]) -> str | None:
    """The clauses before one that says only a value, with that value, as normalised words ("dim the lights
    in here to about 30 percent"), where any clauses after it are remarks ("a bit brighter in here, say 70, I
    can't read my book"); None where no clause says only a value so."""
    said = [normalize(clause) for clause in clauses if clause and clause.strip()]
    for index in range(len(said) - 1, 0, -1):
        found = _ONLY_A_VALUE.match(strip_fillers(said[index], asides=True))
        if found is not None:
            return f"{_A_BIT.sub('', ' '.join(said[:index]))} to {found['value']}"
        if not (REMARK_START.match(said[index]) or SOMEONE_SAYS.match(said[index])):
            return None
    return None
