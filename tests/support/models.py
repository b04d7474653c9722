"""Full trainings shared by the tests of one run: each configuration's model is trained once, by the first
test that needs it (in process, or by the command line in a state directory, which then lends its
checkpoint), and read back by the others. A full training takes a minute or more on a busy machine; the
same configuration and recipe give the same fingerprint, so a lent checkpoint is exactly what a test would
have trained itself."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from assistantd.config.settings import Config
from assistantd.intent_model.recipe import TrainingConfig, config_fingerprint


class Trainings:
    """Checkpoints by fingerprint, in one folder for the whole test run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, config: Config, training: TrainingConfig = TrainingConfig()) -> Path:
        return self.folder / f"intent-{config_fingerprint(config, training)}.pt"

    def checkpoint(self, config: Config, training: TrainingConfig = TrainingConfig()) -> dict[str, Any]:
        """The checkpoint for config: read back when a test already trained it, else trained now and kept."""
        import torch

        from assistantd.intent_model.checkpoint import read_checkpoint
        from assistantd.intent_model.training import train

        path = self.path(config, training)
        if not path.is_file():
            partial = path.with_suffix(".partial")
            torch.save(train(config, training), partial)
            partial.replace(path)
        return read_checkpoint(path)

    def lend(self, models: Path) -> None:
        """Keep the checkpoints a command line trained into a state directory's models folder."""
        for trained in models.glob("intent-*.pt"):
            if not (self.folder / trained.name).is_file():
                shutil.copyfile(trained, self.folder / trained.name)
