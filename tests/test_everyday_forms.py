"""Everyday forms of questions and requests the grammar reads: the weather "today", an item for a day on a
list, kinds of devices asked about "in here", a coffee machine that the home calls a coffee maker, and "the
heating" of a home with one thermostat (its device) or two (the whole home's, no one device)."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config, parse_config
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE

OFFICE_THERMOSTAT = """\
  - id: office_thermostat
    name: Office Thermostat
    area: office
    domain: climate
    generic:
      state_topic: office/thermostat/state
      actions: {set_temperature: {topic: office/thermostat/set, payload: "{temperature}"}}
"""


@pytest.fixture(scope="module")
def grammar() -> GrammarRecognizer:
    return GrammarRecognizer(load_config(EXAMPLE))


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("what's the weather gonna do today", None, intents.GET_WEATHER, {}),
        ("put paint on the hardware store list for saturday", None, intents.LIST_ADD,
         {"name": "Hardware Store", "item": "paint"}),
        ("add eggs to the shopping list for tomorrow", None, intents.SHOPPING_LIST_ADD, {"item": "eggs"}),
        ("are the lights on in here?", "kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "light", "state": "on"}),
        ("kill the coffee machine", None, intents.TURN_OFF, {"name": "Coffee Maker"}),
        ("sorry, what time is it", None, intents.GET_CURRENT_TIME, {}),
        ("pause the telly quick", None, intents.MEDIA_PAUSE, {"name": "TV"}),
    ],
)  # fmt: skip
def test_everyday_forms_are_read(
    grammar: GrammarRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = grammar.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_the_heating_is_the_thermostat_only_where_it_is_the_homes_one() -> None:
    text = EXAMPLE.read_text().replace("    aliases: [heating]\n", "")
    one = GrammarRecognizer(parse_config(text, file="one.yaml")).recognize("set the heating to 20")
    assert one.slots.as_dict() == {"name": "Thermostat", "temperature": 20}
    two = text.replace("  - id: thermostat\n", OFFICE_THERMOSTAT + "  - id: thermostat\n")
    heard = GrammarRecognizer(parse_config(two, file="two.yaml")).recognize("set the heating to 20")
    assert heard.name == intents.CLIMATE_SET_TEMPERATURE
    assert (heard.slots.name, heard.slots.temperature) == (None, 20)  # no one device: the place's heating
