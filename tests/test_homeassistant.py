"""Home Assistant discovery (daemon/homeassistant.py) and the state document (daemon/presence.py): the
message checked against the schema of HA's documentation, its templates rendered on real messages."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json

import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.cli.demo import without_section
from assistantd.config import load_config, parse_config
from assistantd.config.service import HomeAssistantConfig
from assistantd.config.settings import Config
from assistantd.config.tts import TtsConfig
from assistantd.config.vision import VisionConfig
from assistantd.daemon.homeassistant import Discovery, discovery_document, discovery_topic
from assistantd.daemon.inputs import parse_switch
from assistantd.daemon.presence import STATES, Presence
from assistantd.errors import BrokerError, ConfigError, InputError
from assistantd.events import FaceEvent, GestureEvent, PointingEvent
from assistantd.gestures import EXPRESSIONS
from assistantd.vision.publish import vision_message
from tests.support.configs import EXAMPLE
from tests.support.homeassistant import check_device_discovery, event_of, render


@pytest.fixture(scope="module")
def home() -> Config:
    """The example home (a microphone, no camera), the grammar alone."""
    config = load_config(EXAMPLE)
    return dataclasses.replace(config, recognizer=dataclasses.replace(config.recognizer, model=False))


@pytest.fixture(scope="module")
def watching(home: Config) -> Config:
    """The example home with a camera."""
    return dataclasses.replace(home, vision=VisionConfig())


def components(config: Config) -> dict[str, dict]:
    return discovery_document(config)["cmps"]  # type: ignore[return-value]


def intent_event(home: Config, text: str) -> bytes:
    """The intent event the daemon publishes for a command heard in the living room."""
    report = Assistant(home).handle(TextCommand(text, request_id="r1"), Situation(1_000, 600), source="mqtt")
    return json.dumps(report.to_json(home.site.id)).encode()


def test_the_message_follows_the_documented_schema(home: Config, watching: Config) -> None:
    for config in (home, watching, dataclasses.replace(home, speech=None)):
        assert check_device_discovery(discovery_document(config)) == []


def test_the_schema_check_finds_what_home_assistant_would_refuse(home: Config) -> None:
    document = discovery_document(home)
    document["cmps"]["state"]["object_id"] = "x"  # type: ignore[index]
    del document["cmps"]["command"]["event_types"]  # type: ignore[index]
    document["cmps"]["text"]["default_entity_id"] = "sensor.Say"  # type: ignore[index]
    problems = check_device_discovery(document)
    assert any("object_id is deprecated" in problem for problem in problems)
    assert any("command: missing ['event_types']" in problem for problem in problems)
    assert any("default_entity_id 'sensor.Say'" in problem for problem in problems)


def test_one_device_per_site_with_its_availability(home: Config) -> None:
    document = discovery_document(home)
    assert discovery_topic(home) == "homeassistant/device/assistantd_living_room/config"
    assert document["availability_topic"] == "assistantd/living_room/status"
    assert document["dev"]["identifiers"] == ["assistantd_living_room"]  # type: ignore[index]
    assert document["dev"]["suggested_area"] == "Living Room"  # type: ignore[index]
    assert document["o"]["name"] == "assistantd"  # type: ignore[index]
    assert components(home)["state"]["default_entity_id"] == "sensor.assistantd_living_room_state"
    other = dataclasses.replace(home, homeassistant=HomeAssistantConfig(prefix="ha"))
    assert discovery_topic(other) == "ha/device/assistantd_living_room/config"


def test_entities_follow_what_the_site_has(home: Config, watching: Config) -> None:
    common = {"transcript", "intent", "command", "state", "text", "stop"}
    assert set(components(dataclasses.replace(home, speech=None))) == common
    assert set(components(home)) == common | {"mute"}
    assert set(components(watching)) == common | {"mute", "gesture", "attention", "expression"}
    speaking = dataclasses.replace(home, tts=TtsConfig())
    assert set(components(speaking)) == common | {"mute", "say"}
    assert components(speaking)["say"]["command_topic"] == "assistantd/living_room/say"
    assert check_device_discovery(discovery_document(speaking)) == []


def test_the_command_event_and_sensors_read_the_intent_event(home: Config) -> None:
    entities = components(home)
    payload = intent_event(home, "turn on the floor lamp")
    event = event_of(entities["command"]["value_template"], payload)
    assert event is not None
    assert event["event_type"] == "executed" and event["event_type"] in entities["command"]["event_types"]
    assert (event["intent"], event["text"], event["source"]) == ("HassTurnOn", "turn on the floor lamp", "mqtt")
    assert render(entities["transcript"]["value_template"], payload) == "turn on the floor lamp"
    assert render(entities["intent"]["value_template"], payload) == "HassTurnOn"
    attributes = json.loads(render(entities["intent"]["json_attributes_template"], payload))
    assert attributes["outcome"] == "executed" and attributes["slots"] == {"name": "Floor Lamp"}
    assert attributes["recognizer"] == "grammar" and attributes["targets"] == ["floor_lamp"]
    assert set(entities["command"]["event_types"]) == {outcome.value for outcome in Outcome}


def test_a_long_transcript_is_cut_to_what_a_state_may_hold(home: Config) -> None:
    payload = intent_event(home, "please " * 60 + "turn on the floor lamp")
    state = render(components(home)["transcript"]["value_template"], payload)
    assert len(state) == 255 and state.startswith("please please")


def test_gesture_events_and_other_vision_messages(watching: Config) -> None:
    template = components(watching)["gesture"]["value_template"]
    types = components(watching)["gesture"]["event_types"]

    def fired(event) -> dict | None:
        message = vision_message(event, "living_room")
        assert message is not None
        return event_of(template, message[1].encode())

    thumb = fired(GestureEvent("thumb_up", 0.9, 1_000, "Right"))
    assert thumb == {"event_type": "thumb_up", "hand": "Right", "score": 0.9} and "thumb_up" in types
    assert fired(GestureEvent("thumb_up", 0.9, 1_500, "Right", held_ms=500, phase="hold")) is None
    nod = fired(FaceEvent(2_000, head_gesture="nod", attending=True))
    assert nod == {"event_type": "nod"} and "nod" in types
    assert fired(FaceEvent(2_000, expression="smile")) is None
    pointing = PointingEvent(3_000, 10.0, 5.0, (("floor_lamp", 0.8),), (0.5, 0.5), "Right")
    assert fired(pointing) is None


def test_the_state_entities_read_the_state_document(watching: Config) -> None:
    entities = components(watching)
    presence = Presence(_Client(), "assistantd/living_room/state", watching=True)
    presence.saw(FaceEvent(1_000, expression="smile", attending=True))
    presence.set_activity("listening")
    payload = json.dumps(presence.document()).encode()
    assert render(entities["state"]["value_template"], payload) == "listening"
    assert render(entities["attention"]["value_template"], payload) == "ON"
    assert render(entities["expression"]["value_template"], payload) == "smile"
    assert render(entities["mute"]["value_template"], payload) == "OFF"
    presence.set_muted(True)
    presence.saw(FaceEvent(2_000, faces=0))
    payload = json.dumps(presence.document()).encode()
    assert render(entities["state"]["value_template"], payload) == "muted"
    assert render(entities["mute"]["value_template"], payload) == "ON"
    assert render(entities["attention"]["value_template"], payload) == "OFF"
    assert render(entities["expression"]["value_template"], payload) == "None"  # HA's "unknown"
    assert set(entities["state"]["options"]) == set(STATES)
    assert set(entities["expression"]["options"]) == set(EXPRESSIONS)
    offline = json.dumps(presence.document("offline")).encode()
    assert render(entities["state"]["value_template"], offline) == "offline"


def test_the_switch_payloads_home_assistant_sends() -> None:
    assert parse_switch(b"ON") is True and parse_switch(b"OFF") is False
    assert parse_switch(b" off\n") is False
    with pytest.raises(InputError, match="expected ON or OFF"):
        parse_switch(b"maybe")


class _Client:
    """The MQTT client's publishing side: records retained messages, can be disconnected or fail."""

    def __init__(self) -> None:
        self.connected = True
        self.fail = False
        self.published: list[tuple[str, str, bool]] = []

    async def publish(self, topic: str, payload: str | bytes, qos: int = 1, retain: bool = False) -> None:
        if self.fail:
            raise BrokerError("gone")
        self.published.append((topic, payload if isinstance(payload, str) else payload.decode(), retain))


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_published_on_connecting_and_once_after_a_flood_of_births(home: Config) -> None:
    client = _Client()
    discovery = Discovery(home, client, delay=lambda: 0.05)
    task = asyncio.create_task(discovery.run())
    discovery.connected()
    await settle()
    assert [(topic, retain) for topic, _, retain in client.published] == [(discovery_topic(home), True)]
    assert json.loads(client.published[0][1]) == discovery_document(home)
    assert discovery.subscriptions == ["homeassistant/status"]
    assert discovery.handles("homeassistant/status") and not discovery.handles("homeassistant/other")
    for _ in range(1000):
        discovery.birth(b"online")
    discovery.birth(b"offline")
    await asyncio.sleep(0.2)
    assert len(client.published) == 2  # one more, after the delay
    discovery.connected()  # the same message again on a new connection (the broker may have lost it)
    await settle()
    assert len(client.published) == 3
    await stop(task)


async def test_turned_off_it_is_removed_and_a_moved_prefix_leaves_nothing_behind(home: Config) -> None:
    client = _Client()
    discovery = Discovery(home, client)
    task = asyncio.create_task(discovery.run())
    discovery.connected()
    await settle()
    moved = dataclasses.replace(home, homeassistant=HomeAssistantConfig(prefix="ha"))
    discovery.reconfigure(moved)
    await settle()
    assert [(topic, payload == "") for topic, payload, _ in client.published[1:]] == [
        ("homeassistant/device/assistantd_living_room/config", True),
        ("ha/device/assistantd_living_room/config", False),
    ]
    discovery.reconfigure(dataclasses.replace(moved, homeassistant=HomeAssistantConfig(enabled=False, prefix="ha")))
    await settle()
    assert client.published[-1] == ("ha/device/assistantd_living_room/config", "", True)
    assert discovery.subscriptions == [] and not discovery.handles("ha/status")
    await stop(task)


async def test_a_failed_publication_is_tried_again_on_the_next_connection(home: Config) -> None:
    client = _Client()
    client.fail = True
    discovery = Discovery(home, client)
    task = asyncio.create_task(discovery.run())
    discovery.connected()
    await settle()
    assert client.published == []
    client.fail = False
    discovery.connected()
    await settle()
    assert [topic for topic, _, _ in client.published] == [discovery_topic(home)]
    await stop(task)


async def test_the_state_document_is_published_when_it_changes_and_while_connected() -> None:
    client = _Client()
    presence = Presence(client, "assistantd/den/state", watching=False)
    task = asyncio.create_task(presence.run())
    await settle()
    presence.set_activity("listening")
    presence.set_activity("listening")
    await settle()
    client.connected = False
    presence.set_activity("thinking")
    presence.set_activity("idle")
    await settle()
    client.connected = True
    presence.connected()
    await settle()
    states = [json.loads(payload)["state"] for _, payload, _ in client.published]
    assert states == ["idle", "listening", "idle"]
    assert all(retain for _, _, retain in client.published)
    assert json.loads(client.published[0][1]) == {
        "state": "idle", "muted": False, "attending": None, "expression": None
    }
    await presence.publish_offline()
    assert json.loads(client.published[-1][1])["state"] == "offline"
    await stop(task)


def test_the_section_is_read_and_checked() -> None:
    text = without_section(without_section(EXAMPLE.read_text(), "speech"), "homeassistant")
    config = parse_config(text + "\nhomeassistant: {enabled: false, prefix: ha}\n", file="home.yaml")
    assert config.homeassistant == HomeAssistantConfig(enabled=False, prefix="ha")
    assert parse_config(text, file="home.yaml").homeassistant == HomeAssistantConfig()
    with pytest.raises(ConfigError, match=r"home\.yaml:\d+: homeassistant\.prefix"):
        parse_config(text + "\nhomeassistant: {prefix: 'ha/#'}\n", file="home.yaml")
