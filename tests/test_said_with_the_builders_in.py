"""Commands and questions said while the builders are in: a light by its name and "lights" set to a colour
("put the play corner lights on purple"), a command with why it is asked after "in case" ("flip the switch off
in here in case they drill through a cable"), a door locked "behind the tiler", a remark on someone's habit
after it ("he never shuts it"), "did the door actually lock" (after the builders left), "do a timer for 45
seconds", and news for everyone ("tell everybody the skip's here": a broadcast, not served); a follow-up with
a remark after it, and a yes said with the opposite of what was asked."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.negation import talk
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, understood


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("flip the switch off in here in case they drill through a cable", "Kitchen", intents.TURN_OFF,
         {"name": "Kitchen Switch"}),
        ("lock the door behind the tiler, would you, he never shuts it", "Entrance", intents.TURN_ON,
         {"name": "Front Door"}),
        ("turn off the kitchen lights, she always leaves them on", None, intents.TURN_OFF,
         {"area": "Kitchen", "domain": "light"}),
        ("did the door actually lock after the builders left?", "Entrance", intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("did the last lot lock the front door", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("can you do a timer for forty five seconds, I'm holding this tile in place", None,
         intents.START_TIMER, {"seconds": 45}),
        ("set a two hour timer so that I know when to chase the plumber", None, intents.START_TIMER,
         {"hours": 2}),
        ("put the play corner lights on purple, the toys are under dust sheets anyway", None,
         intents.LIGHT_SET, {"name": "Play Corner", "color": "purple"}),
        ("make the play corner light purple", None, intents.LIGHT_SET,
         {"name": "Play Corner", "color": "purple"}),
        ("make the bedroom lamp light blue", None, intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "color": "light blue"}),
        ("make the play corner light blue", None, intents.LIGHT_SET,
         {"name": "Play Corner", "color": "blue"}),
        ("any water on the kitchen floor? the fitter disconnected the hob", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "moisture", "state": "on"}),
        ("is it warm enough in here for her to just be in a vest?", "Living Room",
         intents.CLIMATE_GET_TEMPERATURE, {"area": "Living Room"}),
        ("turn on the lights on the first floor", None, intents.TURN_ON,
         {"floor": "First Floor", "domain": "light"}),
        ("how cold is it actually in here, is the boiler still broken or what", "Office",
         intents.CLIMATE_GET_TEMPERATURE, {"area": "Office"}),
        ("what's the humidity like in the living room with all these wet towels about", None,
         intents.GET_STATE, {"name": "Living room humidity"}),
        ("oh bother, it's gone right out of my mind. never mind me", None, intents.NEVERMIND, {}),
        ("are any devices running?", None, intents.GET_STATE,
         {"domain": "binary_sensor", "device_class": "running", "state": "on"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    "text",
    [
        "tell everybody the skip's here, cars off the drive please",
        "let the kids know the water's off, nobody flush the loo",
        "announce that the kitchen lights are going off at ten",
        "never turn off the kitchen lights",
        "in case it rains, close the garage door",
    ],
)
def test_news_for_everyone_a_never_or_a_condition_is_not_done_now(
    ha_home: CombinedRecognizer, text: str
) -> None:
    read = ha_home.recognize(text)
    assert read.name == intents.NONE or not ha_home.sure(read), text


@pytest.fixture
def reader(example_reader: CombinedRecognizer) -> TurnRecognizer:
    config = load_config(EXAMPLE)
    return TurnRecognizer(
        config, CombinedRecognizer(config, grammar=example_reader.grammar, model=TableModel({}))
    )  # type: ignore[arg-type]


def test_a_follow_up_with_a_remark_after_it_keeps_the_kind_of_device(reader: TurnRecognizer) -> None:
    fan_on = Previous(intents.TURN_ON, ("bathroom_fan",), (("name", "Extractor Fan"),))
    context = TurnContext(area="living_room", states=(("bedroom_fan", "off"),), previous=fan_on)
    said = "and the one in the bedroom too, the paint stinks up there"
    assert understood(reader, said, (), context) == (intents.TURN_ON, ("bedroom_fan",), False)


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("yes, open it", (intents.CONFIRM, ("garage_door",), False)),
        ("sure, open it up", (intents.CONFIRM, ("garage_door",), False)),
        ("yes, close it", (intents.NONE, (), False)),
        ("yeah, shut it", (intents.NONE, (), False)),
        ("yes, she's off to school, open it", (intents.CONFIRM, ("garage_door",), False)),
        ("do it, the builders are on the drive", (intents.CONFIRM, ("garage_door",), False)),
    ],
)
def test_a_yes_with_the_opposite_of_what_was_asked_is_no_yes(
    reader: TurnRecognizer, said: str, answer: tuple
) -> None:
    asked = Previous(intents.TURN_ON, ("garage_door",), (("name", "Garage Door"),))
    context = TurnContext(
        area="living_room", states=(("garage_door", "closed"),), awaiting_confirmation=True, previous=asked
    )
    assert understood(reader, said, (), context) == answer, said


@pytest.mark.parametrize(
    ("text", "for_everyone"),
    [
        ("tell everybody the skip's here, cars off the drive please", True),
        ("let the kids know the water's off", True),
        ("tell the house nobody's to flush the downstairs loo", True),
        ("announce that dinner is ready", True),
        ("tell me whether the front door is locked", False),
        ("let me know when the kettle's boiled", False),
        ("tell everyone what time it is", False),
    ],
)
def test_news_for_everyone_is_a_broadcast_never_a_device_action(text: str, for_everyone: bool) -> None:
    assert talk(text) is for_everyone, text


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("what time is it, the plumber said ten and there's no sign of him", None, intents.GET_CURRENT_TIME,
         {}),
        ("it's pitch black in here with the dust sheets pinned over the window", "Bedroom", intents.TURN_ON,
         {"area": "Bedroom", "domain": "light"}),
        ("ugh is the extractor fan still running", None, intents.GET_STATE,
         {"name": "Extractor Fan", "state": "on"}),
        ("are any fans spinning in the bathroom", None, intents.GET_STATE,
         {"area": "Bathroom", "domain": "fan", "state": "on"}),
    ],
)  # fmt: skip
def test_the_example_home_reads_beside_a_remark(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict
) -> None:
    config = load_config(EXAMPLE)
    reader = CombinedRecognizer(config, grammar=example_reader.grammar, model=TableModel({}))  # type: ignore[arg-type]
    assert heard_in(reader, config, text, area) == (intent, slots), text


def test_there_is_no_need_still_takes_a_command_back(example_reader: CombinedRecognizer) -> None:
    config = load_config(EXAMPLE)
    reader = CombinedRecognizer(config, grammar=example_reader.grammar, model=TableModel({}))  # type: ignore[arg-type]
    read = reader.recognize("turn on the kitchen lights, there's no need")
    assert read.name == intents.NONE or not reader.sure(read)



@pytest.mark.parametrize(
    "text",
    [
        "turn up the heat, chefs, you've got ten minutes left on the clock",
        "open the window, you two, it stinks of paint in here",
        "lights off, all of you, bed",
    ],
)
def test_a_command_beside_people_called_on_is_said_to_them(ha_home: CombinedRecognizer, text: str) -> None:
    assert ha_home.recognize(text).name == intents.NONE, text


def test_the_models_never_mind_beside_a_yes_is_a_yes(example_reader: CombinedRecognizer) -> None:
    config = load_config(EXAMPLE)
    said = "do it, the health visitor's on the step"
    model = TableModel({said: Intent(intents.NEVERMIND, confidence=0.68, text=said, recognizer="model")})
    reader = TurnRecognizer(config, CombinedRecognizer(config, grammar=example_reader.grammar, model=model))  # type: ignore[arg-type]
    asked = Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),))
    context = TurnContext(
        area="kitchen", states=(("front_door", "locked"),), awaiting_confirmation=True, previous=asked
    )
    assert understood(reader, said, (), context) == (intents.CONFIRM, ("front_door",), False)
    assert understood(reader, "never mind", (), context)[0] == intents.DECLINE

