"""MQTT 5 properties of messages: what a publish may carry (user properties, a response topic, correlation
data, an expiry) and a received message with correlation data (a request, or the answer to one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

UserProperties = Sequence[tuple[str, str]]
"""MQTT 5 user properties of a message: (name, value) pairs."""


@dataclass(frozen=True, slots=True)
class Correlated:
    """A message that carries MQTT 5 correlation data: a request (with a response topic) or an answer."""

    topic: str
    payload: bytes
    correlation: bytes
    response_topic: str | None
    """Where the sender wants the answer; None on an answer."""
    user_properties: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Outgoing:
    """MQTT 5 properties of a message to publish (all optional)."""

    user_properties: UserProperties = ()
    response_topic: str | None = None
    correlation: bytes | None = None
    expiry_seconds: int | None = None
    """Message Expiry Interval: the broker drops it when no one took it within this many seconds."""

    def properties(self) -> Properties | None:
        """paho's PUBLISH properties, or None when there are none."""
        if not (self.user_properties or self.response_topic or self.correlation or self.expiry_seconds):
            return None
        properties = Properties(PacketTypes.PUBLISH)
        if self.user_properties:
            properties.UserProperty = list(self.user_properties)
        if self.response_topic:
            properties.ResponseTopic = self.response_topic
        if self.correlation is not None:
            properties.CorrelationData = self.correlation
        if self.expiry_seconds:
            properties.MessageExpiryInterval = self.expiry_seconds
        return properties


def correlated(topic: str, message: paho.MQTTMessage) -> Correlated | None:
    """The message as a Correlated when it carries correlation data."""
    properties = getattr(message, "properties", None)
    correlation = getattr(properties, "CorrelationData", None) if properties is not None else None
    if correlation is None:
        return None
    response_topic = getattr(properties, "ResponseTopic", None)
    user = tuple(getattr(properties, "UserProperty", ()) or ())
    return Correlated(topic, message.payload, bytes(correlation), response_topic or None, user)
