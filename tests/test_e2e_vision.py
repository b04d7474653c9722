"""End to end: a video made of the gesture photos, watched by the real daemon; events and actions reach Mosquitto."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.homeassistant import event_of

pytestmark = pytest.mark.e2e



def test_the_daemon_sees_gestures_and_acts_on_them(
    mosquitto: Mosquitto, photo_video: Path, state_dir: Path
) -> None:
    config = state_dir / "home.yaml"
    vision = f"\nvision:\n  video: {{path: {photo_video}, realtime: true}}\n"
    config.write_text(without_section(EXAMPLE.read_text(), "speech") + vision)
    publish(mosquitto, "living_room/tv/state", json.dumps({"power": "playing"}), retain=True)
    discovery = "homeassistant/device/assistantd_living_room/config"
    topics = ["assistantd/living_room/vision", "living_room/tv/command", discovery]
    watcher = Subscriber(mosquitto, topics).start()
    daemon = DaemonProcess(config, broker_url=mosquitto.url, state_dir=state_dir)
    try:
        daemon.start(timeout_seconds=60)
        daemon.wait_for_log("command vision <open_palm> -> AssistantGesture", timeout_seconds=30)
        received = watcher.wait_for(3, timeout=10)
        while not any(m.topic == "living_room/tv/command" for m in received):
            received = watcher.wait_for(len(received) + 1, timeout=10)
        vision = [json.loads(m.payload) for m in received if m.topic.endswith("/vision")]
        gestures = [(v["gesture"], v["phase"]) for v in vision if v["type"] == "gesture"]
        assert ("open_palm", "start") in gestures and ("open_palm", "hold") in gestures
        assert all("landmarks" not in v and "image" not in v for v in vision)
        assert [m.payload for m in received if m.topic == "living_room/tv/command"] == [b'{"key": "pause"}']

        # Home Assistant's gesture event entity fires once per gesture, on its start, from these messages.
        [announced] = [m for m in received if m.topic == discovery]
        entity = json.loads(announced.payload)["cmps"]["gesture"]
        assert entity["state_topic"] == "assistantd/living_room/vision"
        fired = [event_of(entity["value_template"], m.payload) for m in received if m.topic.endswith("/vision")]
        events = [event for event in fired if event is not None]
        assert events and events[0]["event_type"] == "open_palm"
        assert all(event["event_type"] in entity["event_types"] for event in events)
        assert len(events) == sum(phase == "start" for _, phase in gestures)
    finally:
        daemon.close()
        watcher.stop()
