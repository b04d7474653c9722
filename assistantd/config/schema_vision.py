"""The `vision:` section."""

from __future__ import annotations

from pathlib import Path

from assistantd.config.catalog import Known
from assistantd.config.loader import Node
from assistantd.config.model_vision import VisionConfig
from assistantd.config.walker import Issues


def read_vision(
    issues: Issues, node: Node | None, path: str, known: Known, base_dir: Path | None
) -> VisionConfig | None:
    """The vision settings, or None when the section is absent."""
    if node is None:
        return None
    return VisionConfig()
