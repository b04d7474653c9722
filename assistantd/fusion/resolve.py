"""Which devices the words of an intent name: by name, area, floor or the site's area, and the intent's domains."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd import intents
from assistantd.config.home import Area, Device, Floor
from assistantd.config.settings import Config
from assistantd.intents import Intent
from assistantd.rules.phrases import kind_word, kinds_word
from assistantd.rules.targets import ALL, Targets, intent_domains

_CLIMATE_INTENTS = frozenset({intents.CLIMATE_SET_TEMPERATURE, intents.CLIMATE_GET_TEMPERATURE})
_OUTSIDE_CLASSES = frozenset({"garage", "garage_door", "gate"})
_VACUUM_INTENTS = frozenset({intents.VACUUM_START, intents.VACUUM_RETURN})
_HOME_WIDE = frozenset({intents.GET_STATE, *_VACUUM_INTENTS})
"""Intents that, without a place, mean the whole home: questions, and robot vacuums (which roam)."""
"""Device classes of covers a home usually has one of, outside the rooms people speak in."""


@dataclass(frozen=True, slots=True)
class _Scope:
    """Where to look: an area, a floor, or the whole home (both None)."""

    area: Area | None = None
    floor: Floor | None = None
    implicit: bool = False
    """True when the area is the one the command was heard in (recognizers fill it in for "the
    lights", "in here", "how warm is it"), so the thermostat and garage fallbacks may look beyond it."""

    @property
    def place(self) -> str:
        """The scope in words."""
        if self.area is not None:
            return f"in the {self.area.name}"
        if self.floor is not None:
            return f"on the {self.floor.name}"
        return ""

    def holds(self, config: Config, device: Device) -> bool:
        """Whether a device lies within the scope."""
        if self.area is not None:
            return device.area == self.area.id
        if self.floor is not None:
            area = config.area(device.area) if device.area else None
            return area is not None and area.floor == self.floor.id
        return True


def resolve_targets(config: Config, intent: Intent, *, area_id: str) -> Targets:
    """The devices an intent means, heard at a site whose area is area_id."""
    domains = intent_domains(intent)
    if not domains:
        return Targets(())
    slots = intent.slots
    named = slots.name is not None and slots.name.casefold() != ALL
    scope, problem = _scope(config, intent, area_id, named=named)
    if problem is not None:
        return Targets((), problem)
    if named:
        return _by_name(config, intent, domains, scope, area_id)
    return _by_place(config, intent, domains, scope)


def _matches(names: tuple[str, ...], wanted: str) -> bool:
    """Case-insensitive equality with any of the names."""
    folded = wanted.strip().casefold()
    return any(name.casefold() == folded for name in names)


def _scope(config: Config, intent: Intent, area_id: str, *, named: bool) -> tuple[_Scope, str | None]:
    """Where the intent looks, or a problem when it names an unknown area or floor.

    Without an area or floor, commands act in the site's area ("turn on the lights" means here),
    while questions ("is any window open?"), names and "all" cover the whole home.
    """
    slots = intent.slots
    if slots.area:
        area = next((a for a in config.areas if _matches((a.id, a.name, *a.aliases), slots.area)), None)
        if area is None:
            return _Scope(), f"I don't know an area called {slots.area}"
        return _Scope(area=area, implicit=area.id == area_id), None
    if slots.floor:
        floor = next((f for f in config.floors if _matches((f.id, f.name, *f.aliases), slots.floor)), None)
        return _Scope(floor=floor), None if floor else f"I don't know a floor called {slots.floor}"
    if named or (slots.name or "").casefold() == ALL or intent.everywhere or intent.name in _HOME_WIDE:
        return _Scope(), None
    return _Scope(area=config.area(area_id), implicit=True), None


def _fits(device: Device, domains: tuple[str, ...], device_class: str | None) -> bool:
    """Whether a device is of one of the domains (and the asked device class)."""
    if device.domain not in domains:
        return False
    return device_class is None or (device.device_class or "").casefold() == device_class.casefold()


def _by_name(
    config: Config, intent: Intent, domains: tuple[str, ...], scope: _Scope, site_area: str
) -> Targets:
    """Devices called by their name or an alias, within the scope, of a fitting domain.

    When several devices share the name, those in the site's area win. A temperature question
    may name a sensor as well as a thermostat.
    """
    name = intent.slots.name or ""
    found = tuple(device for device in config.devices if _matches(device.names, name))
    if not found:
        return Targets((), f"I don't know a device called {name}")
    placed = tuple(device for device in found if scope.holds(config, device))
    if not placed:
        return Targets((), f"There is no {name} {scope.place}")
    if intent.name == intents.CLIMATE_GET_TEMPERATURE:
        domains = (*domains, "sensor")
    fitting = tuple(device for device in placed if _fits(device, domains, intent.slots.device_class))
    if not fitting:
        kind = f"is not a {kind_word(domains[0])}" if len(domains) == 1 else "can't do that"
        return Targets((), f"{placed[0].name} {kind}")
    chosen = tuple(device for device in fitting if device.area == site_area) or fitting
    area_id = chosen[0].area if len({device.area for device in chosen}) == 1 else None
    return Targets(chosen, area_id=area_id)


def _scope_area(scope: _Scope) -> str | None:
    """The id of the scope's area, if it is one."""
    return scope.area.id if scope.area is not None else None


def _by_place(config: Config, intent: Intent, domains: tuple[str, ...], scope: _Scope) -> Targets:
    """Every fitting device in the scope (with the climate fallbacks).

    "Clean the kitchen" sends the home's only robot vacuum wherever it is docked. A garage door or gate
    asked for in the room it was heard in ("close the garage") means the home's
    only one when that room has none.
    """
    device_class = intent.slots.device_class
    found = tuple(d for d in config.devices if _fits(d, domains, device_class) and scope.holds(config, d))
    if not found and intent.name in _CLIMATE_INTENTS:
        found = _climate_fallback(config, intent, scope)
    elif not found and intent.name in _VACUUM_INTENTS:
        found = tuple(d for d in config.devices if d.domain == "vacuum")[:1] if _one_vacuum(config) else ()
    elif not found and scope.implicit and device_class in _OUTSIDE_CLASSES:
        anywhere = tuple(d for d in config.devices if _fits(d, domains, device_class))
        if len(anywhere) == 1:
            return Targets(anywhere, area_id=anywhere[0].area)
    if not found:
        return Targets((), _nothing_there(domains, device_class, scope.place), area_id=_scope_area(scope))
    return Targets(found, place=scope.place, area_id=_scope_area(scope))


def _one_vacuum(config: Config) -> bool:
    """Whether the home has exactly one robot vacuum (which cleans wherever it is sent)."""
    return sum(device.domain == "vacuum" for device in config.devices) == 1


def _climate_fallback(config: Config, intent: Intent, scope: _Scope) -> tuple[Device, ...]:
    """A temperature sensor in the scope (when asked for a temperature), else the home's only thermostat."""
    if intent.name == intents.CLIMATE_GET_TEMPERATURE:
        sensors = tuple(
            device
            for device in config.devices
            if _fits(device, ("sensor",), "temperature") and scope.holds(config, device)
        )
        if sensors:
            return sensors[:1]
    if not scope.implicit:
        return ()
    thermostats = tuple(device for device in config.devices if device.domain == "climate")
    return thermostats if len(thermostats) == 1 else ()


def _nothing_there(domains: tuple[str, ...], device_class: str | None, place: str) -> str:
    """The problem sentence for an empty place."""
    where = f" {place}" if place else ""
    return f"There are no {kinds_word(domains, device_class)}{where}"
