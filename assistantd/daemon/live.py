"""Vision events published as telemetry: at QoS 0, the newest first to survive a backlog, none while the
broker is away (they are not commands)."""

from __future__ import annotations

import asyncio
import logging

from assistantd.daemon.presence import LivePublisher
from assistantd.errors import BrokerError

_LOGGER = logging.getLogger(__name__)

LIVE_QUEUE_SIZE = 64
"""Vision events waiting to be published."""


class LiveEvents:
    """A bounded queue of (topic, payload) published by run(); a full queue drops its oldest."""

    def __init__(self, client: LivePublisher) -> None:
        self._client = client
        self._queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue(LIVE_QUEUE_SIZE)
        self._warned_full = False

    def put(self, topic: str, payload: str) -> None:
        """Queue a message (the oldest waiting one goes when the queue is full)."""
        if self._queue.full():
            self._queue.get_nowait()
            if not self._warned_full:
                _LOGGER.warning("vision events are published slower than they come: dropping the oldest")
                self._warned_full = True
        self._queue.put_nowait((topic, payload))

    async def run(self) -> None:
        """Publish at QoS 0 while connected; drop what comes while not."""
        while True:
            topic, payload = await self._queue.get()
            if self._queue.empty():
                self._warned_full = False  # caught up: warn again on the next overflow
            if not self._client.connected:
                continue
            try:
                await self._client.publish(topic, payload, qos=0)
            except BrokerError as err:
                _LOGGER.debug("vision event not published: %s", err)
