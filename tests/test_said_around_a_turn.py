"""What is said around a command in a turn without changing it: a reason given after it ("..., since the power
dipped"), an interjection or a remark before it ("oh, that's a touch chilly, a degree or two higher"), a "no
one" that takes nothing back, a follow-up begun with "plus" or with the previous command's own verb, lights
described in the plural ("the lights under the kitchen cupboards"), a light that is "too bright" or wanted
"warmer", "back to the film", "lights low", a volume "on it", and questions with a second guess or a time
after them ("is the mains power back on after that flicker", "is it still snowing out there or has it
finally stopped")."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.address import to_someone
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.described import described
from assistantd.fusion.remarks import after_remarks_said, before_remarks_said
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, pointing, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("is the mains power back on after that flicker", None, intents.GET_STATE,
         {"name": "Mains", "domain": "binary_sensor", "device_class": "power", "state": "on"}),
        ("is it still snowing out there or has it finally stopped", None, intents.GET_WEATHER, {}),
        ("is it chucking it down out there or wat", None, intents.GET_WEATHER, {}),
        ("any smoke in here or is that just the toast catching", "Kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "smoke", "state": "on"}),
        ("is it warm enough in here for a poorly seven year old", "Bedroom", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Bedroom"}),
        ("pop the heating up to twenty one please", None, intents.CLIMATE_SET_TEMPERATURE,
         {"temperature": 21.0}),
        ("how many lights have we got on upstairs", None, intents.GET_STATE,
         {"floor": "Upstairs", "domain": "light", "state": "on"}),
        ("has the back door been locked", None, intents.GET_STATE,
         {"name": "Back Door", "domain": "lock", "state": "locked"}),
        ("lock the front door, no one's going anywhere in this", None, intents.TURN_ON,
         {"name": "Front Door"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


def test_a_room_dark_since_something_happened_is_lit_after_asking(
    ha_home: CombinedRecognizer, ha_config: Config
) -> None:
    lounge = next(area.id for area in ha_config.areas if area.name == "Living Room")
    heard = ha_home.recognize("it's pitch dark in here since the electrics blipped", area_id=lounge)
    assert (heard.name, heard.slots.as_dict()) == (
        intents.TURN_ON,
        {"area": "Living Room", "domain": "light"},
    )
    assert ha_home.asks_first(heard)


@pytest.mark.parametrize(
    "text",
    [
        "the lights have been on since the morning",
        "right kids, back to the game",
        "we went back to the film after dinner",
        "it's too bright in here",
    ],
)
def test_said_of_the_lights_or_a_game_is_no_command(example_reader: CombinedRecognizer, text: str) -> None:
    assert not example_reader.recognize(text, area_id="living_room").is_command, text


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("It'd be handy to have some light in here for this spreadsheet.", "office", intents.TURN_ON,
         {"area": "Office", "domain": "light"}),
        ("put that one on to half", "living_room", intents.LIGHT_SET, {"brightness": 50}),
        ("is it possible to have the desk lamp at about half", None, intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness": 50}),
        ("volume to 35 on it", "living_room", intents.SET_VOLUME, {"volume_level": 35}),
        ("give me some light in the garage", None, intents.TURN_ON, {"area": "Garage", "domain": "light"}),
        ("what's the heating set to these days", None, intents.CLIMATE_GET_TEMPERATURE,
         {"name": "Thermostat"}),
        ("wats the date 2day", None, intents.GET_CURRENT_DATE, {}),
        ("turn the box up", "living_room", intents.SET_VOLUME, {"name": "TV"}),
        ("telly down a touch please", "living_room", intents.SET_VOLUME, {"name": "TV"}),
        ("put the extractor fan on, the bathroom's all steamed up", None, intents.TURN_ON,
         {"name": "Extractor Fan"}),
        ("set a timer for the scones, twenty minutes", None, intents.START_TIMER,
         {"name": "scones", "minutes": 20}),
    ],
)  # fmt: skip
def test_the_example_home_reads(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text


def test_a_device_described_is_asked_about(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize("the lamp on the desk here, is it possible to have it at about half?")
    assert (heard.name, heard.slots.as_dict()) == (intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 50})
    assert example_reader.asks_first(heard), "a device described, not named: asked about"
    heard = example_reader.recognize("can u turn on the big telly pls")
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"name": "TV"})
    assert example_reader.asks_first(heard)


def test_remarks_and_interjections_before_and_after() -> None:
    assert before_remarks_said("switch that on, it's gone dark since the power dipped") == "switch that on"
    said = "oh, that's a touch chilly, could you go a degree or two higher"
    assert after_remarks_said(said) == "could you go a degree or two higher"
    assert after_remarks_said("ok, off again") == "off again"
    assert after_remarks_said("no, the bedroom one") == "no, the bedroom one", "a no takes back: kept"
    assert after_remarks_said("lamp on") == "lamp on"


def test_the_front_room_is_a_room_said_after_the_command() -> None:
    said = described(CONFIG, "put the big light on in the front room", "kitchen")
    assert said == "put the living room ceiling light on", "not the kitchen's (the name says the room)"


def test_lights_described_in_the_plural_are_the_ones_so_named() -> None:
    assert described(CONFIG, "the lights under the kitchen cupboards", "kitchen") == "the counter lights"
    assert described(CONFIG, "the kitchen lights", "kitchen") is None, "all of them, not one"
    assert described(CONFIG, "the lights in the kitchen", "kitchen") is None


@pytest.fixture(scope="module")
def reader(example_reader: CombinedRecognizer) -> TurnRecognizer:
    """The example home's turns read with a model that knows a few sentences (at the model's seam)."""
    said = {
        "this one warmer": Intent(intents.LIGHT_SET, Slots(), 0.99, recognizer="model"),
        "this light is too bright": Intent(
            intents.LIGHT_SET, Slots(domain="light"), 0.99, recognizer="model"
        ),
        "it's too bright in here": Intent(
            intents.LIGHT_SET, Slots(area="Living Room"), 0.99, recognizer="model"
        ),
        "can you make that louder": Intent(intents.SET_VOLUME, Slots(), 0.9, recognizer="model"),
    }
    return TurnRecognizer(
        CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel(said))
    )  # type: ignore[arg-type]


HEATING = Previous(
    intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 20))
)
LAMP = Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),))
LIGHT = pointing(("living_room_ceiling_light", 0.85), ("floor_lamp", 0.3))


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("this one warmer", {"color_temp_kelvin": 2700}),
        ("this light is too bright", {"domain": "light", "brightness_step": -20}),
    ],
)
def test_a_pointed_light_made_warmer_or_said_too_bright(
    reader: TurnRecognizer, text: str, slots: dict
) -> None:
    turn = reader.understand_turn(Turn(text, observations=LIGHT, context=TurnContext(area="living_room")))
    assert (turn.intent.name, turn.intent.slots.as_dict()) == (intents.LIGHT_SET, slots), text
    assert [device.id for device in turn.targets.devices] == ["living_room_ceiling_light"]


def test_too_bright_with_no_light_named_or_pointed_at_is_no_command(reader: TurnRecognizer) -> None:
    said = understood(reader, "it's too bright in here", context=TurnContext(area="living_room"))
    assert said[0] == intents.NONE, "the sun, the lights or the telly: no single meaning"


def test_a_reason_after_a_pointed_command_names_no_kind(reader: TurnRecognizer) -> None:
    said = understood(reader, "switch that on, it's gone dark since the power dipped", LIGHT,
                      TurnContext(area="living_room"))  # fmt: skip
    assert said == (intents.TURN_ON, ("living_room_ceiling_light",), False), "the power is no binary sensor"


@pytest.mark.parametrize(
    ("text", "previous", "intent", "targets"),
    [
        ("plus the little ones under the cupboards", Previous(intents.TURN_ON, ("kitchen_ceiling",)),
         intents.TURN_ON, ("counter_lights",)),
        ("the lights under the kitchen cupboards, could you put them on", None,
         intents.TURN_ON, ("counter_lights",)),
        ("Thank you. Please turn on the one in the bathroom as well.",
         Previous(intents.TURN_ON, ("bedroom_fan",), (("name", "Ceiling Fan"),)),
         intents.TURN_ON, ("bathroom_fan",)),
        ("oh, that's a touch chilly, could you go a degree or two higher",
         HEATING,
         intents.CLIMATE_SET_TEMPERATURE, ("thermostat",)),
        ("same thing in bed room please", LAMP,
         intents.TURN_ON, ("bedroom_lamp",)),
        ("right, back to the film, the doorbell was nobody", Previous(intents.MEDIA_PAUSE, ("tv",)),
         intents.MEDIA_UNPAUSE, ("tv",)),
        ("volume to 35 on it", Previous(intents.TURN_ON, ("tv",), (("name", "TV"),)),
         intents.SET_VOLUME, ("tv",)),
        ("the others as well", Previous(intents.TURN_ON, ("kitchen_ceiling",)), intents.TURN_ON,
         ("counter_lights",)),
        ("turn the telly down a touch", Previous(intents.TURN_ON, ("tv",), (("name", "TV"),)),
         intents.SET_VOLUME, ("tv",)),
    ],
)  # fmt: skip
def test_follow_ups_and_commands_said_loosely(
    reader: TurnRecognizer, text: str, previous: Previous | None, intent: str, targets: tuple[str, ...]
) -> None:
    area = "living_room" if previous is None or "tv" in previous.targets else "kitchen"
    said = understood(reader, text, context=TurnContext(area=area, previous=previous))
    assert said[:2] == (intent, targets), text


def test_lights_low_in_here_is_a_step_down(reader: TurnRecognizer) -> None:
    said = "lights low in here please, her temperature's up again"
    turn = reader.understand_turn(Turn(said, context=TurnContext(area="bedroom")))
    assert (turn.intent.name, turn.intent.slots.brightness_step) == (intents.LIGHT_SET, -20)
    assert [device.id for device in turn.targets.devices] == ["bedroom_lamp"]


def test_the_verb_of_another_command_is_no_follow_up(reader: TurnRecognizer) -> None:
    fan = Previous(intents.TURN_ON, ("bedroom_fan",), (("name", "Ceiling Fan"),))
    said = understood(reader, "turn off the one in the bathroom as well", context=TurnContext(previous=fan))
    assert said[:2] != (intents.TURN_ON, ("bathroom_fan",)), "off is not the previous on"


TV = pointing(("tv", 0.85), ("floor_lamp", 0.2))


def test_a_remark_with_a_not_said_of_something_else_leaves_the_command(reader: TurnRecognizer) -> None:
    said = understood(reader, "can you make that louder, my ears aren't what they were", TV,
                      TurnContext(area="living_room"))  # fmt: skip
    assert said[:2] == (intents.SET_VOLUME, ("tv",))


def test_be_a_dear_and(reader: TurnRecognizer) -> None:
    lamp = pointing(("floor_lamp", 0.87), ("living_room_ceiling_light", 0.3))
    said = understood(
        reader, "would you be a dear and put that one off", lamp, TurnContext(area="living_room")
    )
    assert said[:2] == (intents.TURN_OFF, ("floor_lamp",))


UNLOCK = Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),))


@pytest.mark.parametrize("text", ["yes, open the door", "oh, it's asking me. um, yes! yes, unlock it"])
def test_a_yes_with_the_command_asked_about_is_a_yes(reader: TurnRecognizer, text: str) -> None:
    waiting = TurnContext(area="hallway", previous=UNLOCK, awaiting_confirmation=True)
    assert understood(reader, text, context=waiting)[:2] == (intents.CONFIRM, ("front_door",)), text


def test_a_yes_with_another_command_is_that_command(reader: TurnRecognizer) -> None:
    waiting = TurnContext(area="hallway", previous=UNLOCK, awaiting_confirmation=True)
    said = understood(reader, "yes, and turn on the kitchen lights", context=waiting)
    assert said[:2] == (intents.TURN_ON, ("kitchen_ceiling", "counter_lights"))
    said = understood(reader, "yes, open the door", context=TurnContext(area="hallway", previous=UNLOCK))
    assert said[0] != intents.CONFIRM, "no question waits: no yes to give"


def test_words_said_to_you_lot_are_theirs(example_reader: CombinedRecognizer) -> None:
    said = "you lot, boots off at the door, I've just mopped the floor"
    assert to_someone(said, example_reader.grammar.words()) == ""
    locks = TableModel({said: Intent(intents.TURN_OFF, Slots(domain="lock"), 0.8, recognizer="model")})
    heard = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=locks).recognize(said)  # type: ignore[arg-type]
    assert not heard.is_command, "said to the children"
    assert to_someone("you know, lights off", example_reader.grammar.words()) is None


def test_nothing_named_switched_beside_something_to_watch_is_not_the_rooms_lights(
    example_reader: CombinedRecognizer,
) -> None:
    said = "put the film thing on"
    on = TableModel({said: Intent(intents.TURN_ON, Slots(), 0.94, text=said, recognizer="model")})
    heard = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=on).recognize(said)  # type: ignore[arg-type]
    assert not heard.is_command, "something to watch, not the lights of the room heard in"


@pytest.mark.parametrize(
    "text",
    [
        "switch the big light off and leave the lamp on",
        "turn off the big light but not the lamp",
        "turn off the lights but not the lamp",
    ],
)
def test_the_rooms_one_lamp_left_out_by_its_kind(reader: TurnRecognizer, text: str) -> None:
    said = understood(reader, text, context=TurnContext(area="living_room"))
    assert said[:2] == (intents.TURN_OFF, ("living_room_ceiling_light",)), text


@pytest.mark.parametrize(
    ("text", "observations", "intent", "targets"),
    [
        ("put that on hold a moment", TV, intents.MEDIA_PAUSE, ("tv",)),
        ("that one in blue please, dear", pointing(("floor_lamp", 0.8), ("tv", 0.2)), intents.LIGHT_SET,
         ("floor_lamp",)),
    ],
)  # fmt: skip
def test_pointed_at_and_said_shortly(
    reader: TurnRecognizer, text: str, observations: tuple, intent: str, targets: tuple[str, ...]
) -> None:
    said = understood(reader, text, observations, TurnContext(area="living_room"))
    assert said[:2] == (intent, targets), text
