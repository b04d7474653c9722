"""Speech to text over MQTT 5 against a real Mosquitto: a satellite's RemoteTranscriber and the recognizers'
RecognitionServers in one shared-subscription group (the transcribers are fakes at their Protocol seam;
the end-to-end test with Whisper is test_e2e_satellite.py)."""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import AsyncIterator, Callable

import numpy as np
import pytest

from assistantd.daemon.recognition import (
    MAX_REASKS,
    RecognitionServer,
    RecognitionTopics,
    RemoteTranscriber,
    decode_audio,
    encode_audio,
    parse_transcript,
    transcript_json,
)
from assistantd.errors import SpeechError
from assistantd.events import Word
from assistantd.mqtt.client import MqttClient
from assistantd.speech.transcriber import Transcript
from tests.support.broker import Mosquitto, Subscriber
from tests.support.serving import client_on, connect, serve, stop

TOPICS = RecognitionTopics(
    request="assistantd/recognize/request",
    shared="$share/assistantd/assistantd/recognize/request",
    base="assistantd",
)
TIMEOUT = 30.0


class NamedTranscriber:
    """Answers with its name and the number of samples it was given; can be made to hang."""

    def __init__(self, name: str, *, hang: bool = False) -> None:
        self.name = name
        self.heard: list[int] = []
        self.called = threading.Event()
        self._release = threading.Event()
        if not hang:
            self._release.set()

    def load(self) -> None:
        pass

    def transcribe(self, samples: np.ndarray) -> Transcript:
        self.heard.append(len(samples))
        self.called.set()
        self._release.wait()
        if len(samples) == 0:
            raise SpeechError("no audio")
        return Transcript(f"{self.name} {len(samples)}", -0.2, 0.01, 1.1, (Word("hi", 0, 100, 0.9),), 12.5)

    def release(self) -> None:
        self._release.set()


@pytest.fixture
async def clients(mosquitto: Mosquitto) -> AsyncIterator[Callable[[str], MqttClient]]:
    made: list[MqttClient] = []
    routes: dict[str, Callable[[object], None]] = {}

    def make(client_id: str, on_correlated: Callable[[object], None] | None = None) -> MqttClient:
        made.append(client_on(mosquitto.port, client_id, lambda message: routes[client_id](message)))
        return made[-1]

    make.routes = routes  # type: ignore[attr-defined]
    yield make
    for client in made:
        await client.stop()


async def start_server(clients, name: str, transcriber: NamedTranscriber) -> RecognitionServer:
    client = clients(f"worker-{name}")
    server = RecognitionServer(client, TOPICS, lambda: transcriber)
    clients.routes[f"worker-{name}"] = server.on_request
    assert await server.load()
    await serve(server, client)
    return server


async def satellite(clients, *, deadline: float = TIMEOUT, attempts: int = 1) -> RemoteTranscriber:
    client = clients("satellite-kitchen")
    remote = RemoteTranscriber(
        client, asyncio.get_running_loop(), TOPICS, "kitchen", deadline_seconds=deadline, attempts=attempts
    )
    clients.routes["satellite-kitchen"] = remote.on_reply
    await connect(client, [remote.reply_topic])
    return remote


def test_audio_and_transcripts_survive_the_wire() -> None:
    samples = np.sin(np.linspace(0, 60, 16_000)).astype(np.float32) * 0.5
    back = decode_audio(encode_audio(samples))
    assert back.dtype == np.float32 and len(back) == len(samples)
    assert np.max(np.abs(back - samples)) < 1e-4
    transcript = Transcript("turn on the lamp", -math.inf, 0.3, 1.4, (Word("turn", 10, 200, 0.8),), 321.0)
    assert parse_transcript(transcript_json(transcript)) == transcript
    with pytest.raises(SpeechError, match="not 16-bit PCM"):
        decode_audio(b"\x00\x01\x02")
    with pytest.raises(SpeechError, match="malformed transcript"):
        parse_transcript(b'{"text": "x"}')
    with pytest.raises(SpeechError, match="the recognizer failed: no audio"):
        parse_transcript(b'{"error": "no audio"}')


async def test_a_satellite_is_answered_by_a_recognizer(clients) -> None:
    fake = NamedTranscriber("alpha")
    server = await start_server(clients, "alpha", fake)
    remote = await satellite(clients)
    try:
        transcript = await asyncio.to_thread(remote.transcribe, np.zeros(8_000, dtype=np.float32))
        assert (transcript.text, transcript.words, transcript.transcribe_ms) == (
            "alpha 8000",
            (Word("hi", 0, 100, 0.9),),
            12.5,
        )
        with pytest.raises(SpeechError, match="the recognizer failed: no audio"):
            await asyncio.to_thread(remote.transcribe, np.zeros(0, dtype=np.float32))
        assert await answered(server, 2) == 2 and remote.asked_again == 0
    finally:
        await stop(server)


async def test_two_recognizers_share_the_requests_each_answered_once(clients) -> None:
    alpha, beta = NamedTranscriber("alpha"), NamedTranscriber("beta")
    servers = [await start_server(clients, "alpha", alpha), await start_server(clients, "beta", beta)]
    remote = await satellite(clients)
    try:
        texts = [
            await asyncio.to_thread(remote.transcribe, np.zeros(1_000 + i, dtype=np.float32))
            for i in range(8)
        ]
        assert [t.text.split()[1] for t in texts] == [str(1_000 + i) for i in range(8)]
        assert len(alpha.heard) + len(beta.heard) == 8  # each request went to one of them
        assert alpha.heard and beta.heard  # and both took some
    finally:
        for server in servers:
            await stop(server)


async def test_a_request_whose_recognizer_died_is_asked_again_and_answered_by_another(clients) -> None:
    hung = NamedTranscriber("hung", hang=True)
    dead = await start_server(clients, "hung", hung)
    remote = await satellite(clients, deadline=1.5, attempts=3)
    asked = asyncio.ensure_future(asyncio.to_thread(remote.transcribe, np.zeros(4_000, dtype=np.float32)))
    assert await asyncio.to_thread(hung.called.wait, TIMEOUT)  # the first recognizer took it...
    await stop(dead)
    await dead._client.stop()  # ...and died with it
    alive = await start_server(clients, "beta", NamedTranscriber("beta"))
    try:
        transcript = await asyncio.wait_for(asked, TIMEOUT)
        assert transcript.text == "beta 4000"
        assert remote.asked_again >= 1
    finally:
        hung.release()
        await stop(alive)


async def test_a_request_lost_with_the_broker_is_asked_again_as_soon_as_it_is_back(
    clients, mosquitto: Mosquitto
) -> None:
    """The request goes while no recognizer is there (the broker drops it), then a recognizer comes and the
    broker restarts: the satellite asks again once connected, not after its deadline (with one attempt of
    30 s, waiting it out would end in a SpeechError)."""
    watched = Subscriber(mosquitto, [TOPICS.request]).start()
    remote = await satellite(clients, deadline=TIMEOUT, attempts=1)
    asked = asyncio.ensure_future(asyncio.to_thread(remote.transcribe, np.zeros(4_000, dtype=np.float32)))
    try:
        await asyncio.to_thread(watched.wait_for, 1, TIMEOUT)  # sent, and taken by no one
        server = await start_server(clients, "alpha", NamedTranscriber("alpha"))
        await asyncio.to_thread(mosquitto.restart)
        transcript = await asyncio.wait_for(asked, TIMEOUT)
        assert transcript.text == "alpha 4000" and 1 <= remote.asked_again <= MAX_REASKS
        await stop(server)
    finally:
        watched.stop()


async def test_a_request_asked_again_before_any_recognizer_is_back_is_asked_until_one_answers(
    clients, mosquitto: Mosquitto
) -> None:
    """The broker restarts while a request waits and no recognizer is there: the request asked again at once
    is lost too; it is asked again, less and less often, until the recognizer that came meanwhile answers."""
    watched = Subscriber(mosquitto, [TOPICS.request]).start()
    remote = await satellite(clients, deadline=TIMEOUT, attempts=1)
    asked = asyncio.ensure_future(asyncio.to_thread(remote.transcribe, np.zeros(4_000, dtype=np.float32)))
    try:
        await asyncio.to_thread(watched.wait_for, 1, TIMEOUT)  # sent, and taken by no one
        await asyncio.to_thread(mosquitto.restart)
        deadline = asyncio.get_running_loop().time() + TIMEOUT
        while remote.asked_again < 1:  # asked again once connected, with no one there to take it
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.01)
        server = await start_server(clients, "alpha", NamedTranscriber("alpha"))
        transcript = await asyncio.wait_for(asked, TIMEOUT)
        assert transcript.text == "alpha 4000" and 2 <= remote.asked_again <= MAX_REASKS
        await stop(server)
    finally:
        watched.stop()


async def test_no_recognizer_at_all_is_a_speech_error_after_the_attempts(clients) -> None:
    remote = await satellite(clients, deadline=0.5, attempts=2)
    with pytest.raises(SpeechError, match="no transcript from the recognizers after 2 requests"):
        await asyncio.to_thread(remote.transcribe, np.zeros(1_000, dtype=np.float32))
    assert remote.asked_again == 1


class BatchTranscriber(NamedTranscriber):
    """Also decodes batches, as WhisperTranscriber does, recording their sizes; a batch with an empty clip
    fails as a whole."""

    def __init__(self, name: str) -> None:
        super().__init__(name, hang=True)
        self.batches: list[int] = []

    def transcribe_batch(self, clips: list[np.ndarray]) -> list[Transcript]:
        self.batches.append(len(clips))
        if any(len(clip) == 0 for clip in clips):
            raise SpeechError("no audio in the batch")
        return [Transcript(f"{self.name} batch {len(clip)}", -0.2, 0.01, 1.1) for clip in clips]

    def hold(self) -> None:
        self.called.clear()
        self._release.clear()


async def answered(server: RecognitionServer, expected: int) -> int:
    """The server's count of answers sent once it reaches `expected` (or TIMEOUT passes): an asker can read
    its answer before the server's QoS 1 publish of it has returned (the PUBACK comes after the delivery)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while server.answered < expected and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # and any answer too many would have been counted by now
    return server.answered


async def behind_a_busy_one(remote: RemoteTranscriber, server: RecognitionServer, busy: BatchTranscriber,
                            sizes: tuple[int, ...]) -> list[str]:  # fmt: skip
    """The texts of requests sent while the recognizer is busy with another (of 500 samples)."""
    busy.hold()
    first = asyncio.ensure_future(asyncio.to_thread(remote.transcribe, np.zeros(500, dtype=np.float32)))
    assert await asyncio.to_thread(busy.called.wait, TIMEOUT)
    waiting = [
        asyncio.ensure_future(asyncio.to_thread(remote.transcribe, np.zeros(size, dtype=np.float32)))
        for size in sizes
    ]
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while server._queue.qsize() < len(sizes):  # all of them wait behind the first
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.01)
    busy.release()
    assert (await asyncio.wait_for(first, TIMEOUT)).text == "gpu 500"
    results = await asyncio.gather(*waiting, return_exceptions=True)
    return [getattr(result, "text", str(result)) for result in results]


async def test_requests_that_arrive_together_are_transcribed_in_one_batch(clients) -> None:
    """While the recognizer is busy with one request, more arrive: they are transcribed in one batch, each
    answered with its own transcript; when one of them has no audio, the batch fails and each is transcribed
    alone, so that only that one fails."""
    busy = BatchTranscriber("gpu")
    server = await start_server(clients, "gpu", busy)
    remote = await satellite(clients)
    try:
        texts = await behind_a_busy_one(remote, server, busy, (1_001, 1_002, 1_003))
        assert texts == ["gpu batch 1001", "gpu batch 1002", "gpu batch 1003"]
        assert busy.batches == [3] and (server.batches, await answered(server, 4)) == (2, 4)
        texts = await behind_a_busy_one(remote, server, busy, (2_001, 0, 2_003))
        assert texts == ["gpu 2001", "the recognizer failed: no audio", "gpu 2003"]
        assert busy.batches == [3, 3] and (server.batches, await answered(server, 8)) == (4, 8)
    finally:
        await stop(server)
