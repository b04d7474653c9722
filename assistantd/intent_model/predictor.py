"""The trained intent model as a recognizer: loads a checkpoint, predicts intents and slot values for turns."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
from rapidfuzz import fuzz, process

from assistantd import intents
from assistantd.colors import COLORS
from assistantd.config.settings import Config
from assistantd.grammar.numbers import parse_number
from assistantd.intent_model.encoding import Vocabulary, encode
from assistantd.intent_model.features import NO_EVIDENCE, Evidence, words_of
from assistantd.intent_model.net import IntentModel, NetConfig
from assistantd.intents import Intent, Modality, Slots

_LOGGER = logging.getLogger(__name__)
_NAME_SCORE = 75.0
"""rapidfuzz score a tagged span must reach to stand for a configured name."""
_LIGHT_WORDS = frozenset({"light", "lights", "lamp", "lamps", "lite", "brightness"})
COMMAND_FLOOR = 0.5
"""Command probability below which a turn is rejected as no command."""
_SWITCHING = (intents.TURN_ON, intents.TURN_OFF, intents.LIGHT_SET)
_NUMERIC = {"brightness": int, "position": int, "volume_level": int, "temperature": float}


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


def pick_device() -> torch.device:
    """cuda when available, else cpu."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ModelRecognizer:
    """Predictions of a trained model, with slot values resolved against a configuration."""

    def __init__(
        self,
        checkpoint: dict[str, Any],
        config: Config,
        *,
        device: str | None = None,
        threads: int | None = 1,
    ) -> None:
        """Build the model from a self-describing checkpoint.

        On CPU, threads sets torch's (process-wide) thread count: one thread runs this small model's turn
        fastest and leaves the other core to speech and vision (None: leave torch's setting alone).
        """
        self.device = torch.device(device) if device else pick_device()
        if self.device.type == "cpu" and threads is not None:
            torch.set_num_threads(threads)
        self.model = IntentModel(NetConfig(**checkpoint["config"]))
        self.model.load_state_dict(checkpoint["state_dict"])
        self.model.to(self.device).eval()
        self.labels: list[str] = list(checkpoint["labels"])
        self.tags: list[str] = list(checkpoint["tags"])
        self.vocabulary = Vocabulary(checkpoint["vocab"])
        self.temperature = float(checkpoint["temperature"])
        self._config = config
        self._devices = {n: d.name for d in config.devices for n in d.names}
        self._areas = {n: a.name for a in config.areas for n in (a.name, *a.aliases)}

    @torch.no_grad()
    def predict(self, texts: Sequence[str], evidence: Sequence[Evidence] | None = None) -> list[Prediction]:
        """Predictions for a batch of turns (concurrent turns are batched together)."""
        sentences = [words_of(text) for text in texts]
        evidence = list(evidence) if evidence is not None else [NO_EVIDENCE] * len(texts)
        batch = encode(self.vocabulary, sentences, evidence)
        logits, _ = self.model(type(batch)(*(part.to(self.device) for part in batch)))
        probabilities = (logits.intent / self.temperature).softmax(-1).cpu()
        none = self.labels.index(intents.NONE)
        commands = ((logits.command.sigmoid().cpu() + 1.0 - probabilities[:, none]) / 2).clamp(0.0, 1.0)
        tags = logits.tags.argmax(-1).cpu()
        weights = logits.weights.cpu()
        results = []
        for row, words in enumerate(sentences):
            confidence, index = probabilities[row].max(-1)
            row_tags = [self.tags[t] for t in tags[row, 1 : len(words) + 1].tolist()]
            results.append(
                Prediction(
                    self.labels[int(index)],
                    float(confidence),
                    float(commands[row]),
                    _spans(words, row_tags),
                    tuple(words),
                    tuple(weights[row].tolist()),
                )
            )
        return results

    def to_intent(self, prediction: Prediction, text: str) -> Intent:
        """A prediction as an intent with slot values in the configuration's names.

        Its confidence is the calibrated intent probability, or 0 when the rejection score says it is
        no command at all (then it is NONE).
        """
        if prediction.intent == intents.NONE or prediction.command < COMMAND_FLOOR:
            return Intent(intents.NONE, text=text, confidence=0.0, recognizer="model")
        values: dict[str, str | int | float] = {}
        for tag, words in prediction.spans:
            value = self._slot_value(tag, words)
            if value is not None and tag not in values:
                values[tag] = value
        lights = _LIGHT_WORDS & set(prediction.words) or prediction.intent == intents.LIGHT_SET
        if prediction.intent in _SWITCHING and "name" not in values and lights:
            values["domain"] = "light"
        return Intent(
            name=prediction.intent,
            slots=Slots(**values),  # type: ignore[arg-type]
            confidence=round(prediction.confidence, 3) if prediction.command >= COMMAND_FLOOR else 0.0,
            modality=Modality.TEXT,
            text=text,
            recognizer="model",
        )

    def _slot_value(self, tag: str, words: str) -> str | int | float | None:
        """The configured name or the number a span stands for."""
        if tag in _NUMERIC:
            number = parse_number(words)
            return _NUMERIC[tag](number) if number is not None else None
        table = {"name": self._devices, "area": self._areas, "color": {c: c for c in COLORS}}.get(tag)
        if not table:
            return None
        found = process.extractOne(words, list(table), scorer=fuzz.WRatio, score_cutoff=_NAME_SCORE)
        return table[found[0]] if found else None

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        """The intent of one turn (area_id is unused: the place is left to target resolution)."""
        return self.to_intent(self.predict([text], [evidence])[0], text)

    def recognize_many(self, texts: Sequence[str], evidence: Sequence[Evidence]) -> list[Intent]:
        """The intents of turns that arrived together, read in one batch."""
        return [self.to_intent(p, text) for p, text in zip(self.predict(texts, evidence), texts, strict=True)]


def _spans(words: Sequence[str], tags: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """Runs of words that share a tag other than O."""
    spans: list[tuple[str, list[str]]] = []
    previous = "O"
    for word, tag in zip(words, tags, strict=True):
        if tag != "O" and tag == previous:
            spans[-1][1].append(word)
        elif tag != "O":
            spans.append((tag, [word]))
        previous = tag
    return tuple((tag, " ".join(w)) for tag, w in spans)
