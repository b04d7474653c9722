"""How the intent model is trained: the settings that are part of its cache key, and the key itself."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from assistantd.config.settings import Config
from assistantd.intent_model.slurp_text import digest, out_of_scope_sentences

FORMAT_VERSION = 6
"""Bumped when the examples, features or model change, so cached checkpoints are retrained."""


@dataclass(frozen=True, slots=True)
class TrainingConfig:
    """How to train (part of the cache key)."""

    seed: int = 0
    per_pattern: int = 20
    """Examples drawn from each pattern."""
    epochs: int = 5
    batch_size: int = 64
    learning_rate: float = 3e-3
    word_dropout: float = 0.1
    """Share of words replaced by the unknown word, so misheard words are read from their trigrams."""
    d_model: int = 96
    n_layers: int = 2
    members: int = 3
    """Nets trained side by side and averaged in probability (each adds its share of training time)."""
    dropout: float = 0.0
    """Dropout inside the transformer layers."""
    threads: int = 1
    """torch threads while training: this model's small steps run fastest on one (two cost 3x, measured)."""


def config_fingerprint(config: Config, training: TrainingConfig) -> str:
    """A hash of what the model learns from: names, aliases, areas, floors, domains, custom sentences,
    settings, and the borrowed out-of-scope sentences where a checkout has them."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "out_of_scope": digest(out_of_scope_sentences()),
        "floors": [(f.id, f.name, list(f.aliases)) for f in config.floors],
        "training": dataclasses.asdict(training),
        "areas": [(a.id, a.name, list(a.aliases)) for a in config.areas],
        "devices": [(d.id, d.name, list(d.aliases), d.domain, d.area) for d in config.devices],
        "sentences": [(s.intent, list(s.templates), [list(kv) for kv in s.slots]) for s in config.sentences],
        "lists": [list(item.names) for item in config.lists.named] if config.lists is not None else [],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
