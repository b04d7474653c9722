"""Commands and questions said beside a sleeping baby: "how much longer is left on the timer", "where's
Joseph got to", "is it warm enough in here", "bit warmer in here please", a room set "to 20.5 degrees", a
remark that hearsay begins ("apparently red light doesn't wake them up") or that says what something does not
wake or bother, "every day's the same" as a remark rather than a time, and a remark said between a thing and
what to do with it ("the kitchen lights, I left them on, off please"); blinds opened "back up"."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.clauses import SAYS_WHEN
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.text import normalize
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, understood


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("how much longer is left on the timer before I have to wake her", None, intents.TIMER_STATUS, {}),
        ("where's Joseph got to right now", None, intents.GET_STATE, {"name": "Joseph", "domain": "person"}),
        ("where did Ada get to", None, intents.GET_STATE, {"name": "Ada", "domain": "person"}),
        ("is it warm enough in here", "Living Room", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Living Room"}),
        ("bit warmer in here please", "Bedroom", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Bedroom", "temperature_step": 1.0}),
        ("a little cooler in this room", "Kitchen", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Kitchen", "temperature_step": -1.0}),
        ("living room to 20.5 degrees for bath time", None, intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Living Room", "temperature": 20.5}),
        ("make the bedroom lamp red, apparently red light doesn't wake them up", None, intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "color": "red"}),
        ("what's the date today? every day's exactly the same at the moment", None,
         intents.GET_CURRENT_DATE, {}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    "text",
    [
        "it's a bit warmer in here",
        "make the bedroom lamp red, apparently not",
        "make the bedroom lamp red, no, it doesn't wake them up anyway",
    ],
)
def test_what_is_said_of_a_room_or_taken_back_is_still_no_command(
    ha_home: CombinedRecognizer, text: str
) -> None:
    assert ha_home.recognize(text).name == intents.NONE, text


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("every day's exactly the same at the moment", False),
        ("every night's been awful", False),
        ("every day at seven", True),
        ("every night turn off the porch light", True),
    ],
)
def test_every_day_is_a_time_unless_something_is_said_of_it(said: str, when: bool) -> None:
    assert (SAYS_WHEN.match(normalize(said)) is not None) is when, said


def test_a_remark_between_a_thing_and_what_to_do_with_it_is_asked_about(
    example_reader: CombinedRecognizer,
) -> None:
    config = load_config(EXAMPLE)
    reader = CombinedRecognizer(config, grammar=example_reader.grammar, model=TableModel({}))  # type: ignore[arg-type]
    bedroom = next(area.id for area in config.areas if area.name == "Bedroom")
    said = "whispering so I don't wake her... the kitchen lights, I left them on, off please"
    read = reader.recognize(said, area_id=bedroom)
    assert (read.name, read.slots.as_dict()) == (intents.TURN_OFF, {"area": "Kitchen", "domain": "light"})
    assert not reader.sure(read), "a command pieced together around a remark is asked about"
    assert reader.recognize("the kitchen lights, I left them on, not now though").name == intents.NONE


def test_blinds_closed_for_a_nap_are_opened_back_up(example_reader: CombinedRecognizer) -> None:
    config = load_config(EXAMPLE)
    combined = CombinedRecognizer(config, grammar=example_reader.grammar, model=TableModel({}))  # type: ignore[arg-type]
    reader = TurnRecognizer(config, combined)
    closed = Previous(intents.TURN_OFF, ("bedroom_blinds",), (("name", "Bedroom Blinds"),))
    context = TurnContext(area="bedroom", states=(("bedroom_blinds", "closed"),), previous=closed)
    assert understood(reader, "she's awake, open them back up", (), context) == (
        intents.TURN_ON,
        ("bedroom_blinds",),
        False,
    )
