"""Home-Assistant-style fixtures (areas, floors, entities) as an in-memory Config of generic MQTT devices.

Used to evaluate the recognizer on Home Assistant's intent tests. Entities become generic devices
whose actions publish JSON to ``homeassistant/<entity_id>/set``; entity ids become device ids
(``light.kitchen`` -> ``light_kitchen``), so entities that share a name stay distinct.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from assistantd.config.capabilities import Capabilities
from assistantd.config.dialects import ActionTemplate, Dialect, GenericDevice
from assistantd.config.domains import DOMAINS
from assistantd.config.home import Area, Device, Floor, Risk, Site
from assistantd.config.lists import ListsConfig, NamedList
from assistantd.config.settings import Config
from assistantd.config.weather import WeatherSource
from assistantd.errors import ConfigError, ConfigIssue

_LOGGER = logging.getLogger(__name__)

TOPIC_BASE = "homeassistant"
_SERVICES: dict[str, tuple[str, ...]] = {
    "light": ("turn_on", "turn_off", "toggle", "set_brightness", "set_color", "set_color_temp"),
    "switch": ("turn_on", "turn_off", "toggle"),
    "fan": ("turn_on", "turn_off", "toggle"),
    "cover": ("open", "close", "set_position"),
    "valve": ("open", "close", "set_position"),
    "lock": ("lock", "unlock"),
    "climate": ("turn_on", "turn_off", "set_temperature"),
    "media_player": ("turn_on", "turn_off", "toggle", "pause", "play", "next", "previous", "set_volume"),
    "scene": ("activate",),
    "script": ("turn_on",),
    "vacuum": ("start", "return_to_base", "stop"),
}
_SERVICE_FIELDS: dict[str, str] = {
    "set_brightness": ', "brightness": {brightness}',
    "set_color": ', "color": "{color_name}"',
    "set_color_temp": ', "color_temp_kelvin": {color_temp_kelvin}',
    "set_position": ', "position": {position}',
    "set_temperature": ', "temperature": {temperature}',
    "set_volume": ', "volume": {volume}',
}
_HIGH_RISK_CLASSES = frozenset({"garage", "garage_door", "door", "gate"})
_SLUG = re.compile(r"[^a-z0-9]+")


def load_fixtures(path: Path | str) -> dict[str, Any]:
    """The fixtures document in a YAML file; raises ConfigError when it cannot be read."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError([ConfigIssue(str(path), None, "", f"cannot read fixtures: {err}")]) from err
    if not isinstance(document, dict):
        raise ConfigError([ConfigIssue(str(path), None, "", "fixtures must be a mapping")])
    return document


def merge_fixtures(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Base fixtures plus extra areas, floors and entities (those named like existing ones are skipped)."""
    merged = {key: list(base.get(key) or ()) for key in ("areas", "floors", "entities")}
    for key in merged:
        known = {_identity(key, item) for item in merged[key]}
        for item in extra.get(key) or ():
            if _identity(key, item) not in known:
                merged[key].append(item)
                known.add(_identity(key, item))
    return merged


def _identity(key: str, item: Mapping[str, Any]) -> tuple[str, str]:
    """What makes a fixture item the same as another: its name, and for entities its domain."""
    name = str(item.get("name", "")).strip().casefold()
    return (_entity_domain(item) if key == "entities" else "", name)


def config_from_fixtures(
    fixtures: Mapping[str, Any], *, site_area: str | None = None, state_directory: Path | None = None
) -> Config:
    """A Config for the fixtures; site_area (area id or name) is where commands are heard, None: nowhere;
    state_directory is where its intent model is cached (None: the default state directory)."""
    floors = tuple(_floor(item) for item in fixtures.get("floors") or ())
    areas = tuple(_area(item) for item in fixtures.get("areas") or ())
    entities = fixtures.get("entities") or ()
    devices = tuple(_devices(entities, areas))
    site = Site(id="home", area=_area_id(site_area, areas) if site_area else "")
    weather, lists = _weather(entities), _lists(entities)
    config = Config(site=site, areas=areas, devices=devices, floors=floors, weather=weather, lists=lists)
    return config if state_directory is None else dataclasses.replace(config, state_directory=state_directory)


def _area_id(value: str, areas: Iterable[Area]) -> str:
    """An area's id from its id or (case-insensitive) name; the value itself when unknown."""
    for area in areas:
        if value in (area.id, area.name) or value.casefold() == area.name.casefold():
            return area.id
    return value


def _floor(item: Mapping[str, Any]) -> Floor:
    """A floor."""
    name, *aliases = expand_name(str(item["name"]))
    return Floor(
        id=str(item.get("id") or slug(name)), name=name, aliases=tuple(aliases), level=item.get("level")
    )


def _area(item: Mapping[str, Any]) -> Area:
    """An area."""
    name, *aliases = expand_name(str(item["name"]))
    floor = item.get("floor")
    return Area(
        id=str(item.get("id") or slug(name)), name=name, aliases=tuple(aliases), floor=floor and str(floor)
    )


def _entity_domain(item: Mapping[str, Any]) -> str:
    """An entity's domain, from its id ("light.kitchen") or a domain key."""
    entity_id = str(item.get("id") or "")
    return str(item.get("domain") or entity_id.partition(".")[0])


def _devices(entities: Iterable[Mapping[str, Any]], areas: tuple[Area, ...]) -> Iterable[Device]:
    """The entities of supported domains as generic devices with unique ids."""
    used: set[str] = set()
    for item in entities:
        domain = _entity_domain(item)
        if domain not in DOMAINS:
            _LOGGER.debug("skipping %s: domain %r is not supported", item.get("name"), domain)
            continue
        name, *aliases = expand_name(str(item["name"]))
        entity_id = str(item.get("id") or f"{domain}.{slug(name)}")
        device_id = base_id = slug(entity_id)
        for number in range(2, 1000):
            if device_id not in used:
                break
            device_id = f"{base_id}_{number}"
        used.add(device_id)
        attributes = item.get("attributes") or {}
        area = item.get("area")
        yield Device(
            id=device_id,
            name=name,
            domain=domain,
            area=_area_id(str(area), areas) if area else None,
            dialect=Dialect.GENERIC,
            mqtt=_generic(entity_id, domain),
            aliases=tuple(aliases),
            device_class=attributes.get("device_class"),
            capabilities=_capabilities(domain),
            risk=_risk(domain, attributes.get("device_class")),
            unit=attributes.get("unit_of_measurement"),
            search_topic=f"{TOPIC_BASE}/{entity_id}/search" if domain == "media_player" else None,
        )


def _weather(entities: Iterable[Mapping[str, Any]]) -> tuple[WeatherSource, ...]:
    """The weather entities as places whose weather is reported on their state topics."""
    sources = []
    for item in entities:
        if _entity_domain(item) == "weather":
            name, *aliases = expand_name(str(item["name"]))
            topic = f"{TOPIC_BASE}/{item.get('id') or 'weather.' + slug(name)}/state"
            sources.append(WeatherSource(state_topic=topic, name=name, aliases=tuple(aliases)))
    return tuple(sources)


def _lists(entities: Iterable[Mapping[str, Any]]) -> ListsConfig | None:
    """The to-do entities as named lists (with the shopping list), when there are any.

    A list's name is its plainest spelling ("Trader Joe[']s" is "Trader Joes"): what a speaker says, and
    what Home Assistant's tests expect."""
    named = []
    for item in entities:
        if _entity_domain(item) == "todo":
            *others, plain = expand_name(str(item["name"]))
            named.append(NamedList(plain, tuple(others)))
    return ListsConfig(topic=f"{TOPIC_BASE}/todo/add", named=tuple(named)) if named else None


def _generic(entity_id: str, domain: str) -> GenericDevice:
    """MQTT actions for an entity: one JSON message per service on its set topic."""
    topic = f"{TOPIC_BASE}/{entity_id}/set"
    actions = tuple(
        (service, ActionTemplate(topic, f'{{"service": "{service}"{_SERVICE_FIELDS.get(service, "")}}}'))
        for service in _SERVICES.get(domain, ())
    )
    return GenericDevice(actions=actions, state_topic=f"{TOPIC_BASE}/{entity_id}/state")


def _capabilities(domain: str) -> Capabilities:
    """What a device of the domain can do."""
    if domain == "light":
        return Capabilities(brightness=True, color=True, color_temp=True)
    if domain in ("cover", "valve"):
        return Capabilities(position=True)
    if domain == "media_player":
        return Capabilities(volume=True)
    if domain == "climate":
        return Capabilities(temperature_min=5.0, temperature_max=35.0)
    return Capabilities()


def _risk(domain: str, device_class: str | None) -> Risk:
    """Locks and doors need a confirmation."""
    if domain == "lock" or (domain == "cover" and device_class in _HIGH_RISK_CLASSES):
        return Risk.HIGH
    return Risk.NORMAL


def slug(text: str) -> str:
    """A lower-case identifier made of letters, digits and underscores."""
    return _SLUG.sub("_", text.casefold()).strip("_") or "item"


def expand_name(name: str) -> list[str]:
    """A fixture name written as a template ("Trader Joe[']s") as its spellings, the first being the name."""
    spellings = [text.strip() for text in _expand(name.strip())]
    unique = list(dict.fromkeys(spelling for spelling in spellings if spelling))
    return unique or [name.strip()]


def _expand(text: str) -> list[str]:
    """Every spelling of a text with (a|b) and [optional] parts, concatenated as written."""
    match = re.search(r"[\[(]", text)
    if match is None:
        return [text]
    start = match.start()
    end = _closing(text, start)
    if end < 0:
        return [text]
    inner = _split_top(text[start + 1 : end])
    options = [*inner, ""] if text[start] == "[" else inner
    heads = [text[:start] + option for option in options]
    tails = _expand(text[end + 1 :])
    return [
        spelling
        for head in heads
        for expanded in _expand(head)
        for spelling in (expanded + tail for tail in tails)
    ]


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at start, or -1."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] in "[(":
            depth += 1
        elif text[index] in "])":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _split_top(text: str) -> list[str]:
    """Alternatives separated by "|" outside brackets."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]
