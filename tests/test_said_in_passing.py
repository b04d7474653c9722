"""Commands and questions said in passing, as people say them on a cold evening at home: beside a remark
("timer for 20 minutes please, the stew's on"), after a word that the last try was not enough ("still can't
hear it, louder again"), about the one door or blind of the room heard in, about what someone left on, and
with a room said to be dark before a remark. What is certain is read; a clause beside remarks is asked about;
a question put to a person in the room is no question for the home."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.coreference import from_remark
from assistantd.fusion.one_clause import model_doubted, not_for_the_model
from assistantd.fusion.remarks import after_a_try, without_remark
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intent_model.features import Evidence
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, in_here, pointing, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("have I locked the front door or not", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("has someone locked the back door", None, intents.GET_STATE,
         {"name": "Back Door", "domain": "lock", "state": "locked"}),
        ("did the delivery guy leave the shed door open?", None, intents.GET_STATE,
         {"name": "Shed Door", "domain": "binary_sensor", "device_class": "opening", "state": "on"}),
        ("have we left any lights on upstairs, do you know", None, intents.GET_STATE,
         {"floor": "Upstairs", "domain": "light", "state": "on"}),
        ("did I leave the garage light on when I brought the parcels in?", None, intents.GET_STATE,
         {"name": "Garage Light", "state": "on"}),
        ("how long's that timer got left, I need to jump on a call", None, intents.TIMER_STATUS, {}),
        ("lock the door please, I'm in, and it's bitter out there", "Entrance", intents.TURN_ON,
         {"name": "Front Door"}),
        ("lock the door", "Kitchen", intents.TURN_ON, {"name": "all", "domain": "lock"}),
        ("lock the doors", "Entrance", intents.TURN_ON, {"name": "all", "domain": "lock"}),
        ("close the blinds in here, the sun's right on the bed", "Guest Room", intents.TURN_OFF,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade"}),
        ("blind down, there's glare all over my second monitor", "Guest Room", intents.TURN_OFF,
         {"name": "Shade Left"}),
        ("shut the shade", "Guest Room", intents.TURN_OFF,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade"}),
        ("the guest room blinds, open them a quarter", None, intents.SET_POSITION,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade", "position": 25}),
        ("warm this room up to twenty-three, would you?", "Guest Room", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Guest Room", "temperature": 23.0}),
        ("um, could it be a bit warmer in here, say nineteen", "Bedroom", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Bedroom", "temperature": 19.0}),
        ("could it be a little cooler in here", "Bedroom", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Bedroom", "temperature_step": -1.0}),
        ("could you make it really dim in here, like five percent, she's poorly", "Bedroom",
         intents.LIGHT_SET, {"area": "Bedroom", "brightness": 5}),
        ("telly's way too loud, drop it to 10", "Living Room", intents.SET_VOLUME,
         {"name": "TV", "volume_level": 10}),
        ("did someone leave the garage light on after getting the beers?", None, intents.GET_STATE,
         {"name": "Garage Light", "state": "on"}),
        ("are there still lights on in the kitchen from last night?", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "light", "state": "on"}),
        ("is the guest room blind open yet", None, intents.GET_STATE,
         {"name": "Shade Left", "domain": "cover", "state": "open"}),
        ("is the lamp in here on? my eyes are shut", "Bedroom", intents.GET_STATE,
         {"name": "Bedroom Lamp", "state": "on"}),
        ("did the front door get left unlocked last night?", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "unlocked"}),
        ("what's the thermostat set to?", None, intents.CLIMATE_GET_TEMPERATURE, {"name": "Thermostat"}),
        ("dim it down in here to twenty percent", "Kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 20}),
        ("curtains open in here please", "Living Room", intents.TURN_ON,
         {"area": "Living Room", "domain": "cover", "device_class": "curtain"}),
        ("is ada back from school yet", None, intents.GET_STATE,
         {"name": "Ada", "domain": "person", "state": "home"}),
        ("how cold is it out in the garage", None, intents.CLIMATE_GET_TEMPERATURE, {"area": "Garage"}),
        ("what's the temperature down in the living room?", "Guest Room", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Living Room"}),
        ("kitchen lights off when you get a sec", None, intents.TURN_OFF,
         {"area": "Kitchen", "domain": "light"}),
        ("tv off bro", None, intents.TURN_OFF, {"name": "TV"}),
        ("okay okay lights off in here its bedtime no more stories", "Bedroom", intents.TURN_OFF,
         {"area": "Bedroom", "domain": "light"}),
        ("flick the switch on interior, world view", "Bedroom", intents.TURN_ON, {"name": "Bedroom Switch"}),
    ],
)  # fmt: skip
def test_what_the_grammar_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("play that again now, I've got my cocoa", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
        ("play some jazz in the kitchen", intents.MEDIA_SEARCH, {"area": "Kitchen", "search_query": "jazz"}),
        ("turn on the telly for your grandad, he wants the snooker", intents.TURN_ON, {"name": "TV"}),
        (
            "I would like the floor lamp to be red, please.",
            intents.LIGHT_SET,
            {"name": "Floor Lamp", "color": "red"},
        ),
        (
            "I wouldn't mind the study lights at half for my video call.",
            intents.LIGHT_SET,
            {"area": "Office", "brightness": 50},
        ),
        (
            "I'd rather the blinds were only open a quarter",
            intents.SET_POSITION,
            {"name": "Bedroom Blinds", "domain": "cover", "position": 25},
        ),
        (
            "The blinds would be better half open",
            intents.SET_POSITION,
            {"name": "Bedroom Blinds", "domain": "cover", "position": 50},
        ),
        (
            "bump the desk lamp up by 20 percent",
            intents.LIGHT_SET,
            {"name": "Desk Lamp", "brightness_step": 20},
        ),
    ],
)
def test_what_the_example_home_reads(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id="living_room")
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("timer for 20 minutes please, the stew's on", intents.START_TIMER, {"minutes": 20}),
        ("set a timer for one hour, time for her next paracetamol then", intents.START_TIMER, {"hours": 1}),
        ("cancel the timer, we aren't hungry after all", intents.CANCEL_TIMER, {}),
    ],
)
def test_a_timer_beside_a_remark_is_read(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, intent: str, slots: dict
) -> None:
    reader = CombinedRecognizer(ha_config, grammar=ha_home.grammar, model=TableModel({}))  # type: ignore[arg-type]
    heard = reader.recognize(text, area_id="kitchen_id")
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text
    assert not reader.sure(heard), "read from one clause: less sure than the grammar alone"


def test_a_dark_room_with_a_remark_is_asked_about_its_lights(ha_home: CombinedRecognizer) -> None:
    heard = ha_home.recognize("it's pitch dark in here, I can't find the parcel", area_id="garage_id")
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"area": "Garage", "domain": "light"})
    assert ha_home.asks_first(heard)
    said = ha_home.recognize("can't see my own hand in here, it's gone so dark", area_id="garage_id")
    assert said.name == intents.TURN_ON and ha_home.asks_first(said)
    notes = ha_home.recognize("It's getting far too dark in here to read my notes.", area_id="office_id")
    assert (notes.name, notes.slots.area) == (intents.TURN_ON, "Office") and ha_home.asks_first(notes)
    other = ha_home.recognize("it's pitch dark in here, turn the tv off", area_id="garage_id")
    assert (other.name, other.slots.as_dict()) == (intents.TURN_OFF, {"name": "TV"})
    assert not ha_home.recognize("it's gone so dark, must be a storm coming").is_command


def test_a_question_put_to_a_person_is_doubted() -> None:
    road = Intent(intents.GET_STATE, Slots(name="Road", state="on"), 0.6, recognizer="model")
    names = {"road", "lights", "front", "door"}
    assert model_doubted("did you see the christmas lights on Elm Road?", road, Evidence(), names)
    door = Intent(intents.GET_STATE, Slots(name="Front Door", state="locked"), 0.9, recognizer="model")
    assert not model_doubted("is the front door locked?", door, Evidence(), names)


def test_that_names_what_is_pointed_at() -> None:
    assert not_for_the_model("turn that up", {"tv", "lamp"})
    assert not not_for_the_model("turn that up", {"tv", "lamp"}, pointed=True)
    assert not_for_the_model("leave that alone", {"tv", "lamp"}, pointed=True)


def test_what_follows_a_try_that_did_not_do_enough() -> None:
    assert after_a_try("still can't hear it, louder again") == "louder again"
    assert after_a_try("I can't see a thing, brighter") == "brighter"
    assert without_remark("still can't hear it, louder again") == "louder again"
    assert after_a_try("louder again") is None


def test_the_thing_a_remark_begins_with_stands_for_them() -> None:
    names = frozenset({"kitchen", "cabinets", "lights"})
    said = ["the cabinet lights in the kitchen came back on after the power cut", "turn them off would you"]
    assert from_remark(said, names) == "turn the cabinet lights in the kitchen off"


def test_turns_said_in_passing(example_reader: CombinedRecognizer) -> None:
    up = Intent(intents.LIGHT_SET, Slots(domain="light", brightness_step=20), 0.97, recognizer="model")
    louder = Intent(intents.SET_VOLUME, Slots(volume_step=10), 0.99, recognizer="model")
    model = TableModel({"turn that up": up, "louder again": louder})
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model)  # type: ignore[arg-type]
    example_turns = TurnRecognizer(CONFIG, reader)
    volume = Previous(intents.SET_VOLUME, ("tv",), (("name", "TV"), ("volume_level", 50)))
    playing = (("tv", "playing"),)
    said = in_here(example_turns, "still can't hear it, louder again", previous=volume, states=playing)
    assert said[:2] == (intents.SET_VOLUME, ("tv",))
    coffee = Previous(intents.TURN_ON, ("coffee_maker",), (("name", "Coffee Maker"),))
    said = in_here(example_turns, "turn it up to 70 for him, would you", previous=coffee, states=playing)
    assert said[:2] == (intents.SET_VOLUME, ("tv",))
    said = in_here(example_turns, "turn that up, your grandad can't hear a thing",
                   pointing(("tv", 0.91), ("floor_lamp", 0.2)), states=playing)  # fmt: skip
    assert said[:2] == (intents.SET_VOLUME, ("tv",))
    office = TurnContext(text="the user is in the office")
    said = understood(example_turns, "put the light on, it's dark out already", context=office)
    assert said[:2] == (intents.TURN_ON, ("office_desk_lamp",))


def test_what_a_command_of_that_is_for_and_what_was_wrong_before_it() -> None:
    assert without_remark("stick that on for the lunchtime news") == "stick that on"
    assert (
        without_remark("make that one a calm green for behind me on camera") == "make that one a calm green"
    )
    assert without_remark("set a timer for the pasta") is None, "no 'that': what it is for may be its name"
    assert (
        after_a_try("that one's too dim for the crossword, a bit brighter please") == "a bit brighter please"
    )


def test_a_remark_about_ones_eyes_is_a_remark() -> None:
    from assistantd.fusion.remarks import before_remarks_said

    assert before_remarks_said("only halfway though, my eyes can't take it") == "only halfway though"
    assert before_remarks_said("kitchen lights off, my lamp on") == "kitchen lights off, my lamp on"


@pytest.mark.parametrize(
    ("kept", "text"),
    [
        ("turn that down a touch", "oi, turn that down a touch, I can't hear what anyone's saying"),
        ("turn that down a bit", "turn that down a bit the kids are doing homework"),  # (no comma)
    ],
)
def test_the_pointed_tv_turned_down_while_someone_cannot_hear(
    example_reader: CombinedRecognizer, kept: str, text: str
) -> None:
    down = Intent(intents.LIGHT_SET, Slots(domain="light", brightness_step=-20), 0.9, recognizer="model")
    model = TableModel({kept: down})
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model))  # type: ignore[arg-type]
    said = in_here(reader, text, pointing(("tv", 0.9), ("floor_lamp", 0.17)), states=(("tv", "playing"),))
    assert said[:2] == (intents.SET_VOLUME, ("tv",))


def test_a_bare_command_the_model_reads_is_for_the_device_pointed_at(
    example_reader: CombinedRecognizer,
) -> None:
    off = Intent(intents.TURN_OFF, Slots(area="Living Room", domain="light"), 0.99, recognizer="model")
    model = TableModel({"off": off})
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model))  # type: ignore[arg-type]
    ceiling = pointing(("living_room_ceiling_light", 0.9))
    said = in_here(
        reader, "ugh that's way too bright, off", ceiling, states=(("living_room_ceiling_light", "on"),)
    )
    assert said[:2] == (intents.TURN_OFF, ("living_room_ceiling_light",))
    said = in_here(reader, "off", states=(("living_room_ceiling_light", "on"),))
    assert said[:2] == (intents.TURN_OFF, ("floor_lamp", "living_room_ceiling_light")), "no hand: the room's"


def test_a_correction_before_the_command_is_no_taking_back(example_reader: CombinedRecognizer) -> None:
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel({}))  # type: ignore[arg-type]
    example_turns = TurnRecognizer(CONFIG, reader)
    blinds = Previous(
        intents.SET_POSITION, ("bedroom_blinds",), (("name", "Bedroom Blinds"), ("position", 50))
    )
    said = understood(
        example_turns,
        "no, shut them completely, I don't want any sun in",
        context=TurnContext(area="bedroom", previous=blinds),
    )
    assert said[:2] == (intents.TURN_OFF, ("bedroom_blinds",))
    lamp = Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "white")))
    said = in_here(example_turns, "actually, can it be blue instead of white", previous=lamp)
    assert said[:2] == (intents.LIGHT_SET, ("floor_lamp",))
    pointed = pointing(("floor_lamp", 0.9))
    assert in_here(example_turns, "bit brighter on that one", pointed)[:2] == (
        intents.LIGHT_SET,
        ("floor_lamp",),
    )


def test_do_that_in_another_room_too(example_turns: TurnRecognizer) -> None:
    kitchen = Previous(
        intents.TURN_ON, ("kitchen_ceiling", "counter_lights"), (("area", "Kitchen"), ("domain", "light"))
    )
    said = in_here(example_turns, "do that in the bedroom too", previous=kitchen)
    assert said[:2] == (intents.TURN_ON, ("bedroom_lamp",))
    red = Previous(intents.LIGHT_SET, ("bedroom_lamp",), (("name", "Bedroom Lamp"), ("color", "red")))
    said = in_here(example_turns, "ooh nice, do the same with the floor lamp", previous=red)
    assert said[:2] == (intents.LIGHT_SET, ("floor_lamp",))


@pytest.mark.parametrize(
    ("text", "to_someone"),
    [
        ("Did you lock the front door, Frank, or shall I go down and check?", True),
        ("are you sure the front door's locked? go and have a look, would you", True),
        ("jack did you open the back door again the cat got out", True),
        ("zoe did u leave the kitchen lights on again", True),
        ("knock knock. who's there? lights. lights who? lights out, ha", True),
        ("so did you lock the front door", False),
        ("did you turn the lights off", False),
        ("hello? are you there? turn the lights in here off", False),
        ("Jess, are you done in the bathroom? bathroom fan off then", False),
    ],
)
def test_questions_put_to_someone_in_the_room(text: str, to_someone: bool) -> None:
    from assistantd.fusion.negation import reported

    assert reported(text) is to_someone


def test_talk_about_devices_and_words_is_no_question() -> None:
    from assistantd.fusion.negation import talk

    assert talk("is it normal for a smart plug to get warm like that")
    assert talk("is thermostat one word or two")
    assert not talk("is the smart plug on")
    assert not talk("is it warm in the kitchen")
