"""Audio files: good ones in any rate and channel count, and bad ones (corrupt, empty, truncated, wrong format)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource, FileSource, read_audio_file
from assistantd.errors import AudioFileError, InputError
from tests.support.audio import write_wav
from tests.support.configs import ROOT


def tone(seconds: float, rate_hz: int = 16_000) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * 300 * np.arange(int(seconds * rate_hz)) / rate_hz)).astype(np.float32)


@pytest.mark.parametrize(("rate_hz", "channels", "suffix"), [(16_000, 1, ".wav"), (44_100, 2, ".wav"),
                                                             (48_000, 2, ".flac"), (8_000, 1, ".flac")])  # fmt: skip
def test_any_rate_and_channel_count_becomes_16_khz_mono(
    tmp_path: Path, rate_hz: int, channels: int, suffix: str
) -> None:
    path = write_wav(tmp_path / f"tone{suffix}", tone(1.5, rate_hz), rate_hz, channels)
    clip = read_audio_file(path)
    assert (clip.source_rate_hz, clip.source_channels) == (rate_hz, channels)
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert abs(clip.duration_seconds - 1.5) < 0.01
    assert abs(np.sqrt(np.mean(clip.samples[100:-100] ** 2)) - 0.3 / np.sqrt(2)) < 0.01


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = write_wav(tmp_path / "good.wav", tone(1.0)).read_bytes()
    files = {
        "empty": (b"", "not a readable audio file"),
        "corrupt": (bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8)), "not a readable"),
        "truncated": (good[: len(good) // 2], "truncated: the header promises 16000 frames"),
        "header only": (good[:44], "truncated: the header promises 16000 frames, the file holds 0"),
        "no samples": (
            write_wav(tmp_path / "silent.wav", np.zeros(0, np.float32)).read_bytes(),
            "holds no audio",
        ),
        "cut in the header": (good[:20], "not a readable audio file"),
        "text": (b"turn on the floor lamp\n", "not a readable audio file"),
        "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a readable audio file"),
    }
    made = {}
    for name, (data, message) in files.items():
        path = tmp_path / f"{name.replace(' ', '_')}.wav"
        path.write_bytes(data)
        made[name] = (path, message)
    made["missing"] = (tmp_path / "nowhere.wav", "no such audio file")
    return made


def test_bad_files_are_a_clear_error(tmp_path: Path) -> None:
    for name, (path, message) in _bad_files(tmp_path).items():
        with pytest.raises(AudioFileError) as caught:
            read_audio_file(path)
        assert message in str(caught.value), name
        assert str(path) in str(caught.value), name
        assert isinstance(caught.value, InputError)


def test_a_bad_file_fails_the_file_source_before_any_chunk(tmp_path: Path) -> None:
    path, _ = _bad_files(tmp_path)["truncated"]

    async def first_chunk() -> None:
        async for _ in FileSource(path).chunks():
            raise AssertionError("no chunk from a bad file")

    with pytest.raises(AudioFileError):
        asyncio.run(first_chunk())


@pytest.mark.parametrize("name", ["corrupt", "empty", "truncated", "text"])
def test_understand_audio_reports_a_bad_file_and_exits_65(tmp_path: Path, name: str) -> None:
    path, message = _bad_files(tmp_path)[name]
    result = subprocess.run(
        [sys.executable, "-m", "assistantd", "understand", "--config", str(ROOT / "config" / "assistantd.yaml"),
         "--audio", str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 65, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "(recognizer: the grammar" in result.stderr, "says which recognizer reads what is heard"


def test_understand_needs_a_sentence_or_audio_but_not_both(tmp_path: Path) -> None:
    base = [
        sys.executable,
        "-m",
        "assistantd",
        "understand",
        "--config",
        str(ROOT / "config" / "assistantd.yaml"),
    ]
    for extra in ([], ["--audio", str(tmp_path / "x.wav"), "turn on the lamp"]):
        result = subprocess.run(
            [*base, *extra], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
        )
        assert result.returncode == 64 and "either a sentence or --audio" in result.stderr


def _collect(source: FileSource | ClipSource) -> list:
    async def collect() -> list:
        return [chunk async for chunk in source.chunks()]

    return asyncio.run(collect())


def test_file_source_fast_and_paced(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "tone.wav", tone(0.6))
    fast = _collect(FileSource(path, realtime=False))
    started = time.monotonic()
    paced = _collect(FileSource(path, realtime=True))
    paced_seconds = time.monotonic() - started
    for chunks in (fast, paced):
        assert sum(len(chunk.samples) for chunk in chunks) == 9_600
        starts = [chunk.start_ms for chunk in chunks]
        assert np.allclose(np.diff(starts), 30.0), "chunks stamped 30 ms apart"
        assert not any(chunk.discontinuous for chunk in chunks)
    assert paced_seconds >= 0.55, "paced as if spoken (a lower bound: sleeping takes at least that long)"


def test_clip_source_plays_samples_already_read() -> None:
    chunks = _collect(ClipSource(tone(0.1), name="tone"))
    assert [len(chunk.samples) for chunk in chunks] == [480, 480, 480, 160]


def test_a_file_in_an_unreadable_format_is_not_said_to_be_missing(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp3"
    path.write_text("[project]\nname = 'x'\n" * 40)
    with pytest.raises(AudioFileError) as caught:
        read_audio_file(path)
    assert "not a readable audio file" in str(caught.value)
    assert "does not exist" not in str(caught.value)
