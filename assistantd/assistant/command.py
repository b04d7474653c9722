"""A command as the assistant takes it: words typed or heard, with where and when they were heard."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.intents import Modality


@dataclass(frozen=True, slots=True)
class TextCommand:
    """A command as text, as if spoken."""

    text: str
    request_id: str | None = None
    """Echoed in the intent event so a sender can find its answer."""
    area: str | None = None
    """Area id or name where it was said, if not the site's."""
    modality: Modality = Modality.TEXT
    transcript_confidence: float | None = None
    """For speech: how sure speech-to-text was (0-1)."""
    spoken_from_ms: int | None = None
    """For speech: monotonic start of speech."""
    heard_ms: int | None = None
    """For speech: monotonic end of speech, where its latency is counted from."""
    text_ready_ms: int | None = None
    """For speech: monotonic time the transcript was ready (end of speech to it: the wait for the
    trailing silence and whatever transcription was still running)."""
    transcribe_ms: float | None = None
    """For speech: how long the speech-to-text run that was used took (it may have started at a pause,
    before the end of speech)."""
    speculative: bool = False
    """For speech: the transcript came from the run started at a pause."""
