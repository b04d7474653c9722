"""The ``weather`` section: where the weather is reported (one source, or a list of places by name)."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.checks import get_topic
from assistantd.config.fields import keys_of, read_settings, setting
from assistantd.config.loader import ListNode
from assistantd.config.references import Unique, claim_names
from assistantd.config.section import Section, open_section


@dataclass(frozen=True, slots=True)
class WeatherSource:
    """A topic on which the current weather is reported as JSON ({"condition": ..., "temperature": ...})."""

    state_topic: str = setting(parse=get_topic)
    """Where the reports arrive (retained, typically: the last one is known at start)."""
    name: str | None = None
    """The place it is for ("London"), for "what's the weather in London"; None: the home's own."""
    aliases: tuple[str, ...] = ()
    condition_key: str = setting("condition")
    """The report's key for the condition ("cloudy", "rainy", "clear-night": Home Assistant's words)."""
    temperature_key: str = setting("temperature")
    """The report's key for the temperature."""
    unit: str = setting("°C")
    """The temperature's unit, as said in answers."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases) if self.name else ()


_KEYS = keys_of(WeatherSource)


def read_weather(top: Section) -> tuple[WeatherSource, ...]:
    """The weather sources: ``weather:`` a mapping (one) or a list of them; the first is the home's own."""
    node = top.node("weather")
    if node is None:
        return ()
    items = top.items("weather") if isinstance(node, ListNode) else [("weather", node)]
    names = Unique(top.issues, "weather name", ignore_case=True)
    sources = []
    for path, item in items:
        optional = (*_KEYS["optional"], "name", "aliases")
        section = open_section(top.issues, item, path, required=_KEYS["required"], optional=optional)
        if section is None:
            continue
        name, aliases = claim_names(section, names, path)
        source = read_settings(section, WeatherSource(state_topic=""), name=name, aliases=aliases)
        if source.state_topic:
            sources.append(source)
    return tuple(sources)
