"""A small home, built as Config values, that the rule tests share."""

from __future__ import annotations

from assistantd.assistant.command import Situation
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Decision
from assistantd.config.capabilities import Capabilities
from assistantd.config.dialects import (
    ActionTemplate,
    Dialect,
    GenericDevice,
    TasmotaDevice,
    Zigbee2MqttDevice,
)
from assistantd.config.home import Area, Device, Floor, Risk, Site
from assistantd.config.rule_actions import RuleAction
from assistantd.config.rules import Rule, RuleCondition, RuleTrigger, StateCondition
from assistantd.config.settings import Config
from assistantd.fusion.resolve import resolve_targets
from assistantd.fusion.understand import TurnResult
from assistantd.intents import Intent, Slots
from assistantd.rules.engine import Plan, RuleContext, plan


def z2m(
    device_id: str, name: str, domain: str, area: str | None, friendly_name: str, **extra: object
) -> Device:
    """A zigbee2mqtt device."""
    block = Zigbee2MqttDevice(friendly_name)
    return Device(device_id, name, domain, area, Dialect.ZIGBEE2MQTT, block, **extra)  # type: ignore[arg-type]


def tasmota(
    device_id: str,
    name: str,
    domain: str,
    area: str | None,
    topic: str,
    index: int | None = None,
    **extra: object,
) -> Device:
    """A Tasmota device."""
    block = TasmotaDevice(topic, power_index=index)
    return Device(device_id, name, domain, area, Dialect.TASMOTA, block, **extra)  # type: ignore[arg-type]


def generic(
    device_id: str,
    name: str,
    domain: str,
    area: str | None,
    actions: dict[str, tuple[str, str]],
    state_topic: str | None = None,
    state_value_key: str | None = None,
    **extra: object,
) -> Device:
    """A generic device with (topic, payload) templates per service."""
    templates = tuple(
        (service, ActionTemplate(topic, payload)) for service, (topic, payload) in actions.items()
    )
    block = GenericDevice(templates, state_topic=state_topic, state_value_key=state_value_key)
    return Device(device_id, name, domain, area, Dialect.GENERIC, block, **extra)  # type: ignore[arg-type]


COLOR_LIGHT = Capabilities(brightness=True, color=True, color_temp=True, transition_seconds=0.5)
DIMMABLE = Capabilities(brightness=True)

KITCHEN_LIGHT = z2m(
    "kitchen_light",
    "Kitchen Light",
    "light",
    "kitchen",
    "Kitchen Ceiling",
    aliases=("Ceiling Light",),
    capabilities=COLOR_LIGHT,
)
KITCHEN_STRIP = tasmota(
    "kitchen_strip",
    "Counter Strip",
    "light",
    "kitchen",
    "strip",
    capabilities=Capabilities(brightness=True, color_temp=True),
)
KETTLE = tasmota("kettle", "Kettle", "switch", "kitchen", "kitchen_plugs", 2)
LIVING_LAMP = generic(
    "living_lamp",
    "Reading Lamp",
    "light",
    "living_room",
    {
        "turn_on": ("home/living_lamp/set", '{"state": "{state}"}'),
        "turn_off": ("home/living_lamp/set", '{"state": "{state}"}'),
        "set_brightness": ("home/living_lamp/set", '{"brightness": {brightness_255}}'),
    },
    state_topic="home/living_lamp/state",
    capabilities=DIMMABLE,
)
BLINDS = z2m(
    "blinds",
    "Living Room Blinds",
    "cover",
    "living_room",
    "Blinds",
    device_class="curtain",
    capabilities=Capabilities(position=True),
)
TV = generic(
    "tv",
    "TV",
    "media_player",
    "living_room",
    {
        "play": ("home/tv/cmd", "{state}"),
        "pause": ("home/tv/cmd", "{state}"),
        "next": ("home/tv/cmd", "{state}"),
        "previous": ("home/tv/cmd", "{state}"),
        "set_volume": ("home/tv/volume", "{volume}"),
    },
    state_topic="home/tv/state",
)
THERMOSTAT = z2m(
    "thermostat",
    "Thermostat",
    "climate",
    "living_room",
    "Radiator",
    unit="°C",
    capabilities=Capabilities(temperature_min=5, temperature_max=30),
)
FRONT_DOOR = z2m("front_door", "Front Door", "lock", "hall", "Front Lock", risk=Risk.HIGH)
GARAGE_DOOR = tasmota(
    "garage_door",
    "Garage Door",
    "cover",
    "garage",
    "garage",
    device_class="garage_door",
    risk=Risk.HIGH,
    capabilities=Capabilities(position=True),
)
BEDROOM_LIGHT = z2m("bedroom_light", "Bedroom Light", "light", "bedroom", "Bedroom", capabilities=DIMMABLE)
OFFICE_LIGHT = tasmota("office_light", "Desk Lamp", "light", "office", "desk")
OUTDOOR = z2m(
    "outdoor", "Outdoor Temperature", "sensor", None, "Outdoor", device_class="temperature", unit="°C"
)
HALL_DOOR = z2m("hall_door", "Hall Door", "binary_sensor", "hall", "Hall Contact", device_class="door")
MOVIE_SCENE = generic(
    "movie_scene", "Movie Scene", "scene", "living_room", {"activate": ("home/scenes/movie", "ON")}
)
VALVE = tasmota("valve", "Main Valve", "valve", "garage", "valve")

HOME = Config(
    site=Site("kitchen-satellite", "kitchen"),
    floors=(Floor("ground", "Ground Floor", ("downstairs",)), Floor("first", "First Floor", ("upstairs",))),
    areas=(
        Area("kitchen", "Kitchen", floor="ground"),
        Area("living_room", "Living Room", ("lounge",), floor="ground"),
        Area("hall", "Hall", floor="ground"),
        Area("garage", "Garage", floor="ground"),
        Area("bedroom", "Bedroom", floor="first"),
        Area("office", "Office", floor="first"),
    ),
    devices=(
        KITCHEN_LIGHT,
        KITCHEN_STRIP,
        KETTLE,
        LIVING_LAMP,
        BLINDS,
        TV,
        THERMOSTAT,
        FRONT_DOOR,
        GARAGE_DOOR,
        BEDROOM_LIGHT,
        OFFICE_LIGHT,
        OUTDOOR,
        HALL_DOOR,
        MOVIE_SCENE,
        VALVE,
    ),
)


def intent(intent_name: str, /, **slots: str | int | float) -> Intent:
    """An intent with some slots."""
    return Intent(name=intent_name, slots=Slots(**slots))  # type: ignore[arg-type]


def plan_for(config: Config, asked: Intent, context: RuleContext) -> Plan:
    """The plan for an intent on the devices its words and the place name (no pointing, no dialogue)."""
    return plan(config, asked, resolve_targets(config, asked, area_id=context.area_id), context)


def decide_intent(assistant: Assistant, asked: Intent, situation: Situation) -> Decision:
    """What the assistant decides about an intent alone, on the devices its words and the place name."""
    area_id = situation.area_id or assistant.config.site.area
    targets = resolve_targets(assistant.config, asked, area_id=area_id)
    return assistant.decide(TurnResult(asked, targets, ()), situation)


PAUSE = Rule(
    "palm_pauses_tv",
    RuleTrigger("", gesture="open_palm", held_seconds=1.0),
    RuleCondition(states=(StateCondition("tv", "playing"),)),
    (RuleAction(device="tv", service="pause"),),
)
