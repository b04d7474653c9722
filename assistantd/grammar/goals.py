"""Requests said as the state wanted, or as the opposite ruled out: "I don't want the garage light on all
night", "can we not have the curtains open", "the side door shouldn't be unlocked", "no more music", "no
lights on the first floor", "make sure the back door is locked", put as the plain command they mean; and
questions asked the other way round ("nobody left the garage light on, did they?")."""

from __future__ import annotations

import re

_STATES: dict[str, str] = {
    **dict.fromkeys(("on", "running", "burning", "going", "blaring", "lit"), "on"),
    "off": "off",
    **dict.fromkeys(("open", "opened"), "open"),
    **dict.fromkeys(("closed", "shut", "drawn"), "closed"),
    **dict.fromkeys(("locked", "bolted"), "locked"),
    "unlocked": "unlocked",
    "playing": "playing",
    **dict.fromkeys(("paused", "stopped"), "paused"),
    "bright": "bright",
}
"""Words of a state, and the state they say."""
_OPPOSITE = {"on": "off", "off": "on", "open": "closed", "closed": "open", "locked": "unlocked",
             "unlocked": "locked", "playing": "paused", "paused": "playing", "bright": "dim"}  # fmt: skip
_COMMAND = {"on": "turn on", "off": "turn off", "open": "open", "closed": "close", "locked": "lock",
            "unlocked": "unlock", "playing": "resume", "paused": "pause", "bright": "brighten",
            "dim": "dim"}  # fmt: skip
"""The command that leaves a device in a state."""
_STATE = rf"(?:so |that |this |too |as )?(?P<state>{'|'.join(sorted(_STATES, key=len, reverse=True))})"
_THING = r"(?:the |my |our )?(?P<thing>.+?)"
_LEAD = r"^(?:(?:honestly|actually|well|right|ok|okay|look|seriously|oh|ugh|so|and|but|to be honest) )*"
"""Words that may come before a state wanted or ruled out."""
_LEFT = r"(?:(?:to be|being|be|left|sitting|staying|kept|stay|sit) )*(?:left )?"
_REST = r"(?P<rest>(?: (?:in|on|upstairs|downstairs)(?: .+)?)?)(?: .*)?"
"""What follows the state: a place kept ("... on in the whole house"), anything else dropped ("all night",
"at this hour")."""

_RULED_OUT = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_LEAD}i (?:do not|dont|really do not) want {_THING} {_LEFT}{_STATE}{_REST}$",
        rf"{_LEAD}(?:can|could) we not have {_THING} {_LEFT}{_STATE}{_REST}$",
        rf"{_LEAD}i would (?:rather|prefer) (?:it if )?{_THING} (?:(?:was|were|is|be|stayed|stays) not"
        rf"|wasnt|werent|isnt) {_LEFT}{_STATE}{_REST}$",
        rf"^{_THING} (?:should not|shouldnt|must not|mustnt|does not need to|doesnt need to|do not need to"
        rf"|dont need to|need not) (?:be |stay |sit )?{_LEFT}{_STATE}{_REST}$",
        rf"{_LEAD}(?:do not|dont|never) (?:leave|let|keep) {_THING} {_LEFT}{_STATE}{_REST}$",
    )
)
"""A state ruled out: the command is the opposite state's."""
_IN_THE_DARK = re.compile(r"^(?:do not|dont|never) (?:leave|keep) (?:me |us )?(?P<place>.+?) in the dark$")
"""A place not to be left in the dark: its lights on."""
_WANTED = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_LEAD}(?:make sure|ensure|make certain) (?:that )?{_THING} (?:is|are|gets?) (?:all )?{_STATE}"
        rf"{_REST}$",
        rf"{_LEAD}i would (?:rather|prefer) (?:it if )?{_THING} (?:was|were|stayed) {_STATE}{_REST}$",
    )
)
"""A state wanted: its own command."""
_NO_MORE = re.compile(
    rf"{_LEAD}(?P<how>no more|enough (?:of|with)|(?:i am|im) (?:done|finished) with|i (?:do not|dont) need)"
    rf" {_THING}"
    r"(?: (?:on|any ?more|after all|for (?:now|today|tonight|one day)|thanks|thank you|please))*$"
)
"""Something not wanted any more: switched off (music paused); "I don't need it" alone is no command (it is
said of timers, help, anything)."""
_NO_KIND = re.compile(
    r"^no (?P<thing>(?:\w+ )?(?:lights?|lamps?|fans?))(?: on)?(?P<rest>(?: (?:in|on|at|upstairs|downstairs)"
    r"(?: .+?)?)?)(?: please)?$"
)
"""Lights or fans said with "no" before them ("no lights on the first floor, please")."""
_MUSIC = re.compile(r"\b(?:music|song|songs|tunes|radio|playlist|podcast)\b")
_ASKED_BACK = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^(?:i hope )?(?:nobody|nobodys|no one|noone) (?:has )?(?:left|kept) {_THING} {_STATE}"
        r"(?: (?:did|have|has) (?:they|he|she))?$",
        rf"^{_THING} (?P<be>is|are) not (?:still )?{_STATE}(?: (?:is it|are they))?$",
        rf"^{_THING} (?P<isnt>isnt|arent) (?:still )?{_STATE}(?: (?:is it|are they))?$",
    )
)
"""A question asked the other way round: whether the thing is in the state named."""


def wanted(words: str, text: str) -> str | None:
    """The plain command (or question) the normalised words mean; None when they are not said as a state
    wanted or ruled out. ``text`` is as said: "no, lights on" (a correction) is not "no
    lights on"."""
    for pattern in _RULED_OUT:
        if (found := pattern.match(words)) is not None:
            return _commands(found, _OPPOSITE[_STATES[found.group("state")]])
    if (found := _IN_THE_DARK.match(words)) is not None:
        return f"turn on the lights in {found.group('place')}"
    for pattern in _WANTED:
        if (found := pattern.match(words)) is not None:
            return _commands(found, _STATES[found.group("state")])
    if (found := _NO_MORE.match(words)) is not None:
        needed = found.group("how").endswith("need") and found.group("thing") in _PRONOUNS
        needed = needed and not re.search(r"\bany ?more\b", words)  # "kill the timer i dont need it"
        return None if needed else _commands(found, "off")
    if (found := _NO_KIND.match(words)) is not None and re.match(r"\W*no\s+\w", text.casefold()):
        return _commands(found, "off")
    for pattern in _ASKED_BACK:
        if (found := pattern.match(words)) is not None:
            be = "are" if re.search(r"\b(?:are|arent)\b", words) else "is"
            return f"{be} {_bare(found.group('thing'))} {found.group('state')}"
    return None


def _commands(found: re.Match[str], state: str) -> str:
    """The command for the state, with the place said after it (never without it: another place)."""
    thing = _bare(found.group("thing"))
    verb = _COMMAND[state]
    if (thing in _PRONOUNS or _DEICTIC.match(thing)) and verb.startswith("turn "):
        return f"turn {thing} {verb[5:]}"  # "turn it off", "turn that one off"
    if state in ("off", "on") and _MUSIC.search(thing):
        verb = _COMMAND["paused" if state == "off" else "playing"]
    return f"{verb} {thing}{found.groupdict().get('rest') or ''}"


_ANY = re.compile(r"^(?:the |a single |a |any |one |all (?:the |of the )?|every |my |our )+")
_PRONOUNS = frozenset("it them that this those these".split())
_DEICTIC = re.compile(r"(?:that|this|those|these) ")


def _bare(thing: str) -> str:
    """The thing with "the" ("a single light", "any lights": all the lights)."""
    if thing in _PRONOUNS or _DEICTIC.match(thing):
        return thing
    bare = _ANY.sub("", thing)
    if bare != thing and re.match(r"^(?:a single|any|one|every|all) ", thing):
        return f"all the {bare}s" if bare in ("light", "lamp", "fan") else f"all the {bare}"
    return f"the {bare}"
