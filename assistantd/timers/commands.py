"""A timer intent carried out on the book: the changes it makes and what to say. Pure: the timers, the time
(Unix seconds), where the command was heard and the new timer's id are passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistantd import intents
from assistantd.intents import Intent, Slots
from assistantd.timers import book, words
from assistantd.timers.book import Selector, Timer, TimerChange

NO_LENGTH = "For how long? Say, for example, set a timer for 5 minutes."
NO_CHANGE = "By how much? Say, for example, add 5 minutes to the timer."


@dataclass(frozen=True, slots=True)
class TimerOutcome:
    """What a timer command did."""

    changes: tuple[TimerChange, ...]
    response: str
    failed: bool = False
    """It could not be done (no such timer, no length); the response says why."""


def _seconds(hours: int | None, minutes: int | None, seconds: int | None) -> float | None:
    if hours is None and minutes is None and seconds is None:
        return None
    return float((hours or 0) * 3600 + (minutes or 0) * 60 + (seconds or 0))


def selector(slots: Slots) -> Selector:
    """Which timer the slots name."""
    start = _seconds(slots.start_hours, slots.start_minutes, slots.start_seconds)
    return Selector(slots.name, slots.area, start)


def timer_outcome(
    intent: Intent, timers: Sequence[Timer], now: float, *, heard_area: str | None, new_id: str
) -> TimerOutcome:
    """Carry out a timer intent (one of intents.TIMER_INTENTS)."""
    slots = intent.slots
    if intent.name == intents.START_TIMER:
        length = _seconds(slots.hours, slots.minutes, slots.seconds)
        if not length:
            return TimerOutcome((), NO_LENGTH, failed=True)
        area = slots.area or heard_area
        command = slots.conversation_command
        change = book.start(new_id, now, length, name=slots.name, area=area, command=command)
        if command:
            return TimerOutcome((change,), f"In {words.length_words(length)}: {command}.")
        return TimerOutcome((change,), words.started_words(change.timer))
    if intent.name == intents.CANCEL_ALL_TIMERS:
        chosen = book.matching(timers, Selector(area=slots.area))
        changes = tuple(book.cancel(timer, now) for timer in chosen)
        return TimerOutcome(changes, words.cancelled_all_words(len(changes), slots.area))
    which = selector(slots)
    if intent.name == intents.TIMER_STATUS and which.empty:
        return TimerOutcome((), words.status_all(timers, now))
    timer = book.pick(timers, which, heard_area)
    if timer is None:
        return TimerOutcome((), _none_like(which, timers), failed=True)
    return _on_one(intent.name, slots, timer, now)


def _on_one(name: str, slots: Slots, timer: Timer, now: float) -> TimerOutcome:
    """A command on the one timer it means."""
    if name == intents.TIMER_STATUS:
        return TimerOutcome((), words.status_one(timer, now))
    if name == intents.CANCEL_TIMER:
        return TimerOutcome((book.cancel(timer, now),), "Timer cancelled.")
    if name == intents.PAUSE_TIMER:
        change = book.pause(timer, now)
        return TimerOutcome(
            (change,) if change else (), "Timer paused." if change else "The timer is already paused."
        )
    if name == intents.UNPAUSE_TIMER:
        change = book.resume(timer, now)
        return TimerOutcome(
            (change,) if change else (), "Timer resumed." if change else "The timer is running."
        )
    amount = _seconds(slots.hours, slots.minutes, slots.seconds)
    if not amount:
        return TimerOutcome((), NO_CHANGE, failed=True)
    signed = amount if name == intents.INCREASE_TIMER else -amount
    change = book.adjust(timer, now, signed)
    return TimerOutcome((change,), words.adjusted_words(signed, timer))


def _none_like(which: Selector, timers: Sequence[Timer]) -> str:
    """The answer when no timer fits the words."""
    if not timers:
        return "There are no timers."
    if which.name:
        return f"There is no {which.name} timer."
    if which.area:
        return f"There is no timer in the {which.area}."
    return "There is no such timer."
