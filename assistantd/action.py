"""An MQTT publish that a command resolved to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Action:
    """One MQTT message to send to a device (or an interop topic)."""

    topic: str
    payload: str
    qos: int = 1
    retain: bool = False
    device_id: str | None = None
    """The device this commands, if any."""
    command_id: str | None = None
    """The id of the command this carries out, if any (sent as the assistantd-command user property)."""

    def describe(self) -> str:
        """A one-line human description."""
        flags = f"qos={self.qos}" + (" retain" if self.retain else "")
        return f"{self.topic} {self.payload} ({flags})"
