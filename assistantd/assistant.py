"""The decision core: text (or a recognised intent) in, what to publish and say out. Pure: no I/O, no clock."""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from assistantd import intents
from assistantd.config.model import Config
from assistantd.fusion.grammar import GrammarRecognizer
from assistantd.events import FaceEvent, GestureEvent
from assistantd.intents import Intent, Modality
from assistantd.rules.action import Action
from assistantd.rules.confirm import Confirmations, PendingConfirmation
from assistantd.rules.confirm import Outcome as ConfirmationOutcome
from assistantd.rules.engine import Plan, RuleContext, plan
from assistantd.rules.gestures import confirmation_answer, plan_gesture
from assistantd.rules.state import DeviceState

_LOGGER = logging.getLogger(__name__)


NOT_UNDERSTOOD = "Sorry, I didn't understand that."
"""The answer to what is not a command (shown by `say`; nothing is sent)."""
HEAD_GESTURE_CONFIDENCE = 0.9
"""Confidence of a nod or head shake as an answer (the face tracker reports them only past its
angle thresholds, with no score of their own)."""


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


class Assistant:
    """Recognises, plans, and keeps the dialogue state of one site."""

    def __init__(self, config: Config, recognizer: GrammarRecognizer | None = None) -> None:
        self.config = config
        self._recognizer = recognizer or GrammarRecognizer(config)
        self._confirmations = Confirmations(config.confirmation.timeout_seconds)

    def reconfigure(self, config: Config, recognizer: GrammarRecognizer | None = None) -> None:
        """Switch to a new configuration (pending confirmations are dropped).

        Compiling a recognizer takes up to a second for a large home: callers on the event loop
        build it in a thread and pass it in."""
        self._recognizer = recognizer or GrammarRecognizer(config)
        self._confirmations = Confirmations(config.confirmation.timeout_seconds)
        self.config = config

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        """The intent of a text, heard in area_id (default: the site's area)."""
        return self._recognizer.recognize(text, area_id=area_id or self.config.site.area)

    def decide(
        self,
        intent: Intent,
        *,
        now_ms: int,
        local_minute: int,
        states: Mapping[str, DeviceState],
        area_id: str | None = None,
    ) -> Decision:
        """What to do about an intent."""
        if intent.name in (intents.CONFIRM, intents.DECLINE):
            return self._answer(intent, now_ms)
        if intent.name == intents.NEVERMIND:
            self._confirmations.answer(False, now_ms)
            return Decision(intent, Outcome.CANCELLED, "OK.")
        if not intent.is_command:
            return Decision(intent, Outcome.IGNORED, NOT_UNDERSTOOD)
        self._drop_pending(now_ms)
        context = RuleContext(area_id=area_id or self.config.site.area, local_minute=local_minute, states=states)
        return self._from_plan(intent, plan(self.config, intent, context), now_ms)

    def decide_observation(
        self,
        event: GestureEvent | FaceEvent,
        *,
        now_ms: int,
        local_minute: int,
        states: Mapping[str, DeviceState],
        area_id: str | None = None,
    ) -> Decision | None:
        """What a gesture or head movement asks for: an answer to a pending question, a gesture rule's
        actions, or nothing (None)."""
        answer = confirmation_answer(event)
        if answer is not None and self._confirmations.pending is not None:
            word = event.gesture if isinstance(event, GestureEvent) else event.head_gesture
            score = event.score if isinstance(event, GestureEvent) else HEAD_GESTURE_CONFIDENCE
            name = intents.CONFIRM if answer else intents.DECLINE
            intent = Intent(name, confidence=score, modality=Modality.GESTURE, text=word, recognizer="vision")
            return self._answer(intent, now_ms)
        if not isinstance(event, GestureEvent):
            return None
        context = RuleContext(area_id=area_id or self.config.site.area, local_minute=local_minute, states=states)
        result = plan_gesture(self.config, event, context)
        if result is None:
            return None
        self._drop_pending(now_ms)
        return self._from_plan(result.intent, result, now_ms)

    def _from_plan(self, intent: Intent, result: Plan, now_ms: int) -> Decision:
        if result.error:
            return Decision(intent, Outcome.FAILED, result.error, plan=result)
        if result.needs_confirmation:
            pending = self._confirmations.request(result, now_ms)
            return Decision(intent, Outcome.AWAITING_CONFIRMATION, pending.prompt, plan=result, confirmation=pending)
        outcome = Outcome.EXECUTED if result.actions else Outcome.ANSWERED
        return Decision(intent, outcome, result.response, actions=result.actions, plan=result)

    def _drop_pending(self, now_ms: int) -> None:
        """A new command withdraws an unanswered question: a later "yes" must not act on an old one."""
        pending = self._confirmations.pending
        if pending is not None:
            self._confirmations.answer(False, now_ms)
            _LOGGER.info("Confirmation %d withdrawn: another command came first", pending.id)

    def expire(self, now_ms: int) -> tuple[PendingConfirmation, ...]:
        """Confirmations whose time ran out."""
        return self._confirmations.expire(now_ms)

    def _answer(self, intent: Intent, now_ms: int) -> Decision:
        result = self._confirmations.answer(intent.name == intents.CONFIRM, now_ms)
        asked = result.pending.plan if result.pending is not None else None
        if result.outcome is ConfirmationOutcome.CONFIRMED and result.plan is not None:
            plan_ = result.plan
            return Decision(intent, Outcome.CONFIRMED, result.message, actions=plan_.actions, plan=plan_)
        if result.outcome is ConfirmationOutcome.DECLINED:
            return Decision(intent, Outcome.DECLINED, result.message, plan=asked)
        if result.outcome is ConfirmationOutcome.EXPIRED:
            return Decision(intent, Outcome.EXPIRED, result.message, plan=asked)
        return Decision(intent, Outcome.IGNORED, result.message)
