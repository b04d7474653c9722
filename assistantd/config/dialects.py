"""How a device is reached over MQTT: its dialect block (``zigbee2mqtt``, ``tasmota`` or ``generic``, exactly
one) and the topic/payload template that generic devices and rule actions share."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from assistantd.config.checks import get_topic, placeholder_problems
from assistantd.config.domains import ACTUATED_DOMAINS, DOMAIN_SERVICES, SERVICES
from assistantd.config.fields import keys_of, open_settings, read_key, setting
from assistantd.config.loader import Node
from assistantd.config.section import Section, open_section
from assistantd.config.walker import Issues, get_map, get_string, suggestion


def _text(issues: Issues, node: Node, path: str) -> str | None:
    """Text that may be empty."""
    return get_string(issues, node, path, allow_empty=True)


class Dialect(str, enum.Enum):
    """The MQTT dialect a device speaks."""

    ZIGBEE2MQTT = "zigbee2mqtt"
    TASMOTA = "tasmota"
    GENERIC = "generic"


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    """A topic and payload to publish for one action (generic devices: safe ``{placeholder}`` templating)."""

    topic: str = setting(parse=get_topic)
    payload: str = setting(parse=_text)
    qos: int = setting(1, minimum=0, maximum=2)
    """MQTT quality of service: 0, 1 or 2."""
    retain: bool = setting(False)
    """The broker keeps the message for later subscribers."""


@dataclass(frozen=True, slots=True)
class Zigbee2MqttDevice:
    """zigbee2mqtt: commands on <base>/<friendly_name>/set as JSON, state on <base>/<friendly_name>."""

    friendly_name: str = setting(parse=get_topic)
    base_topic: str = setting("zigbee2mqtt", parse=get_topic)


@dataclass(frozen=True, slots=True)
class TasmotaDevice:
    """Tasmota: cmnd/<topic>/POWER, Dimmer, Color, ...; state on stat/<topic>/RESULT and POWER."""

    topic: str = setting(parse=get_topic)
    full_topic_prefix_cmnd: str = setting("cmnd", parse=get_topic)
    """The command prefix (key ``cmnd_prefix``)."""
    full_topic_prefix_stat: str = setting("stat", parse=get_topic)
    """The state prefix (key ``stat_prefix``)."""
    power_index: int | None = setting(None, minimum=1, maximum=32)
    """Relay number for multi-relay devices (POWER1, POWER2, ...)."""


@dataclass(frozen=True, slots=True)
class GenericDevice:
    """Any MQTT device: one topic/payload template per action name."""

    actions: tuple[tuple[str, ActionTemplate], ...]
    """(action name, template), e.g. ("turn_on", ...), ("set_brightness", ...)."""
    state_topic: str | None = setting(None, parse=get_topic)
    """Where the device reports its state: one exact topic (reports reach devices by topic)."""
    state_value_key: str | None = setting(None)
    """JSON key holding the state in state_topic payloads; None means the payload is the state."""

    def action(self, name: str) -> ActionTemplate | None:
        """The template for an action, if the device defines it."""
        for action_name, template in self.actions:
            if action_name == name:
                return template
        return None


DeviceMqtt = Zigbee2MqttDevice | TasmotaDevice | GenericDevice
DIALECT_KEYS: tuple[str, ...] = tuple(dialect.value for dialect in Dialect)
GENERIC_ONLY: frozenset[str] = frozenset({"vacuum"})
"""Domains only the generic dialect reaches (robot vacuums speak their own MQTT, e.g. Valetudo's)."""


def read_dialect(section: Section, domain: str | None) -> tuple[Dialect, DeviceMqtt] | None:
    """The one dialect block of a device section."""
    given = [key for key in DIALECT_KEYS if section.given(key)]
    if not given:
        section.issues.add(
            section.line,
            section.path,
            "a device needs exactly one of zigbee2mqtt, tasmota or generic (how to reach it over MQTT)",
        )
        return None
    for extra in given[1:]:
        section.issues.add(
            section.line_of(extra),
            section.path_of(extra),
            f"a device has exactly one dialect block; {given[0]!r} is already given",
        )
    dialect = Dialect(given[0])
    if domain in GENERIC_ONLY and dialect is not Dialect.GENERIC:
        message = f"zigbee2mqtt and Tasmota have no {domain} commands; reach it with generic (its own topics)"
        section.issues.add(section.line_of(given[0]), section.path_of(given[0]), message)
        return None
    readers = {Dialect.ZIGBEE2MQTT: _zigbee2mqtt, Dialect.TASMOTA: _tasmota, Dialect.GENERIC: _generic}
    block = readers[dialect](section, domain)
    return None if block is None or len(given) > 1 else (dialect, block)


def _zigbee2mqtt(device: Section, _domain: str | None) -> Zigbee2MqttDevice | None:
    """zigbee2mqtt: the device's friendly name and the bridge's base topic."""
    section = open_settings(device, "zigbee2mqtt", Zigbee2MqttDevice)
    if section is None:
        return None
    friendly_name = read_key(section, Zigbee2MqttDevice, "friendly_name")
    base_topic = read_key(section, Zigbee2MqttDevice, "base_topic", fallback=True)
    return None if friendly_name is None else Zigbee2MqttDevice(friendly_name, base_topic)


def _tasmota(device: Section, _domain: str | None) -> TasmotaDevice | None:
    """Tasmota: the device topic, relay number and the command/state prefixes."""
    section = device.section(
        "tasmota", required=("topic",), optional=("power_index", "cmnd_prefix", "stat_prefix")
    )
    if section is None:
        return None
    topic = read_key(section, TasmotaDevice, "topic")
    power_index = read_key(section, TasmotaDevice, "power_index")
    cmnd = read_key(section, TasmotaDevice, "full_topic_prefix_cmnd", key="cmnd_prefix", fallback=True)
    stat = read_key(section, TasmotaDevice, "full_topic_prefix_stat", key="stat_prefix", fallback=True)
    if topic is None:
        return None
    return TasmotaDevice(
        topic, full_topic_prefix_cmnd=cmnd, full_topic_prefix_stat=stat, power_index=power_index
    )


def _generic(device: Section, domain: str | None) -> GenericDevice | None:
    """Generic: where state arrives and one topic/payload template per service."""
    actuated = domain is None or domain in ACTUATED_DOMAINS
    required = ("actions",) if actuated else ("state_topic",)
    section = device.section(
        "generic", required=required, optional=("state_topic", "state_value_key", "actions")
    )
    if section is None:
        return None
    state_topic = read_key(section, GenericDevice, "state_topic")
    value_key = read_key(section, GenericDevice, "state_value_key")
    actions = _generic_actions(section, domain, actuated)
    if actions is None:
        return None
    return GenericDevice(actions=actions, state_topic=state_topic, state_value_key=value_key)


def _generic_actions(
    section: Section, domain: str | None, actuated: bool
) -> tuple[tuple[str, ActionTemplate], ...] | None:
    """The ``actions`` mapping of a generic device: service -> template."""
    node = section.node("actions")
    path = section.path_of("actions")
    if node is None:
        return ()
    mapping = get_map(section.issues, node, path)
    if mapping is None:
        return None
    if not actuated:
        section.issues.add(
            section.line_of("actions"), path, f"a {domain} accepts no commands; remove 'actions'"
        )
        return None
    if not mapping.entries:
        section.issues.add(node.line, path, f"a {domain or 'device'} needs at least one action")
    actions = []
    for entry in mapping.entries:
        entry_path = f"{path}.{entry.key}"
        if _service_ok(section.issues, entry.key, entry.key_line, entry_path, domain):
            template = read_template(section.issues, entry.value, entry_path, placeholders=True)
            if template is not None:
                actions.append((entry.key, template))
    return tuple(actions)


def _service_ok(issues: Issues, service: str, line: int, path: str, domain: str | None) -> bool:
    """Whether a generic action name is a service that applies to the device's domain."""
    if service not in SERVICES:
        issues.add(line, path, f"unknown service {service!r}{suggestion(service, SERVICES)}")
        return False
    allowed = DOMAIN_SERVICES.get(domain or "", SERVICES)
    if service not in allowed:
        issues.add(line, path, f"service {service!r} does not apply to a {domain}; use {', '.join(allowed)}")
        return False
    return True


def read_template(issues: Issues, node: Node, path: str, *, placeholders: bool) -> ActionTemplate | None:
    """A topic/payload/qos/retain block (``placeholders``: check ``{field}`` names)."""
    section = open_section(issues, node, path, **keys_of(ActionTemplate))
    if section is None:
        return None
    topic = read_key(section, ActionTemplate, "topic")
    payload = read_key(section, ActionTemplate, "payload")
    qos = read_key(section, ActionTemplate, "qos")
    retain = read_key(section, ActionTemplate, "retain", fallback=True)
    if placeholders:
        for key, text in (("topic", topic), ("payload", payload)):
            for problem in placeholder_problems(text or ""):
                issues.add(section.line_of(key), section.path_of(key), problem)
    if topic is None or payload is None or qos is None:
        return None
    return ActionTemplate(topic=topic, payload=payload, qos=qos, retain=retain)
