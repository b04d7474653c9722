"""The site's running timers: kept in SQLite beside the outbox, each end scheduled on the event loop (never a
sleep), announced on ``<base>/<site>/timer`` through the outbox, and rung by a Ringer when they end.

A timer whose end passed while the daemon was down finishes as soon as the daemon starts, with how late.
A ringing timer rings until stop (the stop topic) or for at most ``timers.ring_seconds``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from assistantd.action import Action
from assistantd.config.service import TimersConfig
from assistantd.config.settings import Config
from assistantd.mqtt.outbox import Step
from assistantd.mqtt.topics import SiteTopics
from assistantd.timers import book
from assistantd.timers.book import Timer, TimerChange, TimerEvent
from assistantd.timers.store import TimerStore

_LOGGER = logging.getLogger(__name__)


class Ringer(Protocol):
    """What sounds a finished timer (the voice connects it to a chime and speech)."""

    def ring(self, timer: Timer) -> None:  # pragma: no cover - protocol
        """A timer finished: start ringing."""
        ...

    def stop(self) -> None:  # pragma: no cover - protocol
        """Stop ringing."""
        ...


class LogRinger:
    """The default ringer: a log line."""

    def ring(self, timer: Timer) -> None:
        """Log the finished timer."""
        _LOGGER.info("Timer %s (%s) is ringing", timer.id, timer.name or "unnamed")

    def stop(self) -> None:
        """Log the stop."""
        _LOGGER.info("Timer stopped ringing")


class HereRinger:
    """Rings the timers of the rooms this machine serves; a satellite's room's timers ring there."""

    def __init__(self, ringer: Ringer, elsewhere: Callable[[], frozenset[str]]) -> None:
        """elsewhere: the names of the areas whose timers ring on another machine (the satellites')."""
        self._ringer = ringer
        self._elsewhere = elsewhere

    def ring(self, timer: Timer) -> None:
        if timer.area is None or timer.area not in self._elsewhere():
            self._ringer.ring(timer)

    def stop(self) -> None:
        self._ringer.stop()


class Submitter(Protocol):
    """The outbox side (the Dispatcher): messages written ahead with a step in the same transaction."""

    def submit(
        self, actions: Sequence[Action], *, then: Sequence[Action] = (), also: Step | None = None
    ) -> asyncio.Future[None]:  # pragma: no cover - protocol
        """Accept messages for delivery."""
        ...


def timer_json(change: TimerChange) -> str:
    """The timer topic's payload for a change."""
    timer = change.timer
    document: dict[str, object] = {
        "event": change.event.value,
        "id": timer.id,
        "name": timer.name,
        "area": timer.area,
        "duration_seconds": round(timer.duration_seconds, 3),
        "remaining_seconds": round(timer.remaining(change.at), 3),
        "ends_at": timer.ends_at,
    }
    if change.event is TimerEvent.FINISHED:
        document["late_seconds"] = round(change.late_seconds, 3)
    if timer.command:
        document["command"] = timer.command
    return json.dumps(document)


def command_messages(config: Config, timer: Timer) -> list[Action]:
    """The text command a finished timer carries out, sent to the site's own text topic as if said where the
    timer was set, with an id of its own: the inbox runs it once, also if the finish is sent twice."""
    if not timer.command:
        return []
    area = next((area.id for area in config.areas if area.name == timer.area), None)
    document = {"text": timer.command, "id": f"timer-{timer.id}", "area": area}
    return [Action(SiteTopics.for_config(config).text, json.dumps(document))]


class TimerKeeper:
    """The book of the site's timers while the daemon runs."""

    def __init__(
        self,
        store: TimerStore,
        publisher: Submitter,
        topic: Callable[[], str],
        *,
        ringer: Ringer | None = None,
        ring_seconds: Callable[[], float] = lambda: TimersConfig().ring_seconds,
        clock: Callable[[], float] = time.time,
        then: Callable[[Timer], Sequence[Action]] = lambda timer: (),
    ) -> None:
        """topic: the timer topic now (it follows reloads); ring_seconds: how long a finished timer rings
        at most, now (it follows reloads too); clock: Unix seconds; then: the messages that carry out a
        finished timer's command (sent with its finish, in the same transaction)."""
        self._store = store
        self._publisher = publisher
        self._topic = topic
        self.ringer: Ringer = ringer if ringer is not None else LogRinger()
        self._ring_seconds = ring_seconds
        self._clock = clock
        self._then = then
        self._timers: dict[str, Timer] = {}
        self._next: asyncio.TimerHandle | None = None
        self._ringing: asyncio.TimerHandle | None = None

    def timers(self) -> tuple[Timer, ...]:
        """The timers now, first started first."""
        return tuple(sorted(self._timers.values(), key=lambda t: (t.started_at, t.id)))

    def start(self) -> None:
        """Read the stored timers (on the event loop): those whose end passed finish now, late; the next end
        is scheduled."""
        self._timers = {timer.id: timer for timer in self._store.load()}
        if self._timers:
            _LOGGER.info("%d timer(s) kept from before", len(self._timers))
        self._fire()

    def close(self) -> None:
        """Cancel the scheduled end and the ring's bound (the timers stay stored)."""
        for handle in (self._next, self._ringing):
            if handle is not None:
                handle.cancel()
        self._next = self._ringing = None

    def messages(self, changes: Sequence[TimerChange]) -> list[Action]:
        """The timer topic's messages for changes (not retained, QoS 1), and for a finished timer with a
        command, the messages that carry it out."""
        events = [Action(self._topic(), timer_json(change)) for change in changes]
        commands = [
            action
            for change in changes
            if change.event is TimerEvent.FINISHED and change.timer.command
            for action in self._then(change.timer)
        ]
        return events + commands

    def recording(self, changes: Sequence[TimerChange]) -> Step:
        """The step that stores changes, for the transaction of the command that made them."""
        return self._store.recording(changes)

    def applied(self, changes: Sequence[TimerChange]) -> None:
        """Changes a command made (now stored): keep them, ring what finished, schedule the next end."""
        for change in changes:
            book.apply(self._timers, change)
            if change.event is TimerEvent.FINISHED and not change.timer.command:
                self._ring(change)
        self._schedule()

    def stop_ringing(self) -> bool:
        """Stop: a ringing timer goes quiet. Whether one was ringing."""
        if self._ringing is None:
            return False
        self._ringing.cancel()
        self._ringing = None
        self.ringer.stop()
        return True

    def _fire(self) -> None:
        """Finish every timer whose end has come, then schedule the next."""
        self._next = None
        changes = book.due(self._timers.values(), self._clock())
        if changes:
            self._publisher.submit([], then=self.messages(changes), also=self.recording(changes))
            for change in changes:
                late = f", {change.late_seconds:.0f} s late" if change.late_seconds else ""
                what = f'"{change.timer.command}" now' if change.timer.command else "finished"
                _LOGGER.info(
                    "Timer %s (%s): %s%s", change.timer.id, change.timer.name or "unnamed", what, late
                )
        self.applied(changes)

    def _schedule(self) -> None:
        if self._next is not None:
            self._next.cancel()
            self._next = None
        end = book.next_end(self._timers.values())
        if end is not None:
            delay = max(0.0, end - self._clock())
            self._next = asyncio.get_running_loop().call_later(delay, self._fire)

    def _ring(self, change: TimerChange) -> None:
        if self._ringing is not None:
            self._ringing.cancel()
        self.ringer.ring(change.timer)
        self._ringing = asyncio.get_running_loop().call_later(self._ring_seconds(), self._rung)

    def _rung(self) -> None:
        """The ring's bound: it stops by itself."""
        self._ringing = None
        self.ringer.stop()
