"""Negated and reported commands: "don't turn on the lights" and "mum always said switch the telly off" ask
for nothing (the words of a command are all there, so every recognizer would read them as one)."""

from __future__ import annotations

import re

from assistantd.text import normalize

_VERBS = (
    "turn|switch|put|set|open|close|shut|lock|unlock|dim|brighten|raise|lower|start|activate|run|change|make"
    "|clean|vacuum|hoover|mop"
)
_NEGATED = re.compile(
    rf"\b(?:(?:dont|do not|not|never|no need to|you need not|(?:dont|do not|shouldnt|should not|must not|mustnt) "
    rf"(?:need to|have to|want to|ever))\s*(?:{_VERBS})s?|(?:stop|quit) (?:{_VERBS})[a-z]?ing)\b"
)
"""A negation right before a verb that acts on devices ("don't turn", "never open", "not clean", "stop switching");
"stop playing" (a pause), "stop, start the fan" and "don't forget to turn off" (commands) are not."""


def negated(text: str) -> bool:
    """Whether the words say not to do what they name ("don't turn on the lights", "stop turning it off")."""
    return _NEGATED.search(normalize(text)) is not None


_REPORTED = re.compile(
    r"\b(?!i\b|you\b)[a-z]+ (?:always |never |just |once |keeps? |used to )?(?:said|says|say|told|tells|asked|asks)"
    rf"(?: (?:me|us|you|him|her|them))?(?: to| that| we should| i should)? (?:{_VERBS})\b"
)
"""Someone else's words about devices ("mum always said switch the telly off", "she told me to turn off the
lights"); "I said turn off the lights" (a command said again) is not."""


def reported(text: str) -> bool:
    """Whether the words report what someone else said to do, rather than ask for it."""
    return _REPORTED.search(normalize(text)) is not None
