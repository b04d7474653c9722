"""Reconnecting with jittered exponential backoff, shared by the broker, the microphone and the camera."""

from __future__ import annotations

import random


class Backoff:
    """Exponential delays between min and max seconds, each drawn in [delay/2, delay] (jitter)."""

    __slots__ = ("_max_seconds", "_min_seconds", "_next_seconds", "_random")

    def __init__(self, min_seconds: float, max_seconds: float, rng: random.Random | None = None) -> None:
        self._min_seconds = min_seconds
        self._max_seconds = max(min_seconds, max_seconds)
        self._next_seconds = min_seconds
        self._random = rng or random.Random()

    def next_seconds(self) -> float:
        """The delay before the next attempt; doubles the one after."""
        delay = self._next_seconds
        self._next_seconds = min(self._max_seconds, delay * 2)
        return self._random.uniform(delay / 2, delay)

    def reset(self) -> None:
        """Start again from the minimum."""
        self._next_seconds = self._min_seconds


class Reconnect:
    """The retry state of one connection: its backoff, and whether a failure is news worth a warning.

    A source that stays away is tried again every max_seconds for as long as the daemon runs: the first
    failure of each kind is news (a warning), its repeats are not (debug), and recovered() marks the end.
    Pure: the caller sleeps and logs; randomness can be injected.
    """

    __slots__ = ("_backoff", "_failing", "attempts")

    def __init__(self, min_seconds: float, max_seconds: float, rng: random.Random | None = None) -> None:
        self._backoff = Backoff(min_seconds, max_seconds, rng)
        self._failing: str | None = None
        self.attempts = 0
        """Failed attempts since the connection last worked."""

    def failed(self, message: str) -> tuple[float, bool]:
        """Seconds to wait before the next attempt, and whether this failure is news."""
        wait = self._backoff.next_seconds()
        news = message != self._failing
        self._failing = message
        self.attempts += 1
        return wait, news

    def recovered(self) -> int:
        """It works again: the next failure is news and waits the least; returns the failed attempts."""
        attempts = self.attempts
        self._backoff.reset()
        self._failing, self.attempts = None, 0
        return attempts
