"""Requests put as a wish or a hint with one plain meaning, put as the command they wish for: "I'd rather
the blinds were down" (close them), "it'd be nice to have the lamp on", "I'd feel better with the front door
locked", "I'd sleep better with the heating down at 18", "could do with the heating a couple of degrees
higher, say 22", "the play corner light at 40 percent would be better", "the bedroom lamp in blue would look
nice", "there's no need for the lights in here", "I'd like a four minute timer", "I wouldn't mind knowing if
the back door's locked", "I wonder if the washer's still running", "no idea how long is left on the pizza
timer". Complaints alone ("it's too bright", "I'm cold") have no single meaning and are no such wish. The
grammar reads the plain form only where nothing reads the words as said (phrasing.plainly)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistantd.colors import COLORS

_STATES = {
    "on": "turn on",
    "off": "turn off",
    "open": "open",
    "up": "open",
    "closed": "close",
    "shut": "close",
    "down": "close",
    "locked": "lock",
    "unlocked": "unlock",
}
_STATE = rf"(?P<state>{'|'.join(_STATES)})"
_WISH = r"(?:i would|id|we would|wed) (?:much |really |quite )?(?:rather|prefer|like|love)(?: it if)?(?! to )"
_BETTER = (
    r"(?:i would|id|we would|wed) (?:feel|sleep|rest|be) (?:much |a lot |so much |far )?"
    r"(?:better|happier|safer|easier|more comfortable)"
)
_MIND = r"(?:i |we )?(?:would not|wouldnt) mind(?! knowing| hearing| finding| if| you| it if)"
_NICE = r"(?:it would|itd) be (?:so |really )?(?:nice|lovely|good|great|handy|better|perfect|ideal)"
_FINE = r"would (?:be|look|feel) (?:so |really |just )?(?:right|better|perfect|lovely|nice|great|ideal|good)"
_LEVEL = r"(?P<value>a quarter|a third|half|three quarters|\S+(?: percent| degrees)?)"
_COLOURS = "|".join(sorted(COLORS, key=len, reverse=True))


def _switched(found: re.Match[str]) -> str:
    """The command that brings the thing said to the state said."""
    return f"{_STATES[found['state']]} {found['thing']}{found.groupdict().get('where') or ''}"


_WHERE = r"(?P<where> in here| in there)?"
_WANTED = (
    rf"^(?:(?:i think|i guess|actually|on second thought|on second thoughts) )?"
    rf"(?:{_WISH}(?: to have| have)?|{_BETTER} with|{_NICE} to have|{_MIND}) (?P<thing>.+?)"
    r" (?:were |was |to be |be |being )?"
)
_MORE = r"(?:higher|warmer|cooler|lower|brighter|dimmer|louder|quieter|up|down)"
_BY = r"(?:a (?:bit|touch|little|tad|couple of degrees|few degrees) )?"
_SAY = r"(?:say|so|maybe|like|about|at)"
_FOR = r"(?: please)?(?: for (?:\w+ ){0,4}\w+)?"
"""What it is for, said after the wish ("... at half for my video call")."""
_OPENED = r"(?P<value>a quarter|a third|half|halfway|three quarters|\d+ percent)(?: of the way)?"
_KNOW = "i would like to know"
_SET = r"set \g<thing>\g<where> to \g<value>"
_DARK = (
    r"(?:ugh |god |oh |man )?(?:(?:it is|its) (?:gone |got |getting )?(?:(?:way|far|much|really|so|just|very"
    r"|pitch|proper|bloody|absolutely|literally|too|a bit|rather|quite|awfully|terribly) )*(?:as )?"
    r"(?:dark|black|gloomy|dim|like a cave|like (?:midnight|night|the middle of the night))"
    r"(?: as (?:a |an )?\w+| as it gets)?"
    r"|(?:i )?(?:can not|cannot|could not) see (?:my (?:own )?hand|a thing|anything)"
    r"(?: in front of (?:my|me))?)"
    r"(?: in (?:here|this room|(?:the|this|my|our) (?P<room>\w+(?: room)?)))?"
    r"(?: (?:to|for|with) (?:\w+ ){0,3}\w+)?(?: now)?(?: lol)?"
)
_AGAIN = _DARK.replace("<room>", "<again>")
DARK_HERE = re.compile(rf"(?=.*\bin (?:here|this|the|my|our)\b){_DARK}(?: {_AGAIN})?")
"""A room said to be dark ("its pitch black in here lol", "it's like a cave in here", "can't see my own hand
in here, it's gone so dark", "it's awfully gloomy in the bedroom"; room, or again: the room named): its
lights are wanted, but said, not asked for, so the assistant asks first ("it's pitch black in here" is also
said in a power cut)."""
WISHES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (rf"{_WANTED}(?:switched |turned |put |left |kept )?{_STATE}{_WHERE}$", _switched),
        (rf"^{_NICE} to (?=get .+ going$)", ""),
        (
            rf"^(?:{_NICE} if )?(?P<thing>(?:the|my|our) (?:\w+ ){{0,2}}\w+?)(?P<where> in here| in there)?"
            r" (?:can|could|would|carried|continued|kept) (?:carry on|continue|keep going|on|going)"
            r"(?: now)?$",
            r"resume \g<thing>\g<where>",
        ),
        (
            rf"{_WANTED}(?P<colour>{_COLOURS}){_WHERE}(?: actually| instead)?{_FOR}$",
            r"make \g<thing>\g<where> \g<colour>",
        ),
        (
            rf"^(?P<thing>(?:the|my|our) (?:\w+ ){{0,3}}\w+?) to be (?P<colour>{_COLOURS}){_FOR}$",
            r"make \g<thing> \g<colour>",
        ),  # "[i would like] the floor lamp to be red, please" (the wish is taken off as a filler)
        (rf"{_WANTED}(?:down |up )?(?:(?:at|on) |(?=\d)){_LEVEL}{_WHERE}{_FOR}$", _SET),
        (rf"{_WANTED}(?:only |just )?(?:open|up) {_OPENED}{_WHERE}{_FOR}$", _SET),  # "i'd rather the
        # blinds were only open a quarter"
        (rf"^(?P<thing>.+?) {_FINE} (?:only |just )?{_OPENED} open(?P<where>)$", _SET),  # "the blinds would be
        # better half open"
        (rf"^(?:could|can) (?P<thing>.+?) (?:please )?be (?:at|on) {_LEVEL}{_WHERE}$", _SET),
        (
            rf"^{_BETTER} (?:at|with it at|if it was|if it were) (?P<value>.+?)(?: degrees)?{_WHERE}$",
            r"set the temperature\g<where> to \g<value> degrees",
        ),
        (
            rf"{_WANTED}(?:went |go |goes |gone )?back (?:on|to|at) (?:his|its|her|the)"
            r" (?:dock|base|charger)$",
            r"send \g<thing> back to its dock",
        ),
        (
            rf"^(?:i |we )?could do with (?P<thing>.+?) {_BY}{_MORE}{_WHERE} {_SAY} {_LEVEL}$",
            r"set \g<thing>\g<where> to \g<value>",
        ),
        (
            r"^(?:(?:i |we )?could do with (?:some|a bit of|a bit more|more) light(?P<where>"
            r" in here| in the \w+(?: room)?)?|(?:(?:i|we) (?:need|want)|give (?:me|us)) (?:some|a bit of) light"
            rf"(?P<here> in here| in the \w+(?: room)?)|{_NICE} to have (?:some|a bit of|a bit more|more) light"
            r"(?P<had> in here))$",
            lambda found: f"turn on the lights{found['where'] or found['here'] or found['had'] or ''}",
        ),
        (
            r"^(?:it is|its) (?:way |far |much |a bit |really |so |just )?too dark (?:in here|to \w+ in here)"
            r"(?: to \w+(?: \w+)?)?$",
            "turn on the lights in here",
        ),
        (
            r"^(?:i |we )?(?:cannot|can not|cant|can barely|can hardly) see"
            r" (?:a thing|anything|a thing at all|what (?:i am|im|we are) \w+ing) in here$",
            "turn on the lights in here",
        ),
        (rf"^(?P<thing>.+?) (?:at|on) {_LEVEL} {_FINE}(?: .+)?$", r"set \g<thing> to \g<value>"),
        (rf"^(?P<thing>.+?) in (?P<colour>{_COLOURS}) {_FINE}(?: .+)?$", r"make \g<thing> \g<colour>"),
        (rf"^(?P<thing>.+?) {_FINE} in (?P<colour>{_COLOURS})(?: .+)?$", r"make \g<thing> \g<colour>"),
        (
            r"^(?:there is|theres) no (?:point|need) (?:in )?(?:having |for )?(?P<thing>.+?)(?: on)?$",
            r"turn off \g<thing>",
        ),
        (
            r"^(?:we|i) (?:do not|dont) need (?P<thing>(?:the|that|those|my|our) .+?) on"
            r"(?P<where> in here| in there)?(?: any ?more| now| any longer)?$",
            r"turn off \g<thing>\g<where>",
        ),  # "we don't need the play corner light on anymore"
        (rf"^(?:{_WISH}|{_NICE} to have) (?=a (?:\w+ ){{0,3}}timer\b)", "set "),
        (r"^(?:(?:i would|id) (?:like|love)|i want) to know the time$", "what time is it"),
        (r"^(?:i |we )?(?:would not|wouldnt) mind (?:knowing|hearing|finding out)\b", _KNOW),
        (r"^(?:i would be|id be) (?:curious|interested) (?:to know )?(?=whether|if)", f"{_KNOW} "),
        (r"^(?:i would love|id love) to know\b", _KNOW),
        (r"^i wonder (?=(?:whether|if) )", f"{_KNOW} "),
        (r"^(?:i have |ive )?no idea (?=(?:how|what|whether|if|when) )", ""),
        (
            r"^(?:whether|if) (?P<thing>the (?:\w+ ){0,3}\w+?)"
            r" (?P<rest>(?:still )?(?:running|on|off|open|closed|locked|unlocked|home))$",
            r"is \g<thing> \g<rest>",
        ),
    )
)
"""(pattern, replacement) over normalised words, in order."""
