"""Training the intent model on examples generated from a configuration: seeded, on CPU, cached by hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional as F

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.errors import TrainingStopped
from assistantd.intent_model.encoding import Vocabulary, encode
from assistantd.intent_model.features import CONTEXT_SIZE, FACE_SIZE, GESTURE_SIZE, TRIGRAM_BUCKETS
from assistantd.intent_model.net import Batch, IntentModel, ModelConfig, Targets
from assistantd.intent_model.training_data import TAGS, Example, generate

_LOGGER = logging.getLogger(__name__)
FORMAT_VERSION = 3
"""Bumped when the examples, features or model change, so cached checkpoints are retrained."""

Progress = Callable[[int, int, float], None]
"""Called after each epoch with (epoch, epochs, mean loss)."""
Stop = Callable[[], bool]
"""Asked before each batch: True abandons the training (raises TrainingStopped)."""


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
    """A hash of what the model learns from: names, aliases, areas, domains, custom sentences, settings."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "training": dataclasses.asdict(training),
        "areas": [(a.id, a.name, list(a.aliases)) for a in config.areas],
        "devices": [(d.id, d.name, list(d.aliases), d.domain, d.area) for d in config.devices],
        "sentences": [(s.intent, list(s.templates), [list(kv) for kv in s.slots]) for s in config.sentences],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _targets(examples: Sequence[Example], length: int) -> Targets:
    """Intent, tag and command targets (tags padded to length, the summary position ignored)."""
    tags = torch.full((len(examples), length), -100, dtype=torch.long)
    for row, example in enumerate(examples):
        for column, tag in enumerate(example.tags[: length - 1], 1):
            tags[row, column] = TAGS.index(tag)
    labels = [intents.ALL_INTENTS.index(e.intent) for e in examples]
    command = [0.0 if e.intent == intents.NONE else 1.0 for e in examples]
    return Targets(torch.tensor(labels), tags, torch.tensor(command))


def _encode(vocabulary: Vocabulary, examples: Sequence[Example]) -> tuple[Batch, Targets]:
    """Inputs and targets of some examples."""
    batch = encode(vocabulary, [e.words for e in examples], [e.evidence for e in examples])
    return batch, _targets(examples, batch.words.shape[1])


def _rows(batch: Batch, index: torch.Tensor) -> Batch:
    """Some rows of a batch."""
    return Batch(*(part[index] for part in batch))


def _batches(lengths: torch.Tensor, size: int, generator: torch.Generator) -> list[torch.Tensor]:
    """Shuffled batches of similar lengths (less padding): sorted within pools of 16 batches."""
    order = torch.randperm(len(lengths), generator=generator)
    batches = []
    for start in range(0, len(order), size * 16):
        pool = order[start : start + size * 16]
        pool = pool[torch.argsort(lengths[pool], stable=True)]
        batches += list(pool.split(size))
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def _trimmed(inputs: Batch, targets: Targets, index: torch.Tensor) -> tuple[Batch, Targets]:
    """Some rows, cut to their longest sentence."""
    batch = _rows(inputs, index)
    length = int((batch.words > 0).sum(1).max())
    batch = batch._replace(words=batch.words[:, :length], trigrams=batch.trigrams[:, :length])
    chosen = Targets(*(part[index] for part in targets))
    return batch, chosen._replace(tags=chosen.tags[:, :length])


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The softmax temperature that makes held-out confidences honest (least negative log-likelihood)."""
    grid = [0.5 + 0.1 * step for step in range(36)]
    losses = [F.cross_entropy(logits / t, labels).item() for t in grid]
    return grid[losses.index(min(losses))]


def train(
    config: Config,
    training: TrainingConfig = TrainingConfig(),
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> dict[str, Any]:
    """Train a model for a configuration; returns the self-describing checkpoint."""
    threads = torch.get_num_threads()
    torch.set_num_threads(training.threads)
    try:
        return _train(config, training, progress, stop)
    finally:
        torch.set_num_threads(threads)


def _train(
    config: Config, training: TrainingConfig, progress: Progress | None, stop: Stop | None
) -> dict[str, Any]:
    """The training loop."""
    started = time.perf_counter()
    random.seed(training.seed)
    torch.manual_seed(training.seed)
    examples = generate(config, seed=training.seed, per_pattern=training.per_pattern)
    held_out = generate(config, seed=training.seed + 1, per_pattern=max(training.per_pattern // 5, 2))
    vocabulary = Vocabulary.build([e.words for e in examples])
    model_config = ModelConfig(
        vocab_size=len(vocabulary.words),
        trigram_buckets=TRIGRAM_BUCKETS,
        n_intents=len(intents.ALL_INTENTS),
        n_tags=len(TAGS),
        gesture_size=GESTURE_SIZE,
        face_size=FACE_SIZE,
        context_size=CONTEXT_SIZE,
        d_model=training.d_model,
        n_layers=training.n_layers,
        members=training.members,
        word_dropout=training.word_dropout,
        dropout=training.dropout,
    )
    model = IntentModel(model_config)
    inputs, targets = _encode(vocabulary, examples)
    lengths = (inputs.words > 0).sum(1)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=training.learning_rate, weight_decay=0.01, fused=True
    )
    steps = training.epochs * -(-len(examples) // training.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, training.learning_rate, total_steps=steps)
    generator = torch.Generator().manual_seed(training.seed)
    for epoch in range(1, training.epochs + 1):
        model.train()
        total = 0.0
        for index in _batches(lengths, training.batch_size, generator):
            if stop is not None and stop():
                raise TrainingStopped
            batch, batch_targets = _trimmed(inputs, targets, index)
            _, loss = model(batch, batch_targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[union-attr]
            optimizer.step()
            schedule.step()
            total += loss.item() * len(index)  # type: ignore[union-attr]
        mean = total / len(examples)
        _LOGGER.info("intent model: epoch %d/%d, loss %.4f", epoch, training.epochs, mean)
        if progress is not None:
            progress(epoch, training.epochs, mean)
    model.eval()
    with torch.no_grad():
        held_inputs, held_targets = _encode(vocabulary, held_out)
        logits, _ = model(held_inputs)
        temperature = fit_temperature(logits.intent, held_targets.intent)
        accuracy = (logits.intent.argmax(-1) == held_targets.intent).float().mean().item()
    seconds = time.perf_counter() - started
    _LOGGER.info(
        "intent model: %d examples, held-out accuracy %.3f, %.1f s", len(examples), accuracy, seconds
    )
    return {
        "format": FORMAT_VERSION,
        "config": dataclasses.asdict(model_config),
        "training": dataclasses.asdict(training),
        "labels": list(intents.ALL_INTENTS),
        "tags": list(TAGS),
        "vocab": vocabulary.words,
        "state_dict": model.state_dict(),
        "temperature": temperature,
        "fingerprint": config_fingerprint(config, training),
        "held_out_accuracy": accuracy,
        "examples": len(examples),
        "training_seconds": seconds,
    }


def checkpoint_path(config: Config, training: TrainingConfig = TrainingConfig()) -> Path:
    """Where the checkpoint for a configuration lives in the state directory."""
    return config.state_directory / "models" / f"intent-{config_fingerprint(config, training)}.pt"


def train_cached(
    config: Config,
    training: TrainingConfig = TrainingConfig(),
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> Path:
    """The checkpoint for a configuration: trained and saved only when its hash has none yet."""
    path = checkpoint_path(config, training)
    if path.is_file():
        _LOGGER.info("intent model: up to date (%s)", path.name)
        return path
    checkpoint = train(config, training, progress=progress, stop=stop)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(checkpoint, partial)
    partial.replace(path)
    _LOGGER.info("intent model: saved %s", path)
    return path
