"""A command put off ("in 20 minutes turn off the bedroom lamp", "close the garage door after an hour"): a
timer that carries it out when it ends, as Home Assistant reads it (HassStartTimer with
conversation_command)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistantd import intents
from assistantd.fusion.remarks import before_remarks_said
from assistantd.grammar.durations import DURATION_PATTERN, parse_duration
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers

_LATER = rf"(?:in|after) (?P<length>{DURATION_PATTERN})(?: (?:from now|time))?"
_PUT_OFF_FIRST = re.compile(rf"{_LATER} (?:then |please )?(?P<command>.+)")
_PUT_OFF_LAST = re.compile(rf"(?P<command>.+?) {_LATER}")
"""A command put off: "in 20 minutes turn off the lamp", "turn off the lamp in 20 minutes"."""


def said_later(text: str) -> bool:
    """Whether the words end with when the command before them is to be done ("... in 5 minutes")."""
    return _PUT_OFF_LAST.fullmatch(strip_fillers(normalize(text), asides=True)) is not None


def put_off(text: str, read: Callable[[str], Intent], certain: Callable[[Intent], bool]) -> Intent | None:
    """The timer for a command put off, where read (the grammar) reads the command itself with certainty;
    None for anything else."""
    words = strip_fillers(normalize(before_remarks_said(text)), asides=True)  # "..., I'm reading"
    found = _PUT_OFF_FIRST.fullmatch(words) or _PUT_OFF_LAST.fullmatch(words)
    length = parse_duration(found.group("length")) if found is not None else None
    if found is None or length is None:
        return None
    command = strip_fillers(found.group("command"))  # "in 20 minutes can you turn off the lamp"
    inner = read(command)
    if not certain(inner) or inner.name not in intents.ACTING:
        return None
    slots = Slots(**length, conversation_command=command)  # type: ignore[arg-type]
    return Intent(intents.START_TIMER, slots, inner.confidence, text=text, recognizer=inner.recognizer)
