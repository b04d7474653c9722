"""WAV/FLAC files as audio: read and checked whole, converted to 16 kHz mono, paced in real time or not."""

from __future__ import annotations

import asyncio
import logging
import re
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, resample, to_mono
from assistantd.audio.source import CHUNK_MS, AudioChunk
from assistantd.clock import monotonic_ms
from assistantd.errors import AudioFileError

_LOGGER = logging.getLogger(__name__)

MAX_SECONDS = 3600.0
"""Longer files are refused (a command file is seconds long)."""


@dataclass(frozen=True, slots=True, eq=False)
class AudioClip:
    """A whole file as 16 kHz mono, with what it was."""

    samples: np.ndarray
    source_rate_hz: int
    source_channels: int
    format: str
    """As libsndfile names it, e.g. "WAV PCM_16"."""

    @property
    def duration_seconds(self) -> float:
        """Length in seconds."""
        return len(self.samples) / SAMPLE_RATE_HZ


def read_audio_file(path: Path) -> AudioClip:
    """A WAV, FLAC (or other libsndfile) file as 16 kHz mono; AudioFileError says what is wrong with it."""
    soundfile = _soundfile()
    if not path.is_file():
        raise AudioFileError(f"{path}: no such audio file")
    try:
        with soundfile.SoundFile(str(path)) as sound:
            declared = sound.frames
            rate, channels = sound.samplerate, sound.channels
            kind = f"{sound.format} {sound.subtype}"
            _check_header(path, rate, channels, declared)
            data = sound.read(dtype="float32", always_2d=True)
    except (RuntimeError, ValueError, TypeError, OSError) as err:  # LibsndfileError is a RuntimeError
        raise AudioFileError(f"{path}: not a readable audio file ({_reason(err)})") from err
    promised = max(declared, _wav_data_frames(path, channels, kind) or 0)
    if len(data) < promised:
        raise AudioFileError(
            f"{path}: truncated: the header promises {promised} frames, the file holds {len(data)}"
        )
    if not len(data):
        raise AudioFileError(f"{path}: holds no audio")
    if not np.isfinite(data).all():
        raise AudioFileError(f"{path}: holds samples that are not numbers")
    return AudioClip(resample(to_mono(data), rate), rate, channels, kind)


def _wav_data_frames(path: Path, channels: int, kind: str) -> int | None:
    """The frames a PCM WAV's data chunk header promises (libsndfile silently reads what is left)."""
    widths = {"PCM_16": 2, "PCM_24": 3, "PCM_32": 4, "PCM_U8": 1, "FLOAT": 4, "DOUBLE": 8}
    width = widths.get(kind.split(" ")[-1])
    if not kind.startswith("WAV ") or width is None:
        return None
    with path.open("rb") as handle:
        if handle.read(12)[:4] != b"RIFF":
            return None
        while len(header := handle.read(8)) == 8:
            size = struct.unpack("<I", header[4:])[0]
            if header[:4] == b"data":  # streamed WAVs (arecord to a pipe) write 0 or ~2^31: unknown
                return None if size == 0 or size >= 0x7FFF0000 else size // (width * channels)
            handle.seek(size + size % 2, 1)
    return None


def _check_header(path: Path, rate: int, channels: int, frames: int) -> None:
    """Refuse rates, channel counts and lengths no microphone produces."""
    if not 4_000 <= rate <= 384_000:
        raise AudioFileError(f"{path}: unsupported sample rate {rate} Hz")
    if not 1 <= channels <= 32:
        raise AudioFileError(f"{path}: unsupported channel count {channels}")
    if frames > MAX_SECONDS * rate:
        raise AudioFileError(f"{path}: longer than {MAX_SECONDS:.0f} s")


def _reason(err: Exception) -> str:
    """libsndfile's message without its noise (the file is known to exist when it is asked)."""
    text = (str(err).strip() or type(err).__name__).split("\n")[0].removeprefix("Error opening ").strip()
    text = re.sub(r"^'[^']*': ", "", text).rstrip(".")
    if "does not exist or is not a regular file" in text:  # what it says of data it cannot decode
        return "its data cannot be decoded"
    return text


def _soundfile():
    """soundfile, imported when a file is first read."""
    try:
        import soundfile
    except (ImportError, OSError) as err:
        raise AudioFileError(
            f"reading audio files needs the soundfile package (pip install soundfile): {err}"
        ) from err
    return soundfile


class FileSource:
    """Plays a file as if it were being spoken (realtime) or as fast as it is consumed; ends with the file."""

    def __init__(self, path: Path, *, realtime: bool = True, chunk_ms: int = CHUNK_MS) -> None:
        self.path = path
        self.realtime = realtime
        self._chunk = SAMPLE_RATE_HZ * chunk_ms // 1000
        self.started_ms: float | None = None
        """Monotonic time of the file's first sample (set when playing starts)."""

    @property
    def name(self) -> str:
        """The file."""
        return str(self.path)

    @property
    def live(self) -> bool:
        """Played in real time, the file is as live as a microphone."""
        return self.realtime

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        """The file's audio in chunks; raises AudioFileError before the first when the file is bad."""
        clip = await asyncio.to_thread(read_audio_file, self.path)
        _LOGGER.info("Playing %s (%.2f s, %s, %d Hz, %d ch)", self.path, clip.duration_seconds, clip.format,
                     clip.source_rate_hz, clip.source_channels)  # fmt: skip
        async for chunk in play(clip.samples, realtime=self.realtime, chunk_samples=self._chunk, source=self):
            yield chunk


async def play(
    samples: np.ndarray, *, realtime: bool, chunk_samples: int, source: FileSource | ClipSource | None = None
) -> AsyncIterator[AudioChunk]:
    """Samples in chunks stamped from now; realtime waits until each chunk has been 'heard'."""
    loop = asyncio.get_running_loop()
    started_loop, started_ms = loop.time(), float(monotonic_ms())
    if source is not None:
        source.started_ms = started_ms
    for offset in range(0, len(samples), chunk_samples):
        block = samples[offset : offset + chunk_samples]
        start_ms = started_ms + offset * 1000 / SAMPLE_RATE_HZ
        if realtime:
            heard_at = started_loop + (offset + len(block)) / SAMPLE_RATE_HZ
            await asyncio.sleep(max(0.0, heard_at - loop.time()))
        else:
            await asyncio.sleep(0)
        yield AudioChunk(block, start_ms)


class ClipSource:
    """Samples already in memory (a checked file), played like a file."""

    def __init__(
        self, samples: np.ndarray, *, name: str, realtime: bool = False, chunk_ms: int = CHUNK_MS
    ) -> None:
        self.samples = samples
        self.realtime = realtime
        self._name = name
        self._chunk = SAMPLE_RATE_HZ * chunk_ms // 1000
        self.started_ms: float | None = None

    @property
    def name(self) -> str:
        """What the samples are."""
        return self._name

    @property
    def live(self) -> bool:
        """Played in real time, the samples are as live as a microphone."""
        return self.realtime

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        """The samples in chunks."""
        async for chunk in play(self.samples, realtime=self.realtime, chunk_samples=self._chunk, source=self):
            yield chunk
