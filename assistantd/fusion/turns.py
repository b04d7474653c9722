"""Multimodal turns: the documented JSON-lines format, and recognising one turn with its target devices.

One line per turn::

    {"id": "deixis-001", "category": "deixis",
     "text": "turn that on",                    # may be empty (a gesture-only turn)
     "speech_confidence": 0.92,                 # optional, 1 for typed text
     "observations": [                          # optional, each with its monotonic time in ms
       {"type": "pointing", "t_ms": 1200, "candidates": [["floor_lamp", 0.91], ["tv", 0.30]]},
       {"type": "gesture", "t_ms": 1250, "gesture": "thumb_up", "score": 0.9},
       {"type": "face", "t_ms": 1300, "expression": "smile", "attending": true, "head_gesture": "nod"}],
     "context": {"area": "living_room",         # area id where it was heard (default: the site's)
                 "time": "21:30", "states": {"floor_lamp": "off"},
                 "awaiting_confirmation": false,
                 "previous": {"intent": "HassTurnOn", "targets": ["kitchen_ceiling"], "slots": {}}},
     "expect": {"intent": "HassTurnOn", "targets": ["floor_lamp"], "ask": false}}

Pointing candidates are device ids already ranked against the home layout (the devices' ``location`` in
the configuration, as the vision pipeline's PointingEvent gives them). ``expect`` is optional; ``ask``
true means the assistant should ask which device rather than guess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistantd.errors import InputError
from assistantd.events import Event, FaceEvent, GestureEvent, PointingEvent, TranscriptEvent
from assistantd.intent_model.features import Evidence


@dataclass(frozen=True, slots=True)
class Observation:
    """One timed observation of the hand or the face."""

    kind: str
    """"gesture", "pointing" or "face"."""
    t_ms: int
    gesture: str = ""
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    """Pointing: (device id, score 0-1), best first."""
    expression: str = ""
    attending: bool = True
    head_gesture: str = ""


@dataclass(frozen=True, slots=True)
class Previous:
    """The previous turn, as the dialogue remembers it."""

    intent: str
    targets: tuple[str, ...] = ()
    slots: tuple[tuple[str, str | int | float], ...] = ()


@dataclass(frozen=True, slots=True)
class TurnContext:
    """Where and when the turn happened and what came before."""

    area: str | None = None
    time: str = ""
    states: tuple[tuple[str, str], ...] = ()
    awaiting_confirmation: bool = False
    previous: Previous | None = None


@dataclass(frozen=True, slots=True)
class Expected:
    """What a suite line says the turn means."""

    intent: str
    targets: tuple[str, ...] | None = None
    """None: targets are not checked."""
    ask: bool = False


@dataclass(frozen=True, slots=True)
class Turn:
    """One multimodal turn."""

    id: str
    text: str = ""
    category: str = ""
    speech_confidence: float = 1.0
    observations: tuple[Observation, ...] = ()
    context: TurnContext = TurnContext()
    expect: Expected | None = None

    def evidence(self) -> Evidence:
        """The model's view of the turn's hand, face and dialogue."""
        gesture, pointing, face = "", 0.0, None
        for seen in sorted(self.observations, key=lambda o: o.t_ms):
            if seen.kind == "gesture":
                gesture = seen.gesture
            elif seen.kind == "pointing" and seen.candidates:
                pointing = max(pointing, seen.candidates[0][1])
                gesture = gesture or "pointing"
            elif seen.kind == "face":
                face = seen if face is None or seen.head_gesture or not face.head_gesture else face
        previous = self.context.previous
        return Evidence(
            gesture=gesture,
            pointing_score=pointing,
            head_gesture=face.head_gesture if face else "",
            expression=face.expression if face and face.expression != "neutral" else "",
            attending=face.attending if face else True,
            speech_confidence=self.speech_confidence,
            awaiting_confirmation=self.context.awaiting_confirmation,
            previous_intent=previous.intent if previous else "",
        )

    def pointed(self) -> tuple[tuple[str, float], ...]:
        """Every pointing candidate of the turn, best score per device, best first."""
        best: dict[str, float] = {}
        for seen in self.observations:
            for device, score in seen.candidates:
                best[device] = max(best.get(device, 0.0), score)
        return tuple(sorted(best.items(), key=lambda item: -item[1]))


def turn_from_json(item: dict[str, Any]) -> Turn:
    """A turn from its JSON object."""
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
    return Turn(
        id=str(item["id"]),
        text=str(item.get("text", "")),
        category=str(item.get("category", "")),
        speech_confidence=float(item.get("speech_confidence", 1.0)),
        observations=observations,
        context=context,
        expect=expected,
    )


def load_turns(path: Path) -> list[Turn]:
    """The turns of a JSON-lines file; raises InputError naming a malformed line."""
    turns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                turns.append(turn_from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(f"{path}:{number}: not a turn: {err}") from err
    return turns


def turn_from_events(
    transcript: TranscriptEvent | None, events: tuple[Event, ...], context: TurnContext, *, turn_id: str = ""
) -> Turn:
    """A turn from the fusion window: the utterance (if any) and the observations that overlap it."""
    observations: list[Observation] = []
    for event in events:
        if isinstance(event, GestureEvent) and event.phase == "start":
            observations.append(Observation("gesture", event.timestamp_ms, event.gesture, event.score))
        elif isinstance(event, PointingEvent):
            observations.append(Observation("pointing", event.timestamp_ms, candidates=event.candidates))
        elif isinstance(event, FaceEvent):
            observations.append(
                Observation(
                    "face",
                    event.timestamp_ms,
                    expression=event.expression,
                    attending=event.attending,
                    head_gesture=event.head_gesture,
                )
            )
    return Turn(
        id=turn_id,
        text=transcript.text if transcript is not None else "",
        speech_confidence=transcript.confidence if transcript is not None else 1.0,
        observations=tuple(observations),
        context=context,
    )
