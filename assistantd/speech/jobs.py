"""The speech pipeline's transcription jobs: the speculative one started at a pause, and ended utterances
waiting for their transcript."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from assistantd.audio.endpointer import Segment, UtteranceEnded
from assistantd.audio.wakeword import WakeWordDetection
from assistantd.config.speech import SpeechConfig
from assistantd.events import TranscriptEvent, Word
from assistantd.speech.gate import ListeningGate
from assistantd.speech.rejection import Verdict, judge
from assistantd.speech.stats import SpeechStats
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import StageTimings, Utterance

_LOGGER = logging.getLogger("assistantd.speech.pipeline")


@dataclass(slots=True)
class Speculation:
    """A transcription started when a pause began."""

    index: int
    samples: int
    future: asyncio.Future[Transcript]
    """The job (a task when the transcript may end the utterance early: see SpeechPipeline._speculate)."""


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


def judged(work: Work, transcript: Transcript, ready_ms: float, settings: SpeechConfig, gate: ListeningGate,
           stats: SpeechStats, attending: bool) -> Utterance | None:  # fmt: skip
    """Judge and gate one transcript: the utterance to hand on, None for audio that was no speech."""
    segment = work.event.segment
    timings = StageTimings(segment.speech_end_ms, work.event.at_ms, ready_ms, transcript.transcribe_ms,
                           work.speculative is not None, work.event.reason == "early")  # fmt: skip
    if work.speculative is not None:
        stats.speculative_used += 1
    verdict = judge(transcript, settings.rejection)
    if not verdict.accepted:
        stats.rejected[verdict.reason] += 1
        stats.false_wakes += work.woken
        _LOGGER.info('Ignored audio %.1f s (%s): "%s" (p_no_speech %.2f, logprob %.2f)',
                     len(segment.samples) / 16_000, verdict.reason, transcript.text,
                     transcript.no_speech_prob, transcript.avg_logprob)  # fmt: skip
        return None
    decision = gate.admit(verdict.text, start_ms=segment.speech_start_ms, end_ms=segment.speech_end_ms,
                          attending=attending, woken=work.woken)  # fmt: skip
    event = transcript_event(segment, transcript, verdict, settings.model.language)
    stats.delivered += 1
    stats.gated[decision.reason] += 1
    latency = f"{timings.speech_to_text_ms:.0f} ms" if timings.speech_to_text_ms >= 0 else "- (read ahead)"
    _LOGGER.info('Heard "%s" (confidence %.2f, %s): speech end -> text %s, transcribe %.0f ms%s',
                 verdict.text, verdict.confidence, decision.reason.replace("_", " "), latency,
                 timings.transcribe_ms, how_made(timings))  # fmt: skip
    return Utterance(event, decision.text, decision.accepted, decision.reason, timings)


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
