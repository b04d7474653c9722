"""End to end: timers in the real daemon on a real Mosquitto: started, listed, lengthened, cancelled, rung on
the timer topic, and kept across a restart of the daemon (SIGTERM mid-timer, started again: it still
finishes, late or on time). Only the order of events is asserted, never their timing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistantd.cli.demo import without_section
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e

TEXT_TOPIC = "assistantd/living_room/text"
INTENT_TOPIC = "assistantd/living_room/intent"
TIMER_TOPIC = "assistantd/living_room/timer"


@pytest.fixture
def daemon_for(state_dir: Path) -> Iterator[Callable[[Mosquitto], DaemonProcess]]:
    """Starts the example home (no microphone) on one state directory, again after a stop."""
    made: list[DaemonProcess] = []
    config = state_dir / "home.yaml"
    config.write_text(without_section(EXAMPLE.read_text(), "speech"))

    def start(broker: Mosquitto) -> DaemonProcess:
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir)
        made.append(daemon)
        daemon.start()
        return daemon

    yield start
    for daemon in made:
        daemon.close()


def _events(listener: Subscriber, topic: str) -> list[dict]:
    return [json.loads(payload) for payload in listener.payloads(topic)]


def _wait(listener: Subscriber, done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for messages until done() holds."""
    while not done():
        listener.wait_for(len(listener.messages) + 1, timeout)


def _say(broker: Mosquitto, listener: Subscriber, text: str, command_id: str) -> dict:
    """Send a command and wait for its intent event."""
    publish(broker, TEXT_TOPIC, json.dumps({"text": text, "id": command_id}))
    _wait(listener, lambda: any(e["id"] == command_id for e in _events(listener, INTENT_TOPIC)))
    return next(e for e in _events(listener, INTENT_TOPIC) if e["id"] == command_id)


def _timer_events(listener: Subscriber, name: str) -> list[str]:
    return [e["event"] for e in _events(listener, TIMER_TOPIC) if e["name"] == name]


def test_timers_start_list_change_cancel_and_ring(mosquitto: Mosquitto, daemon_for) -> None:
    daemon_for(mosquitto)
    listener = Subscriber(mosquitto, [INTENT_TOPIC, TIMER_TOPIC]).start()
    tea = _say(mosquitto, listener, "set a timer for 2 seconds named tea", "c1")
    assert (tea["intent"], tea["outcome"], tea["response"]) == (
        "HassStartTimer", "executed", "Timer set for 2 seconds named tea.",
    )  # fmt: skip
    _say(mosquitto, listener, "set a timer for 10 minutes named pizza", "c2")
    _say(mosquitto, listener, "set a 20 minute eggs timer", "c3")
    status = _say(mosquitto, listener, "how much time is left on the pizza timer", "c4")
    assert status["outcome"] == "answered" and status["response"].startswith("The pizza timer has ")
    added = _say(mosquitto, listener, "add 5 minutes to the pizza timer", "c5")
    assert added["response"] == "5 minutes added to the pizza timer."
    cancelled = _say(mosquitto, listener, "cancel the eggs timer", "c6")
    assert cancelled["response"] == "Timer cancelled."
    _wait(listener, lambda: "finished" in _timer_events(listener, "tea"))
    assert _timer_events(listener, "tea") == ["started", "finished"]
    assert _timer_events(listener, "pizza") == ["started", "updated"]
    assert _timer_events(listener, "eggs") == ["started", "cancelled"]
    (pizza_update,) = [e for e in _events(listener, TIMER_TOPIC) if e["event"] == "updated"]
    assert pizza_update["duration_seconds"] == 900 and pizza_update["area"] == "Living Room"
    assert set(pizza_update) == {
        "event",
        "id",
        "name",
        "area",
        "duration_seconds",
        "remaining_seconds",
        "ends_at",
    }
    (finished,) = [e for e in _events(listener, TIMER_TOPIC) if e["event"] == "finished"]
    assert finished["remaining_seconds"] == 0 and "late_seconds" in finished
    listing = _say(mosquitto, listener, "timer status", "c7")
    assert listing["response"].startswith("The pizza timer has "), "the only timer left"
    listener.stop()


def test_a_timer_survives_a_restart(mosquitto: Mosquitto, daemon_for) -> None:
    daemon = daemon_for(mosquitto)
    listener = Subscriber(mosquitto, [INTENT_TOPIC, TIMER_TOPIC]).start()
    _say(mosquitto, listener, "set a timer for 3 seconds named rice", "r1")
    assert daemon.terminate() == 0  # mid-timer: it is kept in the state directory
    daemon_for(mosquitto)
    _wait(listener, lambda: "finished" in _timer_events(listener, "rice"))
    assert _timer_events(listener, "rice") == ["started", "finished"]
    (finished,) = [e for e in _events(listener, TIMER_TOPIC) if e["event"] == "finished"]
    assert finished["late_seconds"] >= 0
    listener.stop()


def test_a_command_put_off_is_carried_out_once_when_its_timer_ends(mosquitto: Mosquitto, daemon_for) -> None:
    """ "In 2 seconds turn on the floor lamp": a timer that, when it ends, sends the command to the daemon's
    own text topic (with an id of its own, so that the inbox runs it once), not a ring."""
    lamp = "zigbee2mqtt/living_room/floor_lamp/set"
    daemon_for(mosquitto)
    listener = Subscriber(mosquitto, [INTENT_TOPIC, TIMER_TOPIC, lamp]).start()
    later = _say(mosquitto, listener, "in 2 seconds turn on the floor lamp", "d1")
    assert (later["intent"], later["outcome"], later["response"]) == (
        "HassStartTimer", "executed", "In 2 seconds: turn on the floor lamp.",
    )  # fmt: skip
    assert later["slots"]["conversation_command"] == "turn on the floor lamp"
    assert listener.payloads(lamp) == [], "nothing is done at once"
    _wait(listener, lambda: any(e["intent"] == "HassTurnOn" for e in _events(listener, INTENT_TOPIC)))
    done = next(e for e in _events(listener, INTENT_TOPIC) if e["intent"] == "HassTurnOn")
    (finished,) = [e for e in _events(listener, TIMER_TOPIC) if e["event"] == "finished"]
    assert done["id"] == f"timer-{finished['id']}" and done["outcome"] == "executed"
    assert finished["command"] == "turn on the floor lamp"
    _wait(listener, lambda: len(listener.payloads(lamp)) >= 1)
    assert json.loads(listener.payloads(lamp)[0])["state"] == "ON"
    listener.stop()
