"""End to end: the real daemon's Prometheus endpoint, scraped over HTTP and parsed with prometheus_client's
own parser while commands flow through a real Mosquitto."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("prometheus_client")
from prometheus_client.parser import text_string_to_metric_families

from assistantd.cli.demo import without_section
from assistantd.mqtt.embedded import free_port
from tests.support.broker import Mosquitto, Subscriber, publish
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

pytestmark = pytest.mark.e2e

TEXT_TOPIC = "assistantd/living_room/text"
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def daemon_on(state_dir: Path) -> Iterator[Callable[[Mosquitto, int], DaemonProcess]]:
    """Starts the example home (no microphone) with metrics on a port; stopped at teardown."""
    made: list[DaemonProcess] = []

    def start(broker: Mosquitto, port: int) -> DaemonProcess:
        config = state_dir / "home.yaml"
        config.write_text(without_section(EXAMPLE.read_text(), "speech"))
        options = ("--set", "metrics.enabled=true", "--set", f"metrics.port={port}")
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir, extra_args=options)
        made.append(daemon)
        daemon.start()
        return daemon

    yield start
    for daemon in made:
        daemon.close()


def scrape(port: int) -> Samples:
    """Every sample on /metrics: (name, sorted labels) -> value."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape_until(port: int, holds: Callable[[Samples], bool], timeout_seconds: float = 20.0) -> Samples:
    """Scrape until a condition holds (the gauges are read every second)."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        samples = scrape(port)
        if holds(samples):
            return samples
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_seconds} s: {samples}")
        time.sleep(0.1)


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value, 0 when it is absent."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def commands(samples: Samples) -> float:
    """All commands counted."""
    return sum(v for (name, _), v in samples.items() if name == "assistantd_commands_total")


def test_counters_move_as_commands_flow(mosquitto: Mosquitto, daemon_on) -> None:
    port = free_port()
    daemon_on(mosquitto, port)
    before = scrape_until(port, lambda s: value(s, "assistantd_broker_connected") == 1)
    assert commands(before) == 0
    assert value(before, "assistantd_speech_up") == value(before, "assistantd_vision_up") == 0
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        lamp = ["turn on the floor lamp", "turn off the floor lamp"] * 3
        for text in [*lamp, "what time is it"]:
            publish(mosquitto, TEXT_TOPIC, text)
        devices.wait_for(6)
        # the acknowledgements are counted as they come back from the broker: wait for them too
        after = scrape_until(
            port, lambda s: commands(s) == 7 and value(s, "assistantd_ack_seconds_count") == 6
        )
        executed = {"source": "mqtt", "recognizer": "grammar", "outcome": "executed"}
        assert value(after, "assistantd_commands_total", **executed) == 6
        assert (
            value(after, "assistantd_commands_total", source="mqtt", recognizer="grammar", outcome="answered")
            == 1
        )
        assert value(after, "assistantd_actions_total") == 6
        assert value(after, "assistantd_recognize_seconds_count") == 7
        assert value(after, "assistantd_decide_seconds_count") == 7
        assert value(after, "assistantd_ack_seconds_count") == 6  # the answer had no action to acknowledge
        assert value(after, "assistantd_speech_to_text_seconds_count") == 0
        settled = scrape_until(port, lambda s: value(s, "assistantd_outbox_actions") == 0)
        assert value(settled, "assistantd_outbox_oldest_age_seconds") == 0
        assert value(settled, "assistantd_inbox_commands") == 0
    finally:
        devices.stop()


def test_a_dead_broker_shows_and_the_outbox_grows(mosquitto: Mosquitto, daemon_on) -> None:
    port = free_port()
    daemon = daemon_on(mosquitto, port)
    scrape_until(port, lambda s: value(s, "assistantd_broker_connected") == 1)
    mosquitto.stop()
    scrape_until(port, lambda s: value(s, "assistantd_broker_connected") == 0)
    reply = daemon.say("turn on the floor lamp", wait_seconds=0.2)
    assert reply["outcome"] == "executed"
    waiting = scrape_until(port, lambda s: value(s, "assistantd_outbox_actions") >= 1)
    assert (
        value(
            waiting, "assistantd_commands_total", source="control", recognizer="grammar", outcome="executed"
        )
        == 1
    )
    assert value(waiting, "assistantd_ack_seconds_count") == 0
    mosquitto.start()
    delivered = scrape_until(port, lambda s: value(s, "assistantd_outbox_actions") == 0, 60)
    assert value(delivered, "assistantd_broker_connected") == 1
    assert value(delivered, "assistantd_ack_seconds_count") == 1


def test_a_taken_port_leaves_the_daemon_serving(mosquitto: Mosquitto, daemon_on) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        daemon = daemon_on(mosquitto, port)
        reply = daemon.say("turn on the floor lamp")
        assert (reply["outcome"], reply["delivered"]) == ("executed", True)
        daemon.wait_for_log("Metrics are off: cannot serve metrics on 127.0.0.1:")


def test_speech_from_the_configured_source_is_counted(
    mosquitto: Mosquitto, tmp_path: Path, state_dir: Path
) -> None:
    pytest.importorskip("faster_whisper")
    from tests.support.audio import espeak, have_espeak, pad, write_wav

    if not have_espeak():
        pytest.skip("espeak-ng is not installed")
    said = ["turn on the coffee maker", "hey house, turn on the floor lamp"]
    wav = write_wav(tmp_path / "said.wav", np.concatenate([pad(espeak(text), 0.4, 1.0) for text in said]))
    text = EXAMPLE.read_text()
    microphone = text[text.index("    microphone: default") :].split("\n", 1)[0]
    (state_dir / "home.yaml").write_text(text.replace(microphone, f"    file: {wav}"))
    port = free_port()
    options = ("--set", "metrics.enabled=true", "--set", f"metrics.port={port}")
    daemon = DaemonProcess(
        state_dir / "home.yaml", broker_url=mosquitto.url, state_dir=state_dir, extra_args=options
    )
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        daemon.start(timeout_seconds=60)
        devices.wait_for(1, timeout=30)
        heard = scrape_until(  # the gauges and the speech counters are sampled every second
            port,
            lambda s: (
                value(s, "assistantd_speech_to_text_seconds_count") == 1
                and sum(v for (name, _), v in s.items() if name == "assistantd_utterances_heard_total") == 2
            ),
        )
    finally:
        daemon.close()
        devices.stop()
    assert value(heard, "assistantd_speech_up") == 1
    assert value(heard, "assistantd_utterances_total") == 2
    assert value(heard, "assistantd_utterances_heard_total", gate="not_addressed") == 1
    assert value(heard, "assistantd_utterances_heard_total", gate="wake_phrase") == 1
    executed = {"source": "speech", "recognizer": "grammar", "outcome": "executed"}
    assert value(heard, "assistantd_commands_total", **executed) == 1
    assert commands(heard) == 1
