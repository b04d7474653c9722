"""What the intent model sees of a turn: words (with sub-word hashes) and the evidence of the other modalities.

Pure code without torch: the tokens and fixed-size evidence vectors are plain lists, turned into tensors
by the model's own code.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from assistantd import intents
from assistantd.gestures import GESTURES, HEAD_GESTURES
from assistantd.text import normalize

EXPRESSIONS: tuple[str, ...] = ("smile", "frown", "surprise", "anger")
"""Expressions other than neutral."""
TRIGRAM_BUCKETS = 4096
"""Hash buckets for character trigrams (so unseen and misheard words still carry meaning)."""
MAX_TOKENS = 24
"""Longer utterances are cut (commands are short)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The non-verbal evidence of one turn."""

    gesture: str = ""
    """A GESTURES name, or "" for none."""
    pointing_score: float = 0.0
    """Score (0-1) of the best pointing candidate; 0 when nobody pointed at a device."""
    head_gesture: str = ""
    """"nod", "shake" or ""."""
    expression: str = ""
    """One of EXPRESSIONS or "" (neutral)."""
    attending: bool = True
    """Whether the person faced the camera (True when there is no camera)."""
    speech_confidence: float = 1.0
    """The transcription's confidence (1 for typed text)."""
    awaiting_confirmation: bool = False
    """Whether the assistant has just asked for a yes or a no."""
    previous_intent: str = ""
    """The last turn's intent ("" for none)."""
    media_active: bool = False
    """Whether a media player is playing or on, as the device states or the context text say ("the TV is
    on", "we're watching a film"): then "turn it down" means its volume."""

    @property
    def anchored(self) -> bool:
        """Whether something was pointed at or said before: what "it" may stand for."""
        return self.pointing_score > 0 or bool(self.previous_intent)


NO_EVIDENCE = Evidence()

GESTURE_SIZE = len(GESTURES) + 1
FACE_SIZE = len(HEAD_GESTURES) + len(EXPRESSIONS) + 1
CONTEXT_SIZE = 5 + len(intents.ALL_INTENTS)


def _one_hot(value: str, names: tuple[str, ...]) -> list[float]:
    """One position per name; all zero when value is not one of them."""
    return [1.0 if value == name else 0.0 for name in names]


def gesture_vector(evidence: Evidence) -> list[float]:
    """The hand: which gesture, and how surely it pointed at a device."""
    return [*_one_hot(evidence.gesture, GESTURES), evidence.pointing_score]


def face_vector(evidence: Evidence) -> list[float]:
    """The face: nod or shake, expression, attention."""
    return [
        *_one_hot(evidence.head_gesture, HEAD_GESTURES),
        *_one_hot(evidence.expression, EXPRESSIONS),
        1.0 if evidence.attending else 0.0,
    ]


def context_vector(evidence: Evidence, text_empty: bool) -> list[float]:
    """The dialogue, the situation and the channel: confidence, pending question, a media player playing,
    the previous intent."""
    return [
        evidence.speech_confidence,
        1.0 if evidence.awaiting_confirmation else 0.0,
        1.0 if text_empty else 0.0,
        1.0 if evidence.media_active else 0.0,
        1.0 if evidence.previous_intent else 0.0,
        *_one_hot(evidence.previous_intent, intents.ALL_INTENTS),
    ]


def words_of(text: str) -> list[str]:
    """The normalised words of an utterance, cut at MAX_TOKENS."""
    return normalize(text).split()[:MAX_TOKENS] if text.strip() else []


def trigrams(word: str) -> list[int]:
    """The hash buckets of a word's character trigrams (with boundary marks), stable across runs."""
    marked = f"<{word}>"
    grams = [marked[i : i + 3] for i in range(max(len(marked) - 2, 1))]
    return [zlib.crc32(gram.encode()) % (TRIGRAM_BUCKETS - 1) + 1 for gram in grams]
