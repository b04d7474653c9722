"""The grammar and the intent model side by side, combined by calibrated confidence.

Where the grammar matches with certainty it is nearly always right and costs nothing: it decides. Where it
matches nothing, or only fuzzily, the model reads the turn (paraphrases, misheard words, deixis, gestures)
and its calibrated confidence, times its command score, must clear a floor, otherwise the turn is rejected.
torch is imported only when a model is loaded, so the text-only daemon never pays for it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from assistantd import intents
from assistantd.config.model import Config
from assistantd.fusion.features import NO_EVIDENCE, Evidence
from assistantd.fusion.grammar import GrammarRecognizer
from assistantd.intents import Intent

if TYPE_CHECKING:
    from assistantd.fusion.predictor import ModelRecognizer
    from assistantd.fusion.train import Progress, Stop, TrainingConfig

_LOGGER = logging.getLogger(__name__)

GRAMMAR_TRUST = 0.6
"""Grammar confidence (exact matches ~0.97, fuzzy 0.55-0.95) at which its reading stands unchallenged."""
MODEL_FLOOR = 0.6
"""Calibrated model intent probability a reading needs to be taken (rejected turns have 0). The ensemble's
averaged probabilities are less peaked than one net's: on SLURP's iot_devel split and the multimodal suite,
0.7 lost right answers (follow-ups, paraphrases) and 0.5 let non-commands through; 0.6 kept both bars."""


class CombinedRecognizer:
    """Recognises intents with the grammar and, where it is unsure, the trained model."""

    def __init__(
        self,
        config: Config,
        *,
        model: ModelRecognizer | None = None,
        grammar: GrammarRecognizer | None = None,
        grammar_trust: float = GRAMMAR_TRUST,
        model_floor: float = MODEL_FLOOR,
    ) -> None:
        """Combine a grammar (compiled from config unless given) with a model (None: the grammar alone)."""
        self.grammar = grammar if grammar is not None else GrammarRecognizer(config)
        self.model = model
        self.grammar_trust = grammar_trust
        self.model_floor = model_floor

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        """The intent of a turn: its words heard in area_id (default: the site's), and other evidence."""
        heard = self.grammar.recognize(text, area_id=area_id) if text.strip() else intents.no_intent(text)
        if self.model is None or (heard.is_command and heard.confidence >= self.grammar_trust):
            return heard
        return self.decide(heard, self.model.recognize(text, area_id=area_id, evidence=evidence))

    def decide(self, heard: Intent, read: Intent) -> Intent:
        """The grammar's reading or the model's, whichever is surer; NONE when neither clears its bar."""
        if read.is_command and read.confidence >= self.model_floor and read.confidence > heard.confidence:
            if heard.name == read.name:
                return heard
            return read
        return heard


def load_model(
    config: Config,
    training: TrainingConfig | None = None,
    *,
    device: str | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> ModelRecognizer:
    """The model for a configuration: the cached checkpoint in the state directory, trained when missing
    (stop, asked before each batch, abandons the training)."""
    from assistantd.fusion.predictor import ModelRecognizer
    from assistantd.fusion.train import TrainingConfig, train_cached

    path: Path = train_cached(config, training or TrainingConfig(), progress=progress, stop=stop)
    return ModelRecognizer.load(path, config, device=device)
