"""Confirmation of high-risk plans: one pending question at a time, answered by the party that asked or
expired (times passed in)."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from assistantd.rules.engine import Plan
from assistantd.rules.phrases import CONFIRM_SUFFIX

_LOGGER = logging.getLogger(__name__)

DECLINED_RESPONSE = "OK, I won't."
EXPIRED_RESPONSE = "That took too long, so I didn't do it. Please ask again."
NOTHING_RESPONSE = "There is nothing to confirm."
LOCAL_SOURCES = frozenset({"speech", "vision"})
"""The site's own microphone and camera: one party, the person in the room (a spoken request is confirmed
by a thumbs-up or a nod)."""


@dataclass(frozen=True, slots=True)
class Asker:
    """Who a command came from: its input (speech, vision, control, mqtt; "" for a caller in the same
    process) and, over MQTT, the sender's own id (a satellite's, from its topic; else JSON "source")."""

    source: str = ""
    sender: str | None = None

    @property
    def party(self) -> str:
        """Who may answer a question this asker was asked: the room, the socket, one MQTT sender."""
        if self.source in LOCAL_SOURCES:
            return "room"
        if self.source == "mqtt" and self.sender:
            return f"mqtt:{self.sender}"
        return self.source

    def may_ask_risky(self, sources: tuple[str, ...]) -> bool:
        """Whether confirmation.sources lets this asker ask for (and confirm) a high-risk action."""
        if not self.source:
            return True
        return self.source in sources or (self.source == "mqtt" and f"mqtt:{self.sender}" in sources)


class Settlement(str, enum.Enum):
    """How a confirmation ended."""

    CONFIRMED = "confirmed"
    DECLINED = "declined"
    EXPIRED = "expired"
    NOTHING_PENDING = "nothing_pending"


@dataclass(frozen=True, slots=True)
class PendingConfirmation:
    """A plan waiting for a yes or no."""

    id: int
    """Increases with each request, from 1."""
    plan: Plan
    prompt: str
    """The question asked ("Unlock the Front Door? Say yes to confirm.")."""
    expires_ms: int
    """Monotonic time after which a yes no longer counts."""
    reason: str = "risky"
    """Why it is asked: "risky" (a high-risk device would change) or "unsure" (the command was not
    understood with certainty: "Did you mean ...?")."""
    party: str = ""
    """Who was asked (Asker.party): only they can answer."""


@dataclass(frozen=True, slots=True)
class ConfirmationResult:
    """The answer to a confirmation: the plan to carry out (only when confirmed) and what to say."""

    settlement: Settlement
    message: str
    """What to say ("OK, I won't."; for CONFIRMED, the plan's response)."""
    plan: Plan | None = None
    """The confirmed plan to execute; None unless settled as CONFIRMED."""
    pending: PendingConfirmation | None = None
    """The confirmation this answered, if there was one."""


class Confirmations:
    """Holds at most one pending confirmation; a new request replaces the old one."""

    def __init__(self, timeout_seconds: float) -> None:
        self._timeout_ms = max(0, round(timeout_seconds * 1000))
        self._pending: PendingConfirmation | None = None
        self._next_id = 1

    @property
    def pending(self) -> PendingConfirmation | None:
        """The confirmation waiting for an answer, if any (it may have expired; see expire)."""
        return self._pending

    def request(
        self, plan: Plan, now_ms: int, *, unsure: bool = False, party: str = ""
    ) -> PendingConfirmation:
        """Ask to confirm a plan (unsure: because the command was not understood with certainty), of the
        party that asked for it; replaces any earlier pending question."""
        if self._pending is not None:
            _LOGGER.info("Confirmation %d replaced by a new request", self._pending.id)
        if unsure:
            prompt, reason = did_you_mean(plan), "unsure"
        else:
            prompt, reason = plan.prompt or f"Are you sure? {CONFIRM_SUFFIX}", "risky"
        pending = PendingConfirmation(self._next_id, plan, prompt, now_ms + self._timeout_ms, reason, party)
        self._next_id += 1
        self._pending = pending
        return pending

    def answer(self, confirmed: bool, now_ms: int, *, party: str = "") -> ConfirmationResult:
        """Settle the pending confirmation with a yes or a no of the party that was asked (once); an
        answer from anyone else leaves it pending."""
        pending = self._pending
        if pending is None or pending.party != party:
            if pending is not None:
                _LOGGER.info(
                    "Confirmation %d not answered: %r asked, %r answered", pending.id, pending.party, party
                )
            return ConfirmationResult(Settlement.NOTHING_PENDING, NOTHING_RESPONSE)
        self._pending = None
        if now_ms >= pending.expires_ms:
            return ConfirmationResult(Settlement.EXPIRED, EXPIRED_RESPONSE, pending=pending)
        if not confirmed:
            return ConfirmationResult(Settlement.DECLINED, DECLINED_RESPONSE, pending=pending)
        return ConfirmationResult(Settlement.CONFIRMED, pending.plan.response, pending.plan, pending)

    def withdraw(self) -> PendingConfirmation | None:
        """Drop the pending confirmation, whoever was asked (someone said stop); returns it."""
        pending, self._pending = self._pending, None
        return pending

    def expire(self, now_ms: int) -> tuple[PendingConfirmation, ...]:
        """Drop the pending confirmation if its time is up; returns what was dropped."""
        pending = self._pending
        if pending is None or now_ms < pending.expires_ms:
            return ()
        self._pending = None
        _LOGGER.info("Confirmation %d expired", pending.id)
        return (pending,)


def did_you_mean(plan: Plan) -> str:
    """The question when a command was understood without certainty ("Did you mean: turn on the Bedroom
    Lamp? Say yes or no.")."""
    summary = plan.summary or plan.response.rstrip(".")
    return f"Did you mean: {summary[:1].lower()}{summary[1:]}? Say yes or no."
