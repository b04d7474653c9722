"""The speech pipeline the daemon runs: audio source -> VAD/endpointing -> faster-whisper -> gate -> Utterance.

Two tasks: one reads the source and cuts utterances (the VAD costs ~2 ms per second of audio, so it runs on
the loop); the other turns utterances into transcripts in order, in one worker thread, one job at a time.
When a pause begins, the audio so far is transcribed speculatively; speech that resumes discards that job,
and an utterance that ends with the same audio takes its transcript as it is. On live audio a speculative
transcript back while the speaker is still silent that is a whole command the recognizer is certain of
ends the utterance there and then (`commit_early`), before the trailing silence would have run out; it is
first made on a shorter encoder window (a glance, speech.glance: about half the time), taken when it and
the beam's next readings mean one whole command, else on the whole window.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from assistantd.audio.endpointer import (
    Endpointer,
    EndpointEvent,
    PauseStarted,
    Segment,
    SpeechResumed,
    SpeechStarted,
    UtteranceDropped,
    UtteranceEnded,
)
from assistantd.audio.segmenter import Segmenter
from assistantd.audio.source import AudioChunk, AudioSource
from assistantd.audio.sources import audio_source_for
from assistantd.audio.vad import VoiceDetector, make_vad
from assistantd.audio.wakeword import WakeWordDetection, WakeWordDetector, make_wake_word
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.config.speech import WAKE_WORD_MODELS, SpeechConfig
from assistantd.errors import AudioError, SpeechError
from assistantd.speech.gate import ListeningGate, strip_wake_phrase
from assistantd.speech.jobs import Speculation, Work, cancel_job, judged
from assistantd.speech.rejection import judge
from assistantd.speech.second_hearing import second_hearing_for
from assistantd.speech.stats import SpeechStats
from assistantd.speech.transcriber import Transcriber, Transcript, whisper_for
from assistantd.speech.utterance import Utterance
from assistantd.speech.wake import WakeAdmission, WakeCheck

__all__ = ["SpeechPipeline", "Utterance"]

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 8
"""Utterances waiting for transcription; beyond it the oldest is dropped with a warning."""


class SpeechPipeline:
    """Microphone (or file, or capture command) to Utterances, handed to on_utterance on the event loop."""

    def __init__(self, config: Config, *, on_utterance: Callable[[Utterance], None],
                 attention: Callable[[], bool] | None = None,
                 on_activity: Callable[[str], None] | None = None,
                 source: AudioSource | None = None, transcriber: Transcriber | None = None,
                 vad: VoiceDetector | None = None, wake_word: WakeWordDetector | None = None,
                 on_wake: Callable[[], None] | None = None, complete: Callable[..., bool] | None = None,
                 on_ended: Callable[[Segment, str], None] | None = None) -> None:  # fmt: skip
        """complete: whether words are a whole command the recognizer is certain of, and other readings of the
        same audio mean the same (a speculative transcript that is one ends the utterance at once; None:
        utterances end by the trailing silence);
        on_ended: the words heard so far, as speech pauses and as the utterance goes to be transcribed
        (its audio, and why: wake_word, attention, ...); the last call for an utterance is its end's."""
        self.config = config
        self.settings = config.speech or SpeechConfig()
        self.stats = SpeechStats()
        self._on_utterance = on_utterance
        self._attention = attention
        self._source = source
        self._transcriber = transcriber or whisper_for(config, self.settings)
        self._vad = vad
        listen = self.settings.listen
        waking = listen.mode == "wake_word"
        wake_phrase = WAKE_WORD_MODELS[self.settings.wake_word.model] if waking else None
        self._gate = ListeningGate(listen, wake_word=wake_phrase)
        self._wake = wake_word
        self._on_wake = on_wake
        self._on_ended = on_ended
        self.last_wake: WakeWordDetection | None = None  # ranks satellites that heard the same words
        self._complete = complete
        self.second_hearing = second_hearing_for(self._transcriber, complete, self._gate.phrases, config)
        self._early = False
        """Commit early in this run (commit_early, speculative, a completeness check, live audio)."""
        self._admission = WakeAdmission(self._gate, listen.follow_up_seconds) if waking else None
        self._check = WakeCheck(self._transcriber, wake_phrase or "", self.settings.rejection)
        self._loaded = False
        self._speculation: Speculation | None = None
        self._attending_at_start: dict[int, bool] = {}
        self._on_activity = on_activity
        self._hearing = False
        """Speech is being heard (between its start and its end or drop)."""
        self._waiting = 0
        """Ended utterances not yet transcribed and judged."""
        self._activity = "idle"
        self.muted = False
        """While muted no audio reaches the VAD or Whisper; what was being heard is dropped."""
        self.deaf = False
        """The same while the assistant's own voice plays (it must not hear itself); only the wake word engine
        still listens, so that saying the wake word interrupts the voice."""

    @property
    def activity(self) -> str:
        """listening (speech is being heard), thinking (heard speech is being transcribed) or idle."""
        return "listening" if self._hearing else "thinking" if self._waiting else "idle"

    def _activity_changed(self) -> None:
        activity = self.activity
        if activity != self._activity:
            self._activity = activity
            if self._on_activity is not None:
                self._on_activity(activity)

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
        if self._admission is not None and self._wake is None:
            self._wake = await asyncio.to_thread(make_wake_word, self.settings.wake_word)
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
        settings = self.settings
        self._early = (
            settings.commit_early and settings.speculative and self._complete is not None and source.live
        )
        queue: asyncio.Queue[Work | None] = asyncio.Queue(QUEUE_SIZE)
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-to-text")
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._listen(source, segmenter, queue, executor), name="speech-listen")
                group.create_task(self._transcribe(queue, executor), name="speech-transcribe")
        finally:
            self._discard()
            executor.shutdown(wait=False, cancel_futures=True)

    async def _listen(self, source: AudioSource, segmenter: Segmenter, queue: asyncio.Queue[Work | None],
                      executor: ThreadPoolExecutor) -> None:  # fmt: skip
        """Read the source, cut utterances, start speculative jobs; ends with the source."""
        _LOGGER.info("Listening on %s (%s)", source.name, self.settings.listen.mode)
        muted = False
        try:
            async with contextlib.aclosing(source.chunks()) as chunks:
                async for chunk in chunks:
                    if self.muted or self.deaf:
                        if not muted:
                            self._mute(segmenter)
                            muted = True
                        if not self.muted:  # deaf to its own voice, but the wake word can interrupt it
                            self._hear_wake_words(chunk)
                        continue
                    if muted:  # the VAD starts afresh, as after a gap
                        chunk, muted = dataclasses.replace(chunk, discontinuous=True), False
                    self._hear_wake_words(chunk)
                    for event in segmenter.push(chunk):
                        self._on_event(event, segmenter, queue, executor)
        except AudioError as err:
            _LOGGER.error("Speech input from %s stopped: %s", source.name, err)
        for event in segmenter.finish():
            self._on_event(event, segmenter, queue, executor)
        await queue.put(None)

    def _hear_wake_words(self, chunk: AudioChunk) -> None:
        """Listening mode wake_word: run the engine on the chunk before the VAD sees it."""
        if self._wake is None or self._admission is None:
            return
        for detection in self._wake.push(chunk):
            self._woke(detection)

    def _woke(self, detection: WakeWordDetection, *, chime: bool = True) -> None:
        """A wake word heard (unsure: Whisper is to check its utterance; chime: the wake sound)."""
        assert self._admission is not None
        self._admission.heard(detection)
        if not detection.sure:
            _LOGGER.info("Wake word %s maybe heard (%.2f): Whisper is to check", detection.model,
                         detection.probability)  # fmt: skip
            return
        self.stats.wakes += 1
        self.last_wake = detection
        _LOGGER.info("Wake word %s heard (%.2f)", detection.model, detection.probability)
        if chime and self._on_wake is not None:
            self._on_wake()

    def _not_woken(self, work: Work) -> None:
        """An utterance an unsure wake admitted (or one said after it) and Whisper did not confirm it."""
        self.stats.gated["no_wake"] += 1
        self._activity_changed()
        if work.speculative is not None:
            cancel_job(work.speculative)
        if self._admission is not None and work.check_wake is not None:
            self._admission.forget(work.check_wake)

    def _woken(self, segment: Segment) -> str | None:
        """Why an utterance may be transcribed (wake_word, attention, follow_up); None: it may not."""
        if self._admission is None:
            return "listening"
        attending = self._attending_at_start.get(segment.index, False) or self._attending()
        return self._admission.reason(segment, attending=attending)

    def _mute(self, segmenter: Segmenter) -> None:
        """Muted: what was being heard is dropped, not transcribed."""
        dropped = segmenter.finish()
        self._discard()
        self._attending_at_start.clear()  # what had ended was queued (and popped) already
        self._hearing = False
        if any(isinstance(event, UtteranceEnded) for event in dropped):
            _LOGGER.info("The microphone closed while speech was heard: that utterance is dropped")
        self._activity_changed()

    def _on_event(self, event: EndpointEvent, segmenter: Segmenter, queue: asyncio.Queue[Work | None],
                  executor: ThreadPoolExecutor) -> None:  # fmt: skip
        """React to one endpointing event."""
        if isinstance(event, SpeechStarted):
            self._attending_at_start[event.index] = self._attending()
            self._hearing = True
        elif isinstance(event, PauseStarted) and (reason := self._woken(event.segment)) is not None:
            if self._on_ended is not None:  # claimed before any transcript: in every room at about one time
                self._on_ended(event.segment, reason)
            if self.settings.speculative:
                self._discard()
                samples, loop = event.segment.samples, asyncio.get_running_loop()
                speculation = Speculation(event.segment.index, len(samples), loop.create_future())
                if self._early:  # the task replaces the placeholder before its first step runs
                    speculation.future = asyncio.ensure_future(
                        self._speculate(speculation, samples, segmenter, queue, executor)
                    )
                else:
                    speculation.future = loop.run_in_executor(executor, self._transcriber.transcribe, samples)
                self._speculation = speculation
                self.stats.speculative_started += 1
        elif isinstance(event, SpeechResumed):
            self._discard()
        elif isinstance(event, UtteranceDropped):
            self.stats.dropped_short += 1
            self._attending_at_start.pop(event.index, None)
            self._discard()
            self._hearing = False
        elif isinstance(event, UtteranceEnded):
            self._end(event, queue)
            self._hearing = False
        self._activity_changed()

    async def _speculate(self, speculation: Speculation, samples: np.ndarray, segmenter: Segmenter,
                         queue: asyncio.Queue[Work | None], executor: ThreadPoolExecutor) -> Transcript:
        """The speculative transcript of a pause that may end the utterance: first a glance (a shorter
        encoder window, speech.glance), taken only when it ends the utterance and the beam's other readings
        mean the same command; else the whole window's."""
        loop = asyncio.get_running_loop()
        glance = getattr(self._transcriber, "glance", None)
        seen = await loop.run_in_executor(executor, glance, samples) if glance is not None else None
        others = seen.alternatives if seen is not None else ()
        if seen is not None and self._commit(speculation, seen, segmenter, queue, executor, *others):
            self.stats.glances_used += 1
            return dataclasses.replace(seen, alternatives=())
        transcript = await loop.run_in_executor(executor, self._transcriber.transcribe, samples)
        self._commit(speculation, transcript, segmenter, queue, executor)
        return transcript

    def _commit(self, speculation: Speculation, transcript: Transcript, segmenter: Segmenter,
                queue: asyncio.Queue[Work | None], executor: ThreadPoolExecutor,
                *others: str) -> bool:  # fmt: skip
        """A speculative transcript is back: if the speaker is still silent and it is a whole command the
        recognizer is certain of (others: other readings that must mean the same), the utterance ends now, not
        when the trailing silence runs out."""
        if self._speculation is not speculation:
            return False  # speech resumed or the utterance ended
        self.stats.speculative_back_in_pause += 1
        verdict = judge(transcript, self.settings.rejection)
        if not verdict.accepted:
            return False
        _, text = strip_wake_phrase(verdict.text, self._gate.phrases)
        others = tuple(strip_wake_phrase(other, self._gate.phrases)[1] for other in others)
        if not text or self._complete is None or not self._complete(text, *others):
            return False
        for event in segmenter.endpointer.complete(speculation.index):
            self._on_event(event, segmenter, queue, executor)
        return True

    def _end(self, event: UtteranceEnded, queue: asyncio.Queue[Work | None]) -> None:
        """Queue an ended utterance for transcription, unless it came without a wake (mode wake_word)."""
        reason = self._woken(event.segment)
        if reason is None:
            self.stats.gated["no_wake"] += 1
            self._attending_at_start.pop(event.segment.index, None)
            self._discard()
            _LOGGER.debug("Not transcribed: %.1f s of speech without the wake word",
                          len(event.segment.samples) / 16_000)  # fmt: skip
            return
        self._enqueue(event, queue, reason=reason)
        if self._on_ended is not None:
            self._on_ended(event.segment, reason)

    def _enqueue(self, event: UtteranceEnded, queue: asyncio.Queue[Work | None], *, reason: str = "") -> None:
        """Queue an ended utterance with its speculative job when that saw the same audio."""
        self.stats.utterances += 1
        self.stats.early_commits += event.reason == "early"
        segment = event.segment
        speculation, self._speculation = self._speculation, None
        future = None
        if speculation is not None and (speculation.index, speculation.samples) == (
            segment.index,
            len(segment.samples),
        ):
            future = speculation.future
        elif speculation is not None:
            cancel_job(speculation.future)
            self.stats.speculative_discarded += 1
        attending = self._attending_at_start.pop(segment.index, False)
        if queue.full():
            oldest = queue.get_nowait()
            _LOGGER.warning("Speech is coming faster than it is transcribed: dropping an utterance")
            if oldest is not None and oldest.speculative is not None:
                cancel_job(oldest.speculative)
            self._waiting -= oldest is not None
        unsure = self._admission.unsure if self._admission and reason == "wake_unsure" else None
        queue.put_nowait(Work(event, future, attending, reason == "wake_word", unsure,
                              reason == "after_unsure"))  # fmt: skip
        self._waiting += 1

    def _discard(self) -> None:
        """Drop the speculative job (speech resumed, or the utterance was dropped)."""
        if self._speculation is not None:
            cancel_job(self._speculation.future)
            self._speculation = None
            self.stats.speculative_discarded += 1

    async def _transcribe(self, queue: asyncio.Queue[Work | None], executor: ThreadPoolExecutor) -> None:
        """Transcripts for queued utterances, in order; ends after the source's last."""
        loop = asyncio.get_running_loop()
        while (work := await queue.get()) is not None:
            future, samples = work.speculative, work.event.segment.samples
            if work.after_check and not self._gate.in_follow_up(work.event.segment.speech_start_ms):
                self._waiting -= 1
                self._not_woken(work)  # said after an unsure wake that Whisper did not confirm
                continue
            if future is None:
                future = loop.run_in_executor(executor, self._transcriber.transcribe, samples)
            try:
                transcript = await future
                if work.check_wake:  # an unsure wake: Whisper is to hear the wake word
                    if (checked := await self._check.heard(samples, transcript, executor)) is None:
                        self._not_woken(work)
                        continue
                    work, transcript = dataclasses.replace(work, woken=True), checked
                    self.stats.checked_wakes += 1
                    alone = not strip_wake_phrase(checked.text, self._gate.phrases)[1]
                    self._woke(dataclasses.replace(work.check_wake, sure=True), chime=alone)
                if self.second_hearing is not None:
                    transcript = await self.second_hearing.better(samples, transcript, executor)
            except SpeechError as err:
                _LOGGER.error("Speech not transcribed: %s", err)
                continue
            except Exception:  # a fault of the model on one utterance must not end the listening
                _LOGGER.exception("Speech not transcribed: speech-to-text failed unexpectedly")
                continue
            finally:
                self._waiting -= 1
                self._activity_changed()
            attending = work.attending or self._attending()
            heard = judged(work, transcript, float(monotonic_ms()), self.settings, self._gate, self.stats,
                           attending)  # fmt: skip
            if heard is not None:
                self._on_utterance(heard)

    def close_follow_up(self) -> None:
        """The last utterance was no command (or a "never mind"): the next one needs the wake phrase again."""
        self._gate.close_follow_up()

    def _attending(self) -> bool:
        """Whether a person attends now (False without a camera)."""
        return bool(self._attention()) if self._attention is not None else False
