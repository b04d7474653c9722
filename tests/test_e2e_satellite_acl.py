"""End to end with the example ACL: the real `assistantd run` as the home's coordinator (kitchen and bedroom
satellites configured) on a real Mosquitto that reads config/mosquitto-assistantd.acl and a password file,
and MQTT 5 clients logged in as the satellites' users. A satellite may write its own command topic
(<base>/<coordinator>/text/<id>) only: the broker refuses it another satellite's and the plain text topic,
and nothing runs. A command on the plain text topic (which Home Assistant and `say` write) that claims a
satellite's "source" is refused by the coordinator, so it cannot answer a question only that satellite may
answer; neither can another satellite, whatever its payload claims. And a real `assistantd satellite kitchen`,
logged in as the kitchen's user, does all it does under that ACL: its status, state and Home Assistant device
arrive, it obeys its mute switch, and the broker refuses it nothing."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Received, Subscriber, publish_as
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
KITCHEN_STATUS, KITCHEN_STATE = "assistantd/kitchen/status", "assistantd/kitchen/state"
KITCHEN_DEVICE = "homeassistant/device/assistantd_kitchen/config"
KITCHEN_RETAINED = [KITCHEN_STATUS, KITCHEN_STATE, KITCHEN_DEVICE]
KITCHEN_CLIENT = "assistantd-satellite-kitchen"
"""The kitchen satellite's MQTT client id: the broker's log names it."""
KITCHEN_SUBSCRIPTIONS = {
    "assistantd/kitchen/recognize/reply",
    "assistantd/kitchen/intent",
    "assistantd/kitchen/mute/set",
    "assistantd/kitchen/stop",
    "assistantd/kitchen/text",
    "assistantd/+/claim",
    "homeassistant/status",
}
"""What the kitchen's satellite reads in this home (no voice: no say or timer topic)."""


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
    silence = quiet_wav(state_dir / "silence.wav")  # the kitchen's microphone, for its real satellite
    text = text.replace(
        "password_env: PW_KITCHEN}",
        f"password_env: PW_KITCHEN, source: {{file: {json.dumps(str(silence))}, realtime: false}}, "
        "listen: {mode: always}}",
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


def quiet_wav(path: Path, seconds: float = 1.0) -> Path:
    """Digital silence, 16 kHz mono: nothing for the VAD, so nothing to transcribe (no Whisper needed)."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        wav.writeframes(bytes(2 * int(16_000 * seconds)))
    return path


def wait_until(subscriber: Subscriber, found: Callable[[Received], bool]) -> Received:
    """The first message found (TIMEOUT for each message that comes meanwhile guards a hang)."""
    count = 1
    while True:
        messages = subscriber.wait_for(count, timeout=TIMEOUT)
        for message in messages:
            if found(message):
                return message
        count = len(messages) + 1


def state_of(message: Received) -> dict[str, object]:
    return json.loads(message.payload) if message.topic == KITCHEN_STATE else {}


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


@pytest.mark.timeout(300)  # the coordinator and a satellite starting on a loaded machine; guards a hang only
def test_a_real_satellite_logged_in_as_its_site_does_all_it_does_under_the_example_acl(
    broker: Mosquitto, coordinator: DaemonProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`assistantd satellite kitchen` as the kitchen's user (its microphone a silent WAV): its retained status
    and state and its Home Assistant device arrive, a mute ON on its mute topic is obeyed, it stops cleanly,
    and the broker refused it nothing (Mosquitto logs a refused PUBLISH; a subscription the ACL does not let
    it read is granted all the same and its messages silently dropped, so the mute shows the reading)."""
    monkeypatch.setenv("PW_KITCHEN", LOGINS["kitchen"])
    watched = Subscriber(broker, KITCHEN_RETAINED, login=COORDINATOR).start()
    log = coordinator.state_dir.parent / "kitchen.log"
    command_line = [sys.executable, "-m", "assistantd", "satellite", "kitchen",
                    "--config", str(coordinator.config_path), "--mqtt-url", broker.url]  # fmt: skip
    with log.open("ab") as out:
        satellite = subprocess.Popen(command_line, stdout=out, stderr=out)
    try:
        wait_until(watched, lambda m: (m.topic, m.payload) == (KITCHEN_STATUS, b"online"))
        assert state_of(wait_until(watched, lambda m: m.topic == KITCHEN_STATE))["muted"] is False
        device_payload = wait_until(watched, lambda m: m.topic == KITCHEN_DEVICE).payload
        device = json.loads(device_payload)
        assert device["availability_topic"] == KITCHEN_STATUS
        assert device["cmps"]["mute"]["command_topic"] == "assistantd/kitchen/mute/set"
        assert publish_as(broker, COORDINATOR, "assistantd/kitchen/mute/set", "ON")  # Home Assistant's switch
        muted = wait_until(watched, lambda m: state_of(m).get("muted") is True)
        assert state_of(muted)["state"] == "muted"
        retained = Subscriber(broker, KITCHEN_RETAINED, login=COORDINATOR).start()
        try:  # what Home Assistant finds when it (re)starts
            kept: dict[str, Received] = {}
            for message in retained.wait_for(3, timeout=TIMEOUT):
                kept.setdefault(message.topic, message)
        finally:
            retained.stop()
        assert all(m.retain for m in kept.values()) and kept[KITCHEN_STATUS].payload == b"online"
        assert state_of(kept[KITCHEN_STATE])["muted"] is True
        assert kept[KITCHEN_DEVICE].payload == device_payload
        satellite.send_signal(signal.SIGTERM)
        assert satellite.wait(TIMEOUT) == 0, log.read_text()
    finally:
        watched.stop()
        if satellite.poll() is None:
            satellite.kill()
            satellite.wait()
    broker_log = gone_from(broker, KITCHEN_CLIENT)
    assert [line for line in broker_log.splitlines() if "Denied" in line and KITCHEN_CLIENT in line] == []
    granted = re.findall(rf"^\d+: {KITCHEN_CLIENT} (\d+) (\S+)$", broker_log, re.MULTILINE)
    assert {topic for _, topic in granted} == KITCHEN_SUBSCRIPTIONS
    assert all(int(code) < 0x80 for code, _ in granted), granted  # no subscription refused
    assert "Microphone muted: not listening" in log.read_text()


def gone_from(broker: Mosquitto, client_id: str) -> str:
    """The broker's log once it has seen the client leave (so it has handled all the client sent)."""
    left = re.compile(rf"Client {client_id} (disconnected|closed its connection)")
    deadline = time.monotonic() + TIMEOUT  # guards a hang only
    while not left.search(broker.log):
        assert time.monotonic() < deadline, broker.log
        time.sleep(0.05)
    return broker.log
