"""`assistantd satellite`: a room's microphone for the home's coordinator; `assistantd worker`: speech to
text for the satellites, on the machine with the GPU."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from pathlib import Path

from assistantd.cli.common import add_config_options, load_config_of
from assistantd.errors import ConfigError, ConfigIssue


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the commands."""
    parser = commands.add_parser("satellite", help="listen in a room for the home's coordinator")
    add_config_options(parser)
    parser.add_argument(
        "satellite", metavar="ID", help="the satellite's id (an entry of the satellites section)"
    )
    parser.add_argument(
        "--until-source-ends", action="store_true", help="stop once a file source has been heard and sent"
    )
    parser.set_defaults(handler=_satellite)
    worker = commands.add_parser(
        "worker", help="transcribe the satellites' speech (MQTT shared subscription)"
    )
    add_config_options(worker)
    worker.add_argument(
        "--name", default=None, help="the worker's name, unique in the home (default: host name)"
    )
    worker.add_argument(
        "--home",
        dest="homes",
        action="append",
        default=[],
        metavar="PATH",
        help="another home's config file to serve too (its own base topic and broker login; --mqtt-url, "
        "--state-dir and --set apply to it as well); repeatable",
    )
    worker.set_defaults(handler=_worker)


def _satellite(args: argparse.Namespace) -> int:
    from assistantd.daemon.satellite import Satellite

    config = load_config_of(args)
    found = [satellite for satellite in config.satellites if satellite.id == args.satellite]
    if not found:
        known = ", ".join(satellite.id for satellite in config.satellites) or "none"
        message = f"no satellite {args.satellite!r} in the satellites section (known: {known})"
        raise ConfigError([ConfigIssue(str(config.source or args.config), None, "satellites", message)])
    satellite = Satellite(config, found[0])
    return asyncio.run(_until_signal(satellite.run(until_source_ends=args.until_source_ends)))


def _worker(args: argparse.Namespace) -> int:
    from assistantd.config.overrides import apply_overrides, load_with_settings
    from assistantd.daemon.worker import serve

    configs = [load_config_of(args)]
    for path in args.homes:
        other = load_with_settings(Path(path), args.settings)
        configs.append(apply_overrides(other, mqtt_url=args.mqtt_url, state_directory=args.state_directory))
    return asyncio.run(_until_signal(serve(configs, args.name)))


async def _until_signal(job: object) -> int:
    """Run a coroutine until it ends or SIGTERM/SIGINT comes; 0."""
    task = asyncio.ensure_future(job)  # type: ignore[arg-type]
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return 0
