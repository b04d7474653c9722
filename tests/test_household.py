"""The weather, robot vacuums, lists and media search: sentences, answers, payloads and their settings."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistantd import intents
from assistantd.action import Action
from assistantd.config import load_config
from assistantd.config.lists import ListsConfig, NamedList
from assistantd.config.schema import parse_config
from assistantd.config.settings import Config
from assistantd.config.weather import WeatherSource
from assistantd.devices.cache import StateCache
from assistantd.devices.command import DeviceCommand
from assistantd.devices.dialects import PLAY_MEDIA, command_actions, commands, supports
from assistantd.devices.weather import WeatherReport
from assistantd.errors import ConfigError
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from assistantd.rules.lists import list_addition
from assistantd.rules.weather import CANNOT, weather_answer
from tests.support.configs import EXAMPLE

LONDON = WeatherSource(state_topic="weather/london", name="London", unit="°F")
HOME_WEATHER = WeatherSource(state_topic="weather/here")


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def recognizer(config: Config) -> GrammarRecognizer:
    with_london = dataclasses.replace(config, weather=(*config.weather, LONDON))
    return GrammarRecognizer(with_london)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("what's the weather", intents.GET_WEATHER, {}),
        ("how is the weather outside", intents.GET_WEATHER, {}),
        ("what's the weather like in London", intents.GET_WEATHER, {"name": "London"}),
        ("what is the London weather like", intents.GET_WEATHER, {"name": "London"}),
        ("what's the weather in Paris", intents.GET_WEATHER, {"name": "paris"}),
        ("start rover", intents.VACUUM_START, {"name": "Rover"}),
        ("start the vacuum", intents.VACUUM_START, {}),
        ("vacuum the kitchen", intents.VACUUM_START, {"area": "Kitchen"}),
        ("clean upstairs", intents.VACUUM_START, {"floor": "Upstairs"}),
        ("return rover to base", intents.VACUUM_RETURN, {"name": "Rover"}),
        ("send the robot vacuum home", intents.VACUUM_RETURN, {"name": "Rover"}),
        ("add apples to my shopping list", intents.SHOPPING_LIST_ADD, {"item": "apples"}),
        ("put milk and eggs on the list", intents.SHOPPING_LIST_ADD, {"item": "milk and eggs"}),
        ("add nails to the hardware store list", intents.LIST_ADD, {"item": "nails", "name": "Hardware Store"}),
        ("put plasters on the chemist list", intents.LIST_ADD, {"item": "plasters", "name": "Pharmacy"}),
        ("play The Office on the TV", intents.MEDIA_SEARCH, {"search_query": "the office", "name": "TV"}),
        (
            "play the Queen album in the living room",
            intents.MEDIA_SEARCH,
            {"search_query": "queen", "media_class": "album", "area": "Living Room"},
        ),
        (
            "put on the movie Inception",
            intents.MEDIA_SEARCH,
            {"search_query": "inception", "media_class": "movie", "area": "Living Room"},
        ),
    ],
)
def test_sentences(recognizer: GrammarRecognizer, text: str, intent: str, slots: dict) -> None:
    result = recognizer.recognize(text)
    assert (result.name, result.slots.as_dict()) == (intent, slots)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("play the next song", intents.MEDIA_NEXT),  # another media command wins over a search for a title
        ("play music again", intents.MEDIA_UNPAUSE),
        ("play music", intents.NONE),  # a "title" of media words only is no search
        ("play something", intents.NONE),
        ("play the television again", intents.MEDIA_UNPAUSE),  # the player resumed, not a title
        ("put on the kettle", intents.NONE),  # without a kind of media, "put on" is no search
        ("put on my coat", intents.NONE),
        ("play with the dog", intents.NONE),  # ways of saying "play" that mean no media
        ("play it by ear", intents.NONE),
        ("play a game", intents.NONE),
        ("start the reading lamp", intents.TURN_ON),  # "start" a device that is no vacuum
        ("add 5 minutes to the timer", intents.INCREASE_TIMER),  # a timer command, not a list item
        ("add bread to the bakery list", intents.NONE),  # a list the home does not have
        ("what's the weather like tomorrow", intents.NONE),  # a forecast, not the weather now
    ],
)
def test_sentences_that_are_not_these_requests(recognizer: GrammarRecognizer, text: str, intent: str) -> None:
    assert recognizer.recognize(text).name == intent


# --- answers and payloads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "reports", "answer"),
    [
        (None, {"weather/here": WeatherReport("cloudy", 14.0)}, "It's 14 °C and cloudy."),
        (None, {"weather/here": WeatherReport("partlycloudy", 21.46)}, "It's 21.5 °C and partly cloudy."),
        (None, {"weather/here": WeatherReport("rainy", None)}, "It's raining."),
        (None, {"weather/here": WeatherReport(None, -3.0)}, "It's -3 °C."),
        (None, {}, "I don't know the weather yet."),
        ("london", {"weather/london": WeatherReport("rainy", 47.0)}, "In London, it's 47 °F and raining."),
        ("London", {}, "I don't know the weather in London yet."),
        ("paris", {}, "I don't know the weather in Paris."),
    ],
)
def test_weather_answers(place: str | None, reports: dict, answer: str) -> None:
    assert weather_answer((HOME_WEATHER, LONDON), place, reports) == answer


def test_no_weather_source_cannot_tell_the_weather() -> None:
    assert weather_answer((), None, {}) == CANNOT == "I can't do that here."


LISTS = ListsConfig(topic="home/lists/add", named=(NamedList("Hardware Store", ("diy",)),))


@pytest.mark.parametrize(
    ("intent", "slots", "payload", "said"),
    [
        (intents.SHOPPING_LIST_ADD, {"item": "apples"}, {"list": "Shopping List", "item": "apples"},
         "Added apples to the Shopping List."),
        (intents.LIST_ADD, {"item": "nails", "name": "diy"}, {"list": "Hardware Store", "item": "nails"},
         "Added nails to the Hardware Store list."),
        (intents.LIST_ADD, {"item": "nails", "name": "bakery"}, None, "I don't know a list called bakery."),
        (intents.SHOPPING_LIST_ADD, {}, None, "What should I add?"),
    ],
)  # fmt: skip
def test_list_additions(intent: str, slots: dict, payload: dict | None, said: str) -> None:
    action, response = list_addition(LISTS, Intent(intent, Slots(**slots)))
    assert response == said
    if payload is None:
        assert action is None
    else:
        assert action is not None and (action.topic, json.loads(action.payload)) == ("home/lists/add", payload)


def test_a_media_search_goes_to_the_players_search_topic_whatever_its_dialect(config: Config) -> None:
    tv = config.device("tv")
    assert tv is not None and tv.search_topic == "living_room/tv/search"
    search = DeviceCommand(PLAY_MEDIA, search_query="queen", media_class="album")
    assert command_actions(tv, search) == (
        Action("living_room/tv/search", '{"query":"queen","media_class":"album"}', device_id="tv"),
    )
    assert commands(tv, "living_room/tv/search")
    without = dataclasses.replace(tv, search_topic=None)
    assert not supports(without, PLAY_MEDIA)


def test_a_vacuum_is_started_and_sent_home_through_its_generic_actions(config: Config) -> None:
    rover = config.device("rover")
    assert rover is not None and rover.domain == "vacuum"
    topic = "valetudo/rover/BasicControlCapability/operation/set"
    assert [a.payload for a in command_actions(rover, DeviceCommand("start"))] == ["START"]
    assert [a.payload for a in command_actions(rover, DeviceCommand("return_to_base"))] == ["HOME"]
    assert commands(rover, topic) and not supports(rover, "turn_on")


def test_the_cache_keeps_the_last_weather_report(config: Config) -> None:
    cache = StateCache(config)
    assert "home/weather/current" in cache.topics and cache.knows("home/weather/current")
    cache.update("home/weather/current", b'{"condition": "Sunny", "temperature": "18.5"}', 10)
    cache.update("home/weather/current", b"not json", 20)
    cache.update("home/weather/current", b'{"humidity": 40}', 30)
    assert cache.weather == {"home/weather/current": WeatherReport("sunny", 18.5, 10)}


# --- settings -----------------------------------------------------------------------------------

BASE = """\
site: {id: s, area: lr}
areas: [{id: lr, name: Living Room}]
devices:
  - name: TV
    domain: media_player
    area: lr
    generic: {actions: {pause: {topic: tv/set, payload: PAUSE}}}
"""


def issues(extra: str, *, base: str = BASE) -> list[str]:
    """The messages of a config with some text added."""
    with pytest.raises(ConfigError) as caught:
        parse_config(base + extra, file="home.yaml")
    return [str(issue) for issue in caught.value.issues]


def test_settings_are_read() -> None:
    text = BASE + (
        "    search_topic: tv/search\n"
        "weather: [{state_topic: w/here}, {state_topic: w/london, name: London, unit: °F, condition_key: cond}]\n"
        "lists: {topic: lists/add, shopping_list: Groceries, named: [Hardware, {name: Pharmacy, aliases: [chemist]}]}\n"
    )
    config = parse_config(text, file="home.yaml")
    assert config.devices[0].search_topic == "tv/search"
    assert config.weather == (
        WeatherSource("w/here"),
        WeatherSource("w/london", "London", (), "cond", "temperature", "°F"),
    )
    assert config.lists == ListsConfig("lists/add", "Groceries", (NamedList("Hardware"), NamedList("Pharmacy", ("chemist",))))
    mapping = parse_config(BASE + "weather: {state_topic: w/here}\n", file="home.yaml")
    assert mapping.weather == (WeatherSource("w/here"),)
    assert parse_config(BASE, file="home.yaml").weather == () and parse_config(BASE, file="home.yaml").lists is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("weather: {state_topic: 'w/#'}\n", "home.yaml:8: weather.state_topic: invalid MQTT topic 'w/#'"),
        ("weather: {state_topik: w}\n", "home.yaml:8: weather.state_topik: unknown key 'state_topik' (did you mean 'state_topic'?)"),
        ("weather: {unit: C}\n", "home.yaml:8: weather.state_topic: missing required key 'state_topic'"),
        ("weather: [{state_topic: a, name: X}, {state_topic: b, name: x}]\n", "home.yaml:8: weather[1].name: duplicate weather name 'x'"),
        ("weather: 3\n", "home.yaml:8: weather: expected a mapping"),
        ("lists: {named: [a]}\n", "home.yaml:8: lists.topic: missing required key 'topic'"),
        ("lists: {topic: l, named: [Hardware, hardware]}\n", "home.yaml:8: lists.named[1]: duplicate list name 'hardware'"),
        ("lists: {topic: l, named: [{nme: x}]}\n", "home.yaml:8: lists.named[0].nme: unknown key 'nme' (did you mean 'name'?)"),
        ("lists: {topic: l, shopping_list: [a]}\n", "home.yaml:8: lists.shopping_list: expected text"),
    ],
)  # fmt: skip
def test_bad_settings_say_where(extra: str, message: str) -> None:
    found = issues(extra)
    assert any(issue.startswith(message) for issue in found), found


def test_a_search_topic_is_for_media_players_only() -> None:
    text = "  - {name: Lamp, domain: light, search_topic: x, generic: {actions: {turn_on: {topic: l, payload: 'ON'}}}}\n"
    found = issues(text)
    assert any("devices[1].search_topic: a light plays nothing" in issue for issue in found), found


def test_a_vacuum_needs_the_generic_dialect() -> None:
    found = issues("  - {name: Rover, domain: vacuum, zigbee2mqtt: {friendly_name: rover}}\n")
    assert any("devices[1].zigbee2mqtt: zigbee2mqtt and Tasmota have no vacuum commands" in i for i in found), found
    found = issues("  - {name: Rover, domain: vacuum, generic: {actions: {lock: {topic: r, payload: L}}}}\n")
    assert any("service 'lock' does not apply to a vacuum" in issue for issue in found), found
