"""Delivers the outbox to the broker: write-ahead, strictly in acceptance order, one message in flight.

One in flight keeps order and the duplicate window trivial: after a lost connection or a crash delivery
resumes at the first unacknowledged entry, and only that one entry can reach devices twice (MQTT QoS 1 is
at-least-once); it carries the same action id (ACTION_ID_PROPERTY) both times, and the id of the command
it carries out (COMMAND_ID_PROPERTY). A round trip on a LAN is a millisecond or less, so one at a time
still moves hundreds of actions a second, far more than a home produces.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from assistantd.action import Action
from assistantd.errors import BrokerError
from assistantd.mqtt.client import MqttClient, PublishRefusedError
from assistantd.mqtt.outbox import Outbox, OutboxEntry, Step

_LOGGER = logging.getLogger(__name__)

ACTION_ID_PROPERTY = "assistantd-action"
"""MQTT 5 user property on every delivered message: its outbox entry id (unique in one state directory).
A message sent again after a crash (at-least-once) carries the same id; a receiver may drop repeats by it."""
COMMAND_ID_PROPERTY = "assistantd-command"
"""MQTT 5 user property on a message that carries out a command: the command's id (the sender's "id", else
the one the daemon gave it; the intent event's "id")."""


class DeliveryError(BrokerError):
    """An accepted action was dropped undelivered: too old, refused, or pushed out of a full outbox."""


@dataclass(slots=True)
class _Submission:
    """The caller's future and the entries it still waits for."""

    future: asyncio.Future[None]
    remaining: set[int]


class Dispatcher:
    """Owns delivery of the outbox; submit() from anywhere on the loop, run() as one long-running task."""

    def __init__(
        self,
        client: MqttClient,
        outbox: Outbox,
        *,
        max_age_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._outbox = outbox
        self._max_age_seconds = max_age_seconds
        self._clock = clock
        self._submissions: dict[int, _Submission] = {}
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        """Set while run() finds the outbox empty."""
        self._paused = False
        self._running = False

    def submit(
        self, actions: Sequence[Action], *, then: Sequence[Action] = (), also: Step | None = None
    ) -> asyncio.Future[None]:
        """Store actions durably (OutboxError if that fails); the future is done once all are acknowledged.

        then: messages stored after the actions in the same transaction, delivered after them, not
        waited for (the intent event); also: more work for that transaction (settling the command).
        The future raises DeliveryError when one of the actions was dropped (too old, refused, outbox
        full), and is cancelled when run() ends first (they then wait in the outbox for the next start).
        """
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if not actions and not then and also is None:
            future.set_result(None)
            return future
        ids = self._outbox.put([*actions, *then], self._clock(), also)[: len(actions)]
        if not ids:
            future.set_result(None)
        submission = _Submission(future, set(ids))
        for entry_id in ids:
            self._submissions[entry_id] = submission
        for entry in self._outbox.last_overflow:
            self._fail(entry, "the outbox is full and it was the oldest")
        self._idle.clear()
        self._wake.set()
        return future

    async def run(self) -> None:
        """Deliver forever: what a previous process left first, then new submissions as they come."""
        if self._running:
            raise RuntimeError("Dispatcher.run() is already running")
        self._running = True
        try:
            while True:
                self._wake.clear()
                self._drop_expired()
                oldest = self._outbox.pending(1)
                if not oldest:
                    self._idle.set()
                    await self._wake.wait()
                elif not self._client.connected:
                    await self._wait_for_broker(oldest[0])
                else:
                    await self._deliver(oldest[0])
        finally:
            self._running = False
            self._abandon()

    async def drain(self, timeout_seconds: float) -> bool:
        """Wait (while run() runs) until the outbox is empty; False when time ran out (the rest stays)."""
        if len(self._outbox) == 0:
            return True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout_seconds)
        except TimeoutError:
            _LOGGER.warning("%d undelivered actions stay in the outbox for the next start", len(self._outbox))
            return False
        return True

    async def _deliver(self, entry: OutboxEntry) -> None:
        action = entry.action
        try:
            ids = [(ACTION_ID_PROPERTY, str(entry.id))]
            if action.command_id is not None:
                ids.append((COMMAND_ID_PROPERTY, action.command_id))
            await self._client.publish(action.topic, action.payload, action.qos, action.retain, ids)
        except PublishRefusedError as err:
            _LOGGER.error("dropped %s: %s", action.describe(), err)
            self._outbox.remove(entry.id)
            self._fail(entry, str(err))
            return
        except BrokerError as err:  # the client is disconnected now; run() waits for it
            self._pause(str(err))
            return
        self._outbox.remove(entry.id)
        self._delivered(entry.id)
        if self._paused:
            self._paused = False
            _LOGGER.info("delivery resumed")

    async def _wait_for_broker(self, oldest: OutboxEntry) -> None:
        """Until connected, a new submission, or the oldest entry expires."""
        self._pause(f"not connected to the broker at {self._client.where}")
        expires_in = oldest.accepted_at + self._max_age_seconds - self._clock()
        wake_up = (self._client.wait_connected(None), self._wake.wait())
        await _first_of(*wake_up, timeout_seconds=max(0.0, expires_in))

    def _pause(self, reason: str) -> None:
        if not self._paused:
            self._paused = True
            _LOGGER.info("delivery paused (%s); %d actions wait in the outbox", reason, len(self._outbox))

    def _drop_expired(self) -> None:
        for entry in self._outbox.drop_expired(self._clock(), self._max_age_seconds):
            age_seconds = self._clock() - entry.accepted_at
            _LOGGER.warning("dropped %s: undelivered for %.0f s", entry.action.describe(), age_seconds)
            self._fail(entry, f"not delivered within {self._max_age_seconds:g} s")

    def _delivered(self, entry_id: int) -> None:
        submission = self._submissions.pop(entry_id, None)
        if submission is None:
            return
        submission.remaining.discard(entry_id)
        if not submission.remaining and not submission.future.done():
            submission.future.set_result(None)

    def _fail(self, entry: OutboxEntry, reason: str) -> None:
        submission = self._submissions.pop(entry.id, None)
        if submission is not None and not submission.future.done():
            error = DeliveryError(f"{entry.action.describe()} was dropped undelivered: {reason}")
            submission.future.set_exception(error)

    def _abandon(self) -> None:
        """run() ended: cancel the callers' futures; their actions stay in the outbox for the next start."""
        for submission in self._submissions.values():
            submission.future.cancel()
        self._submissions.clear()


async def _first_of(*awaitables: Awaitable[object], timeout_seconds: float) -> None:
    """Wait until the first of awaitables completes or timeout_seconds pass; cancel the rest.

    An error raised by one of them is raised here (once the others are cancelled), never dropped.
    """
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        await asyncio.wait(tasks, timeout=timeout_seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, asyncio.CancelledError):
            raise outcome
