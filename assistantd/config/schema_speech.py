"""The `speech:` section."""

from __future__ import annotations

from pathlib import Path

from assistantd.config.loader import Node
from assistantd.config.model_speech import SpeechConfig
from assistantd.config.walker import Issues


def read_speech(issues: Issues, node: Node | None, path: str, base_dir: Path | None) -> SpeechConfig | None:
    """The speech settings, or None when the section is absent."""
    if node is None:
        return None
    return SpeechConfig()
