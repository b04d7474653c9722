"""`assistantd train`: trains the intent model for a config into its state directory, once per config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the intent model needs the model extra (torch)")

HOME = """\
site: {id: home, area: living}
state_directory: STATE
areas:
  - {id: living, name: Living Room}
devices:
  - {name: Lamp, domain: light, area: living, capabilities: [brightness], zigbee2mqtt: {friendly_name: lamp}}
  - {name: Fan, domain: fan, area: living, tasmota: {topic: fan}}
"""


@pytest.mark.slow
def test_train_saves_a_checkpoint_once_per_config(tmp_path: Path) -> None:
    home = tmp_path / "home.yaml"
    home.write_text(HOME.replace("STATE", str(tmp_path / "state")))
    command = [sys.executable, "-m", "assistantd", "train", "--config", str(home), "--epochs", "1", "--per-pattern", "2"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    assert "epoch 1/1: loss" in first.stdout
    checkpoints = list((tmp_path / "state" / "models").glob("intent-*.pt"))
    assert len(checkpoints) == 1 and "trained in" in first.stdout and str(checkpoints[0]) in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0 and again.stdout.strip() == f"up to date: {checkpoints[0]}"
    home.write_text(home.read_text() + "  - {name: Heater, domain: switch, area: living, tasmota: {topic: heater}}\n")
    changed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert changed.returncode == 0 and "trained in" in changed.stdout
    assert len(list((tmp_path / "state" / "models").glob("intent-*.pt"))) == 2
