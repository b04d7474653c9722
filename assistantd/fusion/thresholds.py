"""When a reading stands, is taken, is carried out at once or asked about first: the grammar's confidence
and the model's calibrated probability against the floors below (calibrated on the held-out dev split by
benchmarks/calibration.py)."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd import intents
from assistantd.intents import Intent

GRAMMAR_TRUST = 0.6
"""Grammar confidence (exact matches ~0.97, fuzzy 0.55-0.95) at which its reading stands unchallenged."""
ACT_FLOOR = 0.85
"""Calibrated model intent probability at which a command is carried out at once; between MODEL_FLOOR and
this the assistant asks "Did you mean ...?" first (a wrong action costs more trust than a question)."""
GRAMMAR_SURE = 0.8
"""Grammar confidence at which its reading is carried out at once (exact matches ~0.97); a fuzzy reading
below it (a name or a verb heard approximately) is asked about first."""
MODEL_FLOOR = 0.6
"""Calibrated model intent probability a reading needs to be taken (rejected turns have 0). The ensemble's
averaged probabilities are less peaked than one net's: on SLURP's iot_devel split and the multimodal suite,
0.7 lost right answers (follow-ups, paraphrases) and 0.5 let non-commands through; 0.6 kept both bars."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a reading stands, is taken, is carried out at once or asked about first (calibrated on the
    held-out dev split by benchmarks/calibration.py)."""

    grammar_trust: float = GRAMMAR_TRUST
    model_floor: float = MODEL_FLOOR
    act_floor: float = ACT_FLOOR
    grammar_sure: float = GRAMMAR_SURE

    def certain(self, heard: Intent) -> bool:
        """Whether the grammar's reading stands unchallenged (the model is not asked)."""
        return heard.is_command and heard.confidence >= self.grammar_trust

    def decide(self, heard: Intent, read: Intent) -> Intent:
        """The grammar's reading or the model's, whichever is surer; NONE when neither clears its bar."""
        if read.is_command and read.confidence >= self.model_floor and read.confidence > heard.confidence:
            if heard.name == read.name:
                return heard
            return read
        return heard

    def sure(self, intent: Intent) -> bool:
        """Whether a reading is certain enough to act on at once (anything that is no command is)."""
        if not intent.is_command:
            return True
        if intent.recognizer == "model":
            return intent.confidence >= self.act_floor
        return intent.confidence >= self.grammar_sure

    def act_bar(self, intent: Intent) -> float:
        """The confidence at which a command is carried out at once (the model's or the grammar's bar)."""
        return self.act_floor if intent.recognizer == "model" else self.grammar_sure

    def asks_first(self, intent: Intent) -> bool:
        """Whether the assistant asks "Did you mean ...?" before carrying out a reading: a command that
        acts on devices, understood without certainty."""
        return intent.name in intents.ACTING and not self.sure(intent)
