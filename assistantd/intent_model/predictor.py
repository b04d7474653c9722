"""The trained intent model as a recognizer: loads a checkpoint, predicts intents and slot values for turns."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import torch

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.intent_model.conventions import Reading, asks_about, slots_for
from assistantd.intent_model.encoding import Vocabulary, encode
from assistantd.intent_model.features import NO_EVIDENCE, Evidence, words_of
from assistantd.intent_model.net import IntentModel, NetConfig
from assistantd.intent_model.values import (
    PLACE_TAGS,
    Named,
    NameIndex,
    names_a_device,
    spoken_values,
    with_said_names,
)
from assistantd.intent_model.wire import Prediction
from assistantd.intents import Intent, Modality, Slots

_LOGGER = logging.getLogger(__name__)
COMMAND_FLOOR = 0.5
"""Command probability below which a turn is rejected as no command."""
_ACTING = frozenset(
    {
        intents.TURN_ON,
        intents.TURN_OFF,
        intents.TOGGLE,
        intents.LIGHT_SET,
        intents.SET_POSITION,
        intents.CLIMATE_SET_TEMPERATURE,
        intents.SET_VOLUME,
        intents.VACUUM_START,
        intents.VACUUM_RETURN,
        intents.MEDIA_SEARCH,
    }
)
"""Intents that act on the device named: one the home lacks makes the request one it cannot serve."""


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
        self._names = NameIndex(config)
        self._custom = {
            (sentence.intent, str(dict(sentence.slots)["name"])): dict(sentence.slots)
            for sentence in config.sentences
            if "name" in dict(sentence.slots)
        }

    def known_words(self) -> Sequence[str]:
        """Every word the model saw in training."""
        return self.vocabulary.words

    def unknown_words(self, text: str) -> tuple[str, ...]:
        """The words of a text the model never saw in training (numbers aside): what it reads of them it
        guessed from their letters alone."""
        return tuple(
            w for w in words_of(text) if self.vocabulary.id(w) == 2 and not any(c.isdigit() for c in w)
        )

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

    def to_intent(self, prediction: Prediction, text: str, area_id: str | None = None) -> Intent:
        """A prediction as an intent with slot values in the configuration's names, heard in area_id
        (None: the site's area; "": nowhere).

        Its confidence is the calibrated intent probability. It is NONE when the rejection score says it
        is no command at all, and when it names a device the home does not have ("turn on the toaster").
        """
        if prediction.intent == intents.NONE or prediction.command < COMMAND_FLOOR:
            return Intent(intents.NONE, text=text, confidence=0.0, recognizer="model")
        reading = self._reading(prediction, area_id)
        if reading is None:
            return Intent(intents.NONE, text=text, confidence=0.0, recognizer="model")
        name, slots = _as_volume(reading, self._slots(reading))
        return Intent(
            name=name,
            slots=Slots(**slots),  # type: ignore[arg-type]
            confidence=round(prediction.confidence, 3),
            modality=Modality.TEXT,
            text=text,
            recognizer="model",
        )

    def _slots(self, reading: Reading) -> dict[str, str | int | float]:
        """The reading's slots; a device the config's own sentences name with fixed slots gets those."""
        fixed = self._custom.get((reading.intent, reading.device.value)) if reading.device else None
        return {**fixed, **reading.values} if fixed is not None else slots_for(reading)

    def _reading(self, prediction: Prediction, area_id: str | None) -> Reading | None:
        """The prediction's names and values resolved; None when it would act on a device the home does
        not have (a tagged name that is none of its devices or places, and no device named elsewhere), or
        asks about nothing ("is pluto still a planet")."""
        tagged: list[Named] = []
        unknown = False
        for tag, words in prediction.spans:
            if tag in PLACE_TAGS:
                found = self._names.find(words, tag)
                tagged += [found] if found is not None else []
                unknown = unknown or (found is None and tag == "name" and names_a_device(words))
        named = with_said_names(tagged, self._names.scan(prediction.words))
        device = next((n for n in named if n.slot == "name"), None)
        if unknown and device is None and prediction.intent in _ACTING:
            return None
        place = next((n for n in named if n.slot != "name"), None)
        if prediction.intent == intents.GET_STATE and not (device or place or asks_about(prediction.words)):
            return None
        values = spoken_values(prediction.intent, prediction.spans, prediction.words)
        heard = self._config.area(self._config.site.area if area_id is None else area_id)
        return Reading(prediction.intent, prediction.words, device, place, values, heard and heard.name)

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        """The intent of one turn heard in area_id (None: the site's area; "": nowhere)."""
        return self.to_intent(self.predict([text], [evidence])[0], text, area_id)


_SlotValues = dict[str, str | int | float]


def _as_volume(reading: Reading, slots: _SlotValues) -> tuple[str, _SlotValues]:
    """A light's level read for a media player ("turn the telly up a bit") is its volume: the level a volume,
    a step left for the words to say (the daemon's steps are its own)."""
    named = reading.device.devices if reading.device is not None else ()
    players = bool(named) and all(device.domain == "media_player" for device in named)
    if reading.intent != intents.LIGHT_SET or not players or "color" in slots or "color_temp_kelvin" in slots:
        return reading.intent, slots
    kept = {key: value for key, value in slots.items() if key not in ("brightness", "brightness_step")}
    return intents.SET_VOLUME, kept | ({"volume_level": slots["brightness"]} if "brightness" in slots else {})


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
