"""What the site's assistant is doing, whether it is muted and who attends to it: one small JSON document,
retained on <base>/<site>/state and published when it changes (Home Assistant's entities read it, as
zigbee2mqtt's read a device's state document).

``{"state": "listening", "muted": false, "attending": true, "expression": "smile"}``: the state is
muted, speaking (the voice answers), listening (speech is being heard), thinking (heard speech is being
transcribed) or idle; offline
is published at a clean stop (the status topic's last will covers the rest). Attention and expression
come from the camera (null without one).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Protocol

from assistantd.errors import BrokerError
from assistantd.events import Event, FaceEvent

_LOGGER = logging.getLogger(__name__)

STATES: tuple[str, ...] = ("idle", "listening", "thinking", "speaking", "muted", "offline")
"""Every state the document may carry (speaking is reserved for spoken answers)."""
OFFLINE_TIMEOUT_SECONDS = 1.0
"""Bound on publishing the offline state at stop."""


class LivePublisher(Protocol):
    """What live messages (vision events, the state, discovery) need of the MQTT client."""

    @property
    def connected(self) -> bool:
        """Whether the broker is connected now."""
        ...

    async def publish(self, topic: str, payload: str | bytes, qos: int = 1, retain: bool = False) -> None:
        """Publish one message."""
        ...


class Presence:
    """The site's state document, kept current and published (coalesced: the newest wins) while connected."""

    def __init__(self, client: LivePublisher, topic: str, *, watching: bool) -> None:
        """topic: where the document is retained; watching: whether a camera reports attention."""
        self._client = client
        self.topic = topic
        self.activity = "idle"
        """What the speech side is doing: idle, listening or thinking."""
        self.muted = False
        self.speaking = False
        """The voice is speaking."""
        self.attending: bool | None = False if watching else None
        self.expression: str | None = None
        self._changed = asyncio.Event()
        self._changed.set()  # the first connection publishes it

    @property
    def state(self) -> str:
        """The state as a word: muted before the voice, the voice before what the microphone does."""
        if self.muted:
            return "muted"
        return "speaking" if self.speaking else self.activity

    def document(self, state: str | None = None) -> dict[str, object]:
        """The state document (state: another word for it, e.g. offline)."""
        return {
            "state": state or self.state,
            "muted": self.muted,
            "attending": self.attending,
            "expression": self.expression,
        }

    def set_activity(self, activity: str) -> None:
        """The speech side's activity changed."""
        if activity != self.activity:
            self.activity = activity
            self._changed.set()

    def set_speaking(self, speaking: bool) -> None:
        """The voice started or stopped."""
        if speaking != self.speaking:
            self.speaking = speaking
            self._changed.set()

    def set_muted(self, muted: bool) -> None:
        """Muted or listening again."""
        if muted != self.muted:
            self.muted = muted
            _LOGGER.info("Microphone %s", "muted: not listening" if muted else "unmuted: listening")
            self._changed.set()

    def saw(self, event: Event) -> None:
        """A vision event: a face event updates attention and expression."""
        if not isinstance(event, FaceEvent):
            return
        attending = bool(event.faces) and event.attending
        expression = (event.expression or "neutral") if event.faces else None
        if (attending, expression) != (self.attending, self.expression):
            self.attending, self.expression = attending, expression
            self._changed.set()

    def connected(self) -> None:
        """The broker is (again) connected: publish the document as it is now."""
        self._changed.set()

    async def run(self) -> None:
        """Publish the document whenever it changed, while connected (a change while disconnected is
        published on the next connection)."""
        while True:
            await self._changed.wait()
            self._changed.clear()
            if not self._client.connected:
                continue
            try:
                await self._client.publish(self.topic, json.dumps(self.document()), qos=1, retain=True)
            except BrokerError as err:
                _LOGGER.debug("state not published: %s", err)
                self._changed.set()
                await asyncio.sleep(0.5)

    async def publish_offline(self) -> None:
        """At a clean stop: the retained state says offline."""
        if not self._client.connected:
            return
        payload = json.dumps(self.document("offline"))
        try:
            publishing = self._client.publish(self.topic, payload, qos=1, retain=True)
            await asyncio.wait_for(publishing, OFFLINE_TIMEOUT_SECONDS)
        except (BrokerError, TimeoutError) as err:
            _LOGGER.debug("offline state not published: %s", err)
