"""Dialects: commands to MQTT actions, and state reports to DeviceState (pure tables)."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from assistantd.action import Action
from assistantd.config.capabilities import Capabilities
from assistantd.config.domains import SERVICES
from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.devices.command import DeviceCommand
from assistantd.devices.dialects import (
    UnsupportedCommand,
    build_state_index,
    command_actions,
    parse_state,
    state_topics,
)
from assistantd.devices.state import DeviceState
from assistantd.errors import AssistantdError
from tests.support.home import (
    BEDROOM_LIGHT,
    BLINDS,
    FRONT_DOOR,
    GARAGE_DOOR,
    HALL_DOOR,
    HOME,
    KETTLE,
    KITCHEN_LIGHT,
    KITCHEN_STRIP,
    LIVING_LAMP,
    MOVIE_SCENE,
    OFFICE_LIGHT,
    OUTDOOR,
    THERMOSTAT,
    TV,
    VALVE,
    generic,
    tasmota,
    z2m,
)

Z2M_LIGHT = "zigbee2mqtt/Kitchen Ceiling/set"

Z2M_CASES = [
    (KITCHEN_LIGHT, DeviceCommand("turn_on"), Z2M_LIGHT, {"state": "ON", "transition": 0.5}),
    (KITCHEN_LIGHT, DeviceCommand("turn_off"), Z2M_LIGHT, {"state": "OFF", "transition": 0.5}),
    (KITCHEN_LIGHT, DeviceCommand("toggle"), Z2M_LIGHT, {"state": "TOGGLE", "transition": 0.5}),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_brightness", brightness=50),
        Z2M_LIGHT,
        {"state": "ON", "brightness": 127, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_brightness", brightness=100),
        Z2M_LIGHT,
        {"state": "ON", "brightness": 254, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_brightness", brightness=1),
        Z2M_LIGHT,
        {"state": "ON", "brightness": 3, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_brightness", brightness=0),
        Z2M_LIGHT,
        {"state": "OFF", "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_brightness", brightness=180),
        Z2M_LIGHT,
        {"state": "ON", "brightness": 254, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_color", color="red"),
        Z2M_LIGHT,
        {"state": "ON", "color": {"hex": "#ff0000"}, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_color", color_rgb=(1, 2, 255)),
        Z2M_LIGHT,
        {"state": "ON", "color": {"hex": "#0102ff"}, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_color_temp", color_temp_kelvin=2700),
        Z2M_LIGHT,
        {"state": "ON", "color_temp": 370, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_color_temp", color_temp_kelvin=10000),
        Z2M_LIGHT,
        {"state": "ON", "color_temp": 153, "transition": 0.5},
    ),
    (
        KITCHEN_LIGHT,
        DeviceCommand("set_color_temp", color_temp_kelvin=1000),
        Z2M_LIGHT,
        {"state": "ON", "color_temp": 500, "transition": 0.5},
    ),
    (
        BEDROOM_LIGHT,
        DeviceCommand("set_brightness", brightness=30),
        "zigbee2mqtt/Bedroom/set",
        {"state": "ON", "brightness": 76},
    ),
    (BLINDS, DeviceCommand("open"), "zigbee2mqtt/Blinds/set", {"state": "OPEN"}),
    (BLINDS, DeviceCommand("close"), "zigbee2mqtt/Blinds/set", {"state": "CLOSE"}),
    (BLINDS, DeviceCommand("set_position", position=40), "zigbee2mqtt/Blinds/set", {"position": 40}),
    (BLINDS, DeviceCommand("set_position", position=140), "zigbee2mqtt/Blinds/set", {"position": 100}),
    (FRONT_DOOR, DeviceCommand("lock"), "zigbee2mqtt/Front Lock/set", {"state": "LOCK"}),
    (FRONT_DOOR, DeviceCommand("unlock"), "zigbee2mqtt/Front Lock/set", {"state": "UNLOCK"}),
    (
        THERMOSTAT,
        DeviceCommand("set_temperature", temperature=21.5),
        "zigbee2mqtt/Radiator/set",
        {"current_heating_setpoint": 21.5},
    ),
    (
        THERMOSTAT,
        DeviceCommand("set_temperature", temperature=20.2),
        "zigbee2mqtt/Radiator/set",
        {"current_heating_setpoint": 20},
    ),
    (z2m("fan", "Fan", "fan", None, "Fan"), DeviceCommand("turn_on"), "zigbee2mqtt/Fan/set", {"state": "ON"}),
    (
        z2m("plug", "Plug", "switch", None, "Plug"),
        DeviceCommand("turn_off"),
        "zigbee2mqtt/Plug/set",
        {"state": "OFF"},
    ),
    (
        z2m("valve", "Valve", "valve", None, "Valve"),
        DeviceCommand("open"),
        "zigbee2mqtt/Valve/set",
        {"state": "ON"},
    ),
    (
        z2m("valve", "Valve", "valve", None, "Valve"),
        DeviceCommand("close"),
        "zigbee2mqtt/Valve/set",
        {"state": "OFF"},
    ),
]

TASMOTA_CASES = [
    (OFFICE_LIGHT, DeviceCommand("turn_on"), "cmnd/desk/POWER", "ON"),
    (OFFICE_LIGHT, DeviceCommand("turn_off"), "cmnd/desk/POWER", "OFF"),
    (OFFICE_LIGHT, DeviceCommand("toggle"), "cmnd/desk/POWER", "TOGGLE"),
    (KETTLE, DeviceCommand("turn_on"), "cmnd/kitchen_plugs/POWER2", "ON"),
    (KETTLE, DeviceCommand("toggle"), "cmnd/kitchen_plugs/POWER2", "TOGGLE"),
    (KITCHEN_STRIP, DeviceCommand("set_brightness", brightness=42), "cmnd/strip/Dimmer", "42"),
    (KITCHEN_STRIP, DeviceCommand("set_brightness", brightness=-5), "cmnd/strip/Dimmer", "0"),
    (KITCHEN_STRIP, DeviceCommand("set_color_temp", color_temp_kelvin=4000), "cmnd/strip/CT", "250"),
    (KITCHEN_STRIP, DeviceCommand("set_color_temp", color_temp_kelvin=9000), "cmnd/strip/CT", "153"),
    (KITCHEN_STRIP, DeviceCommand("set_color_temp", color_temp_kelvin=1500), "cmnd/strip/CT", "500"),
    (
        tasmota("rgb", "RGB", "light", None, "rgb", capabilities=Capabilities(color=True)),
        DeviceCommand("set_color", color="orange"),
        "cmnd/rgb/Color",
        "255,165,0",
    ),
    (GARAGE_DOOR, DeviceCommand("open"), "cmnd/garage/ShutterOpen", ""),
    (GARAGE_DOOR, DeviceCommand("close"), "cmnd/garage/ShutterClose", ""),
    (GARAGE_DOOR, DeviceCommand("toggle"), "cmnd/garage/ShutterToggle", ""),
    (GARAGE_DOOR, DeviceCommand("set_position", position=25), "cmnd/garage/ShutterPosition", "25"),
    (
        tasmota("s2", "Shutter 2", "cover", None, "blinds", 2),
        DeviceCommand("open"),
        "cmnd/blinds/ShutterOpen2",
        "",
    ),
    (VALVE, DeviceCommand("open"), "cmnd/valve/POWER", "ON"),
    (VALVE, DeviceCommand("close"), "cmnd/valve/POWER", "OFF"),
]

GENERIC_CASES = [
    (LIVING_LAMP, DeviceCommand("turn_on"), "home/living_lamp/set", '{"state": "ON"}'),
    (LIVING_LAMP, DeviceCommand("turn_off"), "home/living_lamp/set", '{"state": "OFF"}'),
    (
        LIVING_LAMP,
        DeviceCommand("set_brightness", brightness=50),
        "home/living_lamp/set",
        '{"brightness": 128}',
    ),
    (TV, DeviceCommand("play"), "home/tv/cmd", "PLAY"),
    (TV, DeviceCommand("pause"), "home/tv/cmd", "PAUSE"),
    (TV, DeviceCommand("next"), "home/tv/cmd", "NEXT"),
    (TV, DeviceCommand("previous"), "home/tv/cmd", "PREVIOUS"),
    (TV, DeviceCommand("set_volume", volume=35), "home/tv/volume", "35"),
    (MOVIE_SCENE, DeviceCommand("activate"), "home/scenes/movie", "ON"),
]


def _one(actions: tuple[Action, ...]) -> Action:
    assert len(actions) == 1
    action = actions[0]
    assert action.qos == 1
    assert action.retain is False
    return action


@pytest.mark.parametrize(("device", "command", "topic", "body"), Z2M_CASES)
def test_zigbee2mqtt_commands(device, command, topic, body) -> None:
    action = _one(command_actions(device, command))
    assert action.topic == topic
    assert json.loads(action.payload) == body
    assert action.device_id == device.id


def test_zigbee2mqtt_payload_is_compact_json() -> None:
    action = _one(command_actions(BEDROOM_LIGHT, DeviceCommand("set_brightness", brightness=100)))
    assert action.payload == '{"state":"ON","brightness":254}'


@pytest.mark.parametrize(("device", "command", "topic", "payload"), TASMOTA_CASES)
def test_tasmota_commands(device, command, topic, payload) -> None:
    action = _one(command_actions(device, command))
    assert (action.topic, action.payload, action.device_id) == (topic, payload, device.id)


@pytest.mark.parametrize(("device", "command", "topic", "payload"), GENERIC_CASES)
def test_generic_commands(device, command, topic, payload) -> None:
    action = _one(command_actions(device, command))
    assert (action.topic, action.payload, action.device_id) == (topic, payload, device.id)


def _all_fields_device(qos: int = 1, retain: bool = False):
    payload = " ".join(
        f"{{{name}}}"
        for name in (
            "device_id",
            "device_name",
            "state",
            "brightness",
            "brightness_255",
            "brightness_254",
            "color_name",
            "color_hex",
            "color_r",
            "color_g",
            "color_b",
            "color_temp_kelvin",
            "color_temp_mired",
        )
    )
    return generic("strip", "Strip", "light", None, {"set_color": ("lights/{device_id}/set", payload)})


def test_generic_fills_every_light_field() -> None:
    command = DeviceCommand("set_color", brightness=50, color="teal", color_temp_kelvin=2700)
    action = _one(command_actions(_all_fields_device(), command))
    assert action.topic == "lights/strip/set"
    assert action.payload == "strip Strip ON 50 128 127 teal #008080 0 128 128 2700 370"


def test_generic_clamps_color_temperature_and_fills_numbers() -> None:
    device = generic(
        "t",
        "T",
        "climate",
        None,
        {"set_temperature": ("t/set", "{temperature}|{position}")},
        capabilities=Capabilities(temperature_min=10, temperature_max=25),
    )
    with pytest.raises(UnsupportedCommand, match="position"):
        command_actions(device, DeviceCommand("set_temperature", temperature=20))
    ok = generic(
        "t",
        "T",
        "climate",
        None,
        {"set_temperature": ("t/set", "{temperature}")},
        capabilities=Capabilities(temperature_min=10, temperature_max=25),
    )
    assert _one(command_actions(ok, DeviceCommand("set_temperature", temperature=20))).payload == "20"
    with pytest.raises(UnsupportedCommand, match="between 10 and 25"):
        command_actions(ok, DeviceCommand("set_temperature", temperature=40))


def test_generic_keeps_qos_and_retain_of_the_template() -> None:
    device = generic("d", "D", "switch", None, {"turn_on": ("d/set", "1")})
    template = device.mqtt.actions[0][1]
    retained = dataclasses.replace(
        device,
        mqtt=dataclasses.replace(
            device.mqtt, actions=(("turn_on", dataclasses.replace(template, qos=0, retain=True)),)
        ),
    )
    action = command_actions(retained, DeviceCommand("turn_on"))[0]
    assert (action.qos, action.retain) == (0, True)


@pytest.mark.parametrize(
    "template",
    [
        "{x.__class__}",
        "{device_name.__class__.__mro__}",
        "{0}",
        "{}",
        "{device_id!r}",
        "{brightness:>10}",
        "{__import__('os').system('true')}",
        "{{state}}",
        "%(state)s",
        "${state}",
    ],
)
def test_generic_templating_leaves_everything_else_literal(template: str) -> None:
    device = generic("d", "D", "switch", None, {"turn_on": ("d/set", template)})
    payload = _one(command_actions(device, DeviceCommand("turn_on"))).payload
    expected = template.replace("{state}", "ON")
    assert payload == expected


def test_generic_substituted_values_are_not_expanded_again() -> None:
    device = generic(
        "d", "{state} {device_id}", "switch", None, {"turn_on": ("d/set", "{device_name}/{state}")}
    )
    assert _one(command_actions(device, DeviceCommand("turn_on"))).payload == "{state} {device_id}/ON"


@pytest.mark.parametrize("topic", ["lights/+/set", "lights/#", "", "a\x00b"])
def test_generic_refuses_topics_that_are_not_publishable(topic: str) -> None:
    device = generic("d", "D", "switch", None, {"turn_on": (topic, "ON")})
    with pytest.raises(UnsupportedCommand, match="invalid topic"):
        command_actions(device, DeviceCommand("turn_on"))


def test_generic_name_with_wildcard_cannot_reach_the_topic() -> None:
    device = generic("d", "Lamp #1", "light", None, {"turn_on": ("lights/{device_name}", "ON")})
    with pytest.raises(UnsupportedCommand):
        command_actions(device, DeviceCommand("turn_on"))


UNSUPPORTED = [
    (BEDROOM_LIGHT, DeviceCommand("set_color", color="red"), "Bedroom Light can't change color"),
    (BEDROOM_LIGHT, DeviceCommand("set_color_temp", color_temp_kelvin=3000), "white temperature"),
    (OFFICE_LIGHT, DeviceCommand("set_brightness", brightness=50), "Desk Lamp can't be dimmed"),
    (KITCHEN_STRIP, DeviceCommand("set_color", color="red"), "can't change color"),
    (KITCHEN_LIGHT, DeviceCommand("set_color", color="octarine"), "I don't know the color octarine"),
    (KITCHEN_LIGHT, DeviceCommand("set_brightness"), "needs a brightness"),
    (KITCHEN_LIGHT, DeviceCommand("lock"), "can't be locked"),
    (KITCHEN_LIGHT, DeviceCommand("explode"), "can't do that"),
    (FRONT_DOOR, DeviceCommand("turn_on"), "can't be turned on"),
    (THERMOSTAT, DeviceCommand("set_temperature", temperature=35), "between 5 and 30 degrees"),
    (THERMOSTAT, DeviceCommand("set_temperature", temperature=2), "between 5 and 30 degrees"),
    (THERMOSTAT, DeviceCommand("set_temperature", temperature=float("nan")), "needs a temperature"),
    (THERMOSTAT, DeviceCommand("turn_on"), "can't be turned on"),
    (BLINDS, DeviceCommand("toggle"), "can't be toggled"),
    (z2m("c", "Cover", "cover", None, "c"), DeviceCommand("set_position", position=3), "position"),
    (z2m("tv", "TV", "media_player", None, "tv"), DeviceCommand("play"), "TV can't play"),
    (OUTDOOR, DeviceCommand("turn_on"), "can't be turned on"),
    (FRONT_DOOR, DeviceCommand("set_volume", volume=3), "volume"),
    (tasmota("l", "Lock", "lock", None, "l"), DeviceCommand("lock"), "can't be locked"),
    (
        tasmota("t", "T", "climate", None, "t"),
        DeviceCommand("set_temperature", temperature=20),
        "temperature",
    ),
    (tasmota("m", "M", "media_player", None, "m"), DeviceCommand("pause"), "paused"),
    (GARAGE_DOOR, DeviceCommand("turn_on"), "can't be turned on"),
    (TV, DeviceCommand("turn_on"), "TV can't be turned on"),
    (LIVING_LAMP, DeviceCommand("set_color", color="red"), "Reading Lamp can't change color"),
    (MOVIE_SCENE, DeviceCommand("turn_off"), "can't be turned off"),
]


@pytest.mark.parametrize(("device", "command", "message"), UNSUPPORTED)
def test_unsupported_commands(device, command, message: str) -> None:
    with pytest.raises(UnsupportedCommand, match=message) as caught:
        command_actions(device, command)
    assert isinstance(caught.value, AssistantdError)


def test_every_service_either_works_or_is_refused_plainly() -> None:
    command_values = {
        "brightness": 40,
        "color": "blue",
        "color_temp_kelvin": 3000,
        "position": 50,
        "temperature": 20.0,
        "volume": 10,
    }
    for device in HOME.devices:
        for service in SERVICES:
            try:
                actions = command_actions(device, DeviceCommand(service, **command_values))
            except UnsupportedCommand as err:
                assert str(err)
            else:
                assert actions and all(action.topic for action in actions)


# --- state topics and parsing ---------------------------------------------------------------


def test_state_topics_per_dialect() -> None:
    assert state_topics(KITCHEN_LIGHT) == ("zigbee2mqtt/Kitchen Ceiling",)
    assert state_topics(KETTLE) == (
        "stat/kitchen_plugs/RESULT",
        "stat/kitchen_plugs/POWER2",
        "tele/kitchen_plugs/STATE",
        "tele/kitchen_plugs/SENSOR",
    )
    assert state_topics(GARAGE_DOOR) == ("stat/garage/RESULT", "tele/garage/STATE", "tele/garage/SENSOR")
    assert state_topics(LIVING_LAMP) == ("home/living_lamp/state",)
    assert state_topics(MOVIE_SCENE) == ()


def test_state_index_groups_devices_sharing_a_topic() -> None:
    second = tasmota("kettle1", "Toaster", "switch", "kitchen", "kitchen_plugs", 1)
    config = Config(site=Site("s", "kitchen"), areas=HOME.areas, devices=(*HOME.devices, second))
    index = build_state_index(config)
    assert index["stat/kitchen_plugs/RESULT"] == (KETTLE, second)
    assert index["stat/kitchen_plugs/POWER2"] == (KETTLE,)
    assert index["stat/kitchen_plugs/POWER1"] == (second,)
    assert index["zigbee2mqtt/Front Lock"] == (FRONT_DOOR,)
    with pytest.raises(TypeError):
        index["x"] = ()  # type: ignore[index]


EMPTY = DeviceState(updated_ms=1)

PARSE_CASES = [
    (
        KITCHEN_LIGHT,
        "zigbee2mqtt/Kitchen Ceiling",
        b'{"state":"ON","brightness":254,"linkquality":80}',
        DeviceState(state="on", brightness=100, updated_ms=5),
    ),
    (
        KITCHEN_LIGHT,
        "zigbee2mqtt/Kitchen Ceiling",
        b'{"state":"OFF","brightness":127}',
        DeviceState(state="off", brightness=50, updated_ms=5),
    ),
    (BLINDS, "zigbee2mqtt/Blinds", b'{"position":30}', DeviceState(state="open", position=30, updated_ms=5)),
    (
        BLINDS,
        "zigbee2mqtt/Blinds",
        b'{"state":"CLOSE","position":0}',
        DeviceState(state="closed", position=0, updated_ms=5),
    ),
    (FRONT_DOOR, "zigbee2mqtt/Front Lock", b'{"state":"LOCK"}', DeviceState(state="locked", updated_ms=5)),
    (
        FRONT_DOOR,
        "zigbee2mqtt/Front Lock",
        b'{"state":"LOCK","lock_state":"unlocked"}',
        DeviceState(state="unlocked", updated_ms=5),
    ),
    (
        THERMOSTAT,
        "zigbee2mqtt/Radiator",
        b'{"local_temperature":21.5,"current_heating_setpoint":22,"system_mode":"heat"}',
        DeviceState(state="heat", current_temperature=21.5, target_temperature=22.0, updated_ms=5),
    ),
    (
        OUTDOOR,
        "zigbee2mqtt/Outdoor",
        b'{"temperature":-3.5,"humidity":80}',
        DeviceState(state="-3.5", current_temperature=-3.5, updated_ms=5),
    ),
    (HALL_DOOR, "zigbee2mqtt/Hall Contact", b'{"contact":false}', DeviceState(state="on", updated_ms=5)),
    (HALL_DOOR, "zigbee2mqtt/Hall Contact", b'{"contact":true}', DeviceState(state="off", updated_ms=5)),
    (
        z2m("m", "Motion", "binary_sensor", None, "M", device_class="motion"),
        "zigbee2mqtt/M",
        b'{"occupancy":true,"contact":false}',
        DeviceState(state="on", updated_ms=5),
    ),
    (
        z2m("v", "Valve", "valve", None, "V"),
        "zigbee2mqtt/V",
        b'{"state":"ON"}',
        DeviceState(state="open", updated_ms=5),
    ),
    (OFFICE_LIGHT, "stat/desk/POWER", b"ON", DeviceState(state="on", updated_ms=5)),
    (OFFICE_LIGHT, "stat/desk/RESULT", b'{"POWER":"OFF"}', DeviceState(state="off", updated_ms=5)),
    (
        KITCHEN_STRIP,
        "tele/strip/STATE",
        b'{"POWER":"ON","Dimmer":40,"Wifi":{"RSSI":50}}',
        DeviceState(state="on", brightness=40, updated_ms=5),
    ),
    (KETTLE, "stat/kitchen_plugs/POWER2", b"OFF", DeviceState(state="off", updated_ms=5)),
    (KETTLE, "stat/kitchen_plugs/RESULT", b'{"POWER2":"ON"}', DeviceState(state="on", updated_ms=5)),
    (
        GARAGE_DOOR,
        "stat/garage/RESULT",
        b'{"Shutter1":{"Position":0,"Direction":0,"Target":0}}',
        DeviceState(state="closed", position=0, updated_ms=5),
    ),
    (
        GARAGE_DOOR,
        "tele/garage/SENSOR",
        b'{"Shutter1":{"Position":60,"Direction":1}}',
        DeviceState(state="opening", position=60, updated_ms=5),
    ),
    (
        tasmota("t", "Temp", "sensor", None, "th", device_class="temperature"),
        "tele/th/SENSOR",
        b'{"Time":"2024-01-01T00:00:00","AM2301":{"Temperature":19.4,"Humidity":40},"TempUnit":"C"}',
        DeviceState(state="19.4", current_temperature=19.4, updated_ms=5),
    ),
    (LIVING_LAMP, "home/living_lamp/state", b"ON", DeviceState(state="on", updated_ms=5)),
    (TV, "home/tv/state", b"  Playing\n", DeviceState(state="playing", updated_ms=5)),
    (
        generic("g", "G", "lock", None, {}, state_topic="g/s", state_value_key="lock"),
        "g/s",
        b'{"lock":"LOCKED"}',
        DeviceState(state="locked", updated_ms=5),
    ),
    (
        generic("s", "S", "sensor", None, {}, state_topic="s/t", device_class="temperature"),
        "s/t",
        b"21.25",
        DeviceState(state="21.25", current_temperature=21.25, updated_ms=5),
    ),
]


@pytest.mark.parametrize(("device", "topic", "payload", "expected"), PARSE_CASES)
def test_parse_state(device, topic: str, payload: bytes, expected: DeviceState) -> None:
    assert parse_state(device, topic, payload, EMPTY, 5) == expected


def test_parse_state_keeps_what_a_report_does_not_mention() -> None:
    previous = DeviceState(state="on", brightness=80, updated_ms=1)
    assert parse_state(KITCHEN_LIGHT, "zigbee2mqtt/Kitchen Ceiling", b'{"state":"OFF"}', previous, 9) == (
        DeviceState(state="off", brightness=80, updated_ms=9)
    )


HUGE = b"1" + b"0" * 400
"""An integer JSON accepts but no float can hold."""

GARBAGE = [
    b"",
    b"\xff\xfe\x00\x01binary",
    bytes(range(256)),
    b"{not json",
    b"[1, 2, 3]",
    b'"ON"',
    b"null",
    b'{"state": 12, "brightness": "very"}',
    b'{"state": ["ON"], "brightness": true}',
    b'{"brightness": 9999, "position": -4, "temperature": NaN}',
    b'{"temperature": Infinity, "local_temperature": "hot"}',
    b'{"contact": "yes", "occupancy": 1}',
    b'{"lock_state": {"x": 1}}',
    b'{"Shutter1": "open", "POWER": 1, "POWER2": null, "Dimmer": 400}',
    b"[" * 100_000,
    b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    b'{"state":"ON"' + b" " * 70_000 + b"}",
    b"x" * 1_000_000,
    b'{"state": %b, "brightness": %b, "temperature": %b, "local_temperature": 1e999}' % (HUGE, HUGE, HUGE),
    b'{"Shutter1": {"Position": %b}, "POWER": %b, "Dimmer": %b, "lock": %b}' % (HUGE, HUGE, HUGE, HUGE),
    "\u202e\u0000\ud7ff".encode("utf-8", "surrogatepass"),
]


@pytest.mark.parametrize("payload", GARBAGE)
def test_parse_state_ignores_garbage(payload: bytes) -> None:
    for device in HOME.devices:
        for topic in state_topics(device):
            result = parse_state(device, topic, payload, EMPTY, 5)
            assert result is None or isinstance(result, DeviceState)
            if result is not None:
                assert result.state is None or (result.state.isprintable() and len(result.state) <= 64)


@pytest.mark.parametrize("payload", GARBAGE[:14] + GARBAGE[-3:-1])
def test_parse_state_ignores_garbage_for_valued_keys(payload: bytes) -> None:
    device = generic("g", "G", "switch", None, {}, state_topic="g/s", state_value_key="state")
    assert parse_state(device, "g/s", payload, EMPTY, 5) is None


def test_parse_state_ignores_other_topics_and_reports_about_nothing() -> None:
    assert parse_state(KITCHEN_LIGHT, "zigbee2mqtt/Other", b'{"state":"ON"}', EMPTY, 5) is None
    assert parse_state(KITCHEN_LIGHT, "zigbee2mqtt/Kitchen Ceiling", b'{"linkquality":3}', EMPTY, 5) is None
    assert parse_state(KETTLE, "stat/kitchen_plugs/POWER1", b"ON", EMPTY, 5) is None
    assert parse_state(KETTLE, "stat/kitchen_plugs/RESULT", b'{"POWER1":"ON"}', EMPTY, 5) is None
    assert parse_state(MOVIE_SCENE, "home/scenes/movie", b"ON", EMPTY, 5) is None
    assert parse_state(OFFICE_LIGHT, "stat/desk/POWER", b"MAYBE", EMPTY, 5) is None


def test_parse_state_survives_random_reports() -> None:
    rng = random.Random(7)
    keys = [
        "state",
        "brightness",
        "position",
        "lock_state",
        "local_temperature",
        "current_heating_setpoint",
        "system_mode",
        "temperature",
        "contact",
        "occupancy",
        "POWER",
        "POWER2",
        "Dimmer",
        "Shutter1",
        "Temperature",
        "AM2301",
        "lock",
    ]
    values: list[object] = [
        None,
        True,
        False,
        0,
        -1,
        255,
        3.5,
        -1e308,
        "ON",
        "OFF",
        "LOCK",
        "",
        "x" * 100,
        [],
        {},
        {"Position": "x", "Direction": 7},
        {"Temperature": None},
        "\u0000",
    ]
    for _ in range(400):
        report = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(0, 5))}
        payload = json.dumps(report).encode() if rng.random() < 0.8 else rng.randbytes(rng.randint(0, 40))
        for device in HOME.devices:
            for topic in state_topics(device):
                result = parse_state(device, topic, payload, EMPTY, 5)
                assert result is None or isinstance(result, DeviceState)
