"""One action of a rule: a device command, an area's devices of a domain, a scene, or a raw MQTT publish."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.checks import get_color
from assistantd.config.dialects import ActionTemplate, Dialect, GenericDevice, read_template
from assistantd.config.domains import DOMAIN_SERVICES, DOMAINS, SERVICE_CAPABILITY, SERVICES
from assistantd.config.fields import read_key, setting
from assistantd.config.home import Device, Known
from assistantd.config.loader import Node
from assistantd.config.references import check_reference
from assistantd.config.section import Section, open_section
from assistantd.config.walker import Issues, get_int, get_map, get_number, suggestion

_KINDS = ("device", "scene", "publish", "area")
_COMMANDED_DOMAINS = tuple(domain for domain in DOMAINS if DOMAIN_SERVICES.get(domain))
"""Domains an area action may name: those with services."""
HERE = "here"
"""An area action's area that means the one the command or gesture concerns."""

SERVICE_DATA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "turn_on": ((), ("brightness", "color", "color_temp_kelvin")),
    "set_brightness": ((), ("brightness", "brightness_step")),
    "set_color": (("color",), ()),
    "set_color_temp": (("color_temp_kelvin",), ()),
    "set_position": (("position",), ()),
    "set_temperature": (("temperature",), ()),
    "set_volume": (("volume",), ()),
}
"""Service -> (required, optional) keys of a device action's ``data``; other services take none."""

_DATA_CAPABILITY = {
    "brightness": "brightness",
    "brightness_step": "brightness",
    "color": "color",
    "color_temp_kelvin": "color_temp",
}

DataValue = str | int | float


@dataclass(frozen=True, slots=True)
class RuleAction:
    """What a rule does: a device command, a scene, or a raw publish."""

    device: str | None = None
    """Device id to command."""
    service: str | None = setting(None, choices=SERVICES, what="service")
    """For device: turn_on, turn_off, toggle, set_brightness, ..."""
    data: tuple[tuple[str, DataValue], ...] = ()
    """Arguments for the service, e.g. (("brightness", 30),)."""
    scene: str | None = None
    """Scene device id to activate."""
    publish: ActionTemplate | None = None
    """A raw MQTT publish."""
    area: str | None = None
    """With domain instead of device: every device of that domain in this area id ("here": the area
    the command or gesture concerns)."""
    domain: str | None = setting(None, choices=_COMMANDED_DOMAINS, what="domain")
    """The domain of an area action's devices."""


def read_action(issues: Issues, path: str, node: Node, known: Known) -> RuleAction | None:
    """One action: exactly one of ``device`` or ``area`` (with service, data), ``scene`` or ``publish``."""
    keys = ("device", "service", "data", "scene", "publish", "area", "domain")
    section = open_section(issues, node, path, optional=keys)
    if section is None:
        return None
    kinds = [kind for kind in _KINDS if section.given(kind)]
    if len(kinds) != 1:
        found = f"; found {', '.join(kinds)}" if kinds else ""
        message = f"an action needs exactly one of device, area, scene or publish{found}"
        issues.add(section.line, path, message)
        return None
    if kinds[0] != "area" and section.given("domain"):
        issues.add(section.line_of("domain"), section.path_of("domain"), "'domain' belongs to an area action")
    if kinds[0] not in ("device", "area"):
        for key in ("service", "data"):
            if section.given(key):
                issues.add(section.line_of(key), section.path_of(key), f"{key!r} belongs to a device action")
    if kinds[0] == "scene":
        return _scene_action(section, known)
    if kinds[0] == "publish":
        publish = read_template(
            issues, section.node("publish") or node, section.path_of("publish"), placeholders=False
        )
        return None if publish is None else RuleAction(publish=publish)
    if kinds[0] == "area":
        return _area_action(section, known)
    return _device_action(section, known)


def _scene_action(section: Section, known: Known) -> RuleAction | None:
    """``{scene: movie_scene}``: the id of a device of domain scene."""
    scene = section.string("scene")
    node = section.node("scene")
    if scene is None or node is None:
        return None
    device = known.devices.get(scene)
    path = section.path_of("scene")
    if device is not None and device.domain != "scene":
        section.issues.add(
            node.line, path, f"device {scene!r} is a {device.domain}, not a scene; use device: and service:"
        )
        return None
    if scene not in known.devices:
        check_reference(section.issues, node, path, scene, known.scene_ids(), "scene")
        return None
    return RuleAction(scene=scene)


def _device_action(section: Section, known: Known) -> RuleAction | None:
    """``{device: kitchen_ceiling, service: set_brightness, data: {brightness: 40}}``."""
    section.require(("service",))
    device_id = section.string("device")
    device_node = section.node("device")
    if device_id is None or device_node is None:
        return None
    found = check_reference(
        section.issues, device_node, section.path_of("device"), device_id, known.devices, "device"
    )
    service = read_key(section, RuleAction, "service")
    device = known.devices.get(device_id) if found else None
    if device is not None and service is not None and not _service_fits(section, device, service):
        return None
    data = _data(section, service, device)
    if service is None or data is None:
        return None
    return RuleAction(device=device_id, service=service, data=data)


def _area_action(section: Section, known: Known) -> RuleAction | None:
    """``{area: here, domain: light, service: set_brightness, data: {brightness_step: 20}}``."""
    section.require(("domain", "service"))
    area = section.string("area")
    area_node = section.node("area")
    if area is not None and area_node is not None and area != HERE:
        areas = (*known.area_ids, HERE)
        check_reference(section.issues, area_node, section.path_of("area"), area, areas, "area")
    domain = read_key(section, RuleAction, "domain")
    service = read_key(section, RuleAction, "service")
    if domain is not None and service is not None and service not in DOMAIN_SERVICES[domain]:
        takes = ", ".join(DOMAIN_SERVICES[domain])
        message = f"service {service!r} does not apply to a {domain}; a {domain} takes {takes}"
        section.issues.add(section.line_of("service"), section.path_of("service"), message)
        return None
    data = _data(section, service, None)
    if area is None or domain is None or service is None or data is None:
        return None
    if area != HERE and area not in known.area_ids:
        return None
    return RuleAction(service=service, data=data, area=area, domain=domain)


def _service_fits(section: Section, device: Device, service: str) -> bool:
    """Whether the device can do the service (domain, generic actions, capabilities)."""
    allowed = DOMAIN_SERVICES.get(device.domain, ())
    problem = None
    if service not in allowed:
        uses = ", ".join(allowed) if allowed else "nothing: it only reports state"
        problem = f"service {service!r} does not apply to a {device.domain}; {device.id!r} takes {uses}"
    elif isinstance(device.mqtt, GenericDevice) and device.mqtt.action(service) is None:
        problem = f"generic device {device.id!r} has no {service!r} in generic.actions"
    elif device.dialect is not Dialect.GENERIC and not _capable(device, SERVICE_CAPABILITY.get(service)):
        problem = f"device {device.id!r} lacks the {SERVICE_CAPABILITY[service]!r} capability for {service!r}"
    if problem:
        section.issues.add(section.line_of("service"), section.path_of("service"), problem)
    return problem is None


def _capable(device: Device, capability: str | None) -> bool:
    """Whether the device declares a capability (None: nothing needed)."""
    return capability is None or bool(getattr(device.capabilities, capability))


def _data(
    section: Section, service: str | None, device: Device | None
) -> tuple[tuple[str, DataValue], ...] | None:
    """The service's arguments, checked by name and range."""
    node = section.node("data")
    path = section.path_of("data")
    mapping = None if node is None else get_map(section.issues, node, path)
    if service is None or (node is not None and mapping is None):
        return None
    given = {entry.key: entry for entry in mapping.entries} if mapping is not None else {}
    for key in SERVICE_DATA.get(service, ((), ()))[0]:
        if key not in given:
            message = f"service {service!r} needs data {key!r}"
            section.issues.add(section.line_of("data"), f"{path}.{key}", message)
    if service == "set_brightness" and ("brightness" in given) == ("brightness_step" in given):
        message = (
            "set_brightness needs data brightness (percent) or brightness_step (percent up or down), "
            "one of them"
        )
        section.issues.add(section.line_of("data"), path, message)
    values = []
    for key, entry in given.items():
        key_path = f"{path}.{key}"
        if _data_key_ok(section.issues, service, key, entry.key_line, key_path, device):
            value = _data_value(section.issues, key, entry.value, key_path, device)
            if value is not None:
                values.append((key, value))
    return tuple(values)


def _data_key_ok(issues: Issues, service: str, key: str, line: int, path: str, device: Device | None) -> bool:
    """Whether the service takes the argument and the device can honour it."""
    required, optional = SERVICE_DATA.get(service, ((), ()))
    allowed = (*required, *optional)
    if key not in allowed:
        takes = f"takes {', '.join(allowed)}" if allowed else "takes no data"
        issues.add(line, path, f"unknown data key {key!r}{suggestion(key, allowed)}; {service!r} {takes}")
        return False
    generic = device is None or device.dialect is Dialect.GENERIC
    if not generic and device is not None and not _capable(device, _DATA_CAPABILITY.get(key)):
        issues.add(line, path, f"device {device.id!r} lacks the {_DATA_CAPABILITY[key]!r} capability")
        return False
    return True


def _data_value(issues: Issues, key: str, node: Node, path: str, device: Device | None) -> DataValue | None:
    """One argument's value, in range (a temperature within the device's own range)."""
    if key == "color":
        return get_color(issues, node, path)
    if key == "temperature":
        caps = device.capabilities if device is not None else None
        low = caps.temperature_min if caps and caps.temperature_min is not None else -50
        high = caps.temperature_max if caps and caps.temperature_max is not None else 100
        return get_number(issues, node, path, minimum=low, maximum=high)
    if key == "color_temp_kelvin":
        return get_int(issues, node, path, minimum=1000, maximum=20000)
    if key == "brightness_step":
        return get_int(issues, node, path, minimum=-100, maximum=100)
    return get_int(issues, node, path, minimum=0, maximum=100)
