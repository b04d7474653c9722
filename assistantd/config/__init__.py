"""The configuration: YAML read strictly (config.schema) into the frozen Config of config.settings."""

from assistantd.config.overrides import (
    CONFIG_ENV,
    DEFAULT_CONFIG_PATH,
    MqttUrl,
    apply_overrides,
    parse_mqtt_url,
    resolve_config_path,
)
from assistantd.config.schema import load_config, parse_config
from assistantd.config.settings import Config
from assistantd.config.summary import summarize

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG_PATH",
    "Config",
    "MqttUrl",
    "apply_overrides",
    "load_config",
    "parse_config",
    "parse_mqtt_url",
    "resolve_config_path",
    "summarize",
]
