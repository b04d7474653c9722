"""The speech pipeline's transcription jobs: the speculative one started at a pause, and ended utterances
waiting for their transcript."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from assistantd.audio.endpointer import Segment, UtteranceEnded
from assistantd.audio.wakeword import WakeWordDetection
from assistantd.events import TranscriptEvent, Word
from assistantd.speech.rejection import Verdict
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import StageTimings


@dataclass(slots=True)
class Speculation:
    """A transcription started when a pause began."""

    index: int
    samples: int
    future: asyncio.Future[Transcript]


@dataclass(slots=True)
class Work:
    """An ended utterance waiting for its transcript."""

    event: UtteranceEnded
    speculative: asyncio.Future[Transcript] | None
    attending: bool
    woken: bool = False
    """The wake word engine woke during this utterance."""
    check_wake: WakeWordDetection | None = None
    """The unsure wake that admitted it: Whisper is to hear the wake word (speech.wake.WakeCheck)."""
    after_check: bool = False
    """Said in the follow-up window of an unsure wake not yet checked: heard only if Whisper confirms it."""


def transcript_event(
    segment: Segment, transcript: Transcript, verdict: Verdict, language: str
) -> TranscriptEvent:
    """The event for an accepted transcript: its words and voice activity on the stream's clock."""
    start = int(segment.start_ms)
    words = tuple(Word(w.text, start + w.start_ms, start + w.end_ms, w.probability)
                  for w in transcript.words)  # fmt: skip
    voice = tuple((int(at), round(probability, 3)) for at, probability in segment.voice)
    start_ms, end_ms = int(segment.speech_start_ms), int(segment.speech_end_ms)
    text, confidence = verdict.text, verdict.confidence
    return TranscriptEvent(text, confidence, start_ms, end_ms, words, language, voice, transcript.guessed,
                           transcript.alternatives)


def how_made(timings: StageTimings) -> str:
    """How the transcript was made, for the log line."""
    if timings.early:
        return ", speculative, ended at the pause"
    return ", speculative" if timings.speculative else ""


def cancel_job(future: asyncio.Future[Transcript]) -> None:
    """Cancel a job; a result or error that comes anyway is collected, not left unretrieved."""
    future.cancel()
    if future.done() and not future.cancelled():
        future.exception()
