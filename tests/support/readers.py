"""Reading sentences and turns as the recognition tests do: a sentence heard in an area given by name, and a
turn's intent, target devices and whether it asks first."""

from __future__ import annotations

from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Observation, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer


def heard_in(recognizer: CombinedRecognizer, config: Config, text: str, area: str | None) -> tuple[str, dict]:
    """The intent and slots of the words heard in the area of that name (None: the site's)."""
    area_id = next((known.id for known in config.areas if known.name == area), None) if area else None
    read = recognizer.recognize(text, area_id=area_id)
    return read.name, read.slots.as_dict()


def pointing(*candidates: tuple[str, float]) -> tuple[Observation, ...]:
    """A pointing hand's candidates (device id, score), 800 ms into the turn."""
    return (Observation("pointing", 800, candidates=candidates),)


def understood(
    reader: TurnRecognizer,
    text: str,
    observations: tuple[Observation, ...] = (),
    context: TurnContext | None = None,
) -> tuple[str, tuple[str, ...], bool]:
    """A turn's intent, the ids of its target devices and whether it asks first."""
    turn = Turn(text, observations=observations, context=context or TurnContext())
    result = reader.understand_turn(turn)
    return result.intent.name, tuple(device.id for device in result.targets.devices), result.ask


def in_here(
    reader: TurnRecognizer, text: str, observations: tuple[Observation, ...] = (), **context: object
) -> tuple[str, tuple[str, ...], bool]:
    """understood of a turn heard in the living room (or in the area context says)."""
    return understood(reader, text, observations, TurnContext(**{"area": "living_room", **context}))  # type: ignore[arg-type]
