"""What follows a command or a question without changing it: a purpose ("reading lamp on for homework"), a
while ("heating down to 18 while the house is empty"), when something was left so ("is the curtain still shut
from the nap", "did somebody leave the fan running after breakfast"), a second guess ("anybody in the kitchen
or did they all leave"), and a "not" said of something else beside a yes ("fine, open up, the parcel won't
fit"); with the ways of asking these came with ("can we have the lights at like 40", "what's the humidity
at", "lights right up"), a device's everyday name said without its room, a named valve switched, and
"light" after the name of a light that has no kind word in it ("the play corner light blue": blue)."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.answers import answered
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.coreference import from_remark
from assistantd.fusion.corrections import said_last
from assistantd.fusion.one_clause import not_for_the_model
from assistantd.fusion.remarks import placed_aside, without_remark
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers, without_hesitation
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("um can we have the lights at like 40 in here, way too early for full beam", "Kitchen",
         intents.LIGHT_SET, {"area": "Kitchen", "brightness": 40}),
        ("is the bedroom curtain still shut from the toddler's nap", None, intents.GET_STATE,
         {"name": "Bedroom Curtain", "domain": "cover", "state": "closed"}),
        ("what's the living room humidity at, the washing's drying in there", None, intents.GET_STATE,
         {"name": "Living room humidity"}),
        ("anybody in the kitchen right now or did they all leave their cereal", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "occupancy", "state": "on"}),
        ("did somebody leave the ceiling fan running after breakfast", None, intents.GET_STATE,
         {"name": "Ceiling Fan", "state": "on"}),
        ("is ada back from school yet", None, intents.GET_STATE,
         {"name": "Ada", "domain": "person", "state": "home"}),
        ("put the worktop light on", None, intents.TURN_ON, {"name": "Kitchen countertop"}),
        ("shut off the main valve, the plumber's about to start", None, intents.TURN_OFF,
         {"name": "Main Valve", "domain": "valve"}),
        ("switch the stopcock off", None, intents.TURN_OFF, {"name": "Main Valve", "domain": "valve"}),
        ("countertop light on, I mean the cabinets one", None, intents.TURN_ON, {"name": "Kitchen cabinets"}),
        ("turn the heat up to twenty for its freezing", None, intents.CLIMATE_SET_TEMPERATURE,
         {"temperature": 24.0}),
        ("any lights left on upstairs before I lock up?", None, intents.GET_STATE,
         {"floor": "Upstairs", "domain": "light", "state": "on"}),
        ("any sign of a water leak in the kitchen?", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "moisture", "state": "on"}),
        ("is the ceiling fan still spinning away?", None, intents.GET_STATE,
         {"name": "Ceiling Fan", "state": "on"}),
        ("how much solar have we produced today", None, intents.GET_STATE, {"name": "Solar production"}),
        ("how much is the solar production today?", None, intents.GET_STATE, {"name": "Solar production"}),
        ("joseph back home yet?", None, intents.GET_STATE,
         {"name": "Joseph", "domain": "person", "state": "home"}),
        ("ada has reached home or not?", None, intents.GET_STATE,
         {"name": "Ada", "domain": "person", "state": "home"}),
        ("front door bolted?", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("did we lock all the doors", None, intents.GET_STATE, {"domain": "lock", "state": "locked"}),
        ("is the door locked? the cleaner just left", "Entrance", intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("are the doors locked?", "Entrance", intents.GET_STATE, {"domain": "lock", "state": "locked"}),
        ("we've run out of coffee filters again, put them on the shopping list", None,
         intents.SHOPPING_LIST_ADD, {"item": "coffee filters"}),
        ("need oat milk, add it to the shopping list", None, intents.SHOPPING_LIST_ADD, {"item": "oat milk"}),
        ("tell the little robot hoover to go back to its charger", None, intents.VACUUM_RETURN,
         {"name": "Rover"}),
        ("lights right up to full in here, I'm scrubbing the hob", "Kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 100}),
        ("have we got any kitchen lights left on", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "light", "state": "on"}),
        ("make the play corner light blue, the kids want it blue", None, intents.LIGHT_SET,
         {"name": "Play Corner", "color": "blue"}),
        ("set the play corner to light blue", None, intents.LIGHT_SET,
         {"name": "Play Corner", "color": "light blue"}),
        ("turn the bedroom lamp light blue", None, intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "color": "light blue"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


def test_a_name_said_without_its_room_in_another_room_is_asked_about(
    ha_home: CombinedRecognizer, ha_config: Config
) -> None:
    bedroom = next(area.id for area in ha_config.areas if area.name == "Bedroom")
    heard = ha_home.recognize("put the worktop light on", area_id=bedroom)
    assert heard.slots.name != "Kitchen countertop" or ha_home.asks_first(heard), (
        "heard in the bedroom, the kitchen's is not assumed"
    )


@pytest.mark.parametrize(
    ("text", "area", "lit"),
    [
        (
            "it's gloomy as anything in here and i'm trying to find the kids' water bottles",
            "Kitchen",
            "Kitchen",
        ),
        ("it's awfully gloomy in the bedroom, I can barely read my book", None, "Bedroom"),
        ("it's really dim in the lounge and the kids are trying to read", None, "Living Room"),
        ("it's as dark as a cellar in here, I can't see what I'm chopping", "Kitchen", "Kitchen"),
    ],
)
def test_a_room_said_to_be_dark_is_lit_after_asking(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, lit: str
) -> None:
    heard_area = next(known.id for known in ha_config.areas if known.name == area) if area else None
    heard = ha_home.recognize(text, area_id=heard_area)
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"area": lit, "domain": "light"}), text
    assert ha_home.asks_first(heard), "said, not asked for: asked about first"


@pytest.mark.parametrize(
    "text",
    [
        "it's dark in the morning now",
        "it's dark in the garden already",
        "i saw milk on the shopping list",
        "dad can u put crisps on the shopping list",
        "complete apples on my shopping list",
    ],
)
def test_said_of_the_day_the_garden_or_the_list_is_no_command(ha_home: CombinedRecognizer, text: str) -> None:
    assert not ha_home.recognize(text).is_command, text


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("reading lamp on for homework pls", intents.TURN_ON, {"name": "Floor Lamp"}),
        ("downstairs lights at 40 for dinner", intents.LIGHT_SET,
         {"floor": "Ground Floor", "brightness": 40}),
        ("heating down to 18 while the house is empty", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 18.0}),
        ("lights right up in here, there's lego all over the floor", intents.LIGHT_SET,
         {"area": "Living Room", "brightness": 100}),
        ("kitchen lights right up", intents.LIGHT_SET, {"area": "Kitchen", "brightness": 100}),
        ("could we have the lights on in the front room", intents.TURN_ON,
         {"area": "Living Room", "domain": "light"}),
        ("lemme get the floor lamp at like 30", intents.LIGHT_SET, {"name": "Floor Lamp", "brightness": 30}),
        ("whack the volume on the telly up to 35, mate", intents.SET_VOLUME,
         {"name": "TV", "volume_level": 35}),
        ("coffee on", intents.TURN_ON, {"name": "Coffee Maker"}),
        ("film mode on", intents.TURN_ON, {"name": "Movie Scene"}),
    ],
)  # fmt: skip
def test_the_example_home_reads(example_reader: CombinedRecognizer, text: str, intent: str, slots: dict):
    assert heard_in(example_reader, CONFIG, text, "Living Room") == (intent, slots), text


def test_a_room_said_to_be_dark_before_a_remark_without_a_comma(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize(
        "it's so dark in here I just walked into the coffee table", area_id="kitchen"
    )
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"area": "Kitchen", "domain": "light"})
    assert example_reader.asks_first(heard)


@pytest.mark.parametrize("text", ["turn the lamp on for ten minutes", "turn the lamp on for 10 minutes"])
def test_for_how_long_is_no_purpose(example_reader: CombinedRecognizer, text: str) -> None:
    heard = example_reader.recognize(text, area_id="living_room")
    assert heard.name != intents.TURN_ON or example_reader.asks_first(heard), text


def test_the_room_heard_in_is_a_place_the_model_may_read() -> None:
    names = frozenset({"lamp", "kitchen"})
    assert not not_for_the_model("bump it up to twenty two in here please", names)
    assert not_for_the_model("bump it up to twenty two please", names), "names nothing: not for the model"
    assert not_for_the_model("it's freezing in here", names), "a state said, not asked for"


def test_a_not_said_of_something_else_leaves_the_yes() -> None:
    none = intents.no_intent("fine, open up, the parcel won't fit through the letterbox anyway")
    assert answered(none.text, none).name == intents.CONFIRM
    no = intents.no_intent("nah, the door can stay locked")
    assert answered(no.text, no).name == intents.DECLINE


@pytest.fixture(scope="module")
def reader(example_reader: CombinedRecognizer) -> TurnRecognizer:
    """The example home's turns read with a model that knows nothing (what the grammar and fusion do)."""
    return TurnRecognizer(
        CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel({}))
    )  # type: ignore[arg-type]


def test_a_yes_beside_a_remark_with_not_in_it(reader: TurnRecognizer) -> None:
    unlock = Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),))
    waiting = TurnContext(area="hallway", previous=unlock, awaiting_confirmation=True)
    said = understood(
        reader, "fine, open up, the parcel won't fit through the letterbox anyway", context=waiting
    )
    assert said[:2] == (intents.CONFIRM, ("front_door",))
    said = understood(reader, "no, the parcel can wait", context=waiting)
    assert said[0] == intents.DECLINE


def test_a_follow_up_before_a_remark_on_what_someone_left(reader: TurnRecognizer) -> None:
    heating = Previous(
        intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 20))
    )
    said = understood(reader, "one more degree, the plumber left the back door wide open",
                      context=TurnContext(area="hallway", previous=heating))  # fmt: skip
    assert said[:2] == (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",))


def test_a_pronoun_is_no_item_of_a_list(ha_home: CombinedRecognizer) -> None:
    heard = ha_home.recognize("put them on the shopping list")
    assert heard.slots.item != "them", "what 'them' is was said elsewhere, or not at all"


def test_a_step_said_loosely_is_one_step() -> None:
    assert normalize("could you go a degree or two higher") == "could you go a degree higher"
    assert normalize("one notch or so down") == "a notch down"
    assert normalize("no, shut 'em") == "no shut them"


def test_quick_and_k_said_after_a_command_add_nothing() -> None:
    assert strip_fillers(normalize("switch that on rq")) == "switch that on"
    assert strip_fillers(normalize("this one off k")) == "this one off"
    assert strip_fillers(normalize("warm white 2700 k")) == "warm white 2700 k", "a number's k is kelvin"


def test_a_hesitation_said_as_a_clause_of_its_own_is_left_out() -> None:
    assert without_hesitation("um, the light up there, dim it") == "the light up there, dim it"
    assert without_hesitation("Erm... well, lamp on") == "lamp on"
    assert without_hesitation("um") == "um", "nothing else said: the words stay"
    assert without_hesitation("ok, open it") == "ok, open it", "an answer is no hesitation"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("ooh make the floor lamp a lovely orange for the party", {"name": "Floor Lamp", "color": "orange"}),
        ("um, can the floor lamp be a smidge brighter for the cake photos",
         {"name": "Floor Lamp", "brightness_step": 20}),
    ],
)  # fmt: skip
def test_a_colour_or_step_said_loosely_before_what_it_is_for(
    example_reader: CombinedRecognizer, text: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id="living_room")
    assert (heard.name, heard.slots.as_dict()) == (intents.LIGHT_SET, slots), text


def test_a_remark_said_without_a_comma_is_cut_off_for_the_model() -> None:
    said = "turn that down a bit the kids are doing homework"
    assert without_remark(said, pointed=True) == "turn that down a bit"
    assert without_remark("set a timer for the pasta") is None, "what a timer is for is its name"



def test_a_thing_out_in_a_room_is_in_that_room(example_reader: CombinedRecognizer) -> None:
    names = frozenset("light garage lights kitchen".split())
    said = from_remark(["the light out in the garage is still on", "switch it off"], names)
    assert said == "switch the light in the garage off"
    heard = example_reader.recognize("the light out in the garage, switch it on", area_id="living_room")
    assert heard.slots.area == "Garage", "never the lights of the room it was heard in"


def test_a_number_put_right_with_no_and_no_pause(reader: TurnRecognizer) -> None:
    assert said_last("make it twenty one no twenty two") == "make it twenty two"
    assert said_last("make it 21 no 22") == "make it 22"
    heating = Previous(
        intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 20))
    )
    said = understood(reader, "make it twenty one no twenty two", context=TurnContext(previous=heating))
    assert said[:2] == (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",))


def test_knock_it_back_to_a_level(reader: TurnRecognizer) -> None:
    ceiling = (("name", "Living Room Ceiling Light"),)
    light = Previous(intents.TURN_ON, ("living_room_ceiling_light",), ceiling)
    said = understood(reader, "too much, knock it back to about a third", context=TurnContext(previous=light))
    assert said[:2] == (intents.LIGHT_SET, ("living_room_ceiling_light",))


def test_a_place_said_only_in_a_remark_is_not_the_commands() -> None:
    text = "quieter still, the toddler's napping upstairs"
    upstairs = Intent(intents.SET_VOLUME, Slots(floor="Upstairs", volume_step=-10), 0.99, recognizer="model")
    quieter = Intent(intents.SET_VOLUME, Slots(volume_step=-10), 0.97, recognizer="model")
    readings = {text: upstairs, "quieter still": quieter}
    kept = placed_aside(text, upstairs, lambda said: readings.get(said, intents.no_intent(said)))
    assert (kept.name, kept.slots.as_dict(), kept.text) == (intents.SET_VOLUME, {"volume_step": -10}, text)
    said = "turn the lights off upstairs"
    lights = Intent(intents.TURN_OFF, Slots(floor="Upstairs", domain="light"), 0.99, recognizer="model")
    assert placed_aside(said, lights, lambda other: intents.no_intent(other)) is lights, "no remark: as read"
