"""End to end with the example ACL: the real `assistantd run` as the home's coordinator (kitchen and bedroom
satellites configured) on a real Mosquitto that reads config/mosquitto-assistantd.acl and a password file,
and MQTT 5 clients logged in as the satellites' users. A satellite may write its own command topic
(<base>/<coordinator>/text/<id>) only: the broker refuses it another satellite's and the plain text topic,
and nothing runs. A command on the plain text topic (which Home Assistant and `say` write) that claims a
satellite's "source" is refused by the coordinator, so it cannot answer a question only that satellite may
answer; neither can another satellite, whatever its payload claims."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish_as
from tests.support.configs import EXAMPLE, ROOT
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e
ACL = ROOT / "config" / "mosquitto-assistantd.acl"
LOGINS = {"assistantd": "coordinator-pw", "kitchen": "kitchen-pw", "bedroom": "bedroom-pw"}
COORDINATOR, KITCHEN, BEDROOM = ((user, LOGINS[user]) for user in ("assistantd", "kitchen", "bedroom"))
TEXT = "assistantd/living_room/text"
INTENT = "assistantd/living_room/intent"
FRONT_DOOR = "zigbee2mqtt/hallway/front_door_lock/set"
BEDROOM_LAMP = "zigbee2mqtt/bedroom/lamp/set"
TIMEOUT = 60.0
"""Guards against a hang only."""


@pytest.fixture
def broker(mosquitto_factory: Callable[..., Mosquitto]) -> Mosquitto:
    return mosquitto_factory(users=LOGINS, acl_file=ACL).start()


@pytest.fixture
def coordinator(
    broker: Mosquitto, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DaemonProcess]:
    """The example home (no microphone of its own, transcribing nothing) with two satellites; a high-risk
    question only the bedroom's satellite may ask and answer. It logs in as the ACL's coordinator."""
    text = without_section(EXAMPLE.read_text(), "speech").replace(
        "sources: [speech, control]", 'sources: [speech, control, "mqtt:bedroom"]'
    )
    text += "satellites:\n" + "".join(
        f"  - {{id: {room}, area: {room}, username: {room}, password_env: PW_{room.upper()}}}\n"
        for room in ("kitchen", "bedroom")
    )
    text += "recognition: {serve: false}\n"
    config = state_dir / "home.yaml"
    config.write_text(text)
    monkeypatch.setenv("ASSISTANTD_MQTT_PASSWORD", LOGINS["assistantd"])
    url = f"mqtt://assistantd@127.0.0.1:{broker.port}"
    daemon = DaemonProcess(config, broker_url=url, state_dir=state_dir / "coordinator")
    daemon.start(timeout_seconds=TIMEOUT)
    yield daemon
    daemon.close()


def command(text: str, command_id: str, **claims: str) -> str:
    return json.dumps({"text": text, "id": command_id, **claims})


def test_with_the_example_acl_a_satellite_can_write_only_its_own_command_topic(
    broker: Mosquitto, coordinator: DaemonProcess
) -> None:
    """The bedroom's user sends "turn off the lights" on the kitchen's command topic and on the plain text
    topic: the broker refuses both, and nothing runs; the same on its own topic runs in the bedroom. Its
    messages reach the coordinator in order, so the forged ones would have been handled first."""
    watched = Subscriber(broker, ["zigbee2mqtt/#", INTENT], login=COORDINATOR).start()
    try:
        lights_off = command("turn off the lights", "bedroom-1", source="kitchen", area="kitchen")
        assert not publish_as(broker, BEDROOM, f"{TEXT}/kitchen", lights_off)
        assert not publish_as(broker, BEDROOM, TEXT, lights_off)
        own = command("turn off the lights", "bedroom-2", source="bedroom", area="bedroom")
        assert publish_as(broker, BEDROOM, f"{TEXT}/bedroom", own)
        arrived = watched.wait_for(2, timeout=TIMEOUT)  # the bedroom lamp and the intent event
        events = [json.loads(m.payload) for m in arrived if m.topic == INTENT]
        assert [(e["id"], e["outcome"]) for e in events] == [("bedroom-2", "executed")]
        devices = {m.topic for m in watched.messages if m.topic.startswith("zigbee2mqtt/")}
        assert devices == {BEDROOM_LAMP}, devices  # not the kitchen's lights
        denied = [line for line in broker.log.splitlines() if "Denied PUBLISH" in line]
        assert len(denied) == 2 and f"'{TEXT}/kitchen'" in denied[0] and f"'{TEXT}'" in denied[1], denied
    finally:
        watched.stop()


def test_a_claim_of_a_satellites_source_cannot_answer_the_question_only_it_may_answer(
    broker: Mosquitto, coordinator: DaemonProcess
) -> None:
    """The bedroom asks to unlock the front door and is asked first. A "yes" on the plain text topic that
    claims to be the bedroom is refused (and names the topic to use); the kitchen's "yes" claiming to be the
    bedroom is refused, its own "yes" leaves the question waiting; the bedroom's "yes" unlocks the door,
    once."""
    intents = Subscriber(broker, [INTENT], login=COORDINATOR).start()
    door = Subscriber(broker, [FRONT_DOOR], login=COORDINATOR).start()
    try:
        assert publish_as(broker, BEDROOM, f"{TEXT}/bedroom", command("unlock the front door", "bedroom-1"))
        intents.wait_for(1, timeout=TIMEOUT)
        forged = command("yes", "forged-1", source="bedroom", area="bedroom")
        assert publish_as(broker, COORDINATOR, TEXT, forged)  # anyone who may write the plain topic
        assert publish_as(broker, KITCHEN, f"{TEXT}/kitchen", command("yes", "kitchen-1", source="bedroom"))
        assert publish_as(broker, KITCHEN, f"{TEXT}/kitchen", command("yes", "kitchen-2"))
        assert publish_as(broker, BEDROOM, f"{TEXT}/bedroom", command("yes", "bedroom-2"))
        events = [json.loads(m.payload) for m in intents.wait_for(3, timeout=TIMEOUT)]
        assert [(e["id"], e["outcome"]) for e in events] == [
            ("bedroom-1", "awaiting_confirmation"),
            ("kitchen-2", "ignored"),
            ("bedroom-2", "confirmed"),
        ]
        assert [json.loads(m.payload) for m in door.wait_for(1, timeout=TIMEOUT)] == [{"state": "UNLOCK"}]
        log = coordinator.log()
        assert (
            f"Rejected message on {TEXT}: \"source\" 'bedroom' is a satellite: its commands are taken only "
            f"on its own topic {TEXT}/bedroom"
        ) in log
        assert f"Rejected message on {TEXT}/kitchen: \"source\" 'bedroom' is not 'kitchen'" in log
    finally:
        intents.stop()
        door.stop()
