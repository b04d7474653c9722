"""End to end: the real daemon answers the weather from a published weather state and sends list items,
media searches and vacuum commands to their topics (real Mosquitto, real `assistantd run`)."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e

WEATHER_TOPIC = "home/weather/current"
"""The example home's weather state topic."""
NOT_YET = "I don't know the weather yet."


@pytest.fixture
def daemon(mosquitto: Mosquitto) -> Iterator[DaemonProcess]:
    """The example home without its microphone, with the grammar alone, started."""
    directory = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))  # unix socket paths stay short
    config = directory / "home.yaml"
    config.write_text(without_section(EXAMPLE.read_text(), "speech"))
    process = DaemonProcess(config, broker_url=mosquitto.url, state_dir=directory)
    process.start()
    yield process
    process.close()
    shutil.rmtree(directory, ignore_errors=True)


def weather_answer_once_reported(daemon: DaemonProcess, deadline_seconds: float = 10.0) -> dict[str, object]:
    """Ask until the daemon has taken in the published report (it arrives on another connection than the
    question), or the deadline passes; the last reply."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        reply = daemon.say("what's the weather like")
        if reply["response"] != NOT_YET or time.monotonic() > deadline:
            return reply
        time.sleep(0.05)


def test_the_weather_is_told_from_the_published_state(mosquitto: Mosquitto, daemon: DaemonProcess) -> None:
    before = daemon.say("what's the weather")
    assert (before["intent"], before["outcome"], before["response"]) == ("HassGetWeather", "answered", NOT_YET)
    report = {"condition": "cloudy", "temperature": 14.0, "humidity": 81}
    publish(mosquitto, WEATHER_TOPIC, json.dumps(report), retain=True)
    reply = weather_answer_once_reported(daemon)
    assert (reply["outcome"], reply["response"], reply["actions"]) == ("answered", "It's 14 °C and cloudy.", [])
    publish(mosquitto, WEATHER_TOPIC, json.dumps({"condition": "rainy", "temperature": 9.5}), retain=True)
    deadline = time.monotonic() + 10.0
    while (reply := daemon.say("what is the weather like"))["response"] == "It's 14 °C and cloudy.":
        assert time.monotonic() < deadline, "the second report never reached the daemon"
        time.sleep(0.05)
    assert reply["response"] == "It's 9.5 °C and raining."


def test_list_items_searches_and_vacuums_go_to_their_topics(mosquitto: Mosquitto, daemon: DaemonProcess) -> None:
    topics = ["home/lists/#", "living_room/tv/search", "valetudo/#"]
    received = Subscriber(mosquitto, topics).start()
    said = [
        daemon.say("add apples to my shopping list"),
        daemon.say("put nails on the hardware store list"),
        daemon.say("play The Office on the TV"),
        daemon.say("start rover"),
        daemon.say("send the vacuum back to its base"),
    ]
    assert [(reply["intent"], reply["outcome"], reply["delivered"]) for reply in said] == [
        ("HassShoppingListAddItem", "executed", True),
        ("HassListAddItem", "executed", True),
        ("HassMediaSearchAndPlay", "executed", True),
        ("HassVacuumStart", "executed", True),
        ("HassVacuumReturnToBase", "executed", True),
    ]
    messages = received.wait_for(5)
    operation = "valetudo/rover/BasicControlCapability/operation/set"
    assert [(m.topic, m.payload) for m in messages] == [
        ("home/lists/add", b'{"list":"Shopping List","item":"apples"}'),
        ("home/lists/add", b'{"list":"Hardware Store","item":"nails"}'),
        ("living_room/tv/search", b'{"query":"the office"}'),
        (operation, b"START"),
        (operation, b"HOME"),
    ]
    assert said[0]["response"] == "Added apples to the Shopping List."
    assert said[2]["response"] == "Playing the office on the TV."
    received.stop()
