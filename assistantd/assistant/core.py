"""The decision core: text (or a recognised intent) in, what to publish and say out. Pure: no I/O, no clock."""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistantd import intents
from assistantd.action import Action
from assistantd.config.settings import Config
from assistantd.devices.state import DeviceState
from assistantd.events import Event, FaceEvent, GestureEvent, TranscriptEvent
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.targets import TurnRecognizer, TurnResult
from assistantd.fusion.turns import Previous, Turn, TurnContext, turn_from_events
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Modality
from assistantd.rules.confirm import Confirmations, PendingConfirmation
from assistantd.rules.confirm import Outcome as ConfirmationOutcome
from assistantd.rules.engine import Plan, RuleContext, plan
from assistantd.rules.gestures import confirmation_answer, plan_gesture

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)


NOT_UNDERSTOOD = "Sorry, I didn't understand that."
"""The answer to what is not a command (shown by `say`; nothing is sent)."""
Heard = tuple[str, str | None, tuple[Event, ...], float | None]
"""A command's words, the area it was heard in, what the camera saw meanwhile, the transcript's confidence."""
WHICH_ONE = "Which one do you mean? Point at it or say its name."
"""The question when "turn that on" has no pointing and no earlier device to go by."""
DIALOGUE_MEMORY_MS = 300_000
"""How long the last command's devices stay "it" and "that" for follow-ups."""
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
    ASKED = "asked"
    """Understood, but which device was meant is unclear: the assistant asked; nothing was sent."""


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

    def __init__(
        self,
        config: Config,
        recognizer: GrammarRecognizer | None = None,
        model: ModelRecognizer | None = None,
    ) -> None:
        self.config = config
        self._confirmations = Confirmations(config.confirmation.timeout_seconds)
        self._previous: tuple[Previous, int] | None = None
        self._use(config, recognizer, model)

    def _use(self, config: Config, grammar: GrammarRecognizer | None, model: ModelRecognizer | None) -> None:
        self._combined = CombinedRecognizer(config, grammar=grammar, model=model)
        self._turns = TurnRecognizer(config, self._combined)

    def reconfigure(
        self,
        config: Config,
        recognizer: GrammarRecognizer | None = None,
        model: ModelRecognizer | None = None,
    ) -> None:
        """Switch to a new configuration (pending confirmations and the dialogue are dropped; so is the
        model unless one trained for the new configuration is passed).

        Compiling a recognizer takes up to a second for a large home: callers on the event loop
        build it in a thread and pass it in."""
        self._use(config, recognizer, model)
        self._confirmations = Confirmations(config.confirmation.timeout_seconds)
        self._previous = None
        self.config = config

    def set_model(self, model: ModelRecognizer | None) -> None:
        """Use a trained intent model beside the grammar (None: the grammar alone)."""
        self._combined.model = model

    @property
    def model(self) -> ModelRecognizer | None:
        """The intent model in use, if any."""
        return self._combined.model

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        """The intent of a text, heard in area_id (default: the site's area)."""
        return self._combined.recognize(text, area_id=area_id or self.config.site.area)

    def understand(
        self,
        text: str,
        *,
        now_ms: int,
        area_id: str | None = None,
        observations: tuple[Event, ...] = (),
        speech_confidence: float | None = None,
    ) -> TurnResult:
        """A whole turn: the words with what the hand and face did meanwhile and the dialogue so far,
        to an intent and the devices it means (pointing and "it" resolved)."""
        return self._turns.recognize_turn(self._turn(text, now_ms, area_id, observations, speech_confidence))

    def read_ahead(self, turns: Sequence[Heard], *, now_ms: int) -> int:
        """Let the model read turns that arrived together in one batch (they are then understood one by
        one, in order, as usual; a turn whose dialogue changed meanwhile is read again). Returns how many
        the model read."""
        made = [
            self._turn(text, now_ms, area_id, seen, confidence) for text, area_id, seen, confidence in turns
        ]
        return self._combined.read_ahead([(t.text, t.context.area, t.evidence()) for t in made])

    def _turn(
        self,
        text: str,
        now_ms: int,
        area_id: str | None,
        observations: tuple[Event, ...],
        speech_confidence: float | None,
    ) -> Turn:
        previous = None
        if self._previous is not None and now_ms - self._previous[1] <= DIALOGUE_MEMORY_MS:
            previous = self._previous[0]
        context = TurnContext(
            area=area_id or self.config.site.area,
            awaiting_confirmation=self._confirmations.pending is not None,
            previous=previous,
        )
        confidence = speech_confidence if speech_confidence is not None else 1.0
        spoken = TranscriptEvent(text, confidence=confidence, start_ms=now_ms, end_ms=now_ms)
        return turn_from_events(spoken, observations, context)

    def decide_turn(
        self,
        turn: TurnResult,
        *,
        now_ms: int,
        local_minute: int,
        states: Mapping[str, DeviceState],
        area_id: str | None = None,
    ) -> Decision:
        """What to do about an understood turn: ask which device when it is unclear, act on the devices
        pointed at or spoken of before, or decide on the intent as usual."""
        intent = turn.intent
        if turn.ask:
            self._drop_pending(now_ms)
            return Decision(intent, Outcome.ASKED, WHICH_ONE)
        if turn.chosen_by in ("pointing", "dialogue"):
            intent = replace(intent, device_ids=turn.targets)
        return self.decide(intent, now_ms=now_ms, local_minute=local_minute, states=states, area_id=area_id)

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
        context = RuleContext(
            area_id=area_id or self.config.site.area, local_minute=local_minute, states=states
        )
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
        context = RuleContext(
            area_id=area_id or self.config.site.area, local_minute=local_minute, states=states
        )
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
            return Decision(
                intent, Outcome.AWAITING_CONFIRMATION, pending.prompt, plan=result, confirmation=pending
            )
        outcome = Outcome.EXECUTED if result.actions else Outcome.ANSWERED
        self._remember(result, now_ms)
        return Decision(intent, outcome, result.response, actions=result.actions, plan=result)

    def _remember(self, done: Plan, now_ms: int) -> None:
        """The devices of what was just done become "it" for the next turn."""
        if done.intent.name in intents.HA_INTENTS and done.targets:
            slots = tuple(done.intent.slots.as_dict().items())
            self._previous = (Previous(done.intent.name, done.targets, slots), now_ms)

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
            self._remember(plan_, now_ms)
            return Decision(intent, Outcome.CONFIRMED, result.message, actions=plan_.actions, plan=plan_)
        if result.outcome is ConfirmationOutcome.DECLINED:
            return Decision(intent, Outcome.DECLINED, result.message, plan=asked)
        if result.outcome is ConfirmationOutcome.EXPIRED:
            return Decision(intent, Outcome.EXPIRED, result.message, plan=asked)
        return Decision(intent, Outcome.IGNORED, result.message)
