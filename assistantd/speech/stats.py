"""What the speech pipeline counts since it started (for logs, metrics, tests and the benchmark)."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field


@dataclass(slots=True)
class SpeechStats:
    """Counters since start (for logs, tests and the benchmark)."""

    utterances: int = 0
    delivered: int = 0
    dropped_short: int = 0
    rejected: collections.Counter[str] = field(default_factory=collections.Counter)
    gated: collections.Counter[str] = field(default_factory=collections.Counter)
    """Transcripts delivered, by the gate's reason (wake_phrase, follow_up, not_addressed, ...); no_wake:
    utterances not transcribed because no wake word was heard (listening mode wake_word)."""
    wakes: int = 0
    """Wake words the wake word engine heard (listening mode wake_word), checked_wakes among them."""
    checked_wakes: int = 0
    """Unsure wakes that Whisper confirmed (it heard the wake word at the start of the utterance)."""
    false_wakes: int = 0
    """Wakes whose utterance speech-to-text rejected as silence, noise or a hallucination: most likely no
    one said the wake word."""
    speculative_started: int = 0
    speculative_used: int = 0
    speculative_discarded: int = 0
    speculative_back_in_pause: int = 0
    """Speculative transcripts that came back while the speaker was still silent (live audio)."""
    early_commits: int = 0
    """Utterances ended early (complete_silence_ms) because their speculative transcript was a whole
    command."""
    glances_used: int = 0
    """Early ends whose transcript was a glance (a shorter encoder window, speech.glance)."""
