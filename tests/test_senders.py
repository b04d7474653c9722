"""Who sent a command on the text topics (`daemon/senders.py`): the topic's satellite id and that satellite's
configured area, never the payload's "source" and "area"; on the plain text topic no payload may claim to
be a configured satellite."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistantd.config import load_config
from assistantd.config.satellites import SatelliteConfig
from assistantd.config.settings import Config
from assistantd.daemon.senders import (
    sender_of,
    sent_command,
    stored_sender,
    stored_source,
    text_command,
)
from assistantd.errors import InputError
from assistantd.mqtt.topics import SiteTopics
from tests.support.configs import EXAMPLE

TEXT = "assistantd/living_room/text"


@pytest.fixture(scope="module")
def home() -> Config:
    satellites = (
        SatelliteConfig(id="kitchen", area="kitchen"),
        SatelliteConfig(id="bedroom", area="bedroom"),
    )
    return dataclasses.replace(load_config(EXAMPLE), satellites=satellites)


def payload(**document: str) -> bytes:
    return json.dumps({"text": "turn off the lights", **document}).encode()


def test_the_satellites_topics_are_under_the_coordinators_text_topic(home: Config) -> None:
    topics = SiteTopics.for_config(home)
    assert (topics.text_of("kitchen"), topics.satellite_text) == (f"{TEXT}/kitchen", f"{TEXT}/+")
    assert sender_of(topics, f"{TEXT}/kitchen") == "kitchen"
    assert sender_of(topics, f"{TEXT}/") == ""  # "+" matches an empty level: no satellite's
    assert sender_of(topics, TEXT) is None
    assert sender_of(topics, f"{TEXT}/kitchen/more") is None
    assert sender_of(topics, "assistantd/kitchen/text") is None  # the satellite's own box, not a sender
    assert sender_of(topics, "assistantd/living_room/textual/kitchen") is None


@pytest.mark.parametrize(
    "claims",
    [{}, {"source": "kitchen"}, {"area": "bedroom"}, {"source": "kitchen", "area": "living_room"}],
)
def test_a_satellites_topic_says_the_source_and_its_config_the_area(home: Config, claims: dict) -> None:
    command = text_command(home, f"{TEXT}/kitchen", payload(id="kitchen-1", **claims))
    assert command is not None
    assert (command.source_id, command.area, command.request_id) == ("kitchen", "kitchen", "kitchen-1")
    assert command.text == "turn off the lights"
    plain = text_command(home, f"{TEXT}/bedroom", b"turn off the lights")  # plain text there too
    assert plain is not None and (plain.source_id, plain.area) == ("bedroom", "bedroom")


def test_a_satellites_topic_refuses_an_unknown_id_and_a_payload_claiming_another_sender(home: Config) -> None:
    with pytest.raises(InputError, match="'garage' is not a configured satellite"):
        text_command(home, f"{TEXT}/garage", payload())
    with pytest.raises(InputError, match="'' is not a configured satellite"):
        text_command(home, f"{TEXT}/", payload())
    with pytest.raises(InputError, match="\"source\" 'bedroom' is not 'kitchen', whose topic this is"):
        text_command(home, f"{TEXT}/kitchen", payload(source="bedroom"))
    without_satellites = dataclasses.replace(home, satellites=())
    with pytest.raises(InputError, match="'kitchen' is not a configured satellite"):
        text_command(without_satellites, f"{TEXT}/kitchen", payload())


def test_the_plain_text_topic_refuses_a_satellites_source_and_keeps_any_other(home: Config) -> None:
    with pytest.raises(InputError, match=f"its commands are taken only on its own topic {TEXT}/bedroom"):
        text_command(home, TEXT, payload(source="bedroom", area="bedroom"))
    panel = text_command(home, TEXT, payload(source="kitchen-panel", area="kitchen"))
    assert panel is not None and (panel.source_id, panel.area) == ("kitchen-panel", "kitchen")
    anonymous = text_command(home, TEXT, payload())
    assert anonymous is not None and (anonymous.source_id, anonymous.area) == (None, None)
    assert text_command(home, "assistantd/living_room/context", payload(source="bedroom")) is None


def test_the_inbox_keeps_the_topics_sender_beside_the_payload(home: Config) -> None:
    """A stored command is taken after a restart as its topic said, not as its stored payload says."""
    assert (stored_source(None), stored_source("kitchen")) == ("mqtt", "mqtt:kitchen")
    assert [stored_sender(s) for s in ("mqtt", "mqtt:kitchen", "control", "wyoming")] == [
        None, "kitchen", None, None,
    ]  # fmt: skip
    command = sent_command(home, stored_sender("mqtt:kitchen"), payload(area="bedroom"))
    assert (command.source_id, command.area) == ("kitchen", "kitchen")
    with pytest.raises(InputError, match="is a satellite"):
        sent_command(home, stored_sender("mqtt"), payload(source="kitchen"))
