"""Commands in order: one queue, one consumer; each is handled by the assistant, its actions submitted, its
intent event published and its log line written.

Commands stored in the inbox (the text topic, the control socket) are settled in the transaction that
stores their actions and intent event; one older than inbox.max_age_seconds when its turn comes is not
run but answered ``expired``. Live commands (speech, gestures) wait in memory, at most QUEUE_SIZE; one
more is answered ``busy``. Every command gets an intent event, also one that is not run."""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from assistantd.action import Action
from assistantd.assistant.command import Sign, Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import BUSY, TOO_OLD, Decision, Outcome
from assistantd.assistant.report import Report, Timings
from assistantd.clock import monotonic_ms
from assistantd.daemon.answers import event_messages
from assistantd.daemon.seams import AreaOf, ContextText, Ledger, Observations, Publisher, Watcher
from assistantd.daemon.seen import on_clock
from assistantd.daemon.timers import TimerKeeper
from assistantd.daemon.understanding import RemoteModel, read_ahead
from assistantd.devices.state import DeviceState
from assistantd.devices.weather import WeatherReport
from assistantd.events import Event
from assistantd.intents import no_intent
from assistantd.mqtt.inbox import InboxEntry, new_command_id
from assistantd.mqtt.topics import SiteTopics
from assistantd.timers.store import both

_LOGGER = logging.getLogger(__name__)

QUEUE_SIZE = 256
"""Live commands (speech, gestures) waiting to be understood; beyond it new ones are answered busy.
Stored commands are bounded by the inbox (inbox.max_commands)."""
READ_AHEAD = 8
"""At most this many waiting commands are read by the intent model in one batch."""
LOOK_BEFORE_MS = 2_000
"""How long before its first word a gesture still belongs to a command ("that" while pointing)."""
LOOK_AFTER_MS = 300
"""How long after its last word."""


@dataclass(frozen=True, slots=True)
class _Queued:
    command: TextCommand | Sign
    source: str
    reply: asyncio.Future[Report | None] | None
    received_ms: int
    entry: InboxEntry | None = None
    """For a stored command: its place in the inbox."""


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
        ledger: Ledger | None = None,
        max_age_seconds: float = 300.0,
        clock: Callable[[], float] = time.time,
        watchers: Sequence[Watcher] = (),
        timers: TimerKeeper | None = None,
        speaker: Callable[[TextCommand], str] | None = None,
    ) -> None:
        """ledger: the inbox that settles stored commands; max_age_seconds: how old a stored command may be
        when its turn comes (wall clock, from clock()); watchers: told of each command as it is decided and
        acknowledged (the metrics, the voice); speaker: who of several people in view said heard words."""
        self._assistant = assistant
        self._publisher = publisher
        self._states = states
        self._weather: Mapping[str, WeatherReport] = weather if weather is not None else {}
        self._area_of = area_of
        self._observations = observations
        self._speaker = speaker
        self._context_text = context_text
        self._ledger = ledger
        self._max_age_seconds = max_age_seconds
        self._clock = clock
        self._watchers = tuple(watchers)
        self.timers = timers
        """The site's timers (None: timer commands change nothing that lasts)."""
        self.workers: RemoteModel | None = None
        """The recognizer workers' intent model (None: the model here reads every command)."""
        self._queue: asyncio.Queue[_Queued] = asyncio.Queue()
        self._live = 0
        """Live commands in the queue (bounded by QUEUE_SIZE)."""

    def complete(self, text: str, *others: str) -> bool:
        """Whether words are a whole command the assistant reads with certainty (speech may end there);
        others: other readings of the same audio, which must mean the same command."""
        return self._assistant.complete(text, *others)

    def enqueue(self, command: TextCommand | Sign, source: str) -> asyncio.Future[Report | None] | None:
        """Queue a live command; the future resolves to its report (None for a sign that asked for
        nothing). None when QUEUE_SIZE wait already: the command is answered busy."""
        if self._live >= QUEUE_SIZE:
            _LOGGER.warning("Refused command from %s: %d commands already waiting", source, QUEUE_SIZE)
            if isinstance(command, TextCommand):
                self.refuse_busy(command, source)
            return None
        reply: asyncio.Future[Report | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Queued(command, source, reply, monotonic_ms()))
        self._live += 1
        return reply

    def enqueue_stored(self, entry: InboxEntry, command: TextCommand) -> asyncio.Future[Report | None]:
        """Queue a command stored in the inbox (id: command.request_id); its report once it is settled."""
        reply: asyncio.Future[Report | None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Queued(command, entry.source, reply, monotonic_ms(), entry))
        return reply

    def refuse_busy(self, command: TextCommand, source: str) -> Report:
        """Answer a command that was not taken (too many wait) with an intent event, outcome busy."""
        report = self._refusal(command, source, Outcome.BUSY, BUSY, monotonic_ms())
        self._publisher.submit([], then=event_messages(report, self._assistant.config))
        return report

    async def run(self) -> None:
        """The consumer task: commands one at a time, in order; those waiting together are first read by
        the intent model in one batch (satellites or people speaking at once)."""
        while True:
            items = [await self._queue.get()]
            while len(items) < READ_AHEAD and not self._queue.empty():
                items.append(self._queue.get_nowait())
            self._live -= sum(item.entry is None for item in items)
            fresh = [item for item in items if not self._expired(item)]
            if fresh:
                await self._read_ahead(fresh)
            for item in items:
                if self._expired(item):
                    report: Report | None = self._expire(item)
                else:
                    received_ms, entry = item.received_ms, item.entry
                    report = self.handle(item.command, item.source, received_ms=received_ms, entry=entry)
                if item.reply is not None and not item.reply.done():
                    item.reply.set_result(report)

    def _expired(self, item: _Queued) -> bool:
        entry = item.entry
        return entry is not None and self._clock() - entry.received_at > self._max_age_seconds

    def _expire(self, item: _Queued) -> Report:
        """A stored command too old to run: answered expired and settled, never run late."""
        # Only words are stored in the inbox.
        assert isinstance(item.command, TextCommand) and item.entry is not None  # noqa: S101
        report = self._refusal(item.command, item.source, Outcome.EXPIRED, TOO_OLD, item.received_ms)
        age_seconds = self._clock() - item.entry.received_at
        _LOGGER.warning(
            "Expired command %s from %s, %.0f s old (inbox.max_age_seconds %g): %r",
            item.entry.command_id,
            item.source,
            age_seconds,
            self._max_age_seconds,
            item.command.text,
        )
        self._submit(report, item.entry)
        return report

    def _refusal(
        self, command: TextCommand, source: str, outcome: Outcome, response: str, received_ms: int
    ) -> Report:
        """The report of a command that is not run (busy, expired)."""
        decision = Decision(no_intent(command.text, modality=command.modality), outcome, response)
        timings = Timings(0.0, 0.0)
        return Report(command, source, decision, timings, received_ms, decided_at=time.perf_counter())

    async def _read_ahead(self, items: Sequence[_Queued]) -> None:
        waiting = [
            (i.command, self.situation(i.command, i.received_ms))
            for i in items
            if isinstance(i.command, TextCommand)
        ]
        if read := await read_ahead(self._assistant, waiting, self.workers):
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
            timers=self.timers.timers() if self.timers is not None else (),
            wall_seconds=self._clock(),
            speaker=self._speaker_of(command) if words else "",
        )

    def _speaker_of(self, command: TextCommand) -> str:
        """Who of several people in view said the words (as the satellite that heard them saw it)."""
        if self._elsewhere(command) or self._speaker is None:
            return command.speaker
        return self._speaker(command)

    def _elsewhere(self, command: TextCommand) -> bool:
        """Whether a satellite sent the words (said in another room: its camera counts, not this site's)."""
        sender = self._assistant.config.satellite(command.source_id) if command.source_id else None
        return command.seen is not None or sender is not None

    def handle(
        self, command: TextCommand | Sign, source: str, *, received_ms: int, entry: InboxEntry | None = None
    ) -> Report | None:
        """Handle one command and hand its actions to the publisher; None for a sign that asks nothing.
        A stored command (entry) is settled in the transaction that stores its actions."""
        report = self._assistant.handle(command, self.situation(command, received_ms), source=source)
        if report is not None:
            self._finish(report, entry)
        elif entry is not None and self._ledger is not None:  # pragma: no cover - words always get a report
            self._publisher.submit([], also=self._ledger.settling(entry, "{}", self._clock()))
        return report

    def _seen_during(self, command: TextCommand, received_ms: int) -> tuple[Event, ...]:
        """What the hand and face did while the command was spoken (or just before it was typed)."""
        if self._elsewhere(command):
            return on_clock(command.seen or (), received_ms)
        if self._observations is None:
            return ()
        start = command.spoken_from_ms if command.spoken_from_ms is not None else received_ms
        end = command.heard_ms if command.heard_ms is not None else received_ms
        return tuple(self._observations(start - LOOK_BEFORE_MS, end + LOOK_AFTER_MS))

    def _finish(self, report: Report, entry: InboxEntry | None = None) -> None:
        """Submit the actions with the intent event (and settle a stored command, in one transaction),
        log the command's line and arm the confirmation's expiry."""
        decision = report.decision
        self._submit(report, entry)
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
        self._publish_confirmation_state("expired", text)

    def stop(self) -> None:
        """Someone said stop: the question waiting for an answer is withdrawn, and listeners are told."""
        pending = self._assistant.stop()
        rang = self.timers is not None and self.timers.stop_ringing()
        if pending is not None:
            self._publish_confirmation_state("cancelled", pending.prompt)
        elif not rang:
            _LOGGER.info("Stop: nothing was waiting")

    def _publish_confirmation_state(self, state: str, prompt: str) -> None:
        topics = SiteTopics.for_config(self._assistant.config)
        payload = json.dumps({"state": state, "prompt": prompt})
        self._publisher.submit([Action(topics.confirm, payload)])

    def _submit(self, report: Report, entry: InboxEntry | None) -> None:
        """Submit the actions, then the intent event (and a confirmation request), in one transaction
        with the settling of a stored command; log the command's line once its actions are acknowledged
        (at once when there are none)."""
        request_id = report.command.request_id if isinstance(report.command, TextCommand) else None
        report.command_id = report.command_id or request_id or new_command_id()
        messages = event_messages(report, self._assistant.config)
        settle = None
        if entry is not None and self._ledger is not None:
            settle = self._ledger.settling(entry, messages[-1].payload, self._clock())
        changes = report.decision.timer_changes
        if changes and self.timers is not None:  # recorded with the command's settling, announced before it
            messages = [*self.timers.messages(changes), *messages]
            settle = both(settle, self.timers.recording(changes))
        actions = [replace(action, command_id=report.command_id) for action in report.decision.actions]
        if actions:
            report.delivered = self._publisher.submit(actions, then=messages, also=settle)
        else:
            self._publisher.submit([], then=messages, also=settle)
        if changes and self.timers is not None:
            self.timers.applied(changes)
        for watcher in self._watchers:
            watcher.decided(report)
        delivered = report.delivered
        if delivered is None:
            _log_line(report, None)
        else:
            delivered.add_done_callback(
                lambda future: self._delivered(report, _ack_ms(future, report.decided_at))
            )

    def _delivered(self, report: Report, ack_ms: float | None) -> None:
        """The command's log line, once its actions are acknowledged (or given up), and its watcher."""
        _log_line(report, ack_ms)
        for watcher in self._watchers:
            watcher.delivered(report, ack_ms)


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
