"""The grammar recognizer: intents and slots for a small home, fuzzy names, custom sentences."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.dialects import ActionTemplate, Dialect, GenericDevice
from assistantd.config.home import Area, Device, Floor, Site
from assistantd.config.sentences import CustomSentence
from assistantd.config.service import RecognizerConfig
from assistantd.config.settings import Config
from assistantd.config.template import TemplateError
from assistantd.grammar.recognizer import GrammarRecognizer, custom_group
from tests.support.configs import EXAMPLE

_MQTT = GenericDevice(actions=(("turn_on", ActionTemplate("home/x/set", "ON")),))


def _device(
    name: str, domain: str, area: str | None, device_class: str | None = None, *aliases: str
) -> Device:
    """A generic device."""
    device_id = name.lower().replace(" ", "_")
    return Device(device_id, name, domain, area, Dialect.GENERIC, _MQTT, aliases, device_class)


def home(**changes: object) -> Config:
    """A small home heard from the living room."""
    config = Config(
        site=Site("satellite", "living_room"),
        floors=(
            Floor("ground", "Ground Floor", ("downstairs",)),
            Floor("first", "First Floor", ("upstairs",)),
        ),
        areas=(
            Area("living_room", "Living Room", ("lounge",), "ground"),
            Area("kitchen", "Kitchen", (), "ground"),
            Area("bedroom", "Bedroom", (), "first"),
            Area("office", "Office", ("study",), "first"),
        ),
        devices=(
            _device("Kitchen Light", "light", "kitchen"),
            _device("Desk Lamp", "light", "office", None, "reading light"),
            _device("Floor Lamp", "light", "living_room"),
            _device("Ceiling Fan", "fan", "bedroom"),
            _device("Coffee Maker", "switch", "kitchen"),
            _device("TV", "media_player", "living_room", None, "television"),
            _device("Thermostat", "climate", "living_room"),
            _device("Front Door", "lock", None),
            _device("Bedroom Blinds", "cover", "bedroom", "blind"),
            _device("Garage Door", "cover", None, "garage"),
            _device("Main Valve", "valve", None),
            _device("Movie Night", "scene", None),
            _device("Kitchen Smoke", "binary_sensor", "kitchen", "smoke"),
            _device("Back Window", "binary_sensor", "bedroom", "window"),
            _device("Outdoor Temperature", "sensor", None, "temperature"),
            _device("Ada", "person", None),
        ),
        sentences=(
            CustomSentence(intents.TURN_ON, ("(movie|cinema) time [please]",), (("name", "Movie Night"),)),
            CustomSentence(
                intents.LIGHT_SET, ("make it cosy [in here]",), (("brightness", 30), ("domain", "light"))
            ),
            CustomSentence(intents.TURN_OFF, ("kill the {name}",)),
        ),
    )
    return Config(**{**{f: getattr(config, f) for f in config.__dataclass_fields__}, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def recognizer() -> GrammarRecognizer:
    """The recognizer for the small home."""
    return GrammarRecognizer(home())


def _check(
    recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object], area: str | None = None
) -> None:
    """Recognise and compare."""
    result = recognizer.recognize(text, area_id=area)
    assert (result.name, result.slots.as_dict()) == (intent, slots), text


TURN_ON_OFF = [
    ("turn on the kitchen light", intents.TURN_ON, {"name": "Kitchen Light"}),
    ("flip on the coffee maker", intents.TURN_ON, {"name": "Coffee Maker"}),
    ("it's way too dark in here to read", intents.TURN_ON, {"area": "Living Room", "domain": "light"}),
    ("flip off the coffee maker", intents.TURN_OFF, {"name": "Coffee Maker"}),
    ("flip the coffee maker", intents.TOGGLE, {"name": "Coffee Maker"}),
    ("could you switch off the desk lamp please", intents.TURN_OFF, {"name": "Desk Lamp"}),
    ("turn the reading light on", intents.TURN_ON, {"name": "Desk Lamp"}),
    ("Turn off the lights in the kitchen!", intents.TURN_OFF, {"domain": "light", "area": "Kitchen"}),
    ("kitchen lights on", intents.TURN_ON, {"domain": "light", "area": "Kitchen"}),
    ("switch on the lights upstairs", intents.TURN_ON, {"domain": "light", "floor": "First Floor"}),
    ("turn off all the lights in the house", intents.TURN_OFF, {"domain": "light"}),
    ("lock all the doors", intents.TURN_ON, {"domain": "lock", "name": "all"}),
    (
        "close the blinds everywhere",
        intents.TURN_OFF,
        {"domain": "cover", "device_class": "blind", "name": "all"},
    ),
    ("set all the lights in the house to 50%", intents.LIGHT_SET, {"brightness": 50, "name": "all"}),
    ("kitchen lights to half", intents.LIGHT_SET, {"area": "Kitchen", "brightness": 50}),
    ("dim the kitchen lights to a quarter", intents.LIGHT_SET, {"area": "Kitchen", "brightness": 25}),
    (
        "put the kitchen light on a quarter brightness",
        intents.LIGHT_SET,
        {"name": "Kitchen Light", "brightness": 25},
    ),
    ("can the kitchen light go red", intents.LIGHT_SET, {"name": "Kitchen Light", "color": "red"}),
    ("switch the coffee maker off for now", intents.TURN_OFF, {"name": "Coffee Maker"}),
    ("turn on the lights", intents.TURN_ON, {"domain": "light", "area": "Living Room"}),
    ("lights off in here", intents.TURN_OFF, {"domain": "light", "area": "Living Room"}),
    ("turn on the fan in the bedroom", intents.TURN_ON, {"domain": "fan", "area": "Bedroom", "name": "all"}),
    ("turn on the coffee maker", intents.TURN_ON, {"name": "Coffee Maker"}),
    ("pop the coffee maker on", intents.TURN_ON, {"name": "Coffee Maker"}),
    ("get the coffee maker going", intents.TURN_ON, {"name": "Coffee Maker"}),
    ("shut the garage door behind me", intents.TURN_OFF, {"name": "Garage Door"}),
    ("can we get some light in here", intents.TURN_ON, {"domain": "light", "area": "Living Room"}),
    ("turn every light off", intents.TURN_OFF, {"domain": "light"}),
    ("turn all the lights off in here", intents.TURN_OFF, {"domain": "light", "area": "Living Room"}),
    ("open the bedroom blinds", intents.TURN_ON, {"name": "Bedroom Blinds"}),
    ("get the bedroom blinds open", intents.TURN_ON, {"name": "Bedroom Blinds"}),
    ("pull the bedroom blinds shut", intents.TURN_OFF, {"name": "Bedroom Blinds"}),
    (
        "close the blinds in the bedroom",
        intents.TURN_OFF,
        {"domain": "cover", "device_class": "blind", "area": "Bedroom"},
    ),
    ("close the garage door", intents.TURN_OFF, {"name": "Garage Door"}),
    ("open the main valve", intents.TURN_ON, {"name": "Main Valve", "domain": "valve"}),
    ("lock the front door", intents.TURN_ON, {"name": "Front Door"}),
    ("unlock the front door", intents.TURN_OFF, {"name": "Front Door"}),
    ("can you lock the front door behind me", intents.TURN_ON, {"name": "Front Door"}),
    ("make sure the front door's locked, ta", intents.TURN_ON, {"name": "Front Door"}),
    ("pop the kitchen light on for the kids", intents.TURN_ON, {"name": "Kitchen Light"}),
    ("pause the telly", intents.MEDIA_PAUSE, {"name": "TV"}),
    ("put the heating on 21", intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 21}),
    ("activate movie night", intents.TURN_ON, {"name": "Movie Night", "domain": "scene"}),
    ("let's do movie night", intents.TURN_ON, {"name": "Movie Night", "domain": "scene"}),
    ("put movie night on", intents.TURN_ON, {"name": "Movie Night", "domain": "scene"}),
    ("everything in the kitchen, lights off", intents.TURN_OFF, {"domain": "light", "area": "Kitchen"}),
    ("toggle the floor lamp", intents.TOGGLE, {"name": "Floor Lamp"}),
    ("toggle the lights in the office", intents.TOGGLE, {"domain": "light", "area": "Office"}),
    ("desk lamp", intents.TURN_ON, {"name": "Desk Lamp"}),
]

LIGHT_SET = [
    ("set the desk lamp to 40%", {"name": "Desk Lamp", "brightness": 40}),
    ("set the desk lamp brightness to fifty five percent", {"name": "Desk Lamp", "brightness": 55}),
    ("dim the kitchen light to twenty one percent", {"name": "Kitchen Light", "brightness": 21}),
    ("set the kitchen brightness to one hundred percent", {"area": "Kitchen", "brightness": 100}),
    ("set the brightness to max", {"area": "Living Room", "brightness": 100}),
    ("set the floor lamp to the lowest brightness", {"name": "Floor Lamp", "brightness": 1}),
    ("make the lights red", {"area": "Living Room", "color": "red"}),
    ("set the kitchen light to sky blue", {"name": "Kitchen Light", "color": "sky blue"}),
    ("change the color of the lights in the bedroom to green", {"area": "Bedroom", "color": "green"}),
    ("set the desk lamp to warm white", {"name": "Desk Lamp", "color_temp_kelvin": 2700}),
    ("set the floor lamp to 4000 kelvin", {"name": "Floor Lamp", "color_temp_kelvin": 4000}),
    ("make the lights daylight", {"area": "Living Room", "color_temp_kelvin": 6500}),
]

CLIMATE_AND_POSITION = [
    ("what does the thermostat say", intents.CLIMATE_GET_TEMPERATURE, {"name": "Thermostat"}),
    ("what's the thermostat at", intents.CLIMATE_GET_TEMPERATURE, {"name": "Thermostat"}),
    ("thermostat 68 please", intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 68}),
    ("what's the thermostat", intents.CLIMATE_GET_TEMPERATURE, {"name": "Thermostat"}),
    ("how cold is it in here exactly", intents.CLIMATE_GET_TEMPERATURE, {"area": "Living Room"}),
    (
        "set the thermostat to 21 degrees",
        intents.CLIMATE_SET_TEMPERATURE,
        {"name": "Thermostat", "temperature": 21},
    ),
    (
        "set the temperature to twenty point five",
        intents.CLIMATE_SET_TEMPERATURE,
        {"area": "Living Room", "temperature": 20.5},
    ),
    (
        "set the bedroom temperature to 19.5°",
        intents.CLIMATE_SET_TEMPERATURE,
        {"area": "Bedroom", "temperature": 19.5},
    ),
    ("thermostat to 68 please", intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 68}),
    ("make it 22 in the bedroom", intents.CLIMATE_SET_TEMPERATURE, {"area": "Bedroom", "temperature": 22}),
    ("i want it at 70 in here", intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 70}),
    ("keep it at 19", intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 19}),
    ("what's the temperature", intents.CLIMATE_GET_TEMPERATURE, {"area": "Living Room"}),
    ("how warm is it in the office", intents.CLIMATE_GET_TEMPERATURE, {"area": "Office"}),
    ("what is the temperature of the thermostat", intents.CLIMATE_GET_TEMPERATURE, {"name": "Thermostat"}),
    (
        "set the bedroom blinds to 30 percent",
        intents.SET_POSITION,
        {"name": "Bedroom Blinds", "domain": "cover", "position": 30},
    ),
    (
        "open the blinds to seventy five percent in the bedroom",
        intents.SET_POSITION,
        {"domain": "cover", "device_class": "blind", "area": "Bedroom", "position": 75},
    ),
    (
        "set the main valve to 50",
        intents.SET_POSITION,
        {"name": "Main Valve", "domain": "valve", "position": 50},
    ),
]

STATE = [
    ("is the front door locked", {"name": "Front Door", "domain": "lock", "state": "locked"}),
    ("is the kitchen light on", {"name": "Kitchen Light", "state": "on"}),
    ("front door's locked, right?", {"name": "Front Door", "domain": "lock", "state": "locked"}),
    ("are any lights on in the kitchen", {"domain": "light", "state": "on", "area": "Kitchen"}),
    ("are the kitchen lights on at the moment", {"domain": "light", "state": "on", "area": "Kitchen"}),
    ("which lights are off upstairs", {"domain": "light", "state": "off", "floor": "First Floor"}),
    (
        "is the back window open",
        {"name": "Back Window", "domain": "binary_sensor", "device_class": "window", "state": "on"},
    ),
    (
        "is there smoke in the kitchen",
        {"domain": "binary_sensor", "device_class": "smoke", "state": "on", "area": "Kitchen"},
    ),
    (
        "is kitchen smoke detected",
        {"name": "Kitchen Smoke", "domain": "binary_sensor", "device_class": "smoke", "state": "on"},
    ),
    ("what is the outdoor temperature", {"name": "Outdoor Temperature"}),
    ("did i remember to lock the front door", {"name": "Front Door", "domain": "lock", "state": "locked"}),
    ("hey did someone leave the kitchen light on", {"name": "Kitchen Light", "state": "on"}),
    ("did you turn off the kitchen light", {"name": "Kitchen Light", "state": "off"}),
    ("did we forget to close the garage door", {"name": "Garage Door", "domain": "cover", "state": "closed"}),
    ("is the kitchen light switched off yet", {"name": "Kitchen Light", "state": "off"}),
    ("how much outdoor temperature have we had today", {"name": "Outdoor Temperature"}),
    ("is Ada at home", {"name": "Ada", "domain": "person", "state": "home"}),
    ("is anyone home", {"domain": "person", "state": "home"}),
    ("where is Ada", {"name": "Ada", "domain": "person"}),
]

MEDIA = [
    ("pause", intents.MEDIA_PAUSE, {"area": "Living Room"}),
    ("pause the tv", intents.MEDIA_PAUSE, {"name": "TV"}),
    ("resume the music", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
    ("carry on playing", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
    ("carry on with the movie", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
    ("right, carry on", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
    ("stop it for a minute", intents.MEDIA_PAUSE, {"area": "Living Room"}),
    ("pause the tv for a sec", intents.MEDIA_PAUSE, {"name": "TV"}),
    ("skip this song", intents.MEDIA_NEXT, {"area": "Living Room"}),
    ("go back to the previous track on the television", intents.MEDIA_PREVIOUS, {"name": "TV"}),
    ("set the tv volume to 35 percent", intents.SET_VOLUME, {"name": "TV", "volume_level": 35}),
    ("set the telly's volume to half", intents.SET_VOLUME, {"name": "TV", "volume_level": 50}),
    ("turn the tv up to 50", intents.SET_VOLUME, {"name": "TV", "volume_level": 50}),
    ("put the office on the telly", intents.MEDIA_SEARCH, {"name": "TV", "search_query": "the office"}),
    ("turn the volume down to twenty", intents.SET_VOLUME, {"area": "Living Room", "volume_level": 20}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), TURN_ON_OFF)
def test_turn_on_off(recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object]) -> None:
    _check(recognizer, text, intent, slots)


@pytest.mark.parametrize(("text", "slots"), LIGHT_SET)
def test_light_set(recognizer: GrammarRecognizer, text: str, slots: dict[str, object]) -> None:
    _check(recognizer, text, intents.LIGHT_SET, slots)


@pytest.mark.parametrize(("text", "intent", "slots"), CLIMATE_AND_POSITION)
def test_climate_and_position(
    recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    _check(recognizer, text, intent, slots)


@pytest.mark.parametrize(("text", "slots"), STATE)
def test_state_questions(recognizer: GrammarRecognizer, text: str, slots: dict[str, object]) -> None:
    _check(recognizer, text, intents.GET_STATE, slots)


@pytest.mark.parametrize(("text", "intent", "slots"), MEDIA)
def test_media(recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object]) -> None:
    _check(recognizer, text, intent, slots)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes", intents.CONFIRM),
        ("Yes please.", intents.CONFIRM),
        ("confirm", intents.CONFIRM),
        ("do it", intents.CONFIRM),
        ("go ahead", intents.CONFIRM),
        ("sure", intents.CONFIRM),
        ("no", intents.DECLINE),
        ("No thanks", intents.DECLINE),
        ("don't", intents.DECLINE),
        ("never mind", intents.NEVERMIND),
        ("yeah go for it", intents.CONFIRM),
        ("sure why not", intents.CONFIRM),
        ("Yep, that's fine.", intents.CONFIRM),
        ("sure, open it", intents.CONFIRM),
        ("yes unlock it", intents.CONFIRM),
        ("nevermind", intents.NEVERMIND),
    ],
)
def test_dialogue_answers(recognizer: GrammarRecognizer, text: str, intent: str) -> None:
    _check(recognizer, text, intent, {})


def test_every_light_with_no_place_is_the_whole_home_and_in_here_the_room(
    recognizer: GrammarRecognizer,
) -> None:
    every = recognizer.recognize("switch every single light off")
    here = recognizer.recognize("turn off every light in here")
    assert (every.name, every.slots.as_dict(), every.everywhere) == (
        intents.TURN_OFF,
        {"domain": "light"},
        True,
    )
    assert (here.slots.as_dict(), here.everywhere) == ({"domain": "light", "area": "Living Room"}, False)


def test_a_question_is_never_a_command_with_a_name_heard_approximately(recognizer: GrammarRecognizer) -> None:
    assert recognizer.recognize("is the thermostat on").name != intents.TURN_ON
    assert recognizer.recognize("is the tv on").name == intents.GET_STATE


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("weather please", intents.GET_WEATHER),
        ("is it raining", intents.GET_WEATHER),
        ("will i need an umbrella", intents.GET_WEATHER),
        ("is it cold outside today", intents.GET_WEATHER),
        ("what time is it now, roughly", intents.GET_CURRENT_TIME),
        ("what's the date again", intents.GET_CURRENT_DATE),
        ("what is weather today?", intents.GET_WEATHER),  # no article, as many say it
    ],
)
def test_the_weather_time_and_date_asked_loosely(
    recognizer: GrammarRecognizer, text: str, intent: str
) -> None:
    assert recognizer.recognize(text).name == intent


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "please",
        "yes I saw that movie",
        "no the kitchen is fine",
        "I told you to turn it off yesterday",
        "he said turn off the lights and left",
        "the lights were on all night",
        "it is too dark outside",
        "set an alarm for seven am",
        "snooze the alarm",
        "tell me a joke",
        "turn left at the next street",
        "knock it off",
        "oh get it on",
        "open the pod bay doors",
        "what's the weather like tomorrow",
        "play music",
        "add a meeting to my calendar",
        "turn on the jacuzzi",
    ],
)
def test_non_commands(recognizer: GrammarRecognizer, text: str) -> None:
    result = recognizer.recognize(text)
    assert result.name == intents.NONE, (text, result)
    assert result.confidence == 0.0


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("turn it off", intents.TURN_OFF, {}),
        ("switch that on please", intents.TURN_ON, {}),
        ("kill that one", intents.TURN_OFF, {}),
        ("make it a bit brighter", intents.LIGHT_SET, {"domain": "light", "brightness_step": 20}),
        ("set it to 30 percent", intents.LIGHT_SET, {"brightness": 30}),
        ("now take it down to 20", intents.LIGHT_SET, {"brightness": 20}),
        ("wait, put it back on", intents.TURN_ON, {}),
        ("actually nah turn it back off", intents.TURN_OFF, {}),
        ("actually turn it off", intents.TURN_OFF, {}),
        ("turn that down to 15", intents.LIGHT_SET, {"brightness": 15}),
        ("set them to warm white", intents.LIGHT_SET, {"color_temp_kelvin": 2700}),
        ("is it locked", intents.GET_STATE, {"domain": "lock", "state": "locked"}),
        ("much dimmer", intents.LIGHT_SET, {"domain": "light", "brightness_step": -40}),
        (
            "dim the kitchen lights",
            intents.LIGHT_SET,
            {"domain": "light", "area": "Kitchen", "brightness_step": -20},
        ),
        ("brighten the desk lamp", intents.LIGHT_SET, {"name": "Desk Lamp", "brightness_step": 20}),
    ],
)
def test_that_it_and_brighter_leave_the_device_to_the_dialogue(
    recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    """No name and no place for "that" and "it": the daemon takes the device pointed at or the last one."""
    _check(recognizer, text, intent, slots)


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("turn on the kitchen lite", {"domain": "light", "area": "Kitchen"}),
        ("switch on the desk lamb", {"name": "Desk Lamp"}),
        ("turn on the desk light", {"name": "Desk Lamp"}),
        ("turn on the lamp desk", {"name": "Desk Lamp"}),
        ("turn on the floor lump", {"name": "Floor Lamp"}),
        ("turn on the lights in the livingroom", {"domain": "light", "area": "Living Room"}),
    ],
)
def test_fuzzy_names_and_asr_slips(
    recognizer: GrammarRecognizer, text: str, slots: dict[str, object]
) -> None:
    result = recognizer.recognize(text)
    assert (result.name, result.slots.as_dict()) == (intents.TURN_ON, slots), text
    if "lite" not in text:
        assert 0.3 < result.confidence < 0.95


def test_exact_names_are_confident(recognizer: GrammarRecognizer) -> None:
    result = recognizer.recognize("turn on the desk lamp")
    assert result.confidence >= 0.95
    assert result.recognizer == "grammar"
    assert result.modality is intents.Modality.TEXT
    assert result.text == "turn on the desk lamp"


def test_fuzzy_threshold_comes_from_the_config() -> None:
    strict = GrammarRecognizer(home(recognizer=RecognizerConfig(fuzzy_threshold=99.0)))
    assert strict.recognize("switch on the desk lamb").name == intents.NONE


@pytest.mark.parametrize(
    ("area", "expected"),
    [(None, "Living Room"), ("kitchen", "Kitchen"), ("office", "Office"), ("", None), ("nowhere", None)],
)
def test_heard_area(recognizer: GrammarRecognizer, area: str | None, expected: str | None) -> None:
    result = recognizer.recognize("turn off the lights", area_id=area)
    assert result.name == intents.TURN_OFF
    assert result.slots.area == expected


def test_explicit_area_wins_over_heard_area(recognizer: GrammarRecognizer) -> None:
    result = recognizer.recognize("turn off the lights in the bedroom", area_id="kitchen")
    assert result.slots.area == "Bedroom"


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("movie time", intents.TURN_ON, {"name": "Movie Night"}),
        ("Cinema time please", intents.TURN_ON, {"name": "Movie Night"}),
        (
            "make it cosy in here",
            intents.LIGHT_SET,
            {"brightness": 30, "domain": "light", "area": "Living Room"},
        ),
        ("kill the tv", intents.TURN_OFF, {"name": "TV"}),
    ],
)
def test_custom_sentences(
    recognizer: GrammarRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    result = recognizer.recognize(text)
    assert (result.name, result.slots.as_dict()) == (intent, slots)
    assert result.recognizer == "custom"
    assert result.confidence == 1.0


def test_custom_sentence_errors() -> None:
    with pytest.raises(TemplateError, match="unknown slot"):
        custom_group(CustomSentence(intents.TURN_ON, ("switch {thing} on",)))
    with pytest.raises(TemplateError, match="unknown slot"):
        custom_group(CustomSentence(intents.TURN_ON, ("party",), (("colour", "red"),)))
    with pytest.raises(TemplateError, match="missing"):
        custom_group(CustomSentence(intents.TURN_ON, ("(party",)))


def test_ambiguous_names_lower_confidence() -> None:
    config = home(devices=(*home().devices, _device("Desk Lamp", "light", "bedroom")))
    result = GrammarRecognizer(config).recognize("turn on the desk lamp")
    assert result.slots.name == "Desk Lamp"
    assert result.confidence >= 0.9  # one name, two devices: the rules decide which, not the grammar
    fuzzy = GrammarRecognizer(home(devices=(*home().devices, _device("Desk Lamps", "light", None))))
    assert fuzzy.recognize("switch on the desk lamb").confidence < 0.75


@pytest.mark.parametrize(
    ("text", "heard", "expected"),
    [
        ("turn off the ceiling light", "living_room", {"name": "Living Room Ceiling Light"}),
        ("turn off the ceiling light", "kitchen", {"name": "Kitchen Ceiling Light"}),
        ("turn off the ceiling light in the kitchen", "living_room", {"name": "Kitchen Ceiling Light"}),
        ("turn off the ceiling light", "bedroom", None),  # no ceiling light there: not guessed
        ("what is the temperature", "hallway", None),  # "Hallway Temperature": a measure is no name
    ],
)
def test_a_name_said_without_its_room_means_the_room_said_or_heard_in(
    text: str, heard: str, expected: dict[str, object] | None
) -> None:
    result = GrammarRecognizer(load_config(EXAMPLE)).recognize(text, area_id=heard)
    if expected is None:
        assert result.slots.name is None, result
    else:
        assert (result.name, result.slots.as_dict()) == (intents.TURN_OFF, expected)


def test_words_of_asking_for_a_timer_are_no_part_of_its_name(recognizer: GrammarRecognizer) -> None:
    heard = recognizer.recognize("put maggi timer for 10 minute")
    assert (heard.name, heard.slots.name, heard.slots.minutes) == (intents.START_TIMER, "maggi", 10)


def test_a_set_point_said_in_degree_singular(recognizer: GrammarRecognizer) -> None:
    heard = recognizer.recognize("put the heating on 22 degree")
    assert (heard.name, heard.slots.temperature) == (intents.CLIMATE_SET_TEMPERATURE, 22)
    assert recognizer.recognize("make it sixty").name != intents.CLIMATE_SET_TEMPERATURE  # no heat said
