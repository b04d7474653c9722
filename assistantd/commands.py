"""Commands in order: one queue, one consumer; each becomes a decision, actions, an intent event and a log line."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistantd.assistant import Assistant, Decision, Outcome
from assistantd.clock import monotonic_ms
from assistantd.inputs import TextCommand
from assistantd.mqtt.topics import SiteTopics
from assistantd.rules.action import Action
from assistantd.rules.state import DeviceState

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 256
"""Commands waiting to be understood; beyond it new ones are refused with a warning."""


class Publisher(Protocol):
    """What commands need of the MQTT side (the Dispatcher): write-ahead submit, future done on ack."""

    def submit(self, actions: Sequence[Action]) -> asyncio.Future[None]:  # pragma: no cover - protocol
        """Accept actions for delivery."""
        ...


@dataclass(frozen=True, slots=True)
class Timings:
    """Stage timings of one command, milliseconds."""

    recognize_ms: float
    decide_ms: float


@dataclass(slots=True)
class Report:
    """What became of one command (the answer to `assistantd say`)."""

    command: TextCommand
    source: str
    decision: Decision
    timings: Timings
    delivered: asyncio.Future[None] | None = None
    received_ms: int = field(default=0)

    def to_json(self, site_id: str, *, ack_ms: float | None = None) -> dict[str, object]:
        """The intent event / reply document."""
        intent = self.decision.intent
        plan = self.decision.plan
        document: dict[str, object] = {
            "site": site_id,
            "id": self.command.request_id,
            "source": self.source,
            "text": self.command.text,
            "intent": intent.name,
            "slots": intent.slots.as_dict(),
            "confidence": round(intent.confidence, 3),
            "modality": intent.modality.value,
            "recognizer": intent.recognizer,
            "outcome": self.decision.outcome.value,
            "response": self.decision.response,
            "targets": list(plan.targets) if plan else [],
            "rules": list(plan.rules_fired) if plan else [],
            "actions": [_action_json(action) for action in self.decision.actions],
            "timings_ms": {
                "recognize": round(self.timings.recognize_ms, 3),
                "decide": round(self.timings.decide_ms, 3),
            },
        }
        if self.decision.confirmation is not None:
            document["confirmation"] = _confirmation_json(self.decision)
        if ack_ms is not None:
            document["timings_ms"]["ack"] = round(ack_ms, 3)  # type: ignore[index]
        return document


@dataclass(frozen=True, slots=True)
class _Queued:
    command: TextCommand
    source: str
    reply: asyncio.Future[Report] | None
    received_ms: int


class CommandProcessor:
    """Understands queued commands one at a time, in arrival order."""

    def __init__(
        self,
        assistant: Assistant,
        publisher: Publisher,
        *,
        states: Mapping[str, DeviceState],
        area_of: Callable[[TextCommand], str | None],
    ) -> None:
        self._assistant = assistant
        self._publisher = publisher
        self._states = states
        self._area_of = area_of
        self._queue: asyncio.Queue[_Queued] = asyncio.Queue(QUEUE_SIZE)

    def enqueue(self, command: TextCommand, source: str) -> asyncio.Future[Report] | None:
        """Queue a command; the future (if the queue had room) resolves to its report."""
        reply: asyncio.Future[Report] = asyncio.get_running_loop().create_future()
        try:
            self._queue.put_nowait(_Queued(command, source, reply, monotonic_ms()))
        except asyncio.QueueFull:
            _LOGGER.warning("Refused command from %s: %d commands already waiting", source, QUEUE_SIZE)
            return None
        return reply

    async def run(self) -> None:
        """The consumer task."""
        while True:
            item = await self._queue.get()
            report = self.handle(item.command, item.source, received_ms=item.received_ms)
            if item.reply is not None and not item.reply.done():
                item.reply.set_result(report)

    def handle(self, command: TextCommand, source: str, *, received_ms: int) -> Report:
        """Understand one command and hand its actions to the publisher."""
        started = time.perf_counter()
        area_id = self._area_of(command)
        intent = self._assistant.recognize(command.text, area_id=area_id)
        recognized = time.perf_counter()
        local = time.localtime()
        decision = self._assistant.decide(
            intent,
            now_ms=monotonic_ms(),
            local_minute=local.tm_hour * 60 + local.tm_min,
            states=self._states,
            area_id=area_id,
        )
        decided = time.perf_counter()
        timings = Timings((recognized - started) * 1000, (decided - recognized) * 1000)
        report = Report(command, source, decision, timings, received_ms=received_ms)
        if decision.actions:
            report.delivered = self._publisher.submit(decision.actions)
        self._announce(report, decided)
        if decision.confirmation is not None:
            delay_seconds = max(0.0, (decision.confirmation.expires_ms - monotonic_ms()) / 1000) + 0.01
            asyncio.get_running_loop().call_later(delay_seconds, self.expire_confirmations)
        return report

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

    def _announce(self, report: Report, decided: float) -> None:
        """Publish the intent event (and a confirmation request) and log the command's line."""
        config = self._assistant.config
        topics = SiteTopics.for_config(config)
        extra: list[Action] = []
        if report.decision.confirmation is not None:
            extra.append(Action(topics.confirm, json.dumps(_confirmation_json(report.decision))))
        if report.delivered is None:
            _log_line(report, None)
            event = report.to_json(config.site.id)
            self._publisher.submit([*extra, Action(topics.intent, json.dumps(event))])
            return

        def done(future: asyncio.Future[None]) -> None:
            ack_ms = (time.perf_counter() - decided) * 1000
            if future.cancelled() or future.exception() is not None:
                ack_ms_or_none = None
            else:
                ack_ms_or_none = ack_ms
            _log_line(report, ack_ms_or_none)

        report.delivered.add_done_callback(done)
        event = report.to_json(config.site.id)
        self._publisher.submit([*extra, Action(topics.intent, json.dumps(event))])


def _log_line(report: Report, ack_ms: float | None) -> None:
    decision = report.decision
    intent = decision.intent
    slots = " ".join(f"{key}={value}" for key, value in intent.slots.as_dict().items())
    delivery = ""
    if report.delivered is not None:
        if ack_ms is not None:
            delivery = f", ack {ack_ms:.1f} ms"
        elif report.delivered.cancelled():
            delivery = ", delivery cancelled (kept in the outbox)"
        else:
            delivery = f", not delivered: {report.delivered.exception()}"
    _LOGGER.info(
        'command %s "%s" -> %s %s (%.2f %s) %s: %d action(s); recognize %.2f ms, decide %.2f ms%s',
        report.source,
        report.command.text,
        intent.name,
        slots or "-",
        intent.confidence,
        intent.recognizer or "-",
        decision.outcome.value,
        len(decision.actions),
        report.timings.recognize_ms,
        report.timings.decide_ms,
        delivery,
    )


def _action_json(action: Action) -> dict[str, object]:
    return {"topic": action.topic, "payload": action.payload, "qos": action.qos, "retain": action.retain}


def _confirmation_json(decision: Decision) -> dict[str, object]:
    pending = decision.confirmation
    assert pending is not None  # noqa: S101 - callers check
    return {
        "state": "requested",
        "id": pending.id,
        "prompt": pending.prompt,
        "text": decision.intent.text,
        "targets": list(decision.plan.targets) if decision.plan else [],
    }


__all__ = ["CommandProcessor", "Report", "Outcome", "Publisher"]
