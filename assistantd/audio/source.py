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

    Stamping from the count keeps consecutive chunks exactly adjacent; the arrival time re-anchors the
    count when a chunk arrives before the count says it was heard (no sample arrives before it is heard:
    the anchor was late, as when the first block waited in a buffer while the reader started, and the
    stamps move back, so that rooms hearing the same words stamp them alike), and when it arrives more than
    REALIGN_MS after (lost audio, a device clock that runs slow: marked discontinuous).
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
        gap = self._pending_gap
        if self._base_ms is None:
            self._base_ms, self._count = heard_ms, 0
        counted_ms = self._base_ms + self._count * 1000 / SAMPLE_RATE_HZ
        if heard_ms < counted_ms:  # anchored late: move back, nothing was lost
            self._base_ms -= counted_ms - heard_ms
        elif heard_ms - counted_ms > REALIGN_MS:
            self._base_ms, self._count, gap = heard_ms, 0, True
        expected_ms = self._base_ms + self._count * 1000 / SAMPLE_RATE_HZ
        self._count += len(samples)
        self._pending_gap = False
        return AudioChunk(samples, expected_ms, discontinuous=gap)
