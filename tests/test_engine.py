"""The rule engine: plans for every intent, rules and their conditions, confirmation of high-risk actions."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.dialects import ActionTemplate
from assistantd.config.rule_actions import RuleAction
from assistantd.config.rules import Rule, RuleCondition, RuleTrigger, StateCondition, TimeWindow
from assistantd.config.settings import Config
from assistantd.devices.state import DeviceState
from assistantd.rules.conditions import in_window, same_value
from assistantd.rules.engine import Plan, RuleContext
from tests.support.configs import EXAMPLE
from tests.support.home import HOME, intent, plan_for

STATES = {
    "front_door": DeviceState("locked"),
    "kitchen_light": DeviceState("on", brightness=80),
    "kitchen_strip": DeviceState("off"),
    "thermostat": DeviceState("heat", current_temperature=21.5, target_temperature=21),
    "outdoor": DeviceState("-3.5", current_temperature=-3.5),
    "hall_door": DeviceState("on"),
    "tv": DeviceState("playing"),
    "garage_door": DeviceState("closed", position=0),
}
NOON = RuleContext("kitchen", 12 * 60, STATES)

KITCHEN = "zigbee2mqtt/Kitchen Ceiling/set"


def _sent(result: Plan) -> list[tuple[str, str]]:
    return [(action.topic, action.payload) for action in result.actions]


PLANS = [
    (
        intent(intents.TURN_ON),
        [(KITCHEN, '{"state":"ON","transition":0.5}'), ("cmnd/strip/POWER", "ON")],
        "Turned on 2 lights in the Kitchen.",
    ),
    (
        intent(intents.TURN_ON, name="Kitchen Light"),
        [(KITCHEN, '{"state":"ON","transition":0.5}')],
        "Turned on the Kitchen Light.",
    ),
    (
        intent(intents.TURN_OFF, area="Living Room", domain="light"),
        [("home/living_lamp/set", '{"state": "OFF"}')],
        "Turned off the Reading Lamp.",
    ),
    (
        intent(intents.TURN_OFF, name="all", floor="First Floor"),
        [("zigbee2mqtt/Bedroom/set", '{"state":"OFF"}'), ("cmnd/desk/POWER", "OFF")],
        "Turned off 2 lights on the First Floor.",
    ),
    (intent(intents.TURN_ON, name="Kettle"), [("cmnd/kitchen_plugs/POWER2", "ON")], "Turned on the Kettle."),
    (intent(intents.TOGGLE, name="Desk Lamp"), [("cmnd/desk/POWER", "TOGGLE")], "Toggled the Desk Lamp."),
    (intent(intents.TOGGLE, name="TV"), [("home/tv/cmd", "PAUSE")], "Paused the TV."),
    (
        intent(intents.TURN_ON, name="Living Room Blinds"),
        [("zigbee2mqtt/Blinds/set", '{"state":"OPEN"}')],
        "Opened the Living Room Blinds.",
    ),
    (intent(intents.TURN_OFF, name="Main Valve"), [("cmnd/valve/POWER", "OFF")], "Closed the Main Valve."),
    (
        intent(intents.TURN_ON, name="Front Door"),
        [("zigbee2mqtt/Front Lock/set", '{"state":"LOCK"}')],
        "Locked the Front Door.",
    ),
    (
        intent(intents.TURN_ON, name="Movie Scene", domain="scene"),
        [("home/scenes/movie", "ON")],
        "Activated Movie Scene.",
    ),
    (intent(intents.TURN_ON, name="TV"), [("home/tv/cmd", "PLAY")], "Resumed the TV."),
    (intent(intents.TURN_OFF, name="TV"), [("home/tv/cmd", "PAUSE")], "Paused the TV."),
    (
        intent(intents.LIGHT_SET, brightness=50, name="Kitchen Light"),
        [(KITCHEN, '{"state":"ON","brightness":127,"transition":0.5}')],
        "Set the Kitchen Light to 50% brightness.",
    ),
    (
        intent(intents.LIGHT_SET, color="red"),
        [(KITCHEN, '{"state":"ON","color":{"hex":"#ff0000"},"transition":0.5}')],
        "Set the Kitchen Light to red.",
    ),
    (
        intent(intents.LIGHT_SET, color="warm white"),
        [(KITCHEN, '{"state":"ON","color_temp":370,"transition":0.5}'), ("cmnd/strip/CT", "370")],
        "Set 2 lights in the Kitchen to 2700 K.",
    ),
    (
        intent(intents.LIGHT_SET, color_temp_kelvin=4000, name="Counter Strip"),
        [("cmnd/strip/CT", "250")],
        "Set the Counter Strip to 4000 K.",
    ),
    (
        intent(intents.LIGHT_SET, brightness=20, color="blue", name="Kitchen Light"),
        [
            (KITCHEN, '{"state":"ON","brightness":51,"transition":0.5}'),
            (KITCHEN, '{"state":"ON","color":{"hex":"#0000ff"},"transition":0.5}'),
        ],
        "Set the Kitchen Light to 20% brightness and blue.",
    ),
    (
        intent(intents.CLIMATE_SET_TEMPERATURE, temperature=21.5),
        [("zigbee2mqtt/Radiator/set", '{"current_heating_setpoint":21.5}')],
        "Set the Thermostat to 21.5 °C.",
    ),
    (
        intent(intents.SET_POSITION, position=30, name="Living Room Blinds"),
        [("zigbee2mqtt/Blinds/set", '{"position":30}')],
        "Set the Living Room Blinds to 30%.",
    ),
    (intent(intents.MEDIA_PAUSE, area="Living Room"), [("home/tv/cmd", "PAUSE")], "Paused the TV."),
    (intent(intents.MEDIA_UNPAUSE, name="TV"), [("home/tv/cmd", "PLAY")], "Resumed the TV."),
    (
        intent(intents.MEDIA_NEXT, name="TV"),
        [("home/tv/cmd", "NEXT")],
        "Skipped to the next track on the TV.",
    ),
    (
        intent(intents.MEDIA_PREVIOUS, name="TV"),
        [("home/tv/cmd", "PREVIOUS")],
        "Went back a track on the TV.",
    ),
    (
        intent(intents.SET_VOLUME, volume_level=30, name="TV"),
        [("home/tv/volume", "30")],
        "Set the volume of the TV to 30%.",
    ),
    (intent(intents.GET_STATE, name="Front Door"), [], "The Front Door is locked."),
    (intent(intents.GET_STATE, name="Kitchen Light", state="on"), [], "Yes"),
    (intent(intents.GET_STATE, name="Kitchen Light", state="off"), [], "No, Kitchen Light is on"),
    (intent(intents.GET_STATE, name="Hall Door"), [], "The Hall Door is open."),
    (intent(intents.GET_STATE, name="Hall Door", state="open"), [], "Yes"),
    (intent(intents.GET_STATE, name="Outdoor Temperature"), [], "The Outdoor Temperature is -3.5 °C."),
    (intent(intents.GET_STATE, name="Bedroom Light"), [], "Nobody has reported that yet."),
    (
        intent(intents.GET_STATE, area="Kitchen", domain="light"),
        [],
        "Kitchen Light is on and Counter Strip is off.",
    ),
    (intent(intents.GET_STATE, domain="light", state="on"), [], "Yes, Kitchen Light"),
    (
        intent(intents.GET_STATE, domain="light", state="on", area="Bedroom"),
        [],
        "Nobody has reported that yet.",
    ),
    (
        intent(intents.GET_STATE, domain="light", state="on", area="Kitchen", name="all"),
        [],
        "No, Counter Strip is off",
    ),
    (intent(intents.GET_STATE, domain="cover", state="open"), [], "No"),
    (intent(intents.CLIMATE_GET_TEMPERATURE), [], "It is 21.5 °C in the Living Room."),
    (intent(intents.CLIMATE_GET_TEMPERATURE, name="Outdoor Temperature"), [], "It is -3.5 °C."),
    (intent(intents.NEVERMIND), [], ""),
    (intent(intents.NONE), [], ""),
]


@pytest.mark.parametrize(("asked", "sent", "response"), PLANS)
def test_plan_for_each_intent(asked, sent: list[tuple[str, str]], response: str) -> None:
    result = plan_for(HOME, asked, NOON)
    assert result.intent == asked
    assert _sent(result) == sent
    assert result.response == response
    assert result.error is None
    assert result.rules_fired == ()
    assert all(action.qos == 1 and not action.retain for action in result.actions)


def test_questions_without_reports() -> None:
    silent = RuleContext("kitchen", 600, {})
    assert (
        plan_for(HOME, intent(intents.CLIMATE_GET_TEMPERATURE), silent).response
        == "Nobody has reported that yet."
    )
    assert (
        plan_for(HOME, intent(intents.GET_STATE, name="Front Door"), silent).response
        == "Nobody has reported that yet."
    )


def test_targets_are_device_ids() -> None:
    assert plan_for(HOME, intent(intents.TURN_ON), NOON).targets == ("kitchen_light", "kitchen_strip")
    assert plan_for(HOME, intent(intents.GET_STATE, name="Front Door"), NOON).targets == ("front_door",)
    assert plan_for(HOME, intent(intents.NONE), NOON).targets == ()


ERRORS = [
    (intent(intents.TURN_ON, name="Disco Ball"), "I don't know a device called Disco Ball"),
    (intent(intents.TURN_ON, area="Garage", domain="light"), "There are no lights in the Garage"),
    (
        intent(intents.LIGHT_SET, color="red", floor="First Floor"),
        "No light on the First Floor can change color",
    ),
    (intent(intents.LIGHT_SET, color="red", name="Bedroom Light"), "Bedroom Light can't change color"),
    (intent(intents.LIGHT_SET, brightness=50, name="Desk Lamp"), "Desk Lamp can't be dimmed"),
    (intent(intents.LIGHT_SET, color="octarine"), "I don't know the color octarine"),
    (intent(intents.LIGHT_SET), "What should I set the lights to?"),
    (
        intent(intents.CLIMATE_SET_TEMPERATURE, temperature=45),
        "Thermostat can only be set between 5 and 30 degrees",
    ),
    (intent(intents.TURN_OFF, name="Movie Scene"), "Movie Scene can't be turned off"),
    (intent(intents.TURN_ON, name="Outdoor Temperature"), "Outdoor Temperature can't do that"),
    (intent(intents.MEDIA_PAUSE), "There are no media players in the Kitchen"),
    (intent(intents.TOGGLE, name="Living Room Blinds"), "Living Room Blinds can't be toggled"),
    (intent(intents.SHOPPING_LIST_ADD, item="apples"), "I can't do that here."),
    (intent(intents.GET_WEATHER), "I can't do that here."),
    (intent(intents.VACUUM_START), "I can't do that here."),
    (intent(intents.MEDIA_SEARCH, search_query="the office"), "I can't do that here."),
    (intent(intents.CLIMATE_GET_TEMPERATURE, name="Hall Door"), "Hall Door can't do that"),
]


@pytest.mark.parametrize(("asked", "error"), ERRORS)
def test_errors_are_plain_sentences(asked, error: str) -> None:
    result = plan_for(HOME, asked, NOON)
    assert (result.error, result.response) == (error, error)
    assert result.actions == ()
    assert not result.needs_confirmation


# --- confirmation of high-risk devices --------------------------------------------------------


def test_unlocking_a_high_risk_lock_needs_confirmation_with_actions_ready() -> None:
    result = plan_for(HOME, intent(intents.TURN_OFF, name="Front Door"), NOON)
    assert result.needs_confirmation
    assert _sent(result) == [("zigbee2mqtt/Front Lock/set", '{"state":"UNLOCK"}')]
    assert result.prompt == "Unlock the Front Door? Say yes to confirm."
    assert result.response == "Unlocked the Front Door."


def test_a_high_risk_device_needs_confirmation_whatever_its_reported_state() -> None:
    """A state topic anyone can publish on must not remove the question: "unlock" after a spoofed
    "unlocked", and locking a lock already reported locked, both ask."""
    spoofed = RuleContext(
        "kitchen", 600, {"front_door": DeviceState("unlocked"), "garage_door": DeviceState("open")}
    )
    for state in (NOON, spoofed, RuleContext("kitchen", 600, {})):
        assert plan_for(HOME, intent(intents.TURN_OFF, name="Front Door"), state).needs_confirmation
        assert plan_for(HOME, intent(intents.TURN_ON, name="Front Door"), state).needs_confirmation
        assert plan_for(HOME, intent(intents.TURN_ON, name="Garage Door"), state).needs_confirmation
    closing = plan_for(HOME, intent(intents.SET_POSITION, name="Garage Door", position=0), NOON)
    assert closing.needs_confirmation and closing.prompt == "Set the Garage Door to 0%? Say yes to confirm."


def test_opening_a_high_risk_cover_needs_confirmation() -> None:
    result = plan_for(HOME, intent(intents.TURN_ON, area="Garage", domain="cover"), NOON)
    assert result.needs_confirmation
    assert _sent(result) == [("cmnd/garage/ShutterOpen", "")]
    assert result.prompt == "Open the Garage Door? Say yes to confirm."
    position = plan_for(HOME, intent(intents.SET_POSITION, name="Garage Door", position=50), NOON)
    assert position.needs_confirmation
    assert position.prompt == "Set the Garage Door to 50%? Say yes to confirm."


def test_plans_that_actuate_no_high_risk_device_need_no_confirmation() -> None:
    for asked, _sent_actions, _response in PLANS:
        result = plan_for(HOME, asked, NOON)
        high_risk = asked.slots.name == "Front Door" and asked.name != intents.GET_STATE
        assert result.needs_confirmation is high_risk
        assert bool(result.prompt) is high_risk


# --- rules -------------------------------------------------------------------------------------


def _with(*rules: Rule) -> Config:
    return dataclasses.replace(HOME, rules=rules)


MOVIE_TIME = Rule(
    "movie_time",
    RuleTrigger(intents.TURN_ON, (("name", "Movie Time"),)),
    actions=(
        RuleAction(scene="movie_scene"),
        RuleAction(device="living_lamp", service="set_brightness", data=(("brightness", 20),)),
        RuleAction(publish=ActionTemplate("home/announce", "movie", qos=0, retain=True)),
    ),
    mode="replace",
)


def test_a_custom_sentence_rule_works_without_a_device_of_that_name() -> None:
    result = plan_for(_with(MOVIE_TIME), intent(intents.TURN_ON, name="movie time"), NOON)
    assert result.error is None
    assert result.rules_fired == ("movie_time",)
    assert _sent(result) == [
        ("home/scenes/movie", "ON"),
        ("home/living_lamp/set", '{"brightness": 51}'),
        ("home/announce", "movie"),
    ]
    assert (result.actions[2].qos, result.actions[2].retain) == (0, True)
    assert result.targets == ("movie_scene", "living_lamp")
    assert result.response == "Activated Movie Scene and set the Reading Lamp to 20% brightness."


def test_an_add_rule_also_works_without_a_device_of_that_name() -> None:
    rule = dataclasses.replace(MOVIE_TIME, mode="add", actions=MOVIE_TIME.actions[:1])
    result = plan_for(_with(rule), intent(intents.TURN_ON, name="Movie Time"), NOON)
    assert (result.error, _sent(result)) == (None, [("home/scenes/movie", "ON")])
    assert result.response == "Activated Movie Scene."


def test_a_rule_with_only_a_publish_says_done() -> None:
    rule = dataclasses.replace(MOVIE_TIME, actions=MOVIE_TIME.actions[2:])
    result = plan_for(_with(rule), intent(intents.TURN_ON, name="Movie Time"), NOON)
    assert (_sent(result), result.response, result.targets) == ([("home/announce", "movie")], "Done.", ())


def test_add_mode_appends_after_the_intents_own_actions() -> None:
    rule = Rule(
        "kettle_light",
        RuleTrigger(intents.TURN_ON, (("name", "KETTLE"),)),
        actions=(RuleAction(device="kitchen_light", service="turn_on"),),
    )
    result = plan_for(_with(rule), intent(intents.TURN_ON, name="Kettle"), NOON)
    assert _sent(result) == [
        ("cmnd/kitchen_plugs/POWER2", "ON"),
        (KITCHEN, '{"state":"ON","transition":0.5}'),
    ]
    assert result.rules_fired == ("kettle_light",)
    assert result.response == "Turned on the Kettle."
    assert result.targets == ("kettle", "kitchen_light")


NIGHT_DIM = Rule(
    "night_dim",
    RuleTrigger(intents.TURN_ON, (("domain", "light"),)),
    RuleCondition(areas=("kitchen",), time=TimeWindow(22 * 60, 6 * 60)),
    actions=(RuleAction(device="kitchen_light", service="set_brightness", data=(("brightness", 10),)),),
    mode="replace",
)


@pytest.mark.parametrize(
    ("minute", "fires"),
    [
        (22 * 60, True),
        (23 * 60 + 59, True),
        (0, True),
        (3 * 60, True),
        (6 * 60 - 1, True),
        (6 * 60, False),
        (12 * 60, False),
        (22 * 60 - 1, False),
    ],
)
def test_a_time_window_wrapping_past_midnight(minute: int, fires: bool) -> None:
    result = plan_for(
        _with(NIGHT_DIM), intent(intents.TURN_ON, domain="light"), RuleContext("kitchen", minute, STATES)
    )
    if fires:
        assert result.rules_fired == ("night_dim",)
        assert _sent(result) == [(KITCHEN, '{"state":"ON","brightness":25,"transition":0.5}')]
    else:
        assert result.rules_fired == ()
        assert len(result.actions) == 2


def test_time_windows() -> None:
    day = TimeWindow(8 * 60, 18 * 60)
    assert in_window(day, 8 * 60) and in_window(day, 17 * 60 + 59)
    assert not in_window(day, 18 * 60) and not in_window(day, 7 * 60)
    assert in_window(TimeWindow(0, 0), 700)
    assert in_window(TimeWindow(23 * 60, 60), 1440 + 10)


def test_area_condition_uses_the_target_area_or_the_site_area() -> None:
    rule = Rule(
        "living",
        RuleTrigger(intents.TURN_ON),
        RuleCondition(areas=("living_room",)),
        actions=(RuleAction(publish=ActionTemplate("home/log", "living")),),
    )
    config = _with(rule)
    assert plan_for(
        config, intent(intents.TURN_ON, area="Living Room", domain="light"), NOON
    ).rules_fired == ("living",)
    assert plan_for(config, intent(intents.TURN_ON, name="Reading Lamp"), NOON).rules_fired == ("living",)
    assert plan_for(config, intent(intents.TURN_ON), NOON).rules_fired == ()
    in_living = RuleContext("living_room", 600, STATES)
    assert plan_for(config, intent(intents.TURN_ON, name="Kitchen Light"), in_living).rules_fired == (
        "living",
    )


def test_state_condition() -> None:
    rule = Rule(
        "tv_dim",
        RuleTrigger(intents.TURN_ON, (("name", "reading lamp"),)),
        RuleCondition(states=(StateCondition("tv", "PLAYING"),)),
        actions=(RuleAction(device="living_lamp", service="set_brightness", data=(("brightness", 30),)),),
        mode="replace",
    )
    config = _with(rule)
    asked = intent(intents.TURN_ON, name="Reading Lamp")
    assert _sent(plan_for(config, asked, NOON)) == [("home/living_lamp/set", '{"brightness": 77}')]
    paused = RuleContext("kitchen", 600, {**STATES, "tv": DeviceState("paused")})
    assert _sent(plan_for(config, asked, paused)) == [("home/living_lamp/set", '{"state": "ON"}')]
    assert plan_for(config, asked, RuleContext("kitchen", 600, {})).rules_fired == ()


def test_trigger_slots_compare_numbers_by_value_and_text_without_case() -> None:
    rule = Rule(
        "half",
        RuleTrigger(intents.LIGHT_SET, (("brightness", "50"), ("name", "kitchen LIGHT"))),
        actions=(RuleAction(publish=ActionTemplate("home/log", "half")),),
    )
    config = _with(rule)
    assert plan_for(
        config, intent(intents.LIGHT_SET, brightness=50, name="Kitchen Light"), NOON
    ).rules_fired == ("half",)
    assert (
        plan_for(config, intent(intents.LIGHT_SET, brightness=51, name="Kitchen Light"), NOON).rules_fired
        == ()
    )
    assert plan_for(config, intent(intents.LIGHT_SET, brightness=50), NOON).rules_fired == ()
    assert plan_for(config, intent(intents.TURN_ON, name="Kitchen Light"), NOON).rules_fired == ()
    assert same_value(21, "21.0") and same_value("Movie Time", "movie time ") and not same_value("1", "one")


def test_rules_can_bind_a_scene_to_a_sentence_and_add_to_questions() -> None:
    rule = Rule(
        "door_log",
        RuleTrigger(intents.GET_STATE, (("name", "Front Door"),)),
        actions=(RuleAction(publish=ActionTemplate("home/log", "asked")),),
    )
    result = plan_for(_with(rule), intent(intents.GET_STATE, name="Front Door"), NOON)
    assert (result.response, _sent(result)) == ("The Front Door is locked.", [("home/log", "asked")])


def test_a_rule_actuating_a_high_risk_device_needs_confirmation() -> None:
    rule = Rule(
        "welcome",
        RuleTrigger(intents.TURN_ON, (("name", "Welcome Home"),)),
        actions=(
            RuleAction(device="front_door", service="unlock"),
            RuleAction(device="kitchen_light", service="turn_on"),
        ),
        mode="replace",
    )
    result = plan_for(_with(rule), intent(intents.TURN_ON, name="Welcome Home"), NOON)
    assert result.needs_confirmation
    assert result.prompt == "Unlock the Front Door? Say yes to confirm."
    assert result.response == "Unlocked the Front Door and turned on the Kitchen Light."


def test_a_raw_publish_to_a_high_risk_device_needs_confirmation() -> None:
    """A rule's raw message on a lock's command topic actuates the lock: it asks like an unlock does."""
    rule = Rule(
        "open_up",
        RuleTrigger(intents.TURN_ON, (("name", "Welcome Home"),)),
        actions=(RuleAction(publish=ActionTemplate("zigbee2mqtt/Front Lock/set", '{"state":"UNLOCK"}')),),
        mode="replace",
    )
    result = plan_for(_with(rule), intent(intents.TURN_ON, name="Welcome Home"), NOON)
    assert result.needs_confirmation and "front_door" in result.targets
    assert result.prompt == "Send the rule's message to the Front Door? Say yes to confirm."
    harmless = dataclasses.replace(rule, actions=(RuleAction(publish=ActionTemplate("home/log", "hi")),))
    assert not plan_for(
        _with(harmless), intent(intents.TURN_ON, name="Welcome Home"), NOON
    ).needs_confirmation


def test_broken_rule_actions_are_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    rule = Rule(
        "broken",
        RuleTrigger(intents.TURN_ON, (("name", "Party"),)),
        mode="replace",
        actions=(
            RuleAction(device="nowhere", service="turn_on"),
            RuleAction(device="bedroom_light", service="set_color", data=(("color", "red"),)),
            RuleAction(device="kitchen_light", service="set_brightness", data=(("brightness", "x"),)),
        ),
    )
    with caplog.at_level(logging.WARNING, logger="assistantd.rules.engine"):
        result = plan_for(_with(rule), intent(intents.TURN_ON, name="Party"), NOON)
    assert result.actions == ()
    assert result.error == "Sorry, I couldn't do that."
    assert result.rules_fired == ("broken",)
    assert "nowhere" in caplog.text and "can't change color" in caplog.text


def test_silent_intents_fire_no_rules() -> None:
    rule = Rule(
        "any", RuleTrigger(intents.NEVERMIND), actions=(RuleAction(publish=ActionTemplate("a", "b")),)
    )
    assert plan_for(_with(rule), intent(intents.NEVERMIND), NOON).actions == ()


def test_a_media_player_is_switched_off_where_it_can_be_and_paused_where_it_cannot() -> None:
    """The test home's TV has only play and pause: "turn off the TV" pauses it; the example home's TV
    has power topics too: it is switched off."""
    assert _sent(plan_for(HOME, intent(intents.TURN_OFF, name="TV"), NOON)) == [("home/tv/cmd", "PAUSE")]
    example = load_config(EXAMPLE)
    context = RuleContext("living_room", 600, {})
    off = plan_for(example, intent(intents.TURN_OFF, name="TV"), context)
    assert _sent(off) == [("living_room/tv/power/set", "OFF")]
    on = plan_for(example, intent(intents.TURN_ON, name="TV"), context)
    assert _sent(on) == [("living_room/tv/power/set", "ON")]


def test_a_generic_light_of_unknown_level_gets_brighter_to_full_and_is_not_dimmed_blindly() -> None:
    """A template needs a level: from one nobody reported, brighter is full brightness (never darker
    than it was), and dimmer is refused with a question rather than a guess that could brighten it."""
    unknown = RuleContext("living_room", 600, {})
    brighter = plan_for(HOME, intent(intents.LIGHT_SET, name="Reading Lamp", brightness_step=20), unknown)
    assert _sent(brighter) == [("home/living_lamp/set", '{"brightness": 255}')]
    dimmer = plan_for(HOME, intent(intents.LIGHT_SET, name="Reading Lamp", brightness_step=-20), unknown)
    assert _sent(dimmer) == [] and dimmer.error is not None
    assert "say a level, like 30 percent" in dimmer.error
    known = RuleContext("living_room", 600, {"living_lamp": DeviceState("on", brightness=50)})
    stepped = plan_for(HOME, intent(intents.LIGHT_SET, name="Reading Lamp", brightness_step=-20), known)
    assert _sent(stepped) == [("home/living_lamp/set", '{"brightness": 77}')]
