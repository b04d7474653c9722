"""Whether a transcript is speech worth understanding: silence, noise and Whisper's hallucinations are not. Pure.

Whisper trained on subtitles: on silence, noise or a lone word it invents "Thank you.", "Thanks for
watching!", "[Music]" or loops of one fragment. A transcript is rejected when it is empty or only a
sound annotation, when the model itself says there was no speech (no_speech_prob) or is unsure
(avg_logprob), when its text is repetitive (compression ratio, a fragment three times in a row), or
when it is one of the phrases Whisper is known to invent. Such a phrase tacked on after real words
("Turn on the lamp. Thanks for watching!") is cut off; immediate doubles ("pause, pause") are
collapsed; neither is rejected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistantd.config.speech import RejectionConfig
from assistantd.speech.transcriber import Transcript
from assistantd.text import normalize

HALLUCINATIONS: frozenset[str] = frozenset({
    "thank you", "thank you very much", "thank you so much", "thanks", "thanks for watching",
    "thank you for watching", "thank you so much for watching", "thanks for listening",
    "thank you for listening", "please subscribe", "subscribe", "like and subscribe",
    "please like and subscribe", "see you next time", "see you in the next video", "bye", "bye bye",
    "goodbye", "you", "so", "oh", "ah", "um", "uh", "hmm", "mm", "huh", "the end", "music", "applause",
    "laughter", "silence", "subtitles by the amara org community", "transcribed by", "i", "a", "the",
})  # fmt: skip
"""Normalised texts Whisper produces from silence or noise; none is a command."""
_CLAUSE_END = re.compile(r"(?<=[,.!?;])\s+")
_ANNOTATION = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|[♪♫]")
_UNSURE_NO_SPEECH_LOGPROB = -0.5
"""A high no_speech_prob rejects only text the decoder is not sure of (as Whisper itself does)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Accepted or not, why, the transcript's confidence and its cleaned text."""

    accepted: bool
    reason: str
    """"speech" when accepted; else empty, non_speech, no_speech, unsure, repetitive or hallucination."""
    confidence: float
    text: str


def confidence_of(transcript: Transcript) -> float:
    """0-1: the mean token probability, discounted by the no-speech probability."""
    if not math.isfinite(transcript.avg_logprob):
        return 0.0
    return round(max(0.0, min(1.0, math.exp(transcript.avg_logprob) * (1.0 - transcript.no_speech_prob))), 3)


def judge(transcript: Transcript, settings: RejectionConfig) -> Verdict:
    """The verdict on one transcript."""
    confidence = confidence_of(transcript)
    extra = {normalize(phrase) for phrase in settings.phrases}
    text = collapse_repeats(_ANNOTATION.sub(" ", transcript.text))
    text = strip_invented_tail(text, HALLUCINATIONS | extra).strip(" ,.-")
    words = normalize(text).split()
    if not transcript.text.strip():
        reason = "empty"
    elif not words:
        reason = "non_speech"
    elif (
        transcript.no_speech_prob > settings.no_speech_threshold
        and transcript.avg_logprob < _UNSURE_NO_SPEECH_LOGPROB
    ):
        reason = "no_speech"
    elif transcript.avg_logprob < settings.min_avg_logprob:
        reason = "unsure"
    elif transcript.compression_ratio > settings.max_compression_ratio or repeats(words) >= 3:
        reason = "repetitive"
    elif " ".join(words) in HALLUCINATIONS or " ".join(words) in extra:
        reason = "hallucination"
    else:
        return Verdict(True, "speech", confidence, text)
    return Verdict(False, reason, confidence, text)


def repeats(words: list[str], longest: int = 4) -> int:
    """The most times any fragment of 1..longest words occurs back to back."""
    best = 1
    for size in range(1, longest + 1):
        for start in range(len(words) - size):
            count = 1
            while words[start + count * size : start + (count + 1) * size] == words[start : start + size]:
                count += 1
            best = max(best, count)
    return best


def strip_invented_tail(text: str, phrases: frozenset[str] | set[str]) -> str:
    """The text without the known phrases that end it after other words ("..., thank you.")."""
    parts = _CLAUSE_END.split(text.strip())
    while len(parts) > 1 and normalize(parts[-1]) in phrases | {""}:
        parts.pop()
    return " ".join(parts)


def collapse_repeats(text: str) -> str:
    """A text whose whole is one phrase said twice ("pause, pause.") as the phrase once."""
    parts = [part.strip() for part in re.split(r"[,.!?;]+", text) if part.strip()]
    if len(parts) == 2 and normalize(parts[0]) == normalize(parts[1]):
        return parts[0]
    return text
