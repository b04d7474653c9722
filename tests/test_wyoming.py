"""The Wyoming server over real loopback sockets with a real wyoming client; fakes only at the seams: the
transcriber (it records the audio it is given) and the intake (the real assistant decides, nothing is
stored or published)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import numpy as np
import pytest

pytest.importorskip("wyoming", reason="needs the wyoming extra")
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.daemon.intake import Answer
from assistantd.daemon.wyoming import SOURCE, WyomingService, wyoming_service
from assistantd.daemon.wyoming_wire import MAX_DATA_BYTES, MalformedEvent, read_event
from assistantd.errors import SpeechError
from assistantd.mqtt.embedded import free_port
from assistantd.speech.transcriber import Transcript as Heard
from tests.support.configs import EXAMPLE

TIMEOUT = 10.0
"""Guards against a hang only: every wait below ends as soon as its event comes."""
NOON = 12 * 60


@dataclass
class FakeTranscriber:
    """Records the audio it is asked to transcribe and answers with a fixed text."""

    text: str = "turn on the floor lamp"
    fail_load: bool = False
    heard: list[np.ndarray] = field(default_factory=list)

    def load(self) -> None:
        if self.fail_load:
            raise SpeechError("no speech model here")

    def transcribe(self, samples: np.ndarray) -> Heard:
        self.heard.append(samples)
        return Heard(text=self.text, avg_logprob=-0.1, no_speech_prob=0.0, compression_ratio=1.0)


@dataclass
class HomeIntake:
    """The intake's seam: the real assistant of the example home decides; what it was given is recorded."""

    config: Config
    assistant: Assistant
    commands: list[tuple[TextCommand, str]] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    async def from_control(self, command: TextCommand, source: str = "control") -> Answer:
        self.commands.append((command, source))
        area = self.config.find_area(command.area) if command.area else None
        report = self.assistant.handle(command, Situation(1_000, NOON, area_id=area), source=source)
        self.answers.append(Answer(report=report))
        return self.answers[-1]


@pytest.fixture(scope="module")
def home() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def assistant(home: Config) -> Assistant:
    return Assistant(home)


@dataclass
class Served:
    """A service answering on a loopback port, with its fakes."""

    service: WyomingService
    transcriber: FakeTranscriber
    intake: HomeIntake
    port: int

    def client(self) -> AsyncTcpClient:
        return AsyncTcpClient("127.0.0.1", self.port)


async def serve(
    home: Config, assistant: Assistant, transcriber: FakeTranscriber, **settings: object
) -> AsyncIterator[Served]:
    """The service's connections on a port of loopback's choosing; every connection closed at the end."""
    config = dataclasses.replace(home, wyoming=dataclasses.replace(home.wyoming, **settings))
    intake = HomeIntake(config, assistant)
    service = WyomingService(
        config.wyoming, intake, model_name="tiny.en", make_transcriber=lambda: transcriber
    )
    await service.load(None)

    def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """As wyoming's server does: each connection's handler runs in a task of its own."""
        asyncio.create_task(service.connection(reader, writer).run(), name="wyoming connection")

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    try:
        yield Served(service, transcriber, intake, server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await service.close_connections()
        await server.wait_closed()


@pytest.fixture
async def served(home: Config, assistant: Assistant) -> AsyncIterator[Served]:
    async for item in serve(home, assistant, FakeTranscriber()):
        yield item


async def ask(client: AsyncTcpClient, *events: Event) -> Event:
    """Send events and read the next one that comes back."""
    for event in events:
        await client.write_event(event)
    answer = await asyncio.wait_for(client.read_event(), TIMEOUT)
    assert answer is not None, "the server closed the connection"
    return answer


async def test_describe_offers_speech_to_text_and_home_control(served: Served) -> None:
    async with served.client() as client:
        info = Info.from_event(await ask(client, Describe().event()))
    [asr] = info.asr
    assert asr.name == "assistantd" and asr.installed
    [model] = asr.models
    assert (model.name, model.languages, model.installed) == ("tiny.en", ["en"], True)
    assert model.attribution.name == "OpenAI"
    [handle] = info.handle
    assert handle.supports_home_control and handle.installed
    assert [m.languages for m in handle.models] == [["en"]]
    assert info.tts == [] and info.wake == [] and info.intent == []


async def test_without_speech_to_text_only_commands_are_offered(
    home: Config, assistant: Assistant, caplog
) -> None:
    async for served in serve(home, assistant, FakeTranscriber(fail_load=True)):
        async with served.client() as client:
            info = Info.from_event(await ask(client, Describe().event()))
            assert info.asr == [] and len(info.handle) == 1
            start = AudioStart(rate=16_000, width=2, channels=1).event()
            chunk = AudioChunk(rate=16_000, width=2, channels=1, audio=bytes(640)).event()
            error = await ask(client, start, chunk, AudioStop().event())
    assert error.type == "error" and error.data["code"] == "asr-failed"
    assert any(
        "Wyoming speech to text is off: no speech model here" in r.getMessage() for r in caplog.records
    )


def pcm(signal: np.ndarray, width: int) -> bytes:
    """Float samples (frames x channels, in [-1, 1)) as little-endian PCM of a sample width (8-bit:
    unsigned, as WAV keeps it)."""
    scaled = np.round(signal * (2 ** (8 * width - 1))).astype(np.int64)
    scaled = np.clip(scaled, -(2 ** (8 * width - 1)), 2 ** (8 * width - 1) - 1)
    if width == 1:
        return (scaled + 128).astype(np.uint8).tobytes()
    raw = scaled.astype("<i4").reshape(-1, 1).view(np.uint8).reshape(-1, 4)
    return raw[:, :width].tobytes()


@pytest.mark.parametrize(("rate", "width", "channels"), [(48_000, 2, 2), (22_050, 1, 1), (44_100, 3, 2)])
async def test_audio_in_any_format_reaches_speech_to_text_as_16_khz_mono(
    served: Served, rate: int, width: int, channels: int
) -> None:
    seconds, frequency, level = 1.0, 440.0, 0.25
    t = np.arange(int(rate * seconds)) / rate
    tone = level * np.sin(2 * np.pi * frequency * t)
    frames = np.stack([tone] + [np.zeros_like(tone)] * (channels - 1), axis=1)  # the tone on the left only
    audio = pcm(frames, width)
    step = 1024 * width * channels
    chunks = [AudioChunk(rate=rate, width=width, channels=channels, audio=audio[i : i + step]).event()
              for i in range(0, len(audio), step)]  # fmt: skip
    async with served.client() as client:
        start = AudioStart(rate=rate, width=width, channels=channels).event()
        answer = await ask(client, Transcribe(language="en").event(), start, *chunks, AudioStop().event())
    assert Transcript.from_event(answer).text == "turn on the floor lamp"
    [samples] = served.transcriber.heard
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) - 16_000 * seconds) <= 16  # resampling may round at the ends
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * 16_000 / len(samples) == pytest.approx(frequency, abs=2)
    assert np.max(np.abs(samples)) == pytest.approx(level, abs=0.02)


async def test_a_transcript_is_run_as_a_command_and_handled(served: Served) -> None:
    context = {"conversation_id": "01J0CONV", "device_id": "kitchen-satellite"}
    async with served.client() as client:
        answer = await ask(client, Transcript(text="turn on the floor lamp", context=context).event())
    [said] = served.intake.answers
    assert said.report is not None and said.report.decision.outcome.value == "executed"
    assert answer.type == "handled"
    assert answer.data["text"] == said.report.decision.response != ""
    assert answer.data["context"] == context
    [(command, source)] = served.intake.commands
    assert (command.text, command.area, source) == ("turn on the floor lamp", None, SOURCE)


async def test_what_does_nothing_is_not_handled(served: Served) -> None:
    async with served.client() as client:
        answer = await ask(client, Transcript(text="what is the airspeed of a swallow").event())
        empty = await ask(client, Transcript(text="  ").event())
    [said] = served.intake.answers
    assert said.report is not None and said.report.decision.outcome.value == "ignored"
    assert answer.type == "not-handled" and answer.data["text"] == said.report.decision.response != ""
    assert empty.type == "not-handled"
    assert len(served.intake.commands) == 1  # blank text is not run


async def test_the_area_comes_from_the_context_else_the_setting(home: Config, assistant: Assistant) -> None:
    async for served in serve(home, assistant, FakeTranscriber(), area="kitchen"):
        async with served.client() as client:
            await ask(client, Transcript(text="turn on the light", context={"area": "bedroom"}).event())
            await ask(client, Transcript(text="turn on the light").event())
        assert [command.area for command, _ in served.intake.commands] == ["bedroom", "kitchen"]


async def test_audio_longer_than_the_bound_is_dropped(served: Served, caplog) -> None:
    served.service.max_utterance_seconds = 1.0
    second = AudioChunk(rate=16_000, width=2, channels=1, audio=bytes(32_000)).event()
    async with served.client() as client:
        start = AudioStart(rate=16_000, width=2, channels=1).event()
        error = await ask(client, start, second, second, second, AudioStop().event())
        after = await ask(client, Describe().event())  # nothing else came for the dropped audio
    assert error.type == "error" and error.data["code"] == "too-long"
    assert after.type == "info"
    assert served.transcriber.heard == []
    assert sum("more than 1 s of audio" in r.getMessage() for r in caplog.records) == 1


BAD_EVENTS = [
    pytest.param(
        AudioChunk(rate=16_000, width=2, channels=1, audio=bytes(64)).event(), id="chunk-before-start"
    ),
    pytest.param(AudioStop().event(), id="stop-before-start"),
    pytest.param(Event("audio-start", {"width": 2, "channels": 1}), id="start-without-rate"),
    pytest.param(Event("audio-start", {"rate": "16000", "width": 2, "channels": 1}), id="rate-as-text"),
    pytest.param(Event("audio-start", {"rate": 16_000, "width": 2, "channels": 6}), id="six-channels"),
    pytest.param(Event("audio-start", {"rate": 0, "width": 2, "channels": 1}), id="rate-zero"),
    pytest.param(Event("transcript", {"text": 7}), id="transcript-text-a-number"),
    pytest.param(Event("transcript", {}), id="transcript-without-text"),
    pytest.param(Event("transcript", {"text": "hi", "context": [1]}), id="context-a-list"),
    pytest.param(Event("transcript", {"text": "turn on \x1b[2J the lamp"}), id="transcript-control-characters"),
    pytest.param(Event("transcript", {"text": "lamp " * 1000}), id="transcript-over-4-kib"),
]


@pytest.mark.parametrize("bad", BAD_EVENTS)
async def test_a_malformed_event_is_answered_with_an_error_and_ignored(
    served: Served, bad: Event, caplog
) -> None:
    async with served.client() as client:
        error = await ask(client, bad)
        again = await ask(client, bad)
        info = await ask(client, Describe().event())
    assert error.type == again.type == "error" and error.data["code"] == "bad-event"
    assert info.type == "info"
    assert served.intake.commands == [] and served.transcriber.heard == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name.startswith("assistantd")]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # once per connection and kind


async def test_a_chunk_with_a_broken_frame_is_refused(served: Served) -> None:
    async with served.client() as client:
        start = AudioStart(rate=16_000, width=2, channels=2).event()
        await client.write_event(start)
        error = await ask(client, AudioChunk(rate=16_000, width=2, channels=2, audio=bytes(6)).event())
    assert error.type == "error" and "frames" in error.data["text"]


async def test_an_unknown_event_type_is_ignored(served: Served, caplog) -> None:
    async with served.client() as client:
        info = await ask(
            client, Event("synthesize", {"text": "hello"}), Event("run-satellite"), Describe().event()
        )
    assert info.type == "info"
    assert sum("is not served" in r.getMessage() for r in caplog.records) == 2


GARBAGE = [
    pytest.param(b"this is no json\n", id="not-json"),
    pytest.param(b"[1, 2, 3]\n", id="json-list"),
    pytest.param(b'{"data": {}}\n', id="no-type"),
    pytest.param(b'{"type": "describe", "data": [1]}\n', id="data-a-list"),
    pytest.param(b'{"type": "transcript", "data_length": 1099511627776}\n', id="huge-data-length"),
    pytest.param(b'{"type": "audio-chunk", "payload_length": 4294967296}\n', id="huge-payload-length"),
    pytest.param(b'{"type": "audio-chunk", "payload_length": -5}\n', id="negative-length"),
    pytest.param(b'{"type": "audio-chunk", "payload_length": true}\n', id="boolean-length"),
    pytest.param(b'{"type": "transcript", "data_length": 5}\n{"te', id="truncated-data"),
    pytest.param(b'{"type": "transcript", "data_length": 4}\n[12]', id="data-not-an-object"),
    pytest.param(b'{"type": "audio-chunk", "payload_length": 100}\n' + bytes(10), id="truncated-payload"),
    pytest.param(b'{"type": "describe"', id="truncated-header"),
    pytest.param(b"x" * 70_000 + b"\n", id="overlong-header"),
    pytest.param(b'{"type": "transcript", "data_length": 3}\n\xff\xfe\xfd', id="undecodable-data"),
]


@pytest.mark.parametrize("garbage", GARBAGE)
async def test_garbage_closes_that_connection_and_others_are_served(
    served: Served, garbage: bytes, caplog
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", served.port)
    writer.write(garbage)
    await writer.drain()
    writer.write_eof()
    assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""  # closed without an answer
    writer.close()
    await writer.wait_closed()
    async with served.client() as client:
        assert (await ask(client, Describe().event())).type == "info"
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("sent no readable event, closing its connection" in m for m in messages) == 1, messages


async def test_a_huge_declared_length_is_refused_before_any_of_it_is_read() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(json.dumps({"type": "transcript", "data_length": MAX_DATA_BYTES + 1}).encode() + b"\n")
    # no data and no end of stream follow: a reader that waited for the data would never return
    with pytest.raises(MalformedEvent, match="over the limit"):
        await asyncio.wait_for(read_event(reader), TIMEOUT)


async def test_an_event_split_across_reads_is_read_whole() -> None:
    reader = asyncio.StreamReader()
    event = Transcript(text="turn on the lamp", context={"conversation_id": "x"}).event()
    data = json.dumps(event.data).encode()
    header = json.dumps({"type": event.type, "data_length": len(data), "payload_length": 3}).encode() + b"\n"
    wire = header + data + b"abc"
    for byte in wire:
        reader.feed_data(bytes([byte]))
    reader.feed_eof()
    read = await read_event(reader)
    assert read is not None and (read.type, read.data, read.payload) == (event.type, event.data, b"abc")
    assert await read_event(reader) is None


async def test_serve_answers_on_its_port_and_a_taken_port_is_reported(
    home: Config, assistant: Assistant, caplog
) -> None:
    port = free_port()
    config = dataclasses.replace(
        home, wyoming=dataclasses.replace(home.wyoming, uri=f"tcp://127.0.0.1:{port}")
    )
    service = wyoming_service(config, HomeIntake(config, assistant))
    await service.load(FakeTranscriber())
    task = asyncio.create_task(service.serve(), name="wyoming")
    await asyncio.wait_for(service.listening.wait(), TIMEOUT)
    client = AsyncTcpClient("127.0.0.1", port)
    await client.connect()
    try:
        info = Info.from_event(await ask(client, Describe().event()))
        assert [model.name for model in info.asr[0].models] == ["tiny.en"]  # the example's speech.model
        second = wyoming_service(config, HomeIntake(config, assistant))
        await asyncio.wait_for(second.serve(), TIMEOUT)  # returns: the port is taken
        assert any(f"Wyoming is off: cannot listen on tcp://127.0.0.1:{port}" in r.getMessage()
                   for r in caplog.records if r.levelno == logging.ERROR)  # fmt: skip
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert await asyncio.wait_for(client.read_event(), TIMEOUT) is None  # the connection was closed
    finally:
        await client.disconnect()


@pytest.mark.parametrize("installed", [True, False])
async def test_zeroconf_announces_the_port_or_says_why_not(
    home: Config, assistant: Assistant, caplog, monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    import importlib.util
    import sys
    import types

    announced: list[tuple[int, str | None]] = []

    class Announcer:  # wyoming.zeroconf's HomeAssistantZeroconf, at its seam
        def __init__(self, port: int, host: str | None = None) -> None:
            self.port, self.host = port, host

        async def register_server(self) -> None:
            announced.append((self.port, self.host))

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: (find_spec("json") if installed else None) if name == "zeroconf"
                        else find_spec(name, *a))  # fmt: skip
    monkeypatch.setitem(sys.modules, "wyoming.zeroconf", types.SimpleNamespace(HomeAssistantZeroconf=Announcer))
    port = free_port()
    settings = dataclasses.replace(home.wyoming, uri=f"tcp://0.0.0.0:{port}", zeroconf=True)
    config = dataclasses.replace(home, wyoming=settings)
    service = wyoming_service(config, HomeIntake(config, assistant))
    await service.load(FakeTranscriber())
    caplog.set_level(logging.INFO)
    task = asyncio.create_task(service.serve(), name="wyoming")
    await asyncio.wait_for(service.listening.wait(), TIMEOUT)
    for _ in range(int(TIMEOUT * 100)):  # until the announcement (or why not) is logged
        if "announced over mDNS" in caplog.text:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    if installed:
        assert announced == [(port, None)], "all addresses: announced without a host"
        assert f"Wyoming announced over mDNS (_wyoming._tcp) on port {port}" in caplog.text
    else:
        assert announced == []
        assert "Wyoming is not announced over mDNS: that needs the zeroconf package" in caplog.text
