"""Where the voice is heard: the sound card (sounddevice), WAV files in a folder, or nowhere.

A sink is used by one worker thread at a time: open at a rate, write blocks, close. ``cut()`` may be
called from any thread: the write in progress returns within one block and the rest of the answer is
dropped, so "stop" silences the voice at once.
"""

from __future__ import annotations

import datetime
import io
import itertools
import logging
import threading
import wave
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistantd.errors import VoiceError

_LOGGER = logging.getLogger(__name__)

BLOCK_SECONDS = 0.05
"""Audio written to the sound card at a time: how late a cut may come."""


class Sink(Protocol):
    """Where audio goes."""

    name: str

    def open(self, sample_rate: int) -> None:  # pragma: no cover - protocol
        """Begin an answer at this rate."""
        ...

    def write(self, samples: np.ndarray) -> bool:  # pragma: no cover - protocol
        """Play float32 mono audio (blocking, at the pace of playback); False when it was cut."""
        ...

    def close(self) -> None:  # pragma: no cover - protocol
        """End the answer (played out, or cut)."""
        ...

    def cut(self) -> None:  # pragma: no cover - protocol
        """Stop at once (thread-safe); the next open() plays again."""
        ...


class SoundCardSink:
    """A sounddevice output stream on the chosen device, opened per answer."""

    def __init__(self, device: str = "default") -> None:
        self._wanted = device
        self._sd: Any = None
        self._device: int | None = None
        self._stream: Any = None
        self._cut = threading.Event()
        self.name = "sound card"

    def check(self) -> None:
        """Find the device now; VoiceError (no PortAudio, no sound card, no such device) says why not."""
        try:
            import sounddevice
        except (OSError, ImportError) as err:
            raise VoiceError(f"no audio output: sounddevice cannot load ({err})") from err
        self._sd = sounddevice
        try:
            outputs = [
                (index, info["name"])
                for index, info in enumerate(sounddevice.query_devices())
                if info["max_output_channels"] > 0
            ]
        except Exception as err:  # PortAudio reports its own errors
            raise VoiceError(f"no audio output: {err}") from err
        if not outputs:
            raise VoiceError("no audio output device (no sound card found)")
        self._device, name = _choose(outputs, self._wanted, sounddevice.default.device[1])
        self.name = f"sound card {name!r}"

    def open(self, sample_rate: int) -> None:
        """Open the stream (PortAudio errors become VoiceError)."""
        self._cut.clear()
        try:
            self._stream = self._sd.OutputStream(samplerate=sample_rate, channels=1, dtype="float32",
                                                 device=self._device)  # fmt: skip
            self._stream.start()
        except Exception as err:  # PortAudio's own error kinds
            self._stream = None
            raise VoiceError(f"cannot play on {self.name}: {err}") from err
        self._block = max(1, int(BLOCK_SECONDS * sample_rate))

    def write(self, samples: np.ndarray) -> bool:
        """Write block by block, looking for a cut between blocks."""
        if self._stream is None:
            return False
        for start in range(0, len(samples), self._block):
            if self._cut.is_set():
                return False
            self._stream.write(np.ascontiguousarray(samples[start : start + self._block]).reshape(-1, 1))
        return not self._cut.is_set()

    def close(self) -> None:
        """Let what was written play out (or drop it after a cut), then close."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            if self._cut.is_set():
                stream.abort()
            else:
                stream.stop()
        finally:
            stream.close()

    def cut(self) -> None:
        """Stop at once."""
        self._cut.set()


def _choose(outputs: list[tuple[int, str]], wanted: str, default: int) -> tuple[int, str]:
    """(index, name) of the output: the default, by index, or by a part of its name."""
    if wanted.strip().casefold() == "default":
        return next(((i, n) for i, n in outputs if i == default), outputs[0])
    for index, name in outputs:
        if wanted.strip() == str(index) or wanted.casefold() in name.casefold():
            return index, name
    names = ", ".join(f"{index}: {name}" for index, name in outputs)
    raise VoiceError(f"no output device {wanted!r}; outputs are {names}")


class FileSink:
    """Each answer as a 16-bit WAV file in a folder (answer-<time>-<n>.wav): for tests, or another player."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.name = f"files in {directory}"
        self._parts: list[np.ndarray] = []
        self._rate = 0
        self._count = itertools.count(1)
        self._cut = threading.Event()
        self.written: list[Path] = []

    def open(self, sample_rate: int) -> None:
        """Begin a file."""
        self._cut.clear()
        self._rate, self._parts = sample_rate, []

    def write(self, samples: np.ndarray) -> bool:
        """Keep the audio for the file."""
        if self._cut.is_set():
            return False
        self._parts.append(samples)
        return True

    def close(self) -> None:
        """Write the file (what was kept, also after a cut)."""
        if not self._parts:
            return
        stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"answer-{stamp}-{next(self._count)}.wav"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path.write_bytes(wav_bytes(np.concatenate(self._parts), self._rate))
        except OSError as err:
            raise VoiceError(f"cannot write {path}: {err.strerror or err}") from err
        self.written.append(path)
        self._parts = []

    def cut(self) -> None:
        """Drop the rest of the answer."""
        self._cut.set()


class Sinks:
    """Several sinks as one (the sound card and a folder); a sink that fails is reported and dropped."""

    def __init__(self, sinks: list[Sink]) -> None:
        self.sinks = sinks
        self.name = " and ".join(sink.name for sink in sinks) or "nowhere"

    def open(self, sample_rate: int) -> None:
        for sink in list(self.sinks):
            self._try(sink, lambda s=sink: s.open(sample_rate))

    def write(self, samples: np.ndarray) -> bool:
        played = [sink.write(samples) for sink in self.sinks]
        return all(played) if played else True

    def close(self) -> None:
        for sink in list(self.sinks):
            self._try(sink, sink.close)

    def cut(self) -> None:
        for sink in self.sinks:
            sink.cut()

    def _try(self, sink: Sink, call: Any) -> None:
        try:
            call()
        except VoiceError as err:
            _LOGGER.error("Voice output %s failed, left out from now on: %s", sink.name, err)
            self.sinks.remove(sink)


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """float32 mono audio as 16-bit PCM WAV bytes."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm)
    return buffer.getvalue()
