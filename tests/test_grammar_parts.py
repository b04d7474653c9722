"""The grammar's parts: numbers, normalisation, the template syntax, fixtures as a config, evaluation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistantd import intents
from assistantd.config.dialects import Dialect, GenericDevice
from assistantd.config.home import Risk
from assistantd.config.template import (
    TemplateError,
    compile_pattern,
    expand,
    first_words,
    last_words,
    parse_rules,
    parse_template,
    required_words,
)
from assistantd.errors import ConfigError, InputError
from assistantd.evaluation.ha_fixtures import config_from_fixtures, expand_name, load_fixtures, merge_fixtures
from assistantd.evaluation.sentence_report import format_report, report_to_json
from assistantd.evaluation.sentence_scores import evaluate
from assistantd.evaluation.sentences import EvalCase, case_from_json, load_cases, score_case
from assistantd.grammar.lists import trie_pattern
from assistantd.grammar.numbers import NUMBER_PATTERN, number_to_words, parse_number
from assistantd.text import normalize, strip_fillers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("21", 21),
        ("20.5", 20.5),
        ("zero", 0),
        ("seven", 7),
        ("twenty one", 21),
        ("twenty-one", 21),
        ("fifty five", 55),
        ("one hundred", 100),
        ("a hundred", 100),
        ("one hundred and five", 105),
        ("two thousand twenty four", 2024),
        ("twenty point five", 20.5),
        ("nineteen point two five", 19.25),
        ("three and a half", 3.5),
        ("minus five", -5),
    ],
)
def test_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert re.fullmatch(NUMBER_PATTERN, text.replace("-", " "))


@pytest.mark.parametrize(
    "text", ["one one", "twenty twenty", "hundred and", "point five", "five point", "lots", ""]
)
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_number_words_round_trip() -> None:
    assert [number_to_words(n) for n in (0, 13, 21, 100, 105, 999)] == [
        "zero",
        "thirteen",
        "twenty one",
        "one hundred",
        "one hundred five",
        "nine hundred ninety nine",
    ]
    assert all(parse_number(number_to_words(n)) == n for n in range(0, 10_000, 7))
    with pytest.raises(ValueError):
        number_to_words(-1)


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("Turn ON the Lights!", "turn on the lights"),
        ("set temperature to 20.5°", "set temperature to 20.5 degrees"),
        ("set it to 50%", "set it to 50 percent"),
        ("What's Macrotorrent\u2019s speed?", "what is macrotorrent speed"),
        ("the PM2.5 level.", "the pm2.5 level"),
        ("don't", "do not"),
        ("living-room", "living room"),
    ],
)
def test_normalize(text: str, normalized: str) -> None:
    assert normalize(text) == normalized


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("could you please turn on the lamp for me", "turn on the lamp"),
        ("hey alexa turn off the tv thanks", "turn off the tv"),
        ("kitchen lights off please", "kitchen lights off"),
        ("yes please", "yes"),
        ("please", "please"),
        ("okay", "okay"),
    ],
)
def test_strip_fillers(text: str, stripped: str) -> None:
    assert strip_fillers(normalize(text)) == stripped


RULES = parse_rules({"the": "(the|my)", "where": "in [<the>] {area}"})


def test_template_expansion() -> None:
    tree = parse_template("turn (on|off) [<the>] {name} [<where>]")
    sentences = expand(tree, RULES)
    assert "turn on {name}" in sentences
    assert "turn off my {name} in the {area}" in sentences
    assert len(sentences) == 2 * 3 * 4
    assert first_words(tree, RULES) == {"turn"}
    assert last_words(tree, RULES) is None
    assert required_words(tree, RULES) == {"turn"}
    assert first_words(parse_template("[please] {name} on"), RULES) is None
    assert last_words(parse_template("{name} (on|off)"), RULES) == {"on", "off"}


def test_template_regex() -> None:
    tree = parse_template("set {name} to {percent:brightness} [percent]")
    pattern, slots = compile_pattern(tree, RULES, lambda ref: "[a-z0-9 ]+?")
    assert [(slot.list_name, slot.slot) for slot in slots] == [("name", "name"), ("percent", "brightness")]
    match = re.fullmatch(pattern, "set desk lamp to 40 percent ")
    assert match is not None
    assert (match.group("g0"), match.group("g1")) == ("desk lamp", "40")


def test_template_words_are_normalised() -> None:
    assert expand(parse_template("What's [the] Temp?"), RULES) == ["what is temp", "what is the temp"]


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("turn (on", "missing"),
        ("turn on]", "unexpected"),
        ("{two words}", "bad slot"),
        ("<bad rule>", "bad rule"),
        ("{open", "unbalanced"),
    ],
)
def test_template_errors(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_template(template)


def test_unknown_rule() -> None:
    with pytest.raises(TemplateError, match="unknown rule"):
        expand(parse_template("<nope>"), RULES)


def test_trie_pattern() -> None:
    pattern = trie_pattern(["kitchen", "kitchen light", "kit", "pm2.5 sensor"])
    for phrase in ("kitchen", "kitchen light", "kit", "pm2.5 sensor"):
        assert re.fullmatch(pattern, phrase)
    assert not re.fullmatch(pattern, "kitchen lig")
    assert not re.fullmatch(pattern, "pm2x5 sensor")
    assert not re.fullmatch(trie_pattern([]), "")


FIXTURES = {
    "floors": [{"name": "Upstairs", "id": "up"}],
    "areas": [{"name": "Kitchen", "id": "kitchen_id", "floor": "up"}, {"name": "(Living|Family) Room"}],
    "entities": [
        {"name": "Phone", "id": "binary_sensor.phone_battery", "attributes": {"device_class": "battery"}},
        {"name": "Phone", "id": "binary_sensor.phone_plug", "attributes": {"device_class": "plug"}},
        {"name": "Front Door", "id": "lock.front_door", "area": "kitchen_id"},
        {"name": "Trader Joe[']s", "id": "todo.trader_joes"},
        {"name": "Overhead Light", "domain": "light"},
        {
            "name": "Thermometer",
            "id": "sensor.thermo",
            "attributes": {"unit_of_measurement": "°C", "device_class": "temperature"},
        },
    ],
}


def test_config_from_fixtures() -> None:
    config = config_from_fixtures(FIXTURES, site_area="Kitchen")
    assert config.site.area == "kitchen_id"
    assert [(a.id, a.name, a.aliases) for a in config.areas][1] == (
        "living_room",
        "Living Room",
        ("Family Room",),
    )
    assert [d.id for d in config.devices] == [
        "binary_sensor_phone_battery",
        "binary_sensor_phone_plug",
        "lock_front_door",
        "light_overhead_light",
        "sensor_thermo",
    ]
    lock = config.device("lock_front_door")
    assert (
        lock is not None
        and lock.risk is Risk.HIGH
        and lock.area == "kitchen_id"
        and lock.dialect is Dialect.GENERIC
    )
    assert isinstance(lock.mqtt, GenericDevice)
    template = lock.mqtt.action("lock")
    assert template is not None and template.topic == "homeassistant/lock.front_door/set"
    light = config.device("light_overhead_light")
    assert light is not None and light.capabilities.brightness and isinstance(light.mqtt, GenericDevice)
    brightness = light.mqtt.action("set_brightness")
    assert brightness is not None
    assert brightness.payload == '{"service": "set_brightness", "brightness": {brightness}}'
    assert config.device("sensor_thermo").unit == "°C"  # type: ignore[union-attr]
    assert config_from_fixtures(FIXTURES).site.area == ""


def test_fixture_names_as_templates() -> None:
    assert expand_name("Trader Joe[']s") == ["Trader Joe's", "Trader Joes"]
    assert expand_name("Kitchen") == ["Kitchen"]


def test_merge_fixtures() -> None:
    merged = merge_fixtures(
        FIXTURES,
        {"areas": [{"name": "kitchen"}, {"name": "Attic"}], "entities": [{"name": "Fan", "domain": "fan"}]},
    )
    assert [area["name"] for area in merged["areas"]] == ["Kitchen", "(Living|Family) Room", "Attic"]
    assert merged["entities"][-1] == {"name": "Fan", "domain": "fan"}


def test_load_fixtures_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_fixtures(tmp_path / "missing.yaml")
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_fixtures(tmp_path / "list.yaml")


def test_judge() -> None:
    case = case_from_json(
        {"text": "x", "intent": "HassLightSet", "slots": {"name": ["Lamp ", "Lamp"], "brightness": 50}}
    )
    assert score_case(case, "HassLightSet", {"name": "lamp", "brightness": 50.0}).slots_ok
    assert not score_case(case, "HassLightSet", {"name": "lamp"}).slots_ok
    assert not score_case(case, "HassLightSet", {"name": "lamp", "brightness": 50, "area": "Kitchen"}).slots_ok
    wrong_intent = score_case(case, "HassTurnOn", {"name": "lamp", "brightness": 50})
    assert not wrong_intent.intent_ok and not wrong_intent.slots_ok


def test_judge_scores_name_all_like_any_other_value() -> None:
    house = case_from_json({"text": "x", "intent": "HassTurnOff", "slots": {"domain": "light"}})
    read_as_all = score_case(house, "HassTurnOff", {"domain": "light", "name": "all"})
    assert (read_as_all.slots_ok, read_as_all.kind, read_as_all.only_name_all) == (False, "wrong_slots", True)
    assert score_case(house, "HassTurnOff", {"domain": "light"}).slots_ok
    kitchen = score_case(house, "HassTurnOff", {"domain": "light", "name": "all", "area": "Kitchen"})
    assert not kitchen.slots_ok and not kitchen.only_name_all
    assert not score_case(house, "HassTurnOff", {"domain": "light", "name": "Lamp"}).only_name_all
    fans = case_from_json({"text": "x", "intent": "HassTurnOff", "slots": {"domain": "fan", "name": "all"}})
    assert score_case(fans, "HassTurnOff", {"domain": "fan", "name": "all"}).slots_ok
    left_out = score_case(fans, "HassTurnOff", {"domain": "fan"})
    assert not left_out.slots_ok and left_out.only_name_all
    assert not score_case(fans, "HassTurnOn", {"domain": "fan"}).only_name_all


def test_load_cases_and_evaluate(tmp_path: Path) -> None:
    lines = [
        {
            "text": "turn on the kitchen lights",
            "intent": "HassTurnOn",
            "slots": {"area": "Kitchen", "domain": "light"},
        },
        {
            "text": "turn off the lights",
            "intent": "HassTurnOff",
            "slots": {"area": "Kitchen", "domain": "light"},
            "context": {"area": "Kitchen"},
        },
        {"text": "turn on the overhead light", "intent": "HassTurnOn", "slots": {"name": "Overhead Light"}},
        {"text": "tell everyone dinner is ready", "intent": "HassBroadcast", "slots": {}},
        {
            "text": "turn on the attic fan",
            "intent": "HassTurnOn",
            "slots": {"name": "Attic Fan"},
            "file_fixtures": {"entities": [{"name": "Attic Fan", "domain": "fan"}]},
        },
        {"text": "hello there", "intent": "none", "slots": {}},
        {"text": "lock the front door", "intent": "HassTurnOff", "slots": {"name": "Front Door"}},
    ]
    dataset = tmp_path / "cases.jsonl"
    dataset.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    cases = load_cases(dataset)
    assert len(cases) == 7 and cases[1].area == "Kitchen" and cases[4].fixtures is not None
    report = evaluate(cases, home=FIXTURES)
    assert (report.total, report.supported, report.commands) == (7, 6, 5)
    assert (report.intent_correct, report.slots_correct) == (5, 5)
    assert [outcome.case.text for outcome in report.outcomes] == [case.text for case in cases]
    assert [outcome.case.text for outcome in report.failures] == ["lock the front door"]
    assert report.outcomes[3].kind == "rejected_right", "the broadcast line is read, and not taken for a command"
    assert (report.all_intent_correct, report.all_slots_correct) == (6, 6)
    assert report.unsupported_acted_on == (0, 1) and report.non_commands == (1, 1)
    text = format_report(report, failures=5)
    assert "intent accuracy: 83.3% (5/6)" in text and "lock the front door" in text
    assert "intent right:    85.7% (6/7)" in text
    assert "acted wrongly:                 1 of 5 commands" in text
    assert "unsupported requests acted on: 0 of 1" in text
    document = report_to_json(report)
    assert document["unsupported_intents"] == {"HassBroadcast": 1}
    assert [line["kind"] for line in document["lines"]] == [
        "right", "right", "right", "rejected_right", "right", "rejected_right", "acted_wrongly",
    ]  # fmt: skip
    by_config = evaluate(cases[:2], config=config_from_fixtures(FIXTURES))
    assert by_config.slots_correct == 2
    with pytest.raises(ValueError):
        evaluate(cases)


def test_load_cases_error(tmp_path: Path) -> None:
    dataset = tmp_path / "bad.jsonl"
    dataset.write_text('{"text": "a", "intent": "none"}\n{"text": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        load_cases(dataset)


def test_case_supported() -> None:
    assert EvalCase("yes", intents.CONFIRM).supported
    assert not EvalCase("tell everyone dinner is ready", "HassBroadcast").supported
    assert EvalCase("start a timer", "HassStartTimer").supported


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("just turn the lights off thanks", "turn the lights off"),
        ("draw the curtains will you", "draw the curtains"),
        ("lights on in here would be great", "lights on in here"),
        ("lights on in here will be great", "lights on in here"),
        ("right then could you just open the blinds when you get a chance", "open the blinds"),
        ("just", "just"),
    ],
)
def test_the_grammar_also_strips_the_asides_around_a_command(text: str, stripped: str) -> None:
    assert strip_fillers(normalize(text), asides=True) == stripped
    assert strip_fillers(normalize(text)) == strip_fillers(normalize(text), asides=False)


def test_everyday_words_for_common_rooms_name_them_unless_they_name_something_else() -> None:
    from assistantd.config.schema import parse_config
    from assistantd.grammar.recognizer import GrammarRecognizer
    from tests.support.configs import BASE

    config = parse_config(BASE, file="home.yaml")  # the living room has the alias "lounge" already
    grammar = GrammarRecognizer(config)
    heard = grammar.recognize("turn off the lights in the sitting room")
    assert (heard.name, heard.slots.area) == ("HassTurnOff", "Living Room")
    study = parse_config(BASE.replace("  - {id: kitchen, name: Kitchen, floor: ground}",
                                      "  - {id: kitchen, name: Kitchen, floor: ground, aliases: [front room]}"),
                         file="home.yaml")  # fmt: skip
    assert GrammarRecognizer(study).recognize("front room lights on").slots.area == "Kitchen"
