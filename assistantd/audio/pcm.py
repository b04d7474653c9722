"""Sample conversion: integer PCM to float, channels mixed down to mono, any rate to 16 kHz. Pure."""

from __future__ import annotations

import numpy as np

SAMPLE_RATE_HZ = 16_000
"""The one rate every stage after the source works at (Whisper's and the VADs')."""
_TAPS_PER_SIDE = 16
"""Half-length of the anti-aliasing filter, in input samples per output-sample period."""


def pcm16_to_float(data: bytes, channels: int) -> np.ndarray:
    """Signed 16-bit little-endian interleaved PCM as float32 in [-1, 1), shape (frames, channels)."""
    usable = len(data) - len(data) % (2 * channels)
    samples = np.frombuffer(data[:usable], dtype="<i2").astype(np.float32) / 32768.0
    return samples.reshape(-1, channels)


def to_mono(samples: np.ndarray) -> np.ndarray:
    """One channel: the mean of all channels (a 1-D input is returned as float32)."""
    if samples.ndim == 1:
        return samples.astype(np.float32, copy=False)
    return samples.mean(axis=1, dtype=np.float32)


def float_to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples as signed 16-bit little-endian PCM (clipped)."""
    return (np.clip(samples, -1.0, 1.0 - 1 / 32768) * 32768).astype("<i2").tobytes()


class Resampler:
    """Streaming rate conversion of one channel: a windowed-sinc low-pass, then linear interpolation.

    Feed blocks of any length; the output is continuous across blocks (with a fixed delay of
    half the filter). At equal rates samples pass through unchanged.
    """

    __slots__ = ("_history", "_last", "_position", "_step", "_taps")

    def __init__(self, rate_in_hz: int, rate_out_hz: int = SAMPLE_RATE_HZ) -> None:
        self._step = rate_in_hz / rate_out_hz
        self._taps = _low_pass(self._step) if self._step > 1 else None
        self._history = np.zeros(0 if self._taps is None else len(self._taps) - 1, dtype=np.float32)
        self._position = 1.0
        """Where the next output sample lies, in input samples after the last one kept in _last."""
        self._last = np.float32(0.0)

    @property
    def delay_samples(self) -> int:
        """The filter's delay, in input samples."""
        return 0 if self._taps is None else (len(self._taps) - 1) // 2

    def skip(self, input_samples: int) -> None:
        """Start the output that many input samples later (to cancel the filter's delay)."""
        self._position += input_samples

    def process(self, samples: np.ndarray) -> np.ndarray:
        """The converted samples of the next block."""
        if self._step == 1.0:
            return samples.astype(np.float32, copy=False)
        filtered = samples.astype(np.float32, copy=False)
        if self._taps is not None:
            joined = np.concatenate([self._history, filtered])
            self._history = joined[len(joined) - len(self._history) :]
            filtered = np.convolve(joined, self._taps, mode="valid").astype(np.float32)
        buffer = np.concatenate([[self._last], filtered])
        positions = np.arange(self._position, len(buffer) - 1, self._step)
        out = np.interp(positions, np.arange(len(buffer)), buffer).astype(np.float32)
        self._position = (positions[-1] + self._step if len(positions) else self._position) - len(filtered)
        self._last = buffer[-1]
        return out


def _low_pass(step: float) -> np.ndarray:
    """A Hann-windowed sinc that keeps frequencies below 0.45 x the output rate."""
    cutoff = 0.9 / step / 2  # cycles per input sample
    half = int(np.ceil(_TAPS_PER_SIDE * step))
    n = np.arange(-half, half + 1)
    taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hanning(len(n))
    return (taps / taps.sum()).astype(np.float32)


def resample(samples: np.ndarray, rate_in_hz: int, rate_out_hz: int = SAMPLE_RATE_HZ) -> np.ndarray:
    """A whole signal converted to another rate (delay of the filter removed)."""
    if rate_in_hz == rate_out_hz:
        return samples.astype(np.float32, copy=False)
    resampler = Resampler(rate_in_hz, rate_out_hz)
    delay = resampler.delay_samples
    resampler.skip(delay)
    padded = np.concatenate([samples.astype(np.float32), np.zeros(delay + 2, dtype=np.float32)])
    wanted = round(len(samples) * rate_out_hz / rate_in_hz)
    return resampler.process(padded)[:wanted]
