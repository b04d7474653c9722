"""The home: the ``site``, its ``floors``, ``areas`` and ``devices``, and how they are read and checked."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistantd.config.capabilities import Capabilities, read_capabilities
from assistantd.config.checks import get_identifier, get_topic, slugify
from assistantd.config.dialects import (
    DIALECT_KEYS,
    Dialect,
    GenericDevice,
    TasmotaDevice,
    Zigbee2MqttDevice,
    read_dialect,
)
from assistantd.config.domains import DOMAINS, UNIT_DOMAINS
from assistantd.config.fields import read_key, setting
from assistantd.config.loader import Node
from assistantd.config.references import Unique, claim_id, claim_names, optional_reference
from assistantd.config.section import Section, open_section
from assistantd.config.vision import DeviceLocation, read_location
from assistantd.config.walker import Issues

_DEVICE_KEYS = (
    "id",
    "aliases",
    "area",
    "device_class",
    "risk",
    "unit",
    "capabilities",
    "location",
    "search_topic",
    *DIALECT_KEYS,
)


class Risk(str, enum.Enum):
    """How careful to be before actuating a device."""

    NORMAL = "normal"
    HIGH = "high"
    """Needs a confirmation before it is actuated (locks, garage doors)."""


@dataclass(frozen=True, slots=True)
class Floor:
    """A floor of the home."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    level: int | None = setting(None, minimum=-100, maximum=1000)
    """Storey number: 0 the ground floor, negative below it."""


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
    context_seconds: float = setting(1800.0, positive=True, maximum=7 * 24 * 3600)
    """How long a context text ("guests are sleeping in the bedroom") holds after it was sent, seconds."""


@dataclass(frozen=True, slots=True)
class Device:
    """One thing in the home that assistantd can control or ask about."""

    id: str
    """Slug, unique."""
    name: str
    domain: str = setting(choices=DOMAINS, what="domain")
    """One of DOMAINS."""
    area: str | None
    """Area id."""
    dialect: Dialect
    mqtt: Zigbee2MqttDevice | TasmotaDevice | GenericDevice
    aliases: tuple[str, ...] = ()
    device_class: str | None = None
    """Home Assistant device class, e.g. "garage_door", "curtain", "temperature"."""
    capabilities: Capabilities = Capabilities()
    risk: Risk = setting(Risk.NORMAL, what="risk")
    unit: str | None = None
    """Unit of a sensor's value, e.g. "°C"."""
    location: DeviceLocation | None = None
    """Where the camera sees it (for pointing); None: not placed."""
    search_topic: str | None = None
    """A media player's topic for "play X": JSON {"query", "media_class"} (any dialect); None: no search."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Known:
    """The floors, areas and devices that later sections may refer to."""

    floor_ids: frozenset[str] = frozenset()
    """Every floor id written (also of floors that had other errors, to avoid repeat reports)."""
    area_ids: frozenset[str] = frozenset()
    floors: tuple[Floor, ...] = ()
    areas: tuple[Area, ...] = ()
    devices: Mapping[str, Device | None] = field(default_factory=dict)
    """Device id -> the device, or None when the device itself had errors."""

    def scene_ids(self) -> tuple[str, ...]:
        """Ids of the scene devices."""
        return tuple(i for i, d in self.devices.items() if d is not None and d.domain == "scene")


def read_home(top: Section) -> Known:
    """Floors, areas and devices, which the other sections refer to."""
    floors, floor_ids = read_floors(top.issues, top.items("floors"))
    areas, area_ids = read_areas(top.issues, top.items("areas"), floor_ids)
    devices = read_devices(top.issues, top.items("devices"), area_ids)
    return Known(floor_ids=floor_ids, area_ids=area_ids, floors=floors, areas=areas, devices=devices)


def read_floors(issues: Issues, items: list[tuple[str, Node]]) -> tuple[tuple[Floor, ...], frozenset[str]]:
    """The floors, and every floor id written (also of floors with other errors)."""
    ids = Unique(issues, "floor id")
    names = Unique(issues, "floor name", ignore_case=True)
    floors: list[Floor] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("id", "name"), optional=("aliases", "level"))
        if section is None:
            continue
        floor_id = claim_id(section, ids)
        name, aliases = claim_names(section, names, f"floor {floor_id!r}")
        level = read_key(section, Floor, "level")
        if floor_id is not None and name is not None:
            floors.append(Floor(id=floor_id, name=name, aliases=aliases, level=level))
    return tuple(floors), ids.values()


def read_areas(
    issues: Issues, items: list[tuple[str, Node]], floor_ids: frozenset[str]
) -> tuple[tuple[Area, ...], frozenset[str]]:
    """The areas, and every area id written; an area's floor must be a known floor id."""
    ids = Unique(issues, "area id")
    names = Unique(issues, "area name", ignore_case=True)
    areas: list[Area] = []
    for path, node in items:
        section = open_section(issues, node, path, required=("id", "name"), optional=("aliases", "floor"))
        if section is None:
            continue
        area_id = claim_id(section, ids)
        name, aliases = claim_names(section, names, f"area {area_id!r}")
        floor = optional_reference(section, "floor", floor_ids, "floor")
        if area_id is not None and name is not None:
            areas.append(Area(id=area_id, name=name, aliases=aliases, floor=floor))
    return tuple(areas), ids.values()


def read_site(top: Section, area_ids: frozenset[str]) -> Site | None:
    """Where this daemon runs: its id (used in topics) and the area it is in."""
    node = top.node("site")
    if node is None:
        return None
    section = open_section(top.issues, node, "site", required=("id", "area"), optional=("context_seconds",))
    if section is None:
        return None
    site_node = section.node("id")
    site_id = None if site_node is None else get_identifier(top.issues, site_node, section.path_of("id"))
    area = optional_reference(section, "area", area_ids, "area")
    context_seconds = read_key(section, Site, "context_seconds")
    if site_id is None or area is None or context_seconds is None:
        return None
    return Site(id=site_id, area=area, context_seconds=context_seconds)


def read_devices(
    issues: Issues, items: list[tuple[str, Node]], area_ids: frozenset[str]
) -> dict[str, Device | None]:
    """Device id -> device (None for a device with errors), in file order."""
    ids = Unique(issues, "device id")
    names = Unique(issues, "device name", ignore_case=True)
    devices: dict[str, Device | None] = {}
    for path, node in items:
        section = open_section(issues, node, path, required=("name", "domain"), optional=_DEVICE_KEYS)
        if section is None:
            continue
        device_id = _device_id(section, ids)
        device = _read_device(section, device_id, names, area_ids)
        if device_id is not None:
            devices.setdefault(device_id, device)
    return devices


def _device_id(section: Section, ids: Unique) -> str | None:
    """The written id, or the slug of the name."""
    if section.node("id") is not None:
        return claim_id(section, ids)
    name = section.string("name")
    name_node = section.node("name")
    if name is None or name_node is None:
        return None
    device_id = slugify(name)
    if not device_id:
        section.issues.add(
            section.line, section.path_of("id"), f"cannot make an id from {name!r}; add an 'id'"
        )
        return None
    hint = "; this id was made from the name: give the device an 'id'"
    ids.claim(device_id, device_id, name_node, section.path_of("name"), hint=hint)
    return device_id


def _read_device(
    section: Section, device_id: str | None, names: Unique, area_ids: frozenset[str]
) -> Device | None:
    """One device from its section."""
    name, aliases = claim_names(section, names, f"device {device_id!r}")
    domain = read_key(section, Device, "domain")
    area = optional_reference(section, "area", area_ids, "area")
    risk = read_key(section, Device, "risk")
    unit = _unit(section, domain)
    device_class = section.string("device_class")
    capabilities = read_capabilities(section, domain)
    dialect = read_dialect(section, domain)
    location = read_location(section)
    search_topic = _search_topic(section, domain)
    if device_id is None or name is None or domain is None or risk is None:
        return None
    if capabilities is None or dialect is None:
        return None
    return Device(
        id=device_id,
        name=name,
        domain=domain,
        area=area,
        dialect=dialect[0],
        mqtt=dialect[1],
        aliases=aliases,
        device_class=device_class,
        capabilities=capabilities,
        risk=risk,
        unit=unit,
        location=location,
        search_topic=search_topic,
    )


def _search_topic(section: Section, domain: str | None) -> str | None:
    """A media player's search topic (valid MQTT topic without wildcards)."""
    node = section.node("search_topic")
    if node is None:
        return None
    if domain is not None and domain != "media_player":
        message = f"a {domain} plays nothing; search_topic is for media players"
        section.issues.add(section.line_of("search_topic"), section.path_of("search_topic"), message)
        return None
    return get_topic(section.issues, node, section.path_of("search_topic"))


def _unit(section: Section, domain: str | None) -> str | None:
    """The unit of a sensor's (or thermostat's) value."""
    unit = section.string("unit")
    if unit is not None and domain is not None and domain not in UNIT_DOMAINS:
        section.issues.add(
            section.line_of("unit"), section.path_of("unit"), f"a {domain} has no unit; units are for sensors"
        )
    return unit
