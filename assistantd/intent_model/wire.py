"""The intent model's reading of a turn, and the turn and its reading as JSON for the recognizer workers: the
words and the evidence go out, the prediction comes back, and the asker resolves its slot values against its
own configuration (the worker knows nothing of the dialogue, the room or the devices' states)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistantd.intent_model.features import Evidence

MAX_WORDS = 64
"""At most this many words of a turn go to the model (it reads 24)."""


@dataclass(frozen=True, slots=True)
class Prediction:
    """The model's reading of one turn."""

    intent: str
    confidence: float
    """Calibrated probability of the intent, 0-1."""
    command: float
    """Probability that the turn is a command at all (1 minus the rejection score): the mean of the
    rejection head's and the intent head's (1 - p(none)) estimates."""
    spans: tuple[tuple[str, str], ...]
    """(tag, words) for each run of tagged words."""
    words: tuple[str, ...]
    weights: tuple[float, ...]
    """How much gesture, face and context were let in beside the words (0-1 each)."""


_EVIDENCE_TYPES = {
    field.name: type(getattr(Evidence(), field.name)) for field in dataclasses.fields(Evidence)
}


def turn_json(text: str, evidence: Evidence) -> dict[str, Any]:
    """One turn as the model reads it: its words and its evidence."""
    return {"text": text, "evidence": dataclasses.asdict(evidence)}


def parse_turn(item: object) -> tuple[str, Evidence]:
    """A turn from its JSON; ValueError naming what is wrong."""
    if not isinstance(item, Mapping) or not isinstance(item.get("text"), str):
        raise ValueError('a turn is {"text": ..., "evidence": {...}}')
    evidence = item.get("evidence", {})
    if not isinstance(evidence, Mapping):
        raise ValueError("a turn's evidence must be an object")
    values: dict[str, Any] = {}
    for key, value in evidence.items():
        kind = _EVIDENCE_TYPES.get(key)
        if kind is None:
            raise ValueError(f"unknown evidence {key!r}")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not kind or (kind is float and not math.isfinite(value)):
            raise ValueError(f"evidence {key!r} must be a {kind.__name__}")
        values[key] = value
    return item["text"], Evidence(**values)


def prediction_json(prediction: Prediction) -> dict[str, Any]:
    """A prediction as JSON."""
    return {
        "intent": prediction.intent,
        "confidence": prediction.confidence,
        "command": prediction.command,
        "spans": [list(span) for span in prediction.spans],
        "words": list(prediction.words),
        "weights": list(prediction.weights),
    }


def parse_prediction(item: object) -> Prediction:
    """A prediction from its JSON; ValueError naming what is wrong."""
    try:
        assert isinstance(item, Mapping)  # noqa: S101 - turned into the ValueError below
        spans = tuple((str(tag), str(words)) for tag, words in item["spans"])
        words = tuple(str(word) for word in item["words"])[:MAX_WORDS]
        prediction = Prediction(
            str(item["intent"]),
            _probability(item["confidence"]),
            _probability(item["command"]),
            spans,
            words,
            tuple(_probability(weight) for weight in item["weights"]),
        )
    except (AssertionError, KeyError, TypeError, ValueError) as err:
        raise ValueError(f"malformed prediction: {err or type(err).__name__}") from err
    return prediction


def _probability(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{value!r} is no probability")
    return float(value)
