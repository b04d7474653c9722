"""The multimodal intent model (PyTorch): a text encoder, evidence encoders, gated fusion, three heads.

Several such nets, differently initialised and trained side by side, are averaged in probability: one small
net's reading of unseen phrasings varies a lot with its seed, and the average is steadier and surer.

Shapes: B turns, T word positions (a summary position first), G trigram hashes per word, D model width,
E ensemble members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True, slots=True)
class NetConfig:
    """The model's sizes (saved in every checkpoint)."""

    vocab_size: int
    trigram_buckets: int
    n_intents: int
    n_tags: int
    gesture_size: int
    face_size: int
    context_size: int
    d_model: int = 96
    n_heads: int = 4
    n_layers: int = 2
    max_tokens: int = 25
    """Word positions including the summary position."""
    dropout: float = 0.1
    members: int = 1
    """Nets averaged in probability."""
    word_dropout: float = 0.0
    """Share of words each net sees as the unknown word while training (its own draw per net), so
    misheard and unseen words are read from their trigrams."""


class Batch(NamedTuple):
    """A batch of encoded turns."""

    words: torch.Tensor
    """(B, T) word ids; 0 pads, position 0 is the summary position."""
    trigrams: torch.Tensor
    """(B, T, G) trigram buckets; 0 pads."""
    gesture: torch.Tensor
    """(B, gesture_size)"""
    face: torch.Tensor
    """(B, face_size)"""
    context: torch.Tensor
    """(B, context_size)"""


class Labels(NamedTuple):
    """What a batch should produce."""

    intent: torch.Tensor
    """(B,) intent index."""
    tags: torch.Tensor
    """(B, T) tag index, -100 where ignored (summary position, padding)."""
    command: torch.Tensor
    """(B,) 1.0 for a command, 0.0 for a non-command."""


class Logits(NamedTuple):
    """What the model produces."""

    intent: torch.Tensor
    """(B, n_intents)"""
    tags: torch.Tensor
    """(B, T, n_tags)"""
    command: torch.Tensor
    """(B,) logit that the turn is a command at all (the rejection score's complement)."""
    weights: torch.Tensor
    """(B, 3) how much gesture, face and context were let in (0-1 each), beside the words."""


class TextEncoder(nn.Module):
    """Words (id plus character trigrams) through a small transformer encoder."""

    def __init__(self, config: NetConfig) -> None:
        super().__init__()
        self.words = nn.Embedding(config.vocab_size, config.d_model, padding_idx=0)
        self.trigrams = nn.EmbeddingBag(config.trigram_buckets, config.d_model, mode="mean", padding_idx=0)
        self.positions = nn.Embedding(config.max_tokens, config.d_model)
        layer = nn.TransformerEncoderLayer(
            config.d_model,
            config.n_heads,
            2 * config.d_model,
            config.dropout,
            batch_first=True,
            norm_first=True,
        )
        self.encoder = nn.TransformerEncoder(layer, config.n_layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(config.d_model)

    def forward(self, words: torch.Tensor, trigrams: torch.Tensor) -> torch.Tensor:
        """(B, T), (B, T, G) -> (B, T, D)"""
        grams = self.trigrams(trigrams.flatten(0, 1)).view(*words.shape, -1)  # (B, T, D) trigram means
        positions = torch.arange(words.shape[1], device=words.device)
        x = self.words(words) + grams + self.positions(positions)  # (B, T, D)
        padding = words == 0  # (B, T); the summary position (id 1) is never padding
        return self.norm(self.encoder(x, src_key_padding_mask=padding))


class EvidenceEncoder(nn.Module):
    """One modality's evidence vector as a D-wide token."""

    def __init__(self, size: int, d_model: int) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(size, d_model), nn.GELU(), nn.Linear(d_model, d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, size) -> (B, D)"""
        return self.net(x)


class ModalityGates(nn.Module):
    """Gated fusion: each modality's token is let in by a gate computed from it and the words.

    Gates are sigmoids rather than one softmax, so a modality never has to take weight from the others
    (a softmax over modalities collapsed onto the words during training, starving the gestures).
    """

    def __init__(self, d_model: int, n_modalities: int) -> None:
        super().__init__()
        self.gates = nn.ModuleList(nn.Linear(2 * d_model, 1) for _ in range(n_modalities))
        self.norm = nn.LayerNorm(d_model)

    def forward(self, text: torch.Tensor, tokens: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, D), (B, M, D) -> fused (B, D), gates (B, M)"""
        gates = torch.cat(
            [gate(torch.cat([text, tokens[:, m]], -1)).sigmoid() for m, gate in enumerate(self.gates)], -1
        )  # (B, M)
        return self.norm(text + torch.einsum("bm,bmd->bd", gates, tokens)), gates


class IntentNet(nn.Module):
    """One net: turns (words and evidence) to intent, slot tags and a command score."""

    def __init__(self, config: NetConfig) -> None:
        super().__init__()
        self.config = config
        d = config.d_model
        self.text = TextEncoder(config)
        self.gesture = EvidenceEncoder(config.gesture_size, d)
        self.face = EvidenceEncoder(config.face_size, d)
        self.context = EvidenceEncoder(config.context_size, d)
        self.fusion = ModalityGates(d, 3)
        self.intent_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, config.n_intents))
        self.command_head = nn.Sequential(nn.Linear(2 * d, d), nn.GELU(), nn.Linear(d, 1))
        self.tag_head = nn.Linear(2 * d, config.n_tags)

    def forward(self, x: Batch, targets: Labels | None = None) -> tuple[Logits, torch.Tensor | None]:
        """Logits for a batch, and the summed loss when targets are given."""
        words = x.words
        if self.training and self.config.word_dropout > 0:
            drop = (torch.rand(words.shape, device=words.device) < self.config.word_dropout) & (words > 2)
            words = words.masked_fill(drop, 2)  # 2: the unknown word (never padding or the summary)
        states = self.text(words, x.trigrams)  # (B, T, D)
        summary = states[:, 0]  # (B, D)
        tokens = torch.stack([self.gesture(x.gesture), self.face(x.face), self.context(x.context)], 1)
        fused, weights = self.fusion(summary, tokens)  # (B, D), (B, 3)
        both = torch.cat([summary, fused], -1)  # (B, 2D)
        per_word = torch.cat([states, fused[:, None].expand_as(states)], -1)  # (B, T, 2D)
        logits = Logits(
            self.intent_head(both), self.tag_head(per_word), self.command_head(both).squeeze(-1), weights
        )
        if targets is None:
            return logits, None
        tagged = (targets.tags != -100).sum().clamp(min=1)  # a batch of gesture-only turns has no words
        tag_loss = F.cross_entropy(
            logits.tags.flatten(0, 1), targets.tags.flatten(), ignore_index=-100, reduction="sum"
        )
        loss = (
            F.cross_entropy(logits.intent, targets.intent)
            + tag_loss / tagged
            + F.binary_cross_entropy_with_logits(logits.command, targets.command)
        )
        return logits, loss


class IntentModel(nn.Module):
    """The intent model: config.members nets, their probabilities averaged (logits are log-probabilities)."""

    def __init__(self, config: NetConfig) -> None:
        super().__init__()
        self.config = config
        self.members = nn.ModuleList(IntentNet(config) for _ in range(config.members))

    def forward(self, x: Batch, targets: Labels | None = None) -> tuple[Logits, torch.Tensor | None]:
        """Averaged logits for a batch, and the members' summed loss when targets are given."""
        outputs = [member(x, targets) for member in self.members]
        if len(outputs) == 1:
            return outputs[0]
        heads = [logits for logits, _ in outputs]
        intent = torch.stack([h.intent.log_softmax(-1) for h in heads]).exp().mean(0)  # (B, n_intents)
        tags = torch.stack([h.tags.log_softmax(-1) for h in heads]).exp().mean(0)  # (B, T, n_tags)
        command = torch.stack([h.command.sigmoid() for h in heads]).mean(0)  # (B,)
        logits = Logits(
            intent.clamp_min(1e-9).log(),
            tags.clamp_min(1e-9).log(),
            torch.logit(command, eps=1e-6),
            torch.stack([h.weights for h in heads]).mean(0),  # (B, 3)
        )
        losses = [loss for _, loss in outputs]
        return logits, None if targets is None else torch.stack(losses).sum()  # type: ignore[arg-type]
