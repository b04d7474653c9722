"""When to try a lost camera again, and which failures deserve a warning. Pure (randomness injected)."""

from __future__ import annotations

import random

from assistantd.reconnect import Backoff


class Reopening:
    """Jittered doubling waits between attempts; a warning for each new kind of failure, not each retry.

    A camera that stays away is tried again every reconnect_max_seconds for as long as the daemon
    runs: one warning says so, the retries after it log at debug, and recovered() marks the end.
    """

    def __init__(self, min_seconds: float, max_seconds: float, rng: random.Random | None = None) -> None:
        self._backoff = Backoff(min_seconds, max_seconds, rng)
        self._failing: str | None = None
        self.attempts = 0
        """Failed attempts since frames last flowed."""

    def failed(self, message: str) -> tuple[float, bool]:
        """Seconds to wait before the next attempt, and whether this failure is news (a warning)."""
        wait = self._backoff.next_seconds()
        news = message != self._failing
        self._failing = message
        self.attempts += 1
        return wait, news

    def recovered(self) -> int:
        """Frames flow again: the next failure is news and waits the least; returns the failed attempts."""
        attempts = self.attempts
        self._backoff.reset()
        self._failing, self.attempts = None, 0
        return attempts
