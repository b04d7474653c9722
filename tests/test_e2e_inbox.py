"""End to end, the durable inbox: the real `assistantd run` against a real Mosquitto started here. Commands sent
while the daemon is away (and across a broker restart) all run once; a SIGKILL with commands in flight loses
none and runs none twice; a burst beyond the bound gets an action or a busy answer for every command; `say`
tells "accepted, result unknown" apart and a retry with its id does not run again.

Every count is checked after a last command (the sentinel) came out of the daemon: commands are handled and
their actions delivered in order, so a repeat of an earlier one would have arrived before it."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from assistantd.cli.demo import without_section
from assistantd.daemon import control
from assistantd.devices.payloads import scale_percent
from assistantd.mqtt.dispatch import ACTION_ID_PROPERTY, COMMAND_ID_PROPERTY
from tests.support.broker import Mosquitto, Received, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e

TEXT_TOPIC = "assistantd/living_room/text"
INTENT_TOPIC = "assistantd/living_room/intent"
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
BEDROOM_LAMP = "zigbee2mqtt/bedroom/lamp/set"
COUNTER = "cmnd/kitchen_counter/Dimmer"
LIGHTS = {FLOOR_LAMP: "floor lamp", BEDROOM_LAMP: "bedroom lamp", COUNTER: "counter lights"}
SENTINEL = ("turn on the garage light", "cmnd/garage_relay/POWER2")


@dataclass(frozen=True, slots=True)
class Command:
    """One command and the device message it must cause (a light and a level no other command uses)."""

    text: str
    topic: str
    level: int
    command_id: str | None

    @property
    def payload(self) -> str:
        return json.dumps({"text": self.text, "id": self.command_id}) if self.command_id else self.text


def commands(count: int, *, with_ids: Callable[[int], bool] = lambda n: True, prefix: str = "c") -> list[Command]:
    """count commands over three lights at levels 1-100, in turn; with_ids(n) says which carry an id."""
    made = []
    for n in range(count):
        topic = list(LIGHTS)[n // 100]
        level = n % 100 + 1
        text = f"set the {LIGHTS[topic]} to {level} percent"
        made.append(Command(text, topic, level, f"{prefix}{n}" if with_ids(n) else None))
    return made


def level_of(message: Received) -> int:
    """The percent a light's message sets (Tasmota: as sent; zigbee2mqtt: from 0-254)."""
    if message.topic == COUNTER:
        return int(message.payload)
    brightness = json.loads(message.payload)["brightness"]
    return next(level for level in range(1, 101) if scale_percent(level, 254) == brightness)


@dataclass(frozen=True, slots=True)
class Tally:
    """What the devices got, per command."""

    lost: list[Command]
    runs: dict[Command, int]
    """Distinct action ids per command: each handling makes new ones, a redelivery repeats one."""
    redelivered: int
    """Messages that repeat an action id (QoS 1 is at-least-once towards the broker)."""
    command_ids: dict[Command, set[str]]
    """The command ids the messages of each command carried."""

    @property
    def ran_twice(self) -> list[Command]:
        return [command for command, runs in self.runs.items() if runs > 1]


def tally(sent: list[Command], received: list[Received]) -> Tally:
    by_light = {(c.topic, c.level): c for c in sent}
    action_ids: dict[Command, list[str | None]] = {c: [] for c in sent}
    command_ids: dict[Command, set[str]] = {}
    for message in received:
        command = by_light.get((message.topic, level_of(message)))
        assert command is not None, f"a message no command asked for: {message}"
        action_ids[command].append(message.property(ACTION_ID_PROPERTY))
        carried = message.property(COMMAND_ID_PROPERTY)
        assert carried is not None, "every action carries the id of its command"
        command_ids.setdefault(command, set()).add(carried)
    assert all(ids == [] or None not in ids for ids in action_ids.values()), "every action carries its id"
    lost = [command for command, ids in action_ids.items() if not ids]
    runs = {command: len(set(ids)) for command, ids in action_ids.items()}
    redelivered = sum(len(ids) - len(set(ids)) for ids in action_ids.values())
    return Tally(lost, runs, redelivered, command_ids)


class Sender:
    """One paho client publishing at QoS 1 and waiting for each PUBACK."""

    def __init__(self, broker: Mosquitto) -> None:
        self._client = paho.Client(CallbackAPIVersion.VERSION2, client_id="")
        self._client.connect("127.0.0.1", broker.port)
        self._client.loop_start()

    def send(self, payloads: list[str], *, pause_seconds: float = 0.0) -> None:
        infos = []
        for payload in payloads:
            infos.append(self._client.publish(TEXT_TOPIC, payload, qos=1))
            if pause_seconds:
                time.sleep(pause_seconds)
        for info in infos:
            info.wait_for_publish(30)
            assert info.is_published()

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


def mosquitto_pub(broker: Mosquitto, payload: str) -> None:
    """Mosquitto's own client, QoS 1: it exits 0 once the broker acknowledged."""
    command = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-t", TEXT_TOPIC, "-m", payload]
    subprocess.run(command, check=True, timeout=30, capture_output=True)



@pytest.fixture
def make_daemon(state_dir: Path) -> Iterator[Callable[..., DaemonProcess]]:
    made: list[DaemonProcess] = []
    config = state_dir / "text-home.yaml"
    config.write_text(without_section(EXAMPLE.read_text(), "speech"))

    def make(broker: Mosquitto, *settings: str) -> DaemonProcess:
        extra = tuple(arg for setting in settings for arg in ("--set", setting))
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir, extra_args=extra)
        made.append(daemon)
        return daemon

    yield make
    for daemon in made:
        daemon.close()


@pytest.fixture
def devices_of(request: pytest.FixtureRequest) -> Iterator[Callable[[Mosquitto], Subscriber]]:
    """An MQTT 5 subscriber to the lights (and the sentinel's), stopped at teardown."""
    made: list[Subscriber] = []

    def make(broker: Mosquitto, *, persistent: bool = False) -> Subscriber:
        client_id = "e2e-devices" if persistent else ""
        topics = [*LIGHTS, SENTINEL[1], INTENT_TOPIC]
        subscriber = Subscriber(broker, topics, client_id=client_id, persistent=persistent, v5=True).start()
        made.append(subscriber)
        return subscriber

    yield make
    for subscriber in made:
        subscriber.stop()


def until_sentinel(subscriber: Subscriber, broker: Mosquitto, timeout: float = 60.0) -> list[Received]:
    """Send the sentinel and wait for its message; every device message before it."""
    mosquitto_pub(broker, SENTINEL[0])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with_sentinel = [m for m in subscriber.messages if m.topic == SENTINEL[1]]
        if with_sentinel:
            return [m for m in subscriber.messages if m.topic in LIGHTS]
        time.sleep(0.05)
    raise AssertionError(f"the sentinel did not come through: {len(subscriber.messages)} messages")


def until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> bool:
    """Wait for a condition (polled); AssertionError naming what did not happen in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.05)
    return True


def events(subscriber: Subscriber) -> list[dict[str, object]]:
    return [json.loads(m.payload) for m in subscriber.messages if m.topic == INTENT_TOPIC]


def test_commands_sent_while_the_daemon_is_away_all_run_once_also_across_a_broker_restart(
    mosquitto_factory, make_daemon, devices_of
) -> None:
    broker = mosquitto_factory(persistence=True).start()
    daemon = make_daemon(broker)
    daemon.start()  # the broker now keeps a session for it
    assert daemon.terminate() == 0
    before, after = commands(60)[:40], commands(60)[40:]
    for command in before[:10]:
        mosquitto_pub(broker, command.text)  # plain text, as a shell script would send it
    sender = Sender(broker)
    sender.send([command.payload for command in before[10:]])
    sender.close()
    broker.restart()  # the session and what waits in it are saved and read back
    for command in after:
        mosquitto_pub(broker, command.payload)
    devices = devices_of(broker)
    daemon.start()
    received = until_sentinel(devices, broker)
    result = tally(before + after, received)
    assert (result.lost, result.ran_twice, result.redelivered) == ([], [], 0)
    assert [level_of(m) for m in received] == list(range(1, 61)), "in the order they were sent"


def test_commands_sent_while_a_running_daemon_reconnects_after_a_broker_restart_all_run(
    mosquitto_factory, make_daemon, devices_of
) -> None:
    broker = mosquitto_factory(persistence=True).start()
    daemon = make_daemon(broker)
    daemon.start()
    broker.restart()
    sent = commands(5)
    for command in sent:  # at once: the daemon is still reconnecting, they wait in its session
        mosquitto_pub(broker, command.text)
    devices = devices_of(broker)
    daemon.wait_for_status("connected", 30)
    received = until_sentinel(devices, broker)
    result = tally(sent, received)
    assert (result.lost, result.ran_twice, result.redelivered) == ([], [], 0)


def over_socket(path: Path, sent: list[Command], replies: list[dict[str, object]]) -> None:
    """Send commands on the control socket one after another as `assistantd say --id` does: one that gets
    no reply (the daemon is down, or died with it) is sent again with its id until it is answered."""
    for command in sent:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                request = control.send(path, command.text, request_id=command.command_id, wait_seconds=1.0,
                                       timeout_seconds=10.0)  # fmt: skip
                replies.append(asyncio.run(request))
                break
            except (OSError, control.AcceptedError):
                time.sleep(0.05)
        time.sleep(0.01)


def test_a_sigkill_with_commands_in_flight_loses_none_and_runs_none_twice(
    mosquitto_factory, make_daemon, devices_of
) -> None:
    broker = mosquitto_factory().start()
    devices = devices_of(broker)
    daemon = make_daemon(broker)
    daemon.start()
    sent = commands(300, with_ids=lambda n: n % 3 != 0 or n >= 200)  # some without id: matched as redeliveries
    on_topic, on_socket = sent[:200], sent[200:]  # the text topic: two lamps; the socket: the counter lights
    sender = Sender(broker)
    sending = threading.Thread(target=sender.send, args=([c.payload for c in on_topic],),
                               kwargs={"pause_seconds": 0.002})  # fmt: skip
    replies: list[dict[str, object]] = []
    saying = threading.Thread(target=over_socket, args=(daemon.control_path, on_socket, replies))
    sending.start()
    saying.start()
    kills = 0
    for handled in (40, 140):
        devices.wait_for(handled, timeout=60)
        daemon.kill()
        kills += 1
        daemon.start()
    sending.join(120)
    saying.join(180)
    sender.close()
    assert len(replies) == len(on_socket), "every command on the socket was answered in the end"
    received = until_sentinel(devices, broker)
    result = tally(sent, received)
    assert result.lost == [], f"lost {len(result.lost)} of {len(sent)}"
    assert result.ran_twice == [], f"ran twice: {len(result.ran_twice)} of {len(sent)}"
    assert result.redelivered <= kills, "only the action in flight at a kill is sent again"
    executed = Counter(e["id"] for e in events(devices) if e["outcome"] == "executed" and not e.get("repeated"))
    assert set(executed) >= {c.command_id for c in sent if c.command_id}, "every command with an id was answered"
    carried = {c: ids for c, ids in result.command_ids.items() if c.command_id}
    assert all(ids == {c.command_id} for c, ids in carried.items()), "each action carries its sender's id"


def test_a_burst_beyond_the_bound_gets_an_action_or_busy_for_every_command(
    mosquitto_factory, make_daemon, devices_of
) -> None:
    broker = mosquitto_factory().start()
    daemon = make_daemon(broker, "inbox.max_commands=3")
    daemon.start()
    assert daemon.terminate() == 0
    sent = commands(150, prefix="burst-")
    sender = Sender(broker)
    sender.send([command.payload for command in sent])  # they wait at the broker: a burst when it is back
    sender.close()
    devices = devices_of(broker)
    daemon.start()
    wanted = {c.command_id for c in sent}
    answered = until(lambda: {e["id"] for e in events(devices)} >= wanted, "an intent event for every command")
    assert answered
    received = until_sentinel(devices, broker)  # sent once the burst is over: not refused itself
    answers = {e["id"]: e["outcome"] for e in events(devices) if str(e["id"]).startswith("burst-")}
    assert Counter(e["id"] for e in events(devices) if e["id"] in wanted) == Counter(wanted), "one event each"
    assert set(answers.values()) == {"executed", "busy"}, "the bound was reached, and commands ran"
    result = tally(sent, received)
    ran = {c.command_id for c, runs in result.runs.items() if runs == 1}
    assert ran == {i for i, outcome in answers.items() if outcome == "executed"}
    assert (result.ran_twice, result.redelivered) == ([], 0)
    assert "Refused command burst-" in daemon.log()


def test_say_tells_accepted_from_not_delivered_and_a_retry_with_its_id_runs_once(
    mosquitto, make_daemon, devices_of, state_dir: Path
) -> None:
    devices = devices_of(mosquitto)
    daemon = make_daemon(mosquitto)
    daemon.start()
    over_mqtt = [sys.executable, "-m", "assistantd", "say", "--config", str(daemon.config_path), "--timeout", "2"]
    over_mqtt += ["--mqtt-url", mosquitto.url, "--state-dir", str(state_dir / "no-socket-here")]
    say = [*over_mqtt, "--state-dir", str(state_dir)]
    text = "set the floor lamp to 40 percent"

    daemon.signal(signal.SIGSTOP)  # the socket still takes the request; no answer comes in time
    try:
        stopped = subprocess.run([*say, "--id", "say-once", text], capture_output=True, text=True, timeout=60)
    finally:
        daemon.signal(signal.SIGCONT)
    assert stopped.returncode == 75, stopped.stderr
    assert "accepted, result unknown (id say-once)" in stopped.stderr

    retried = subprocess.run([*say, "--json", "--id", "say-once", text], capture_output=True, text=True, timeout=60)
    assert retried.returncode == 0, retried.stderr
    reply = json.loads(retried.stdout)
    assert (reply["id"], reply["outcome"]) == ("say-once", "executed")
    again = subprocess.run([*over_mqtt, "--json", "--id", "say-once", text], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["repeated"] is True, "over MQTT too, the id is answered, not run"
    fresh = subprocess.run([*over_mqtt, "--id", "say-mqtt", "set the floor lamp to 60 percent"], capture_output=True,
                           text=True, timeout=60)
    assert fresh.returncode == 0, fresh.stderr
    assert "id:       say-mqtt" in fresh.stdout
    received = until_sentinel(devices, mosquitto)
    assert [(m.topic, level_of(m)) for m in received] == [(FLOOR_LAMP, 40), (FLOOR_LAMP, 60)], "each ran once"

    assert daemon.terminate() == 0
    offline = subprocess.run([*say, "--id", "say-twice", text], capture_output=True, text=True, timeout=60)
    assert offline.returncode == 69, offline.stderr
    assert "not delivered" in offline.stderr


def test_say_with_the_broker_down_answers_from_the_outbox_and_a_retry_runs_nothing_twice(
    mosquitto_factory, make_daemon, devices_of, state_dir: Path
) -> None:
    broker = mosquitto_factory(persistence=True).start()
    devices = devices_of(broker, persistent=True)  # its session keeps what comes while it reconnects
    daemon = make_daemon(broker)
    daemon.start()
    say = [sys.executable, "-m", "assistantd", "say", "--config", str(daemon.config_path), "--timeout", "5"]
    say += ["--mqtt-url", broker.url, "--state-dir", str(state_dir), "--id", "while-down"]
    text = "set the counter lights to 70 percent"
    broker.stop()
    down = subprocess.run([*say, text], capture_output=True, text=True, timeout=60)
    assert down.returncode == 0, down.stderr  # handled: its action waits in the outbox
    assert "delivery: queued in the outbox" in down.stdout
    broker.start()
    daemon.wait_for_status("connected", 30)
    again = subprocess.run([*say, "--json", text], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["repeated"] is True
    received = until_sentinel(devices, broker)
    assert [(m.topic, level_of(m)) for m in received] == [(COUNTER, 70)]
