"""Home Assistant's MQTT discovery, as its documentation describes it, for checking assistantd's messages.

Home Assistant itself cannot be installed here to check them with its own voluptuous schemas: the
releases that know device-based discovery and ``default_entity_id`` (2025.10 and later) need Python
3.13, and the project runs on 3.11. So this module holds the schema written from the documentation of
MQTT discovery and of each platform used (https://www.home-assistant.io/integrations/mqtt/ and
sensor.mqtt, binary_sensor.mqtt, event.mqtt, switch.mqtt, button.mqtt, text.mqtt, notify.mqtt), and renders value
templates the way the MQTT integration does (Jinja2's immutable sandbox, with ``value`` and
``value_json``).
"""

from __future__ import annotations

import json
import re

from jinja2.sandbox import ImmutableSandboxedEnvironment

_ENTITY = {
    "p", "platform", "name", "icon", "unique_id", "default_entity_id", "availability_topic",
    "availability", "availability_mode", "availability_template", "payload_available",
    "payload_not_available", "enabled_by_default", "entity_category", "entity_picture",
    "json_attributes_topic", "json_attributes_template", "qos", "encoding",
}  # fmt: skip
"""Options every MQTT entity takes."""
_PLATFORMS: dict[str, tuple[set[str], set[str]]] = {
    "sensor": ({"state_topic"}, {
        "value_template", "device_class", "state_class", "unit_of_measurement", "options", "expire_after",
        "force_update", "last_reset_value_template", "suggested_display_precision",
    }),
    "binary_sensor": ({"state_topic"}, {
        "value_template", "payload_on", "payload_off", "device_class", "expire_after", "force_update",
        "off_delay",
    }),
    "event": ({"state_topic", "event_types"}, {"value_template", "device_class"}),
    "switch": ({"command_topic"}, {
        "state_topic", "value_template", "payload_on", "payload_off", "state_on", "state_off", "optimistic",
        "retain", "device_class", "command_template",
    }),
    "button": ({"command_topic"}, {"payload_press", "command_template", "retain", "device_class"}),
    "notify": ({"command_topic"}, {"command_template", "retain"}),
    "text": ({"command_topic"}, {
        "state_topic", "value_template", "command_template", "min", "max", "mode", "pattern", "retain",
    }),
}  # fmt: skip
"""Per platform: (required options, its own optional ones)."""
_DEVICE = {
    "identifiers", "connections", "name", "manufacturer", "model", "model_id", "sw_version", "hw_version",
    "serial_number", "suggested_area", "configuration_url", "via_device",
}  # fmt: skip
_ORIGIN = {"name", "sw", "sw_version", "url", "support_url"}
_SHARED = {"availability_topic", "availability", "availability_mode", "qos", "state_topic", "command_topic", "encoding"}
"""Options a device message may give once for all its components."""
_OBJECT_ID = re.compile(r"^[a-z0-9_]+$")
_TOPIC_WILDCARDS = ("+", "#")


def check_device_discovery(document: dict[str, object]) -> list[str]:
    """What is wrong with a device-based discovery message (empty: nothing)."""
    problems: list[str] = []
    keys = set(document)
    missing = {"dev", "o", "cmps"} - keys
    if missing:
        problems.append(f"missing {sorted(missing)}")
    unknown = keys - {"dev", "device", "o", "origin", "cmps", "components"} - _SHARED
    if unknown:
        problems.append(f"unknown device-level options {sorted(unknown)}")
    device = document.get("dev", {})
    if not isinstance(device, dict) or not device.get("identifiers") or set(device) - _DEVICE:
        problems.append(f"bad device block {device!r}")
    origin = document.get("o", {})
    if not isinstance(origin, dict) or "name" not in origin or set(origin) - _ORIGIN:
        problems.append(f"bad origin block {origin!r}")
    for key in ("availability_topic", "state_topic", "command_topic"):
        if key in document:
            problems += _topic_problems(key, document[key], wildcards=False)
    components = document.get("cmps", {})
    if not isinstance(components, dict) or not components:
        return [*problems, "no components"]
    unique_ids = [component.get("unique_id") for component in components.values() if isinstance(component, dict)]
    if len(set(unique_ids)) != len(unique_ids):
        problems.append("unique_id repeated")
    for key, component in components.items():
        problems += [f"{key}: {problem}" for problem in _component_problems(component)]
    return problems


def _component_problems(component: object) -> list[str]:
    if not isinstance(component, dict):
        return ["not a mapping"]
    platform = component.get("p")
    if platform not in _PLATFORMS:
        return [f"unknown platform {platform!r}"]
    required, own = _PLATFORMS[platform]
    problems = []
    if "object_id" in component:
        problems.append("object_id is deprecated: use default_entity_id")
    if "unique_id" not in component:
        problems.append("device-based discovery needs unique_id")
    missing = required - set(component)
    if missing:
        problems.append(f"missing {sorted(missing)}")
    unknown = set(component) - required - own - _ENTITY
    if unknown:
        problems.append(f"unknown options {sorted(unknown)}")
    entity_id = component.get("default_entity_id")
    if entity_id is not None:
        domain, _, object_id = str(entity_id).partition(".")
        if domain != platform or not _OBJECT_ID.match(object_id):
            problems.append(f"default_entity_id {entity_id!r} is not {platform}.<lower-case slug>")
    if component.get("device_class") == "enum" and not component.get("options"):
        problems.append("an enum sensor needs options")
    if platform == "event" and not all(isinstance(kind, str) for kind in component.get("event_types", ())):
        problems.append("event_types must be strings")
    for key in ("state_topic", "command_topic", "json_attributes_topic"):
        if key in component:
            problems += _topic_problems(key, component[key], wildcards=key != "command_topic")
    for key in ("value_template", "json_attributes_template", "command_template"):
        if key in component:
            try:
                ENVIRONMENT.parse(component[key])
            except Exception as err:  # noqa: BLE001 - any template error is the finding
                problems.append(f"{key} does not parse: {err}")
    return problems


def _topic_problems(key: str, topic: object, *, wildcards: bool) -> list[str]:
    if not isinstance(topic, str) or not topic or "\0" in topic:
        return [f"{key} {topic!r} is not a topic"]
    if not wildcards and any(mark in topic for mark in _TOPIC_WILDCARDS):
        return [f"{key} {topic!r} holds a wildcard"]
    return []


ENVIRONMENT = ImmutableSandboxedEnvironment()


def render(template: str, payload: bytes) -> str:
    """A value template rendered on a payload as Home Assistant's MQTT integration does."""
    value = payload.decode()
    variables: dict[str, object] = {"value": value}
    try:
        variables["value_json"] = json.loads(value)
    except ValueError:
        pass
    return ENVIRONMENT.from_string(template).render(variables).strip()


def event_of(template: str, payload: bytes) -> dict[str, object] | None:
    """The event an event entity fires on a payload (None: the rendered payload is ignored, as HA does)."""
    rendered = render(template, payload)
    if not rendered or rendered in ("None", "{}"):
        return None
    document = json.loads(rendered)
    assert isinstance(document, dict) and "event_type" in document, rendered
    return document
