"""What the speech pipeline hands the daemon for each utterance it heard."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.events import TranscriptEvent


@dataclass(frozen=True, slots=True)
class StageTimings:
    """When each stage of one utterance finished. Times are monotonic milliseconds."""

    speech_end_ms: float
    """The end of the last voiced frame."""
    endpoint_ms: float
    """When the end of the utterance was confirmed (trailing silence later), on the audio's clock."""
    ready_ms: float
    """When the transcript was ready, on the monotonic clock."""
    transcribe_ms: float
    """How long the transcription used took to run."""
    speculative: bool
    """The transcript came from the speculative run started at the pause."""
    early: bool = False
    """The utterance was ended at its pause because that transcript was a whole command."""

    @property
    def speech_to_text_ms(self) -> float:
        """End of speech to transcript (includes the trailing-silence wait)."""
        return self.ready_ms - self.speech_end_ms

    @property
    def endpoint_to_text_ms(self) -> float:
        """Confirmed end of utterance to transcript (0 when the speculative text was already there)."""
        return max(0.0, self.ready_ms - self.endpoint_ms)


@dataclass(frozen=True, slots=True)
class Utterance:
    """One heard utterance: the transcript event, the text to understand, the gate's decision, the timings."""

    event: TranscriptEvent
    text: str
    """What to understand: the transcript without the wake phrase."""
    accepted: bool
    """The listening gate took it as a candidate command."""
    reason: str
    """The gate's reason: always, wake_phrase, attention, follow_up, not_addressed, wake_phrase_only."""
    timings: StageTimings
