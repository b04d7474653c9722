"""The `speech:` section: audio source, listening, VAD, endpointing, model, biasing and rejection."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from assistantd.config.loader import Node, Scalar
from assistantd.config.schema_service import read_path
from assistantd.config.section import Section, open_section
from assistantd.config.settings_speech import (
    COMPUTE_TYPES,
    LISTEN_MODES,
    MODEL_DEVICES,
    VAD_ENGINES,
    AudioSourceConfig,
    BiasConfig,
    EndpointingConfig,
    ListenConfig,
    ModelConfig,
    RejectionConfig,
    SpeechConfig,
    VadConfig,
)
from assistantd.config.walker import Issues, describe

_KEYS = ("source", "listen", "vad", "endpointing", "model", "bias", "rejection", "speculative")
_SOURCE_KEYS = ("microphone", "file", "command", "realtime", "sample_rate_hz", "channels",
                "reopen_min_seconds", "reopen_max_seconds")  # fmt: skip
_SOURCE_KINDS = ("microphone", "file", "command")
_T = TypeVar("_T")


def read_speech(issues: Issues, node: Node | None, path: str, base_dir: Path | None) -> SpeechConfig | None:
    """The speech settings, or None when the section is absent."""
    if node is None:
        return None
    if isinstance(node, Scalar) and node.value is None:
        return SpeechConfig()
    top = open_section(issues, node, path, optional=_KEYS)
    if top is None:
        return None
    return SpeechConfig(
        source=_source(top, base_dir),
        listen=_listen(top),
        vad=_vad(top),
        endpointing=_endpointing(top),
        model=_model(top, base_dir),
        bias=_bias(top),
        rejection=_rejection(top),
        speculative=top.boolean("speculative", True),
    )


def _source(top: Section, base_dir: Path | None) -> AudioSourceConfig:
    """Exactly one of microphone, file or command, with its options."""
    default = AudioSourceConfig()
    section = top.section("source", optional=_SOURCE_KEYS)
    if section is None:
        return default
    kinds = [key for key in section.given_keys() if key in _SOURCE_KINDS]
    if len(kinds) > 1:
        message = f"give one of microphone, file or command, not {' and '.join(kinds)}"
        section.issues.add(section.line_of(kinds[1]), section.path_of(kinds[1]), message)
    kind = kinds[0] if kinds else "microphone"
    low = section.number("reopen_min_seconds", default.reopen_min_seconds, positive=True, maximum=3600)
    high = section.number("reopen_max_seconds", default.reopen_max_seconds, positive=True, maximum=3600)
    if low is not None and high is not None and high < low:
        key = "reopen_max_seconds"
        section.issues.add(
            section.line_of(key), section.path_of(key), f"must be at least reopen_min_seconds ({low:g})"
        )
    rate = section.integer("sample_rate_hz", default.sample_rate_hz, minimum=8_000, maximum=192_000)
    channels = section.integer("channels", default.channels, minimum=1, maximum=32)
    return AudioSourceConfig(
        kind=kind,
        device=_microphone(section) if kind == "microphone" else None,
        path=_file(section, base_dir) if kind == "file" else None,
        realtime=section.boolean("realtime", True),
        command=_command(section) if kind == "command" else (),
        sample_rate_hz=rate or default.sample_rate_hz,
        channels=channels or default.channels,
        reopen_min_seconds=low or default.reopen_min_seconds,
        reopen_max_seconds=high or default.reopen_max_seconds,
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


def _listen(top: Section) -> ListenConfig:
    """When an utterance is a candidate command."""
    default = ListenConfig()
    section = top.section("listen", optional=("mode", "wake_phrases", "follow_up_seconds"))
    if section is None:
        return default
    mode = section.choice("mode", LISTEN_MODES, default.mode, what="listening mode") or default.mode
    phrases = default.wake_phrases
    if section.given("wake_phrases"):
        phrases = tuple(" ".join(p.split()) for p in section.strings("wake_phrases") if p.strip())
        if not phrases and mode != "always":
            line, key = section.line_of("wake_phrases"), section.path_of("wake_phrases")
            section.issues.add(line, key, f"listening mode {mode!r} needs at least one wake phrase")
    follow_up = section.number("follow_up_seconds", default.follow_up_seconds, minimum=0, maximum=600)
    return ListenConfig(
        mode=mode, wake_phrases=phrases, follow_up_seconds=_or(follow_up, default.follow_up_seconds)
    )


def _vad(top: Section) -> VadConfig:
    """Voice activity detection."""
    default = VadConfig()
    section = top.section("vad", optional=("engine", "threshold"))
    if section is None:
        return default
    engine = section.choice("engine", VAD_ENGINES, default.engine, what="VAD engine") or default.engine
    threshold = section.number("threshold", default.threshold, minimum=0.05, maximum=0.95)
    return VadConfig(engine=engine, threshold=_or(threshold, default.threshold))


def _endpointing(top: Section) -> EndpointingConfig:
    """Pre-roll, minimum speech, pause, trailing silence and maximum length."""
    default = EndpointingConfig()
    keys = ("pre_roll_ms", "min_speech_ms", "pause_ms", "trailing_silence_ms", "max_utterance_seconds")
    section = top.section("endpointing", optional=keys)
    if section is None:
        return default
    pre_roll = section.integer("pre_roll_ms", default.pre_roll_ms, minimum=0, maximum=2_000)
    min_speech = section.integer("min_speech_ms", default.min_speech_ms, minimum=0, maximum=5_000)
    pause = section.integer("pause_ms", default.pause_ms, minimum=50, maximum=5_000)
    trailing = section.integer(
        "trailing_silence_ms", default.trailing_silence_ms, minimum=100, maximum=10_000
    )
    longest = section.number("max_utterance_seconds", default.max_utterance_seconds, minimum=1, maximum=30)
    config = EndpointingConfig(
        pre_roll_ms=_or(pre_roll, default.pre_roll_ms),
        min_speech_ms=_or(min_speech, default.min_speech_ms),
        pause_ms=_or(pause, default.pause_ms),
        trailing_silence_ms=_or(trailing, default.trailing_silence_ms),
        max_utterance_seconds=_or(longest, default.max_utterance_seconds),
    )
    if config.pause_ms > config.trailing_silence_ms:
        message = f"must not exceed trailing_silence_ms ({config.trailing_silence_ms})"
        section.issues.add(section.line_of("pause_ms"), section.path_of("pause_ms"), message)
    return config


_MODEL_KEYS = ("name", "path", "cache_directory", "download", "device", "compute_type", "cpu_threads",
               "beam_size", "language", "word_timestamps")  # fmt: skip


def _model(top: Section, base_dir: Path | None) -> ModelConfig:
    """Which faster-whisper model, where, on what device, and how it decodes."""
    default = ModelConfig()
    section = top.section("model", optional=_MODEL_KEYS)
    if section is None:
        return default
    threads = section.integer("cpu_threads", default.cpu_threads, minimum=0, maximum=256)
    beam = section.integer("beam_size", default.beam_size, minimum=1, maximum=16)
    return ModelConfig(
        name=section.string("name") or default.name,
        path=read_path(section, "path", base_dir),
        cache_directory=read_path(section, "cache_directory", base_dir),
        download=section.boolean("download", default.download),
        device=section.choice("device", MODEL_DEVICES, default.device, what="device") or default.device,
        compute_type=section.choice("compute_type", COMPUTE_TYPES, default.compute_type, what="compute type")
        or default.compute_type,
        cpu_threads=_or(threads, default.cpu_threads),
        beam_size=_or(beam, default.beam_size),
        language=section.string("language") or default.language,
        word_timestamps=section.boolean("word_timestamps", default.word_timestamps),
    )


def _bias(top: Section) -> BiasConfig:
    """Biasing toward the home's words."""
    default = BiasConfig()
    section = top.section("bias", optional=("prompt", "hotwords", "words"))
    if section is None:
        return default
    return BiasConfig(
        prompt=section.boolean("prompt", default.prompt),
        hotwords=section.boolean("hotwords", default.hotwords),
        words=tuple(" ".join(word.split()) for word in section.strings("words") if word.strip()),
    )


def _rejection(top: Section) -> RejectionConfig:
    """Thresholds that keep silence, noise and hallucinations from becoming commands."""
    default = RejectionConfig()
    keys = ("no_speech_threshold", "min_avg_logprob", "max_compression_ratio", "phrases")
    section = top.section("rejection", optional=keys)
    if section is None:
        return default
    no_speech = section.number("no_speech_threshold", default.no_speech_threshold, minimum=0, maximum=1)
    logprob = section.number("min_avg_logprob", default.min_avg_logprob, minimum=-20, maximum=0)
    ratio = section.number("max_compression_ratio", default.max_compression_ratio, minimum=1, maximum=100)
    return dataclasses.replace(
        default,
        no_speech_threshold=_or(no_speech, default.no_speech_threshold),
        min_avg_logprob=_or(logprob, default.min_avg_logprob),
        max_compression_ratio=_or(ratio, default.max_compression_ratio),
        phrases=tuple(" ".join(p.split()) for p in section.strings("phrases") if p.strip()),
    )


def _or(value: _T | None, default: _T) -> _T:
    """A value read (None when absent or invalid), or the default."""
    return default if value is None else value
