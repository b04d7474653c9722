"""A brake on runaway rules: a rule that fires more often than anyone could ask for is a loop (two sites'
rules that publish to each other's text topics, an automation that echoes an action back as a command),
and is held back for a while, with a warning, instead of flooding the devices and the broker."""

from __future__ import annotations

import collections
import logging

_LOGGER = logging.getLogger(__name__)

MAX_FIRINGS = 20
"""Firings of one rule within WINDOW_MS beyond which it is held back."""
WINDOW_MS = 10_000
HOLD_MS = 60_000
"""How long a runaway rule stays held back."""


class RuleBrake:
    """Counts each rule's recent firings (monotonic milliseconds passed in)."""

    def __init__(self, max_firings: int = MAX_FIRINGS, window_ms: int = WINDOW_MS, hold_ms: int = HOLD_MS) -> None:
        self._max = max_firings
        self._window_ms = window_ms
        self._hold_ms = hold_ms
        self._firings: dict[str, collections.deque[int]] = {}
        self._held_until: dict[str, int] = {}

    def held(self, rules: tuple[str, ...], now_ms: int) -> tuple[str, ...]:
        """Record that rules are about to fire; returns those held back (firing too often, or still held)."""
        stopped = []
        for rule in rules:
            if self._held_until.get(rule, -1) > now_ms:
                stopped.append(rule)
                continue
            firings = self._firings.setdefault(rule, collections.deque())
            firings.append(now_ms)
            while firings and firings[0] <= now_ms - self._window_ms:
                firings.popleft()
            if len(firings) > self._max:
                self._held_until[rule] = now_ms + self._hold_ms
                firings.clear()
                _LOGGER.warning("Rule %r fired %d times in %d s: held back for %d s (a loop?)", rule,
                                self._max + 1, self._window_ms // 1000, self._hold_ms // 1000)  # fmt: skip
                stopped.append(rule)
        return tuple(stopped)
