"""Gesture rules in the engine: holds while media plays, swipes stepping brightness, conditions, answers."""

from __future__ import annotations

import dataclasses

from assistantd import intents
from assistantd.config.rule_actions import RuleAction
from assistantd.config.rules import Rule, RuleCondition, RuleTrigger, TimeWindow
from assistantd.devices.state import DeviceState, known_brightness
from assistantd.events import FaceEvent, GestureEvent
from assistantd.rules.engine import RuleContext
from assistantd.rules.gestures import GESTURE_INTENT, confirmation_answer, gesture_matches, plan_gesture
from tests.support.home import HOME, PAUSE, intent, plan_for

BRIGHTER = Rule(
    "swipe_up_brighter",
    RuleTrigger("", gesture="swipe_up"),
    actions=(
        RuleAction(service="set_brightness", data=(("brightness_step", 20),), area="here", domain="light"),
    ),
)
EVENING_ONLY = Rule(
    "wave_evening",
    RuleTrigger("", gesture="wave"),
    RuleCondition(time=TimeWindow(18 * 60, 23 * 60)),
    (RuleAction(device="front_door", service="unlock"),),
)
CONFIG = dataclasses.replace(HOME, rules=(PAUSE, BRIGHTER, EVENING_ONLY))
NOON_UNKNOWN = RuleContext("kitchen", 12 * 60, {})
PLAYING = {
    "tv": DeviceState("playing"),
    "kitchen_light": DeviceState("on", brightness=50),
    "kitchen_strip": DeviceState("off"),
}


def held(gesture: str, ms: int) -> GestureEvent:
    return GestureEvent(gesture, 0.9, 5000, "right", held_ms=ms, phase="hold")


def test_open_palm_held_one_second_pauses_the_playing_tv() -> None:
    result = plan_gesture(CONFIG, held("open_palm", 1000), RuleContext("living_room", 12 * 60, PLAYING))
    assert result is not None
    assert [(a.topic, a.payload) for a in result.actions] == [("home/tv/cmd", "PAUSE")]
    assert result.rules_fired == ("palm_pauses_tv",)
    assert (result.intent.name, result.intent.text, result.intent.modality.value) == (
        GESTURE_INTENT,
        "open_palm",
        "gesture",
    )
    assert result.intent.started_ms == 4000 and result.response


def test_the_hold_must_be_the_rules_and_the_condition_must_hold() -> None:
    context = RuleContext("living_room", 12 * 60, PLAYING)
    assert plan_gesture(CONFIG, held("open_palm", 2000), context) is None  # another hold mark
    assert (
        plan_gesture(CONFIG, GestureEvent("open_palm", 0.9, 5000, held_ms=300), context) is None
    )  # the start
    paused = RuleContext("living_room", 12 * 60, {**PLAYING, "tv": DeviceState("paused")})
    assert plan_gesture(CONFIG, held("open_palm", 1000), paused) is None
    assert plan_gesture(CONFIG, held("closed_fist", 1000), context) is None


def test_swipe_up_steps_the_brightness_of_the_lights_in_this_area() -> None:
    result = plan_gesture(
        CONFIG, GestureEvent("swipe_up", 0.8, 100), RuleContext("kitchen", 12 * 60, PLAYING)
    )
    assert result is not None
    sent = [(a.topic, a.payload) for a in result.actions]
    assert sent == [
        (
            "zigbee2mqtt/Kitchen Ceiling/set",
            '{"state":"ON","brightness":178,"transition":0.5}',
        ),  # 50% + 20 = 70%
        ("cmnd/strip/Dimmer", "20"),  # off: from 0 to 20%
    ]
    assert set(result.targets) == {"kitchen_light", "kitchen_strip"}
    elsewhere = plan_gesture(
        CONFIG, GestureEvent("swipe_up", 0.8, 100), RuleContext("garage", 12 * 60, PLAYING)
    )
    assert elsewhere is not None and elsewhere.actions == () and elsewhere.error


def test_brightness_step_is_clamped_and_starts_from_the_known_level() -> None:
    assert known_brightness(DeviceState("on", brightness=95)) == 95
    assert known_brightness(DeviceState("on")) is None  # on, at a level nobody reported
    assert known_brightness(DeviceState("off", brightness=60)) == 0
    assert known_brightness(None) is None
    context = RuleContext("kitchen", 12 * 60, {"kitchen_light": DeviceState("on", brightness=95)})
    result = plan_gesture(CONFIG, GestureEvent("swipe_up", 0.8, 100), context)
    assert '"brightness":254' in result.actions[0].payload  # 95 + 20 -> 100%


def test_a_step_from_a_level_nobody_reported_is_made_natively_never_guessed() -> None:
    """A light that never reported its level is stepped by its own dialect: zigbee2mqtt's
    brightness_step and Tasmota's Dimmer +/-, so "brighter" never dims it and "dimmer" never turns it off."""
    up = plan_gesture(CONFIG, GestureEvent("swipe_up", 0.8, 100), RuleContext("kitchen", 12 * 60, {}))
    assert [(a.topic, a.payload) for a in up.actions] == [
        ("zigbee2mqtt/Kitchen Ceiling/set", '{"brightness_step":51,"transition":0.5}'),
        ("cmnd/strip/Dimmer", "+"),
    ]
    down = plan_for(HOME, intent(intents.LIGHT_SET, name="Kitchen Light", brightness_step=-20), NOON_UNKNOWN)
    assert [(a.topic, a.payload) for a in down.actions] == [
        ("zigbee2mqtt/Kitchen Ceiling/set", '{"brightness_step":-51,"transition":0.5}')
    ]


def test_a_time_condition_and_a_risky_action_ask_for_confirmation() -> None:
    event = GestureEvent("wave", 0.8, 100)
    states = {"front_door": DeviceState("locked")}
    assert plan_gesture(CONFIG, event, RuleContext("hall", 12 * 60, states)) is None
    evening = plan_gesture(CONFIG, event, RuleContext("hall", 19 * 60, states))
    assert evening is not None and evening.needs_confirmation and "Front Door" in evening.prompt


def test_gesture_rules_never_fire_on_intents_and_intent_plans_are_unchanged() -> None:
    result = plan_for(
        CONFIG, intent(intents.TURN_ON, name="Kitchen Light"), RuleContext("kitchen", 12 * 60, PLAYING)
    )
    assert result.rules_fired == ()


def test_area_actions_and_steps_work_in_intent_rules_too() -> None:
    rule = Rule(
        "dim_with_tv",
        RuleTrigger(intents.TURN_ON, (("name", "TV"),)),
        actions=(
            RuleAction(
                service="set_brightness", data=(("brightness_step", -30),), area="here", domain="light"
            ),
        ),
    )
    config = dataclasses.replace(HOME, rules=(rule,))
    result = plan_for(
        config,
        intent(intents.TURN_ON, name="TV"),
        RuleContext("living_room", 12 * 60, {"living_lamp": DeviceState("on", brightness=80)}),
    )
    assert ("home/living_lamp/set", '{"brightness": 128}') in [(a.topic, a.payload) for a in result.actions]


def test_matching_and_confirmation_answers() -> None:
    assert gesture_matches(BRIGHTER.trigger, GestureEvent("swipe_up", 0.8, 1))
    assert not gesture_matches(BRIGHTER.trigger, GestureEvent("swipe_down", 0.8, 1))
    assert confirmation_answer(GestureEvent("thumb_up", 0.9, 1)) is True
    assert confirmation_answer(GestureEvent("thumb_down", 0.9, 1)) is False
    assert confirmation_answer(GestureEvent("thumb_up", 0.9, 1, held_ms=1000, phase="hold")) is None
    assert confirmation_answer(FaceEvent(1, head_gesture="nod")) is True
    assert confirmation_answer(FaceEvent(1, head_gesture="shake")) is False
    assert confirmation_answer(FaceEvent(1)) is None


def test_a_gesture_rule_asks_for_a_risky_action_only_where_vision_may() -> None:
    from assistantd.assistant.command import Situation, TextCommand
    from assistantd.assistant.core import Assistant
    from assistantd.config.service import ConfirmationConfig

    evening = Situation(now_ms=1_000, local_minute=19 * 60, states={"front_door": DeviceState("locked")})
    wave = GestureEvent("wave", 0.8, 100)
    thumbs = GestureEvent("thumb_up", 0.95, 200)
    refused = Assistant(CONFIG).handle(wave, evening, source="vision")
    assert refused is not None and refused.decision.outcome.value == "failed"
    assert refused.decision.actions == ()
    allowed = Assistant(dataclasses.replace(CONFIG, confirmation=ConfirmationConfig(sources=("speech", "vision"))))
    asked = allowed.handle(wave, evening, source="vision")
    assert asked is not None and asked.decision.outcome.value == "awaiting_confirmation"
    assert allowed.handle(TextCommand("yes"), evening, source="control").decision.actions == ()  # not its asker
    done = allowed.handle(thumbs, evening, source="vision")
    assert done is not None and done.decision.outcome.value == "confirmed"
    assert [action.device_id for action in done.decision.actions] == ["front_door"]
