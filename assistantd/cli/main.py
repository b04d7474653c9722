"""Command line: run, check-config, understand, say, eval, demo."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from assistantd import __version__
from assistantd.errors import ConfigError

_LOGGER = logging.getLogger(__name__)

EX_OK = 0
EX_USAGE = 64
EX_DATAERR = 65
EX_UNAVAILABLE = 69
EX_SOFTWARE = 70
EX_CONFIG = 78


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `assistantd` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.log_level)
    try:
        return int(args.handler(args))
    except ConfigError as err:
        _print_config_error(err)
        return EX_CONFIG
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistantd", description=__doc__)
    parser.add_argument("--version", action="version", version=f"assistantd {__version__}")
    parser.add_argument(
        "--log-level", default=os.environ.get("ASSISTANTD_LOG_LEVEL", "INFO"), help="DEBUG, INFO, WARNING, ERROR"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from assistantd.cli import commands as cli_commands

    cli_commands.add_commands(commands, _add_config_options)
    return parser


def _add_config_options(parser: argparse.ArgumentParser) -> None:
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


def load_for(args: argparse.Namespace):  # noqa: ANN201 - returns (path, loader)
    """The config path and a loader applying this command line's overrides (used again on SIGHUP)."""
    from assistantd.config.overrides import apply_overrides, load_with_settings, resolve_config_path

    path = resolve_config_path(args.config, os.environ)
    state_dir = args.state_directory or os.environ.get("STATE_DIRECTORY", "").split(":")[0] or None

    def load(config_path: Path):  # noqa: ANN202
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


def _setup_logging(level_name: str) -> None:
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("JOURNAL_STREAM"):
        handler.setFormatter(_JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)


class _JournalFormatter(logging.Formatter):
    """Prefixes syslog priorities (<3> error ...) that journald turns into log levels."""

    _PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}

    def format(self, record: logging.LogRecord) -> str:
        priority = self._PRIORITY.get(record.levelno, 6)
        return f"<{priority}>" + super().format(record).replace("\n", "\n  ")


def _print_config_error(err: ConfigError) -> None:
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


def run_async(coroutine) -> int:  # noqa: ANN001
    """asyncio.run for a command."""
    return asyncio.run(coroutine)


if __name__ == "__main__":
    sys.exit(main())
