"""The speech: section: defaults, every key, and errors with file, line, key path and a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistantd.config import load_config, parse_config
from assistantd.config.speech import AudioSourceConfig, SpeechConfig
from tests.support.configs import BASE, EXAMPLE, issues_of

B = BASE.count("\n")


def test_absent_empty_and_example() -> None:
    assert parse_config(BASE, file="home.yaml").speech is None
    assert parse_config(BASE + "speech: {}\n", file="home.yaml").speech == SpeechConfig()
    example = load_config(EXAMPLE).speech
    assert example is not None
    assert example.source == AudioSourceConfig(kind="microphone", device=None)
    assert example.listen.mode == "wake_phrase" and example.listen.wake_phrases == ("hey house",)
    assert example.model.name == "tiny.en" and not example.model.download


def test_every_key_is_read(tmp_path: Path) -> None:
    text = BASE + (
        "speech:\n"
        "  source: {file: clips/command.wav, realtime: false}\n"
        "  listen: {mode: attention, wake_phrases: ['  hey   house ', computer], follow_up_seconds: 5}\n"
        "  vad: {engine: webrtc, threshold: 0.6}\n"
        "  endpointing: {pre_roll_ms: 200, min_speech_ms: 150, pause_ms: 300, trailing_silence_ms: 900,\n"
        "                max_utterance_seconds: 12}\n"
        "  model: {path: models/base, cache_directory: /var/cache/models, download: true, device: cpu,\n"
        "          compute_type: float32, cpu_threads: 2, beam_size: 1, language: en, word_timestamps: true}\n"
        "  bias: {prompt: false, hotwords: true, words: [Hue, '  ']}\n"
        "  rejection: {no_speech_threshold: 0.5, min_avg_logprob: -0.8, max_compression_ratio: 2.0,\n"
        "              phrases: [okay google]}\n"
        "  speculative: false\n"
        "  muted: true\n"
    )
    path = tmp_path / "home.yaml"
    path.write_text(text)
    speech = load_config(path).speech
    assert speech is not None
    assert speech.source.kind == "file" and speech.source.path == tmp_path / "clips" / "command.wav"
    assert not speech.source.realtime
    assert speech.listen.wake_phrases == ("hey house", "computer") and speech.listen.follow_up_seconds == 5
    assert (speech.vad.engine, speech.vad.threshold) == ("webrtc", 0.6)
    assert (speech.endpointing.pause_ms, speech.endpointing.max_utterance_seconds) == (300, 12)
    assert speech.model.path == tmp_path / "models" / "base"
    assert speech.model.cache_directory == Path("/var/cache/models")
    assert (speech.model.device, speech.model.compute_type, speech.model.beam_size) == ("cpu", "float32", 1)
    assert speech.model.word_timestamps and speech.model.download
    assert speech.bias.words == ("Hue",) and speech.bias.hotwords and not speech.bias.prompt
    assert speech.rejection.phrases == ("okay google",) and speech.rejection.min_avg_logprob == -0.8
    assert not speech.speculative and speech.muted


@pytest.mark.parametrize(("source", "expected"), [
    ("{microphone: 3}", AudioSourceConfig(device=3)),
    ("{microphone: USB}", AudioSourceConfig(device="USB")),
    ("{microphone: default}", AudioSourceConfig()),
    ("{command: [arecord, -q, -t, raw], sample_rate_hz: 48000, channels: 2}",
     AudioSourceConfig(kind="command", command=("arecord", "-q", "-t", "raw"), sample_rate_hz=48000, channels=2)),
])  # fmt: skip
def test_sources(source: str, expected: AudioSourceConfig) -> None:
    speech = parse_config(BASE + f"speech:\n  source: {source}\n", file="home.yaml").speech
    assert speech is not None and speech.source == expected


@pytest.mark.parametrize(("snippet", "line", "key_path", "message"), [
    ("speech:\n  sorce: {}\n", 2, "speech.sorce", "unknown key 'sorce' (did you mean 'source'?)"),
    ("speech:\n  source: {file: a.wav, microphone: 1}\n", 2, "speech.source.microphone",
     "give one of microphone, file or command, not file and microphone"),
    ("speech:\n  source: {microphone: -1}\n", 2, "speech.source.microphone", "must be at least 0"),
    ("speech:\n  source: {microphone: true}\n", 2, "speech.source.microphone", "expected text, got a boolean"),
    ("speech:\n  source: {command: arecord}\n", 2, "speech.source.command", "expected a list"),
    ("speech:\n  source: {command: []}\n", 2, "speech.source.command", "must name a program"),
    ("speech:\n  source: {microphone: 1, sample_rate_hz: 100}\n", 2, "speech.source.sample_rate_hz",
     "must be between 8000 and 192000"),
    ("speech:\n  source:\n    reopen_min_seconds: 5\n    reopen_max_seconds: 1\n", 4,
     "speech.source.reopen_max_seconds", "must be at least reopen_min_seconds (5)"),
    ("speech:\n  listen: {mode: wake}\n", 2, "speech.listen.mode", "unknown listening mode 'wake'"),
    ("speech:\n  listen:\n    mode: wake_phrase\n    wake_phrases: []\n", 4, "speech.listen.wake_phrases",
     "listening mode 'wake_phrase' needs at least one wake phrase"),
    ("speech:\n  vad: {engine: silera}\n", 2, "speech.vad.engine", "unknown VAD engine 'silera' (did you mean 'silero'?)"),
    ("speech:\n  vad: {threshold: 2}\n", 2, "speech.vad.threshold", "must be between 0.05 and 0.95"),
    ("speech:\n  endpointing:\n    pause_ms: 900\n", 3, "speech.endpointing.pause_ms",
     "must not exceed trailing_silence_ms (700)"),
    ("speech:\n  endpointing:\n    complete_silence_ms: 800\n", 3, "speech.endpointing.complete_silence_ms",
     "must not exceed trailing_silence_ms (700)"),
    ("speech:\n  commit_early: soon\n", 2, "speech.commit_early", "expected true or false"),
    ("speech:\n  endpointing: {max_utterance_seconds: 60}\n", 2, "speech.endpointing.max_utterance_seconds",
     "must be between 1 and 30"),
    ("speech:\n  model: {device: gpu}\n", 2, "speech.model.device", "unknown device 'gpu' (did you mean 'cpu'?)"),
    ("speech:\n  model: {compute_type: int4}\n", 2, "speech.model.compute_type", "unknown compute type 'int4'"),
    ("speech:\n  model: {beam_size: 0}\n", 2, "speech.model.beam_size", "must be between 1 and 16"),
    ("speech:\n  model:\n    download: yes please\n", 3, "speech.model.download", "expected true or false"),
    ("speech:\n  bias: {words: Hue}\n", 2, "speech.bias.words", "expected a list"),
    ("speech:\n  rejection: {min_avg_logprob: 1}\n", 2, "speech.rejection.min_avg_logprob", "must be between -20 and 0"),
    ("speech:\n  speculative: maybe\n", 2, "speech.speculative", "expected true or false"),
    ("speech: [microphone]\n", 1, "speech", "expected a mapping"),
])  # fmt: skip
def test_errors_name_the_line_and_key_path(snippet: str, line: int, key_path: str, message: str) -> None:
    issues = issues_of(BASE + snippet)
    assert any(
        issue.file == "home.yaml"
        and issue.line == B + line
        and issue.key_path == key_path
        and message in issue.message
        for issue in issues
    ), [str(issue) for issue in issues]


def test_every_problem_of_the_section_is_reported_at_once() -> None:
    issues = issues_of(BASE + "speech:\n  vad: {engine: x}\n  model: {beam_size: 99}\n  listen: {mode: y}\n")
    assert {issue.key_path for issue in issues} == {
        "speech.vad.engine",
        "speech.model.beam_size",
        "speech.listen.mode",
    }


def test_reading_a_speech_section_imports_no_audio_or_model_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from assistantd.config import load_config; "
        f"load_config(Path({str(EXAMPLE)!r})); import assistantd.cli.main; "
        "print(sorted(m for m in ('numpy', 'faster_whisper', 'sounddevice', 'soundfile', 'ctranslate2', "
        "'assistantd.audio', 'assistantd.speech') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
