"""MQTT 5 requests answered by the home's recognizers: the topics of one kind of request (speech to text,
the intent model), and the server loop that answers them in batches on a shared subscription (what a request
holds and how it is answered are recognition.py's and understanding.py's). No audio or model code here."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from assistantd.config.settings import Config
from assistantd.errors import BrokerError
from assistantd.mqtt.client import Correlated, MqttClient, Outgoing

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RecognitionTopics:
    """The request topic of one kind of request (speech to text: "recognize"; the intent model: "understand"),
    what servers subscribe to, and where one site's answers come back."""

    request: str
    shared: str
    base: str
    kind: str = "recognize"

    @classmethod
    def for_config(cls, config: Config, kind: str = "recognize") -> RecognitionTopics:
        base = config.mqtt.base_topic
        request = f"{base}/{kind}/request"
        return cls(
            request=request, shared=f"$share/{config.recognition.group}/{request}", base=base, kind=kind
        )

    def reply(self, site_id: str) -> str:
        """Where answers to a site's requests come."""
        return f"{self.base}/{site_id}/{self.kind}/reply"


MAX_BATCH = 8
"""At most this many requests that arrived together are transcribed in one batch."""


class RequestServer:
    """Answers one kind of request on its shared subscription, one batch at a time: the requests that arrived
    together (up to MAX_BATCH) in one batch."""

    def __init__(self, client: MqttClient, topics: RecognitionTopics) -> None:
        self._client = client
        self.topics = topics
        self._queue: asyncio.Queue[Correlated] = asyncio.Queue()
        self.answered = 0
        self.batches = 0
        """Runs of the model (a batch holds the requests that arrived together)."""

    @property
    def subscription(self) -> str:
        """The shared subscription to add to the client's."""
        return self.topics.shared

    def handles(self, message: Correlated) -> bool:
        """Whether a correlated message is a request for this server."""
        return message.topic == self.topics.request and message.response_topic is not None

    def on_request(self, message: Correlated) -> None:
        """Queue a request (on the loop); anything else with correlation data is dropped."""
        if self.handles(message):
            self._queue.put_nowait(message)
        else:
            _LOGGER.debug("Dropped a correlated message on %s", message.topic)

    async def run(self) -> None:
        """Answer requests until cancelled: those that arrived together (up to MAX_BATCH) in one batch."""
        while True:
            batch = [await self._queue.get()]
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            self.batches += 1
            for message, answer in zip(batch, await self._answers(batch), strict=True):
                assert message.response_topic is not None  # noqa: S101 - handles() let only requests in
                try:
                    outgoing = Outgoing(correlation=message.correlation)
                    await self._client.publish(message.response_topic, answer, qos=1, outgoing=outgoing)
                    self.answered += 1
                except BrokerError as err:  # the asker asks again after its deadline
                    _LOGGER.warning("Answer not sent to %s: %s", message.response_topic, err)

    async def _answers(self, batch: list[Correlated]) -> list[bytes]:
        """The answer to each request of a batch."""
        raise NotImplementedError
