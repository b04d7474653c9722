"""Wake word detection on the audio itself, before anything is transcribed (`speech.listen.mode: wake_word`).

The engine is microWakeWord through `pymicro-wakeword` (the `wakeword` extra): four bundled models
(okay_nabu, hey_jarvis, hey_mycroft, alexa, TFLite with their own runtime) over the TFLite Micro audio
frontend (`pymicro-features`): a 40-feature spectrogram every 10 ms of 16 kHz 16-bit audio, and one
inference per `stride` features (3 for the bundled models: every 30 ms). The probabilities are averaged
over a sliding window here (`WakeTrigger`, pure), so the threshold, the window and the refractory period
are ours to set and to test; the library is asked for single inferences only.
"""

from __future__ import annotations

import collections
import logging
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, float_to_pcm16
from assistantd.audio.source import AudioChunk
from assistantd.config.speech import WAKE_WORD_MODELS, WakeWordConfig
from assistantd.errors import AudioError

_LOGGER = logging.getLogger(__name__)

FEATURE_STEP_SAMPLES = 160
"""The frontend's step: one feature vector per 10 ms."""


@dataclass(frozen=True, slots=True)
class WakeWordDetection:
    """A wake word heard: which, how sure, and when (the end of the audio that decided it)."""

    model: str
    """The model's name (okay_nabu, ...)."""
    probability: float
    """The window's mean probability (0-1) that crossed the threshold."""
    at_ms: float
    """Monotonic clock, milliseconds: the end of the last 10 ms of audio the decision saw."""
    sure: bool = True
    """False: the mean passed only the check threshold; the wake stands if Whisper hears the wake word."""


class WakeWordDetector(Protocol):
    """Wake words in a stream of 16 kHz mono chunks (the chunks the VAD sees)."""

    model: str
    phrase: str
    """The wake word as words ("okay nabu"), to strip it from a transcript."""

    def push(self, chunk: AudioChunk) -> list[WakeWordDetection]:  # pragma: no cover - protocol
        """The wake words this chunk completes (a discontinuous chunk first resets the stream)."""
        ...

    def reset(self) -> None:  # pragma: no cover - protocol
        """Forget the stream so far (after a gap, or after muting)."""
        ...


class WakeTrigger:
    """Probabilities with their times in, detections out: a sliding mean, a threshold, a refractory period.

    Pure: no clock, no I/O. The window must be full before anything is detected (as in microWakeWord),
    and after a detection nothing is detected for `refractory_seconds` of stream time, so one spoken
    wake word (whose probability stays high for several inferences) is one wake. A mean that passes only
    `check_threshold` is an unsure detection: once per refractory period, and a sure one may still follow.
    """

    def __init__(
        self, model: str, threshold: float, window: int, refractory_seconds: float,
        check_threshold: float | None = None,
    ) -> None:  # fmt: skip
        self.model = model
        self.threshold = threshold
        below = check_threshold is not None and 0 < check_threshold < threshold
        self.check_threshold = check_threshold if below else None
        self.refractory_ms = refractory_seconds * 1000
        self._window: collections.deque[float] = collections.deque(maxlen=window)
        self._quiet_until_ms = float("-inf")
        self._unsure_quiet_until_ms = float("-inf")

    def push(self, probability: float, at_ms: float) -> WakeWordDetection | None:
        """A detection when the window's mean passes the threshold (or the check threshold: unsure)
        outside the refractory period."""
        self._window.append(probability)
        if len(self._window) < (self._window.maxlen or 1) or at_ms < self._quiet_until_ms:
            return None
        mean = sum(self._window) / len(self._window)
        if mean <= self.threshold:
            unsure = self.check_threshold is not None and mean > self.check_threshold
            if not unsure or at_ms < self._unsure_quiet_until_ms:
                return None
            self._unsure_quiet_until_ms = at_ms + self.refractory_ms
            return WakeWordDetection(self.model, mean, at_ms, sure=False)
        self._quiet_until_ms = at_ms + self.refractory_ms
        self._window.clear()
        return WakeWordDetection(self.model, mean, at_ms)

    def reset(self) -> None:
        """Forget the window (the refractory period holds: it is about time, not state)."""
        self._window.clear()


class MicroWakeWordDetector:
    """A bundled microWakeWord model (pymicro-wakeword), fed one 10 ms step at a time."""

    def __init__(self, settings: WakeWordConfig) -> None:
        try:
            from pymicro_features import MicroFrontend
            from pymicro_wakeword import MicroWakeWord, Model
        except ImportError as err:
            raise AudioError(
                f"the wake word engine needs pymicro-wakeword (pip install 'assistantd[wakeword]'): {err}"
            ) from err
        try:
            bundled = MicroWakeWord.from_builtin(Model(settings.model))
            net = MicroWakeWord(  # the same model, one inference at a time: the window is WakeTrigger's
                bundled.id, wake_word=bundled.wake_word, tflite_model=bundled.tflite_model,
                probability_cutoff=bundled.probability_cutoff, sliding_window_size=1,
                trained_languages=bundled.trained_languages,
                libtensorflowlite_c_path=bundled.libtensorflowlite_c_path,
            )  # fmt: skip
        except (ValueError, RuntimeError, OSError) as err:
            raise AudioError(f"the wake word model {settings.model!r} did not load: {err}") from err
        bundled.close()
        self.model = settings.model
        self.phrase = WAKE_WORD_MODELS[settings.model]
        threshold = bundled.probability_cutoff if settings.threshold is None else settings.threshold
        window = bundled.sliding_window_size if settings.sliding_window is None else settings.sliding_window
        self._net = net
        self._frontend_factory = MicroFrontend
        self._frontend = MicroFrontend()
        self._trigger = WakeTrigger(self.model, threshold, window, settings.refractory_seconds,
                                    settings.check_threshold)  # fmt: skip
        self._carry = np.zeros(0, dtype=np.int16)
        self._carry_start_ms = 0.0
        self._features = 0
        _LOGGER.info("Wake word %r: threshold %.2f (from %s checked by Whisper) over %d inferences of %d "
                     "ms, refractory %.1f s", self.phrase, threshold, self._trigger.check_threshold or "none",
                     window, 10 * net.stride, settings.refractory_seconds)  # fmt: skip

    def push(self, chunk: AudioChunk) -> list[WakeWordDetection]:
        """Feed a chunk; the detections it completes."""
        if chunk.discontinuous:
            self.reset()
        pcm = np.frombuffer(float_to_pcm16(chunk.samples), dtype=np.int16)
        if not len(self._carry):
            self._carry_start_ms = chunk.start_ms
        samples = np.concatenate([self._carry, pcm]) if len(self._carry) else pcm
        detections: list[WakeWordDetection] = []
        offset = 0
        while offset + FEATURE_STEP_SAMPLES <= len(samples):
            result = self._frontend.process_samples(samples[offset : offset + FEATURE_STEP_SAMPLES].tobytes())
            offset += max(1, result.samples_read)
            if result.features:
                at_ms = self._carry_start_ms + offset * 1000 / SAMPLE_RATE_HZ
                detection = self._feature(np.asarray(result.features).reshape(1, 1, -1), at_ms)
                if detection is not None:
                    detections.append(detection)
        self._carry = samples[offset:]
        self._carry_start_ms += offset * 1000 / SAMPLE_RATE_HZ
        return detections

    def _feature(self, features: np.ndarray, at_ms: float) -> WakeWordDetection | None:
        """One feature vector; every stride-th runs the model (the calls between only collect)."""
        probability = self._net.process_streaming_prob(features)
        self._features += 1
        if self._features % self._net.stride or probability is None:
            return None
        return self._trigger.push(probability, at_ms)

    def reset(self) -> None:
        """A fresh frontend and model state (the library reloads the model: ~1 ms)."""
        self._frontend = self._frontend_factory()
        self._net.reset()
        self._trigger.reset()
        self._carry = np.zeros(0, dtype=np.int16)
        self._features = 0


def make_wake_word(settings: WakeWordConfig) -> WakeWordDetector:
    """The configured detector (loads a model: call it in a thread); AudioError when it cannot load."""
    return MicroWakeWordDetector(settings)
