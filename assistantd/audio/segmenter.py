"""Chunks in, utterance events out: re-framing for the VAD, the VAD, and the endpointer. No clock, no I/O."""

from __future__ import annotations

import logging

import numpy as np

from assistantd.audio.endpointer import Endpointer, EndpointEvent
from assistantd.audio.pcm import SAMPLE_RATE_HZ
from assistantd.audio.source import AudioChunk
from assistantd.audio.vad import VoiceDetector

_LOGGER = logging.getLogger(__name__)


class Segmenter:
    """Feeds a stream of chunks to a VAD in its frame size and the frames to an endpointer."""

    def __init__(self, vad: VoiceDetector, endpointer: Endpointer) -> None:
        self.vad = vad
        self.endpointer = endpointer
        self._carry = np.zeros(0, dtype=np.float32)
        self._carry_start_ms = 0.0
        self._next_ms: float | None = None

    def push(self, chunk: AudioChunk) -> list[EndpointEvent]:
        """The events this chunk causes (a discontinuous chunk first ends what was going on)."""
        events: list[EndpointEvent] = []
        if chunk.discontinuous and self._next_ms is not None:
            events += self._restart(self._next_ms)
        if not len(self._carry):
            self._carry_start_ms = chunk.start_ms
        samples = np.concatenate([self._carry, chunk.samples]) if len(self._carry) else chunk.samples
        size = self.vad.frame_samples
        whole = len(samples) - len(samples) % size
        for offset in range(0, whole, size):
            frame = samples[offset : offset + size]
            start_ms = self._carry_start_ms + offset * 1000 / SAMPLE_RATE_HZ
            events += self.endpointer.push(frame, start_ms, self.vad.probability(frame))
        self._carry = samples[whole:]
        self._carry_start_ms += whole * 1000 / SAMPLE_RATE_HZ
        self._next_ms = chunk.end_ms
        return events

    def finish(self) -> list[EndpointEvent]:
        """The stream ended: end the utterance in progress."""
        at_ms = self._next_ms if self._next_ms is not None else 0.0
        self._carry = np.zeros(0, dtype=np.float32)
        return self.endpointer.flush(at_ms)

    def _restart(self, at_ms: float) -> list[EndpointEvent]:
        """Audio was lost: end the utterance, forget partial frames and the VAD's state."""
        _LOGGER.debug("Audio gap at %.0f ms: restarting the VAD", at_ms)
        self._carry = np.zeros(0, dtype=np.float32)
        self.vad.reset()
        return self.endpointer.flush(at_ms, "gap")
