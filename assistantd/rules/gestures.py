"""Rules triggered by gestures: a GestureEvent and the context in, a Plan of MQTT actions (or None) out. Pure.

A rule ``when: {gesture: open_palm, held_seconds: 1}`` fires on the hold event the vision pipeline
emits when the gesture has been held that long; ``when: {gesture: swipe_up}`` fires on the gesture's
start (a static gesture once stable, a movement once complete). Conditions are the intent rules'
own: the area is the one the gesture is seen in (the context's), the local time and device states.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from assistantd.config.rules import Rule, RuleTrigger
from assistantd.config.settings import Config
from assistantd.devices.state import DeviceState
from assistantd.events import FaceEvent, GestureEvent
from assistantd.intents import Intent, Modality, Slots
from assistantd.rules.conditions import condition_holds
from assistantd.rules.engine import Plan, RuleContext, finish_plan
from assistantd.rules.phrases import done_sentence
from assistantd.rules.rule_steps import rule_steps

_LOGGER = logging.getLogger(__name__)

GESTURE_INTENT = "AssistantGesture"
"""The intent name of a plan made by gesture rules (its text is the gesture)."""
_YES = frozenset({"thumb_up", "nod"})
_NO = frozenset({"thumb_down", "shake"})


def gesture_matches(trigger: RuleTrigger, event: GestureEvent) -> bool:
    """Whether a gesture event is the trigger's: the same gesture, at its start or at the held time."""
    if trigger.gesture is None or trigger.gesture != event.gesture:
        return False
    if trigger.held_seconds is None:
        return event.phase == "start"
    return event.phase == "hold" and event.held_ms == round(trigger.held_seconds * 1000)


def fired_gesture_rules(
    rules: tuple[Rule, ...],
    event: GestureEvent,
    *,
    area_id: str,
    local_minute: int,
    states: Mapping[str, DeviceState],
) -> tuple[Rule, ...]:
    """The rules a gesture fires, in configuration order."""
    return tuple(
        rule
        for rule in rules
        if gesture_matches(rule.trigger, event)
        and condition_holds(
            rule.condition, areas=frozenset({area_id}), local_minute=local_minute, states=states
        )
    )


def plan_gesture(config: Config, event: GestureEvent, context: RuleContext) -> Plan | None:
    """The plan for a gesture: the actions of the rules it fires; None when it fires none."""
    fired = fired_gesture_rules(
        config.rules, event, area_id=context.area_id, local_minute=context.local_minute, states=context.states
    )
    if not fired:
        return None
    steps, publishes = rule_steps(config, fired, area_id=context.area_id, states=context.states)
    intent = Intent(
        GESTURE_INTENT,
        Slots(),
        confidence=event.score,
        modality=Modality.GESTURE,
        text=event.gesture,
        started_ms=event.timestamp_ms - event.held_ms,
        ended_ms=event.timestamp_ms,
        recognizer="gesture",
    )
    rule_ids = tuple(rule.id for rule in fired)
    return finish_plan(config, intent, steps, publishes, rule_ids, done_sentence(steps))


def confirmation_answer(event: GestureEvent | FaceEvent) -> bool | None:
    """What a gesture answers to a pending confirmation: a thumb up or nod is yes, thumb down or shake no."""
    if isinstance(event, GestureEvent):
        word = event.gesture if event.phase == "start" else ""
    else:
        word = event.head_gesture
    if word in _YES:
        return True
    if word in _NO:
        return False
    return None
