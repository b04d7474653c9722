"""Labelled multimodal turns: the documented JSON-lines format (`assistantd eval --turns`).

One line per turn::

    {"id": "deixis-001", "category": "deixis",
     "text": "turn that on",                    # may be empty (a gesture-only turn)
     "speech_confidence": 0.92,                 # optional, 1 for typed text
     "observations": [                          # optional, each with its monotonic time in ms
       {"type": "pointing", "t_ms": 1200, "candidates": [["floor_lamp", 0.91], ["tv", 0.30]]},
       {"type": "gesture", "t_ms": 1250, "gesture": "thumb_up", "score": 0.9},
       {"type": "face", "t_ms": 1300, "expression": "smile", "attending": true, "head_gesture": "nod"}],
     "speaker": "person2",                      # optional: who spoke, when the camera saw several people;
                                                # then an observation's "person" says whose it is, and
                                                # only the speaker's (and those of no person) count
     "context": {"area": "living_room",         # area id where it was heard (default: the site's)
                 "time": "21:30", "states": {"floor_lamp": "off", "tv": "playing"},
                 "text": "guests are sleeping in the bedroom",   # the context topic's text (optional)
                 "awaiting_confirmation": false,
                 "previous": {"intent": "HassTurnOn", "targets": ["kitchen_ceiling"], "slots": {}}},
     "expect": {"intent": "HassTurnOn", "targets": ["floor_lamp"], "ask": false}}

Pointing candidates are device ids already ranked against the home layout (the devices' ``location`` in
the configuration, as the vision pipeline's PointingEvent gives them). ``expect`` is optional; ``ask``
true means the assistant should ask which device rather than guess.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistantd.errors import InputError
from assistantd.fusion.turns import Observation, Previous, Turn, TurnContext


@dataclass(frozen=True, slots=True)
class Expected:
    """What a suite line says the turn means."""

    intent: str
    targets: tuple[str, ...] | None = None
    """None: targets are not checked."""
    ask: bool = False


@dataclass(frozen=True, slots=True)
class LabelledTurn:
    """A turn of a suite: its id, its category and what it means."""

    id: str
    category: str
    turn: Turn
    expect: Expected | None = None
    """None: no expectation, the turn is only read."""


def turn_from_json(item: dict[str, Any]) -> LabelledTurn:
    """A labelled turn from its JSON object."""
    observations = tuple(
        Observation(
            kind=str(o["type"]),
            t_ms=int(o.get("t_ms", 0)),
            gesture=str(o.get("gesture", "")),
            score=float(o.get("score", 0.0)),
            candidates=tuple((str(d), float(s)) for d, s in o.get("candidates", ())),
            expression=str(o.get("expression", "")),
            attending=bool(o.get("attending", True)),
            head_gesture=str(o.get("head_gesture", "")),
            person=str(o.get("person", "")),
        )
        for o in item.get("observations", ())
    )
    raw = item.get("context") or {}
    prev = raw.get("previous")
    previous = (
        Previous(
            str(prev["intent"]), tuple(prev.get("targets", ())), tuple((prev.get("slots") or {}).items())
        )
        if prev
        else None
    )
    context = TurnContext(
        area=raw.get("area"),
        time=str(raw.get("time", "")),
        states=tuple((str(k), str(v)) for k, v in (raw.get("states") or {}).items()),
        awaiting_confirmation=bool(raw.get("awaiting_confirmation", False)),
        previous=previous,
        text=_text(raw.get("text")),
    )
    expect = item.get("expect")
    expected = (
        Expected(
            str(expect["intent"]),
            tuple(expect["targets"]) if expect.get("targets") is not None else None,
            bool(expect.get("ask", False)),
        )
        if expect
        else None
    )
    turn = Turn(
        text=str(item.get("text", "")),
        speech_confidence=float(item.get("speech_confidence", 1.0)),
        observations=observations,
        context=context,
        speaker=str(item.get("speaker", "")),
    )
    return LabelledTurn(str(item["id"]), str(item.get("category", "")), turn, expected)


def _text(value: object) -> str:
    """The context text: a string (absent or null: none)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"context.text must be a string, not {type(value).__name__}")
    return " ".join(value.split())


def without_context(turn: LabelledTurn) -> LabelledTurn:
    """The same turn with no context text and no device states (what the context adds is then measured)."""
    context = dataclasses.replace(turn.turn.context, text="", states=())
    return dataclasses.replace(turn, turn=dataclasses.replace(turn.turn, context=context))


def load_turns(path: Path) -> list[LabelledTurn]:
    """The turns of a JSON-lines file; raises InputError naming a malformed line."""
    turns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                turns.append(turn_from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(f"{path}:{number}: not a turn: {err}") from err
    return turns
