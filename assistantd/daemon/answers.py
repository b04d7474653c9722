"""What a handled command publishes besides its actions: the confirmation request (if one was made), the
Hermes message (if asked for) and the intent event, last; for a satellite's command the intent event also
goes to that satellite's own topic, so that it reads its answers only."""

from __future__ import annotations

import json

from assistantd.action import Action
from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report, confirmation_json
from assistantd.config.settings import Config
from assistantd.daemon.hermes import hermes_messages
from assistantd.mqtt.topics import SiteTopics


def event_messages(report: Report, config: Config) -> list[Action]:
    """The messages of a report, the intent event last (for a satellite: its copy after it)."""
    topics = SiteTopics.for_config(config)
    messages: list[Action] = hermes_messages(report, config.hermes, config.site.id)
    if report.decision.confirmation is not None:
        request = confirmation_json(report.decision.confirmation, report.decision)
        messages.append(Action(topics.confirm, json.dumps(request)))
    event = json.dumps(report.to_json(config.site.id))
    messages.append(Action(topics.intent, event))
    sender = report.command.source_id if isinstance(report.command, TextCommand) else None
    if sender is not None and config.satellite(sender) is not None:
        messages.append(Action(satellite_intent_topic(config, sender), event))
    return messages


def satellite_intent_topic(config: Config, satellite_id: str) -> str:
    """Where a satellite reads the answers to its commands."""
    return f"{config.mqtt.base_topic}/{satellite_id}/intent"


def satellite_areas(config: Config) -> frozenset[str]:
    """The names of the areas the satellites serve (their timers ring there)."""
    areas = (config.area(satellite.area) for satellite in config.satellites)
    return frozenset(area.name for area in areas if area is not None)
