"""The daemon's own settings: ``mqtt``, ``state_directory``, ``outbox``, ``confirmation``, ``recognizer``."""

from __future__ import annotations

import logging
from pathlib import Path

from assistantd.config.checks import get_env_name, get_topic
from assistantd.config.loader import Scalar
from assistantd.config.section import Section
from assistantd.config.settings import (
    ConfirmationConfig,
    MqttConfig,
    OutboxConfig,
    RecognizerConfig,
    TlsConfig,
)
from assistantd.config.settings_speech import MODEL_DEVICES
from assistantd.config.walker import describe

_LOGGER = logging.getLogger(__name__)

_MQTT_KEYS = (
    "host",
    "port",
    "username",
    "password_file",
    "password_env",
    "tls",
    "client_id",
    "base_topic",
    "keepalive_seconds",
    "reconnect_min_seconds",
    "reconnect_max_seconds",
)
_NO_INLINE_PASSWORD = (
    "do not write the password into the configuration: put it in a file named by password_file "
    "(readable only by assistantd) or in an environment variable named by password_env"
)


def read_path(section: Section, key: str, base_dir: Path | None) -> Path | None:
    """A file or folder path; a relative one is taken relative to the configuration's folder."""
    text = section.string(key)
    if text is None:
        return None
    path = Path(text)
    return base_dir / path if base_dir is not None and not path.is_absolute() else path


def site_client_id(site_id: str) -> str:
    """The client id of a site's daemon when none is configured: unique per site, because a broker
    disconnects a client when another connects with the same id (two rooms would take turns)."""
    return f"assistantd-{site_id}"


def read_mqtt(top: Section, base_dir: Path | None, site_id: str | None = None) -> MqttConfig:
    """The broker connection; credentials come from a file or the environment, never inline.

    An invalid value is reported and replaced by its default so that reading goes on.
    """
    default = MqttConfig() if site_id is None else MqttConfig(client_id=site_client_id(site_id))
    section = top.section("mqtt", optional=_MQTT_KEYS, forbidden={"password": _NO_INLINE_PASSWORD})
    if section is None:
        return default
    username, password_file, password_env = _credentials(section, base_dir)
    keepalive, reconnect_min, reconnect_max = _timing(section, default)
    return MqttConfig(
        host=section.string("host") or default.host,
        port=section.integer("port", minimum=1, maximum=65535) or default.port,
        tls=_tls(section, base_dir),
        username=username,
        password_file=password_file,
        password_env=password_env,
        client_id=section.string("client_id") or default.client_id,
        base_topic=_base_topic(section) or default.base_topic,
        keepalive_seconds=keepalive,
        reconnect_min_seconds=reconnect_min,
        reconnect_max_seconds=reconnect_max,
    )


def _base_topic(section: Section) -> str | None:
    """The prefix of assistantd's own topics."""
    node = section.node("base_topic")
    return None if node is None else get_topic(section.issues, node, section.path_of("base_topic"))


def _credentials(section: Section, base_dir: Path | None) -> tuple[str | None, Path | None, str | None]:
    """(username, password_file, password_env); at most one password source, and only with a user."""
    username = section.string("username")
    password_file = read_path(section, "password_file", base_dir)
    env_node = section.node("password_env")
    password_env = None
    if env_node is not None:
        password_env = get_env_name(section.issues, env_node, section.path_of("password_env"))
    if password_file is not None and password_env is not None:
        message = "give either password_file or password_env, not both"
        section.issues.add(section.line_of("password_env"), section.path_of("password_env"), message)
    for key, value in (("password_file", password_file), ("password_env", password_env)):
        if value is not None and username is None:
            section.issues.add(section.line_of(key), section.path_of(key), "a password needs a username")
    return username, password_file, password_env


def _tls(section: Section, base_dir: Path | None) -> TlsConfig | None:
    """``tls: true`` (the system trust store), a mapping of files, or absent."""
    node = section.node("tls")
    if node is None:
        return None
    if isinstance(node, Scalar):
        if isinstance(node.value, bool):
            return TlsConfig() if node.value else None
        message = f"expected true, false or a mapping, got {describe(node)}"
        section.issues.add(node.line, section.path_of("tls"), message)
        return None
    tls = section.section("tls", optional=("ca_file", "cert_file", "key_file", "insecure"))
    if tls is None:
        return None
    cert_file = read_path(tls, "cert_file", base_dir)
    key_file = read_path(tls, "key_file", base_dir)
    if key_file is not None and cert_file is None:
        tls.issues.add(tls.line_of("key_file"), tls.path_of("key_file"), "key_file needs cert_file")
    return TlsConfig(
        ca_file=read_path(tls, "ca_file", base_dir),
        cert_file=cert_file,
        key_file=key_file,
        insecure=tls.boolean("insecure", False),
    )


def _timing(section: Section, default: MqttConfig) -> tuple[int, float, float]:
    """(keepalive_seconds, reconnect_min_seconds, reconnect_max_seconds)."""
    keepalive = section.integer("keepalive_seconds", minimum=0, maximum=65535)
    low = section.number("reconnect_min_seconds", positive=True, maximum=3600)
    high = section.number("reconnect_max_seconds", positive=True, maximum=3600)
    low = default.reconnect_min_seconds if low is None else low
    high = default.reconnect_max_seconds if high is None else high
    if high < low:
        key = "reconnect_max_seconds"
        message = f"must be at least reconnect_min_seconds ({low:g})"
        section.issues.add(section.line_of(key), section.path_of(key), message)
    return (default.keepalive_seconds if keepalive is None else keepalive), low, high


def read_outbox(top: Section) -> OutboxConfig:
    """Bounds on actions kept while the broker is away."""
    default = OutboxConfig()
    section = top.section("outbox", optional=("max_age_seconds", "max_actions"))
    if section is None:
        return default
    max_age = section.number("max_age_seconds", default.max_age_seconds, positive=True)
    max_actions = section.integer("max_actions", default.max_actions, minimum=1, maximum=10_000_000)
    return OutboxConfig(
        max_age_seconds=default.max_age_seconds if max_age is None else max_age,
        max_actions=default.max_actions if max_actions is None else max_actions,
    )


def read_confirmation(top: Section) -> ConfirmationConfig:
    """How long a high-risk action waits for a yes."""
    default = ConfirmationConfig()
    section = top.section("confirmation", optional=("timeout_seconds",))
    if section is None:
        return default
    timeout = section.number("timeout_seconds", default.timeout_seconds, positive=True, maximum=600)
    return ConfirmationConfig(timeout_seconds=default.timeout_seconds if timeout is None else timeout)


def read_recognizer(top: Section) -> RecognizerConfig:
    """The grammar recognizer's fuzzy name matching."""
    default = RecognizerConfig()
    section = top.section("recognizer", optional=("fuzzy_threshold", "model", "device"))
    if section is None:
        return default
    threshold = section.number("fuzzy_threshold", default.fuzzy_threshold, minimum=0, maximum=100)
    return RecognizerConfig(
        fuzzy_threshold=default.fuzzy_threshold if threshold is None else threshold,
        model=section.boolean("model", default.model),
        device=section.choice("device", MODEL_DEVICES, default.device, what="device") or default.device,
    )
