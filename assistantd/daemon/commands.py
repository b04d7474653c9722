"""Commands in order: one queue, one consumer; each is handled by the assistant, its actions submitted, its
intent event published and its log line written."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistantd.action import Action
from assistantd.assistant.command import Sign, Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.report import Report, confirmation_json
from assistantd.clock import monotonic_ms
from assistantd.devices.state import DeviceState
from assistantd.devices.weather import WeatherReport
from assistantd.events import Event
from assistantd.mqtt.topics import SiteTopics

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 256
"""Commands waiting to be understood; beyond it new ones are refused with a warning."""
READ_AHEAD = 8
"""At most this many waiting commands are read by the intent model in one batch."""
LOOK_BEFORE_MS = 2_000
"""How long before its first word a gesture still belongs to a command ("that" while pointing)."""
LOOK_AFTER_MS = 300
"""How long after its last word."""

Observations = Callable[[int, int], Sequence[Event]]
"""The hand and face events between two monotonic times (the fusion window)."""
AreaOf = Callable[[TextCommand | None], str | None]
"""The area a command was heard in (None: the site's)."""
ContextText = Callable[[int], str]
"""The site's context text at a monotonic time ("" when there is none, or it has expired)."""


class Publisher(Protocol):
    """What commands need of the MQTT side (the Dispatcher): write-ahead submit, future done on ack."""

    def submit(self, actions: Sequence[Action]) -> asyncio.Future[None]:  # pragma: no cover - protocol
        """Accept actions for delivery."""
        ...


@dataclass(frozen=True, slots=True)
class _Queued:
    command: TextCommand | Sign
    source: str
    reply: asyncio.Future[Report | None] | None
    received_ms: int


class CommandProcessor:
    """Handles queued commands one at a time, in arrival order."""

    def __init__(
        self,
        assistant: Assistant,
        publisher: Publisher,
        *,
        states: Mapping[str, DeviceState],
        area_of: AreaOf,
        observations: Observations | None = None,
        context_text: ContextText | None = None,
        weather: Mapping[str, WeatherReport] | None = None,
    ) -> None:
        self._assistant = assistant
        self._publisher = publisher
        self._states = states
        self._weather: Mapping[str, WeatherReport] = weather if weather is not None else {}
        self._area_of = area_of
        self._observations = observations
        self._context_text = context_text
        self._queue: asyncio.Queue[_Queued] = asyncio.Queue(QUEUE_SIZE)

    def enqueue(self, command: TextCommand | Sign, source: str) -> asyncio.Future[Report | None] | None:
        """Queue a command; the future (if the queue had room) resolves to its report (None for a sign
        that asked for nothing)."""
        reply: asyncio.Future[Report | None] = asyncio.get_running_loop().create_future()
        try:
            self._queue.put_nowait(_Queued(command, source, reply, monotonic_ms()))
        except asyncio.QueueFull:
            _LOGGER.warning("Refused command from %s: %d commands already waiting", source, QUEUE_SIZE)
            return None
        return reply

    async def run(self) -> None:
        """The consumer task: commands one at a time, in order; those waiting together are first read by
        the intent model in one batch (satellites or people speaking at once)."""
        while True:
            items = [await self._queue.get()]
            while len(items) < READ_AHEAD and not self._queue.empty():
                items.append(self._queue.get_nowait())
            if len(items) > 1:
                self._read_ahead(items)
            for item in items:
                report = self.handle(item.command, item.source, received_ms=item.received_ms)
                if item.reply is not None and not item.reply.done():
                    item.reply.set_result(report)

    def _read_ahead(self, items: Sequence[_Queued]) -> None:
        waiting = [
            (item.command, self.situation(item.command, item.received_ms))
            for item in items
            if isinstance(item.command, TextCommand)
        ]
        read = self._assistant.read_ahead(waiting)
        if read:
            _LOGGER.debug("%d waiting commands read by the intent model in one batch", read)

    def situation(self, command: TextCommand | Sign, received_ms: int) -> Situation:
        """What is known around a command now: the time, where it was heard, the device states, the context
        text and, for words, what the hand and face did meanwhile."""
        local = time.localtime()
        words = isinstance(command, TextCommand)
        now_ms = monotonic_ms()
        return Situation(
            now_ms=now_ms,
            local_minute=local.tm_hour * 60 + local.tm_min,
            area_id=self._area_of(command if words else None),
            states=self._states,
            observations=self._seen_during(command, received_ms) if words else (),
            received_ms=received_ms,
            local_date=datetime.date(local.tm_year, local.tm_mon, local.tm_mday),
            context_text=self._context_text(now_ms) if self._context_text is not None else "",
            weather=self._weather,
        )

    def handle(self, command: TextCommand | Sign, source: str, *, received_ms: int) -> Report | None:
        """Handle one command and hand its actions to the publisher; None for a sign that asks nothing."""
        report = self._assistant.handle(command, self.situation(command, received_ms), source=source)
        if report is not None:
            self._finish(report)
        return report

    def _seen_during(self, command: TextCommand, received_ms: int) -> tuple[Event, ...]:
        """What the hand and face did while the command was spoken (or just before it was typed)."""
        if self._observations is None:
            return ()
        start = command.spoken_from_ms if command.spoken_from_ms is not None else received_ms
        end = command.heard_ms if command.heard_ms is not None else received_ms
        return tuple(self._observations(start - LOOK_BEFORE_MS, end + LOOK_AFTER_MS))

    def _finish(self, report: Report) -> None:
        """Submit the actions, announce the outcome and arm the confirmation's expiry."""
        decision = report.decision
        if decision.actions:
            report.delivered = self._publisher.submit(decision.actions)
        self._announce(report)
        if decision.confirmation is not None:
            delay_seconds = max(0.0, (decision.confirmation.expires_ms - monotonic_ms()) / 1000) + 0.01
            asyncio.get_running_loop().call_later(delay_seconds, self.expire_confirmations)

    def expire_confirmations(self) -> None:
        """Tell listeners which confirmations ran out (called when one is due)."""
        for pending in self._assistant.expire(monotonic_ms()):
            self.publish_confirmation_expired(pending.prompt)

    def publish_confirmation_expired(self, text: str) -> None:
        """Tell listeners a confirmation ran out."""
        _LOGGER.info("Confirmation expired: %s", text)
        topics = SiteTopics.for_config(self._assistant.config)
        payload = json.dumps({"state": "expired", "prompt": text})
        self._publisher.submit([Action(topics.confirm, payload)])

    def _announce(self, report: Report) -> None:
        """Publish the intent event (and a confirmation request); log the command's line once its
        actions are acknowledged (at once when there are none)."""
        config = self._assistant.config
        topics = SiteTopics.for_config(config)
        messages: list[Action] = []
        if report.decision.confirmation is not None:
            request = confirmation_json(report.decision.confirmation, report.decision)
            messages.append(Action(topics.confirm, json.dumps(request)))
        messages.append(Action(topics.intent, json.dumps(report.to_json(config.site.id))))
        delivered = report.delivered
        if delivered is None:
            _log_line(report, None)
        else:
            delivered.add_done_callback(lambda future: _log_line(report, _ack_ms(future, report.decided_at)))
        self._publisher.submit(messages)


def _ack_ms(delivered: asyncio.Future[None], decided: float) -> float | None:
    """Milliseconds from the decision to the broker's acknowledgement; None if it was not delivered."""
    if delivered.cancelled() or delivered.exception() is not None:
        return None
    return (time.perf_counter() - decided) * 1000


def _log_line(report: Report, ack_ms: float | None) -> None:
    """One line per command, with the timing of every stage."""
    decision = report.decision
    intent = decision.intent
    slots = " ".join(f"{key}={value}" for key, value in intent.slots.as_dict().items())
    command = report.command
    said = f'"{command.text}"' if isinstance(command, TextCommand) else f"<{intent.text}>"
    stages = _stages(report, ack_ms)
    _LOGGER.info(
        "command %s %s -> %s %s (%.2f %s) %s: %d action(s); %s",
        report.source,
        said,
        intent.name,
        slots or "-",
        intent.confidence,
        intent.recognizer or "-",
        decision.outcome.value,
        len(decision.actions),
        stages,
    )


def _stages(report: Report, ack_ms: float | None) -> str:
    """The command's stages: for speech, end of speech -> text -> queue -> intent -> decision -> ack."""
    command = report.command
    text = command if isinstance(command, TextCommand) else None
    parts: list[str] = []
    if text is not None and text.heard_ms is not None and text.text_ready_ms is not None:
        how = "speculative" if text.speculative else "after the endpoint"
        parts.append(
            f"speech end to text {text.text_ready_ms - text.heard_ms} ms "
            f"(transcribe {text.transcribe_ms or 0:.0f} ms, {how})"
        )
        parts.append(f"queued {max(0, report.received_ms - text.text_ready_ms)} ms")
    if text is not None:
        parts.append(f"recognize {report.timings.recognize_ms:.2f} ms")
    parts.append(f"decide {report.timings.decide_ms:.2f} ms")
    if report.delivered is not None:
        if ack_ms is not None:
            parts.append(f"ack {ack_ms:.1f} ms")
        elif report.delivered.cancelled():
            parts.append("delivery cancelled (kept in the outbox)")
        else:
            parts.append(f"not delivered: {report.delivered.exception()}")
    if text is not None and text.heard_ms is not None and ack_ms is not None:
        parts.append(f"end of speech to ack {monotonic_ms() - text.heard_ms} ms")
    return ", ".join(parts)
