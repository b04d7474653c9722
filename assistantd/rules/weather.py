"""The answer to "what's the weather" from the last report of a weather source ("It's 14 °C and cloudy.").

Pure: the reports are passed in (weather state topic -> last report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistantd.config.weather import WeatherSource
from assistantd.devices.payloads import number_text
from assistantd.devices.weather import WeatherReport

CANNOT = "I can't do that here."
"""The answer to a request for something this home has not configured."""
_CONDITIONS: dict[str, str] = {
    "clear-night": "clear",
    "partlycloudy": "partly cloudy",
    "fog": "foggy",
    "hail": "hailing",
    "lightning": "stormy",
    "lightning-rainy": "stormy with rain",
    "pouring": "pouring",
    "rainy": "raining",
    "snowy": "snowing",
    "snowy-rainy": "sleeting",
    "windy-variant": "windy and cloudy",
    "exceptional": "exceptional weather",
}
"""Home Assistant's weather conditions as said ("rainy" -> "raining"); other words are said as reported."""


def weather_answer(
    sources: Sequence[WeatherSource], place: str | None, reports: Mapping[str, WeatherReport]
) -> str:
    """The weather at a named place (None: the home's own, the first source)."""
    if not sources:
        return CANNOT
    source = _source(sources, place)
    if source is None:
        return f"I don't know the weather in {place.title() if place.islower() else place}."
    report = reports.get(source.state_topic)
    where = f" in {source.name}" if place and source.name else ""
    if report is None:
        return f"I don't know the weather{where} yet."
    said = _words(source, report)
    return f"In {source.name}, it's {said}." if where else f"It's {said}."
def _source(sources: Sequence[WeatherSource], place: str | None) -> WeatherSource | None:
    """The source for a place by name or alias (any case); the first one when no place is said."""
    if not place:
        return sources[0]
    wanted = place.strip().casefold()
    return next((s for s in sources if wanted in (name.casefold() for name in s.names)), None)


def _words(source: WeatherSource, report: WeatherReport) -> str:
    """The temperature and the condition ("14 °C and cloudy")."""
    parts = []
    if report.temperature is not None:
        parts.append(f"{number_text(round(report.temperature, 1))} {source.unit}".rstrip())
    if report.condition is not None:
        parts.append(_CONDITIONS.get(report.condition, report.condition.replace("_", " ").replace("-", " ")))
    return " and ".join(parts)
