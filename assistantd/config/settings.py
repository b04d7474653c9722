"""The configuration as typed, frozen values (parsed once, at the edge, by config.loader)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from assistantd.config.settings_rules import (
    ActionTemplate,
    CustomSentence,
    Rule,
    RuleAction,
    RuleCondition,
    RuleTrigger,
    StateCondition,
    TimeWindow,
)
from assistantd.config.settings_service import (
    ConfirmationConfig,
    MqttConfig,
    OutboxConfig,
    RecognizerConfig,
    TlsConfig,
)
from assistantd.config.settings_speech import SpeechConfig
from assistantd.config.settings_vision import DeviceLocation, VisionConfig

__all__ = [
    "ACTUATED_DOMAINS",
    "DOMAINS",
    "ActionTemplate",
    "Area",
    "Capabilities",
    "Config",
    "ConfirmationConfig",
    "CustomSentence",
    "Device",
    "Dialect",
    "Floor",
    "GenericDevice",
    "MqttConfig",
    "OutboxConfig",
    "RecognizerConfig",
    "Risk",
    "Rule",
    "RuleAction",
    "RuleCondition",
    "RuleTrigger",
    "Site",
    "StateCondition",
    "TasmotaDevice",
    "TimeWindow",
    "TlsConfig",
    "Zigbee2MqttDevice",
]

DOMAINS: tuple[str, ...] = (
    "light",
    "switch",
    "fan",
    "cover",
    "valve",
    "lock",
    "climate",
    "media_player",
    "sensor",
    "binary_sensor",
    "scene",
    "script",
    "person",
)
"""Device domains, named as Home Assistant names them."""

ACTUATED_DOMAINS: frozenset[str] = frozenset(
    {"light", "switch", "fan", "cover", "valve", "lock", "climate", "media_player", "scene", "script"}
)
"""Domains whose devices accept commands (the others only report state)."""


class Risk(str, enum.Enum):
    """How careful to be before actuating a device."""

    NORMAL = "normal"
    HIGH = "high"
    """Needs a confirmation before it is actuated (locks, garage doors)."""


class Dialect(str, enum.Enum):
    """The MQTT dialect a device speaks."""

    ZIGBEE2MQTT = "zigbee2mqtt"
    TASMOTA = "tasmota"
    GENERIC = "generic"


@dataclass(frozen=True, slots=True)
class Floor:
    """A floor of the home."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    level: int | None = None


@dataclass(frozen=True, slots=True)
class Area:
    """A room or zone."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    floor: str | None = None
    """Floor id."""


@dataclass(frozen=True, slots=True)
class Site:
    """The place this daemon serves (a satellite's room)."""

    id: str
    """Used in topics: <base>/<site>/..."""
    area: str
    """Area id that "the lights" and "in here" mean."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a device can do beyond on/off."""

    brightness: bool = False
    color: bool = False
    color_temp: bool = False
    color_temp_min_mired: int = 153
    """Coldest white, mired (153 = 6500 K)."""
    color_temp_max_mired: int = 500
    """Warmest white, mired (500 = 2000 K)."""
    position: bool = False
    temperature_min: float | None = None
    """Lowest settable temperature, degrees."""
    temperature_max: float | None = None
    """Highest settable temperature, degrees."""
    temperature_step: float = 0.5
    volume: bool = False
    transition_seconds: float | None = None
    """Default fade for lights that support it (zigbee2mqtt)."""


@dataclass(frozen=True, slots=True)
class Zigbee2MqttDevice:
    """zigbee2mqtt: commands on <base>/<friendly_name>/set as JSON, state on <base>/<friendly_name>."""

    friendly_name: str
    base_topic: str = "zigbee2mqtt"


@dataclass(frozen=True, slots=True)
class TasmotaDevice:
    """Tasmota: cmnd/<topic>/POWER, Dimmer, Color, ...; state on stat/<topic>/RESULT and POWER."""

    topic: str
    full_topic_prefix_cmnd: str = "cmnd"
    full_topic_prefix_stat: str = "stat"
    power_index: int | None = None
    """Relay number for multi-relay devices (POWER1, POWER2, ...)."""


@dataclass(frozen=True, slots=True)
class GenericDevice:
    """Any MQTT device: one topic/payload template per action name."""

    actions: tuple[tuple[str, ActionTemplate], ...]
    """(action name, template), e.g. ("turn_on", ...), ("set_brightness", ...)."""
    state_topic: str | None = None
    state_value_key: str | None = None
    """JSON key holding the state in state_topic payloads; None means the payload is the state."""

    def action(self, name: str) -> ActionTemplate | None:
        """The template for an action, if the device defines it."""
        for action_name, template in self.actions:
            if action_name == name:
                return template
        return None


@dataclass(frozen=True, slots=True)
class Device:
    """One thing in the home that assistantd can control or ask about."""

    id: str
    """Slug, unique."""
    name: str
    domain: str
    """One of DOMAINS."""
    area: str | None
    """Area id."""
    dialect: Dialect
    mqtt: Zigbee2MqttDevice | TasmotaDevice | GenericDevice
    aliases: tuple[str, ...] = ()
    device_class: str | None = None
    """Home Assistant device class, e.g. "garage_door", "curtain", "temperature"."""
    capabilities: Capabilities = Capabilities()
    risk: Risk = Risk.NORMAL
    unit: str | None = None
    """Unit of a sensor's value, e.g. "°C"."""
    location: DeviceLocation | None = None
    """Where the camera sees it (for pointing); None: not placed."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration."""

    site: Site
    areas: tuple[Area, ...]
    devices: tuple[Device, ...]
    floors: tuple[Floor, ...] = ()
    mqtt: MqttConfig = MqttConfig()
    outbox: OutboxConfig = OutboxConfig()
    confirmation: ConfirmationConfig = ConfirmationConfig()
    recognizer: RecognizerConfig = RecognizerConfig()
    sentences: tuple[CustomSentence, ...] = ()
    rules: tuple[Rule, ...] = ()
    speech: SpeechConfig | None = None
    """Microphone and speech-to-text; None: not listening."""
    vision: VisionConfig | None = None
    """Camera, gestures and faces; None: not watching."""
    state_directory: Path = Path("/var/lib/assistantd")
    source: Path | None = field(default=None, compare=False)
    """The file this was read from."""

    def device(self, device_id: str) -> Device | None:
        """A device by id."""
        for device in self.devices:
            if device.id == device_id:
                return device
        return None

    def area(self, area_id: str) -> Area | None:
        """An area by id."""
        for area in self.areas:
            if area.id == area_id:
                return area
        return None

    def floor(self, floor_id: str) -> Floor | None:
        """A floor by id."""
        for floor in self.floors:
            if floor.id == floor_id:
                return floor
        return None

    def find_area(self, key: str) -> str | None:
        """The id of the area whose id, name or an alias is key (trimmed, case-insensitive), if any."""
        wanted = key.strip().lower()
        for area in self.areas:
            if wanted in (area.id.lower(), area.name.lower(), *(alias.lower() for alias in area.aliases)):
                return area.id
        return None
