"""Turns as tensors: the vocabulary, and batches of words, trigrams and evidence vectors for the model."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from assistantd.intent_model.features import (
    MAX_TOKENS,
    Evidence,
    context_vector,
    face_vector,
    gesture_vector,
    trigrams,
)
from assistantd.intent_model.net import Batch

PAD, SUMMARY, UNKNOWN = "<pad>", "<summary>", "<unk>"
MAX_TRIGRAMS = 12
"""Trigrams kept per word (longer words are cut)."""


class Vocabulary:
    """Word ids: padding 0, the summary position 1, unknown 2, then the words seen in training."""

    def __init__(self, words: Sequence[str]) -> None:
        """A vocabulary from its list of words, specials first."""
        self.words = list(words)
        self.ids = {word: index for index, word in enumerate(self.words)}

    @classmethod
    def build(cls, sentences: Sequence[Sequence[str]]) -> Vocabulary:
        """The vocabulary of some sentences, in a stable order."""
        seen = sorted({word for sentence in sentences for word in sentence})
        return cls([PAD, SUMMARY, UNKNOWN, *seen])

    def id(self, word: str) -> int:
        """A word's id (unknown words share one)."""
        return self.ids.get(word, 2)


def encode(vocabulary: Vocabulary, sentences: Sequence[Sequence[str]], evidence: Sequence[Evidence]) -> Batch:
    """A batch from word lists and their evidence (padded to the longest sentence)."""
    length = min(max((len(s) for s in sentences), default=0), MAX_TOKENS) + 1
    padding = [0] * MAX_TRIGRAMS
    hashed: dict[str, list[int]] = {}  # each word's trigram row, made once (most words recur)
    word_rows, gram_rows = [], []
    for sentence in sentences:
        kept = sentence[: length - 1]
        word_rows.append([1, *(vocabulary.id(word) for word in kept), *[0] * (length - 1 - len(kept))])
        gram_rows.append(
            [padding, *(_hashed(word, hashed) for word in kept), *[padding] * (length - 1 - len(kept))]
        )
    shape = (len(sentences), length)
    return Batch(
        torch.tensor(word_rows, dtype=torch.long).reshape(shape),
        torch.tensor(gram_rows, dtype=torch.long).reshape(*shape, MAX_TRIGRAMS),
        torch.tensor([gesture_vector(e) for e in evidence], dtype=torch.float32),
        torch.tensor([face_vector(e) for e in evidence], dtype=torch.float32),
        torch.tensor([context_vector(e, not s) for e, s in zip(evidence, sentences, strict=True)]),
    )


def _hashed(word: str, made: dict[str, list[int]]) -> list[int]:
    """A word's trigram hashes padded to MAX_TRIGRAMS (kept in `made`)."""
    row = made.get(word)
    if row is None:
        hashes = trigrams(word)[:MAX_TRIGRAMS]
        row = made[word] = hashes + [0] * (MAX_TRIGRAMS - len(hashes))
    return row
