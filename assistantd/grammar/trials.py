"""How people new to a voice assistant put a command while they find out what it can do, rewritten as the
command: a try ("try switching the garage light off again", "let's try the lights in here at 10", "now try
turning every light off", "let's see, pause the TV"), a thing called by what the home calls it ("activate the
scene called Party Mode", "run the script that is named Stealth Mode"), a device asked of by what it is
("open the bedroom one") and a cover lowered or raised all the way ("lower the blinds all the way down").
The grammar reads the plain form only where nothing reads the words as said (phrasing.plainly)."""

from __future__ import annotations

import re
from collections.abc import Callable

_VERBS = {
    "switching": "switch",
    "turning": "turn",
    "putting": "put",
    "setting": "set",
    "opening": "open",
    "closing": "close",
    "shutting": "shut",
    "locking": "lock",
    "unlocking": "unlock",
    "dimming": "dim",
    "pausing": "pause",
    "playing": "play",
    "starting": "start",
    "stopping": "stop",
    "making": "make",
    "lowering": "lower",
    "raising": "raise",
    "skipping": "skip",
    "changing": "change",
}
_ING = "|".join(_VERBS)
_LETS = r"(?:(?:ok|okay|alright|right|now|so|then) )*"
_AGAIN = r"(?: again| one more time| once more)?"
"""What a try says after the command it tries ("try switching the garage light off again")."""
_TRYING = r"(?:lets |let us |let me |i will |ill |we will )?(?:try|test)"


def _plain_verb(found: re.Match[str]) -> str:
    return f"{_VERBS[found['verb']]} {found['rest']}"


TRIALS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (rf"^{_LETS}{_TRYING}(?: and| to)? (?P<verb>{_ING}) (?P<rest>.+?){_AGAIN}$", _plain_verb),
        (rf"^{_LETS}{_TRYING} (?:it with |with )?(?P<rest>(?:the|my|all|every) .+?){_AGAIN}$", r"\g<rest>"),
        (rf"^{_LETS}(?:lets |let us |let me )see (?:if (?:you can|it works) )?(?=\w)", ""),
        (
            r"\b(?:the )?(?:scene|script|routine|mode)(?: that is| which is| thats)?"
            r" (?:called|named) (?P<name>.+?)$",
            r"\g<name>",
        ),
        (
            r"^(?:lower|drop|bring down|let down|pull down) (?P<thing>.+?) (?:all the way|right) down$",
            r"close \g<thing>",
        ),
        (r"^(?:raise|lift|bring up|pull up) (?P<thing>.+?) (?:all the way|right) up$", r"open \g<thing>"),
    )
)
"""(pattern, replacement) over normalised words, in order."""
