"""A video of the photos through the real landmarkers, gesture rules and MQTT client to a real Mosquitto."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest

from assistantd.config.service import MqttConfig
from assistantd.config.vision import VideoSettings, VisionConfig
from assistantd.devices.state import DeviceState
from assistantd.events import Event, GestureEvent
from assistantd.rules.engine import RuleContext
from assistantd.rules.gestures import plan_gesture
from assistantd.vision.pipeline import VisionPipeline
from tests.support.broker import Mosquitto, Subscriber
from tests.support.home import HOME, PAUSE

pytestmark = pytest.mark.e2e


async def test_events_and_gesture_actions_reach_mosquitto(mosquitto: Mosquitto, photo_video: Path) -> None:
    from assistantd.mqtt.client import MqttClient

    vision = dataclasses.replace(VisionConfig(), source=VideoSettings(photo_video, realtime=False))
    config = dataclasses.replace(HOME, rules=(PAUSE,), vision=vision, mqtt=MqttConfig(port=mosquitto.port))
    subscriber = Subscriber(mosquitto, ["assistantd/+/vision", "home/tv/cmd"]).start()
    client = MqttClient(
        config.mqtt, status_topic="assistantd/lab/status", password=None, on_message=lambda t, p: None
    )
    await client.start()
    assert await client.wait_connected(10)
    outgoing: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    context = RuleContext(config.site.area, 12 * 60, {"tv": DeviceState("playing")})

    def on_event(event: Event) -> None:  # what the daemon does with each event
        message = pipeline.message(event)
        if message is not None:
            outgoing.put_nowait((f"assistantd/{config.site.id}/{message[0]}", message[1]))
        if isinstance(event, GestureEvent):
            plan = plan_gesture(config, event, context)
            for action in plan.actions if plan is not None else ():
                outgoing.put_nowait((action.topic, action.payload))

    pipeline = VisionPipeline(config, on_event=on_event)
    await pipeline.load()
    try:
        await asyncio.wait_for(pipeline.run(), 120)
    finally:
        pipeline.close()
    sent = 0
    while not outgoing.empty():
        topic, payload = outgoing.get_nowait()
        await client.publish(topic, payload)
        sent += 1
    received = await subscriber.wait_for_async(sent, 10)
    await client.stop()
    subscriber.stop()
    vision = [json.loads(m.payload) for m in received if m.topic.endswith("/vision")]
    gestures = [(v["gesture"], v["phase"], v["held_ms"]) for v in vision if v["type"] == "gesture"]
    assert gestures == [("open_palm", "start", 300), ("open_palm", "hold", 1000), ("thumb_up", "start", 300)]
    assert all("landmarks" not in v and "image" not in v for v in vision)
    assert [(m.topic, m.payload) for m in received if m.topic == "home/tv/cmd"] == [("home/tv/cmd", b"PAUSE")]
