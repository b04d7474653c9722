"""The state cache: every device's last reported state, kept from the devices' own state topics."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.devices.dialects import build_state_index, parse_state
from assistantd.devices.state import DeviceState

_LOGGER = logging.getLogger(__name__)


class StateCache:
    """Device id -> last reported state, and the state topics to listen on for them."""

    def __init__(self, config: Config) -> None:
        self._states: dict[str, DeviceState] = {}
        self._index: Mapping[str, tuple[Device, ...]] = build_state_index(config)

    @property
    def states(self) -> Mapping[str, DeviceState]:
        """Device id -> last reported state (a live view)."""
        return self._states

    @property
    def topics(self) -> tuple[str, ...]:
        """The state topics of the configured devices."""
        return tuple(self._index)

    def knows(self, topic: str) -> bool:
        """Whether a topic is some device's state topic."""
        return topic in self._index

    def reconfigure(self, config: Config) -> None:
        """Listen for the devices of a new configuration (states already reported are kept)."""
        self._index = build_state_index(config)

    def update(self, topic: str, payload: bytes, now_ms: int) -> None:
        """A message on a state topic: the new state of each device reporting there."""
        for device in self._index.get(topic, ()):
            previous = self._states.get(device.id, DeviceState())
            state = parse_state(device, topic, payload, previous, now_ms)
            if state is None:
                _LOGGER.debug("Ignored state message on %s for %s", topic, device.id)
            else:
                self._states[device.id] = state
