"""`assistantd check-config`: every error of a config, or a one-screen summary of the home."""

from __future__ import annotations

import argparse
import os
import sys

from assistantd.cli.common import EX_CONFIG, EX_OK, add_config_options, load_config_of
from assistantd.config.settings import Config
from assistantd.errors import ConfigError


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("check-config", help="validate the config and summarise the home")
    add_config_options(parser)
    parser.set_defaults(handler=_check_config)


def _check_config(args: argparse.Namespace) -> int:
    from assistantd.config.summary import summarize

    config = load_config_of(args)
    problems, notes = _connection_files(config)
    notes += _satellite_notes(config)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EX_CONFIG
    print(summarize(config))
    return EX_OK


def _connection_files(config: Config) -> tuple[list[str], list[str]]:
    """What `run` would trip over at start that the YAML alone does not show: the password file and the
    TLS files must be readable, the state directory must be one. A password variable may be set only in
    the service's environment: a note."""
    from assistantd.mqtt.client import tls_context
    from assistantd.mqtt.password import read_password

    problems: list[str] = []
    notes: list[str] = []
    mqtt = config.mqtt
    try:
        read_password(mqtt, os.environ)
    except ConfigError as err:
        if mqtt.password_file is not None:
            problems += [str(issue) for issue in err.issues]
        else:
            notes += [f"{issue.message} here; the service must have it in its environment" for issue in err.issues]
    if mqtt.tls is not None:
        try:
            tls_context(mqtt.tls)
        except ConfigError as err:
            problems += [str(issue) for issue in err.issues]
    state = config.state_directory
    if state.exists() and not state.is_dir():
        problems.append(f"{state}: state_directory: cannot be the state directory: not a directory")
    return problems, notes


LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _satellite_notes(config: Config) -> list[str]:
    """Satellites stream what is said in the home's rooms: over a network without TLS anyone on it hears.
    A satellite whose broker user is not named like its id gets none of its own topics from the example ACL
    (config/mosquitto-assistantd.acl), whose patterns take the site id from the user name (%u)."""
    notes = [
        f"satellite {satellite.id!r} logs in as {satellite.username!r}, not as its id: the example ACL "
        "(config/mosquitto-assistantd.acl) gives a satellite's user only the topics of the site named like "
        f"it (%u), so name the user {satellite.id!r} or give {satellite.username!r} those topics in your ACL"
        for satellite in config.satellites
        if satellite.username and satellite.username != satellite.id
    ]
    if not config.satellites or config.mqtt.tls is not None or config.mqtt.host in LOOPBACK:
        return notes
    return [
        f"satellites send their audio to the broker at {config.mqtt.host}:{config.mqtt.port} without TLS: "
        "anyone on the network can listen; give mqtt a tls setting (and the broker a TLS listener)",
        *notes,
    ]
