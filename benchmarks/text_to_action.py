"""Text command on MQTT -> device action received, through the real daemon and a real Mosquitto.

Prints p50/p99 latency and sustained throughput, beside a bare paho-mqtt publish -> receive measured in
the same run on the same broker (their ratio is the cost of understanding and dispatch), then the
recognizer alone (benchmarks/recognizer.py).

    .venv/bin/python benchmarks/text_to_action.py [--count 400] [--rate 50]
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as paho

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistantd.mqtt.embedded import EmbeddedBroker  # noqa: E402

CONFIG = ROOT / "config" / "assistantd.yaml"
COMMANDS = ("turn on the floor lamp", "turn off the floor lamp")
ACTION_TOPIC = "zigbee2mqtt/living_room/floor_lamp/set"


class Receiver:
    """A subscriber that stamps each message on arrival."""

    def __init__(self, port: int, topic: str) -> None:
        self.arrivals: queue.Queue[float] = queue.Queue()
        self._subscribed = threading.Event()
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"bench-rx-{os.getpid()}")
        self.client.on_connect = lambda c, *a: c.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_message = lambda *a: self.arrivals.put(time.perf_counter())
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        if not self._subscribed.wait(10):
            raise SystemExit("benchmark subscriber could not subscribe")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def _sender(port: int) -> paho.Client:
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"bench-tx-{os.getpid()}")
    client.connect("127.0.0.1", port)
    client.loop_start()
    return client


def measure(
    port: int, topic: str, rx_topic: str, payloads: list[str], rate_hz: float | None, window: int = 64
) -> tuple[list[float], float]:
    """Latencies (ms) of sends paced at rate_hz, or (rate_hz None) the sustained rate with at most
    `window` commands outstanding (sent, not yet seen acted on)."""
    receiver = Receiver(port, rx_topic)
    sender = _sender(port)
    sent: list[float] = []
    arrivals: list[float] = []
    started = time.perf_counter()
    for index, payload in enumerate(payloads):
        if rate_hz:
            target = started + index / rate_hz
            while (delay := target - time.perf_counter()) > 0:
                time.sleep(delay)
        else:
            while len(sent) - len(arrivals) >= window:
                arrivals.append(receiver.arrivals.get(timeout=60))
        sent.append(time.perf_counter())
        sender.publish(topic, payload, qos=1)
    while len(arrivals) < len(payloads):
        arrivals.append(receiver.arrivals.get(timeout=60))
    elapsed = arrivals[-1] - started
    sender.disconnect()
    sender.loop_stop()
    receiver.close()
    return [(arrival - send) * 1000 for send, arrival in zip(sent, arrivals, strict=True)], len(payloads) / elapsed


def _start_daemon(url: str, state: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistantd", "--log-level", "WARNING", "run", "--config", str(CONFIG)]
    command += ["--mqtt-url", url, "--state-dir", str(state)]
    # The grammar is certain of these commands, so the intent model would never be asked; it is off so
    # that its first training does not run beside the measurement (benchmarks/intent.py times it).
    command += ["--set", "recognizer.model=false"]
    process = subprocess.Popen(command, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 30
    while not (state / "control.sock").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the daemon did not start")
        time.sleep(0.05)
    time.sleep(1.0)
    return process


def _quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second for the latency runs")
    parser.add_argument("--burst", type=int, default=1000, help="commands in the throughput run")
    args = parser.parse_args()
    commands = [COMMANDS[i % 2] for i in range(args.count)]
    burst = [COMMANDS[i % 2] for i in range(args.burst)]
    with EmbeddedBroker() as broker, tempfile.TemporaryDirectory(prefix="ad-bench-") as state:
        daemon = _start_daemon(broker.url, Path(state))
        try:
            text_topic = "assistantd/living_room/text"
            bare_lat, _ = measure(broker.port, "bench/bare", "bench/bare", commands, args.rate)
            full_lat, _ = measure(broker.port, text_topic, ACTION_TOPIC, commands, args.rate)
            _, bare_rate = measure(broker.port, "bench/bare", "bench/bare", burst, None)
            _, full_rate = measure(broker.port, text_topic, ACTION_TOPIC, burst, None)
        finally:
            daemon.terminate()
            daemon.wait(20)
    bare_p50, bare_p99 = _quantiles(bare_lat)
    full_p50, full_p99 = _quantiles(full_lat)
    print(f"text -> action, {args.count} commands at {args.rate:.0f}/s through assistantd:")
    print(f"  assistantd   p50 {full_p50:7.2f} ms  p99 {full_p99:7.2f} ms  sustained {full_rate:8.0f} commands/s")
    print(f"  bare paho    p50 {bare_p50:7.2f} ms  p99 {bare_p99:7.2f} ms  sustained {bare_rate:8.0f} messages/s")
    print(f"  ratio        p50 {full_p50 / bare_p50:7.1f} x   p99 {full_p99 / bare_p99:7.1f} x   throughput {bare_rate / full_rate:5.1f} x")
    recognizer = ROOT / "benchmarks" / "recognizer.py"
    if recognizer.exists():
        print()
        subprocess.run([sys.executable, str(recognizer)], check=False)


if __name__ == "__main__":
    main()
