"""The broker password, read from a file or an environment variable (never from the YAML itself)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from assistantd.config.loader import read_regular_file
from assistantd.config.service import MqttConfig
from assistantd.errors import ConfigError, ConfigIssue

MAX_PASSWORD_BYTES = 4096
"""Bound on a password file's size."""


def read_password(settings: MqttConfig, environ: Mapping[str, str]) -> str | None:
    """The password from settings.password_file or settings.password_env; None when neither is set."""
    if settings.password_file is not None:
        return _from_file(settings.password_file)
    if settings.password_env is not None:
        return _from_environment(settings.password_env, environ)
    return None


def _from_file(path: Path) -> str:
    try:
        text = read_regular_file(path, MAX_PASSWORD_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _error(str(path), "mqtt.password_file", f"cannot read the MQTT password file: {err}") from err
    password = text.rstrip("\r\n")
    if not password:
        raise _error(str(path), "mqtt.password_file", "the MQTT password file is empty")
    return password


def _from_environment(name: str, environ: Mapping[str, str]) -> str:
    password = environ.get(name)
    if password is None:
        raise _error("environment", "mqtt.password_env", f"variable {name} (the MQTT password) is not set")
    if not password:
        raise _error("environment", "mqtt.password_env", f"variable {name} (the MQTT password) is empty")
    return password


def _error(where: str, key_path: str, message: str) -> ConfigError:
    return ConfigError([ConfigIssue(file=where, line=None, key_path=key_path, message=message)])
