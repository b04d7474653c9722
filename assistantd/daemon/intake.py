"""Commands from senders that can send again (the MQTT text topic, the control socket), made durable.

Each command gets an id (the sender's, else one assigned here) and is stored in the inbox before it is
acknowledged: a message of the text topic is acknowledged to the broker only once it is committed, so a
daemon killed at any moment loses none (the broker sends again what was not acknowledged). Then:

- stored: queued for the command processor, which settles it with its actions in one transaction;
- a duplicate (its id waits or was handled, or the broker redelivered it): not run again; a handled
  one is answered with its first reply (the intent event again, marked ``"repeated": true``);
- the inbox is full: answered with an intent event whose outcome is ``busy``.

At start, the commands a previous process left in the inbox are queued first, in arrival order.

Who sent a command of the text topics is what its topic says (`senders.py`): a satellite's own topic
``<text>/<satellite id>`` makes it that satellite's; a command the topic does not allow (an id that is no
configured satellite, a payload on the plain topic claiming to be a satellite) is refused with a warning,
acknowledged and not run.

A command's age (for inbox.max_age_seconds) counts from when the daemon received it, or from its JSON
``"sent_at"`` (Unix time, seconds; `say` sends it) when that is earlier: a command that waited at the
broker while the daemon was away is as old as it is, not as old as its arrival.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistantd.action import Action
from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report
from assistantd.config.settings import Config
from assistantd.daemon.commands import CommandProcessor, Publisher
from assistantd.daemon.senders import MQTT, sender_of, sent_command, stored_sender, stored_source
from assistantd.errors import InputError
from assistantd.mqtt.client import Incoming
from assistantd.mqtt.inbox import (
    Admission,
    Admitted,
    Arrival,
    Inbox,
    InboxEntry,
    delivery_key,
    new_command_id,
)
from assistantd.mqtt.topics import SiteTopics

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    """What became of a command from the control socket: its report, or the reply kept for its id."""

    report: Report | None = None
    """Handled now (or refused: outcome busy)."""
    repeated: dict[str, object] | None = None
    """Its id was handled before: the reply given then."""


class Intake:
    """Stores, de-duplicates and queues the commands of the text topic and the control socket."""

    def __init__(
        self,
        inbox: Inbox,
        commands: CommandProcessor,
        config: Callable[[], Config],
        publisher: Publisher,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """config: the config in force now (it follows a reload): the site's topics and its satellites."""
        self._inbox = inbox
        self._commands = commands
        self._config = config
        self._publisher = publisher
        self._clock = clock
        self._waiting: dict[str, asyncio.Future[Report | None]] = {}
        """Stored commands by id, until they are handled."""
        self._batch: list[Incoming] = []
        self._arrived = asyncio.Event()

    def recover(self) -> int:
        """Queue what a previous process left in the inbox, oldest first; how many."""
        entries = self._inbox.pending()
        for entry in entries:
            try:  # as its topic said when it came (a satellite's: its source), not as its payload says
                command = sent_command(self._config(), stored_sender(entry.source), entry.payload)
            except InputError as err:  # stored only once taken: a file from elsewhere, a config changed
                _LOGGER.warning("Dropped stored command %s: %s", entry.command_id, err)
                self._inbox.settle(entry, "{}", self._clock())
                continue
            self._queue(entry, replace(command, request_id=entry.command_id))
        if entries:
            _LOGGER.info("%d commands left in the inbox are handled first", len(entries))
        return len(entries)

    def on_message(self, message: Incoming) -> None:
        """A message of a text topic (on the loop): stored by run() with the others that came meanwhile,
        then acknowledged."""
        self._batch.append(message)
        self._arrived.set()

    async def run(self) -> None:
        """The long-running task that stores what arrived, a batch per commit. A failure to store
        (OutboxError) ends it, and the daemon with it: nothing unstored was acknowledged."""
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            self._flush()

    async def from_control(self, command: TextCommand, source: str = "control") -> Answer:
        """A command from the control socket (or another local server that waits for its answer, such as
        Wyoming: ``source`` names it): stored, then handled, or answered from its id's record."""
        command_id = command.request_id or new_command_id()
        command = replace(command, request_id=command_id)
        waiting = self._waiting.get(command_id)
        if waiting is not None:
            return Answer(report=await asyncio.shield(waiting))
        payload = json.dumps({"text": command.text, "id": command_id, "area": command.area}).encode()
        [admitted] = self._inbox.admit([Arrival(command_id, source, payload, self._clock())])
        if admitted.admission is Admission.DUPLICATE:
            return await self._control_duplicate(command_id, admitted, source)
        if admitted.admission is Admission.FULL:
            self._log_busy(command_id, source)
            return Answer(report=self._commands.refuse_busy(command, source))
        assert admitted.entry is not None  # noqa: S101 - STORED always carries its entry
        return Answer(report=await asyncio.shield(self._queue(admitted.entry, command)))

    async def _control_duplicate(self, command_id: str, admitted: Admitted, source: str) -> Answer:
        waiting = self._waiting.get(command_id)
        if waiting is not None:
            return Answer(report=await asyncio.shield(waiting))
        _LOGGER.info("Repeated command %s from %s: answered with its first reply", command_id, source)
        return Answer(repeated=_reply_document(admitted.reply))

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        parsed: list[tuple[Incoming, TextCommand, Arrival]] = []
        topics = SiteTopics.for_config(self._config())
        for message in batch:
            sender = sender_of(topics, message.topic)
            try:
                command = sent_command(self._config(), sender, message.payload)
            except InputError as err:
                _LOGGER.warning("Rejected message on %s: %s", message.topic, err)
                message.ack()
                continue
            command_id = command.request_id or new_command_id()
            delivery = delivery_key(message.mid, message.payload)
            received_at = min(self._clock(), sent_at(message.payload) or math.inf)
            source = stored_source(sender)
            arrival = Arrival(command_id, source, message.payload, received_at, delivery, message.redelivered)
            parsed.append((message, replace(command, request_id=command_id), arrival))
        if not parsed:
            return
        admitted = self._inbox.admit([arrival for _, _, arrival in parsed])  # committed: now acknowledge
        for (message, command, arrival), outcome in zip(parsed, admitted, strict=True):
            self._admitted(command, arrival, outcome)
            message.ack()

    def _admitted(self, command: TextCommand, arrival: Arrival, admitted: Admitted) -> None:
        if admitted.admission is Admission.STORED:
            assert admitted.entry is not None  # noqa: S101 - STORED always carries its entry
            self._queue(admitted.entry, command)
        elif admitted.admission is Admission.FULL:
            self._log_busy(arrival.command_id, arrival.source)
            self._commands.refuse_busy(command, MQTT)
        else:
            _LOGGER.info(
                "Repeated command %s from %s (%s): not run again",
                arrival.command_id,
                arrival.source,
                "redelivered" if arrival.redelivered else "same id",
            )
            if admitted.reply:
                self._publish_again(admitted.reply)

    def _publish_again(self, reply: str) -> None:
        """The first reply to a repeated command, published again for a sender that missed it."""
        document = _reply_document(reply)
        if document:
            intent = SiteTopics.for_config(self._config()).intent
            self._publisher.submit([], then=[Action(intent, json.dumps(document))])

    def _queue(self, entry: InboxEntry, command: TextCommand) -> asyncio.Future[Report | None]:
        """Hand a stored command to the processor (a satellite's, stored as mqtt:<id>, comes from mqtt)."""
        run_as = replace(entry, source=MQTT) if stored_sender(entry.source) is not None else entry
        future = self._commands.enqueue_stored(run_as, command)
        self._waiting[entry.command_id] = future
        future.add_done_callback(lambda _: self._waiting.pop(entry.command_id, None))
        return future

    def _log_busy(self, command_id: str, source: str) -> None:
        _LOGGER.warning(
            "Refused command %s from %s: %d commands already waiting (inbox.max_commands)",
            command_id,
            source,
            self._inbox.max_commands,
        )


def sent_at(payload: bytes) -> float | None:
    """A JSON command's "sent_at" (Unix time, seconds), None when it has none that is a time."""
    if not payload.lstrip().startswith(b"{"):
        return None
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    value = document.get("sent_at") if isinstance(document, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value <= 0:
        return None
    return float(value)


def _reply_document(reply: str | None) -> dict[str, object]:
    """A kept reply as a document, marked repeated ({} when none was kept)."""
    try:
        document = json.loads(reply) if reply else {}
    except ValueError:
        document = {}
    if not isinstance(document, dict) or not document:
        return {}
    document["repeated"] = True
    return document
