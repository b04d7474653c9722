"""The dialogue: what was just done, so that "it", "that" and "and the bedroom too" can follow it."""

from __future__ import annotations

from assistantd import intents
from assistantd.fusion.turns import Previous
from assistantd.rules.engine import Plan

DIALOGUE_MEMORY_MS = 300_000
"""How long the last command's devices stay "it" and "that" for follow-ups."""


class Dialogue:
    """The last command carried out, for a while."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: tuple[Previous, int] | None = None

    def previous(self, now_ms: int) -> Previous | None:
        """The last command carried out, unless it is older than DIALOGUE_MEMORY_MS."""
        if self._last is not None and now_ms - self._last[1] <= DIALOGUE_MEMORY_MS:
            return self._last[0]
        return None

    def remember(self, done: Plan, now_ms: int) -> None:
        """The devices of what was just done become "it" for the next turn."""
        if done.intent.name in intents.HA_INTENTS and done.targets:
            self._last = (asked(done), now_ms)


def asked(plan: Plan) -> Previous:
    """A plan as the turn after it sees it: its intent, devices and settings (while a question about it
    waits, the turn after it is the answer, and "it" is its device)."""
    return Previous(plan.intent.name, plan.targets, tuple(plan.intent.slots.as_dict().items()))
