"""End to end: the real `assistantd run` in a subprocess against a real Mosquitto started here."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e



def text_only_example(directory: Path) -> Path:
    """The example home without its microphone: these tests are about text, MQTT and the daemon's life."""
    path = directory / "text-home.yaml"
    path.write_text(without_section(EXAMPLE.read_text(), "speech"))
    return path


TEXT_TOPIC = "assistantd/living_room/text"
STATUS_TOPIC = "assistantd/living_room/status"
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"



@pytest.fixture
def daemon_factory(state_dir: Path) -> Iterator[callable]:
    """Makes DaemonProcess objects; all closed at teardown."""
    made: list[DaemonProcess] = []

    def make(broker: Mosquitto, config: Path | None = None) -> DaemonProcess:
        config = config or text_only_example(state_dir)
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir)
        made.append(daemon)
        return daemon

    yield make
    for daemon in made:
        daemon.close()


def decoded(subscriber: Subscriber, topic: str) -> list[object]:
    """JSON payloads received on a topic."""
    return [json.loads(payload) for payload in subscriber.payloads(topic)]


def test_text_commands_become_messages_in_each_dialect(mosquitto: Mosquitto, daemon_factory) -> None:
    device_topics = ["zigbee2mqtt/#", "cmnd/#", "living_room/#", "hallway/#", "garage/#"]
    devices = Subscriber(mosquitto, device_topics).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    assert any(line.startswith("STATUS=") and "connected" in line for line in daemon.notifications)

    publish(mosquitto, TEXT_TOPIC, "turn on the floor lamp")
    publish(mosquitto, TEXT_TOPIC, json.dumps({"text": "turn on the coffee maker", "id": "c1"}))
    publish(mosquitto, TEXT_TOPIC, "set the thermostat to 21.5 degrees")
    received = devices.wait_for(3)
    assert [(m.topic, m.payload) for m in received[:3]] == [
        (FLOOR_LAMP, b'{"state":"ON","transition":0.5}'),
        ("cmnd/kitchen_plug/POWER1", b"ON"),
        ("hallway/thermostat/setpoint/set", b"21.5"),
    ]
    assert all(m.qos == 1 and not m.retain for m in received)
    devices.stop()


def test_say_cli_prints_what_it_did(mosquitto: Mosquitto, daemon_factory, state_dir: Path) -> None:
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    command = [sys.executable, "-m", "assistantd", "say", "--json", "--config", str(daemon.config_path)]
    command += ["--mqtt-url", mosquitto.url, "--state-dir", str(state_dir), "dim the floor lamp to 30 percent"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert (reply["intent"], reply["slots"], reply["delivered"]) == (
        "HassLightSet",
        {"name": "Floor Lamp", "brightness": 30},
        True,
    )
    assert reply["actions"][0]["topic"] == FLOOR_LAMP
    (message,) = devices.wait_for(1)
    assert message.payload.decode() == reply["actions"][0]["payload"]
    assert json.loads(message.payload)["brightness"] == 76
    devices.stop()


def test_high_risk_lock_waits_for_yes(mosquitto: Mosquitto, daemon_factory) -> None:
    devices = Subscriber(mosquitto, ["zigbee2mqtt/hallway/#", "assistantd/living_room/confirm"]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    asked = daemon.say("unlock the front door")
    assert asked["outcome"] == "awaiting_confirmation"
    confirm_request = json.loads(devices.wait_for(1)[0].payload)
    assert (confirm_request["state"], confirm_request["targets"]) == ("requested", ["front_door"])
    assert devices.payloads("zigbee2mqtt/hallway/front_door_lock/set") == []
    done = daemon.say("yes")
    assert (done["outcome"], done["delivered"]) == ("confirmed", True)
    assert devices.wait_for(2)[1].payload == b'{"state":"UNLOCK"}'
    devices.stop()


def test_a_yes_on_the_text_topic_never_confirms_what_the_socket_asked(mosquitto: Mosquitto, daemon_factory) -> None:
    devices = Subscriber(mosquitto, ["zigbee2mqtt/hallway/#", "assistantd/living_room/intent"]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    assert daemon.say("unlock the front door")["outcome"] == "awaiting_confirmation"
    publish(mosquitto, TEXT_TOPIC, "yes")
    publish(mosquitto, TEXT_TOPIC, "unlock the front door")  # the text topic may not ask for it either
    events = [json.loads(m.payload) for m in devices.wait_for(3) if m.topic.endswith("/intent")]
    assert [(e["text"], e["outcome"]) for e in events if e["source"] == "mqtt"] == [
        ("yes", "ignored"),
        ("unlock the front door", "failed"),
    ]
    assert daemon.say("yes")["outcome"] == "confirmed"
    assert devices.payloads("zigbee2mqtt/hallway/front_door_lock/set") == [b'{"state":"UNLOCK"}']
    devices.stop()


def test_a_spoofed_state_never_removes_the_confirmation(mosquitto: Mosquitto, daemon_factory) -> None:
    """Anyone who can publish a state topic (or a stale retained state) cannot make unlocking look done."""
    lock = "zigbee2mqtt/hallway/front_door_lock"
    publish(mosquitto, lock, json.dumps({"state": "UNLOCK", "lock_state": "unlocked"}), retain=True)
    devices = Subscriber(mosquitto, [f"{lock}/set"]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    deadline = time.monotonic() + 20
    while "unlocked" not in str(daemon.say("is the front door locked").get("response")):
        assert time.monotonic() < deadline, "the spoofed state never reached the daemon"
        time.sleep(0.1)
    assert daemon.say("unlock the front door")["outcome"] == "awaiting_confirmation"
    assert daemon.say("no")["outcome"] == "declined"
    assert devices.payloads(f"{lock}/set") == []
    assert daemon.say("unlock the front door")["outcome"] == "awaiting_confirmation"
    assert daemon.say("yes")["outcome"] == "confirmed"
    assert devices.wait_for(1) and devices.payloads(f"{lock}/set") == [b'{"state":"UNLOCK"}']
    devices.stop()


def test_broker_killed_and_restarted_loses_nothing(mosquitto_factory, daemon_factory) -> None:
    broker = mosquitto_factory(persistence=True).start()
    lamp = Subscriber(broker, [FLOOR_LAMP], client_id="e2e-lamp", persistent=True).start()
    daemon = daemon_factory(broker)
    daemon.start()
    levels = list(range(1, 41))
    replies: list[dict[str, object]] = []

    def keep_sending() -> None:
        for level in levels:
            replies.append(daemon.say(f"set the floor lamp to {level} percent", wait_seconds=0.2))
            time.sleep(0.1)

    sender = threading.Thread(target=keep_sending)
    sender.start()
    while len(replies) < 10:
        time.sleep(0.02)
    broker.kill()
    daemon.wait_for_status("unreachable", 10)  # systemctl status follows the connection
    time.sleep(5)
    broker.start()
    daemon.wait_for_status("connected", 30)
    sender.join(60)
    assert len(replies) == len(levels) and all(r["intent"] == "HassLightSet" for r in replies)
    assert any(r["delivered"] is False for r in replies), "no command was sent while the broker was down"
    received = lamp.wait_for(len(levels), timeout=60)
    time.sleep(1.0)  # any duplicate would arrive right behind the last message
    brightness = [json.loads(m.payload)["brightness"] for m in lamp.messages]
    assert brightness == [round(level * 254 / 100) for level in levels]
    assert len(received) == len(levels)
    lamp.stop()


def test_daemon_killed_delivers_from_outbox_after_restart(mosquitto_factory, daemon_factory) -> None:
    broker = mosquitto_factory()
    daemon = daemon_factory(broker)
    daemon.start()  # READY on the outbox alone: the broker is not running yet
    assert any("unreachable" in line for line in daemon.notifications)
    for level in (10, 20, 30):
        reply = daemon.say(f"set the floor lamp to {level} percent", wait_seconds=0.1)
        assert reply["delivered"] is False
    daemon.kill()
    broker.start()
    lamp = Subscriber(broker, [FLOOR_LAMP]).start()
    daemon.start()
    received = lamp.wait_for(3, timeout=30)
    time.sleep(0.5)
    assert [json.loads(m.payload)["brightness"] for m in lamp.messages] == [25, 51, 76]
    assert len(received) == 3
    lamp.stop()


def test_sigterm_exits_zero_promptly_and_announces_offline(mosquitto: Mosquitto, daemon_factory) -> None:
    status = Subscriber(mosquitto, [STATUS_TOPIC]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    assert status.wait_for(1)[0].payload == b"online"
    assert daemon.terminate(timeout_seconds=10) == 0
    daemon.wait_for_notification("STOPPING=1", 1)
    assert status.wait_for(2)[-1].payload == b"offline"
    status.stop()
    retained = Subscriber(mosquitto, [STATUS_TOPIC]).start()
    assert retained.wait_for(1)[0].retain and retained.messages[0].payload == b"offline"
    retained.stop()


def test_sighup_reloads_and_a_broken_config_keeps_the_old_one(mosquitto: Mosquitto, daemon_factory, state_dir) -> None:
    config = state_dir / "home.yaml"
    example = without_section(EXAMPLE.read_text(), "speech")
    config.write_text(example)
    daemon = daemon_factory(mosquitto, config)
    daemon.start()
    assert daemon.say("turn on the sunflower")["intent"] == "none"

    aliases = "aliases: [reading lamp, living room lamp]"
    assert aliases in example
    config.write_text(example.replace(aliases, "aliases: [reading lamp, living room lamp, sunflower]"))
    daemon.signal(signal.SIGHUP)
    daemon.wait_for_log("Reloaded")
    assert daemon.say("turn on the sunflower")["slots"] == {"name": "Floor Lamp"}

    config.write_text("site: {id: living_room, area: nowhere}\nareas: []\ndevices: [}\n")
    daemon.signal(signal.SIGHUP)
    daemon.wait_for_log("Keeping the previous configuration")
    assert "home.yaml:3" in daemon.log()
    reply = daemon.say("turn on the sunflower")
    assert (reply["intent"], reply["outcome"], reply["delivered"]) == ("HassTurnOn", "executed", True)


@pytest.mark.parametrize(
    "hostile",
    [
        "extra: " + "[" * 600 + "]" * 600 + "\n",
        "sentences: [{intent: HassTurnOn, templates: ['" + "(" * 300 + "on" + ")" * 300 + "']}]\n",
    ],
    ids=["yaml-nested-600-deep", "template-nested-300-deep"],
)
def test_a_hostile_config_on_sighup_never_takes_the_daemon_down(
    mosquitto: Mosquitto, daemon_factory, state_dir, hostile: str
) -> None:
    config = state_dir / "home.yaml"
    example = without_section(EXAMPLE.read_text(), "speech")
    config.write_text(example)
    daemon = daemon_factory(mosquitto, config)
    daemon.start()
    config.write_text(example + hostile)
    daemon.signal(signal.SIGHUP)
    daemon.wait_for_log("Keeping the previous configuration")
    assert "Traceback" not in daemon.log()
    reply = daemon.say("turn on the floor lamp")
    assert (reply["intent"], reply["outcome"], reply["delivered"]) == ("HassTurnOn", "executed", True)


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xfe\x00garbage\x80",
        bytes(range(256)) * 4,
        b"turn on the floor lamp " * 50_000,
        b'{"text": 42}',
        b"[1, 2, 3]",
        b"",
    ],
    ids=["invalid-utf8", "binary", "huge", "json-wrong-type", "json-not-object", "empty"],
)
def test_malformed_text_is_rejected_and_the_daemon_goes_on(mosquitto: Mosquitto, daemon_factory, payload) -> None:
    lamp = Subscriber(mosquitto, [FLOOR_LAMP]).start()
    daemon = daemon_factory(mosquitto)
    daemon.start()
    publish(mosquitto, TEXT_TOPIC, payload)
    publish(mosquitto, "zigbee2mqtt/living_room/floor_lamp", payload)  # garbage on a state topic too
    publish(mosquitto, TEXT_TOPIC, "turn on the floor lamp")
    assert [m.payload for m in lamp.wait_for(1)] == [b'{"state":"ON","transition":0.5}']
    log = daemon.log()
    assert "Rejected message on assistantd/living_room/text" in log
    assert "Traceback" not in log
    assert daemon.process is not None and daemon.process.poll() is None
    lamp.stop()


def test_check_config_reports_every_error_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "site: {id: home, area: living}\n"
        "areas:\n  - {id: living, name: Living Room}\n"
        "devices:\n  - name: Lamp\n    domian: light\n    area: kitchen\n"
    )
    command = [sys.executable, "-m", "assistantd", "check-config", "--config", str(broken)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 78
    assert f"{broken}:6: devices[0].domian:" in result.stderr
    assert "did you mean 'domain'" in result.stderr
    assert f"{broken}:7: devices[0].area:" in result.stderr

    command = [sys.executable, "-m", "assistantd", "check-config", "--config", str(EXAMPLE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "living_room" in result.stdout


def test_understand_prints_exact_actions_without_a_broker() -> None:
    command = [sys.executable, "-m", "assistantd", "understand", "--json", "--config", str(EXAMPLE)]
    result = subprocess.run([*command, "turn off the counter lights"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    explanation = json.loads(result.stdout)
    assert (explanation["intent"], explanation["slots"]) == ("HassTurnOff", {"name": "Counter Lights"})
    assert explanation["actions"] == [
        {"topic": "cmnd/kitchen_counter/POWER", "payload": "OFF", "qos": 1, "retain": False,
         "device_id": "counter_lights", "command_id": None}  # nothing was run: no command id
    ]  # fmt: skip


def test_check_config_fails_on_files_the_daemon_could_not_read(tmp_path: Path) -> None:
    home = tmp_path / "home.yaml"
    home.write_text(
        "site: {id: home, area: living}\n"
        f"mqtt: {{username: u, password_file: {tmp_path}/missing-pw, tls: {{ca_file: {tmp_path}/missing-ca.pem}}}}\n"
        "areas:\n  - {id: living, name: Living Room}\n"
        "devices:\n  - {name: Lamp, domain: light, area: living, zigbee2mqtt: {friendly_name: lamp}}\n"
    )
    command = [sys.executable, "-m", "assistantd", "check-config", "--config", str(home)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 78
    assert "mqtt.password_file: cannot read the MQTT password file" in result.stderr
    assert "mqtt.tls.ca_file: cannot load the CA file" in result.stderr
    (tmp_path / "missing-pw").write_text("secret\n")
    home.write_text(home.read_text().replace(f", tls: {{ca_file: {tmp_path}/missing-ca.pem}}", ""))
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_say_fails_fast_when_the_daemon_is_offline(mosquitto: Mosquitto, daemon_factory, state_dir: Path) -> None:
    daemon = daemon_factory(mosquitto)
    daemon.start()
    assert daemon.terminate() == 0  # leaves the retained "offline"
    command = [sys.executable, "-m", "assistantd", "say", "--config", str(daemon.config_path), "--timeout", "20"]
    command += ["--mqtt-url", mosquitto.url, "--state-dir", str(state_dir), "turn on the floor lamp"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 69, result.stderr
    assert "offline" in result.stderr  # the retained status, not the 20 s timeout, ended it


def test_without_section_removes_exactly_one_top_level_section() -> None:
    text = "site: {id: a}\nspeech:\n  source:\n    microphone: default\n  # a comment\n\nvision:\n  camera: 0\n"
    assert without_section(text, "speech") == "site: {id: a}\nvision:\n  camera: 0\n"
    assert "speech:\n" not in without_section(EXAMPLE.read_text(), "speech")
    assert load_config_text(without_section(EXAMPLE.read_text(), "speech")).speech is None


def load_config_text(text: str):  # noqa: ANN201 - a Config
    from assistantd.config import parse_config

    return parse_config(text, file="example-without-speech.yaml", base_dir=EXAMPLE.parent)
