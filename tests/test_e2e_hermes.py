"""End to end: the real daemon's Hermes messages on a real Mosquitto, read back with rhasspy-hermes's own
message classes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("rhasspyhermes")
from rhasspyhermes.nlu import NluIntent, NluIntentNotRecognized

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e

TEXT_TOPIC = "assistantd/living_room/text"
INTENT_TOPIC = "assistantd/living_room/intent"



@pytest.fixture
def daemon_with(state_dir: Path) -> Iterator[Callable[[Mosquitto, str], DaemonProcess]]:
    """Starts the example home (no microphone) with Hermes on, for `all` or `unhandled` intents."""
    made: list[DaemonProcess] = []

    def start(broker: Mosquitto, which: str) -> DaemonProcess:
        config = state_dir / "home.yaml"
        config.write_text(without_section(EXAMPLE.read_text(), "speech"))
        options = ("--set", "hermes.enabled=true", "--set", f"hermes.intents={which}")
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir, extra_args=options)
        made.append(daemon)
        daemon.start()
        return daemon

    yield start
    for daemon in made:
        daemon.close()


def send_and_wait(broker: Mosquitto, listener: Subscriber, commands: list[dict[str, str]]) -> None:
    """Publish JSON commands and wait for each one's intent event. The daemon publishes a command's
    Hermes message before its intent event, on one connection, and one subscriber gets both in order."""
    for command in commands:
        publish(broker, TEXT_TOPIC, json.dumps(command))
    while len(listener.payloads(INTENT_TOPIC)) < len(commands):
        listener.wait_for(len(listener.messages) + 1)


def test_every_command_as_a_hermes_intent(mosquitto: Mosquitto, daemon_with) -> None:
    daemon_with(mosquitto, "all")
    listener = Subscriber(mosquitto, ["hermes/#", INTENT_TOPIC]).start()
    send_and_wait(mosquitto, listener, [
        {"text": "dim the floor lamp to 30 percent", "id": "c1"},
        {"text": "what is the meaning of life", "id": "c2"},
    ])  # fmt: skip
    (light_set,) = listener.payloads("hermes/intent/HassLightSet")
    intent = NluIntent.from_dict(json.loads(light_set))
    assert (intent.intent.intent_name, intent.site_id, intent.session_id, intent.input) == (
        "HassLightSet", "living_room", "c1", "dim the floor lamp to 30 percent",
    )  # fmt: skip
    assert 0 < intent.intent.confidence_score <= 1
    slots = {slot.slot_name: (slot.entity, slot.raw_value, slot.value) for slot in intent.slots or []}
    assert slots == {
        "name": ("name", "Floor Lamp", {"kind": "Unknown", "value": "Floor Lamp"}),
        "brightness": ("brightness", "30", {"kind": "Number", "value": 30}),
    }
    (nothing,) = listener.payloads("hermes/nlu/intentNotRecognized")
    not_recognized = NluIntentNotRecognized.from_dict(json.loads(nothing))
    assert (not_recognized.input, not_recognized.site_id, not_recognized.session_id) == (
        "what is the meaning of life", "living_room", "c2",
    )  # fmt: skip
    listener.stop()


def test_only_what_assistantd_left_alone_by_default(mosquitto: Mosquitto, daemon_with) -> None:
    daemon_with(mosquitto, "unhandled")
    listener = Subscriber(mosquitto, ["hermes/#", INTENT_TOPIC]).start()
    send_and_wait(mosquitto, listener, [
        {"text": "turn on the floor lamp", "id": "c1"},  # done here: no app may do it again
        {"text": "unlock the front door", "id": "c2"},  # held back (this input may not ask): not handed on
        {"text": "yes", "id": "c3"},  # understood, but nothing was asked: left to the apps
        {"text": "what is the meaning of life", "id": "c4"},
    ])  # fmt: skip
    events = {json.loads(p)["id"]: json.loads(p)["outcome"] for p in listener.payloads(INTENT_TOPIC)}
    assert events == {"c1": "executed", "c2": "failed", "c3": "ignored", "c4": "ignored"}
    hermes = sorted(m.topic for m in listener.messages if m.topic.startswith("hermes/"))
    assert hermes == ["hermes/intent/AssistantConfirm", "hermes/nlu/intentNotRecognized"]
    (confirm,) = listener.payloads("hermes/intent/AssistantConfirm")
    assert NluIntent.from_dict(json.loads(confirm)).session_id == "c3"
    listener.stop()
