"""The parts of the daemon that a config may leave out or a machine may lack, and the state directory."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.metrics import Metrics, MetricsError
from assistantd.errors import ConfigError, ConfigIssue

if TYPE_CHECKING:
    from assistantd.daemon.intake import Intake
    from assistantd.daemon.recognition import RecognitionServer
    from assistantd.daemon.understanding import RemoteModel
    from assistantd.daemon.wyoming import WyomingService
    from assistantd.mqtt.client import Correlated, MqttClient

_LOGGER = logging.getLogger(__name__)


def speaks(config: Config) -> bool:
    """Whether the config asks for spoken answers."""
    return config.tts is not None and config.tts.enabled


def optional_metrics(config: Config) -> Metrics | None:
    """The metrics, when asked for and possible (a missing package is reported; the daemon serves on)."""
    if not config.metrics.enabled:
        return None
    try:
        return Metrics(config.metrics)
    except MetricsError as err:
        _LOGGER.error("Metrics are off: %s", err)
        return None


def optional_wyoming(config: Config, intake: Intake) -> WyomingService | None:
    """The Wyoming server, when asked for and possible (a missing package is reported; the daemon serves on)."""
    if not config.wyoming.enabled:
        return None
    try:
        from assistantd.daemon.wyoming import wyoming_service
    except ImportError as err:
        _LOGGER.error("Wyoming is off: install assistantd[wyoming] (%s)", err)
        return None
    return wyoming_service(config, intake)


def optional_recognition(config: Config, client: MqttClient) -> RecognitionServer | None:
    """Speech to text for the satellites, when the home has some and the coordinator serves it."""
    if not config.satellites or not config.recognition.serve:
        return None
    from assistantd.daemon.recognition import RecognitionServer, RecognitionTopics
    from assistantd.speech.transcriber import whisper_for

    speech = config.speech or SpeechConfig()
    topics = RecognitionTopics.for_config(config)
    return RecognitionServer(client, topics, lambda: whisper_for(config, speech))


def optional_workers(
    config: Config, client: MqttClient, fingerprint: Callable[[], str | None]
) -> RemoteModel | None:
    """The recognizer workers' intent model, when the config asks for it (recognition.intent_model)."""
    if config.recognition.intent_model != "workers" or not config.recognizer.model:
        return None
    from assistantd.daemon.requests import RecognitionTopics
    from assistantd.daemon.understanding import UNDERSTAND, RemoteModel

    topics = RecognitionTopics.for_config(config, UNDERSTAND)
    deadline = config.recognition.model_deadline_seconds
    return RemoteModel(client, topics, config.site.id, fingerprint, deadline_seconds=deadline)


def deliver(message: Correlated, workers: RemoteModel | None, recognition: RecognitionServer | None) -> None:
    """A message with correlation data: the workers' answer to a model request, or a recognition request."""
    if workers is not None and workers.handles(message):
        workers.on_reply(message)
    elif recognition is not None:
        recognition.on_request(message)


def ensure_state_directory(path: Path) -> None:
    """Create the state directory (0750: the group may `say`); ConfigError when it cannot be one."""
    try:
        path.mkdir(mode=0o750, parents=True, exist_ok=True)
    except OSError as err:
        reason = "a file is in the way" if isinstance(err, FileExistsError) else (err.strerror or str(err))
        raise _state_error(path, reason) from err
    if not path.is_dir():
        raise _state_error(path, "not a directory")


def _state_error(path: Path, reason: str) -> ConfigError:
    return ConfigError(
        [ConfigIssue(str(path), None, "state_directory", f"cannot be the state directory: {reason}")]
    )
