"""What a satellite's camera saw while a command was said, as it travels with the command (JSON "seen").

A satellite with a camera sends, with each command, the hand and face events around its words, their times
relative to the end of speech (``t_ms``, negative before it): the coordinator puts them back on its own
clock when the command arrives, so "turn that on" while pointing in the kitchen is read with the kitchen's
pointing, and no clock is shared between the boxes. The events are the vision events' own fields (see
`assistantd.vision.publish`), kept few: every gesture and head gesture, the latest pointings, and the face
only where what it shows changes. Pure; malformed input raises InputError.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from assistantd.errors import InputError
from assistantd.events import Event, FaceEvent, GestureEvent, PointingEvent

MAX_SEEN = 24
"""At most this many events travel with one command (a few hundred bytes each at most)."""
MAX_CANDIDATES = 5
"""Pointing candidates kept per event, best first."""
_DIGITS = 3


def seen_documents(events: Iterable[Event], end_ms: int) -> list[dict[str, object]]:
    """The documents of the events that matter to a command ending at end_ms (monotonic ms), oldest first."""
    kept: list[Event] = []
    last_face: dict[str, tuple[object, ...]] = {}
    for event in events:
        if isinstance(event, GestureEvent) and event.phase == "start":
            kept.append(event)
        elif isinstance(event, PointingEvent) and event.candidates:
            kept.append(event)
        elif isinstance(event, FaceEvent):
            shown = (event.expression, event.attending, event.faces)
            if event.head_gesture or last_face.get(event.person) != shown:
                kept.append(event)
            last_face[event.person] = shown
    while len(kept) > MAX_SEEN:  # the oldest pointing or plain face goes first, gestures last
        plain = [i for i, e in enumerate(kept) if not isinstance(e, GestureEvent) and not _nod(e)]
        del kept[plain[0] if plain else 0]
    return [_document(event, end_ms) for event in kept]


def _nod(event: Event) -> bool:
    return isinstance(event, FaceEvent) and bool(event.head_gesture)


def _document(event: Event, end_ms: int) -> dict[str, object]:
    document: dict[str, object]
    if isinstance(event, GestureEvent):
        document = {"type": "gesture", "gesture": event.gesture, "score": round(event.score, _DIGITS)}
        document.update({"hand": event.hand} if event.hand else {})
        document.update({"phase": "hold", "held_ms": event.held_ms} if event.phase == "hold" else {})
    elif isinstance(event, PointingEvent):
        candidates = [[device, round(score, _DIGITS)] for device, score in event.candidates[:MAX_CANDIDATES]]
        document = {"type": "pointing", "candidates": candidates}
        document.update({"hand": event.hand} if event.hand else {})
    else:
        assert isinstance(event, FaceEvent)  # noqa: S101 - the only kind left
        document = {"type": "face", "expression": event.expression, "attending": event.attending,
                    "faces": event.faces}  # fmt: skip
        document.update({"head_gesture": event.head_gesture} if event.head_gesture else {})
    document["t_ms"] = event.timestamp_ms - end_ms
    if event.person:
        document["person"] = event.person
    return document


def sign_document(sign: GestureEvent | FaceEvent) -> dict[str, object]:
    """A gesture or nod as it is sent in place of words (``"sign"``)."""
    return _document(sign, sign.timestamp_ms)


def parse_sign(value: object) -> GestureEvent | FaceEvent:
    """A command's "sign": a gesture, or a face with a nod or shake."""
    event = _event(value)
    if isinstance(event, GestureEvent) or (isinstance(event, FaceEvent) and event.head_gesture):
        return event
    raise InputError('"sign" must be a gesture, or a face with a head gesture')


def parse_seen(value: object) -> tuple[Event, ...]:
    """The events of a command's "seen" list, their times relative to the end of speech."""
    if not isinstance(value, list):
        raise InputError('"seen" must be a list of events')
    if len(value) > MAX_SEEN:
        raise InputError(f'"seen" holds {len(value)} events, over the limit of {MAX_SEEN}')
    return tuple(_event(item) for item in value)


def _event(item: object) -> Event:
    if not isinstance(item, dict):
        raise InputError('each event of "seen" must be an object')
    kind = item.get("type")
    t_ms, person = _integer(item, "t_ms"), _text(item, "person")
    if kind == "gesture":
        return GestureEvent(_text(item, "gesture", required=True), _score(item.get("score")), t_ms,
                            hand=_text(item, "hand"), person=person, phase=_phase(item),
                            held_ms=_integer(item, "held_ms") if "held_ms" in item else 0)  # fmt: skip
    if kind == "pointing":
        candidates = item.get("candidates")
        if not isinstance(candidates, list) or len(candidates) > MAX_CANDIDATES:
            raise InputError(
                f'a pointing of "seen" needs "candidates": at most {MAX_CANDIDATES} [device, score]'
            )
        return PointingEvent(t_ms, 0.0, 0.0, candidates=_candidates(candidates), hand=_text(item, "hand"),
                             person=person)  # fmt: skip
    if kind == "face":
        attending, faces = item.get("attending", False), item.get("faces", 1)
        if not isinstance(attending, bool) or not isinstance(faces, int) or isinstance(faces, bool):
            raise InputError('a face of "seen" has "attending" true or false and "faces" a count')
        return FaceEvent(t_ms, expression=_text(item, "expression") or "neutral", attending=attending,
                         head_gesture=_text(item, "head_gesture"), faces=faces, person=person)  # fmt: skip
    raise InputError(f'an event of "seen" has type {kind!r}: gesture, pointing or face')


def _phase(item: dict[str, object]) -> str:
    phase = item.get("phase", "start")
    if phase not in ("start", "hold"):
        raise InputError('"phase" of a gesture in "seen" is "start" or "hold"')
    return str(phase)


def _candidates(items: Sequence[object]) -> tuple[tuple[str, float], ...]:
    found = []
    for item in items:
        if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], str) or not item[0]:
            raise InputError('a pointing candidate of "seen" is [device id, score]')
        found.append((item[0], _score(item[1])))
    return tuple(found)


def _score(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise InputError('a score in "seen" must be a number from 0 to 1')
    return float(value)


def _integer(item: dict[str, object], key: str) -> int:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 600_000:
        raise InputError(f'an event of "seen" needs "{key}": milliseconds relative to the end of speech')
    return value


def _text(item: dict[str, object], key: str, *, required: bool = False) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or len(value) > 64 or (required and not value):
        raise InputError(f'"{key}" of an event in "seen" must be a short string')
    return value


def on_clock(events: Sequence[Event], end_ms: int) -> tuple[Event, ...]:
    """The events with their relative times put on a clock where speech ended at end_ms."""
    return tuple(dataclasses.replace(event, timestamp_ms=end_ms + event.timestamp_ms) for event in events)
