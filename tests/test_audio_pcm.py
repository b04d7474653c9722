"""Conversion to 16 kHz mono, and stamping device blocks on the monotonic clock."""

from __future__ import annotations

import numpy as np
import pytest

from assistantd.audio.pcm import Resampler, float_to_pcm16, pcm16_to_float, resample, to_mono
from assistantd.audio.source import Stamper


def tone(rate_hz: int, seconds: float = 1.0, frequency_hz: float = 440.0) -> np.ndarray:
    return np.sin(2 * np.pi * frequency_hz * np.arange(int(rate_hz * seconds)) / rate_hz).astype(np.float32)


@pytest.mark.parametrize(
    ("rate_hz", "tolerance"), [(48_000, 1e-3), (44_100, 2e-3), (22_050, 5e-3), (8_000, 0.03)]
)
def test_a_tone_keeps_its_shape_at_16_khz(rate_hz: int, tolerance: float) -> None:
    converted = resample(tone(rate_hz), rate_hz)
    assert len(converted) == 16_000
    assert np.abs(converted - tone(16_000))[200:-200].max() < tolerance


def test_frequencies_above_8_khz_are_filtered_not_folded_back() -> None:
    converted = resample(tone(48_000, frequency_hz=15_000), 48_000)
    assert np.sqrt(np.mean(converted**2)) < 0.05


def test_streaming_in_odd_blocks_equals_converting_at_once() -> None:
    signal = tone(44_100)
    whole = Resampler(44_100).process(signal)
    streamed = Resampler(44_100)
    parts = np.concatenate([streamed.process(signal[i : i + 777]) for i in range(0, len(signal), 777)])
    np.testing.assert_allclose(parts, whole, atol=1e-6)


def test_mono_is_the_mean_of_the_channels() -> None:
    stereo = np.stack([np.ones(4, np.float32), -np.ones(4, np.float32) * 0.5], axis=1)
    np.testing.assert_allclose(to_mono(stereo), 0.25)


def test_pcm16_round_trip_and_interleaving() -> None:
    samples = np.array([0.0, 0.5, -0.5, 0.25], dtype=np.float32)
    frames = pcm16_to_float(float_to_pcm16(samples), channels=2)
    assert frames.shape == (2, 2)
    np.testing.assert_allclose(frames.ravel(), samples, atol=1e-4)
    assert pcm16_to_float(b"\x00\x01\x02", channels=1).shape == (1, 1), "a partial sample is left out"


def test_stamped_chunks_are_adjacent_and_realigned_after_lost_audio() -> None:
    stamper = Stamper(16_000)
    block = np.zeros(480, np.float32)
    first = stamper.chunk(block, arrived_ms=1030.0)
    second = stamper.chunk(block, arrived_ms=1062.0)  # 2 ms of delivery jitter
    assert first is not None and second is not None
    assert (first.start_ms, second.start_ms) == (1000.0, 1030.0)
    assert not second.discontinuous
    late = stamper.chunk(block, arrived_ms=5000.0)
    assert late is not None and late.discontinuous and late.start_ms == 4970.0
    stamper.mark_gap()
    after_gap = stamper.chunk(block, arrived_ms=5030.0)
    assert after_gap is not None and after_gap.discontinuous and after_gap.start_ms == 5000.0


def test_stamps_move_back_when_the_first_blocks_waited_in_a_buffer() -> None:
    """A capture started 300 ms before its reader: ten 30 ms blocks wait, are read at once, then the rest
    arrive as heard. The stamps end where the clock says (rooms hearing the same words stamp them alike),
    and no audio is taken for lost."""
    stamper = Stamper(16_000)
    block = np.zeros(480, np.float32)
    backlog = [stamper.chunk(block, arrived_ms=1300.0 + n * 0.1) for n in range(10)]
    live = [stamper.chunk(block, arrived_ms=1330.0 + n * 30) for n in range(5)]
    chunks = [c for c in backlog + live if c is not None]
    assert len(chunks) == 15 and not any(c.discontinuous for c in chunks)
    assert [c.start_ms for c in chunks[-5:]] == [1300.0, 1330.0, 1360.0, 1390.0, 1420.0]
    assert all(b.start_ms <= a.start_ms for a, b in zip(chunks[1:], chunks, strict=False))
