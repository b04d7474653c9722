"""Negated commands: "don't turn on the lights" asks for nothing (the words of a command are all there, so
every recognizer would read it as one)."""

from __future__ import annotations

import re

from assistantd.text import normalize

_VERBS = (
    "turn|switch|put|set|open|close|shut|lock|unlock|dim|brighten|raise|lower|start|activate|run|change|make"
)
_NEGATED = re.compile(
    rf"\b(?:(?:dont|do not|never|no need to|you need not|(?:dont|do not|shouldnt|should not|must not|mustnt) "
    rf"(?:need to|have to|want to|ever))\s*(?:{_VERBS})s?|(?:stop|quit) (?:{_VERBS})[a-z]?ing)\b"
)
"""A negation right before a verb that acts on devices ("don't turn", "never open", "stop switching");
"stop playing" (a pause), "stop, start the fan" and "don't forget to turn off" (commands) are not."""


def negated(text: str) -> bool:
    """Whether the words say not to do what they name ("don't turn on the lights", "stop turning it off")."""
    return _NEGATED.search(normalize(text)) is not None
