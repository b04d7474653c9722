"""The timer book: timers as values and what changes them (start, cancel, pause, resume, lengthen, shorten,
finish), and which timer "the timer" means. Pure: the time (Unix seconds) is passed in."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class TimerEvent(str, enum.Enum):
    """What happened to a timer (the ``event`` of its message)."""

    STARTED = "started"
    UPDATED = "updated"
    PAUSED = "paused"
    RESUMED = "resumed"
    FINISHED = "finished"
    CANCELLED = "cancelled"


ENDING = frozenset({TimerEvent.FINISHED, TimerEvent.CANCELLED})
"""Events after which the timer is gone from the book."""


@dataclass(frozen=True, slots=True)
class Timer:
    """One timer, running or paused."""

    id: str
    name: str | None
    """As said ("pizza"), or None."""
    area: str | None
    """The area's name: where it was started, or the one said."""
    duration_seconds: float
    """Its whole length: as started, plus what was added, less what was taken off."""
    start_seconds: float
    """The length it was started with ("the 5 minute timer")."""
    started_at: float
    """Unix time, seconds."""
    ends_at: float | None
    """Unix time it rings, seconds; None while paused."""
    left_seconds: float | None = None
    """While paused: what is left."""
    command: str | None = None
    """A command to carry out when it ends, instead of ringing ("in 10 minutes turn off the lights")."""

    @property
    def paused(self) -> bool:
        """Whether it is paused."""
        return self.ends_at is None

    def remaining(self, now: float) -> float:
        """Seconds left at now (0 once its end has passed)."""
        if self.ends_at is None:
            return max(0.0, self.left_seconds or 0.0)
        return max(0.0, self.ends_at - now)


@dataclass(frozen=True, slots=True)
class TimerChange:
    """A change to a timer: the event and the timer as it is after it."""

    event: TimerEvent
    timer: Timer
    at: float
    """Unix time of the change, seconds."""
    late_seconds: float = 0.0
    """For a finish: how long after its end it was noticed (the daemon was down)."""


@dataclass(frozen=True, slots=True)
class Selector:
    """Which timer the words mean (nothing said: any)."""

    name: str | None = None
    area: str | None = None
    start_seconds: float | None = None

    @property
    def empty(self) -> bool:
        """Whether the words said nothing about which timer."""
        return self.name is None and self.area is None and self.start_seconds is None


def start(
    timer_id: str,
    now: float,
    seconds: float,
    *,
    name: str | None,
    area: str | None,
    command: str | None = None,
) -> TimerChange:
    """A new running timer (with command: one that carries it out when it ends)."""
    timer = Timer(timer_id, name, area, seconds, seconds, now, now + seconds, command=command)
    return TimerChange(TimerEvent.STARTED, timer, now)


def cancel(timer: Timer, now: float) -> TimerChange:
    """A timer cancelled."""
    return TimerChange(TimerEvent.CANCELLED, timer, now)


def pause(timer: Timer, now: float) -> TimerChange | None:
    """A running timer paused (None: it already is)."""
    if timer.paused:
        return None
    paused = dataclasses.replace(timer, ends_at=None, left_seconds=timer.remaining(now))
    return TimerChange(TimerEvent.PAUSED, paused, now)


def resume(timer: Timer, now: float) -> TimerChange | None:
    """A paused timer running again (None: it already runs)."""
    if not timer.paused:
        return None
    running = dataclasses.replace(timer, ends_at=now + timer.remaining(now), left_seconds=None)
    return TimerChange(TimerEvent.RESUMED, running, now)


def adjust(timer: Timer, now: float, seconds: float) -> TimerChange:
    """A timer lengthened (seconds > 0) or shortened; shortened to nothing or less, it finishes now."""
    left = timer.remaining(now) + seconds
    duration = timer.duration_seconds + seconds
    if left <= 0:
        done = dataclasses.replace(timer, duration_seconds=max(0.0, duration), ends_at=now, left_seconds=None)
        return TimerChange(TimerEvent.FINISHED, done, now)
    if timer.paused:
        changed = dataclasses.replace(timer, duration_seconds=duration, left_seconds=left)
    else:
        changed = dataclasses.replace(timer, duration_seconds=duration, ends_at=now + left)
    return TimerChange(TimerEvent.UPDATED, changed, now)


def due(timers: Iterable[Timer], now: float) -> list[TimerChange]:
    """The running timers whose end has come by now, finished (with how late, past a second), first ending
    first."""
    ended = sorted((t for t in timers if t.ends_at is not None and t.ends_at <= now), key=_ends)
    changes = []
    for timer in ended:
        late = now - _ends(timer)
        changes.append(TimerChange(TimerEvent.FINISHED, timer, now, late if late >= 1.0 else 0.0))
    return changes


def next_end(timers: Iterable[Timer]) -> float | None:
    """When the next running timer ends (Unix seconds), or None when none runs."""
    ends = [t.ends_at for t in timers if t.ends_at is not None]
    return min(ends) if ends else None


def matching(timers: Sequence[Timer], selector: Selector) -> list[Timer]:
    """The timers the words fit: by name, area and the length they were started with."""
    found = list(timers)
    if selector.name is not None:
        wanted = selector.name.strip().casefold()
        found = [t for t in found if t.name is not None and t.name.casefold() == wanted]
    if selector.area is not None:
        area = selector.area.casefold()
        found = [t for t in found if t.area is not None and t.area.casefold() == area]
    if selector.start_seconds is not None:
        found = [t for t in found if abs(t.start_seconds - selector.start_seconds) < 0.5]
    return found


def pick(timers: Sequence[Timer], selector: Selector, heard_area: str | None) -> Timer | None:
    """The one timer meant, as Home Assistant picks it: the only one the words fit; of several, those in
    the area the command was heard in; of those still several, the one started last. None: no timer fits."""
    found = matching(timers, selector)
    if len(found) > 1 and heard_area is not None:
        here = [t for t in found if t.area is not None and t.area.casefold() == heard_area.casefold()]
        found = here or found
    if not found:
        return None
    return max(found, key=lambda t: (t.started_at, t.id))


def apply(timers: dict[str, Timer], change: TimerChange) -> None:
    """Bring a book (id -> timer) up to date with a change."""
    if change.event in ENDING:
        timers.pop(change.timer.id, None)
    else:
        timers[change.timer.id] = change.timer


def _ends(timer: Timer) -> float:
    return timer.ends_at if timer.ends_at is not None else float("inf")
