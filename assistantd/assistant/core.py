"""The assistant: one command and its situation in, a report of what it decided and why out.

`Assistant.handle` is the one entry point for a command, used alike by the daemon, `understand`,
`understand --audio` and the evaluation of turns: the words (with what the hand and face did meanwhile and
the dialogue so far) become a turn, the fusion recognises its intent and chooses its devices, and the rules
plan what to publish. Pure: the time, the place and the device states come in a Situation; no I/O.
"""

from __future__ import annotations

import dataclasses
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, overload

from assistantd import intents
from assistantd.assistant.brake import RuleBrake
from assistantd.assistant.command import Sign, Situation, TextCommand
from assistantd.assistant.decision import NOT_FROM_HERE, NOT_UNDERSTOOD, WHICH_ONE, Decision, Outcome
from assistantd.assistant.dialogue import Dialogue, asked
from assistantd.assistant.gesture_turns import ruled_turn
from assistantd.assistant.report import Report, Timings
from assistantd.config.settings import Config
from assistantd.events import Event, GestureEvent, TranscriptEvent
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Turn, TurnContext, turn_from_events
from assistantd.fusion.understand import TurnRecognizer, TurnResult
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Modality
from assistantd.rules.confirm import Asker, Confirmations, PendingConfirmation, Settlement
from assistantd.rules.engine import Plan, RuleContext, plan
from assistantd.rules.gestures import confirmation_answer, plan_gesture
from assistantd.timers.commands import timer_outcome

if TYPE_CHECKING:
    from assistantd.intent_model.features import Evidence
    from assistantd.intent_model.predictor import ModelRecognizer
    from assistantd.intent_model.wire import Prediction

_LOGGER = logging.getLogger(__name__)

HEAD_GESTURE_CONFIDENCE = 0.9
"""Confidence of a nod or head shake as an answer (the face tracker reports them only past its
angle thresholds, with no score of their own)."""

COMPLETE_CONFIDENCE = 0.95
"""Grammar confidence of an exact match (0.97; fuzzy names and verbs score lower, a trailing "and" 0.66)."""

ALTERNATIVE_CONFIDENCE = 0.5
"""How sure the reading of another hearing of a spoken command read as none must be for it to be asked about
(on Home Assistant's forty-third development batch spoken: 5 more of 95 read right, none wrongly, at 0.3 to
0.5; 4 at 0.7)."""
_DIALOGUE = frozenset((intents.CONFIRM, intents.DECLINE, intents.NEVERMIND))
"""Answers no other hearing is taken as: a yes or no is never guessed."""

Timer = Callable[[], float]
"""Seconds on a performance counter (for the stage timings of a report)."""


class Assistant:
    """Recognises, plans, and keeps the dialogue and the pending confirmation of one site."""

    def __init__(
        self,
        config: Config,
        recognizer: GrammarRecognizer | None = None,
        model: ModelRecognizer | None = None,
        *,
        timer: Timer = time.perf_counter,
    ) -> None:
        self.config = config
        self._timer = timer
        self._confirmations = Confirmations(config.confirmation.timeout_seconds)
        self._dialogues: dict[str, Dialogue] = {}
        self._brake = RuleBrake()
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
        self._dialogues = {}
        self.config = config

    def set_model(self, model: ModelRecognizer | None) -> None:
        """Use a trained intent model beside the grammar (None: the grammar alone)."""
        self._combined.model = model

    @property
    def model(self) -> ModelRecognizer | None:
        """The intent model in use, if any."""
        return self._combined.model

    @overload
    def handle(self, command: TextCommand, situation: Situation, *, source: str = "") -> Report: ...

    @overload
    def handle(self, command: Sign, situation: Situation, *, source: str = "") -> Report | None: ...

    def handle(self, command: TextCommand | Sign, situation: Situation, *, source: str = "") -> Report | None:
        """Understand a command and decide on it; None for a sign that asks for nothing."""
        if isinstance(command, TextCommand) and command.sign is not None:  # a satellite's camera saw it
            report = self._handle_sign(command.sign, situation, source, sent=command)
            return report or _nothing_asked(command, command.sign, source, situation.received_ms)
        if isinstance(command, TextCommand):
            return self._handle_words(command, situation, source)
        return self._handle_sign(command, situation, source)

    def _handle_words(self, command: TextCommand, situation: Situation, source: str) -> Report:
        asker = Asker(source, command.source_id)
        started = self._timer()
        turn = self.understand_turn(self._turn(command, situation))
        if not turn.intent.is_command and command.alternatives and self._confirmations.pending is None:
            command, turn = self._heard_otherwise(command, situation, turn)
        turn = turn._replace(intent=_heard(turn.intent, command, situation.received_ms))
        if command.guessed:  # words put right, not heard: asked about first
            turn = turn._replace(sure=False)
        recognized = self._timer()
        decision = self.decide(turn, situation, asker=asker)
        decided = self._timer()
        timings = Timings((recognized - started) * 1000, (decided - recognized) * 1000)
        received = situation.received_ms
        return Report(command, source, decision, timings, received, turn=turn, decided_at=decided,
                      speaker=situation.speaker)  # fmt: skip

    def _heard_otherwise(
        self, command: TextCommand, situation: Situation, turn: TurnResult
    ) -> tuple[TextCommand, TurnResult]:
        """Spoken words read as no command: the first other reading of the audio that is a command (not a
        yes or no), understood with some confidence, marked guessed so that it is asked about; else the
        words as they were."""
        for text in command.alternatives:
            other = dataclasses.replace(command, text=text, guessed=True, alternatives=())
            read = self.understand_turn(self._turn(other, situation))
            intent = read.intent
            sure = intent.confidence >= ALTERNATIVE_CONFIDENCE
            if intent.is_command and intent.name not in _DIALOGUE and sure:
                _LOGGER.info('Heard "%s", no command; asking about another hearing: "%s"', command.text, text)
                return other, read
        return command, turn

    def _handle_sign(
        self, sign: Sign, situation: Situation, source: str, *, sent: TextCommand | None = None
    ) -> Report | None:
        """A gesture or nod of this site's camera, or one a satellite sent (sent: its command)."""
        started = self._timer()
        asker = Asker(source, sent.source_id if sent is not None else None)
        decision = self.decide_sign(sign, situation, asker=asker)
        if decision is None:
            return None
        decided = self._timer()
        timings = Timings(0.0, (decided - started) * 1000)
        return Report(sent or sign, source, decision, timings, situation.received_ms, decided_at=decided)

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
        command = TextCommand(text, transcript_confidence=speech_confidence)
        situation = Situation(now_ms, 0, area_id=area_id, observations=observations)
        return self.understand_turn(self._turn(command, situation))

    def complete(self, text: str, *others: str) -> bool:
        """Whether words alone are a whole command the grammar reads exactly (not fuzzily), so that a
        speaker who has stopped after them has said what they wanted ("turn on the" and "set a timer
        for" are not; "turn on the kitchen light" is); others: other readings of the same audio, which must
        mean the same command."""
        return whole_command(self._combined.grammar, text, *others)

    def understand_turn(self, turn: Turn) -> TurnResult:
        """A turn as it stands (its context given): its intent, the devices it means and why (a gesture
        alone that fires a gesture rule: what the rule does)."""
        return ruled_turn(self.config, turn) or self._turns.understand_turn(turn)

    def read_ahead(self, waiting: Sequence[tuple[TextCommand, Situation]]) -> int:
        """Let the model read commands that arrived together in one batch (they are then handled one by
        one, in order, as usual; a turn whose dialogue changed meanwhile is read again). Returns how many
        the model read."""
        return self._combined.read_ahead(self._situated(waiting))

    def unsure(self, waiting: Sequence[tuple[TextCommand, Situation]]) -> list[tuple[str, Evidence]]:
        """What the model must read of commands that arrived together (the words and evidence of those the
        grammar is not certain of), for the recognizer workers to read ahead."""
        return self._combined.unsure(self._situated(waiting))

    def keep_ahead(self, turns: Sequence[tuple[str, Evidence]], predictions: Sequence[Prediction]) -> None:
        """The recognizer workers' predictions for turns unsure() gave, for handling to find."""
        self._combined.keep_ahead(turns, predictions)

    def _situated(
        self, waiting: Sequence[tuple[TextCommand, Situation]]
    ) -> list[tuple[str, str | None, Evidence]]:
        made = [self._turn(command, situation) for command, situation in waiting]
        return [(turn.text, *self._turns.situate(turn)[:2]) for turn in made]

    def _turn(self, command: TextCommand, situation: Situation) -> Turn:
        """The turn of some words in their situation: the hand and face meanwhile, the dialogue so far, the
        device states and the context text."""
        now_ms = situation.now_ms
        pending = self._confirmations.pending
        context = TurnContext(
            area=situation.area_id,
            states=tuple((device, state.state) for device, state in situation.states.items() if state.state),
            awaiting_confirmation=pending is not None,
            previous=asked(pending.plan)
            if pending is not None
            else self._dialogue(command.source_id).previous(now_ms),
            text=situation.context_text,
        )
        confidence = command.transcript_confidence if command.transcript_confidence is not None else 1.0
        spoken = TranscriptEvent(command.text, confidence=confidence, start_ms=now_ms, end_ms=now_ms)
        return turn_from_events(spoken, situation.observations, context, speaker=situation.speaker)

    def decide(self, turn: TurnResult, situation: Situation, *, asker: Asker = Asker()) -> Decision:
        """What to do about an understood turn: answer a confirmation, ask which device when it is
        unclear, or plan the intent on the devices the turn chose."""
        intent = turn.intent
        if intent.name in (intents.CONFIRM, intents.DECLINE):
            return self._answer(intent, situation.now_ms, asker)
        if intent.name == intents.NEVERMIND:
            self._confirmations.answer(False, situation.now_ms, party=asker.party)
            return Decision(intent, Outcome.CANCELLED, "OK.")
        if not intent.is_command:
            return Decision(intent, Outcome.IGNORED, NOT_UNDERSTOOD)
        self._drop_pending(situation.now_ms, asker.party)
        if intent.name in intents.TIMER_INTENTS:
            return self._timer_decision(intent, situation, turn.heard_in)
        if turn.ask:
            return Decision(intent, Outcome.ASKED, WHICH_ONE)
        result = plan(self.config, intent, turn.targets, self._rule_context(situation, turn.heard_in))
        decision = self._from_plan(intent, result, situation.now_ms, asker, unsure=not turn.sure)
        if turn.left_alone and decision.outcome is Outcome.EXECUTED:
            return dataclasses.replace(decision, response=f"{decision.response} {self._left_alone(turn)}")
        return decision

    def _timer_decision(self, intent: Intent, situation: Situation, heard_in: str) -> Decision:
        """A timer command carried out on the situation's timers (the changes go back in the decision)."""
        area = self.config.area(situation.area_id or heard_in or self.config.site.area)
        done = timer_outcome(
            intent,
            situation.timers,
            situation.wall_seconds,
            heard_area=area.name if area is not None else None,
            new_id=uuid.uuid4().hex[:12],
        )
        outcome = Outcome.FAILED if done.failed else Outcome.EXECUTED if done.changes else Outcome.ANSWERED
        return Decision(intent, outcome, done.response, timer_changes=done.changes)

    def _left_alone(self, turn: TurnResult) -> str:
        """The sentence that says which areas a command left alone, as the context asked."""
        areas = [self.config.area(item.area) for item in turn.left_alone]
        names = list(dict.fromkeys(area.name for area in areas if area is not None))
        return f"I left the {' and the '.join(names)} alone." if names else ""

    def decide_sign(self, sign: Sign, situation: Situation, *, asker: Asker = Asker()) -> Decision | None:
        """What a gesture or head movement asks for: an answer to a pending question, a gesture rule's
        actions, or nothing (None)."""
        answer = confirmation_answer(sign)
        if answer is not None and self._confirmations.pending is not None:
            word = sign.gesture if isinstance(sign, GestureEvent) else sign.head_gesture
            score = sign.score if isinstance(sign, GestureEvent) else HEAD_GESTURE_CONFIDENCE
            name = intents.CONFIRM if answer else intents.DECLINE
            intent = Intent(name, confidence=score, modality=Modality.GESTURE, text=word, recognizer="vision")
            return self._answer(intent, situation.now_ms, asker)
        if not isinstance(sign, GestureEvent):
            return None
        result = plan_gesture(self.config, sign, self._rule_context(situation))
        if result is None:
            return None
        self._drop_pending(situation.now_ms, asker.party)
        return self._from_plan(result.intent, result, situation.now_ms, asker)

    def _rule_context(self, situation: Situation, heard_in: str = "") -> RuleContext:
        area_id = situation.area_id or heard_in or self.config.site.area
        return RuleContext(
            area_id, situation.local_minute, situation.states, situation.local_date, situation.weather
        )

    def _from_plan(
        self, intent: Intent, result: Plan, now_ms: int, asker: Asker, *, unsure: bool = False
    ) -> Decision:
        """Carry out a plan, or ask first when it is risky or the command was not understood for sure;
        refuse a risky one from an input that may not ask for it (confirmation.sources)."""
        if result.error:
            return Decision(intent, Outcome.FAILED, result.error, plan=result)
        held = self._brake.held(result.rules_fired, now_ms) if result.actions else ()
        if held:
            return Decision(intent, Outcome.FAILED, f"The rule {held[0]} is firing too often: held back for a minute.",
                            plan=result)  # fmt: skip
        if result.needs_confirmation and not asker.may_ask_risky(self.config.confirmation.sources):
            _LOGGER.warning("Refused a high-risk action from %s (not in confirmation.sources)", asker.party)
            return Decision(intent, Outcome.FAILED, NOT_FROM_HERE, plan=result)
        unsure = unsure and bool(result.actions)
        if result.needs_confirmation or unsure:
            pending = self._confirmations.request(result, now_ms, unsure=unsure, party=asker.party)
            return Decision(
                intent, Outcome.AWAITING_CONFIRMATION, pending.prompt, plan=result, confirmation=pending
            )
        outcome = Outcome.EXECUTED if result.actions else Outcome.ANSWERED
        self._dialogue(asker.sender).remember(result, now_ms)
        return Decision(intent, outcome, result.response, actions=result.actions, plan=result)

    def _drop_pending(self, now_ms: int, party: str) -> None:
        """A new command withdraws its asker's unanswered question: a later "yes" must not act on an old
        one (another party's question stays for them)."""
        pending = self._confirmations.pending
        if pending is not None and pending.party == party:
            self._confirmations.answer(False, now_ms, party=party)
            _LOGGER.info("Confirmation %d withdrawn: another command came first", pending.id)

    def stop(self) -> PendingConfirmation | None:
        """Someone said stop: the question waiting for an answer is withdrawn (returned), whoever asked."""
        pending = self._confirmations.withdraw()
        if pending is not None:
            _LOGGER.info("Confirmation %d withdrawn: stop", pending.id)
        return pending

    def expire(self, now_ms: int) -> tuple[PendingConfirmation, ...]:
        """Confirmations whose time ran out."""
        return self._confirmations.expire(now_ms)

    def _dialogue(self, sender: str | None) -> Dialogue:
        """The dialogue of the site a command came from: a satellite's own (its id is the sender), else the
        coordinator's site's ("it" in the kitchen is what was just done in the kitchen)."""
        site = sender if sender is not None and self.config.satellite(sender) is not None else ""
        return self._dialogues.setdefault(site, Dialogue())

    def _answer(self, intent: Intent, now_ms: int, asker: Asker) -> Decision:
        result = self._confirmations.answer(intent.name == intents.CONFIRM, now_ms, party=asker.party)
        asked = result.pending.plan if result.pending is not None else None
        if result.settlement is Settlement.CONFIRMED and result.plan is not None:
            self._dialogue(asker.sender).remember(result.plan, now_ms)
            actions = result.plan.actions
            return Decision(intent, Outcome.CONFIRMED, result.message, actions=actions, plan=result.plan)
        if result.settlement is Settlement.DECLINED:
            return Decision(intent, Outcome.DECLINED, result.message, plan=asked)
        if result.settlement is Settlement.EXPIRED:
            return Decision(intent, Outcome.EXPIRED, result.message, plan=asked)
        return Decision(intent, Outcome.IGNORED, result.message)


def _heard(intent: Intent, command: TextCommand, received_ms: int) -> Intent:
    """The intent as heard: its timestamps, and for speech its modality and transcription confidence."""
    if command.modality is Modality.TEXT:
        return dataclasses.replace(intent, started_ms=received_ms, ended_ms=received_ms)
    confidence = intent.confidence * (command.transcript_confidence or 1.0)
    started = command.spoken_from_ms if command.spoken_from_ms is not None else received_ms
    ended = command.heard_ms if command.heard_ms is not None else received_ms
    return dataclasses.replace(
        intent, modality=command.modality, confidence=confidence, started_ms=started, ended_ms=ended
    )


def whole_command(grammar: GrammarRecognizer, text: str, *others: str) -> bool:
    """Whether words alone are a whole command the grammar reads exactly (see Assistant.complete); others:
    other readings of the same audio, each of which must mean the very same command."""
    heard = grammar.recognize(text) if text.strip() else intents.no_intent(text)
    if not (heard.is_command and heard.confidence >= COMPLETE_CONFIDENCE):
        return False
    meant = _meaning(heard)
    return all(other.strip() and _meaning(grammar.recognize(other)) == meant for other in others)


def _meaning(heard: Intent) -> tuple[str, dict[str, object]]:
    return heard.name, heard.slots.as_dict()


def _nothing_asked(command: TextCommand, sign: Sign, source: str, received_ms: int) -> Report:
    """The answer to a satellite's gesture or nod that asks for nothing now (no question waits for it, no
    gesture rule's conditions hold): ignored, so that the satellite hears back."""
    word = sign.gesture if isinstance(sign, GestureEvent) else sign.head_gesture
    intent = intents.no_intent(word, modality=Modality.GESTURE)
    return Report(command, source, Decision(intent, Outcome.IGNORED, ""), Timings(0.0, 0.0), received_ms)
