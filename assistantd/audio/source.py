"""The audio source seam: 16 kHz mono chunks stamped on the monotonic clock, from any source."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, Resampler, to_mono

CHUNK_MS = 30
"""How much audio a chunk holds (a source may deliver other sizes)."""
REALIGN_MS = 500
"""A stream whose sample count drifts this far from the clock is re-anchored (and marked discontinuous)."""


@dataclass(frozen=True, slots=True, eq=False)
class AudioChunk:
    """A run of 16 kHz mono float32 samples and when its first sample was heard."""

    samples: np.ndarray
    start_ms: float
    """Monotonic clock, milliseconds."""
    discontinuous: bool = False
    """Audio was lost before this chunk (a source reopened, a buffer overflowed)."""

    @property
    def end_ms(self) -> float:
        """When its last sample ended."""
        return self.start_ms + len(self.samples) * 1000 / SAMPLE_RATE_HZ


class AudioSource(Protocol):
    """Something that yields audio chunks until it ends (a file) or is cancelled (a microphone)."""

    @property
    def name(self) -> str:  # pragma: no cover - protocol
        """What it is, for log lines."""
        ...

    @property
    def live(self) -> bool:  # pragma: no cover - protocol
        """Whether chunks come as they are heard (a microphone, a file played in real time), so that what
        has not come yet has not been said yet; a file read as fast as it goes is not live."""
        ...

    def chunks(self) -> AsyncIterator[AudioChunk]:  # pragma: no cover - protocol
        """The chunks, in order."""
        ...


class Stamper:
    """Turns raw blocks from a device into 16 kHz mono chunks stamped from the sample count.

    Stamping from the count keeps consecutive chunks exactly adjacent; the arrival time only re-anchors
    the count when the two drift apart by more than REALIGN_MS (lost audio, a device clock that drifts).
    """

    __slots__ = ("_base_ms", "_count", "_pending_gap", "_resampler")

    def __init__(self, rate_hz: int) -> None:
        self._resampler = Resampler(rate_hz)
        self._base_ms: float | None = None
        self._count = 0
        self._pending_gap = False

    def mark_gap(self) -> None:
        """Audio was lost: the next chunk is discontinuous."""
        self._pending_gap = True

    def chunk(self, block: np.ndarray, arrived_ms: float) -> AudioChunk | None:
        """A chunk from a (frames, channels) or 1-D block that arrived (ended) at arrived_ms."""
        samples = self._resampler.process(to_mono(block))
        if not len(samples):
            return None
        duration_ms = len(samples) * 1000 / SAMPLE_RATE_HZ
        heard_ms = arrived_ms - duration_ms
        expected_ms = None if self._base_ms is None else self._base_ms + self._count * 1000 / SAMPLE_RATE_HZ
        gap = self._pending_gap
        if expected_ms is None or abs(heard_ms - expected_ms) > REALIGN_MS:
            gap = gap or expected_ms is not None
            self._base_ms, self._count, expected_ms = heard_ms, 0, heard_ms
        self._count += len(samples)
        self._pending_gap = False
        return AudioChunk(samples, expected_ms, discontinuous=gap)
