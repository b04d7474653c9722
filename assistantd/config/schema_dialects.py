"""A device's MQTT dialect block: ``zigbee2mqtt``, ``tasmota`` or ``generic`` (exactly one)."""

from __future__ import annotations

import logging

from assistantd.config.checks import get_topic, placeholder_problems
from assistantd.config.domains import DOMAIN_SERVICES, SERVICES
from assistantd.config.loader import Node
from assistantd.config.section import Section, open_section
from assistantd.config.settings import (
    ACTUATED_DOMAINS,
    ActionTemplate,
    Dialect,
    GenericDevice,
    TasmotaDevice,
    Zigbee2MqttDevice,
)
from assistantd.config.walker import Issues, get_map, suggestion

_LOGGER = logging.getLogger(__name__)

DIALECT_KEYS: tuple[str, ...] = tuple(dialect.value for dialect in Dialect)

DeviceMqtt = Zigbee2MqttDevice | TasmotaDevice | GenericDevice


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
    readers = {Dialect.ZIGBEE2MQTT: _zigbee2mqtt, Dialect.TASMOTA: _tasmota, Dialect.GENERIC: _generic}
    block = readers[dialect](section, domain)
    return None if block is None or len(given) > 1 else (dialect, block)


def _zigbee2mqtt(device: Section, _domain: str | None) -> Zigbee2MqttDevice | None:
    """zigbee2mqtt: the device's friendly name and the bridge's base topic."""
    section = device.section("zigbee2mqtt", required=("friendly_name",), optional=("base_topic",))
    if section is None:
        return None
    friendly_name = _topic(section, "friendly_name")
    base_topic = _topic(section, "base_topic") or "zigbee2mqtt"
    return None if friendly_name is None else Zigbee2MqttDevice(friendly_name, base_topic)


def _tasmota(device: Section, _domain: str | None) -> TasmotaDevice | None:
    """Tasmota: the device topic, relay number and the command/state prefixes."""
    section = device.section(
        "tasmota", required=("topic",), optional=("power_index", "cmnd_prefix", "stat_prefix")
    )
    if section is None:
        return None
    topic = _topic(section, "topic")
    power_index = section.integer("power_index", minimum=1, maximum=32)
    cmnd = _topic(section, "cmnd_prefix") or "cmnd"
    stat = _topic(section, "stat_prefix") or "stat"
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
    state_topic = _topic(section, "state_topic")  # one exact topic: reports reach devices by topic
    value_key = section.string("state_value_key")
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
    section = open_section(issues, node, path, required=("topic", "payload"), optional=("qos", "retain"))
    if section is None:
        return None
    topic = _topic(section, "topic")
    payload = section.string("payload", allow_empty=True)
    qos = section.integer("qos", 1, minimum=0, maximum=2)
    retain = section.boolean("retain", False)
    if placeholders:
        for key, text in (("topic", topic), ("payload", payload)):
            for problem in placeholder_problems(text or ""):
                issues.add(section.line_of(key), section.path_of(key), problem)
    if topic is None or payload is None or qos is None:
        return None
    return ActionTemplate(topic=topic, payload=payload, qos=qos, retain=retain)


def _topic(section: Section, key: str) -> str | None:
    """A topic (no wildcards) under ``key``, None when absent or invalid."""
    node = section.node(key)
    return None if node is None else get_topic(section.issues, node, section.path_of(key))
