"""Template fragments (``<name>``) shared by the built-in sentences and the configuration's own."""

from __future__ import annotations

RULES: dict[str, str] = {
    "the": "(the|my|our|your|this|that)",
    "all": (
        "(all [of] [the|my|our|your]|every [single]|each [and every]|each and every|both [the]"
        "|the|my|our|your)"
    ),
    "every": "(all [of] [the|my|our|your]|every [single]|each [and every]|each and every)",
    "these": "(both [the]|the|these|my|our|your)",
    "area": "[the|my|our|your] {area}",
    "floor": "[the|my|our|your] {floor}",
    "place": "[the|my|our|your] {place}",
    "in": "(in|on|at|inside|of|for|across|throughout|around|upstairs in|downstairs in)",
    "in_place": "[<in>] <place>",
    "here": (
        "(here|in here|over here|up here|down here|out here"
        "|(in|on) (this|the|my|our) (room|space|area|floor))"
    ),
    "everywhere": (
        "(everywhere|anywhere [in the (house|home|place)]|all over [the (house|home|place)]"
        "|(in|across|throughout|around|of) [the|my|our|this] [whole|entire] (house|home|apartment|flat|place)"
        "|(in|across|throughout|of) (every|each|all [the|my|our]) (room|rooms|area|areas))"
    ),
    "home_whole": (
        "((the|my|our) [whole|entire] (house|home|apartment|flat|place)"
        "|(all|every|each) [the] (room|rooms|area|areas) [<everywhere>]|everything|everywhere)"
    ),
    "lights": "(light|lights|lighting|lamp|lamps|bulb|bulbs|lite|lites)",
    "want": "(i want|i would like|i should like|i would love|i need|i wish|let us have)",
    "fans": "(fan|fans|ceiling fan|ceiling fans)",
    "switches": "(switch|switches|outlet|outlets|socket|sockets|plug|plugs)",
    "locks": "(lock|locks|door|doors|door lock|door locks)",
    "turn": "(turn|switch|power|bring|put|flip|shut|pop|stick)",
    "on": (
        "(turn on|switch on|power on|power up|activate|enable|bring on|put on|flip on|start|light up|pop on"
        "|stick on|fire up)"
    ),
    "off": (
        "(turn off|switch off|power off|deactivate|disable|bring off|shut off|flip off|shut down|stop|kill"
        "|turn of|switch of|douse|knock off)"
    ),
    "open": "(open|raise|lift|roll up|pull up|open up|pull back|draw back)",
    "close": "(close|shut|lower|roll down|pull down|close up)",
    "set": "(set|change|turn|put|make|switch|adjust|bring|move|take|bump|crank)",
    "pct": "{percent:brightness} [percent]",
    "bright_to": "(<pct>|{brightness_level})",
    "white": "({white:color_temp_kelvin} [white|light]|{kelvin:color_temp_kelvin} (kelvin|k|degrees kelvin))",
    "colour": "(color|colour)",
}
"""Fragments shared by the built-in templates (``<name>``); custom sentences may use them too."""
