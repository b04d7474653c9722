"""Speech to text over MQTT 5: satellites ask, the coordinator and `assistantd worker`s answer.

A request is one utterance's audio (signed 16-bit little-endian PCM, 16 kHz mono) published at QoS 1 on
``<base>/recognize/request`` with a Response Topic (the asking site's ``<base>/<site>/recognize/reply``),
Correlation Data (the request's id) and a Message Expiry Interval (the deadline: a request no one took in
time is dropped by the broker). Every process that answers subscribes
``$share/<group>/<base>/recognize/request``, so the broker hands each request to one of them. The answer
is the transcript as JSON on the response topic with the same correlation data. A request not answered
within the deadline (its worker died, the broker restarted) is asked again under a new id; a late answer
to the first is ignored. Transcribing twice does no harm: only the coordinator acts, once per command id.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import math
import time
import uuid
from collections.abc import Callable

import numpy as np

from assistantd.daemon.requests import RecognitionTopics, RequestServer
from assistantd.errors import AssistantdError, BrokerError, SpeechError
from assistantd.events import Word
from assistantd.mqtt.client import Correlated, MqttClient, Outgoing
from assistantd.speech.transcriber import Transcriber, Transcript, transcribe_all

_LOGGER = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
CONTENT_TYPE = "audio/L16;rate=16000;channels=1"
MAX_REQUEST_SECONDS = 30.0
"""Longest audio a request may carry (Whisper reads 30 s at most)."""


def encode_audio(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as 16-bit little-endian PCM."""
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
    return (clipped * 32767.0).astype("<i2").tobytes()


def decode_audio(payload: bytes) -> np.ndarray:
    """16-bit little-endian PCM as float32 samples; SpeechError for what cannot be one."""
    if len(payload) % 2:
        raise SpeechError(f"audio of {len(payload)} bytes is not 16-bit PCM")
    if len(payload) > MAX_REQUEST_SECONDS * SAMPLE_RATE * 2:
        raise SpeechError(
            f"audio of {len(payload) / (SAMPLE_RATE * 2):.1f} s is over {MAX_REQUEST_SECONDS:.0f} s"
        )
    return np.frombuffer(payload, dtype="<i2").astype(np.float32) / 32768.0


def transcript_json(transcript: Transcript) -> bytes:
    """The answer to a request."""
    document = {
        "text": transcript.text,
        "avg_logprob": transcript.avg_logprob if math.isfinite(transcript.avg_logprob) else None,
        "no_speech_prob": transcript.no_speech_prob,
        "compression_ratio": transcript.compression_ratio,
        "words": [[w.text, w.start_ms, w.end_ms, w.probability] for w in transcript.words],
        "transcribe_ms": transcript.transcribe_ms,
    }
    return json.dumps(document).encode()


def parse_transcript(payload: bytes) -> Transcript:
    """An answer as a Transcript; SpeechError for an error answer or a malformed one."""
    try:
        document = json.loads(payload)
        if "error" in document:
            raise SpeechError(f"the recognizer failed: {document['error']}")
        logprob = document["avg_logprob"]
        words = tuple(Word(str(t), int(s), int(e), float(p)) for t, s, e, p in document.get("words", ()))
        return Transcript(
            text=str(document["text"]),
            avg_logprob=-math.inf if logprob is None else float(logprob),
            no_speech_prob=float(document["no_speech_prob"]),
            compression_ratio=float(document["compression_ratio"]),
            words=words,
            transcribe_ms=float(document.get("transcribe_ms", 0.0)),
        )
    except (ValueError, KeyError, TypeError) as err:
        raise SpeechError(f"malformed transcript from the recognizer: {err}") from err


class RecognitionServer(RequestServer):
    """Answers recognition requests with a local transcriber, in a worker thread."""

    def __init__(
        self, client: MqttClient, topics: RecognitionTopics, make_transcriber: Callable[[], Transcriber]
    ) -> None:
        super().__init__(client, topics)
        self._make_transcriber = make_transcriber
        self._transcriber: Transcriber | None = None

    async def load(self, transcriber: Transcriber | None = None) -> bool:
        """Take a loaded transcriber (the speech pipeline's), or make and load one in a thread; False (one
        error line) when none can load."""
        if transcriber is None:
            try:
                transcriber = self._make_transcriber()
                await asyncio.to_thread(transcriber.load)
            except (AssistantdError, ImportError) as err:
                _LOGGER.error("Speech to text for satellites is off: %s", err)
                return False
        self._transcriber = transcriber
        _LOGGER.info("Transcribing for the satellites: %s", self.subscription)
        return True

    async def run(self) -> None:
        """Answer requests until cancelled (after a successful load())."""
        if self._transcriber is None:
            raise RuntimeError("RecognitionServer.run() before a successful load()")
        await super().run()

    async def _answers(self, batch: list[Correlated]) -> list[bytes]:
        """Each request's transcript, or why there is none (one request's fault is its own)."""
        transcriber = self._transcriber
        assert transcriber is not None  # noqa: S101 - run() starts only after load()
        answers: list[bytes] = [b""] * len(batch)
        clips: dict[int, np.ndarray] = {}
        for index, message in enumerate(batch):
            try:
                clips[index] = decode_audio(message.payload)
            except SpeechError as err:
                _LOGGER.warning("Recognition request not transcribed: %s", err)
                answers[index] = json.dumps({"error": str(err)}).encode()
        done = await asyncio.to_thread(_transcribed, transcriber, list(clips.values()))
        for index, answer in zip(clips, done, strict=True):
            answers[index] = answer
        if len(clips) > 1:
            _LOGGER.debug("%d recognition requests transcribed in one batch", len(clips))
        return answers


def _transcribed(transcriber: Transcriber, clips: list[np.ndarray]) -> list[bytes]:
    """The answers to clips transcribed together; when the batch fails, each is tried alone, so that one
    clip's fault is its own."""
    try:
        return [transcript_json(transcript) for transcript in transcribe_all(transcriber, clips)]
    except SpeechError as err:
        if len(clips) > 1:
            return [answer for clip in clips for answer in _transcribed(transcriber, [clip])]
        _LOGGER.warning("Recognition request not transcribed: %s", err)
        return [json.dumps({"error": str(err)}).encode()]
    except Exception as err:  # one request's fault must not end the serving
        _LOGGER.exception("Recognition request failed unexpectedly")
        return [json.dumps({"error": f"{type(err).__name__}: {err}"}).encode()] * len(clips)


RECHECK_SECONDS = 0.25
"""How often a request waiting for its transcript looks whether the broker was connected again."""
MAX_REASKS = 10
"""At most this many requests asked again because the broker was connected again (a flapping broker)."""
SETTLE_SECONDS = 1.0
"""A request asked again after the broker was connected again is asked once more when unanswered this long
(then twice as long, and so on): a recognizer may not have subscribed again yet when it went. The first
answer to any of its requests is taken."""


class _Reconnected(Exception):
    """The broker was connected again since the request went."""


class RemoteTranscriber:
    """A Transcriber that asks the home's recognizers over MQTT (called in a worker thread, as any
    Transcriber is; the client lives on the event loop)."""

    def __init__(
        self,
        client: MqttClient,
        loop: asyncio.AbstractEventLoop,
        topics: RecognitionTopics,
        site_id: str,
        *,
        deadline_seconds: float,
        attempts: int,
    ) -> None:
        self._client = client
        self._loop = loop
        self._topics = topics
        self.reply_topic = topics.reply(site_id)
        self._site_id = site_id
        self._deadline = deadline_seconds
        self._attempts = attempts
        self._waiting: dict[bytes, concurrent.futures.Future[Transcript]] = {}
        self.asked_again = 0

    def load(self) -> None:
        """Nothing to load: the model is the recognizers'."""

    def on_reply(self, message: Correlated) -> None:
        """An answer (on the loop): completes the request it belongs to; a late one is dropped."""
        waiting = self._waiting.get(message.correlation)
        if waiting is None or waiting.done():
            _LOGGER.debug("A late or unknown transcript on %s was dropped", message.topic)
            return
        try:
            waiting.set_result(parse_transcript(message.payload))
        except SpeechError as err:
            waiting.set_exception(err)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Ask until answered (at most `attempts` times, each within the deadline); SpeechError otherwise. A
        request sent before the broker connection was made again is asked again at once, without waiting for
        its deadline (the broker, or the recognizer that took it, may have lost it), and again after
        SETTLE_SECONDS, doubling, while unanswered: not counted as attempts, up to MAX_REASKS times."""
        payload = encode_audio(samples)
        answer: concurrent.futures.Future[Transcript] = concurrent.futures.Future()
        asked: list[bytes] = []
        attempt = reasks = 0
        try:
            while attempt < self._attempts:
                if attempt or reasks:
                    self.asked_again += 1
                correlation = uuid.uuid4().hex.encode()
                self._waiting[correlation] = answer  # an answer to any of this call's requests is taken
                asked.append(correlation)
                try:
                    self._run(self._ask(payload, correlation), self._deadline)
                    settle = SETTLE_SECONDS * 2 ** (reasks - 1) if reasks else None
                    return self._answer(answer, self._client.connections, reasks < MAX_REASKS, settle)
                except _Reconnected:
                    reasks += 1
                    _LOGGER.warning("The broker was connected again since the request went: asking again")
                except (TimeoutError, concurrent.futures.TimeoutError, BrokerError):
                    attempt += 1
                    if attempt < self._attempts:
                        _LOGGER.warning("No transcript within %.1f s: asking again", self._deadline)
            raise SpeechError(f"no transcript from the recognizers after {self._attempts} requests")
        finally:
            for correlation in asked:
                self._waiting.pop(correlation, None)

    def _answer(
        self, answer: concurrent.futures.Future[Transcript], asked_on: int, watch: bool, settle: float | None
    ) -> Transcript:
        """The answer within the deadline; _Reconnected as soon as the broker was connected again since the
        request was published on connection `asked_on`, or (a request asked again after a reconnection) once
        `settle` seconds pass unanswered (when watch)."""
        start = time.monotonic()
        deadline = start + self._deadline
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            try:
                return answer.result(timeout=min(left, RECHECK_SECONDS))
            except concurrent.futures.TimeoutError:
                unsettled = settle is not None and time.monotonic() - start >= settle
                if watch and (self._client.connections != asked_on or unsettled):
                    raise _Reconnected from None

    async def _ask(self, payload: bytes, correlation: bytes) -> None:
        """Publish one request once the broker is there (an outage within the deadline is waited out)."""
        if not await self._client.wait_connected(self._deadline):
            raise BrokerError("the broker is not connected")
        outgoing = Outgoing(
            user_properties=(("site", self._site_id), ("content-type", CONTENT_TYPE)),
            response_topic=self.reply_topic,
            correlation=correlation,
            expiry_seconds=max(1, math.ceil(self._deadline)),
        )
        await self._client.publish(self._topics.request, payload, qos=1, outgoing=outgoing)

    def _run(self, coroutine: object, timeout: float) -> None:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)  # type: ignore[arg-type]
        try:
            future.result(timeout=timeout * 2)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise
