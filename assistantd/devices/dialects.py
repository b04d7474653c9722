"""Device dialects: turn a DeviceCommand into MQTT actions and state reports into DeviceState."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from assistantd.action import Action
from assistantd.config.dialects import GenericDevice, TasmotaDevice, Zigbee2MqttDevice
from assistantd.config.domains import SERVICES
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.devices import generic, tasmota, zigbee2mqtt
from assistantd.devices.command import DeviceCommand
from assistantd.devices.payloads import UnsupportedCommand, dumps, unsupported
from assistantd.devices.state import DeviceState

__all__ = [
    "UnsupportedCommand",
    "build_state_index",
    "command_actions",
    "commands",
    "supports",
    "parse_state",
    "state_topics",
]

PLAY_MEDIA = "play_media"
"""Find something and play it: the query goes to the media player's search topic, whatever its dialect."""


def search_actions(device: Device, command: DeviceCommand) -> tuple[Action, ...]:
    """The search a media player with a search topic is sent: JSON {"query", "media_class"}."""
    if device.search_topic is None or not command.search_query:
        raise unsupported(device, command.service)
    body: dict[str, object] = {"query": command.search_query}
    if command.media_class:
        body["media_class"] = command.media_class
    return (Action(topic=device.search_topic, payload=dumps(body), device_id=device.id),)


def command_actions(device: Device, command: DeviceCommand) -> tuple[Action, ...]:
    """The MQTT publishes that carry out a command; UnsupportedCommand when the device can't."""
    if command.service == PLAY_MEDIA:
        return search_actions(device, command)
    if command.service not in SERVICES:
        raise unsupported(device, command.service)
    block = device.mqtt
    if isinstance(block, Zigbee2MqttDevice):
        return zigbee2mqtt.command_actions(device, block, command)
    if isinstance(block, TasmotaDevice):
        return tasmota.command_actions(device, block, command)
    if isinstance(block, GenericDevice):
        return generic.command_actions(device, block, command)
    raise unsupported(device, command.service)


def state_topics(device: Device) -> tuple[str, ...]:
    """The topics to subscribe to for the device's state (may be empty)."""
    block = device.mqtt
    if isinstance(block, Zigbee2MqttDevice):
        return zigbee2mqtt.state_topics(block)
    if isinstance(block, TasmotaDevice):
        return tasmota.state_topics(device, block)
    if isinstance(block, GenericDevice):
        return generic.state_topics(block)
    return ()


def supports(device: Device, service: str) -> bool:
    """Whether the device's dialect can carry out a service that takes no value (a generic device only
    the services it has a template for)."""
    try:
        command_actions(device, DeviceCommand(service))
    except UnsupportedCommand:
        return False
    return True


def commands(device: Device, topic: str) -> bool:
    """Whether a topic is one the device takes commands on (a raw publish to it actuates the device)."""
    block = device.mqtt
    if isinstance(block, Zigbee2MqttDevice):
        return topic.startswith(zigbee2mqtt.command_topic(block))
    if isinstance(block, TasmotaDevice):
        return topic.startswith(f"{block.full_topic_prefix_cmnd}/{block.topic}/")
    if device.search_topic is not None and topic == device.search_topic:
        return True
    if isinstance(block, GenericDevice):
        return any(generic.topic_pattern(device, template.topic).fullmatch(topic) for _, template in block.actions)
    return False


def parse_state(
    device: Device, topic: str, payload: bytes, previous: DeviceState, now_ms: int
) -> DeviceState | None:
    """The device's state after a message; None when it is not about the device or is malformed."""
    block = device.mqtt
    if isinstance(block, Zigbee2MqttDevice):
        return zigbee2mqtt.parse_state(device, block, topic, payload, previous, now_ms)
    if isinstance(block, TasmotaDevice):
        return tasmota.parse_state(device, block, topic, payload, previous, now_ms)
    if isinstance(block, GenericDevice):
        return generic.parse_state(device, block, topic, payload, previous, now_ms)
    return None


def build_state_index(config: Config) -> Mapping[str, tuple[Device, ...]]:
    """State topic -> the devices that report on it (a Tasmota topic may serve several relays)."""
    index: dict[str, tuple[Device, ...]] = {}
    for device in config.devices:
        for topic in state_topics(device):
            index[topic] = (*index.get(topic, ()), device)
    return MappingProxyType(index)
