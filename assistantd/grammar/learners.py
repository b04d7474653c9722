"""How people who learned English as a second language often put a command, rewritten as a native speaker
would say it: "to" after a modal ("please can you to lock the door", "please to start a timer"), "make" before
the verb ("make close the garage door"), comparatives built with "more" ("20 percent more bright", "more
quiet"), the hour for the time ("which hour is it"), "how much degrees", a timer "of" minutes or "of" pizza,
time that "stays" on it, "or not" after a question said in the order of a statement ("front door is lock or
not"), the object first ("temperature in this room put to 19") and a way of saying how far ("open the blinds
on the half"). The grammar reads the plain form only where nothing reads the words as said (phrasing.plainly).
"Open" and "close" said of a light are the grammar's own, asked about (sentences/switch.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

LEARNED = 0.75
"""Grammar confidence of a learner's "open the light" read exactly (sentences/switch.py): asked about, and
taken as a clause of its own beside a remark only when it begins with its verb (fusion/clauses.py)."""
_LEVEL = r"(?:a quarter|a third|half|three quarters|\d+(?: percent)?)"
_MORE = {
    "bright": "brighter",
    "light": "brighter",
    "dark": "darker",
    "loud": "louder",
    "quiet": "quieter",
    "silent": "quieter",
    "warm": "warmer",
    "hot": "warmer",
    "cold": "colder",
    "cool": "cooler",
    "low": "lower",
    "high": "higher",
    "dim": "dimmer",
}
_DOWN_UP = {"quieter": "down", "lower": "down", "louder": "up", "higher": "up"}
_LESS = {"bright": "dimmer", "light": "dimmer", "loud": "quieter", "warm": "cooler", "hot": "cooler"}

_COMPARATIVES = (
    (re.compile(rf"\bmore (?P<word>{'|'.join(_MORE)})\b"), lambda found: _MORE[found["word"]]),
    (re.compile(rf"\bless (?P<word>{'|'.join(_LESS)})\b"), lambda found: _LESS[found["word"]]),
)


def comparatives(words: str) -> str:
    """Normalised words with comparatives said with "more" or "less" put as one word ("more loud": louder)."""
    for pattern, replacement in _COMPARATIVES:
        words = pattern.sub(replacement, words)
    return words


LEARNERS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(?:please )?(?:can|could|would) you (?:please )?to ", ""),
        (
            r"^(?:please )?to "
            r"(?=(?:lock|unlock|open|close|turn|switch|set|start|stop|put|make|pause|play|dim)\b)",
            "",
        ),
        (r"\b(?P<modal>must|can|should) to\b", r"\g<modal>"),
        *_COMPARATIVES,
        (r"^make (?=(?:open|close|unlock|lock|stop|pause|start) )", ""),
        (r"^(?:please )?make (?P<thing>.+?) (?:to )?(?:clean|cleaning|start cleaning)$", r"start \g<thing>"),
        (r"^(?:(?:which|what) hour|which time) (?:is it|it is|we have)(?: now)?$", "what time is it"),
        (
            r"^(?:(?:do|would) you (?:happen to )?know|(?:i would be|i am|im) (?:curious|interested)"
            r"(?: to know)?|i (?:wonder|am wondering)|(?:can|could) you (?:tell me|check)) (?:if|whether)"
            r" (?P<who>it|there|anyone|anybody|someone|somebody|(?:the|my|our) (?:\w+ ){0,3}?\w+)"
            r" (?:(?P<verb>is|are) )?(?P<rest>.+)$",
            lambda found: f"{found['verb'] or 'is'} {found['who']} {found['rest']}",
        ),
        (
            r"(?:^|(?<= )(?<!did )(?<!do )(?<!can )(?<!could )(?<!would )(?<!will )(?<!if )(?<!when ))"
            r"(?:please )?you (?:please )?(?=(?:lock|unlock|open|close|turn|switch|set|put)\b)",
            "",
        ),
        (r" (?:for )?(?:one|a) moment$", ""),
        (r"^(?P<verb>stop|pause|hold) (?P<thing>.+?) (?:for )?(?:a )?little bit$", r"\g<verb> \g<thing>"),
        (r"^put (?P<thing>(?:the )?(?:[a-z]+ ){0,2}(?:light|lights|lamp|lamps)) out$", r"turn off \g<thing>"),
        (
            r"^(?P<verb>turn|put) (?P<thing>.+?) (?P<way>down|up) in here (?P<to>to .+)$",
            r"\g<verb> \g<thing> \g<way> \g<to> in here",
        ),
        (r"^continue to play$", "continue playing"),
        (
            r"^turn (?:the )?water (?:back )?(?P<way>on|off)(?: again)? (?:at|with|from) (?P<thing>.+)$",
            r"turn \g<way> \g<thing>",
        ),
        (
            r"^(?:has|did) (?P<thing>.+? (?:smoke|leak|water|gas|motion|co) (?:alarm|detector|sensor))"
            r" (?:picked (?:anything|something) up|pick (?:anything|something) up|(?:detected|detect) \w+)$",
            r"is \g<thing> on",
        ),
        (
            r"^(?:bring|put|let) (?P<thing>.*\b(?:blinds?|shades?|curtains?|shutters?)"
            r"(?: in here| in the \w+)?) (?P<way>down|up)$",
            r"pull \g<thing> \g<way>",
        ),
        (
            r"^(?:put|turn|switch) (?P<thing>(?:the )?(?:[a-z]+ ){0,3}(?:light|lights|lamp|lamps)) on"
            r" (?:at|to) (?P<level>full|full brightness|max|maximum|\d+ percent)$",
            r"set \g<thing> to \g<level>",
        ),
        (r"^in here (?P<rest>(?:the )?[a-z]+ .+)$", r"\g<rest> in here"),
        (
            r"^(?:tell me (?:whether|if) (?P<who>[a-z]+) (?:has|have|is)|(?:has|have) (?P<one>[a-z]+))"
            r" (?:come |got |gotten )?(?:home|back)(?: home)?(?: yet)?(?: or (?:what|not))?$",
            lambda found: f"is {found['who'] or found['one']} home",
        ),
        (
            r"^tell me (?:whether|if) (?P<who>i|we|you|they|someone|somebody|anyone) (?:have |has )?"
            r"(?P<way>locked|unlocked) ",
            lambda found: f"did {found['who']} {found['way'][:-2]} ",
        ),
        (r"^(?P<verb>set|start|make|put) me (?=(?:a|one) timer\b)", r"\g<verb> "),
        (
            r"^(?:make|put|set|give me) (?P<value>\d+(?:\.\d+)?) degrees?"
            r"(?P<where> (?:in|at) (?:the )?\w+(?: room)?| here| in here)?"
            r"(?: for (?:the )?(?:night|day|evening|morning)| tonight)?$",
            r"set the temperature\g<where> to \g<value> degrees",
        ),
        (
            r"^put (?:on )?(?P<what>(?:the|a) (?:film|movie|song|album|show|series|episode|programme|program)"
            r" (?!.*\b(?:on|off|pause|hold|mute|louder|quieter|up|down)$).+)$",
            r"play \g<what>",
        ),
        (
            r"^(?P<thing>(?:the )?(?:tv|television|telly|music|radio|speaker|volume))"
            r"(?: a)?(?: little| bit| lot)? (?P<way>quieter|louder|lower|higher) (?:to|at) (?P<value>\S+)"
            r"(?: percent)?$",
            lambda found: f"turn {found['thing']} {_DOWN_UP[found['way']]} to {found['value']}",
        ),
        (
            r"^(?P<thing>(?:the )?(?:[a-z]+ ){0,2}(?:blinds?|shades?|curtains?|shutters?))"
            r" (?:make|put|bring|let|take) (?:them |it )?(?P<way>down|up)$",
            lambda found: f"{'close' if found['way'] == 'down' else 'open'} {found['thing']}",
        ),
        (
            r"^(?!(?:get|make|have|let) )"
            r"(?P<thing>(?:the )?(?:[a-z]+ ){0,2}(?:robot|vacuum|hoover|cleaner|rover))"
            r"(?: send (?:him|her|it))? (?:to )?(?:clean|cleaning|do the cleaning)$",
            r"start \g<thing>",
        ),
        (
            r"^send (?P<thing>.+?) (?:round |around |off |out )?(?:to )?"
            r"(?:clean|cleaning|do the cleaning|do the floors?|hoover|vacuum)"
            r"(?: the (?:floors?|house|flat))?$",
            r"start \g<thing>",
        ),
        (
            r"^how (?:much|many) (?P<unit>time|minutes|seconds) (?:still )?"
            r"(?:have|has|rest|rests|stay|stays|remain|remains) (?:the |my )?(?P<name>\w+)(?: timer)?$",
            r"how much \g<unit> is left on the \g<name> timer",
        ),
        (
            r"^(?P<thing>(?:the )?[a-z]+(?: [a-z]+)?) still (?:working|running|going)"
            r"(?: or (?:is |it is |has )?(?:finish|finished|done|not))?$",
            r"is \g<thing> still running",
        ),
        (
            r"^add (?P<item>.+?) (?:in|on|into) (?P<list>(?:the |my )?(?:\w+ )?list)$",
            r"add \g<item> to \g<list>",
        ),
        (
            r"^how (?:much|many) degrees? (?:have we|do we have|we have|there are|are there|is it|it is"
            r"|is there"
            r"|there is|is|are)(?P<where>(?: (?:in|at|on) .+| here)?)$",
            r"how warm is it\g<where>",
        ),
        (r"^(?:please )?(?:make|put|do|give me|start|set) (?:a|one) timer (?:of|with) ", "set a timer for "),
        (r"^(?:a )?timer (?:of |for |on )?(?=\S+ (?:minutes?|seconds?|hours?)\b)", "set a timer for "),
        (r"\bthe timer (?:of|for) (?:the )?(?P<name>\w+)\b", r"the \g<name> timer"),
        (
            r"^how (?:many|much) (?P<unit>minutes|seconds|time) (?:stay|stays|rest|rests|remain|remains|is)"
            r" (?:on|in|for) (?P<timer>.*\btimer)$",
            r"how many \g<unit> are left on \g<timer>",
        ),
        (
            r"^(?:some|any) (?P<thing>motion|movement|smoke|gas|water|leak|moisture|somebody|someone|people)"
            r" (?:here|in here)$",
            r"is there any \g<thing> in here",
        ),
        (
            r"^(?P<asked>(?:is|are) .+?) (?:lock|unlock)$",
            lambda found: f"{found['asked']} {found[0].rsplit(' ', 1)[1]}ed",
        ),
        (r"^(?P<asked>(?:is|are) .+) still working$", r"\g<asked> still running"),
        (
            r"^(?P<thing>(?:the )?(?:temperature|heating|thermostat|lights?|lamp|volume|brightness)"
            r"(?: [a-z]+)*?)"
            r" (?:put|set|make|bring) (?:it )?(?:to|at|on) (?P<value>\S+(?: degrees?| percent)?)$",
            r"set \g<thing> to \g<value>",
        ),
        (
            rf"^open (?P<thing>.+?) (?:only )?(?:on|at) (?:the )?(?P<level>{_LEVEL})$",
            r"open \g<thing> to \g<level>",
        ),
        (
            r"^(?:put|set|make|turn) (?P<thing>(?:the )?(?:[a-z]+ ){0,3}(?:light|lights|lamp|lamps))"
            r" (?P<way>lower|higher)$",
            lambda found: f"make {found['thing']} {'dimmer' if found['way'] == 'lower' else 'brighter'}",
        ),
        (r"^(?:the )?(?:song|track|one) before(?: again)?$", "go back to the song before"),
        (
            r"^(?P<thing>(?:the )?(?:[a-z]+ ){0,2}(?:heating|thermostat|heater|temperature))"
            r" (?:to |at |on )?(?P<value>\d+(?:\.\d+)?)(?: degrees)?$",
            r"set \g<thing> to \g<value>",
        ),
        (r"^(?P<thing>(?:the )?(?:[a-z]+ ){0,3}[a-z]+) how (?:much|many|high)$", r"what is \g<thing>"),
        (r"^(?:hey |ok |okay )?(?:alexa|siri|google|cortana)\b ?", ""),
        (r"^(?:let us|lets) (?=(?:get|turn|switch|put|start|set|make|open|close|dim|lock|pause|play)\b)", ""),
        (
            r"^how (?:warm|hot|cold|chilly) is (?:the |my |our )?(?:house|home|flat|apartment|place)\b",
            "how warm is it in the house",
        ),
        (
            r"\b(?P<here>(?:(?:in|out|up|down|over) )?here)"
            r" by the (?:\w+ )?(?:door|window|stairs|fire|sofa)$",
            r"\g<here>",
        ),
        (
            r"^(?:has|have) (?P<thing>.+?) been (?P<state>on|off|open|closed|shut|locked|unlocked)"
            r"(?: all (?:day|night|morning|evening|afternoon)| for (?:ages|hours|a while|long)| since \w+)?$",
            r"is \g<thing> \g<state>",
        ),
        (
            r"^(?:is|are) (?:the |my |our |any )?(?:(?P<a>\w+) )??"
            r"(?P<kind>smoke|co|carbon monoxide|gas|fire|leak) (?:alarms?|detectors?|sensors?)"
            r"(?: in (?:the )?(?P<b>\w+))?"
            r" (?:going off|beeping|sounding|ringing|triggered)(?: or .+)?$",
            lambda found: (
                f"is there {found['kind']}"
                + (f" in the {found['a'] or found['b']}" if found["a"] or found["b"] else "")
            ),
        ),
        (
            r"^(?!.*\b(?:timer|play|playing|remind|reminder|alarm)\b)(?P<command>.+?) for (?:the|my|our|a)"
            r" (?:breakfast |evening |big )?(?:match|game|footy|football|film|movie|party|news|guests)$",
            r"\g<command>",
        ),
        (
            r"^(?!.*\b(?:music|volume|sound|tv|telly|television|radio|speakers?|song|podcast)\b)"
            r"(?P<head>.*\b(?:lights?|lamps?|it|that|this|one)\b.*?) softer\b",
            r"\g<head> dimmer",
        ),
        (r"^how (?:humid|damp|muggy) is it$", "what is the humidity"),
        (
            r"^how (?:humid|damp|muggy) is (?:it )?(?:in )?(?P<where>.+)$",
            r"what is the humidity in \g<where>",
        ),
        (r"^(?P<asked>(?:is|are) .+?) (?P<still>still )?spinning$", r"\g<asked> \g<still>on"),
        (
            r"^(?:has|have) (?P<who>.+?) (?:got|gotten|arrived|made it) (?:back )?home(?: from \w+)?$",
            r"has \g<who> come home",
        ),
        (
            r"^how is (?P<thing>(?:the |my |our )?.+?) (?:looking|doing)(?: today| now| at the moment)?$",
            r"what is \g<thing>",
        ),
        (
            r"^(?:the )?(?P<temp>temp|temperature) (?P<here>(?:in |out |up |down |over )?here)$",
            r"what is the \g<temp> \g<here>",
        ),
    )
)
"""(pattern, replacement) over normalised words, in order."""
