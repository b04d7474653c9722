"""A one-screen summary of a configuration (what check-config prints)."""

from __future__ import annotations

from collections import Counter

from assistantd.config.home import Device, Risk
from assistantd.config.settings import Config


def summarize(config: Config) -> str:
    """Site, broker, floors, devices per area by domain, high-risk devices, the weather, lists and media
    searches, sentences and rules."""
    lines = [
        *_header(config),
        *_floors(config),
        f"Devices: {len(config.devices)} in {len(config.areas)} areas",
        *_areas(config),
        _risky(config),
        _dialects(config),
        _local(config),
        f"Custom sentences: {len(config.sentences)} "
        f"({sum(len(s.templates) for s in config.sentences)} templates); rules: {len(config.rules)}",
    ]
    return "\n".join(lines)


def _header(config: Config) -> list[str]:
    """Where the config came from, the site and the broker."""
    area = config.area(config.site.area)
    area_name = area.name if area is not None else config.site.area
    mqtt = config.mqtt
    user = f", user {mqtt.username}" if mqtt.username else ""
    lines = [f"Configuration: {config.source}"] if config.source is not None else []
    lines += [
        f"Site: {config.site.id} in {area_name} ({config.site.area})",
        f"Broker: {mqtt.host}:{mqtt.port}, TLS {'yes' if mqtt.tls is not None else 'no'}{user}, "
        f"base topic {mqtt.base_topic}, client id {mqtt.client_id}",
        f"State directory: {config.state_directory}",
    ]
    if config.satellites:
        rooms = ", ".join(f"{s.id} ({_area_name(config, s.area)})" for s in config.satellites)
        served = "this coordinator and workers" if config.recognition.serve else "workers only"
        lines.append(f"Satellites: {rooms}; speech to text by {served} (group {config.recognition.group})")
    return lines


def _area_name(config: Config, area_id: str) -> str:
    area = config.area(area_id)
    return area.name if area is not None else area_id


def _floors(config: Config) -> list[str]:
    """One line listing the floors and how many areas each has."""
    if not config.floors:
        return []
    per_floor = Counter(area.floor for area in config.areas)
    parts = [f"{floor.name} ({per_floor[floor.id]} areas)" for floor in config.floors]
    return ["Floors: " + ", ".join(parts)]


def _areas(config: Config) -> list[str]:
    """One line per area: its devices counted by domain."""
    lines = []
    for area_id, name in [*((a.id, a.name) for a in config.areas), (None, "(no area)")]:
        devices = [device for device in config.devices if device.area == area_id]
        if devices or area_id is not None:
            lines.append(f"  {name}: {_by_domain(devices)}")
    return lines


def _by_domain(devices: list[Device]) -> str:
    """Counts such as "2 light, 1 switch" (or "no devices")."""
    counts = Counter(device.domain for device in devices)
    return ", ".join(f"{count} {domain}" for domain, count in sorted(counts.items())) or "no devices"


def _risky(config: Config) -> str:
    """The devices that need a confirmation."""
    risky = [f"{d.name} ({d.domain})" for d in config.devices if d.risk is Risk.HIGH]
    return "High-risk devices (confirmed before use): " + (", ".join(risky) or "none")


def _local(config: Config) -> str:
    """The weather places, the lists and the media players that take searches ("none" where absent)."""
    places = [source.name or "home" for source in config.weather]
    lists = [config.lists.shopping_list, *(item.name for item in config.lists.named)] if config.lists else []
    players = [device.name for device in config.devices if device.search_topic is not None]
    return (
        f"Weather: {', '.join(places) or 'none'}; lists: {', '.join(lists) or 'none'}; "
        f"media search: {', '.join(players) or 'none'}"
    )


def _dialects(config: Config) -> str:
    """How many devices speak each MQTT dialect."""
    counts = Counter(device.dialect.value for device in config.devices)
    parts = ", ".join(f"{dialect} {count}" for dialect, count in sorted(counts.items()))
    return f"MQTT dialects: {len(counts)} ({parts or 'none'})"
