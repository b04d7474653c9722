"""Satellites soak: spoken commands in two rooms through the whole system while it is being broken, and
whether any command is lost or acted on twice.

The real processes on one machine: a Mosquitto with persistence, `assistantd run` as the coordinator
(transcribing nothing itself: `recognition.serve: false`), two `assistantd worker`s, and two
`assistantd satellite`s (kitchen and bedroom) whose microphones are capture commands playing espeak-ng
commands in real time ("set the kitchen ceiling light to 37 percent"), each number once per room, the
bedroom's half a command later than the kitchen's. A third of the way through one worker is killed
(SIGKILL: the request it held is asked again of the other); two thirds of the way the broker is killed
and started again after --outage seconds (satellites keep their commands, the coordinator its actions).

Counted at the end, from the satellites' logs (each command they sent, with its id), the coordinator's
intent events and the device messages (a persistent MQTT 5 subscriber; each carries its outbox entry id):
commands sent and never answered (lost), command ids acted on more than once, device messages delivered
twice (the same outbox entry: QoS 1 after a broker restart, which a receiver drops by its id), and how
many numbers were heard right (speech recognition, not delivery).

Run: .venv/bin/python -m benchmarks.satellites_soak [--commands 100] [--outage 3]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistantd.cli.demo import without_section
from tests.support.audio import espeak, pad
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.satellites import microphone_source

ROOMS = {"kitchen": ("kitchen ceiling light", "zigbee2mqtt/kitchen/ceiling/set"),
         "bedroom": ("bedroom lamp", "zigbee2mqtt/bedroom/lamp/set")}  # fmt: skip
_SENT = re.compile(r'Command ((?:kitchen|bedroom)-[0-9a-f]+): "(.*)"')


SLOT_SECONDS = 4.5
"""Each command with the quiet after it; the bedroom speaks half a slot after the kitchen, never together."""


def room_audio(room: str, numbers: list[int], offset_seconds: float) -> tuple[np.ndarray, float]:
    """The room's commands spoken one after another, one a slot; and how long they last."""
    name, slot = ROOMS[room][0], int(SLOT_SECONDS * 16_000)
    parts = [np.zeros(int(offset_seconds * 16_000), dtype=np.float32)]
    for n in numbers:
        words = pad(espeak(f"set the {name} to {n} percent"), 0.3, 0.0)[:slot]
        parts.append(np.concatenate([words, np.zeros(slot - len(words), dtype=np.float32)]))
    audio = np.concatenate(parts)
    return audio, len(audio) / 16_000


def home(folder: Path, go: Path, audio: dict[str, np.ndarray]) -> Path:
    entries = ""
    for room in ROOMS:
        entries += (
            f"  - {{id: {room}, area: {room}, source: {microphone_source(folder, go, room, audio[room])}}}\n"
        )
    text = without_section(EXAMPLE.read_text(), "speech")
    text += "speech:\n  listen: {mode: always}\nsatellites:\n" + entries
    text += "recognition: {serve: false, deadline_seconds: 6, attempts: 5}\n"
    path = folder / "home.yaml"
    path.write_text(text)
    return path


def start(folder: Path, config: Path, broker: Mosquitto, *args: str, name: str) -> subprocess.Popen[bytes]:
    with (folder / f"{name}.log").open("ab") as log:
        command = [
            sys.executable,
            "-m",
            "assistantd",
            *args,
            "--config",
            str(config),
            "--mqtt-url",
            broker.url,
        ]
        return subprocess.Popen(command, stdout=log, stderr=log)


def wait_log(path: Path, text: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in (path.read_text() if path.exists() else ""):
        if time.monotonic() > deadline:
            raise RuntimeError(f"no {text!r} in {path}")
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commands", type=int, default=100, help="per room")
    parser.add_argument("--outage", type=float, default=3.0, help="seconds the broker is down")
    args = parser.parse_args()
    numbers = list(range(1, args.commands + 1))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(run(folder, numbers, args.outage))


def run(folder: Path, numbers: list[int], outage: float) -> str:
    go, audio, length = folder / "GO", {}, 0.0
    for index, room in enumerate(ROOMS):
        audio[room], seconds = room_audio(room, numbers, offset_seconds=SLOT_SECONDS / 2 * index)
        length = max(length, seconds)
    config = home(folder, go, audio)
    broker = Mosquitto(folder / "mosquitto", persistence=True, nodelay=True).start()
    topics = [topic for _, topic in ROOMS.values()] + ["assistantd/living_room/intent"]
    watcher = Subscriber(broker, topics, client_id="soak-watcher", persistent=True, v5=True).start()
    coordinator = DaemonProcess(config, broker_url=broker.url, state_dir=folder / "coordinator")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        coordinator.start(timeout_seconds=120)
        workers = [
            start(folder, config, broker, "worker", "--name", f"w{i}", name=f"worker{i}") for i in range(2)
        ]
        processes += workers
        for room in ROOMS:
            processes.append(start(folder, config, broker, "satellite", room, name=room))
        for log in ("worker0", "worker1", *ROOMS):
            wait_log(
                folder / f"{log}.log", "answers $share" if log.startswith("worker") else "Capturing from"
            )
        go.touch()
        began = time.monotonic()
        time.sleep(length / 3)
        os.kill(workers[0].pid, signal.SIGKILL)
        time.sleep(max(0.0, began + 2 * length / 3 - time.monotonic()))
        broker.kill()
        time.sleep(outage)
        broker.start()
        time.sleep(max(0.0, began + length + 20 - time.monotonic()))
        return tally(folder, watcher, numbers, time.monotonic() - began)
    finally:
        for process in processes:
            process.kill()
            process.wait()
        coordinator.close()
        watcher.stop()
        broker.stop()


def tally(folder: Path, watcher: Subscriber, numbers: list[int], seconds: float) -> str:
    sent = {}
    for room in ROOMS:
        sent.update(dict(_SENT.findall((folder / f"{room}.log").read_text())))
    events = [json.loads(m.payload) for m in watcher.messages if m.topic.endswith("/intent")]
    answered = collections.Counter(e["id"] for e in events if not e.get("repeated"))
    lost = [command_id for command_id in sent if command_id not in answered]
    twice = [command_id for command_id, count in answered.items() if count > 1]
    device = [m for m in watcher.messages if not m.topic.endswith("/intent")]
    entries = collections.Counter(m.property("assistantd-action") for m in device)
    redelivered = sum(count - 1 for count in entries.values())
    said = {
        (command_id.split("-")[0], int(n))
        for command_id, text in sent.items()
        for n in re.findall(r"\d+", text)
    }
    heard_right = len(said & {(room, n) for room in ROOMS for n in numbers})
    values = collections.Counter((m.topic, json.loads(m.payload).get("brightness")) for m in device)
    return (
        f"{len(numbers) * len(ROOMS)} commands spoken in {seconds:.0f} s, one worker killed, the broker "
        f"down once: {len(sent)} sent by the satellites ({heard_right} with the number said), "
        f"{len(answered)} answered, {len(lost)} lost {lost[:5]}, {len(twice)} acted on twice {twice[:5]}; "
        f"{len(device)} device messages for {len(entries)} outbox entries ({redelivered} delivered again "
        f"after the restart, same entry id); {len(values)} distinct settings"
    )


if __name__ == "__main__":
    main()
