"""Configuration of the microphone, voice activity detection and speech-to-text (the `speech:` section)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpeechConfig:
    """The `speech:` section; absent means the daemon does not listen."""
