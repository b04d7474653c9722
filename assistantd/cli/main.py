"""Command line: run, satellite, worker, check-config, understand, say, eval, perceive, calibrate, train, demo."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from assistantd import __version__
from assistantd.cli import (
    calibrate,
    check_config,
    demo,
    evaluate,
    perceive,
    run,
    satellite,
    say,
    train,
    understand,
)
from assistantd.cli.common import EX_CONFIG, print_config_error
from assistantd.errors import ConfigError

COMMANDS = (run, satellite, check_config, understand, say, evaluate, perceive, calibrate, train, demo)
"""Each module adds its own subcommand (`add_parser`); heavy imports wait inside its handler."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `assistantd` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.log_level)
    try:
        return int(args.handler(args))
    except ConfigError as err:
        print_config_error(err)
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
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


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


if __name__ == "__main__":
    sys.exit(main())
