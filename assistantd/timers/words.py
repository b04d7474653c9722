"""Timers in words, as Home Assistant says them: lengths ("1 hour and 30 minutes"), what is left, and the
answers to each timer command."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistantd.timers.book import Timer


def length_words(seconds: float) -> str:
    """A length as said: "5 minutes", "1 hour and 30 seconds", "1 hour, 15 minutes and 30 seconds"."""
    whole = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        _count(value, unit)
        for value, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if value
    ]
    return join(parts) if parts else "0 seconds"


def left_words(seconds: float) -> str:
    """What is left, rounded as people say it: seconds under 10 minutes, else to the minute."""
    if seconds >= 600:
        return length_words(round(seconds / 60) * 60)
    return length_words(seconds)


def join(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}" if value == 1 else f"{value} {unit}s"


def called(timer: Timer) -> str:
    """How a timer is spoken of: "the pizza timer", "the kitchen timer", "the 5 minute timer"."""
    if timer.name:
        return f"the {timer.name} timer"
    where = f" {timer.area}" if timer.area else ""
    return f"the {_adjective(timer.start_seconds)}{where} timer"


def _adjective(seconds: float) -> str:
    """A length before a noun: "5 minute", "1 hour 30 minute"."""
    whole = max(0, math.ceil(seconds - 1e-6))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{value} {unit}" for value, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second")) if value
    ]
    return " ".join(parts) or "0 second"


def status_one(timer: Timer, now: float) -> str:
    """ "The pizza timer has 3 minutes and 12 seconds left." / "... is paused with 1 minute left."."""
    subject = called(timer)
    subject = subject[0].upper() + subject[1:]
    left = left_words(timer.remaining(now))
    if timer.paused:
        return f"{subject} is paused with {left} left."
    return f"{subject} has {left} left."


def status_all(timers: Sequence[Timer], now: float) -> str:
    """ "2 running timers. 1 paused timer. 3 minutes left on the 5 minute timer." (the next to ring)."""
    if not timers:
        return "No timers."
    if len(timers) == 1:
        return status_one(timers[0], now)
    running = [t for t in timers if not t.paused]
    paused = len(timers) - len(running)
    parts = []
    if running:
        parts.append(f"{_count(len(running), 'running timer')}.")
    if paused:
        parts.append(f"{_count(paused, 'paused timer')}.")
    if running:
        soonest = min(running, key=lambda t: t.remaining(now))
        parts.append(f"{left_words(soonest.remaining(now))} left on {called(soonest)}.")
    return " ".join(parts)


def started_words(timer: Timer) -> str:
    """ "Timer set for 5 minutes." / "Timer set for 5 minutes named pizza."."""
    named = f" named {timer.name}" if timer.name else ""
    return f"Timer set for {length_words(timer.duration_seconds)}{named}."


def cancelled_all_words(count: int, area: str | None) -> str:
    """ "Cancelled 3 timers." / "Cancelled 1 timer in the Kitchen." / "No timers." ."""
    if not count:
        return f"No timers in the {area}." if area else "No timers."
    where = f" in the {area}" if area else ""
    return f"Cancelled {_count(count, 'timer')}{where}."


def adjusted_words(seconds: float, timer: Timer) -> str:
    """ "5 minutes added to the pizza timer." / "2 minutes removed from the timer."."""
    which = f"the {timer.name} timer" if timer.name else "the timer"
    if seconds >= 0:
        return f"{length_words(seconds)} added to {which}."
    return f"{length_words(-seconds)} removed from {which}."
