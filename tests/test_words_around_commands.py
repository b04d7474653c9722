"""Words around a command that only look like part of it, and follow-ups that name a device another way: "the
match kicks off in five" takes nothing back, "it's only heating the room up" names no device, "and the other
fan" after the bedroom's is the bathroom's, "and the garage one too" after a light is the Garage Light (a
switch), the one person the context places is the one who speaks, a blind said to be "up" is open, and a
typing slip near a name is read as the words meant."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.context import ContextReader
from assistantd.fusion.particles import said_words
from assistantd.fusion.remarks import before_remarks_said
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, in_here, pointing, understood

CONFIG = load_config(EXAMPLE)


def test_another_verbs_particles_and_a_verb_in_ing_are_no_command_words() -> None:
    assert said_words("the match kicks off in five") == ["the", "match", "kicks", "in", "five"]
    assert said_words("the baby nodded off") == ["the", "baby", "nodded"]
    assert said_words("its only heating the room up") == ["its", "only", "the", "room", "up"]
    assert said_words("lamp off too") == ["lamp", "off", "too"], "a command's own particle stays"


@pytest.fixture(scope="module")
def reader(example_reader: CombinedRecognizer) -> TurnRecognizer:
    """The example home's turns read with a model that knows nothing (what the grammar and fusion do)."""
    return TurnRecognizer(
        CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel({}))
    )  # type: ignore[arg-type]


def test_a_remark_with_another_verbs_off_does_not_switch_the_command(reader: TurnRecognizer) -> None:
    said = in_here(reader, "stick that on, the match kicks off in five", pointing(("tv", 0.88)),
                   states=(("tv", "off"),))  # fmt: skip
    assert said == (intents.TURN_ON, ("tv",), False)
    said = in_here(
        reader, "stick that on, then switch it off", pointing(("tv", 0.88)), states=(("tv", "off"),)
    )
    assert said[0] != intents.TURN_ON, "a second command in the other clause is not dropped"


def test_it_with_the_room_in_a_remark_is_asked_about(reader: TurnRecognizer) -> None:
    on = (("floor_lamp", "on"), ("living_room_ceiling_light", "on"), ("tv", "on"))
    said = in_here(reader, "can you turn it off, it's only heating the room up", states=on)
    assert said == (intents.TURN_OFF, (), True), "which one is asked, not guessed"
    said = in_here(reader, "the floor lamp, turn it off, it's too bright", states=on)
    assert said[:2] == (intents.TURN_OFF, ("floor_lamp",)), (
        "a device another clause names is still what 'it' is"
    )


def test_the_other_fan_is_the_homes_other_one(reader: TurnRecognizer) -> None:
    fan = Previous(intents.TURN_ON, ("bedroom_fan",), (("name", "Ceiling Fan"),))
    for text in ("and the other fan as well please", "the other one too"):
        said = in_here(reader, text, previous=fan, states=(("bedroom_fan", "on"), ("bathroom_fan", "off")))
        assert said[:2] == (intents.TURN_ON, ("bathroom_fan",)), text
    lamp = Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),))
    said = in_here(reader, "and the other one as well", previous=lamp)
    assert said[:2] == (intents.TURN_ON, ("living_room_ceiling_light",)), "the room's other light comes first"


def test_a_room_said_after_a_light_is_the_device_called_a_light_there(reader: TurnRecognizer) -> None:
    kitchen = Previous(intents.TURN_OFF, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),))
    for text in ("and the garage one too while you're at it", "and the garage too"):
        said = in_here(reader, text, previous=kitchen, states=(("garage_light", "on"),))
        assert said[:2] == (intents.TURN_OFF, ("garage_light",)), text
    said = in_here(reader, "and the bedroom too", previous=kitchen)
    assert said[:2] == (intents.TURN_OFF, ("bedroom_lamp",)), "a room with lights: its lights"


def test_a_remark_with_the_sun_still_on_the_bed_leaves_a_follow_up(reader: TurnRecognizer) -> None:
    assert before_remarks_said("bit lower, the sun's still right on the pillows") == "bit lower"
    assert (
        before_remarks_said("bit lower, John's right hand is sore") == "bit lower, John's right hand is sore"
    )
    blinds = Previous(
        intents.SET_POSITION,
        ("bedroom_blinds",),
        (("name", "Bedroom Blinds"), ("domain", "cover"), ("position", 50)),
    )
    said = understood(reader, "bit lower, the sun's still right on the pillows",
                      context=TurnContext(area="bedroom", previous=blinds))  # fmt: skip
    assert said[:2] == (intents.SET_POSITION, ("bedroom_blinds",))


def test_the_one_person_the_context_places_is_the_speaker(reader: TurnRecognizer) -> None:
    context = ContextReader(CONFIG)
    assert context.read(TurnContext(text="Tom is in the office making up the guest bed")).here == "office"
    assert context.read(TurnContext(text="Tom is in the office, Ann is in the kitchen")).here is None
    assert context.read(TurnContext(text="the cat is in the kitchen")).here is None, "a thing, not a person"
    assert context.read(TurnContext(text="Tom is out of the office")).here is None
    placed = TurnContext(
        text="Tom is in the office making up the guest bed", states=(("office_desk_lamp", "off"),)
    )
    said = understood(reader, "lights on please, I can't find the spare pillows", context=placed)
    assert said[:2] == (intents.TURN_ON, ("office_desk_lamp",))


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("is the shade up in here?", "Guest Room", intents.GET_STATE,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade", "state": "open"}),
        ("are the blinds down in here", "Guest Room", intents.GET_STATE,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade", "state": "closed"}),
        ("turn off the garadge lights plz", None, intents.TURN_OFF, {"area": "Garage", "domain": "light"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("trun the extractor fan off now the shower's free", intents.TURN_OFF, {"name": "Extractor Fan"}),
        ("send the hoover round, there's sand everywhere", intents.VACUUM_START, {"name": "Rover"}),
        ("run the hoover round the kitchen", intents.VACUUM_START, {"name": "Rover", "area": "Kitchen"}),
        ("kichen lights on full brightness, I'm doing the kebabs", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 100}),
        ("floor lamp on 40 percent", intents.LIGHT_SET, {"name": "Floor Lamp", "brightness": 40}),
    ],
)  # fmt: skip
def test_the_example_home_reads(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id="living_room")
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text


def test_it_said_while_pointing_is_what_the_hand_points_at(example_reader: CombinedRecognizer) -> None:
    down = Intent(intents.LIGHT_SET, Slots(domain="light", brightness_step=-20), 0.9, recognizer="model")
    red = Intent(intents.LIGHT_SET, Slots(color="red"), 1.0, recognizer="model")
    model = TableModel({"turn that down a bit": down, "make that one a warm red": red})
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model))  # type: ignore[arg-type]
    playing = (("tv", "playing"), ("living_room_ceiling_light", "on"))
    said = in_here(reader, "turn it down a bit, it's really loud", pointing(("tv", 0.77)), states=playing)
    assert said == (intents.SET_VOLUME, ("tv",), False)
    said = in_here(reader, "turn it down a bit, it's really loud", states=playing)
    assert said[0] == intents.NONE, "nothing pointed at: 'it' is not read as 'that'"
    said = in_here(reader, "make that one a warm red, like a real fire", pointing(("floor_lamp", 0.9)))
    assert said[:2] == (intents.LIGHT_SET, ("floor_lamp",)), (
        "a setting of 'that one' names what is pointed at"
    )


def test_go_on_after_a_command_urges_it(reader: TurnRecognizer) -> None:
    said = in_here(reader, "make it red for the match, go on")
    assert said == (intents.LIGHT_SET, (), True), "which light is asked, but it is a setting"


def test_a_kind_said_here_is_the_rooms_whatever_came_before(reader: TurnRecognizer) -> None:
    heating = Previous(
        intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 21))
    )
    said = understood(reader, "lights here, put them down to twenty",
                      context=TurnContext(area="kitchen", previous=heating))  # fmt: skip
    assert said == (intents.LIGHT_SET, ("kitchen_ceiling", "counter_lights"), False)


def test_the_other_said_alone_or_with_where_it_is(reader: TurnRecognizer) -> None:
    ceiling = Previous(intents.TURN_ON, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),))
    for text in ("and the other also, under the cupboards", "and the other too"):
        said = understood(reader, text, context=TurnContext(area="kitchen", previous=ceiling))
        assert said[:2] == (intents.TURN_ON, ("counter_lights",)), text


def test_a_clause_that_only_begins_or_urges_is_no_answer(reader: TurnRecognizer) -> None:
    said = in_here(reader, "right, back home. that on please")
    assert said == (intents.TURN_ON, (), True), "'right' begins the command: which one is asked"
    assert in_here(reader, "rover clean up pls the dog shed everywhere")[:2] == (
        intents.VACUUM_START,
        ("rover",),
    )
    lamp = Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),))
    said = understood(reader, "and the desk lamp to", context=TurnContext(area="office", previous=lamp))
    assert said[:2] == (intents.TURN_ON, ("office_desk_lamp",)), "'to' as a slip for 'too'"


def test_another_verbs_off_before_a_scene(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize("finally clocked off. movie mode please", area_id="living_room")
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"name": "Movie Scene"})


def test_a_level_said_again_in_a_clause_after_is_not_taken_from_the_first(
    example_reader: CombinedRecognizer,
) -> None:
    text = "kitchen light on min, like 5 percent"
    five = Intent(
        intents.LIGHT_SET, Slots(name="Kitchen Ceiling Light", brightness=5), 0.75, recognizer="model"
    )
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel({text: five}))  # type: ignore[arg-type]
    heard = reader.recognize(text, area_id="kitchen")
    assert (heard.name, heard.slots.brightness) == (intents.LIGHT_SET, 5)
    assert not reader.sure(heard), "which level was meant is asked"
