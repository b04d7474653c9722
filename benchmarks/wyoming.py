"""Wyoming benchmark: the round trip of a Wyoming client next to the daemon's own microphone path, on the
same recorded commands, in the same run, with the same model (tiny.en, the example home's bias prompt).

- wyoming: the real `assistantd run` (example home, no microphone, `wyoming.enabled`) on loopback with a
  private Mosquitto; a wyoming client does what Home Assistant does: on one connection transcribe +
  audio-start + the WAV's chunks (in its own format, as fast as it goes) + audio-stop, then, on a new
  connection, the transcript to handle. Timed from audio-stop sent to `handled` read (the action is in
  the outbox then); the broker's acknowledgement after it is read from the daemon's log line.
- microphone: the daemon's own parts in-process (SpeechPipeline -> CommandProcessor -> Dispatcher ->
  Mosquitto, as benchmarks/speech.py --latency), the same clips played in real time (listening: always,
  speculative transcription on, as the daemon runs by default). Timed from the endpoint (the VAD's
  decision that speech ended: the moment comparable to Home Assistant sending audio-stop) to the broker's
  acknowledgement; end of speech to acknowledgement adds the trailing silence (700 ms).
- bare: the same transcriber on the same clips, in-process (the floor: one Whisper run).

Run: .venv/bin/python -m benchmarks.wyoming [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import json
import re
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import wav_to_chunks
from wyoming.client import AsyncTcpClient
from wyoming.event import Event

from assistantd.audio.file_source import ClipSource, read_audio_file
from assistantd.cli.demo import without_section
from assistantd.config import load_config
from assistantd.config.speech import ListenConfig
from assistantd.mqtt.embedded import free_port
from assistantd.speech.bias import build_prompt
from assistantd.speech.transcriber import WhisperTranscriber
from tests.support.audio import SPEECH_DATA, pad
from tests.support.broker import Mosquitto
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess
from tests.support.speech import on_broker, speak

CLIPS = (
    "v2j_turn_on_living_room_lamp.wav",  # 24 kHz: converted by the server
    "v2j_would_you_please_turn_on_living_room_lamp.wav",
    "stp_turn_off_lights_in_the_office.wav",
)
"""Recorded commands the example home carries out."""
_ACK = re.compile(r'command wyoming ".*" -> .* ack ([0-9.]+) ms')


@dataclasses.dataclass(frozen=True, slots=True)
class Trip:
    """One Wyoming round trip, milliseconds from audio-stop sent."""

    transcript_ms: float
    handled_ms: float
    text: str
    answer: str


def percentiles(values: list[float]) -> dict[str, float]:
    """Median and p90, milliseconds."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(float(np.median(values)), 1),
        "p90": round(float(np.percentile(values, 90)), 1),
    }


def wav_events(path: Path) -> list[Event]:
    """A WAV as a Wyoming client sends it (the last event: audio-stop)."""
    with wave.open(str(path), "rb") as wav:
        parts = list(wav_to_chunks(wav, samples_per_chunk=1024, start_event=True, stop_event=True))
    return [Transcribe(language="en").event(), *(part.event() for part in parts)]


async def round_trip(port: int, events: list[Event]) -> Trip:
    """Audio to transcript on one connection, the transcript to handle on another (as Home Assistant)."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        for event in events[:-1]:
            await client.write_event(event)
        stopped = time.perf_counter()
        await client.write_event(events[-1])
        heard = await _next(client, "transcript")
    transcript_at = time.perf_counter()
    text = Transcript.from_event(heard).text
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcript(text=text).event())
        answer = await _next(client, "handled", "not-handled")
    handled_at = time.perf_counter()
    return Trip((transcript_at - stopped) * 1000, (handled_at - stopped) * 1000, text, answer.type)


async def _next(client: AsyncTcpClient, *types: str) -> Event:
    while True:
        event = await asyncio.wait_for(client.read_event(), 60)
        if event is None:
            raise ConnectionError("the server closed the connection")
        if event.type in types:
            return event
        if event.type == "error":
            raise RuntimeError(f"the server answered an error: {event.data}")


def bench_wyoming(broker: Mosquitto, folder: Path, repeats: int) -> dict[str, object]:
    """The real daemon, spoken to by a wyoming client."""
    config_path = folder / "home.yaml"
    config_path.write_text(without_section(EXAMPLE.read_text(), "speech"))
    port = free_port()
    options = ("--set", "wyoming.enabled=true", "--set", f"wyoming.uri=tcp://127.0.0.1:{port}")
    daemon = DaemonProcess(
        config_path, broker_url=broker.url, state_dir=folder / "daemon", extra_args=options
    )
    daemon.start(timeout_seconds=60)
    try:
        daemon.wait_for_log("Wyoming server on", 60)
        events = {name: wav_events(SPEECH_DATA / name) for name in CLIPS}
        asyncio.run(round_trip(port, events[CLIPS[0]]))  # a first run off the record
        trips = [asyncio.run(round_trip(port, events[name])) for _ in range(repeats) for name in CLIPS]
        daemon.terminate()  # every log line written
        acks = [float(ms) for ms in _ACK.findall(daemon.log())][1:]
    finally:
        daemon.close()
    return {
        "handled": f"{sum(t.answer == 'handled' for t in trips)}/{len(trips)}",
        "texts": sorted({t.text for t in trips}),
        "audio_stop_to_transcript_ms": percentiles([t.transcript_ms for t in trips]),
        "audio_stop_to_handled_ms": percentiles([t.handled_ms for t in trips]),
        "handled_to_broker_ack_ms (daemon log)": percentiles(acks),
    }


def bench_microphone(broker: Mosquitto, folder: Path, repeats: int) -> tuple[dict[str, object], list[float]]:
    """The daemon's own parts, the same clips played in real time; and bare transcription of them."""
    config = on_broker(load_config(EXAMPLE), broker.port, folder / "mic")
    assert config.speech is not None
    speech = dataclasses.replace(config.speech, listen=ListenConfig(mode="always"))
    config = dataclasses.replace(config, speech=speech)
    transcriber = WhisperTranscriber(speech.model, prompt=build_prompt(config, speech))
    transcriber.load()
    clips = [read_audio_file(SPEECH_DATA / name).samples for name in CLIPS]
    audio = np.concatenate([pad(clip, 0.5, 1.5) for _ in range(repeats) for clip in clips])
    spoken, _ = asyncio.run(speak(config, ClipSource(audio, name="bench", realtime=True), transcriber))
    acked = [s for s in spoken if s.speech_to_ack_ms is not None]
    endpoint_to_ack = [s.speech_to_ack_ms - (s.utterance.timings.endpoint_ms - s.utterance.timings.speech_end_ms)
                       for s in acked]  # fmt: skip
    bare = [transcriber.transcribe(clip).transcribe_ms for _ in range(repeats) for clip in clips]
    heard = collections.Counter(
        f"{s.utterance.text!r}: {s.report.decision.outcome.value if s.report else 'not accepted'}"
        for s in spoken
    )
    return {
        "acted": f"{len(acked)}/{len(clips) * repeats}",
        "heard": dict(heard),
        "endpoint_to_broker_ack_ms": percentiles(endpoint_to_ack),
        "speech_end_to_broker_ack_ms": percentiles([s.speech_to_ack_ms for s in acked]),
        "speculative_used": sum(s.utterance.timings.speculative for s in acked),
        "trailing_silence_ms": speech.endpointing.trailing_silence_ms,
    }, bare


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5, help="times each clip is sent")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wy-bench-", dir="/tmp") as name:
        folder = Path(name)
        broker = Mosquitto(folder / "mosquitto").start()
        try:
            wyoming = bench_wyoming(broker, folder, args.repeats)
            microphone, bare = bench_microphone(broker, folder, args.repeats)
        finally:
            broker.stop()
    report = {
        "clips": list(CLIPS),
        "repeats": args.repeats,
        "model": "tiny.en (bundled), example home's prompt; device auto",
        "wyoming (real daemon, loopback client)": wyoming,
        "microphone path (daemon parts in-process, real time)": microphone,
        "bare transcription in-process_ms": percentiles(bare),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
