"""A reload (SIGHUP): the new config and its compiled grammar, less the settings kept until a restart."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path

from assistantd.config.settings import Config
from assistantd.grammar.recognizer import GrammarRecognizer

_LOGGER = logging.getLogger(__name__)


def prepare_reload(
    path: Path, load: Callable[[Path], Config], current: Config
) -> tuple[Config, GrammarRecognizer]:
    """Load a config and compile its grammar (in a worker thread); ConfigError or TemplateError when it
    is invalid. The settings only a restart changes are kept from the current config, with a warning."""
    config = load(path)
    if restart_only(config) != restart_only(current):
        _LOGGER.warning(
            "The broker, site id, state directory, outbox, speech and vision settings change only on "
            "restart; devices, areas, rules and sentences are reloaded"
        )
        config = keep_restart_only(config, current)
    return config, GrammarRecognizer(config)


def restart_only(config: Config) -> tuple[object, ...]:
    """The settings a running daemon keeps until it restarts (its connection, files and pipelines)."""
    return (config.mqtt, config.site.id, config.state_directory, config.outbox, config.speech, config.vision)


def keep_restart_only(new: Config, old: Config) -> Config:
    """The new config with the old one's restart-only settings."""
    return dataclasses.replace(
        new,
        mqtt=old.mqtt,
        site=dataclasses.replace(new.site, id=old.site.id),
        state_directory=old.state_directory,
        outbox=old.outbox,
        speech=old.speech,
        vision=old.vision,
    )
