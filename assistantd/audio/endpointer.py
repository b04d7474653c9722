"""Endpointing: frames with a speech probability in, utterance events out. Pure: no clock, no I/O.

An utterance starts at the first frame above the VAD threshold and keeps `pre_roll_ms` of the audio
before it. Speech continues while frames stay above a lower threshold (hysteresis). Silence of
`pause_ms` after speech begins a pause (the moment a speculative transcription can start); speech
that comes back resumes the utterance; `trailing_silence_ms` of silence ends it. An utterance with
less than `min_speech_ms` of voiced audio is dropped, and one that reaches `max_utterance_seconds`
is cut there. The audio of an ended utterance runs from the pre-roll to `pause_ms` after the last
voiced frame, the same audio the pause handed out, so a speculative transcript of it stays valid.
During a pause the utterance can be marked complete (`complete`): its speculative transcript was a whole
command, so it ends after `complete_silence_ms` of silence (at once if that much has passed) rather than
after the whole trailing silence.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ
from assistantd.config.speech import EndpointingConfig

_LOGGER = logging.getLogger(__name__)

HYSTERESIS = 0.15
"""Speech goes on while the probability stays above threshold - HYSTERESIS."""


@dataclass(frozen=True, slots=True, eq=False)
class Segment:
    """The audio of one utterance (so far) and its times on the monotonic clock, milliseconds."""

    index: int
    """Counts utterances from 0 within one endpointer."""
    samples: np.ndarray
    start_ms: float
    """The first sample (pre-roll included)."""
    speech_start_ms: float
    speech_end_ms: float
    """The end of the last voiced frame."""
    voiced_ms: float
    voice: tuple[tuple[float, float], ...] = ()
    """(frame start, speech probability) of every frame from the first voiced one on: what the camera
    compares mouths with to find who spoke."""


@dataclass(frozen=True, slots=True)
class SpeechStarted:
    """Speech began at at_ms (the pre-roll reaches back before it)."""

    index: int
    at_ms: float


@dataclass(frozen=True, slots=True)
class PauseStarted:
    """Speech paused long enough that the utterance may be over: its audio so far."""

    segment: Segment
    at_ms: float


@dataclass(frozen=True, slots=True)
class SpeechResumed:
    """Speech came back during a pause: what the pause handed out is stale."""

    index: int
    at_ms: float


@dataclass(frozen=True, slots=True)
class UtteranceEnded:
    """The utterance is over: "silence", "early" (committed during a pause), "max_length", "end_of_stream"
    or "gap" (audio was lost)."""

    segment: Segment
    reason: str
    at_ms: float


@dataclass(frozen=True, slots=True)
class UtteranceDropped:
    """Speech too short to be a command (a click, a cough)."""

    index: int
    voiced_ms: float
    at_ms: float


EndpointEvent = SpeechStarted | PauseStarted | SpeechResumed | UtteranceEnded | UtteranceDropped


class Endpointer:
    """Cuts utterances out of a stream of frames (any frame size; times come with the frames)."""

    def __init__(self, settings: EndpointingConfig, *, threshold: float = 0.5) -> None:
        self.settings = settings
        self.threshold = threshold
        self._pre: deque[np.ndarray] = deque()
        self._pre_samples = 0
        self._index = 0
        self._last_ms = 0.0
        """The end of the last frame heard."""
        self._reset_utterance()

    def _reset_utterance(self) -> None:
        """Back to waiting for speech."""
        self._frames: list[np.ndarray] = []
        self._voice: list[tuple[float, float]] = []
        self._samples = 0
        self._active = False
        self._start_ms = self._speech_start_ms = self._voiced_end_ms = 0.0
        self._voiced_ms = 0.0
        self._pause_samples: int | None = None
        """Samples handed out with the current pause (None: not paused)."""
        self._complete = False
        """The current pause's audio is a whole command: complete_silence_ms ends the utterance."""

    @property
    def in_utterance(self) -> bool:
        """Whether speech has started and not yet ended."""
        return self._active

    def push(self, frame: np.ndarray, start_ms: float, probability: float) -> list[EndpointEvent]:
        """Feed the next frame, heard from start_ms, with its speech probability."""
        frame_ms = len(frame) * 1000 / SAMPLE_RATE_HZ
        end_ms = start_ms + frame_ms
        self._last_ms = end_ms
        if not self._active:
            if probability < self.threshold:
                self._remember(frame)
                return []
            return self._start(frame, start_ms, end_ms, frame_ms, probability)
        self._frames.append(frame)
        self._voice.append((start_ms, probability))
        self._samples += len(frame)
        events: list[EndpointEvent] = []
        if probability >= self.threshold - HYSTERESIS:
            self._voiced_ms += frame_ms
            self._voiced_end_ms = end_ms
            if self._pause_samples is not None:
                self._pause_samples = None
                self._complete = False
                events.append(SpeechResumed(self._index, start_ms))
        else:
            events += self._silence(end_ms)
        if self._active and end_ms - self._speech_start_ms >= self.settings.max_utterance_seconds * 1000:
            events.append(self._end("max_length", end_ms, self._samples))
        return events

    def flush(self, at_ms: float, reason: str = "end_of_stream") -> list[EndpointEvent]:
        """End the utterance in progress (the stream ended or lost audio); forget the pre-roll."""
        self._pre.clear()
        self._pre_samples = 0
        if not self._active:
            return []
        if self._voiced_ms < self.settings.min_speech_ms:
            return [self._drop(at_ms)]
        return [self._end(reason, at_ms, self._trimmed_samples())]

    def complete(self, index: int) -> list[EndpointEvent]:
        """Utterance `index` is a whole command as its pause handed it out: it ends once complete_silence_ms
        of silence follow its speech (now, if they have). Nothing happens when it is no longer in that
        pause (speech resumed, or the utterance ended meanwhile)."""
        if not self._active or self._index != index or self._pause_samples is None:
            return []
        self._complete = True
        if self._last_ms - self._voiced_end_ms >= self.settings.complete_silence_ms:
            return [self._end("early", self._last_ms, self._pause_samples)]
        return []

    def _start(
        self, frame: np.ndarray, start_ms: float, end_ms: float, frame_ms: float, probability: float
    ) -> list[EndpointEvent]:
        """Speech begins: the pre-roll and this frame open the utterance."""
        self._frames = [*self._pre, frame]
        self._voice = [(start_ms, probability)]
        self._samples = self._pre_samples + len(frame)
        self._pre.clear()
        self._pre_samples = 0
        self._active = True
        self._start_ms = end_ms - self._samples * 1000 / SAMPLE_RATE_HZ
        self._speech_start_ms, self._voiced_end_ms, self._voiced_ms = start_ms, end_ms, frame_ms
        return [SpeechStarted(self._index, start_ms)]

    def _silence(self, end_ms: float) -> list[EndpointEvent]:
        """A quiet frame inside an utterance: maybe a pause begins, maybe the utterance ends."""
        silent_ms = end_ms - self._voiced_end_ms
        long_enough = self._voiced_ms >= self.settings.min_speech_ms
        if self._complete and silent_ms >= self.settings.complete_silence_ms:
            return [self._end("early", end_ms, self._trimmed_samples())]
        if silent_ms >= self.settings.trailing_silence_ms:
            return [
                self._end("silence", end_ms, self._trimmed_samples()) if long_enough else self._drop(end_ms)
            ]
        if self._pause_samples is None and long_enough and silent_ms >= self.settings.pause_ms:
            self._pause_samples = self._samples
            return [PauseStarted(self._segment(self._samples), end_ms)]
        return []

    def _trimmed_samples(self) -> int:
        """The utterance's length: what the pause handed out, else pause_ms past the last voiced frame."""
        if self._pause_samples is not None:
            return self._pause_samples
        voiced_end = round((self._voiced_end_ms - self._start_ms) * SAMPLE_RATE_HZ / 1000)
        return min(self._samples, voiced_end + self.settings.pause_ms * SAMPLE_RATE_HZ // 1000)

    def _segment(self, samples: int) -> Segment:
        """The first `samples` of the utterance."""
        audio = np.concatenate(self._frames)[:samples] if self._frames else np.zeros(0, np.float32)
        end_ms = self._start_ms + samples * 1000 / SAMPLE_RATE_HZ
        voice = tuple(item for item in self._voice if item[0] < end_ms)
        return Segment(self._index, audio, self._start_ms, self._speech_start_ms, self._voiced_end_ms,
                       self._voiced_ms, voice)  # fmt: skip

    def _end(self, reason: str, at_ms: float, samples: int) -> UtteranceEnded:
        """Close the utterance; the silence after the cut becomes the next pre-roll."""
        segment = self._segment(samples)
        tail = np.concatenate(self._frames)[samples:] if reason in ("silence", "early") else None
        self._index += 1
        self._reset_utterance()
        if tail is not None and len(tail):
            self._remember(tail)
        return UtteranceEnded(segment, reason, at_ms)

    def _drop(self, at_ms: float) -> UtteranceDropped:
        """Forget an utterance too short to be a command."""
        event = UtteranceDropped(self._index, self._voiced_ms, at_ms)
        self._index += 1
        self._reset_utterance()
        return event

    def _remember(self, frame: np.ndarray) -> None:
        """Keep a quiet frame as pre-roll (at most pre_roll_ms)."""
        limit = self.settings.pre_roll_ms * SAMPLE_RATE_HZ // 1000
        if limit <= 0:
            return
        self._pre.append(frame)
        self._pre_samples += len(frame)
        while self._pre and self._pre_samples - len(self._pre[0]) >= limit:
            self._pre_samples -= len(self._pre.popleft())
        if self._pre_samples > limit:
            head = self._pre[0]
            self._pre[0] = head[self._pre_samples - limit :]
            self._pre_samples = limit
