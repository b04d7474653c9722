"""What a transcriber writes for a command said aloud, put as it was meant: a phrase said twice ("lights off
lights off", "on the timer um on the timer", "close the main valve close it"), a number said again after its
unit ("timer fifteen minutes please fifteen"), words that sound like the ones meant ("twenty to degrees": 22,
"for tea percent": 40, "a timer for for minutes", "make the lights blew", "the write curtain", "the sealing
fan", "tee vee", "start at 40 minute timer", "shot the blinds") and an aside at the end ("... all of them",
"... when you get a sec"). The grammar reads the plain form only where nothing reads the words as said
(phrasing.plainly)."""

from __future__ import annotations

import re

_TENS = r"(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNIT_OR_END = r"(?= degrees?\b| percent\b|$)"

TRANSCRIPTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\b(?P<phrase>\w+(?: \w+){1,3})(?: (?P=phrase)\b)+", r"\g<phrase>"),
        (r"^(?P<verb>\w+) (?P<thing>.+) (?P=verb) (?:it|them)$", r"\g<verb> \g<thing>"),  # "close x close it"
        (
            r"^(?P<said>.*\b(?P<number>\w+) (?:minutes?|seconds?|hours?|percent|degrees)\b.*?) (?P=number)$",
            r"\g<said>",
        ),
        (rf"\b{_TENS} (?:to|too){_UNIT_OR_END}", r"\g<tens> two"),
        (rf"\b{_TENS} for{_UNIT_OR_END}", r"\g<tens> four"),
        (r"\bfor for (?=(?:minutes?|seconds?|hours?)\b)", "for four "),
        (r"\b(?P<unit>for|fif|six|seven|eigh|nine)(?: tea| tee)\b", lambda found: f"{found['unit']}ty"),
        (r"\bblew\b", "blue"),
        (r"\bthe write\b", "the right"),
        (r"\bwrite now\b", "right now"),
        (r"\bsealing (?=fans?\b|lights?\b)", "ceiling "),
        (r"\btee vee\b", "tv"),
        (r"\bthe whether\b", "the weather"),
        (r"^(?:can you |could you )?do (?:a|me a) (?=(?:\w+ ){1,3}timer\b)", "set a "),
        (r" (?:all of them|when you get a (?:sec|second)|okay|ok)$", ""),
        (r"(?<=\b(?:on|up) )interior\b(?= please| pls| would you| world view|$)", "in here"),
        (r"(?<=\boff )interior\b(?= please| pls| would you| world view|$)", "in here"),
        (r" world view$", " would you"),  # "flick the switch on interior, world view": in here, would you
        (r"\binterior\b(?! (?:lights?|lamps?|doors?|walls?)\b)", "in here"),  # "the blind interior, halfway"
        (r"\bthe tally\b", "the telly"),
        (r"\bteleon\b", "telly on"),
        (r"\bfish (?=dark|black)\b", "pitch "),
        (r"^time for (?=(?:a|an|one|two|three|four|five|ten|twenty|half|\d+) (?:\w+ )?(?:hours?|minutes?)\b)",
         "timer for "),  # "time for a hour and a half": a timer for one
        (r"^to our timer\b", "two hour timer"),
        (r"^(?P<verb>start|set) at (?=\w+ (?:\w+ )?(?:hours?|minutes?|seconds?) timer\b)", r"\g<verb> a "),
        (r"^shot (?=(?:the|that|it|them|shade|blinds?|curtains?|door)\b)", "shut "),  # "shot shade left"
        (r"\b(?:a )?water (?=open|closed|shut|of the way)", "a quarter "),  # "the curtain, water open"
    )
)
"""(pattern, replacement) over normalised words, in order."""
