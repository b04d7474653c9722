"""The state cache: every device's last reported state, kept from the devices' own state topics, and the
last weather report of each weather source."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.config.weather import WeatherSource
from assistantd.devices.dialects import build_state_index, parse_state
from assistantd.devices.state import DeviceState
from assistantd.devices.weather import WeatherReport, parse_weather

_LOGGER = logging.getLogger(__name__)


class StateCache:
    """Device id -> last reported state, weather topic -> last report, and the topics to listen on."""

    def __init__(self, config: Config) -> None:
        self._states: dict[str, DeviceState] = {}
        self._weather: dict[str, WeatherReport] = {}
        self._index: Mapping[str, tuple[Device, ...]] = build_state_index(config)
        self._sources: Mapping[str, WeatherSource] = _weather_index(config)

    @property
    def states(self) -> Mapping[str, DeviceState]:
        """Device id -> last reported state (a live view)."""
        return self._states

    @property
    def weather(self) -> Mapping[str, WeatherReport]:
        """Weather state topic -> last report (a live view)."""
        return self._weather

    @property
    def topics(self) -> tuple[str, ...]:
        """The state topics of the configured devices and weather sources."""
        return tuple(dict.fromkeys((*self._index, *self._sources)))

    def knows(self, topic: str) -> bool:
        """Whether a topic is some device's or weather source's state topic."""
        return topic in self._index or topic in self._sources

    def reconfigure(self, config: Config) -> None:
        """Listen for the devices of a new configuration (states already reported are kept)."""
        self._index = build_state_index(config)
        self._sources = _weather_index(config)

    def update(self, topic: str, payload: bytes, now_ms: int) -> None:
        """A message on a state topic: the new state of each device reporting there."""
        for device in self._index.get(topic, ()):
            previous = self._states.get(device.id, DeviceState())
            state = parse_state(device, topic, payload, previous, now_ms)
            if state is None:
                _LOGGER.debug("Ignored state message on %s for %s", topic, device.id)
            else:
                self._states[device.id] = state
        source = self._sources.get(topic)
        if source is not None:
            report = parse_weather(source, payload, now_ms)
            if report is None:
                _LOGGER.debug("Ignored weather message on %s", topic)
            else:
                self._weather[topic] = report


def _weather_index(config: Config) -> Mapping[str, WeatherSource]:
    """Weather state topic -> its source (the first source of a topic wins)."""
    index: dict[str, WeatherSource] = {}
    for source in config.weather:
        index.setdefault(source.state_topic, source)
    return index
