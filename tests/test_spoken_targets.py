"""What sentences reach, recognizer and rules together, on the example home heard in its living room.

The rule tests feed hand-made intents; these check the slots the grammar really produces: the room
it was heard in arrives as a said area, and "everywhere" as name "all".
"""

from __future__ import annotations

import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Decision
from assistantd.config import load_config
from assistantd.config.settings import Config
from tests.support.configs import EXAMPLE


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def assistant(config: Config) -> Assistant:
    return Assistant(config)


def decide(assistant: Assistant, text: str, area_id: str | None = None) -> Decision:
    """What a sentence heard in area_id (default: the site's) would do, with no states known."""
    return assistant.handle(TextCommand(text), Situation(0, 12 * 60, area_id=area_id)).decision


def targets(assistant: Assistant, text: str, area_id: str | None = None) -> tuple[str, ...]:
    decision = decide(assistant, text, area_id)
    return decision.plan.targets if decision.plan is not None else ()


def _lights(config: Config, area: str | None = None) -> tuple[str, ...]:
    return tuple(d.id for d in config.devices if d.domain == "light" and area in (None, d.area))


@pytest.mark.parametrize(
    "text",
    [
        "turn off all the lights in the house",
        "switch off every light in the home",
        "turn the lights off everywhere",
        "please turn off all the lights everywhere",
    ],
)
def test_the_whole_home_means_every_light(config: Config, assistant: Assistant, text: str) -> None:
    assert targets(assistant, text) == _lights(config)


def test_the_lights_without_a_place_mean_the_room_heard_in(config: Config, assistant: Assistant) -> None:
    assert targets(assistant, "turn off the lights") == _lights(config, "living_room")
    assert targets(assistant, "turn off all the lights in here", "bedroom") == _lights(config, "bedroom")


def test_every_light_with_no_place_is_every_light_of_the_home(config: Config, assistant: Assistant) -> None:
    assert targets(assistant, "turn off all the lights", "bedroom") == _lights(config)
    assert targets(assistant, "switch every light off", "kitchen") == _lights(config)


def test_locking_all_the_doors_reaches_locks_in_other_rooms(assistant: Assistant) -> None:
    decision = decide(assistant, "lock all the doors")
    assert targets(assistant, "lock all the doors") == ("front_door",), decision.response
    assert decision.confirmation is not None  # a high-risk lock


def test_the_only_thermostat_answers_from_a_room_without_one(assistant: Assistant) -> None:
    decision = decide(assistant, "set the temperature to 21")
    assert [(a.topic, a.payload) for a in decision.actions] == [("hallway/thermostat/setpoint/set", "21")]
    assert targets(assistant, "how warm is it") == ("thermostat",)
    named = decide(assistant, "set the temperature in the bedroom to 21")
    assert (named.actions, named.response) == ((), "There are no thermostats in the Bedroom")


def test_the_homes_only_garage_door_is_the_garage_from_any_room(assistant: Assistant) -> None:
    decision = decide(assistant, "close the garage")
    assert targets(assistant, "close the garage") == ("garage_door",), decision.response
    assert decision.confirmation is not None  # a high-risk cover
