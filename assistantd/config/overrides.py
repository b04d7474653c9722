"""Where the configuration file is, and command-line values that override parts of it.

`--set KEY.PATH=VALUE` overrides any setting of the file and is checked like the file: the file is read and
checked first (its issues keep their lines); then each value (written in YAML, so
`--set outbox.max_age_seconds=60` is a number and `--set 'areas[0].aliases=[den]'` a list) replaces the one
at its key path, and the result is checked again: an issue then names ``<command line>`` and the key path.
The flags (--mqtt-url, --site, ...) are applied to the result.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from assistantd.config.checks import is_identifier, topic_problem
from assistantd.config.home import Site
from assistantd.config.loader import read_text
from assistantd.config.schema import load_config, parse_config
from assistantd.config.service import MqttConfig, TlsConfig, site_client_id
from assistantd.config.settings import Config
from assistantd.config.walker import suggestion
from assistantd.errors import ConfigError, ConfigIssue

CONFIG_ENV = "ASSISTANTD_CONFIG"
"""Environment variable naming the configuration file."""
DEFAULT_CONFIG_PATH = Path("/etc/assistantd/assistantd.yaml")
COMMAND_LINE = "<command line>"
"""The ``file`` of issues about command-line values."""
MQTT_PORT = 1883
MQTTS_PORT = 8883


@dataclass(frozen=True, slots=True)
class MqttUrl:
    """A broker address given as ``mqtt[s]://[user@]host[:port]``."""

    host: str
    port: int
    tls: bool
    """True for mqtts://."""
    username: str | None = None


def resolve_config_path(cli_value: str | None, environ: Mapping[str, str]) -> Path:
    """The configuration file: the command line's, else $ASSISTANTD_CONFIG, else the system one."""
    if cli_value:
        return Path(cli_value)
    from_env = environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    return DEFAULT_CONFIG_PATH


def parse_mqtt_url(url: str, *, key: str = "--mqtt-url") -> MqttUrl:
    """The broker in a URL; raises ConfigError (file "<command line>") when it is not one."""
    parsed, problem = _parse_url(url)
    if parsed is None:
        raise ConfigError([ConfigIssue(COMMAND_LINE, None, key, problem)])
    return parsed


def _parse_url(url: str) -> tuple[MqttUrl | None, str]:
    """(the broker, "") or (None, why the URL is not one); never echoes a password."""
    form = "expected mqtt://[user@]host[:port] or mqtts://[user@]host[:port]"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        return None, f"{form}: {err}"
    if parts.scheme.lower() not in ("mqtt", "mqtts"):
        return None, f"{form}, got scheme {parts.scheme!r}" if parts.scheme else form
    if parts.password is not None:
        return None, (
            "a password in the URL would show in the process list and logs; "
            "set password_file or password_env under mqtt: in the configuration"
        )
    if not parts.hostname:
        return None, f"{form}: the host is missing"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None, f"{form}: a broker URL has no path, query or fragment"
    tls = parts.scheme.lower() == "mqtts"
    if port is None:
        port = MQTTS_PORT if tls else MQTT_PORT
    if not 1 <= port <= 65535:
        return None, f"{form}: port must be between 1 and 65535, got {port}"
    username = unquote(parts.username) if parts.username else None
    return MqttUrl(host=parts.hostname, port=port, tls=tls, username=username), ""


class _Problems:
    """Issues about command-line options."""

    def __init__(self) -> None:
        self.issues: list[ConfigIssue] = []

    def add(self, option: str, message: str) -> None:
        """Record a problem with one option."""
        self.issues.append(ConfigIssue(COMMAND_LINE, None, option, message))


def apply_overrides(
    config: Config,
    *,
    mqtt_url: str | None = None,
    site_id: str | None = None,
    site_area: str | None = None,
    state_directory: str | Path | None = None,
    base_topic: str | None = None,
    client_id: str | None = None,
) -> Config:
    """The config with command-line values put in; raises ConfigError naming each bad option.

    ``mqtt_url`` names the whole broker connection: host, port and user (a URL without
    ``user@`` connects anonymously, so the file's username and password source are dropped);
    mqtts:// turns TLS on with the
    system trust store unless the file configures TLS, and mqtt:// turns it off. Issues name
    the option as ``--mqtt-url``, ``--site``, ``--area``, ``--state-dir``,
    ``--base-topic`` and ``--client-id``.
    """
    problems = _Problems()
    site = _site(config, problems, site_id, site_area)
    if client_id is None and config.mqtt.client_id == site_client_id(config.site.id):
        client_id = site_client_id(site.id)  # a client id made from the site follows the site
    mqtt = _mqtt(config.mqtt, problems, mqtt_url, base_topic, client_id)
    directory = config.state_directory
    if state_directory is not None:
        if not str(state_directory):
            problems.add("--state-dir", "must not be empty")
        directory = Path(state_directory)
    if problems.issues:
        raise ConfigError(problems.issues)
    return dataclasses.replace(config, mqtt=mqtt, site=site, state_directory=directory)


def _mqtt(
    mqtt: MqttConfig, problems: _Problems, url: str | None, base_topic: str | None, client_id: str | None
) -> MqttConfig:
    """The MQTT settings with the broker URL, base topic and client id put in."""
    if url is not None:
        parsed, why = _parse_url(url)
        if parsed is None:
            problems.add("--mqtt-url", why)
        else:
            tls = (mqtt.tls or TlsConfig()) if parsed.tls else None
            mqtt = dataclasses.replace(
                mqtt, host=parsed.host, port=parsed.port, tls=tls, username=parsed.username
            )
            if parsed.username is None:
                mqtt = dataclasses.replace(mqtt, password_file=None, password_env=None)
    if base_topic is not None:
        topic_why = topic_problem(base_topic)
        if topic_why:
            problems.add("--base-topic", f"invalid MQTT topic {base_topic!r}: {topic_why}")
        mqtt = dataclasses.replace(mqtt, base_topic=base_topic)
    if client_id is not None:
        if not client_id:
            problems.add("--client-id", "must not be empty")
        mqtt = dataclasses.replace(mqtt, client_id=client_id)
    return mqtt


def _site(config: Config, problems: _Problems, site_id: str | None, site_area: str | None) -> Site:
    """The site with an overridden id and/or area."""
    site = config.site
    if site_id is not None:
        if not is_identifier(site_id):
            problems.add("--site", f"{site_id!r} is not a valid id: use lower-case letters, digits and _")
        site = dataclasses.replace(site, id=site_id)
    if site_area is not None:
        area_ids = [area.id for area in config.areas]
        if site_area not in area_ids:
            problems.add("--area", f"unknown area {site_area!r}{suggestion(site_area, area_ids)}")
        site = dataclasses.replace(site, area=site_area)
    return site


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def load_with_settings(path: Path, settings: Sequence[str]) -> Config:
    """The config at path with `KEY.PATH=VALUE` settings put in; ConfigError for a bad file or value.

    The settings are put into the YAML node tree, so every other scalar stays exactly as written (an
    unquoted 18:00 is still the time it was)."""
    config = load_config(path)
    if not settings:
        return config
    root = yaml.compose(read_text(path), Loader=yaml.SafeLoader)
    for setting in settings:
        _apply(root, setting)
    text = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)
    try:
        changed = parse_config(text, file=COMMAND_LINE, base_dir=path.parent)
    except ConfigError as err:
        raise ConfigError([dataclasses.replace(issue, line=None) for issue in err.issues]) from err
    return dataclasses.replace(changed, source=path)


def _apply(root: yaml.Node, setting: str) -> None:
    """Put one `KEY.PATH=VALUE` into the node tree."""
    key_path, equals, written = setting.partition("=")
    steps = _steps(key_path) if equals else None
    if not steps:
        example = "expected --set KEY.PATH=VALUE, e.g. --set outbox.max_age_seconds=60"
        raise _error(key_path or setting, example)
    try:
        value = yaml.compose(written, Loader=yaml.SafeLoader) if written.strip() else None
    except yaml.YAMLError as err:
        raise _error(key_path, f"the value is not valid YAML: {err}") from err
    value = value or yaml.ScalarNode("tag:yaml.org,2002:str", "")
    parent = root
    for step, following in itertools.pairwise(steps):
        parent = _child(parent, step, key_path, empty=_MAP if isinstance(following, str) else _SEQ)
    _put(parent, steps[-1], value, key_path)


def _steps(key_path: str) -> list[str | int] | None:
    """`devices[2].name` -> ["devices", 2, "name"]; None when malformed."""
    steps: list[str | int] = []
    for part in key_path.split("."):
        matches = list(_STEP.finditer(part))
        if not part or "".join(m.group(0) for m in matches) != part or matches[0].group(1) is None:
            return None
        steps += [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in matches]
    return steps


def _child(parent: yaml.Node, step: str | int, key_path: str, empty: str) -> yaml.Node:
    """The node under a key or index, a new empty one for a missing key."""
    if isinstance(step, str) and isinstance(parent, yaml.MappingNode):
        for key, value in parent.value:
            if key.value == step:
                return value
        made = yaml.MappingNode(empty, []) if empty == _MAP else yaml.SequenceNode(empty, [])
        parent.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), made))
        return made
    if isinstance(step, int) and isinstance(parent, yaml.SequenceNode) and step < len(parent.value):
        return parent.value[step]
    raise _error(key_path, f"there is no {step!r} to go into")


def _put(parent: yaml.Node, step: str | int, value: yaml.Node, key_path: str) -> None:
    """Replace (or add) the node under a key or index."""
    if isinstance(step, str) and isinstance(parent, yaml.MappingNode):
        for index, (key, _) in enumerate(parent.value):
            if key.value == step:
                parent.value[index] = (key, value)
                return
        parent.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), value))
    elif isinstance(step, int) and isinstance(parent, yaml.SequenceNode) and step <= len(parent.value):
        parent.value[step : step + 1] = [value]
    else:
        raise _error(key_path, f"there is no {step!r} to set")


def _error(key_path: str, message: str) -> ConfigError:
    return ConfigError([ConfigIssue(COMMAND_LINE, None, f"--set {key_path}", message)])
