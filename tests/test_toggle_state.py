"""A toggle is sent as the explicit state it leads to where the device's state is known, so that a message sent
twice (an outbox redelivery after a crash) changes nothing more; unknown, it stays the dialect's toggle."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.devices.state import DeviceState
from assistantd.rules.engine import RuleContext
from tests.support.home import HOME, intent, plan_for

KITCHEN = "zigbee2mqtt/Kitchen Ceiling/set"


@pytest.mark.parametrize(
    ("name", "state", "sent"),
    [
        ("Kitchen Light", DeviceState("on", brightness=80), [(KITCHEN, '{"state":"OFF","transition":0.5}')]),
        ("Kitchen Light", DeviceState("off"), [(KITCHEN, '{"state":"ON","transition":0.5}')]),
        ("Kitchen Light", DeviceState("OFF"), [(KITCHEN, '{"state":"ON","transition":0.5}')]),
        ("Kitchen Light", None, [(KITCHEN, '{"state":"TOGGLE","transition":0.5}')]),
        ("Desk Lamp", DeviceState("on"), [("cmnd/desk/POWER", "OFF")]),
        ("Desk Lamp", DeviceState("unavailable"), [("cmnd/desk/POWER", "TOGGLE")]),
    ],
    ids=["on-to-off", "off-to-on", "reported-in-capitals", "unknown-stays-a-toggle", "tasmota", "unknown-word"],
)
def test_a_toggle_of_a_known_state_is_an_explicit_state(
    name: str, state: DeviceState | None, sent: list[tuple[str, str]]
) -> None:
    device_id = {"Kitchen Light": "kitchen_light", "Desk Lamp": "office_light"}[name]
    states = {} if state is None else {device_id: state}
    result = plan_for(HOME, intent(intents.TOGGLE, name=name), RuleContext("kitchen", 12 * 60, states))
    assert [(action.topic, action.payload) for action in result.actions] == sent
