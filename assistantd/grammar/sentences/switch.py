"""Built-in templates for turning things on and off: names, kinds by place, covers, locks, scenes."""

from __future__ import annotations

import dataclasses

from assistantd import intents
from assistantd.config.domains import ACTUATED_DOMAINS
from assistantd.grammar.learners import LEARNED
from assistantd.grammar.lists import SlotValue
from assistantd.grammar.sentences.groups import SentenceGroup

_SWITCHED = tuple(sorted(ACTUATED_DOMAINS - {"scene", "script"}))
_SUFFIX = "[<lights>|<fans>|<switches>]"
_TO_BE = "(switching|turning|to be switched|to be turned|turned|switched|put)"
"""How a device one wants or needs on or off may be said to get there ("needs switching off")."""
_OPENED = ("light", "switch", "fan", "media_player")
"""Domains that are switched, not opened: "open the lamp" is a learner's "turn on"."""


_TURN_GET = "(<turn>|get)"
"""Verbs of "turn the kitchen lights on", and "get the lights on" (never "get it on": an idiom)."""


def _kind_groups(
    intent: str, verb: str, word: str, noun: str, domain: str, all_name: bool
) -> list[SentenceGroup]:
    """Lights, fans or switches in a named place, in the place it was heard, and everywhere (``everywhere``:
    the whole home; without it an intent with no area means the site's area). ``all_name`` adds name "all"
    as Home Assistant's tests write it for fans, and only for them ("all the fans" is the room's fans;
    "every light" the home's, see _every)."""
    slots = (("domain", domain),)
    place_target = f"[<all>] (<place> {noun}|{noun} <in_place>)"
    placed = word.replace("|of)", ")")  # "the light of garage" is a learner's "in", never "off"
    here_target = f"[<all>] [room] {noun} [<here>]" if all_name else f"[<these>] [room] {noun} [<here>]"
    house_target = f"[<all>] [house|home] {noun} <everywhere>"
    every_shapes, every_groups = _every(intent, verb, word, noun, slots)
    return [
        SentenceGroup(
            intent,
            (
                f"{verb} {place_target}",
                f"{_TURN_GET} {place_target} {word}",
                f"<turn> [<all>] {noun} {placed} <in_place>",
                f"{place_target} {word}",
                f"[<all>] {noun} {placed} <in_place>",
                f"<want> [<all>] {noun} {placed} <in_place>",
                f"<in_place> {verb} [<all>] {noun}",
                f"everything <in_place> [<all>] {noun} {word}",
            ),
            slots,
            all_name=all_name,
        ),
        SentenceGroup(
            intent,
            (
                f"{verb} {here_target}",
                f"{_TURN_GET} {here_target} {word} [<here>]",
                f"{here_target} {word} [<here>]",
                f"<want> {here_target} {word} [<here>]",
                f"make sure {here_target} (is|are) {word} [<here>]",
                *(() if all_name else every_shapes),
            ),
            slots,
            context_area=True,
            all_name=all_name,
        ),
        *(() if all_name else every_groups),
        SentenceGroup(
            intent,
            (
                f"{verb} {house_target}",
                f"<turn> {house_target} {word}",
                f"<turn> [<all>] [house|home] {noun} {word} <everywhere>",
                f"{house_target} {word}",
                f"[<all>] [house|home] {noun} {word} <everywhere>",
                f"make sure {house_target} (is|are) {word}",
            ),
            slots,
            all_name=all_name,
            everywhere=True,
        ),
    ]


def _every(
    intent: str, verb: str, word: str, noun: str, slots: tuple[tuple[str, SlotValue], ...]
) -> tuple[tuple[str, ...], list[SentenceGroup]]:
    """ "Every light" in here (templates for the group of the room heard in), and with no place (a group of
    the whole home)."""
    every_here = f"<every> [room] {noun} <here>"
    every = f"<every> {noun}"
    shapes = (
        f"{verb} {every_here}",
        f"<turn> ({every_here} {word}|<every> [room] {noun} {word} <here>)",
        f"({every_here} {word}|<every> [room] {noun} {word} <here>)",
        f"<want> <every> [room] {noun} {word} <here>",
    )
    everywhere = SentenceGroup(
        intent,
        (
            f"{verb} {every}",
            f"<turn> {every} {word}",
            f"{every} {word}",
            f"<want> {every} {word}",
            f"make sure {every} (is|are) {word}",
        ),
        slots,
        everywhere=True,
    )
    return shapes, [everywhere]


def _switch_groups(intent: str, verb: str, word: str) -> list[SentenceGroup]:
    """Turning named devices, and lights/fans/switches by place, on or off."""
    groups = [
        SentenceGroup(
            intent,
            (
                f"{verb} [<the>] {{name}} {_SUFFIX} [<in_place>]",
                f"{_TURN_GET} [<the>] {{name}} {_SUFFIX} {word} [<in_place>]",
                f"[actually|now] <turn> [<the>] {{name}} {_SUFFIX} (back {word}|{word} again) [<in_place>]",
                f"[<the>] {{name}} {_SUFFIX} {word} [<in_place>]",
                f"<in_place> {verb} [<the>] {{name}} {_SUFFIX}",
                f"<want> [<the>] {{name}} {_SUFFIX} {word} [<in_place>]",
                f"make [<the>] {{name}} {_SUFFIX} [to] be {word} [<in_place>]",
                f"[<the>] {{name}} {_SUFFIX} [<in_place>] needs {_TO_BE} {word}",
                f"<want> [<the>] {{name}} {_SUFFIX} [<in_place>] (to (come|go|be)|{_TO_BE}) {word}",
            ),
            domains=_SWITCHED,
        ),
        *_kind_groups(intent, verb, word, "<lights>", "light", all_name=False),
        *_kind_groups(intent, verb, word, "<fans>", "fan", all_name=True),
        *_kind_groups(intent, verb, word, "<switches>", "switch", all_name=False),
    ]
    return groups


_LIGHT_UP = (
    SentenceGroup(
        intents.TURN_ON, ("(light up|illuminate) <place>", "light <place> up"), (("domain", "light"),)
    ),
    SentenceGroup(
        intents.TURN_ON,
        (
            "light (up|it up) [<here>]",
            "(can|could|may) (we|i) (get|have) [some] (light|lights) [on] [<here>]",
            "light (this|the) (room|space|place) up",
            "light up (this|the) (room|space|place)",
            "[it is] [way|much|far] (too|so|really|very|rather|quite|a bit|pretty) dark <here> [to (read|see)]",
        ),
        (("domain", "light"),),
        context_area=True,
    ),
    SentenceGroup(
        intents.TURN_ON, ("(light up|illuminate) <home_whole>",), (("domain", "light"),), everywhere=True
    ),
    SentenceGroup(
        intents.TURN_OFF,
        (
            "<place> <lights> out",
            "[<turn>] [<all>] <lights> out <in_place>",
            "<turn> out [<all>] <lights> <in_place>",
        ),
        (("domain", "light"),),
    ),
    SentenceGroup(
        intents.TURN_OFF, ("[<all>] <lights> out [<here>]",), (("domain", "light"),), context_area=True
    ),
)

_COVER_TARGETS = (
    "[<all>] (<place> {cover_kind}|{cover_kind} <in_place>)",
    "[<all>] {cover_kind} [<here>]",
    "[<all>] [house|home] {cover_kind} <everywhere>",
)


_GET = "(get|pull|push|have|roll|pop|draw)"
"""Verbs of "get the blinds open", "pull the curtain closed"."""


def _cover_groups(intent: str, verb: str, state: str, way: str) -> list[SentenceGroup]:
    """Opening or closing covers by name, by kind in a place, and by kind where heard; valves by name.

    ``state`` is the word of the state reached ("get the garage door open", "pull the curtains shut"), ``way``
    the way it moves with no verb ("blinds down please").
    """

    def shapes(target: str, here: str = "") -> tuple[str, ...]:
        return (
            f"{verb} {target} [behind me|again|back up]",
            f"{_GET} {target} {state}{here}",  # "pull the blind down in here"
            f"{_GET} {state} {target}",
            f"{target} [all the way] {way}{here} [please]",
        )

    return [
        SentenceGroup(intent, shapes("[<the>] {name} [<in_place>]"), domains=("cover",), priority=1),
        SentenceGroup(intent, shapes("[<the>] {name}"), domains=("valve",), name_domain=True, priority=1),
        SentenceGroup(intent, shapes(_COVER_TARGETS[0])),
        SentenceGroup(intent, shapes(_COVER_TARGETS[1], " [<here>]"), context_area=True),
        SentenceGroup(intent, shapes(_COVER_TARGETS[2]), all_name=True, everywhere=True),
    ]


def _bare_cover_groups(intent: str, way: str) -> list[SentenceGroup]:
    """ "main valve open", "curtains close": a cover or valve and the way it should go, with no verb; read
    alone, not among other clauses (a dashboard read aloud says "main valve open" too)."""
    shape = f"{{target}} {way} [please]"
    return [
        SentenceGroup(intent, (shape.format(target="[<the>] {name} [<in_place>]"),), domains=("cover",),
                      priority=1, confidence=0.9, fuzzy=False),
        SentenceGroup(intent, (shape.format(target="[<the>] {name}"),), domains=("valve",), name_domain=True,
                      priority=1, confidence=0.9, fuzzy=False),
        SentenceGroup(intent, (shape.format(target=_COVER_TARGETS[0]),), confidence=0.9, fuzzy=False),
        SentenceGroup(intent, (shape.format(target=_COVER_TARGETS[1]),
                               f"[<all>] {{cover_kind}} {way} <here> [please]"),  # "curtains open in here"
                      context_area=True, confidence=0.9, fuzzy=False),
    ]  # fmt: skip


def _lock_groups(intent: str, verb: str, all_name: bool) -> list[SentenceGroup]:
    """Locking or unlocking by name, in a place, or every lock of the home ("lock the doors"); "make sure the
    front door is locked"."""
    slots = (("domain", "lock"),)
    named = (
        f"{verb} {'[up] ' if verb == 'lock' else ''}[<the>] {{name}} [<in_place>] [behind me|after me]",
        f"make sure [<the>] {{name}} [is] {verb}ed",
        f"(can|could) [<the>] {{name}} be {verb}ed [now]",
    )
    return [
        SentenceGroup(intent, named, domains=("lock",), priority=1),
        SentenceGroup(
            intent, (f"{verb} [<all>] (<place> <locks>|<locks> <in_place>)",), slots, all_name=all_name
        ),
        SentenceGroup(intent, (f"{verb} [<all>] <locks> [<everywhere>]",), slots, all_name=True),
    ]


_SCENE_VERB = (
    "(activate|turn on|start|enable|run|set|apply|switch to|change to|transition to|go to|set the scene to"
    "|kick off|fire up|put on)"
)
_SCRIPT_VERB = "(run|start|execute|launch|activate|trigger|turn on|call|enable|fire|fire up|kick off)"

_SCENES = (
    SentenceGroup(
        intents.TURN_ON,
        (
            f"{_SCENE_VERB} [<the>] [<area>] {{name}} [scene|mode] [<in_place>]",
            "scene [<the>] {name} [on|activate|start|now]",
            "<turn> [<the>] [<area>] {name} [scene] on [<in_place>]",
            "[<area>] {name} [scene] (on|activate|start) [<in_place>]",
            "(change|switch|set) <area> to [<the>] {name} [scene]",
            "let us (do|have|go with|try) [<the>] {name} [scene|mode] [<in_place>]",
            "(do|time for) [<the>] {name} [scene|mode|routine|thing|stuff] [please|now]",
            "[<the>] {name} [scene|mode|routine] (please|now|go|time)",
        ),
        domains=("scene",),
        name_domain=True,
        priority=1,
    ),
    SentenceGroup(
        intents.TURN_ON,
        (
            f"{_SCRIPT_VERB} [<the>] {{name}} [script]",
            f"script [<the>] {{name}} [{_SCRIPT_VERB}|now]",
            "turn [<the>] {name} [script] on",
            "{name} [script] on",
            "(do|time for) [<the>] {name} [script|routine|thing|stuff] [please|now]",
            "[<the>] {name} [script|routine|mode] (please|now|go|time)",
        ),
        domains=("script",),
        name_domain=True,
        priority=1,
    ),
)

_TOGGLE = (
    SentenceGroup(intents.TOGGLE, ("(toggle|flip) [<the>] {name} [<in_place>]",), domains=_SWITCHED),
    SentenceGroup(
        intents.TOGGLE, ("toggle [<all>] (<place> <lights>|<lights> <in_place>)",), (("domain", "light"),)
    ),
    SentenceGroup(
        intents.TOGGLE, ("toggle [<all>] <lights> [<here>]",), (("domain", "light"),), context_area=True
    ),
)

_BARE_NAMES = (
    SentenceGroup(intents.TURN_ON, ("{name}",), domains=_SWITCHED, priority=-1, confidence=0.75, fuzzy=False),
    SentenceGroup(
        intents.TURN_ON,
        ("{name}",),
        domains=("scene", "script"),
        name_domain=True,
        priority=-1,
        confidence=0.75,
        fuzzy=False,
    ),
)

_THAT = "(that|this|it|them|those|these) [one|thing|device|lamp|light|bulb|fan|plug|socket|switch|heater]"
_AGAIN = "[again|now|then|please]"
_FULLY = "[completely|fully|all the way]"
_DEICTIC = (
    SentenceGroup(
        intents.TURN_ON,
        (
            f"[please] <on> {_THAT} [please]",
            f"[please] <turn> {_THAT} on [please]",
            f"{_THAT} on [please]",
            f"[actually|now|ok|no|nah|nope] [please] <turn> {_THAT} (back on|on again) [please]",
            f"on with {_THAT} [please]",
            f"make {_THAT} [to] be on [please]",
            f"{_THAT} needs {_TO_BE} on",
        ),
    ),
    SentenceGroup(
        intents.TURN_OFF,
        (
            f"[please] <off> {_THAT} [please]",
            f"[please] <turn> {_THAT} (off|of) [please]",
            f"{_THAT} (off|of) [please]",
            f"[actually|now|ok|no|nah|nope] [please] <turn> {_THAT} (back off|off again) [please]",
            f"off with {_THAT} [please]",
            f"make {_THAT} [to] be off [please]",
            f"{_THAT} needs {_TO_BE} off",
        ),
    ),
)
"""Switching the device meant by "that" (pointed at) or "it" (the last one): no name, no place; the
daemon finds the device from the camera and the dialogue, or asks."""

_GOING = (
    SentenceGroup(
        intents.TURN_ON,
        (f"(get|set) [<the>] {{name}} {_SUFFIX} (going|spinning|running|started) [<in_place>]",),
        domains=tuple(domain for domain in _SWITCHED if domain != "vacuum"),  # a vacuum is started to clean
        fuzzy=False,
    ),
)
"""Starting a device in other words: "get the ceiling fan spinning"."""

POINTED = 0.9
"""Grammar confidence of opening or closing what "it" or "that" is (below)."""
_DEICTIC_MOVES = (
    SentenceGroup(intents.TURN_ON, (f"<open> {_THAT} [back] [up] {_AGAIN}",), confidence=POINTED),
    SentenceGroup(intents.TURN_OFF, (f"(<close>|draw) {_THAT} {_FULLY} {_AGAIN}",), confidence=POINTED),
    SentenceGroup(intents.TURN_ON, (f"lock {_THAT} {_AGAIN}",), (("domain", "lock"),), confidence=0.9),
    SentenceGroup(intents.TURN_OFF, (f"unlock {_THAT} {_AGAIN}",), (("domain", "lock"),), confidence=0.9),
)
_LEARNERS = (
    SentenceGroup(
        intents.TURN_ON, ("(open|put) [<the>] {name} [<in_place>]",), domains=_OPENED, confidence=LEARNED
    ),
    SentenceGroup(
        intents.TURN_OFF, ("close [<the>] {name} [<in_place>]",), domains=_OPENED, confidence=LEARNED
    ),
    *(
        dataclasses.replace(group, confidence=LEARNED)
        for intent, verb in ((intents.TURN_ON, "(open|put)"), (intents.TURN_OFF, "close"))
        for noun, domain in (("<lights>", "light"), ("<fans>", "fan"))
        for group in _kind_groups(intent, verb, verb, noun, domain, all_name=domain == "fan")
    ),
)
"""A light, a fan or the TV "opened" or "closed", or "put" for on, as learners of English often say (from
languages that open and close lights, or put them): understood, never certain, so it is asked about."""
"""Locking, opening or closing what "it" or "that" is ("ok lock it then", "close them completely"): never a
clause taken alone among others ("open it, it's your present" is no command), so not quite certain."""

SWITCH_GROUPS: tuple[SentenceGroup, ...] = (
    *_switch_groups(intents.TURN_ON, "<on>", "on"),
    *_switch_groups(intents.TURN_OFF, "<off>", "(off|of)"),
    *_LIGHT_UP,
    *_cover_groups(intents.TURN_ON, "<open>", "(open|up)", "up"),
    *_cover_groups(intents.TURN_OFF, "(<close>|draw)", "(closed|shut|to|down|across)", "down"),
    *_bare_cover_groups(intents.TURN_ON, "open"),
    *_bare_cover_groups(intents.TURN_OFF, "(close|closed|shut)"),
    *_lock_groups(intents.TURN_ON, "lock", all_name=False),
    *_lock_groups(intents.TURN_OFF, "unlock", all_name=True),
    *_SCENES,
    *_TOGGLE,
    *_BARE_NAMES,
    *_DEICTIC,
    *_DEICTIC_MOVES,
    *_LEARNERS,
    *_GOING,
)
"""HassTurnOn, HassTurnOff (also open/close and lock/unlock, as Home Assistant does) and HassToggle."""
