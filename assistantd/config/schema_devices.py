"""The ``devices`` section: names, area, domain, risk, capabilities and the MQTT dialect."""

from __future__ import annotations

import logging

from assistantd.config.checks import slugify
from assistantd.config.domains import DOMAIN_CAPABILITIES, UNIT_DOMAINS
from assistantd.config.loader import ListNode, MapNode, Node, Scalar
from assistantd.config.references import Unique, claim_id, claim_names, optional_reference
from assistantd.config.schema_dialects import DIALECT_KEYS, read_dialect
from assistantd.config.schema_vision import read_location
from assistantd.config.section import Section, open_section
from assistantd.config.settings import DOMAINS, Capabilities, Device, Risk
from assistantd.config.walker import Issues, describe, get_list, get_string, suggestion

_LOGGER = logging.getLogger(__name__)

_DEVICE_KEYS = ("id", "aliases", "area", "device_class", "risk", "unit", "capabilities", "location", *DIALECT_KEYS)
_FLAGS = ("brightness", "color", "color_temp", "position", "volume")
"""Capabilities that are simply present or not (the list form)."""
_CAPABILITY_KEYS = (*_FLAGS, "temperature", "transition_seconds")


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
    domain = section.choice("domain", DOMAINS, what="domain")
    area = optional_reference(section, "area", area_ids, "area")
    risk = section.choice("risk", [risk.value for risk in Risk], Risk.NORMAL.value, what="risk")
    unit = _unit(section, domain)
    device_class = section.string("device_class")
    capabilities = read_capabilities(section, domain)
    dialect = read_dialect(section, domain)
    location = read_location(section)
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
        risk=Risk(risk),
        unit=unit,
        location=location,
    )


def _unit(section: Section, domain: str | None) -> str | None:
    """The unit of a sensor's (or thermostat's) value."""
    unit = section.string("unit")
    if unit is not None and domain is not None and domain not in UNIT_DOMAINS:
        section.issues.add(
            section.line_of("unit"), section.path_of("unit"), f"a {domain} has no unit; units are for sensors"
        )
    return unit


def read_capabilities(device: Section, domain: str | None) -> Capabilities | None:
    """The ``capabilities`` list or mapping, checked against the domain."""
    node = device.node("capabilities")
    path = device.path_of("capabilities")
    if node is None:
        return Capabilities()
    if isinstance(node, ListNode):
        return _capability_list(device.issues, node, path, domain)
    if not isinstance(node, MapNode):
        device.issues.add(
            node.line, path, f"expected a list or a mapping of capabilities, got {describe(node)}"
        )
        return None
    section = open_section(device.issues, node, path, optional=_CAPABILITY_KEYS)
    if section is None:
        return None
    for key in section.given_keys():
        _check_allowed(device.issues, section.line_of(key), section.path_of(key), key, domain)
    return _capability_map(section)


def _capability_list(issues: Issues, node: Node, path: str, domain: str | None) -> Capabilities | None:
    """The list form: ``[brightness, color_temp]``."""
    flags: dict[str, bool] = {}
    for item_path, item in get_list(issues, node, path):
        name = get_string(issues, item, item_path)
        if name is None:
            continue
        if name in ("temperature", "transition_seconds"):
            issues.add(
                item.line, item_path, f"{name!r} needs a value: use the mapping form, e.g. {_EXAMPLES[name]}"
            )
        elif name not in _FLAGS:
            issues.add(item.line, item_path, f"unknown capability {name!r}{suggestion(name, _FLAGS)}")
        elif _check_allowed(issues, item.line, item_path, name, domain):
            flags[name] = True
    return Capabilities(**flags)


_EXAMPLES = {
    "temperature": "capabilities: {temperature: {min: 7, max: 30, step: 0.5}}",
    "transition_seconds": "capabilities: {brightness: true, transition_seconds: 0.5}",
}


def _check_allowed(issues: Issues, line: int, path: str, name: str, domain: str | None) -> bool:
    """Whether a capability makes sense for the domain; reports it when not."""
    allowed = DOMAIN_CAPABILITIES.get(domain or "")
    if allowed is None or name in allowed:
        return True
    which = ", ".join(allowed) if allowed else "none"
    issues.add(
        line, path, f"capability {name!r} does not apply to a {domain} (capabilities of a {domain}: {which})"
    )
    return False


def _capability_map(section: Section) -> Capabilities | None:
    """The mapping form: flags, color_temp range, temperature range, transition."""
    flags = {key: section.boolean(key, False) for key in _FLAGS if key != "color_temp"}
    mireds = _color_temp(section)
    temperature = _temperature(section)
    transition = section.number("transition_seconds", minimum=0, maximum=60)
    if mireds is None or temperature is None:
        return None
    return Capabilities(
        **flags,
        color_temp=mireds[0],
        color_temp_min_mired=mireds[1],
        color_temp_max_mired=mireds[2],
        temperature_min=temperature[0],
        temperature_max=temperature[1],
        temperature_step=temperature[2],
        transition_seconds=transition,
    )


def _color_temp(section: Section) -> tuple[bool, int, int] | None:
    """``color_temp: true`` or ``{min_mired, max_mired}``: (enabled, min, max)."""
    default = Capabilities()
    node = section.node("color_temp")
    if node is None or isinstance(node, Scalar):
        enabled = section.boolean("color_temp", False)
        return enabled, default.color_temp_min_mired, default.color_temp_max_mired
    mired = section.section("color_temp", optional=("min_mired", "max_mired"))
    if mired is None:
        return None
    low = mired.integer("min_mired", default.color_temp_min_mired, minimum=50, maximum=1000)
    high = mired.integer("max_mired", default.color_temp_max_mired, minimum=50, maximum=1000)
    if low is None or high is None:
        return None
    if low >= high:
        section.issues.add(mired.line_of("max_mired"), mired.path_of("max_mired"), "must be above min_mired")
        return None
    return True, low, high


def _temperature(section: Section) -> tuple[float | None, float | None, float] | None:
    """``temperature: {min, max, step}``: the settable range."""
    default_step = Capabilities().temperature_step
    if section.node("temperature") is None:
        return None, None, default_step
    limits = section.section("temperature", required=("min", "max"), optional=("step",))
    if limits is None:
        return None
    low = limits.number("min", minimum=-50, maximum=100)
    high = limits.number("max", minimum=-50, maximum=100)
    step = limits.number("step", default_step, positive=True, maximum=10)
    if low is None or high is None or step is None:
        return None
    if low >= high:
        limits.issues.add(limits.line_of("max"), limits.path_of("max"), f"must be above min ({low:g})")
        return None
    return low, high, step
