"""Who sent a command on the MQTT text topics: the topic says, never the payload.

MQTT does not tell a receiver who published a message; the broker's ACL says who may write a topic. So each
satellite sends its commands on a topic of its own under the coordinator's text topic,
``<base>/<site>/text/<satellite id>``, which the example ACL (config/mosquitto-assistantd.acl) lets only
that satellite's user write. A command there is that satellite's and is heard in its configured area,
whatever its payload's ``"area"`` says; a payload whose ``"source"`` names anyone else is refused, and so
is a topic whose id is no configured satellite.

On the plain text topic (``<base>/<site>/text``: Home Assistant, `assistantd say`, a wall panel) the
payload's ``"source"`` and ``"area"`` are taken as given, as before, except that a ``"source"`` naming a
configured satellite is refused: whoever may write that topic could otherwise speak as the satellite,
answer a question only that room may answer (``confirmation.sources`` naming ``mqtt:ID``) or act in its
area. A refusal is an InputError (the caller logs one warning, acknowledges the message and runs nothing).

In the inbox, a satellite's command is stored with the source ``mqtt:<satellite id>`` (``stored_source``),
so that a restart takes it as the topic said, not as its stored payload says.
"""

from __future__ import annotations

from dataclasses import replace

from assistantd.assistant.command import TextCommand
from assistantd.config.settings import Config
from assistantd.daemon.inputs import parse_text_command
from assistantd.errors import InputError
from assistantd.mqtt.topics import SiteTopics

MQTT = "mqtt"
"""The input a command of the text topics comes from (as the command processor and metrics name it)."""


def sender_of(topics: SiteTopics, topic: str) -> str | None:
    """The satellite id a satellite's text topic names ("" for ``<text>/``); None for any other topic."""
    prefix = topics.text + "/"
    if not topic.startswith(prefix) or "/" in topic[len(prefix) :]:
        return None
    return topic[len(prefix) :]


def sent_command(config: Config, sender: str | None, payload: bytes) -> TextCommand:
    """The command of a payload from a satellite's own text topic (sender: its id) or from the plain text
    topic (sender None), with the sender the topic names; InputError when it is refused."""
    if sender is None:
        command = parse_text_command(payload)
        claimed = command.source_id
        if claimed is not None and config.satellite(claimed) is not None:
            raise InputError(
                f'"source" {claimed!r} is a satellite: its commands are taken only on its own topic '
                f"{SiteTopics.for_config(config).text_of(claimed)}"
            )
        return command
    satellite = config.satellite(sender)
    if satellite is None:
        raise InputError(f"{sender!r} is not a configured satellite (satellites[].id): nothing run")
    command = parse_text_command(payload)
    if command.source_id not in (None, sender):
        raise InputError(f'"source" {command.source_id!r} is not {sender!r}, whose topic this is')
    return replace(command, source_id=sender, area=satellite.area)


def text_command(config: Config, topic: str, payload: bytes) -> TextCommand | None:
    """The command of a message on a text topic (None: topic is not one); InputError when it is refused."""
    topics = SiteTopics.for_config(config)
    sender = sender_of(topics, topic)
    if sender is None and topic != topics.text:
        return None
    return sent_command(config, sender, payload)


def stored_source(sender: str | None) -> str:
    """The inbox's source of a command of the text topics: ``mqtt``, or ``mqtt:<satellite id>``."""
    return MQTT if sender is None else f"{MQTT}:{sender}"


def stored_sender(source: str) -> str | None:
    """The satellite a stored command came from (its source ``mqtt:<id>``); None for any other."""
    return source.removeprefix(f"{MQTT}:") if source.startswith(f"{MQTT}:") else None
