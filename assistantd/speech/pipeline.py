"""The speech pipeline the daemon runs: audio source -> VAD/endpointing -> faster-whisper -> gate -> Utterance.

Two tasks: one reads the source and cuts utterances (the VAD costs ~2 ms per second of audio, so it
runs on the loop); the other turns utterances into transcripts in order. Transcription runs in one
worker thread, one job at a time. When a pause begins, the audio so far is transcribed speculatively;
speech that resumes discards that job, and when the utterance ends with the same audio the
speculative transcript is used as it is, so the text is usually ready as the end is confirmed.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from assistantd.audio.endpointer import (
    Endpointer,
    EndpointEvent,
    PauseStarted,
    SpeechResumed,
    SpeechStarted,
    UtteranceDropped,
    UtteranceEnded,
)
from assistantd.audio.segmenter import Segmenter
from assistantd.audio.source import AudioSource
from assistantd.audio.sources import audio_source_for
from assistantd.audio.vad import VoiceDetector, make_vad
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.errors import AudioError, SpeechError
from assistantd.events import TranscriptEvent, Word
from assistantd.speech.bias import build_hotwords, build_prompt
from assistantd.speech.gate import ListeningGate
from assistantd.speech.rejection import judge
from assistantd.speech.transcriber import Transcriber, Transcript, WhisperTranscriber
from assistantd.speech.utterance import StageTimings, Utterance

__all__ = ["SpeechPipeline", "SpeechStats", "Utterance"]

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 8
"""Utterances waiting for transcription; beyond it the oldest is dropped with a warning."""


@dataclass(slots=True)
class SpeechStats:
    """Counters since start (for logs, tests and the benchmark)."""

    utterances: int = 0
    delivered: int = 0
    dropped_short: int = 0
    rejected: collections.Counter[str] = field(default_factory=collections.Counter)
    gated: collections.Counter[str] = field(default_factory=collections.Counter)
    """Transcripts delivered, by the gate's reason (wake_phrase, follow_up, not_addressed, ...)."""
    speculative_started: int = 0
    speculative_used: int = 0
    speculative_discarded: int = 0


@dataclass(slots=True)
class _Speculation:
    """A transcription started when a pause began."""

    index: int
    samples: int
    future: asyncio.Future[Transcript]


@dataclass(slots=True)
class _Work:
    """An ended utterance waiting for its transcript."""

    event: UtteranceEnded
    speculative: asyncio.Future[Transcript] | None
    attending: bool


class SpeechPipeline:
    """Microphone (or file, or capture command) to Utterances, handed to on_utterance on the event loop."""

    def __init__(
        self,
        config: Config,
        *,
        on_utterance: Callable[[Utterance], None],
        attention: Callable[[], bool] | None = None,
        source: AudioSource | None = None,
        transcriber: Transcriber | None = None,
        vad: VoiceDetector | None = None,
    ) -> None:
        self.config = config
        self.settings = config.speech or SpeechConfig()
        self.stats = SpeechStats()
        self._on_utterance = on_utterance
        self._attention = attention
        self._source = source
        self._transcriber = transcriber or WhisperTranscriber(
            self.settings.model,
            prompt=build_prompt(config, self.settings),
            hotwords=build_hotwords(config, self.settings),
        )
        self._vad = vad
        self._gate = ListeningGate(self.settings.listen)
        self._loaded = False
        self._speculation: _Speculation | None = None
        self._attending_at_start: dict[int, bool] = {}

    @property
    def transcriber(self) -> Transcriber:
        """The speech-to-text in use."""
        return self._transcriber

    async def load(self) -> None:
        """Load the model and the VAD (in threads); WhisperNotFoundError, WhisperLoadError or AudioError say why not."""
        if self._loaded:
            return
        await asyncio.to_thread(self._transcriber.load)
        if self._vad is None:
            vad = self.settings.vad
            self._vad = await asyncio.to_thread(make_vad, vad.engine, vad.threshold)
        self._loaded = True

    async def run(self) -> None:
        """Listen until cancelled (a file source: until the file ends); source failures are logged, not raised."""
        await self.load()
        if self.settings.listen.mode == "attention" and self._attention is None:
            _LOGGER.warning("Listening mode 'attention' without a camera: only the wake phrase is heard")
        source = self._source or audio_source_for(self.settings.source)
        endpointer = Endpointer(self.settings.endpointing, threshold=self.settings.vad.threshold)
        assert self._vad is not None
        segmenter = Segmenter(self._vad, endpointer)
        queue: asyncio.Queue[_Work | None] = asyncio.Queue(QUEUE_SIZE)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-to-text")
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._listen(source, segmenter, queue, executor), name="speech-listen")
                group.create_task(self._transcribe(queue, executor), name="speech-transcribe")
        finally:
            self._discard()
            executor.shutdown(wait=False, cancel_futures=True)

    async def _listen(
        self,
        source: AudioSource,
        segmenter: Segmenter,
        queue: asyncio.Queue[_Work | None],
        executor: ThreadPoolExecutor,
    ) -> None:
        """Read the source, cut utterances, start speculative jobs; ends with the source."""
        _LOGGER.info("Listening on %s (%s)", source.name, self.settings.listen.mode)
        try:
            async with contextlib.aclosing(source.chunks()) as chunks:
                async for chunk in chunks:
                    for event in segmenter.push(chunk):
                        self._on_event(event, queue, executor)
        except AudioError as err:
            _LOGGER.error("Speech input from %s stopped: %s", source.name, err)
        for event in segmenter.finish():
            self._on_event(event, queue, executor)
        await queue.put(None)

    def _on_event(
        self, event: EndpointEvent, queue: asyncio.Queue[_Work | None], executor: ThreadPoolExecutor
    ) -> None:
        """React to one endpointing event."""
        if isinstance(event, SpeechStarted):
            self._attending_at_start[event.index] = self._attending()
        elif isinstance(event, PauseStarted) and self.settings.speculative:
            self._discard()
            future = asyncio.get_running_loop().run_in_executor(
                executor, self._transcriber.transcribe, event.segment.samples
            )
            self._speculation = _Speculation(event.segment.index, len(event.segment.samples), future)
            self.stats.speculative_started += 1
        elif isinstance(event, SpeechResumed):
            self._discard()
        elif isinstance(event, UtteranceDropped):
            self.stats.dropped_short += 1
            self._attending_at_start.pop(event.index, None)
            self._discard()
        elif isinstance(event, UtteranceEnded):
            self._enqueue(event, queue)

    def _enqueue(self, event: UtteranceEnded, queue: asyncio.Queue[_Work | None]) -> None:
        """Queue an ended utterance with its speculative job when that saw the same audio."""
        self.stats.utterances += 1
        segment = event.segment
        speculation, self._speculation = self._speculation, None
        future = None
        if speculation is not None and (speculation.index, speculation.samples) == (
            segment.index,
            len(segment.samples),
        ):
            future = speculation.future
        elif speculation is not None:
            _cancel(speculation.future)
            self.stats.speculative_discarded += 1
        attending = self._attending_at_start.pop(segment.index, False)
        if queue.full():
            oldest = queue.get_nowait()
            _LOGGER.warning("Speech is coming faster than it is transcribed: dropping an utterance")
            if oldest is not None and oldest.speculative is not None:
                _cancel(oldest.speculative)
        queue.put_nowait(_Work(event, future, attending))

    def _discard(self) -> None:
        """Drop the speculative job (speech resumed, or the utterance was dropped)."""
        if self._speculation is not None:
            _cancel(self._speculation.future)
            self._speculation = None
            self.stats.speculative_discarded += 1

    async def _transcribe(self, queue: asyncio.Queue[_Work | None], executor: ThreadPoolExecutor) -> None:
        """Transcripts for queued utterances, in order; ends after the source's last."""
        loop = asyncio.get_running_loop()
        while (work := await queue.get()) is not None:
            future = work.speculative
            if future is None:
                future = loop.run_in_executor(
                    executor, self._transcriber.transcribe, work.event.segment.samples
                )
            try:
                transcript = await future
            except SpeechError as err:
                _LOGGER.error("Speech not transcribed: %s", err)
                continue
            self._deliver(work, transcript, float(monotonic_ms()))

    def _deliver(self, work: _Work, transcript: Transcript, ready_ms: float) -> None:
        """Judge, gate and hand on one transcript."""
        segment = work.event.segment
        timings = StageTimings(segment.speech_end_ms, work.event.at_ms, ready_ms, transcript.transcribe_ms,
                               work.speculative is not None)  # fmt: skip
        if work.speculative is not None:
            self.stats.speculative_used += 1
        verdict = judge(transcript, self.settings.rejection)
        if not verdict.accepted:
            self.stats.rejected[verdict.reason] += 1
            _LOGGER.info('Ignored audio %.1f s (%s): "%s" (p_no_speech %.2f, logprob %.2f)',
                         len(segment.samples) / 16_000, verdict.reason, transcript.text,
                         transcript.no_speech_prob, transcript.avg_logprob)  # fmt: skip
            return
        attending = work.attending or self._attending()
        decision = self._gate.admit(verdict.text, start_ms=segment.speech_start_ms, end_ms=segment.speech_end_ms,
                                    attending=attending)  # fmt: skip
        words = tuple(Word(w.text, int(segment.start_ms) + w.start_ms, int(segment.start_ms) + w.end_ms,
                           w.probability) for w in transcript.words)  # fmt: skip
        event = TranscriptEvent(verdict.text, verdict.confidence, int(segment.speech_start_ms),
                                int(segment.speech_end_ms), words, self.settings.model.language)  # fmt: skip
        self.stats.delivered += 1
        self.stats.gated[decision.reason] += 1
        latency = (
            f"{timings.speech_to_text_ms:.0f} ms" if timings.speech_to_text_ms >= 0 else "- (read ahead)"
        )
        _LOGGER.info('Heard "%s" (confidence %.2f, %s): speech end -> text %s, transcribe %.0f ms%s',
                     verdict.text, verdict.confidence, decision.reason.replace("_", " "), latency,
                     timings.transcribe_ms, ", speculative" if timings.speculative else "")  # fmt: skip
        self._on_utterance(Utterance(event, decision.text, decision.accepted, decision.reason, timings))

    def close_follow_up(self) -> None:
        """The last utterance was no command (or a "never mind"): the next one needs the wake phrase again."""
        self._gate.close_follow_up()

    def _attending(self) -> bool:
        """Whether a person attends now (False without a camera)."""
        return bool(self._attention()) if self._attention is not None else False


def _cancel(future: asyncio.Future[Transcript]) -> None:
    """Cancel a job; a result or error that comes anyway is collected, not left unretrieved."""
    future.cancel()
    if future.done() and not future.cancelled():
        future.exception()
