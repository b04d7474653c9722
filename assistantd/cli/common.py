"""What every command shares: exit statuses, the config options and loading, JSON output."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from assistantd.config.settings import Config
from assistantd.errors import ConfigError

EX_OK = 0
EX_USAGE = 64
EX_DATAERR = 65
EX_UNAVAILABLE = 69
EX_SOFTWARE = 70
EX_TEMPFAIL = 75
"""`say`: the command was accepted (by the daemon or the broker), but its result is unknown."""
EX_CONFIG = 78

Loader = Callable[[Path], Config]
"""Reads and checks the config at a path, with the command line's overrides applied."""


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """The config file and the overrides every command that reads a config takes."""
    parser.add_argument("--config", help="config file (default $ASSISTANTD_CONFIG or /etc/assistantd/assistantd.yaml)")
    parser.add_argument("--mqtt-url", help="broker as mqtt[s]://[user@]host[:port] (overrides mqtt.*)")
    parser.add_argument("--site", dest="site_id", help="site id (overrides site.id)")
    parser.add_argument("--area", dest="site_area", help="area id the site serves (overrides site.area)")
    parser.add_argument("--state-dir", dest="state_directory", help="state directory (overrides state_directory)")
    parser.add_argument("--base-topic", help="base topic (overrides mqtt.base_topic)")
    parser.add_argument("--client-id", help="MQTT client id (overrides mqtt.client_id)")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override any setting of the file, value in YAML (e.g. --set outbox.max_age_seconds=60); repeatable",
    )


def load_for(args: argparse.Namespace) -> tuple[Path, Loader]:
    """The config path and a loader applying this command line's overrides (used again on SIGHUP)."""
    from assistantd.config.overrides import apply_overrides, load_with_settings, resolve_config_path

    path = resolve_config_path(args.config, os.environ)
    state_dir = args.state_directory or os.environ.get("STATE_DIRECTORY", "").split(":")[0] or None

    def load(config_path: Path) -> Config:
        config = load_with_settings(config_path, args.settings)
        return apply_overrides(
            config,
            mqtt_url=args.mqtt_url,
            site_id=args.site_id,
            site_area=args.site_area,
            state_directory=state_dir,
            base_topic=args.base_topic,
            client_id=args.client_id,
        )

    return path, load


def load_config_of(args: argparse.Namespace) -> Config:
    """The config this command line names, with its overrides."""
    path, load = load_for(args)
    return load(path)


def print_config_error(err: ConfigError) -> None:
    """Every issue of a bad config on stderr, then their count."""
    for issue in err.issues:
        print(f"error: {issue}", file=sys.stderr)
    count = len(err.issues)
    print(f"{count} error{'s' if count != 1 else ''} in the configuration", file=sys.stderr)


def print_json(document: object) -> None:
    """Print a JSON document to stdout."""
    print(json.dumps(document, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
