"""Voice activity detectors behind one seam: a speech probability (0-1) per fixed-size 16 kHz frame.

Measured with benchmarks/speech_vad.py (26 clips: the 20 recordings and 6 espeak-ng commands, each in
1 s of silence, clean and in white noise at 20/10/5 dB; 30 s of noise at four levels), through the
endpointer: Silero (faster-whisper's bundled ONNX model, run frame by frame with its state carried)
ends utterances within a median 234-256 ms of the speech's end at every SNR and never triggered on
noise, for 2 ms of CPU per second of audio. WebRTC (0.25 ms/s) takes the recordings' own background
noise for speech: its end error grows to 1.0 s at 10 dB and 1.9 s at 5 dB (a command would hang in a
noisy room) and it triggered 3 times in loud noise. pymicro-vad (6.7 ms/s) ends 0.6-0.7 s late and missed
a third of the clips. So Silero is the default; the others stay selectable.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Protocol

import numpy as np

from assistantd.audio.pcm import float_to_pcm16
from assistantd.errors import AudioError

_LOGGER = logging.getLogger(__name__)


class VoiceDetector(Protocol):
    """Speech probability of consecutive frames of frame_samples 16 kHz mono samples."""

    frame_samples: int

    def probability(self, frame: np.ndarray) -> float:  # pragma: no cover - protocol
        """The probability that a frame (the next in the stream) holds speech."""
        ...

    def reset(self) -> None:  # pragma: no cover - protocol
        """Forget the stream so far (after a gap)."""
        ...


class SileroVad:
    """Silero VAD v6 from faster-whisper's assets, on onnxruntime, one 32 ms frame at a time."""

    frame_samples = 512
    _CONTEXT = 64

    def __init__(self) -> None:
        try:
            import onnxruntime
        except ImportError as err:
            raise AudioError(
                f"the silero VAD needs onnxruntime (installed with faster-whisper): {err}"
            ) from err
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            str(_silero_model_path()), providers=["CPUExecutionProvider"], sess_options=options
        )
        self.reset()

    def reset(self) -> None:
        """Zero the recurrent state and the context."""
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(self._CONTEXT, dtype=np.float32)

    def probability(self, frame: np.ndarray) -> float:
        """Speech probability of the next 512 samples."""
        window = np.concatenate([self._context, frame.astype(np.float32, copy=False)])[None, :]
        output, self._h, self._c = self._session.run(None, {"input": window, "h": self._h, "c": self._c})
        self._context = window[0, -self._CONTEXT :]
        return float(np.asarray(output).reshape(-1)[0])


def _silero_model_path() -> Path:
    """faster-whisper's bundled silero_vad_v6.onnx, found without importing faster-whisper."""
    spec = importlib.util.find_spec("faster_whisper")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "assets" / "silero_vad_v6.onnx"
        if path.is_file():
            return path
    raise AudioError("the silero VAD model ships with faster-whisper, which is not installed")


class WebRtcVad:
    """The WebRTC VAD (webrtcvad-wheels): a yes/no per 30 ms frame; aggressiveness from the threshold."""

    frame_samples = 480

    def __init__(self, threshold: float = 0.5) -> None:
        try:
            import webrtcvad
        except ImportError as err:
            raise AudioError(f"the webrtc VAD needs webrtcvad-wheels: {err}") from err
        self._vad = webrtcvad.Vad(min(3, max(0, int(threshold * 4))))

    def reset(self) -> None:
        """Stateless between frames as far as callers are concerned."""

    def probability(self, frame: np.ndarray) -> float:
        """1.0 for speech, 0.0 for not."""
        return 1.0 if self._vad.is_speech(float_to_pcm16(frame), 16_000) else 0.0


class MicroVad:
    """pymicro-vad (Home Assistant's microWakeWord VAD): a probability per 10 ms."""

    frame_samples = 160

    def __init__(self) -> None:
        try:
            from pymicro_vad import MicroVad as _Micro
        except ImportError as err:
            raise AudioError(f"the micro VAD needs pymicro-vad: {err}") from err
        self._factory = _Micro
        self._vad = _Micro()

    def reset(self) -> None:
        """A fresh detector."""
        self._vad = self._factory()

    def probability(self, frame: np.ndarray) -> float:
        """Speech probability (0 while the detector is still filling its window)."""
        return max(0.0, float(self._vad.process_10ms(float_to_pcm16(frame))))


def make_vad(engine: str, threshold: float = 0.5) -> VoiceDetector:
    """A detector by its configured name; AudioError when its package is missing."""
    if engine == "silero":
        return SileroVad()
    if engine == "webrtc":
        return WebRtcVad(threshold)
    if engine == "micro":
        return MicroVad()
    raise AudioError(f"unknown VAD engine {engine!r}")
