"""Built-in templates that set a value: light brightness and color, temperature, cover position, volume."""

from __future__ import annotations

from typing import NamedTuple

from assistantd import intents
from assistantd.grammar.sentences.groups import SentenceGroup
from assistantd.grammar.sentences.volume import VOLUME_GROUPS

_VALUE = "(<bright_to> [brightness]|{color} [<colour>]|<white>)"
_BRIGHTNESS_WORD = "(brightness|light level|dimmer|dim level)"
_PERCENT = "({percent:brightness} percent [bright|brightness]|{brightness_level} [bright|brightness])"
"""A level said after "make": in percent ("make the lamp 80 percent"), never a bare number."""


def _light_templates(target: str, tail: str = "", *, bare: str = "[to|at|up to|down to]") -> tuple[str, ...]:
    made = () if target == _THAT else (
        f"(make|get) {target} [{_BRIGHTNESS_WORD}] {_PERCENT}{tail}",
        f"{target} on [at|to] {_SAID_VALUE} [brightness]{tail}",  # "kitchen lights on full brightness"
    )
    """Brightness, color and white templates for one way of naming the lights (bare: the words between the
    target and the value when no verb is said)."""
    return (
        f"<set> {target} [{_BRIGHTNESS_WORD}|<colour>|<colour> temperature] (to|on|at) {_VALUE}{tail}",
        f"(can|could) {target} (go|turn|be) ({{color}}|<white>) [please]{tail}",
        f"[<set>] [the] {_BRIGHTNESS_WORD} (of|for|on|in) {target} [to] <bright_to>{tail}",
        f"<set> [the] <colour> (of|for|on|in) {target} to ({{color}}|<white>){tail}",
        f"<set> [the] (<colour> temperature|white|white balance) (of|for|on|in) {target} to <white>{tail}",
        f"[hmm|actually|no] (make|turn) {target} ({{color}}|<white>) [instead]{tail}",
        f"(dim|brighten|fade) {target} to <bright_to>{tail}",
        f"(<turn>|<set>) {target} (down|up) to <bright_to>{tail}",
        f"[brightness|<colour>] {target} [brightness|<colour>] {bare} {_VALUE}{tail}",
        f"{_VALUE} (on|for) {target}{tail}",
        *made,  # "make the lamp 80 percent"; "make it 80 percent" is left to what "it" stands for
    )


_NAME = "[<the>] {name} [light|lights|lamp|lamps]"
_THAT = "(it|that|this|them|those|these) [one]"
_PLACE = "[<all>] (<place> [<lights>]|<lights> <in_place>)"
_PLACE_LIGHTS = "[<all>] (<place> <lights>|<lights> <in_place>)"
_SAID_VALUE = "({percent:brightness} percent|{brightness_level}|{color} [<colour>]|<white>)"
"""A value said as one after a bare place and "at" ("kitchen at 40 percent"; "kitchen at eight" is a time)."""
_HERE = "[<all>] [room] <lights> [<here>]"
_HOUSE = "[<all>] [house|home] <lights> <everywhere>"

LIGHT_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(intents.LIGHT_SET, _light_templates(_NAME), domains=("light",)),
    SentenceGroup(
        intents.LIGHT_SET,
        (
            *(template for template in _light_templates(_PLACE) if not template.startswith("[brightness")),
            f"[brightness|<colour>] {_PLACE_LIGHTS} [brightness|<colour>] [to|at|up to|down to] {_VALUE}",
            f"[brightness|<colour>] <place> [brightness|<colour>] [to] {_VALUE}",
            f"[brightness|<colour>] <place> [brightness|<colour>] at {_SAID_VALUE}",
            f"[<set>] [<all>] <lights> [{_BRIGHTNESS_WORD}|<colour>] [to] {_VALUE} <in_place>",
            f"[<set>] [the] ({_BRIGHTNESS_WORD}|<colour>) [to] {_VALUE} <in_place>",
        ),
    ),
    SentenceGroup(
        intents.LIGHT_SET,
        (
            *_light_templates(_HERE, " [<here>]"),
            f"<set> [the] {_BRIGHTNESS_WORD} [<here>] to <bright_to> [<here>]",
            "<set> [the] <colour> [<here>] to ({color}|<white>) [<here>]",
            "[<set>] [the] brightness [<here>] [to] <pct> [<here>]",
            f"{_VALUE} <here>",
            "(make|turn) (it|this room|the room|everything) ({color}|<white>) [<here>]",
            # "dim it down in here to twenty percent"
            "(dim|brighten|bring|turn|take|put) (it|things|everything) [down|up] <here> (to|at) <bright_to>",
            # "brighten it up to 80 in here"
            "(dim|brighten|lighten) (it|things|everything) [down|up] (to|at) <bright_to> <here>",
            "(make|get) (it|this room|the room) [really|very|quite|nice and|a bit|a little] (dim|dark|bright|low)"
            " <here> [like|say|about|maybe|around] {percent:brightness} percent",  # "make it really dim in
            # here, like five percent"
        ),
        context_area=True,
    ),
    SentenceGroup(
        intents.LIGHT_SET,
        _light_templates(_HOUSE) + _light_templates("[<all>] (house|home) <lights>"),
        all_name=True,
        everywhere=True,
    ),
    SentenceGroup(  # with no verb and no "to", a number says "percent": "that one" is no brightness of 1
        intents.LIGHT_SET,
        (
            *_light_templates(_THAT, bare="(to|at)"),
            f"[brightness|<colour>] {_THAT} [brightness|<colour>] ({{percent:brightness}} percent|{{color}} [<colour>]|<white>)",
        ),
        priority=-1,
    ),
)
"""HassLightSet: brightness percent ("max" 100, "min" 1), color name, or white temperature in kelvin; for "it"
and "that" with no device named, which the daemon takes from the pointing or the dialogue (a level of a
TV or a blind is then its volume or position)."""

STEP = 20
"""Percent points "brighter" and "dimmer" move a light; twice that for "much brighter"."""


def _step_templates(target: str, word: str, verb: str, much: bool) -> tuple[str, ...]:
    """ "Make the lamp brighter", "brighten the lamp a bit", "the lamp brighter", "a bit brighter on the
    lamp" (target may be empty)."""
    amount = "(much|a lot|way|lots)" if much else "[a] [bit|little|tad|touch|smidge|wee bit|notch]"
    return tuple(
        " ".join(part for part in template.split(" ") if part)
        for template in (
            f"[please] (make|turn|set|get) {target} {amount} {word} [please]",
            f"[please] {verb} [up|down] {target} {'' if much else amount} [more] [please]",
            f"{target} {amount} {word} [please]",
            f"{amount} {word} on {target} [please]" if target else "",  # "bit brighter on that one"
        )
        if template
    )


def _step_groups(word: str, verb: str, sign: int) -> list[SentenceGroup]:
    """Relative brightness, by name, by place, where heard, for "it", and with no target at all."""
    groups = []
    for much in (False, True):
        slots = (("brightness_step", sign * STEP * (2 if much else 1)),)
        groups += [
            SentenceGroup(
                intents.LIGHT_SET, _step_templates(_NAME, word, verb, much), slots, domains=("light",)
            ),
            SentenceGroup(
                intents.LIGHT_SET, _step_templates(_PLACE, word, verb, much), (*slots, ("domain", "light"))
            ),
            SentenceGroup(
                intents.LIGHT_SET,
                _step_templates(_HERE, word, verb, much),
                (*slots, ("domain", "light")),
                context_area=True,
            ),
            SentenceGroup(
                intents.LIGHT_SET,
                (*_step_templates(_THAT, word, verb, much), *_step_templates("", word, verb, much)[2:]),
                (*slots, ("domain", "light")),
            ),
        ]
    return groups


def _by_amount(target: str) -> tuple[str, ...]:
    """A step of so many percent ("the desk lamp 20 percent brighter", "turn the lamp down by 10 percent")."""
    up, down = "{step_up:brightness_step} [percent]", "{step_down:brightness_step} [percent]"
    return (
        f"[(make|turn|set|get)] {target} {up} (brighter|lighter)",
        f"[(make|turn|set|get)] {target} {down} (dimmer|darker|less bright)",
        f"(brighten|lighten|raise|increase|<turn> up) {target} [up] by {up}",
        f"(dim|darken|lower|decrease|reduce|<turn> down) {target} [down] by {down}",
        f"(<turn>|bump|nudge|knock|push|bring) {target} up by {up}",
        f"(<turn>|bump|nudge|knock|drop|bring) {target} down by {down}",
        f"{target} (plus|up) {up}",
        f"{target} (minus|down) {down}",
    )


STEP_GROUPS: tuple[SentenceGroup, ...] = (
    *_step_groups("(brighter|lighter)", "(brighten|lighten)", 1),
    *_step_groups("(dimmer|darker|less bright)", "(dim|darken)", -1),
    SentenceGroup(intents.LIGHT_SET, _by_amount(_NAME), domains=("light",)),
    SentenceGroup(intents.LIGHT_SET, _by_amount(_PLACE), (("domain", "light"),)),
    SentenceGroup(intents.LIGHT_SET, _by_amount(_HERE), (("domain", "light"),), context_area=True),
    SentenceGroup(intents.LIGHT_SET, _by_amount(_THAT), (("domain", "light"),)),
)
"""HassLightSet with brightness_step (assistantd's own slot): the daemon steps from the reported level."""

_DEGREES = "{temperature} [degrees|degree] [celsius|fahrenheit|centigrade|c|f]"
_HEAT = "(temperature|temp|heat|heating|thermostat|heater|heaters|radiator|radiators)"
_RAISE = (
    "(<set>|increase|decrease|raise|lower|turn up|turn down|heat|cool|warm|keep|knock|bump|crank|bring|drop)"
)
_WANT = "(make it|i want it|i would like it|keep it|have it)"
"""A temperature wanted where one is ("make it 22 in the living room", "i want it at 70 in here")."""

CLIMATE_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.CLIMATE_SET_TEMPERATURE,
        (
            f"{_RAISE} [the] {_HEAT} (in|of|for|on|at) <place> [up|down] (to|on) {_DEGREES}",
            f"{_RAISE} [the] <place> {_HEAT} to {_DEGREES}",
            f"(heat|cool|warm) [up] <place> [up|down] to {_DEGREES}",
            f"{_RAISE} [the] {_HEAT} [up|down] (to|on) {_DEGREES} <in_place>",
            f"{_WANT} [at] {_DEGREES} <in_place>",
            f"[the] {_HEAT} <in_place> [[up|down] (to|at|on)] {_DEGREES} [please]",
            f"[the] <place> {_HEAT} [up|down] (to|at|on) {_DEGREES} [please]",
            "(<set>|put|get|bring|turn) [the] <place> [up|down] to {temperature} (degrees|degree)"
            " [celsius|fahrenheit]",
            "[the] <place> (to|at) {temperature} (degrees|degree) [celsius|fahrenheit] [please]",
        ),
    ),
    SentenceGroup(
        intents.CLIMATE_SET_TEMPERATURE,
        (
            f"{_RAISE} [the] {_HEAT} [<here>] [up|down] (to|on) {_DEGREES} [<here>]",
            f"turn [the] {_HEAT} (up|down) [<here>] (to|on) {_DEGREES} [<here>]",
            f"(i want it|i would like it|keep it|have it) [at] {_DEGREES} [<here>]",
            "make it {temperature} (degrees|degree|celsius|fahrenheit|centigrade) [<here>]",
            f"make it {_DEGREES} <here>",  # "make it sixty" alone may be anything: the model reads it
            "{temperature} degrees [celsius|fahrenheit|centigrade] [<here>]",
            f"(set|put|turn) it (to|at) {_DEGREES} <here>",
            f"[the] {_HEAT} [<here>] [up|down] (to|at|on) {_DEGREES} [<here>] [please]",
            f"(heat|warm|cool) (this room|it|things) [up|down] [<here>] to {_DEGREES} [<here>]",  # "warm this
            # room up to twenty-three"
            "(could|can) it be [a] [bit|little|tad] (warmer|cooler|hotter|colder) <here>"
            f" [say|like|maybe|about] {_DEGREES}",
        ),
        context_area=True,
    ),
    SentenceGroup(
        intents.CLIMATE_SET_TEMPERATURE,
        (
            f"{_RAISE} [<the>] {{name}} [{_HEAT}] [up|down] (to|on|at) {_DEGREES}",
            f"{_RAISE} [the] {_HEAT} (of|on|for) [<the>] {{name}} to {_DEGREES}",
            f"[<the>] {{name}} [{_HEAT}] [up|down] [to|at|on] {_DEGREES} [please]",
            f"{_DEGREES} (on|for) [<the>] {{name}}",
        ),
        domains=("climate",),
    ),
)
"""HassClimateSetTemperature (degrees, in the home's unit)."""



class _Way(NamedTuple):
    """Words of one way to move a set-point."""

    comparative: str
    direction: str
    verb: str
    sign: int
    room: str
    """What a room alone is made ("make the bedroom warmer")."""


_WARMER = _Way("(warmer|hotter|higher|up)", "(up|higher)", "(raise|increase)", 1, "(warmer|hotter)")
_COOLER = _Way(
    "(cooler|colder|lower|down)", "(down|lower)", "(lower|decrease|reduce|drop)", -1, "(cooler|colder)"
)
_SOME = "[a] [bit|little|tad|touch|notch|smidge|degree|one degree]"
"""A step of one degree when no number of degrees is said ("turn the heating up a bit")."""


def _degree_templates(heat: str, tail: str, way: _Way, amount: str) -> tuple[str, ...]:
    """ "Turn the heating up two degrees", "thermostat a couple of degrees warmer", "lower the temperature
    in the office by 1 degree", "make it a bit warmer in here" (``heat`` names the thermostat or place; "make
    it warmer" only with the place said, as "it" may be a light's white; "temp up here?" is a question)."""
    comparative, direction, verb = way.comparative, way.direction, way.verb
    move = "(turn|put|bump|crank|push|nudge|knock|notch|bring)"
    return tuple(
        " ".join(part for part in template.split(" ") if part)
        for template in (
            f"[please] {move} {heat} {direction} [by] {amount} {tail} [please]",
            f"[please] {move} {direction} {heat} [by] {amount} {tail} [please]",
            f"[please] {verb} {heat} [by] {amount} {tail} [please]",
            f"[please] [(make|set|get)] {heat} {amount} {comparative} {tail} [please]",
            f"[please] {heat} {direction} [by] {amount} {tail} [please]",
            f"[please] make it {amount} {comparative} {tail} [please]" if tail.startswith("<") else "",
            f"(could|can) it be {amount} {comparative} {tail} [please]" if tail.startswith("<") else "",
        )
        if template
    )


def _degree_groups() -> list[SentenceGroup]:
    """Set-points moved by degrees: by thermostat name, by place, where heard; one degree unless said."""
    groups = []
    for way in (_WARMER, _COOLER):
        numbered = "{degrees_up:temperature_step}" if way.sign > 0 else "{degrees_down:temperature_step}"
        amounts = (
            (_SOME, 1.0), ("(a couple [of]|a few) degrees", 2.0), (f"{numbered} [degree|degrees]", None),
        )
        for amount, step in amounts:
            slots = () if step is None else (("temperature_step", way.sign * step),)
            groups += [
                SentenceGroup(
                    intents.CLIMATE_SET_TEMPERATURE,
                    _degree_templates(f"[<the>] {{name}} [{_HEAT}]", "", way, amount),
                    slots,
                    domains=("climate",),
                ),
                SentenceGroup(
                    intents.CLIMATE_SET_TEMPERATURE,
                    _degree_templates(f"[the] ({_HEAT} <in_place>|<place> {_HEAT})", "", way, amount)
                    + _degree_templates(f"[the] {_HEAT}", "<in_place>", way, amount)
                    + (f"[please] [make|get] <place> {amount} {way.room} [please]",),
                    slots,
                ),
                SentenceGroup(
                    intents.CLIMATE_SET_TEMPERATURE,
                    _degree_templates(f"[the] {_HEAT}", "[in here|in this room]", way, amount)
                    + _degree_templates(f"[the] {_HEAT}", "<here>", way, amount)[-1:]
                    + (f"[please] {amount} {way.room} (in here|in this room) [please]",),  # "bit cooler here"
                    slots,
                    context_area=True,
                ),
            ]
    return groups


DEGREE_GROUPS: tuple[SentenceGroup, ...] = tuple(_degree_groups())
"""HassClimateSetTemperature with temperature_step (assistantd's own slot): the daemon moves the
set-point it last heard reported, and asks for a temperature when it has heard none."""

_POSITION = "({percent:position} [percent] [open]|{position_level})"
_MOVE = "(<set>|<open>|<close>|increase|decrease|move)"

POSITION_GROUPS: tuple[SentenceGroup, ...] = (
    SentenceGroup(
        intents.SET_POSITION,
        (
            f"{_MOVE} [<the>] {{name}} [position] (to|at) {_POSITION}",
            f"{_MOVE} [<the>] {{name}} {{position_level}}",
            f"<set> [the] position of [<the>] {{name}} to {_POSITION}",
        ),
        domains=("cover", "valve"),
        name_domain=True,
    ),
    SentenceGroup(
        intents.SET_POSITION,
        ("[<the>] {name} {position_level}", f"[<the>] {{name}} [position] [to|at] {_POSITION}"),
        domains=("cover", "valve"),
        name_domain=True,
        fuzzy=False,
    ),
    SentenceGroup(
        intents.SET_POSITION,
        (
            f"[no|actually] (<open>|<close>) {_THAT} [position] (to|at) {_POSITION}",
            f"[no|actually] (<open>|<close>) {_THAT} {{position_level}}",
        ),
        confidence=0.9,
    ),
    SentenceGroup(
        intents.SET_POSITION,
        (
            f"{_MOVE} [<all>] (<place> {{cover_kind}}|{{cover_kind}} <in_place>) [position] [to|at]"
            f" {_POSITION}",
            f"{_MOVE} [<all>] {{cover_kind}} [position] (to|at) {_POSITION} <in_place>",
            f"{_MOVE} [<all>] (<place> {{cover_kind}}|{{cover_kind}} <in_place>) {{position_level}}",
            "[<all>] (<place> {cover_kind}|{cover_kind} <in_place>) {position_level}",
            f"[<all>] (<place> {{cover_kind}}|{{cover_kind}} <in_place>) [position] [to|at] {_POSITION}",
        ),
    ),
    SentenceGroup(
        intents.SET_POSITION,
        (
            f"{_MOVE} [<all>] {{cover_kind}} [<here>] [position] (to|at) {_POSITION} [<here>]",
            f"{_MOVE} [<all>] {{cover_kind}} [<here>] {{position_level}} [<here>]",
            "[<all>] {cover_kind} [<here>] {position_level} [<here>]",
            f"[<all>] {{cover_kind}} [<here>] [position] [to|at] {_POSITION} [<here>]",
        ),
        context_area=True,
    ),
)
"""HassSetPosition for covers (by name or kind) and valves (by name)."""

SET_GROUPS: tuple[SentenceGroup, ...] = (
    *LIGHT_GROUPS,
    *STEP_GROUPS,
    *CLIMATE_GROUPS,
    *DEGREE_GROUPS,
    *POSITION_GROUPS,
    *VOLUME_GROUPS,
)
