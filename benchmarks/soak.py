"""Benchmark: a bounded soak of the real daemon against a real Mosquitto: a steady stream of commands on
the control socket and on the MQTT text topic, with config reloads (SIGHUP) and broker restarts along the
way. Counts what the devices received against what was accepted, and samples the daemon's memory.

Each channel drives its own light through brightness levels that change with every command, so every
device message can be matched to the command that caused it: lost = accepted commands whose action never
arrived, duplicated = device messages beyond those, out of order = messages that arrived out of their place. A socket command counts as
accepted when the daemon answered it; a text-topic command when the broker acknowledged it.

    python benchmarks/soak.py [--minutes 60] [--rate 4] [--reload-every 60] [--restart-every 300]
                              [--kill-every 0] [--kill-broker]

--kill-every N SIGKILLs the daemon every N seconds and starts it again: a command in flight then may run
without its sender hearing so (counted apart, as "ran unanswered"; `say` exits 75 for it).

Needs mosquitto on PATH (scripts/test.sh installs it).
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import statistics
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import paho.mqtt.client as paho  # noqa: E402
from paho.mqtt.enums import CallbackAPIVersion  # noqa: E402

from assistantd.cli.demo import without_section  # noqa: E402
from assistantd.devices.payloads import scale_percent  # noqa: E402
from tests.support.broker import Mosquitto, Subscriber  # noqa: E402
from tests.support.configs import EXAMPLE  # noqa: E402
from tests.support.daemon import DaemonProcess  # noqa: E402


TEXT_TOPIC = "assistantd/living_room/text"
SOCKET_LIGHT = ("zigbee2mqtt/living_room/floor_lamp/set", "floor lamp")
TOPIC_LIGHT = ("zigbee2mqtt/kitchen/ceiling/set", "kitchen ceiling light")


def level(n: int) -> int:
    """The n-th command's brightness, percent: never the same twice in a row."""
    return n % 99 + 1


def z2m_brightness(percent: int) -> int:
    """What the daemon sends zigbee2mqtt for a percentage (the dialect's own scaling: halves round up)."""
    return scale_percent(percent, 254)


class Publisher:
    """A QoS 1 publisher that reconnects by itself; publish() says whether the broker acknowledged."""

    def __init__(self, broker: Mosquitto) -> None:
        self._client = paho.Client(CallbackAPIVersion.VERSION2, client_id="soak-sender")
        self._client.reconnect_delay_set(min_delay=0.1, max_delay=0.5)  # type: ignore[arg-type]
        self._client.connect_async("127.0.0.1", broker.port, keepalive=10)
        self._client.loop_start()

    def publish(self, topic: str, payload: str) -> bool:
        """Publish and wait up to 2 s for PUBACK."""
        if not self._client.is_connected():
            return False
        info = self._client.publish(topic, payload, qos=1)
        try:
            info.wait_for_publish(2)
        except (RuntimeError, ValueError):
            return False
        return info.is_published()

    def stop(self) -> None:
        """Disconnect and join the network thread."""
        self._client.disconnect()
        self._client.loop_stop()


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process, MB (None when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")), None)


def compare(expected: list[int], received: list[int], unanswered: list[int]) -> tuple[int, int, int, int]:
    """(lost, duplicated, ran unanswered, out of order) of an ordered stream against what arrived: lost
    and duplicated by count of each value (a value sent but not acknowledged that arrived ran unanswered),
    out of order the messages that arrived but not in their place."""
    missing, extra = Counter(expected) - Counter(received), Counter(received) - Counter(expected)
    ran = extra & Counter(unanswered)
    extra -= ran
    matcher = difflib.SequenceMatcher(a=expected, b=received, autojunk=False)
    in_place = sum(block.size for block in matcher.get_matching_blocks())
    lost, duplicated, ran_count = sum(missing.values()), sum(extra.values()), sum(ran.values())
    return lost, duplicated, ran_count, max(0, len(received) - duplicated - ran_count - in_place)


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=4.0, help="commands a second, both channels together")
    parser.add_argument("--reload-every", type=float, default=60.0, help="seconds between SIGHUPs")
    parser.add_argument("--restart-every", type=float, default=300.0, help="seconds between broker restarts")
    parser.add_argument("--kill-every", type=float, default=0.0, help="seconds between daemon SIGKILLs (0: none)")
    parser.add_argument("--kill-broker", action="store_true", help="SIGKILL the broker instead of stopping it")
    args = parser.parse_args(argv)
    if shutil.which("mosquitto") is None and not Path("/usr/sbin/mosquitto").exists():
        print("mosquitto is not installed", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="ad-soak-", dir="/tmp"))
    broker = Mosquitto(work / "broker", persistence=True).start()
    config = work / "home.yaml"
    config.write_text(without_section(EXAMPLE.read_text(), "speech"))
    # A persistent session: what the daemon publishes while this subscriber reconnects after a broker
    # restart is kept for it (a clean session would miss it, and count it lost).
    devices = Subscriber(broker, [SOCKET_LIGHT[0], TOPIC_LIGHT[0]], client_id="soak-devices", persistent=True).start()
    daemon = DaemonProcess(config, broker_url=broker.url, state_dir=work / "state")
    daemon.start()
    sender = Publisher(broker)
    expected: dict[str, list[int]] = {SOCKET_LIGHT[0]: [], TOPIC_LIGHT[0]: []}
    unanswered: dict[str, list[int]] = {SOCKET_LIGHT[0]: [], TOPIC_LIGHT[0]: []}
    sent = {SOCKET_LIGHT[0]: 0, TOPIC_LIGHT[0]: 0}
    refused = {"socket": 0, "topic": 0}
    memory: list[float] = []
    events = {"reloads": 0, "broker restarts": 0, "daemon kills": 0}
    started = time.monotonic()
    next_reload, next_restart = started + args.reload_every, started + args.restart_every
    next_kill = started + args.kill_every if args.kill_every > 0 else float("inf")
    n = 0
    try:
        while time.monotonic() - started < args.minutes * 60:
            tick = time.monotonic()
            n += 1
            if n % 2:
                percent = level(sent[SOCKET_LIGHT[0]])
                sent[SOCKET_LIGHT[0]] += 1
                try:
                    reply = daemon.say(f"set the {SOCKET_LIGHT[1]} to {percent} percent")
                    accepted = reply.get("outcome") == "executed"
                except Exception:  # noqa: BLE001 - the daemon not answering is what the soak counts
                    accepted = False
                if accepted:
                    expected[SOCKET_LIGHT[0]].append(z2m_brightness(percent))
                else:
                    unanswered[SOCKET_LIGHT[0]].append(z2m_brightness(percent))
                    refused["socket"] += 1
            else:
                percent = level(sent[TOPIC_LIGHT[0]])
                sent[TOPIC_LIGHT[0]] += 1
                text = json.dumps({"text": f"set the {TOPIC_LIGHT[1]} to {percent} percent", "id": f"soak-{n}"})
                if sender.publish(TEXT_TOPIC, text):
                    expected[TOPIC_LIGHT[0]].append(z2m_brightness(percent))
                else:
                    unanswered[TOPIC_LIGHT[0]].append(z2m_brightness(percent))
                    refused["topic"] += 1
            now = time.monotonic()
            if now >= next_reload:
                daemon.signal(1)  # SIGHUP
                events["reloads"] += 1
                next_reload = now + args.reload_every
            if now >= next_restart:
                broker.kill() if args.kill_broker else broker.stop()
                time.sleep(2)
                broker.start()
                events["broker restarts"] += 1
                next_restart = now + args.restart_every
            if now >= next_kill:
                daemon.kill()
                daemon.notifications.clear()  # wait for the new process's READY=1, not the old one's
                daemon.start()
                events["daemon kills"] += 1
                next_kill = time.monotonic() + args.kill_every
            if n % 50 == 0 and daemon.process is not None and (rss := rss_mb(daemon.process.pid)) is not None:
                memory.append(rss)
            time.sleep(max(0.0, 1 / args.rate - (time.monotonic() - tick)))
        time.sleep(15)  # the outbox delivers what waited for the broker
        if daemon.process is not None and (rss := rss_mb(daemon.process.pid)) is not None:
            memory.append(rss)
    finally:
        sender.stop()
        daemon.terminate()
        devices.stop()
        broker.stop()
    print(f"soak: {args.minutes:g} min, {n} commands sent, {events['reloads']} reloads, "
          f"{events['broker restarts']} broker restarts, {events['daemon kills']} daemon SIGKILLs")  # fmt: skip
    print(f"{'channel':<12}{'accepted':>10}{'unanswered':>12}{'lost':>6}{'duplicated':>12}{'ran unanswered':>16}"
          f"{'out of order':>14}")  # fmt: skip
    for name, (topic, _), key in (("socket", SOCKET_LIGHT, "socket"), ("text topic", TOPIC_LIGHT, "topic")):
        received = [json.loads(m.payload).get("brightness") for m in devices.messages if m.topic == topic and not m.dup]
        lost, duplicated, ran, reordered = compare(expected[topic], received, unanswered[topic])
        print(f"{name:<12}{len(expected[topic]):>10}{refused[key]:>12}{lost:>6}{duplicated:>12}{ran:>16}"
              f"{reordered:>14}")  # fmt: skip
    if memory:
        print(f"daemon RSS MB: first {memory[0]:.0f}, median {statistics.median(memory):.0f}, "
              f"last {memory[-1]:.0f}, max {max(memory):.0f}")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
