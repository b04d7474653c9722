"""The context text and the device states in understanding: reading the text (where the user is, what to
leave alone, what plays), leaving quiet areas out of place-chosen targets, "turn it down" as the volume of
the media player that is on, and the site's context text with its expiry."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.daemon.inputs import ContextUpdate
from assistantd.daemon.site import SiteContext
from assistantd.devices.dialects import parse_state
from assistantd.devices.state import DeviceState
from assistantd.errors import InputError
from assistantd.evaluation.turn_file import load_turns, without_context
from assistantd.fusion.context import ContextReader, ContextReading, QuietArea
from assistantd.fusion.targets import choose_targets
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import VOLUME_STEP, TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intent_model.features import Evidence
from assistantd.intents import Intent, Slots
from assistantd.rules.services import volume_commands
from tests.support.configs import EXAMPLE

ALL_LIGHTS = {"floor_lamp", "living_room_ceiling_light", "kitchen_ceiling", "counter_lights", "bedroom_lamp",
              "office_desk_lamp"}  # fmt: skip


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def reader(config: Config) -> ContextReader:
    return ContextReader(config)


def _read(reader: ContextReader, text: str = "", **states: str) -> ContextReading:
    return reader.read(TurnContext(text=text, states=tuple(states.items())))


READINGS = [
    # (context text, where the user is, areas to leave alone, media players on)
    ("guests are sleeping in the bedroom", None, {"bedroom"}, set()),
    ("Guests are sleeping in the master bedroom.", None, {"bedroom"}, set()),
    ("the baby is asleep in the office", None, {"office"}, set()),
    ("please don't disturb the study", None, {"office"}, set()),
    ("don't disturb the office and the bedroom", None, {"office", "bedroom"}, set()),
    ("the kids are asleep upstairs", None, {"bedroom", "office", "bathroom"}, set()),
    ("leave the kitchen alone", None, {"kitchen"}, set()),
    ("the guests are awake now in the bedroom", None, set(), set()),
    ("the baby is not asleep in the office", None, set(), set()),
    ("I'm in the kitchen", "kitchen", set(), set()),
    ("we are in the lounge now", "living_room", set(), set()),
    ("I'm leaving the kitchen", None, set(), set()),
    ("the kitchen is a mess", None, set(), set()),
    ("the TV is on", None, set(), {"tv"}),
    ("the telly is off", None, set(), set()),
    ("we're watching a film", None, set(), {"tv"}),
    ("we finished watching the film", None, set(), set()),
    ("We're watching a movie in the lounge, and the kids are asleep in the bedroom", "living_room",
     {"bedroom"}, {"tv"}),  # fmt: skip
    ("", None, set(), set()),
]


@pytest.mark.parametrize(("text", "here", "quiet", "active"), READINGS)
def test_the_context_text_is_read_with_the_homes_names(
    reader: ContextReader, text: str, here: str | None, quiet: set[str], active: set[str]
) -> None:
    reading = _read(reader, text)
    assert reading.here == here
    assert {item.area for item in reading.quiet} == quiet
    assert set(reading.active) == active


def test_a_quiet_area_keeps_the_words_that_asked_and_the_names_that_reach_it(reader: ContextReader) -> None:
    reading = _read(reader, "The kids are asleep upstairs. The TV is on.")
    bedroom = reading.quiet_area("bedroom")
    assert bedroom is not None and bedroom.reason == "The kids are asleep upstairs"
    assert {"bedroom", "master bedroom", "upstairs", "first floor"} <= set(bedroom.named_as)
    assert reading.quiet_area("kitchen") is None


def test_media_players_reported_playing_or_on_are_active(reader: ContextReader) -> None:
    assert _read(reader, tv="playing").active == ("tv",)
    assert _read(reader, tv="on").active == ("tv",)
    assert _read(reader, tv="paused").active == ()
    assert _read(reader, floor_lamp="on", nothing_like_this="playing").active == ()


def _whole_home(name: str = intents.TURN_OFF) -> Intent:
    return Intent(name, slots=Slots(domain="light"), everywhere=True, recognizer="grammar", confidence=0.97)


def _quiet(area: str, reason: str, *names: str) -> ContextReading:
    return ContextReading(quiet=(QuietArea(area, reason, names or (area,)),))


def test_whole_home_commands_leave_quiet_areas_alone_with_the_reason(config: Config) -> None:
    turn = Turn("turn off all the lights in the house")
    reading = _quiet("bedroom", "guests are sleeping in the bedroom")
    choice = choose_targets(config, turn, _whole_home(), "living_room", reading)
    assert set(choice.targets.ids) == ALL_LIGHTS - {"bedroom_lamp"}
    assert choice.chosen_by == "place"
    assert [tuple(item) for item in choice.left_alone] == [
        ("bedroom_lamp", "bedroom", "guests are sleeping in the bedroom")
    ]
    unquiet = choose_targets(config, turn, _whole_home(), "living_room")
    assert set(unquiet.targets.ids) == ALL_LIGHTS and unquiet.left_alone == ()


def test_a_quiet_area_is_reached_when_named_or_heard_in(config: Config) -> None:
    reading = _quiet("bedroom", "guests are sleeping in the bedroom", "bedroom", "master bedroom")
    named = Intent(intents.TURN_OFF, slots=Slots(domain="light", area="Bedroom"), recognizer="grammar")
    said = choose_targets(config, Turn("turn off the master bedroom lights"), named, "living_room", reading)
    assert said.targets.ids == ("bedroom_lamp",) and said.left_alone == ()
    everywhere = Turn("turn off all the lights in the house")
    there = choose_targets(config, everywhere, _whole_home(), "bedroom", reading)
    assert "bedroom_lamp" in there.targets.ids
    by_name = Intent(intents.TURN_OFF, slots=Slots(name="Bedroom Lamp"), recognizer="grammar")
    device = choose_targets(config, Turn("turn off the bedroom lamp"), by_name, "living_room", reading)
    assert device.targets.ids == ("bedroom_lamp",) and device.chosen_by == "words"


def test_questions_still_reach_quiet_areas_and_nothing_left_says_why(config: Config) -> None:
    reading = _quiet("bedroom", "the baby is asleep in the bedroom")
    asked = Intent(intents.GET_STATE, slots=Slots(domain="light"), everywhere=True, recognizer="grammar")
    question = choose_targets(config, Turn("are any lights on in the house"), asked, "living_room", reading)
    assert "bedroom_lamp" in question.targets.ids and question.left_alone == ()
    blinds = Intent(intents.TURN_OFF, slots=Slots(domain="cover", name="all", device_class="blind"))
    closed = choose_targets(config, Turn("close all the blinds in the house"), blinds, "living_room", reading)
    assert closed.targets.ids == () and "the baby is asleep in the bedroom" in str(closed.targets.problem)


class _Reads:
    """A combined recognizer's stand-in: one reading for every text, and the evidence it was given."""

    def __init__(self, intent: Intent) -> None:
        self.intent = intent
        self.evidence: list[Evidence] = []
        self.areas: list[str | None] = []

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = Evidence()) -> Intent:
        self.evidence.append(evidence)
        self.areas.append(area_id)
        return dataclasses.replace(self.intent, text=text)

    def sure(self, intent: Intent) -> bool:
        return True

    def spelled(self, text: str) -> str:
        return text


def _model_reads(name: str, **slots: object) -> _Reads:
    read = Intent(name, slots=Slots(**slots), recognizer="model", confidence=0.9)  # type: ignore[arg-type]
    return _Reads(read)


def test_turn_it_down_while_the_tv_plays_is_its_volume(config: Config) -> None:
    reads = _model_reads(intents.LIGHT_SET)  # the words alone read as a light's step
    understood = TurnRecognizer(config, reads).understand_turn(  # type: ignore[arg-type]
        Turn("turn it down", context=TurnContext(states=(("tv", "playing"),)))
    )
    assert reads.evidence[-1].media_active
    assert understood.intent.name == intents.SET_VOLUME
    assert understood.intent.slots.volume_step == -VOLUME_STEP
    assert (understood.targets.ids, understood.chosen_by) == (("tv",), "context")
    idle = TurnRecognizer(config, reads).understand_turn(Turn("turn it down", context=TurnContext()))
    assert not reads.evidence[-1].media_active
    assert (idle.intent.name, idle.ask) == (intents.LIGHT_SET, True)


def test_a_light_spoken_of_just_before_is_it_even_while_the_tv_plays(config: Config) -> None:
    reads = _model_reads(intents.SET_VOLUME)  # the model read the volume, as the TV is on
    context = TurnContext(states=(("tv", "on"),), previous=Previous(intents.TURN_ON, ("floor_lamp",)))
    recognizer = TurnRecognizer(config, reads)  # type: ignore[arg-type]
    understood = recognizer.understand_turn(Turn("turn it up", context=context))
    assert understood.intent.name == intents.LIGHT_SET and understood.intent.slots.brightness_step == 20
    assert (understood.targets.ids, understood.chosen_by) == (("floor_lamp",), "dialogue")
    sound = recognizer.understand_turn(Turn("turn the volume up", context=context))
    assert sound.intent.name == intents.SET_VOLUME and sound.intent.slots.volume_step == VOLUME_STEP


def test_bare_commands_act_where_the_context_text_puts_the_user(config: Config) -> None:
    reads = _model_reads(intents.TURN_ON, domain="light")
    recognizer = TurnRecognizer(config, reads)  # type: ignore[arg-type]
    here = recognizer.understand_turn(Turn("lights on", context=TurnContext(text="I'm in the kitchen")))
    assert reads.areas[-1] == "kitchen" and here.heard_in == "kitchen"
    elsewhere = TurnContext(area="office", text="I'm in the kitchen")
    told = recognizer.understand_turn(Turn("lights on", context=elsewhere))
    assert reads.areas[-1] == "office" and told.heard_in == "office"  # the command's own area first
    assert recognizer.understand_turn(Turn("lights on")).heard_in == "living_room"


def test_the_assistant_takes_the_site_context_text_and_states_into_the_turn(config: Config) -> None:
    assistant = Assistant(config, GrammarRecognizer(config))
    situation = Situation(now_ms=1_000, local_minute=600, context_text="guests are sleeping in the bedroom")
    report = assistant.handle(TextCommand("turn off all the lights in the house"), situation)
    document = report.to_json("living_room")
    assert set(document["targets"]) == ALL_LIGHTS - {"bedroom_lamp"}  # type: ignore[arg-type]
    assert document["left_alone"] == [
        {"device": "bedroom_lamp", "area": "bedroom", "reason": "guests are sleeping in the bedroom"}
    ]
    assert "I left the Bedroom alone." in str(document["response"])
    topics = [str(action["topic"]) for action in document["actions"]]  # type: ignore[union-attr]
    assert topics and not any("bedroom" in topic for topic in topics)
    playing = Situation(now_ms=2_000, local_minute=600, states={"tv": DeviceState(state="playing")})
    fresh = Assistant(config, GrammarRecognizer(config))  # no dialogue: "it" is what plays
    off = fresh.handle(TextCommand("turn it off"), playing).to_json("living_room")
    assert (off["targets"], off["chosen_by"], off["outcome"]) == (["tv"], "context", "executed")


def test_a_volume_step_starts_from_the_reported_volume(config: Config) -> None:
    tv = config.device("tv")
    assert tv is not None
    down = Intent(intents.SET_VOLUME, slots=Slots(volume_step=-10))
    assert [c.volume for c in volume_commands(down, tv, DeviceState(state="on", volume=40))] == [30]
    assert [c.volume for c in volume_commands(down, tv, DeviceState(state="on", volume=5))] == [0]
    assert volume_commands(down, tv, DeviceState(state="on")) == ()  # never a guess at the level
    up = Intent(intents.SET_VOLUME, slots=Slots(volume_step=10))
    assert [c.volume for c in volume_commands(up, tv, DeviceState(state="on", volume=95))] == [100]


def test_a_generic_players_json_state_reports_its_volume(config: Config) -> None:
    tv = config.device("tv")
    assert tv is not None
    state = parse_state(tv, "living_room/tv/state", b'{"power": "ON", "volume": 35}', DeviceState(), 7)
    assert state is not None and (state.state, state.volume) == ("on", 35)
    odd = parse_state(tv, "living_room/tv/state", b'{"power": "ON", "volume": "x"}', DeviceState(), 7)
    assert odd is not None and odd.volume is None


def test_the_site_keeps_its_context_text_until_it_expires_or_is_withdrawn(config: Config) -> None:
    site = SiteContext(dataclasses.replace(config, site=dataclasses.replace(config.site, context_seconds=60)))
    assert site.text_at(0) == ""
    site.update(ContextUpdate(text="guests are sleeping in the bedroom"), 1_000)
    assert site.text_at(61_000) == "guests are sleeping in the bedroom"
    site.update(ContextUpdate(area="kitchen"), 30_000)  # an area alone leaves the text as it was
    assert site.text_at(61_000) == "guests are sleeping in the bedroom"
    assert site.text_at(61_001) == ""
    site.update(ContextUpdate(text="the TV is on"), 70_000)
    site.update(ContextUpdate(clear_text=True), 71_000)
    assert site.text_at(71_000) == ""


def test_turn_files_carry_the_context_text(tmp_path: Path) -> None:
    path = tmp_path / "turns.jsonl"
    context = {"text": " guests  are asleep ", "states": {"tv": "on"}}
    line = {"id": "t", "text": "lights off", "context": context}
    path.write_text(json.dumps(line) + "\n")
    [loaded] = load_turns(path)
    assert (loaded.turn.context.text, loaded.turn.context.states) == ("guests are asleep", (("tv", "on"),))
    blank = without_context(loaded)
    assert (blank.turn.context.text, blank.turn.context.states, blank.turn.text) == ("", (), "lights off")
    path.write_text(json.dumps({"id": "t", "context": {"text": 3}}) + "\n")
    with pytest.raises(InputError, match="turns.jsonl:1: not a turn: context.text must be a string"):
        load_turns(path)
