"""Sentence groups (templates with the intent and fixed slots they mean) and the shared template rules."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.fusion.lists import SlotValue


@dataclass(frozen=True, slots=True)
class SentenceGroup:
    """Templates that mean one intent, and how their matches become slots."""

    intent: str
    templates: tuple[str, ...]
    slots: tuple[tuple[str, SlotValue], ...] = ()
    """Fixed slots every match carries (keys starting with "_" are hints for the resolver)."""
    domains: tuple[str, ...] = ()
    """Domains of the devices ``{name}`` may name; empty: every device."""
    name_domain: bool = False
    """Add the named device's domain as the domain slot."""
    context_area: bool = False
    """Without an area, floor or name in the words, the command means the area it was heard in."""
    all_name: bool = False
    """Add name "all" (Home Assistant's quantifier) unless the area came from where it was heard."""
    resolver: str = ""
    """Post-processing of the slots: "" (none), "state" (state questions) or "measure" (sensor values)."""
    priority: int = 0
    """Higher wins among matches that cover the same names."""
    confidence: float = 0.97
    """Confidence of an exact match."""
    fuzzy: bool = True
    """Whether names may match approximately (not for a bare name, which has no words around it)."""
    custom: bool = False
    """From the configuration's sentences (wins over built-ins)."""


RULES: dict[str, str] = {
    "the": "(the|my|our|your|this|that)",
    "all": (
        "(all [of] [the|my|our|your]|every [single]|each [and every]|each and every|both [the]"
        "|the|my|our|your)"
    ),
    "area": "[the|my|our|your] {area}",
    "floor": "[the|my|our|your] {floor}",
    "place": "[the|my|our|your] {place}",
    "in": "(in|on|at|inside|of|for|across|throughout|around|upstairs in|downstairs in)",
    "in_place": "[<in>] <place>",
    "here": "(here|in here|over here|(in|on) (this|the|my|our) (room|space|area|floor))",
    "everywhere": (
        "(everywhere|all over [the (house|home|place)]"
        "|(in|across|throughout|around|of) [the|my|our|this] [whole|entire] (house|home|apartment|flat|place)"
        "|(in|across|throughout|of) (every|each|all [the|my|our]) (room|rooms|area|areas))"
    ),
    "home_whole": (
        "((the|my|our) [whole|entire] (house|home|apartment|flat|place)"
        "|(all|every|each) [the] (room|rooms|area|areas) [<everywhere>]|everything|everywhere)"
    ),
    "lights": "(light|lights|lighting|lamp|lamps|bulb|bulbs|lite|lites)",
    "want": "(i want|i would like|i need|i wish|let us have)",
    "fans": "(fan|fans|ceiling fan|ceiling fans)",
    "switches": "(switch|switches|outlet|outlets|socket|sockets|plug|plugs)",
    "locks": "(lock|locks|door|doors|door lock|door locks)",
    "turn": "(turn|switch|power|bring|put|flip|shut)",
    "on": "(turn on|switch on|power on|power up|activate|enable|bring on|put on|start|light up)",
    "off": (
        "(turn off|switch off|power off|deactivate|disable|bring off|shut off|shut down|stop|kill"
        "|turn of|switch of)"
    ),
    "open": "(open|raise|lift|roll up|pull up|open up)",
    "close": "(close|shut|lower|roll down|pull down|close up)",
    "set": "(set|change|turn|put|make|switch|adjust|bring|move)",
    "pct": "{percent:brightness} [percent]",
    "bright_to": "(<pct>|{brightness_level})",
    "white": "({white:color_temp_kelvin} [white|light]|{kelvin:color_temp_kelvin} (kelvin|k|degrees kelvin))",
    "colour": "(color|colour)",
}
"""Fragments shared by the built-in templates (``<name>``); custom sentences may use them too."""
