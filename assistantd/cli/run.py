"""`assistantd run`: the daemon."""

from __future__ import annotations

import argparse
import asyncio

from assistantd.cli.common import add_config_options, load_for


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("run", help="run the daemon")
    add_config_options(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from assistantd.daemon.app import DaemonOptions, run_daemon

    path, load = load_for(args)
    config = load(path)
    return asyncio.run(run_daemon(config, DaemonOptions(config_path=path, load=load)))
