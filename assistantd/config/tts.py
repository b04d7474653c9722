"""The ``tts`` section: spoken answers (the voice), its engine, where it plays, and what it says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistantd.config.fields import open_settings, read_settings, setting
from assistantd.config.section import Section

TTS_ENGINES: tuple[str, ...] = ("auto", "piper", "espeak")
"""auto: Piper when the tts extra is installed, else espeak-ng when it is on the PATH."""
SPEAKING_SOURCES: tuple[str, ...] = ("speech", "vision", "control", "mqtt", "wyoming")
"""The inputs whose answers may be spoken (the intent event's source)."""


@dataclass(frozen=True, slots=True)
class TtsConfig:
    """Spoken answers, on the site that heard the command."""

    enabled: bool = setting(True)
    """Speak (false: answers stay on MQTT only, as without the section)."""
    engine: str = setting("auto", choices=TTS_ENGINES, what="engine")
    """piper (the tts extra: Piper with the bundled en_US-joe-medium voice), espeak (espeak-ng), or auto."""
    voice: Path | None = setting(None)
    """A Piper voice (.onnx, its .onnx.json beside it); None: the bundled en_US-joe-medium."""
    output: str = setting("default")
    """The sound card: default, an output device's index or a part of its name, or none (no playback)."""
    directory: Path | None = setting(None)
    """Also write each spoken answer as a WAV file here (for another player, or to keep them)."""
    speak: tuple[str, ...] = setting(("speech",), words=True)
    """Whose answers are spoken: speech (the microphone, the default), vision, control, mqtt, wyoming."""
    sounds: bool = setting(True)
    """Short sounds: done before an answer to a command carried out, error before a refusal."""
    publish_audio: bool = setting(False)
    """Publish each spoken answer as a WAV on <base>/<site>/audio/out (QoS 0) for another player."""
    listen_tail_seconds: float = setting(0.3, minimum=0, maximum=5)
    """The microphone stays closed this long after the voice stops, seconds (so it does not hear its own
    echo)."""

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        """Every source named is an input the daemon has."""
        unknown = [item for item in self.speak if item not in SPEAKING_SOURCES]
        if unknown:
            return (("speak", f"unknown source {unknown[0]!r} ({', '.join(SPEAKING_SOURCES)})"),)
        return ()


def read_tts(top: Section, base_dir: Path | None) -> TtsConfig | None:
    """The tts settings; None when the section is absent (answers on MQTT only)."""
    section = open_settings(top, "tts", TtsConfig)
    if section is None:
        return None
    return read_settings(section, TtsConfig(), base_dir)
