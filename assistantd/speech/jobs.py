"""The speech pipeline's transcription jobs: the speculative one started at a pause, and ended utterances
waiting for their transcript."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from assistantd.audio.endpointer import UtteranceEnded
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
