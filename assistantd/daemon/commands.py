"""Commands in order: one queue, one consumer; each becomes a decision, actions, an intent event and a log line."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from assistantd.action import Action
from assistantd.assistant.command import TextCommand
from assistantd.assistant.core import Assistant, Decision, Outcome
from assistantd.clock import monotonic_ms
from assistantd.devices.state import DeviceState
from assistantd.events import Event, FaceEvent, GestureEvent
from assistantd.fusion.targets import TurnResult
from assistantd.intents import Intent, Modality
from assistantd.mqtt.topics import SiteTopics
from assistantd.rules.confirm import PendingConfirmation

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


Observation = GestureEvent | FaceEvent
"""A gesture or head movement that may be a command (a gesture rule, a yes or no)."""


@dataclass(slots=True)
class Report:
    """What became of one command (the answer to `assistantd say`)."""

    command: TextCommand | Observation
    source: str
    decision: Decision
    timings: Timings
    delivered: asyncio.Future[None] | None = None
    received_ms: int = field(default=0)
    turn: TurnResult | None = None
    """For words: the devices the evidence chose, and why."""

    def to_json(self, site_id: str, *, ack_ms: float | None = None) -> dict[str, object]:
        """The intent event / reply document."""
        intent = self.decision.intent
        plan = self.decision.plan
        text = self.command if isinstance(self.command, TextCommand) else None
        document: dict[str, object] = {
            "site": site_id,
            "id": text.request_id if text else None,
            "source": self.source,
            "text": text.text if text else self.decision.intent.text,
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
        if self.turn is not None and self.turn.evidence:
            document["chosen_by"] = self.turn.chosen_by
            document["evidence"] = [
                {"device": item.device, "source": item.source, "score": round(item.score, 3)}
                for item in self.turn.evidence
            ]
        if self.decision.confirmation is not None:
            document["confirmation"] = _confirmation_json(self.decision.confirmation, self.decision)
        if ack_ms is not None:
            document["timings_ms"]["ack"] = round(ack_ms, 3)  # type: ignore[index]
        return document


@dataclass(frozen=True, slots=True)
class _Queued:
    command: TextCommand | Observation
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
        area_of: Callable[[TextCommand | None], str | None],
        observations: Observations | None = None,
    ) -> None:
        self._assistant = assistant
        self._publisher = publisher
        self._states = states
        self._area_of = area_of
        self._observations = observations
        self._queue: asyncio.Queue[_Queued] = asyncio.Queue(QUEUE_SIZE)

    def enqueue(self, command: TextCommand | Observation, source: str) -> asyncio.Future[Report] | None:
        """Queue a command; the future (if the queue had room) resolves to its report."""
        reply: asyncio.Future[Report] = asyncio.get_running_loop().create_future()
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
                if isinstance(item.command, TextCommand):
                    report = self.handle(item.command, item.source, received_ms=item.received_ms)
                else:
                    report = self.handle_observation(item.command, item.source, received_ms=item.received_ms)
                if item.reply is not None and not item.reply.done():
                    item.reply.set_result(report)

    def _read_ahead(self, items: Sequence[_Queued]) -> None:
        heard = [
            (item.command.text, self._area_of(item.command), self._seen_during(item.command, item.received_ms),
             item.command.transcript_confidence)
            for item in items
            if isinstance(item.command, TextCommand)
        ]  # fmt: skip
        read = self._assistant.read_ahead(heard, now_ms=monotonic_ms())
        if read:
            _LOGGER.debug("%d waiting commands read by the intent model in one batch", read)

    def handle(self, command: TextCommand, source: str, *, received_ms: int) -> Report:
        """Understand one command and hand its actions to the publisher."""
        started = time.perf_counter()
        area_id = self._area_of(command)
        turn = self._assistant.understand(
            command.text,
            now_ms=monotonic_ms(),
            area_id=area_id,
            observations=self._seen_during(command, received_ms),
            speech_confidence=command.transcript_confidence,
        )
        turn = turn._replace(intent=_heard(turn.intent, command, received_ms))
        recognized = time.perf_counter()
        local = time.localtime()
        decision = self._assistant.decide_turn(
            turn,
            now_ms=monotonic_ms(),
            local_minute=local.tm_hour * 60 + local.tm_min,
            states=self._states,
            area_id=area_id,
        )
        decided = time.perf_counter()
        timings = Timings((recognized - started) * 1000, (decided - recognized) * 1000)
        report = Report(command, source, decision, timings, received_ms=received_ms, turn=turn)
        self._finish(report, decided)
        return report

    def _seen_during(self, command: TextCommand, received_ms: int) -> tuple[Event, ...]:
        """What the hand and face did while the command was spoken (or just before it was typed)."""
        if self._observations is None:
            return ()
        start = command.spoken_from_ms if command.spoken_from_ms is not None else received_ms
        end = command.heard_ms if command.heard_ms is not None else received_ms
        return tuple(self._observations(start - LOOK_BEFORE_MS, end + LOOK_AFTER_MS))

    def _finish(self, report: Report, decided: float) -> None:
        """Submit the actions, announce the outcome and arm the confirmation's expiry."""
        decision = report.decision
        if decision.actions:
            report.delivered = self._publisher.submit(decision.actions)
        self._announce(report, decided)
        if decision.confirmation is not None:
            delay_seconds = max(0.0, (decision.confirmation.expires_ms - monotonic_ms()) / 1000) + 0.01
            asyncio.get_running_loop().call_later(delay_seconds, self.expire_confirmations)

    def handle_observation(self, event: Observation, source: str, *, received_ms: int) -> Report | None:
        """Act on a gesture or head movement if it asks for something; None when it does not."""
        started = time.perf_counter()
        local = time.localtime()
        decision = self._assistant.decide_observation(
            event,
            now_ms=monotonic_ms(),
            local_minute=local.tm_hour * 60 + local.tm_min,
            states=self._states,
            area_id=self._area_of(None),
        )
        if decision is None:
            return None
        decided = time.perf_counter()
        report = Report(
            event, source, decision, Timings(0.0, (decided - started) * 1000), received_ms=received_ms
        )
        self._finish(report, decided)
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
        """Publish the intent event (and a confirmation request); log the command's line once its
        actions are acknowledged (at once when there are none)."""
        config = self._assistant.config
        topics = SiteTopics.for_config(config)
        messages: list[Action] = []
        if report.decision.confirmation is not None:
            request = _confirmation_json(report.decision.confirmation, report.decision)
            messages.append(Action(topics.confirm, json.dumps(request)))
        messages.append(Action(topics.intent, json.dumps(report.to_json(config.site.id))))
        if report.delivered is None:
            _log_line(report, None)
        else:
            report.delivered.add_done_callback(lambda future: _log_line(report, _ack_ms(future, decided)))
        self._publisher.submit(messages)


def _ack_ms(delivered: asyncio.Future[None], decided: float) -> float | None:
    """Milliseconds from the decision to the broker's acknowledgement; None if it was not delivered."""
    if delivered.cancelled() or delivered.exception() is not None:
        return None
    return (time.perf_counter() - decided) * 1000


def _heard(intent: Intent, command: TextCommand, received_ms: int) -> Intent:
    """The intent as heard: its timestamps, and for speech its modality and transcription confidence."""
    if command.modality is Modality.TEXT:
        return dataclasses.replace(intent, started_ms=received_ms, ended_ms=received_ms)
    confidence = intent.confidence * (command.transcript_confidence or 1.0)
    started = command.spoken_from_ms if command.spoken_from_ms is not None else received_ms
    ended = command.heard_ms if command.heard_ms is not None else received_ms
    return dataclasses.replace(
        intent, modality=command.modality, confidence=confidence, started_ms=started, ended_ms=ended
    )


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


def _action_json(action: Action) -> dict[str, object]:
    return {"topic": action.topic, "payload": action.payload, "qos": action.qos, "retain": action.retain}


def _confirmation_json(pending: PendingConfirmation, decision: Decision) -> dict[str, object]:
    return {
        "state": "requested",
        "id": pending.id,
        "prompt": pending.prompt,
        "text": decision.intent.text,
        "targets": list(decision.plan.targets) if decision.plan else [],
    }


__all__ = ["CommandProcessor", "Outcome", "Publisher", "Report"]
