"""Training the intent model on examples generated from a configuration: seeded, on CPU, in one loop."""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch.nn import functional as F

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.errors import TrainingStopped
from assistantd.intent_model.encoding import Vocabulary, encode
from assistantd.intent_model.features import CONTEXT_SIZE, FACE_SIZE, GESTURE_SIZE, TRIGRAM_BUCKETS
from assistantd.intent_model.net import Batch, IntentModel, Labels, NetConfig
from assistantd.intent_model.recipe import FORMAT_VERSION, TrainingConfig, config_fingerprint
from assistantd.intent_model.slurp_text import out_of_scope_sentences
from assistantd.intent_model.training_data import TAGS, Example, generate

_LOGGER = logging.getLogger(__name__)
Progress = Callable[[int, int, float], None]
"""Called after each epoch with (epoch, epochs, mean loss)."""
Stop = Callable[[], bool]
"""Asked before each batch: True abandons the training (raises TrainingStopped)."""
_HELD_OUT_EVERY = 10
"""Every tenth borrowed out-of-scope sentence calibrates the model instead of training it."""


def _targets(examples: Sequence[Example], length: int) -> Labels:
    """Intent, tag and command targets (tags padded to length, the summary position ignored)."""
    tags = torch.full((len(examples), length), -100, dtype=torch.long)
    for row, example in enumerate(examples):
        for column, tag in enumerate(example.tags[: length - 1], 1):
            tags[row, column] = TAGS.index(tag)
    labels = [intents.ALL_INTENTS.index(e.intent) for e in examples]
    command = [0.0 if e.intent == intents.NONE else 1.0 for e in examples]
    return Labels(torch.tensor(labels), tags, torch.tensor(command))


def _stop_if_asked(stop: Stop | None) -> None:
    """TrainingStopped where training was asked to stop (checked between its steps and its batches)."""
    if stop is not None and stop():
        raise TrainingStopped


def _encode(vocabulary: Vocabulary, examples: Sequence[Example]) -> tuple[Batch, Labels]:
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


def _trimmed(inputs: Batch, targets: Labels, index: torch.Tensor) -> tuple[Batch, Labels]:
    """Some rows, cut to their longest sentence."""
    batch = _rows(inputs, index)
    length = int((batch.words > 0).sum(1).max())
    batch = batch._replace(words=batch.words[:, :length], trigrams=batch.trigrams[:, :length])
    chosen = Labels(*(part[index] for part in targets))
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
    """Generate the examples, fit the nets, calibrate on held-out examples; the checkpoint."""
    started = time.perf_counter()
    random.seed(training.seed)
    torch.manual_seed(training.seed)
    borrowed = out_of_scope_sentences()
    examples = generate(
        config,
        seed=training.seed,
        per_pattern=training.per_pattern,
        borrowed=[s for i, s in enumerate(borrowed) if i % _HELD_OUT_EVERY],
    )
    _stop_if_asked(stop)
    held_out = generate(
        config,
        seed=training.seed + 1,
        per_pattern=max(training.per_pattern // 5, 2),
        borrowed=borrowed[::_HELD_OUT_EVERY],
    )
    vocabulary = Vocabulary.build([e.words for e in examples])
    model_config = _net_config(len(vocabulary.words), training)
    model = IntentModel(model_config)
    _stop_if_asked(stop)
    encoded = _encode(vocabulary, examples)
    _stop_if_asked(stop)
    _fit(model, *encoded, training, progress, stop)
    temperature, accuracy = _calibrate(model, *_encode(vocabulary, held_out))
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


def _net_config(vocab_size: int, training: TrainingConfig) -> NetConfig:
    """The shape of the nets for a vocabulary and the training settings."""
    return NetConfig(
        vocab_size=vocab_size,
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


def _fit(
    model: IntentModel,
    inputs: Batch,
    targets: Labels,
    training: TrainingConfig,
    progress: Progress | None,
    stop: Stop | None,
) -> None:
    """The seeded training loop: AdamW with a one-cycle schedule, length-bucketed batches."""
    lengths = (inputs.words > 0).sum(1)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=training.learning_rate, weight_decay=0.01, fused=True
    )
    count = len(lengths)
    steps = training.epochs * -(-count // training.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, training.learning_rate, total_steps=steps)
    generator = torch.Generator().manual_seed(training.seed)
    for epoch in range(1, training.epochs + 1):
        model.train()
        total = 0.0
        for index in _batches(lengths, training.batch_size, generator):
            _stop_if_asked(stop)
            batch, batch_targets = _trimmed(inputs, targets, index)
            _, loss = model(batch, batch_targets)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[union-attr]
            optimizer.step()
            schedule.step()
            total += loss.item() * len(index)  # type: ignore[union-attr]
        mean = total / count
        _LOGGER.info("intent model: epoch %d/%d, loss %.4f", epoch, training.epochs, mean)
        if progress is not None:
            progress(epoch, training.epochs, mean)


def _calibrate(model: IntentModel, inputs: Batch, targets: Labels) -> tuple[float, float]:
    """The softmax temperature that calibrates the intent head on held-out examples, and its accuracy."""
    model.eval()
    with torch.no_grad():
        logits, _ = model(inputs)
        temperature = fit_temperature(logits.intent, targets.intent)
        accuracy = (logits.intent.argmax(-1) == targets.intent).float().mean().item()
    return temperature, accuracy
