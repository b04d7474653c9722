"""Jittered exponential backoff, shared by everything that reconnects (broker, microphone, camera)."""

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
