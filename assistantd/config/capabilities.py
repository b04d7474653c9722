"""What a device can do beyond on/off (a device's ``capabilities``), and how it is read and checked."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.domains import DOMAIN_CAPABILITIES
from assistantd.config.fields import read_key, setting
from assistantd.config.loader import ListNode, MapNode, Node, Scalar
from assistantd.config.section import Section, open_section
from assistantd.config.walker import Issues, describe, get_list, get_string, suggestion

_FLAGS = ("brightness", "color", "color_temp", "position", "volume")
"""Capabilities that are simply present or not (the list form)."""
_KEYS = (*_FLAGS, "temperature", "transition_seconds")
_EXAMPLES = {
    "temperature": "capabilities: {temperature: {min: 7, max: 30, step: 0.5}}",
    "transition_seconds": "capabilities: {brightness: true, transition_seconds: 0.5}",
}


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a device can do beyond on/off.

    Written as a list of flags or a mapping (read by read_capabilities); the declared fields are read from
    ``color_temp: {min_mired, max_mired}``, ``temperature: {min, max, step}`` and ``transition_seconds``.
    """

    brightness: bool = False
    color: bool = False
    color_temp: bool = False
    color_temp_min_mired: int = setting(153, minimum=50, maximum=1000)
    """Coldest white, mired (153 = 6500 K)."""
    color_temp_max_mired: int = setting(500, minimum=50, maximum=1000)
    """Warmest white, mired (500 = 2000 K)."""
    position: bool = False
    temperature_min: float | None = setting(None, minimum=-50, maximum=100)
    """Lowest settable temperature, degrees."""
    temperature_max: float | None = setting(None, minimum=-50, maximum=100)
    """Highest settable temperature, degrees."""
    temperature_step: float = setting(0.5, positive=True, maximum=10)
    """Smallest change of the set temperature, degrees."""
    volume: bool = False
    transition_seconds: float | None = setting(None, minimum=0, maximum=60)
    """Default fade for lights that support it (zigbee2mqtt), seconds."""


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
    section = open_section(device.issues, node, path, optional=_KEYS)
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
    transition = read_key(section, Capabilities, "transition_seconds")
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
    low = read_key(mired, Capabilities, "color_temp_min_mired", key="min_mired")
    high = read_key(mired, Capabilities, "color_temp_max_mired", key="max_mired")
    if low is None or high is None:
        return None
    if low >= high:
        section.issues.add(mired.line_of("max_mired"), mired.path_of("max_mired"), "must be above min_mired")
        return None
    return True, low, high


def _temperature(section: Section) -> tuple[float | None, float | None, float] | None:
    """``temperature: {min, max, step}``: the settable range."""
    if section.node("temperature") is None:
        return None, None, Capabilities().temperature_step
    limits = section.section("temperature", required=("min", "max"), optional=("step",))
    if limits is None:
        return None
    low = read_key(limits, Capabilities, "temperature_min", key="min")
    high = read_key(limits, Capabilities, "temperature_max", key="max")
    step = read_key(limits, Capabilities, "temperature_step", key="step")
    if low is None or high is None or step is None:
        return None
    if low >= high:
        limits.issues.add(limits.line_of("max"), limits.path_of("max"), f"must be above min ({low:g})")
        return None
    return low, high, step
