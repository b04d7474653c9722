"""What the assistant decided about one command: the outcome, what to say, what to publish."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from assistantd.action import Action
from assistantd.intents import Intent
from assistantd.rules.confirm import PendingConfirmation
from assistantd.rules.engine import Plan
from assistantd.timers.book import TimerChange

NOT_UNDERSTOOD = "Sorry, I didn't understand that."
"""The answer to what is not a command (shown by `say`; nothing is sent)."""
WHICH_ONE = "Which one do you mean? Point at it or say its name."
"""The question when "turn that on" has no pointing and no earlier device to go by."""
BUSY = "Too many commands are waiting; this one was not taken. Send it again in a moment."
"""The answer to a command refused because too many wait (outcome busy)."""
TOO_OLD = "This command waited too long to be run safely; it was not run."
"""The answer to a command older than inbox.max_age_seconds when its turn came (outcome expired)."""
NOT_FROM_HERE = "That needs a confirmation, which this input cannot give: ask by voice or with assistantd say."


class Outcome(str, enum.Enum):
    """What became of one command."""

    EXECUTED = "executed"
    """Actions were accepted for delivery."""
    ANSWERED = "answered"
    """A question was answered from the state cache; nothing to send."""
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    IGNORED = "ignored"
    """Not a command."""
    FAILED = "failed"
    """Understood, but it cannot be done (unknown device, unsupported)."""
    ASKED = "asked"
    """Understood, but which device was meant is unclear: the assistant asked; nothing was sent."""
    BUSY = "busy"
    """Not taken: too many commands were waiting. Not run; the sender may send it again."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The result of deciding on one input."""

    intent: Intent
    outcome: Outcome
    response: str
    actions: tuple[Action, ...] = ()
    """To publish now."""
    plan: Plan | None = None
    confirmation: PendingConfirmation | None = None
    """A confirmation that was requested by this input."""
    timer_changes: tuple[TimerChange, ...] = ()
    """Timers started, changed or ended by this input (the daemon records and announces them)."""
