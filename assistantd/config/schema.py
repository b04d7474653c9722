"""The whole configuration file: read it, check every section, and build the frozen Config.

Every problem in the file is collected and raised together as one ConfigError whose issues
name the file, the line and the key path: a reader that finds a problem records it and goes
on (with a default, or leaving the part out) so that later problems are found in the same
pass; a Config is returned only when no issue was found. Relative paths in the file (state_directory,
password_file, TLS files, audio and video files, models) are taken relative to the file's folder.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from assistantd.config.fields import read_path, read_section
from assistantd.config.home import read_home, read_site
from assistantd.config.lists import read_lists
from assistantd.config.loader import ListNode, MapNode, Node, Scalar, compose, read_text
from assistantd.config.rules import read_rules
from assistantd.config.satellites import RecognitionConfig, read_satellites
from assistantd.config.section import Section, open_section
from assistantd.config.sentences import read_sentences
from assistantd.config.service import (
    ConfirmationConfig,
    HermesConfig,
    HomeAssistantConfig,
    InboxConfig,
    MetricsConfig,
    OutboxConfig,
    RecognizerConfig,
    TimersConfig,
    read_mqtt,
    read_wyoming,
)
from assistantd.config.settings import DEFAULT_STATE_DIRECTORY, Config
from assistantd.config.speech import read_speech
from assistantd.config.tts import read_tts
from assistantd.config.vision import read_vision
from assistantd.config.walker import Issues, describe
from assistantd.config.weather import read_weather
from assistantd.errors import ConfigError, ConfigIssue

_LOGGER = logging.getLogger(__name__)

TOP_LEVEL_KEYS: tuple[str, ...] = (
    "site",
    "mqtt",
    "state_directory",
    "outbox",
    "inbox",
    "confirmation",
    "timers",
    "recognizer",
    "metrics",
    "hermes",
    "wyoming",
    "homeassistant",
    "tts",
    "satellites",
    "recognition",
    "floors",
    "areas",
    "devices",
    "sentences",
    "rules",
    "speech",
    "vision",
    "weather",
    "lists",
)
_REQUIRED = ("site", "areas", "devices")


def load_config(path: Path) -> Config:
    """Read and check a configuration file; raises ConfigError with every issue found."""
    text = read_text(path)
    config = parse_config(text, file=str(path), base_dir=path.parent)
    _LOGGER.debug("Read %s: %d devices, %d rules", path, len(config.devices), len(config.rules))
    return dataclasses.replace(config, source=path)


def parse_config(text: str, *, file: str, base_dir: Path | None = None) -> Config:
    """Check configuration text (``file`` names it in issues); raises ConfigError with every issue."""
    issues = Issues(file)
    root, load_issues = compose(text, file=file)
    issues.extend(load_issues)
    top = None if root is None else _open_top(issues, root)
    config = None if top is None else _read_config(top, base_dir)
    issues.raise_if_any()
    if config is None:  # every path to None records an issue; this is a guard, not validation
        raise ConfigError([ConfigIssue(file, None, "", "the configuration is invalid")])
    return config


def _open_top(issues: Issues, root: Node) -> Section | None:
    """The document's top-level mapping of sections."""
    if not isinstance(root, MapNode):
        sections = ", ".join(TOP_LEVEL_KEYS)
        message = f"the top level must be a mapping of sections ({sections}), got {describe(root)}"
        issues.add(root.line, "", message)
        return None
    return open_section(issues, root, "", required=_REQUIRED, optional=TOP_LEVEL_KEYS)


def _read_config(top: Section, base_dir: Path | None) -> Config | None:
    """The Config from the top-level sections (None when a required part is invalid)."""
    known = read_home(top)
    site = read_site(top, known.area_ids)
    sentences = read_sentences(top.issues, top.items("sentences"), known)
    rules = read_rules(top.issues, top.items("rules"), known)
    mqtt = read_mqtt(top, base_dir, None if site is None else site.id)
    state_directory = read_path(top, "state_directory", base_dir) or DEFAULT_STATE_DIRECTORY
    outbox = read_section(top, "outbox", OutboxConfig())
    inbox = read_section(top, "inbox", InboxConfig())
    confirmation = read_section(top, "confirmation", ConfirmationConfig())
    timers = read_section(top, "timers", TimersConfig())
    recognizer = read_section(top, "recognizer", RecognizerConfig())
    metrics = read_section(top, "metrics", MetricsConfig())
    hermes = read_section(top, "hermes", HermesConfig())
    wyoming = read_wyoming(top, known.area_ids)
    homeassistant = read_section(top, "homeassistant", HomeAssistantConfig())
    tts = read_tts(top, base_dir)
    speech, vision = read_speech(top, base_dir), read_vision(top, base_dir)
    satellites = read_satellites(top, known.area_ids, None if site is None else site.id, base_dir, speech)
    recognition = read_section(top, "recognition", RecognitionConfig())
    weather, lists = read_weather(top), read_lists(top)
    if site is not None:
        _refuse_loops(top, f"{mqtt.base_topic}/{site.id}")
    if vision is not None and vision.pose is None:
        _refuse_unplaced(top)
    if site is None or None in known.devices.values():
        return None
    return Config(
        site=site,
        areas=known.areas,
        devices=tuple(device for device in known.devices.values() if device is not None),
        floors=known.floors,
        mqtt=mqtt,
        sentences=sentences,
        rules=rules,
        state_directory=state_directory,
        outbox=outbox,
        inbox=inbox,
        confirmation=confirmation,
        timers=timers,
        recognizer=recognizer,
        metrics=metrics,
        hermes=hermes,
        wyoming=wyoming,
        homeassistant=homeassistant,
        tts=tts,
        satellites=satellites,
        recognition=recognition,
        speech=speech,
        vision=vision,
        weather=weather,
        lists=lists,
    )


def _refuse_loops(top: Section, site_topic: str) -> None:
    """A rule's raw publish to the daemon's own text or context topic (or a satellite's command topic under
    the text topic) comes back as a command: a loop."""
    inputs = {f"{site_topic}/text", f"{site_topic}/context"}
    for rule_path, rule in top.items("rules"):
        actions = _entry(rule, "actions")
        for index, action in enumerate(actions.items if isinstance(actions, ListNode) else ()):
            topic = _entry(_entry(action, "publish"), "topic")
            value = str(topic.value).strip() if isinstance(topic, Scalar) else ""
            if value in inputs or value.startswith(f"{site_topic}/text/"):
                message = (
                    f"publishes to the daemon's own input topic {value}: it would come back as a command"
                )
                top.issues.add(topic.line, f"{rule_path}.actions[{index}].publish.topic", message)


def _refuse_unplaced(top: Section) -> None:
    """Devices placed in the room (x, y, z) with a camera that has no place in it: pointing cannot reach them."""
    for device_path, device in top.items("devices"):
        location = _entry(device, "location")
        if isinstance(location, MapNode) and {entry.key for entry in location.entries} & {"x", "y", "z"}:
            message = "placed by x, y and z in the room: give vision.pose (the camera's place) to point at it"
            top.issues.add(location.line, f"{device_path}.location", message)


def _entry(node: Node | None, key: str) -> Node | None:
    """A mapping's value under a key (None when there is none)."""
    if not isinstance(node, MapNode):
        return None
    return next((entry.value for entry in node.entries if entry.key == key), None)
