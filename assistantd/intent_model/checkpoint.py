"""One way to get the intent model for a config: its checkpoint, cached by a hash of what it learns from in the
state directory, trained when missing, loaded once (``torch.load`` with ``weights_only``).

torch is imported only when a model is trained or loaded, so asking where a checkpoint is costs nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistantd.config.settings import Config
from assistantd.intent_model.recipe import TrainingConfig, config_fingerprint

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer
    from assistantd.intent_model.training import Progress, Stop

_LOGGER = logging.getLogger(__name__)

def checkpoint_path(config: Config, training: TrainingConfig = TrainingConfig()) -> Path:
    """Where the checkpoint for a configuration lives in the state directory."""
    return config.state_directory / "models" / f"intent-{config_fingerprint(config, training)}.pt"


def train_cached(
    config: Config,
    training: TrainingConfig = TrainingConfig(),
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> Path:
    """The checkpoint for a configuration: trained and saved only when its hash has none yet."""
    path = checkpoint_path(config, training)
    if path.is_file():
        _LOGGER.info("intent model: up to date (%s)", path.name)
        return path
    import torch

    from assistantd.intent_model.training import train

    checkpoint = train(config, training, progress=progress, stop=stop)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(checkpoint, partial)
    partial.replace(path)
    _LOGGER.info("intent model: saved %s", path)
    return path


def read_checkpoint(path: Path) -> dict[str, Any]:
    """A saved checkpoint: its config, labels, vocabulary and weights (tensors and plain data only)."""
    import torch

    return torch.load(path, map_location="cpu", weights_only=True)  # type: ignore[no-any-return]


def load_model(
    config: Config,
    training: TrainingConfig | None = None,
    *,
    device: str | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> ModelRecognizer:
    """The model for a configuration: the cached checkpoint in the state directory, trained when missing
    (stop, asked before each batch, abandons the training)."""
    from assistantd.intent_model.predictor import ModelRecognizer

    path = train_cached(config, training or TrainingConfig(), progress=progress, stop=stop)
    return ModelRecognizer(read_checkpoint(path), config, device=device)


def cached_model(config: Config) -> tuple[ModelRecognizer | None, str]:
    """The intent model already trained for a config (by the daemon or `assistantd train`), and a note
    on why there is none."""
    if not config.recognizer.model:
        return None, "the grammar alone (recognizer.model is false)"
    try:
        from assistantd.intent_model.predictor import ModelRecognizer
    except ImportError:
        return None, "the grammar alone (the model extra is not installed: pip install 'assistantd[model]')"
    path = checkpoint_path(config)
    if not path.is_file():
        return (
            None,
            f"the grammar alone (no intent model trained for this config in {path.parent}: assistantd train)",
        )
    model = ModelRecognizer(read_checkpoint(path), config, device=config.recognizer.model_device)
    return model, f"the grammar and the intent model {path.name}"
