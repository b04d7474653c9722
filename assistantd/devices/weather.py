"""Weather reports: what a weather source's state topic said last (its condition and temperature)."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.weather import WeatherSource
from assistantd.devices.payloads import decode_object, number_in

_MAX_CONDITION_CHARS = 40


@dataclass(frozen=True, slots=True)
class WeatherReport:
    """The last weather reported for one source; None where the report said nothing."""

    condition: str | None = None
    """As reported, lower case ("cloudy", "rainy", "clear-night": Home Assistant's words, or any)."""
    temperature: float | None = None
    """In the source's unit."""
    updated_ms: int = 0
    """Monotonic time of the report."""


def _numeric(value: object) -> object:
    """A number written as text ("14.5", as Home Assistant writes states) as a number; else the value."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def parse_weather(source: WeatherSource, payload: bytes, now_ms: int) -> WeatherReport | None:
    """The report in a JSON payload (the temperature a number or a number as text); None when it is not an
    object or has neither condition nor temperature."""
    data = decode_object(payload)
    if data is None:
        return None
    raw = data.get(source.condition_key)
    condition = raw.strip().lower() if isinstance(raw, str) and raw.strip() else None
    if condition is not None and len(condition) > _MAX_CONDITION_CHARS:
        condition = None
    temperature = number_in(_numeric(data.get(source.temperature_key)), -100, 150)
    if condition is None and temperature is None:
        return None
    return WeatherReport(condition, temperature, now_ms)
