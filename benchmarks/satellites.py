"""Satellites benchmark: what the hop from a satellite to the home's recognizers and coordinator costs next
to the local microphone path, and how many utterances a minute the recognizers get through with 1 and 2
`assistantd worker`s as 1-8 satellites speak at once. One private Mosquitto on loopback, tiny.en with the
example home's bias prompt, the recorded commands of the shared data plus espeak-ng ones.

- hop: for each utterance, the same transcriber in-process (the local path: one Whisper run) and through
  MQTT 5 (RemoteTranscriber -> broker -> RecognitionServer with that same transcriber -> broker), paired,
  in the same run; plus the command's own hop (a QoS 1 JSON command from the satellite's client to the
  coordinator's, publish to delivery). The satellite's extra = request/reply overhead + command hop.
- throughput: 1 then 2 `assistantd worker` processes (each its own tiny.en), N satellites each asking for
  one utterance after another for --seconds; utterances a minute, and 2 workers over 1.

Run: .venv/bin/python -m benchmarks.satellites [--repeats 5] [--seconds 20] [--satellites 1,2,4,8]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from assistantd.audio.file_source import read_audio_file
from assistantd.config import load_config
from assistantd.config.service import MqttConfig
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.recognition import RecognitionServer, RecognitionTopics, RemoteTranscriber
from assistantd.mqtt.client import MqttClient
from assistantd.speech.bias import build_prompt
from assistantd.speech.transcriber import Transcript, WhisperTranscriber
from tests.support.audio import SPEECH_DATA, espeak, have_espeak, pad
from tests.support.broker import Mosquitto
from tests.support.configs import EXAMPLE

CLIPS = (
    "v2j_turn_on_living_room_lamp.wav",
    "stp_turn_off_lights_in_the_office.wav",
    "v2j_what_time_is_it.wav",
)
TOPICS = RecognitionTopics(
    request="assistantd/recognize/request",
    shared="$share/assistantd/assistantd/recognize/request",
    base="assistantd",
)
SPOKEN = ("turn off the lights", "set the kitchen light to fifty percent", "is the front door locked")


def utterances() -> list[np.ndarray]:
    clips = [read_audio_file(SPEECH_DATA / name).samples for name in CLIPS]
    return clips + ([pad(espeak(text), 0.2, 0.3) for text in SPOKEN] if have_espeak() else [])


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Clients:
    """MQTT clients on one broker whose correlated messages go to per-client handlers."""

    def __init__(self, broker: Mosquitto) -> None:
        self.broker = broker
        self.made: list[MqttClient] = []

    async def make(
        self, name: str, subscriptions: list[str], on_correlated=None, on_message=None
    ) -> MqttClient:
        settings = MqttConfig(
            host="127.0.0.1", port=self.broker.port, client_id=name, session_expiry_seconds=0
        )
        client = MqttClient(
            settings, status_topic=f"bench/{name}/status", password=None,
            on_message=on_message or (lambda topic, payload: None), on_correlated=on_correlated,
        )  # fmt: skip
        client.set_subscriptions(subscriptions)
        await client.start()
        assert await client.wait_connected(30)
        self.made.append(client)
        return client

    async def close(self) -> None:
        for client in self.made:
            await client.stop()


async def bench_hop(broker: Mosquitto, transcriber: WhisperTranscriber, topics: RecognitionTopics,
                    clips: list[np.ndarray], repeats: int, *, whisper: bool = True) -> dict[str, float]:  # fmt: skip
    clients = Clients(broker)
    holder: dict[str, object] = {}
    try:
        coordinator = await clients.make(
            "coordinator", [topics.shared], lambda m: holder["server"].on_request(m)
        )
        server = RecognitionServer(coordinator, topics, lambda: transcriber)
        holder["server"] = server
        await server.load(transcriber)
        serving = asyncio.create_task(server.run())
        loop = asyncio.get_running_loop()
        satellite = await clients.make("satellite", [topics.reply("kitchen")], lambda m: remote.on_reply(m))
        remote = RemoteTranscriber(satellite, loop, topics, "kitchen", deadline_seconds=30, attempts=1)
        local, far = [], []
        for _ in range(repeats if whisper else 0):
            for samples in clips:
                started = time.perf_counter()
                await asyncio.to_thread(transcriber.transcribe, samples)
                local.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                await asyncio.to_thread(remote.transcribe, samples)
                far.append((time.perf_counter() - started) * 1000)
        serving.cancel()
        await asyncio.gather(serving, return_exceptions=True)
        server._transcriber = Instant()  # the hop alone: the same audio, answered at once
        serving = asyncio.create_task(server.run())
        alone = []
        for _ in range(repeats * 10):
            for samples in clips:
                started = time.perf_counter()
                await asyncio.to_thread(remote.transcribe, samples)
                alone.append((time.perf_counter() - started) * 1000)
        serving.cancel()
        command = await bench_command_hop(clients)
    finally:
        await clients.close()
    paired = [b - a for a, b in zip(local, far, strict=True)]
    return {"local": p50(local), "remote": p50(far), "paired": p50(paired), "audio_hop": p50(alone),
            "command_hop": command}  # fmt: skip


class Instant:
    """A transcriber that answers at once: what is left of a request is the MQTT hop."""

    def load(self) -> None:
        pass

    def transcribe(self, samples: np.ndarray) -> Transcript:
        return Transcript("turn off the lights", -0.1, 0.0, 1.0)


async def bench_command_hop(clients: Clients, count: int = 200) -> float:
    """A text command (QoS 1 JSON) from a satellite's client to the coordinator's: publish to delivery, p50."""
    arrived: dict[str, float] = {}
    done = asyncio.Event()

    def received(topic: str, payload: bytes) -> None:
        arrived[payload.decode()] = time.perf_counter()
        if len(arrived) == count:
            done.set()

    await clients.make("coordinator-text", ["bench/living_room/text/+"], on_message=received)
    sender = await clients.make("satellite-text", [])
    sent: dict[str, float] = {}
    for index in range(count):
        payload = f'{{"text": "turn off the lights", "id": "kitchen-{index:06d}", "area": "kitchen"}}'
        sent[payload] = time.perf_counter()
        await sender.publish("bench/living_room/text/kitchen", payload, qos=1)  # its own command topic
        await asyncio.sleep(0.005)
    await asyncio.wait_for(done.wait(), 60)
    return p50([(arrived[key] - sent[key]) * 1000 for key in sent])


async def bench_throughput(broker: Mosquitto, topics: RecognitionTopics, clips: list[np.ndarray],
                           satellites: int, seconds: float) -> int:  # fmt: skip
    """Utterances transcribed by the running workers while `satellites` satellites ask back to back."""
    clients = Clients(broker)
    remotes: list[RemoteTranscriber] = []
    loop = asyncio.get_running_loop()
    try:
        for index in range(satellites):
            site = f"room{index}"
            client = await clients.make(
                f"satellite-{site}", [topics.reply(site)], lambda m, i=index: remotes[i].on_reply(m)
            )
            remotes.append(RemoteTranscriber(client, loop, topics, site, deadline_seconds=120, attempts=1))
        stop_at = time.monotonic() + seconds
        counts = [0] * satellites

        def speak(index: int) -> None:
            turn = index
            while time.monotonic() < stop_at:
                remotes[index].transcribe(clips[turn % len(clips)])
                counts[index] += 1
                turn += 1

        threads = [threading.Thread(target=speak, args=(i,)) for i in range(satellites)]
        for thread in threads:
            thread.start()
        await asyncio.to_thread(lambda: [thread.join() for thread in threads])
        return sum(counts)
    finally:
        await clients.close()


def start_workers(count: int, config: Path, broker: Mosquitto, folder: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for index in range(count):
        log = (folder / f"worker{index}.log").open("ab")
        command = [sys.executable, "-m", "assistantd", "worker", "--name", f"bench{index}",
                   "--config", str(config), "--mqtt-url", broker.url]  # fmt: skip
        workers.append(subprocess.Popen(command, stdout=log, stderr=log))
    deadline = time.monotonic() + 120
    for index in range(count):
        while "answers $share" not in (folder / f"worker{index}.log").read_text():
            if time.monotonic() > deadline:
                raise RuntimeError((folder / f"worker{index}.log").read_text())
            time.sleep(0.1)
    return workers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--satellites", default="1,2,4,8")
    args = parser.parse_args()
    config = load_config(EXAMPLE)
    speech = config.speech or SpeechConfig()
    transcriber = WhisperTranscriber(speech.model, prompt=build_prompt(config, speech))
    transcriber.load()
    clips = utterances()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain = Mosquitto(folder / "plain").start()
        try:
            default = asyncio.run(bench_hop(plain, transcriber, TOPICS, clips, args.repeats, whisper=False))
        finally:
            plain.stop()
        broker = Mosquitto(folder / "mosquitto", nodelay=True).start()
        try:
            hop = asyncio.run(bench_hop(broker, transcriber, TOPICS, clips, args.repeats))
            print(f"hop ({len(clips)} utterances x {args.repeats}, p50 ms): local Whisper {hop['local']:.1f}, "
                  f"through MQTT {hop['remote']:.1f} (paired difference {hop['paired']:+.1f}); the audio's "
                  f"request/reply alone {hop['audio_hop']:.2f} (broker without set_tcp_nodelay: "
                  f"{default['audio_hop']:.2f}), the command {hop['command_hop']:.2f}: satellite hop "
                  f"{hop['audio_hop'] + hop['command_hop']:.2f}")  # fmt: skip
            del transcriber
            rows = bench_rows(broker, TOPICS, clips, folder, args)
        finally:
            broker.stop()
    print("\n| satellites | 1 worker, utterances/min | 2 workers | 2 over 1 |\n|---|---|---|---|")
    for satellites, (one, two) in rows.items():
        print(f"| {satellites} | {one:.0f} | {two:.0f} | {two / one:.2f} |")


def bench_rows(broker: Mosquitto, topics: RecognitionTopics, clips: list[np.ndarray], folder: Path,
               args: argparse.Namespace) -> dict[int, tuple[float, float]]:  # fmt: skip
    counts = [int(n) for n in args.satellites.split(",")]
    home = folder / "home.yaml"
    home.write_text(EXAMPLE.read_text())
    per_minute: dict[int, list[float]] = {n: [] for n in counts}
    for workers in (1, 2):
        running = start_workers(workers, home, broker, folder)
        try:
            for satellites in counts:
                done = asyncio.run(bench_throughput(broker, topics, clips, satellites, args.seconds))
                per_minute[satellites].append(done * 60 / args.seconds)
                print(
                    f"  {workers} worker(s), {satellites} satellite(s): {done} utterances in {args.seconds:.0f} s"
                )
        finally:
            for process in running:
                process.terminate()
                process.wait(30)
    return {n: (values[0], values[1]) for n, values in per_minute.items()}


if __name__ == "__main__":
    main()
