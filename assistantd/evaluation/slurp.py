"""SLURP's smart-home sentences with their intents mapped to Home Assistant's where the mapping is clear."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistantd import intents

INTENT_MAP: dict[str, str] = {
    "hue_lightoff": intents.TURN_OFF,
    "hue_lighton": intents.TURN_ON,
    "hue_lightdim": intents.LIGHT_SET,
    "hue_lightup": intents.LIGHT_SET,
    "hue_lightchange": intents.LIGHT_SET,
    "wemo_on": intents.TURN_ON,
    "wemo_off": intents.TURN_OFF,
    "cleaning": intents.VACUUM_START,
}
"""SLURP intent (without its "iot_" scenario prefix) -> Home Assistant intent."""
OUT_OF_SCOPE: frozenset[str] = frozenset({"coffee"})
"""SLURP smart-home intents for appliances no configuration here has: the assistant must decline them
(robot vacuums are a domain of their own: "cleaning" is HassVacuumStart)."""


@dataclass(frozen=True, slots=True)
class SlurpSentence:
    """One sentence and what it should be recognised as (NONE for out-of-scope requests)."""

    text: str
    intent: str
    label: str
    """SLURP's own intent."""


def load_slurp(path: Path) -> list[SlurpSentence]:
    """The mapped and out-of-scope sentences of a SLURP JSON-lines file (others are left out)."""
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        label = str(item["intent"]).removeprefix("iot_")
        if label in INTENT_MAP:
            sentences.append(SlurpSentence(item["sentence"], INTENT_MAP[label], label))
        elif label in OUT_OF_SCOPE:
            sentences.append(SlurpSentence(item["sentence"], intents.NONE, label))
    return sentences
