"""Assistant.decide over the example home: commands, confirmations of high-risk actions, and failures."""

from __future__ import annotations

import dataclasses

from collections.abc import Mapping

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import NOT_UNDERSTOOD, Decision, Outcome
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.devices.state import DeviceState
from assistantd.intents import Intent, Slots
from assistantd.rules.confirm import DECLINED_RESPONSE, EXPIRED_RESPONSE, NOTHING_RESPONSE
from tests.support.configs import EXAMPLE
from tests.support.home import decide_intent

NOON = 12 * 60
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
FRONT_DOOR = "zigbee2mqtt/hallway/front_door_lock/set"
UNLOCK_PROMPT = "Unlock the Front Door? Say yes to confirm."


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def shared(config: Config) -> Assistant:
    """For tests that leave no dialogue state behind (building the recognizer takes a while)."""
    return Assistant(config)


@pytest.fixture
def assistant(config: Config) -> Assistant:
    """A fresh one, for tests of the confirmation dialogue."""
    return Assistant(config)


def say(
    assistant: Assistant,
    text: str,
    now_ms: int = 1_000,
    *,
    area_id: str | None = None,
    local_minute: int = NOON,
    states: Mapping[str, DeviceState] | None = None,
) -> Decision:
    situation = Situation(now_ms, local_minute, area_id=area_id, states=states or {})
    return assistant.handle(TextCommand(text), situation).decision


def sent(decision: Decision) -> list[tuple[str, str]]:
    return [(action.topic, action.payload) for action in decision.actions]


def test_the_example_confirmation_timeout(config: Config) -> None:
    assert config.confirmation.timeout_seconds == 20


def test_turn_on(shared: Assistant) -> None:
    decision = say(shared, "turn on the floor lamp")
    assert decision.intent.name == intents.TURN_ON
    assert decision.intent.slots == Slots(name="Floor Lamp")
    assert decision.outcome is Outcome.EXECUTED
    assert decision.response == "Turned on the Floor Lamp."
    assert sent(decision) == [(FLOOR_LAMP, '{"state":"ON","transition":0.5}')]
    assert decision.actions[0].device_id == "floor_lamp"
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)
    assert decision.confirmation is None


def test_turn_off(shared: Assistant) -> None:
    decision = say(shared, "turn off the floor lamp")
    assert decision.intent.name == intents.TURN_OFF
    assert decision.outcome is Outcome.EXECUTED
    assert decision.response == "Turned off the Floor Lamp."
    assert sent(decision) == [(FLOOR_LAMP, '{"state":"OFF","transition":0.5}')]


def test_device_states_reach_the_rules(shared: Assistant) -> None:
    decision = say(shared, "turn on the floor lamp", states={"tv": DeviceState("on")})
    assert decision.outcome is Outcome.EXECUTED
    assert sent(decision) == [(FLOOR_LAMP, '{"state":"ON","brightness":51,"transition":0.5}')]
    assert decision.plan is not None and decision.plan.rules_fired == ("floor_lamp_during_tv",)


def test_area_and_local_time_reach_the_rules(shared: Assistant) -> None:
    evening = say(shared, "turn on the lights", area_id="kitchen", local_minute=19 * 60)
    assert evening.intent.slots == Slots(area="Kitchen", domain="light")
    assert ("cmnd/kitchen_counter/Dimmer", "40") in sent(evening)
    assert evening.plan is not None and evening.plan.rules_fired == ("evening_kitchen",)
    noon = say(shared, "turn on the lights", area_id="kitchen")
    assert sent(noon) == [("zigbee2mqtt/kitchen/ceiling/set", '{"state":"ON"}'), ("cmnd/kitchen_counter/POWER", "ON")]


def test_the_site_area_is_the_default(shared: Assistant) -> None:
    decision = say(shared, "turn on the lights")
    assert decision.intent.slots == Slots(area="Living Room", domain="light")
    assert decision.plan is not None
    assert decision.plan.targets == ("floor_lamp", "living_room_ceiling_light")


def test_a_question_is_answered_without_actions(shared: Assistant) -> None:
    decision = say(shared, "is the front door locked", states={"front_door": DeviceState("locked")})
    assert decision.outcome is Outcome.ANSWERED
    assert decision.response == "Yes"
    assert decision.actions == ()


def ask_to_unlock(assistant: Assistant, now_ms: int = 1_000) -> Decision:
    decision = say(assistant, "unlock the front door", now_ms)
    assert decision.outcome is Outcome.AWAITING_CONFIRMATION
    assert decision.response == UNLOCK_PROMPT
    assert decision.actions == (), "nothing is sent before the yes"
    assert decision.confirmation is not None
    assert decision.confirmation.prompt == UNLOCK_PROMPT
    assert decision.confirmation.expires_ms == now_ms + 20_000
    return decision


def test_high_risk_unlock_asks_then_yes_executes(assistant: Assistant) -> None:
    asked = ask_to_unlock(assistant)
    yes = say(assistant, "yes", 20_999)
    assert yes.intent.name == intents.CONFIRM
    assert yes.outcome is Outcome.CONFIRMED
    assert yes.response == "Unlocked the Front Door."
    assert sent(yes) == [(FRONT_DOOR, '{"state":"UNLOCK"}')]
    assert yes.plan is not None and asked.plan is not None
    assert yes.plan.targets == asked.plan.targets == ("front_door",)
    again = say(assistant, "yes", 21_000)
    assert again.outcome is Outcome.IGNORED
    assert again.response == NOTHING_RESPONSE
    assert again.actions == ()


def test_no_declines(assistant: Assistant) -> None:
    ask_to_unlock(assistant)
    no = say(assistant, "no", 2_000)
    assert no.intent.name == intents.DECLINE
    assert no.outcome is Outcome.DECLINED
    assert no.response == DECLINED_RESPONSE
    assert no.actions == ()
    assert no.plan is not None and no.plan.targets == ("front_door",)
    assert say(assistant, "yes", 3_000).outcome is Outcome.IGNORED


def test_yes_after_the_timeout_expires(assistant: Assistant) -> None:
    ask_to_unlock(assistant, now_ms=5_000)
    late = say(assistant, "yes", 25_000)
    assert late.outcome is Outcome.EXPIRED
    assert late.response == EXPIRED_RESPONSE
    assert late.actions == ()
    assert say(assistant, "yes", 25_001).outcome is Outcome.IGNORED


def test_expire_drops_the_pending_confirmation_once(assistant: Assistant) -> None:
    asked = ask_to_unlock(assistant, now_ms=5_000)
    assert assistant.expire(24_999) == ()
    assert assistant.expire(25_000) == (asked.confirmation,)
    assert assistant.expire(25_001) == ()
    assert say(assistant, "yes", 25_002).outcome is Outcome.IGNORED


def test_nevermind_said_to_the_pending_confirmation_declines_it(assistant: Assistant) -> None:
    ask_to_unlock(assistant)
    cancelled = say(assistant, "never mind", 2_000)
    assert cancelled.intent.name == intents.DECLINE, "a never mind answers the question: no"
    assert cancelled.outcome is Outcome.DECLINED
    assert cancelled.actions == ()
    yes = say(assistant, "yes", 3_000)
    assert yes.outcome is Outcome.IGNORED
    assert yes.actions == ()


def test_yes_with_nothing_pending(assistant: Assistant) -> None:
    decision = say(assistant, "yes")
    assert decision.outcome is Outcome.IGNORED
    assert decision.response == NOTHING_RESPONSE


def test_reconfigure_drops_the_pending_confirmation(assistant: Assistant, config: Config) -> None:
    ask_to_unlock(assistant)
    assistant.reconfigure(config)
    assert say(assistant, "yes", 2_000).outcome is Outcome.IGNORED


@pytest.mark.parametrize(
    "text",
    ["what is the weather like", "start the vacuum", "add apples to my shopping list", "play The Office on the TV"],
)
def test_requests_this_home_has_not_configured_are_refused(config: Config, text: str) -> None:
    devices = tuple(
        dataclasses.replace(device, search_topic=None) for device in config.devices if device.domain != "vacuum"
    )
    bare = dataclasses.replace(config, weather=(), lists=None, devices=devices)
    decision = say(Assistant(bare), text)
    assert decision.intent.name != intents.NONE
    assert decision.outcome is Outcome.FAILED
    assert decision.response == "I can't do that here."
    assert decision.actions == ()


@pytest.mark.parametrize("text", ["hello there", "turn on the jacuzzi"])
def test_non_commands_are_ignored(shared: Assistant, text: str) -> None:
    decision = say(shared, text)
    assert decision.intent.name == intents.NONE
    assert decision.outcome is Outcome.IGNORED
    assert decision.response == NOT_UNDERSTOOD
    assert decision.actions == ()
    assert decision.plan is None


FAILURES = [
    (Slots(name="Jacuzzi"), intents.TURN_ON, "I don't know a device called Jacuzzi"),
    (Slots(area="Attic"), intents.TURN_ON, "I don't know an area called Attic"),
    (Slots(name="Coffee Maker", brightness=50), intents.LIGHT_SET, "Coffee Maker is not a light"),
]


@pytest.mark.parametrize(("slots", "name", "response"), FAILURES)
def test_what_cannot_be_done_fails_with_a_clear_response(
    shared: Assistant, slots: Slots, name: str, response: str
) -> None:
    intent = Intent(name, slots, confidence=0.9, text="...", recognizer="test")
    decision = decide_intent(shared, intent, Situation(1_000, NOON))
    assert decision.outcome is Outcome.FAILED
    assert decision.response == response
    assert decision.actions == ()
    assert decision.plan is not None and decision.plan.error == response


def test_another_command_withdraws_the_pending_confirmation(assistant: Assistant) -> None:
    ask_to_unlock(assistant)
    other = say(assistant, "turn on the floor lamp", 2_000)
    assert other.outcome is Outcome.EXECUTED
    late_yes = say(assistant, "yes", 3_000)
    assert late_yes.outcome is Outcome.IGNORED
    assert late_yes.actions == ()


def test_a_non_command_keeps_the_pending_confirmation(assistant: Assistant) -> None:
    ask_to_unlock(assistant)
    assert say(assistant, "hello there", 2_000).outcome is Outcome.IGNORED
    assert say(assistant, "yes", 3_000).outcome is Outcome.CONFIRMED
