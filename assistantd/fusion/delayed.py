"""A command put off ("in 20 minutes turn off the bedroom lamp", "close the garage door after an hour"): a
timer that carries it out when it ends, as Home Assistant reads it (HassStartTimer with
conversation_command)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistantd import intents
from assistantd.fusion.remarks import after_remarks_said, before_remarks_said
from assistantd.grammar.durations import DURATION_PATTERN, parse_duration
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers

_LATER = rf"(?:in|after) (?P<length>{DURATION_PATTERN})(?: (?:from now|time))?"
_PUT_OFF_FIRST = re.compile(
    rf"{_LATER} (?:then |please |if you (?:would not|wouldnt|do not|dont) mind |if you (?:would|could) )?"
    r"(?P<command>.+)"
)
_PUT_OFF_LAST = re.compile(rf"(?P<command>.+?) {_LATER}")
"""A command put off: "in 20 minutes turn off the lamp", "in half an hour, if you wouldn't mind, close the
curtains", "turn off the lamp in 20 minutes"."""


def said_later(text: str) -> bool:
    """Whether the words end with when the command before them is to be done ("... in 5 minutes")."""
    return _PUT_OFF_LAST.fullmatch(strip_fillers(normalize(text), asides=True)) is not None


def put_off(text: str, read: Callable[[str], Intent], certain: Callable[[Intent], bool]) -> Intent | None:
    """The timer for a command put off, where read (the grammar) reads the command itself with certainty,
    said with remarks after it ("..., I'm reading") or before it ("I always fall asleep reading, so in 20
    minutes ..."); None for anything else."""
    for said in dict.fromkeys((before_remarks_said(text), after_remarks_said(text))):
        words = strip_fillers(normalize(said), asides=True)
        found = _PUT_OFF_FIRST.fullmatch(words) or _PUT_OFF_LAST.fullmatch(words)
        length = parse_duration(found.group("length")) if found is not None else None
        if found is None or length is None:
            continue
        command = strip_fillers(found.group("command"))  # "in 20 minutes can you turn off the lamp"
        inner = read(command)
        if certain(inner) and inner.name in intents.ACTING:
            slots = Slots(**length, conversation_command=command)  # type: ignore[arg-type]
            return Intent(intents.START_TIMER, slots, inner.confidence, text=text,
                          recognizer=inner.recognizer)  # fmt: skip
    return None
