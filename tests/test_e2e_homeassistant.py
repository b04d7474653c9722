"""End to end: the real daemon on a real Mosquitto, as Home Assistant's MQTT integration sees it: the
retained discovery message, the entities' templates rendered on what the daemon really publishes, the
commands Home Assistant sends (text, stop, mute), its birth message, and removal when turned off."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Received, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.homeassistant import check_device_discovery, event_of, render

pytestmark = pytest.mark.e2e

DISCOVERY = "homeassistant/device/assistantd_living_room/config"
STATE = "assistantd/living_room/state"
INTENT = "assistantd/living_room/intent"
CONFIRM = "assistantd/living_room/confirm"
LOCK = "zigbee2mqtt/hallway/front_door_lock/set"



@pytest.fixture
def daemon_with(state_dir: Path) -> Iterator[Callable[..., DaemonProcess]]:
    """Starts the example home (no microphone) with extra settings; stopped at teardown."""
    made: list[DaemonProcess] = []

    def start(broker: Mosquitto, *settings: str) -> DaemonProcess:
        config = state_dir / "home.yaml"
        config.write_text(without_section(EXAMPLE.read_text(), "speech"))
        options = tuple(arg for setting in settings for arg in ("--set", setting))
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir, extra_args=options)
        made.append(daemon)
        daemon.start()
        return daemon

    yield start
    for daemon in made:
        daemon.close()


def on(listener: Subscriber, topic: str, count: int = 1, timeout: float = 20.0) -> list[Received]:
    """Wait for count messages on a topic; all of them so far."""
    deadline = time.monotonic() + timeout
    while True:
        found = [message for message in listener.messages if message.topic == topic]
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"{len(found)} of {count} messages on {topic}: {listener.messages[-5:]}")
        time.sleep(0.05)


def retained(broker: Mosquitto, topic: str) -> bytes | None:
    """What the broker retains on a topic, read by a new subscriber (a retained sentinel, published after
    it was looked for, marks the end of what the subscription brought)."""
    sentinel = "assistantd-test/sentinel"
    publish(broker, sentinel, "end", retain=True)
    reader = Subscriber(broker, [topic, sentinel]).start()
    try:
        on(reader, sentinel)
        found = [message.payload for message in reader.messages if message.topic == topic]
    finally:
        reader.stop()
    return found[-1] if found else None


@pytest.fixture
def listener(mosquitto: Mosquitto) -> Iterator[Subscriber]:
    """Everything Home Assistant would see, and the devices' topics."""
    subscriber = Subscriber(mosquitto, ["homeassistant/#", "assistantd/#", "zigbee2mqtt/#"]).start()
    yield subscriber
    subscriber.stop()


def test_home_assistant_sees_the_site_and_drives_it(
    mosquitto: Mosquitto, listener: Subscriber, daemon_with: Callable[..., DaemonProcess]
) -> None:
    daemon = daemon_with(mosquitto, "confirmation.sources=[mqtt]")
    document = json.loads(on(listener, DISCOVERY)[0].payload)
    assert check_device_discovery(document) == []
    assert json.loads(retained(mosquitto, DISCOVERY) or b"{}") == document
    entities = document["cmps"]
    assert json.loads(on(listener, STATE)[-1].payload) == {
        "state": "idle", "muted": False, "attending": None, "expression": None,
    }  # fmt: skip
    assert render(entities["state"]["value_template"], on(listener, STATE)[-1].payload) == "idle"

    # Typed into the text entity: the command runs; its sensors and its event follow.
    publish(mosquitto, entities["text"]["command_topic"], "turn on the floor lamp")
    on(listener, "zigbee2mqtt/living_room/floor_lamp/set")
    event = on(listener, INTENT)[-1].payload
    assert render(entities["transcript"]["value_template"], event) == "turn on the floor lamp"
    assert render(entities["intent"]["value_template"], event) == "HassTurnOn"
    fired = event_of(entities["command"]["value_template"], event)
    assert fired is not None and fired["event_type"] == "executed"

    # The stop button withdraws the question; a late "yes" unlocks nothing.
    publish(mosquitto, entities["text"]["command_topic"], "unlock the front door")
    asked = json.loads(on(listener, INTENT, 2)[-1].payload)
    assert asked["outcome"] == "awaiting_confirmation"
    publish(mosquitto, entities["stop"]["command_topic"], entities["stop"]["payload_press"])
    assert json.loads(on(listener, CONFIRM, 2)[-1].payload)["state"] == "cancelled"
    publish(mosquitto, entities["text"]["command_topic"], "yes")
    assert json.loads(on(listener, INTENT, 3)[-1].payload)["outcome"] == "ignored"

    # Muted: the state document says so (ON/OFF as Home Assistant's switch sends them).
    publish(mosquitto, "assistantd/living_room/mute/set", "ON")
    muted = json.loads(on(listener, STATE, 2)[-1].payload)
    assert (muted["state"], muted["muted"]) == ("muted", True)

    # The control socket unmutes (assistantd say --control, the command line of the machine it runs on).
    cli = [sys.executable, "-m", "assistantd", "say", "--config", str(daemon.config_path),
           "--state-dir", str(daemon.state_dir), "--control", "unmute"]  # fmt: skip
    done = subprocess.run(cli, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "state: idle, muted: False"), done.stderr
    assert json.loads(on(listener, STATE, 3)[-1].payload)["muted"] is False

    # Home Assistant restarts (a flood of birth messages): the device is announced again, and the daemon
    # serves on.
    before = len(on(listener, DISCOVERY))
    flood = paho.Client(CallbackAPIVersion.VERSION2)
    flood.connect("127.0.0.1", mosquitto.port)
    flood.loop_start()
    for index in range(300):
        flood.publish("homeassistant/status", "online" if index % 3 else "garbage\xff", qos=0)
    flood.publish("homeassistant/status", "online", qos=1).wait_for_publish(10)
    flood.disconnect()
    flood.loop_stop()
    again = on(listener, DISCOVERY, before + 1)
    assert json.loads(again[-1].payload) == document
    publish(mosquitto, entities["text"]["command_topic"], "turn off the floor lamp")
    assert json.loads(on(listener, INTENT, 4)[-1].payload)["outcome"] == "executed"

    # A clean stop leaves the state offline (the status topic says so too).
    assert daemon.terminate() == 0
    assert json.loads(on(listener, STATE, 4)[-1].payload)["state"] == "offline"
    assert not any(message.topic == LOCK for message in listener.messages)


def test_turned_off_the_device_leaves_home_assistant(
    mosquitto: Mosquitto, daemon_with: Callable[..., DaemonProcess]
) -> None:
    daemon = daemon_with(mosquitto)
    assert retained(mosquitto, DISCOVERY) is not None
    daemon.close()
    daemon_with(mosquitto, "homeassistant.enabled=false")
    deadline = time.monotonic() + 20
    while (found := retained(mosquitto, DISCOVERY)) is not None:
        assert time.monotonic() < deadline, f"still retained: {found[:80]!r}"
        time.sleep(0.1)
