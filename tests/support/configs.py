"""Config texts and paths the config tests share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistantd.config import parse_config
from assistantd.errors import ConfigError, ConfigIssue

ROOT = Path(__file__).resolve().parents[2]
"""The checkout."""
EXAMPLE = ROOT / "config" / "assistantd.yaml"
"""The example home."""
SHARED_DATA = Path(os.environ.get("ASSISTANTD_SHARED_DATA") or ROOT.parent / "shared" / "data")
"""The shared test data ($ASSISTANTD_SHARED_DATA, else ../shared/data beside the checkout); tests that need
it skip with a reason where it is absent."""


BASE = """\
site: {id: living_room, area: living_room}
mqtt: {host: 127.0.0.1, port: 1883}
floors:
  - {id: ground, name: Ground Floor}
areas:
  - {id: living_room, name: Living Room, floor: ground, aliases: [lounge]}
  - {id: kitchen, name: Kitchen, floor: ground}
devices:
  - id: floor_lamp
    name: Floor Lamp
    area: living_room
    domain: light
    capabilities: [brightness]
    zigbee2mqtt: {friendly_name: living/floor_lamp}
  - id: movie_scene
    name: Movie Scene
    domain: scene
    generic:
      actions:
        activate: {topic: home/scenes/movie, payload: "ON"}
"""
"""A valid minimal home; the table below breaks it in one place at a time."""


def issues_of(text: str) -> tuple[ConfigIssue, ...]:
    """The issues parse_config raises for a text (which must be invalid)."""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, file="home.yaml")
    return caught.value.issues
