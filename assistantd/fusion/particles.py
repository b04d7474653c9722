"""The words of a clause beside a command that may change it, without those that only look like a command's:
"on", "off", "up" and "down" that begin a place or a time or tell how something was ("reading on my phone",
"on all morning", "i left them on again"), that belong to another verb ("the match kicks off in five", "he
nodded off"), and a name of the home said as a verb ("it's only heating the room up")."""

from __future__ import annotations

import re

_PARTICLES = frozenset({"on", "off", "up", "down", "open", "closed", "shut", "locked", "unlocked"})
_DETERMINERS = frozenset("my the a an your our his her their this that all every there".split())
_WAS = frozenset("left been was were stayed still is are im am its hes shes theyre youre".split())
_MOVING = frozenset(
    "coming come going go gone heading head went getting get run running walking back hang hold waking"
    " kick kicks kicked kicking nod nods nodded nodding doze dozes dozed dozing drift drifts drifted drifting"
    " drop drops dropped dropping take takes took taking show shows showed showing log logs logged logging"
    " sign signs signed signing set sets setting cool cools cooled cooling calm calms calmed calming"
    " settle settles settled settling wake wakes woke wind winds winding clock clocks clocked clocking"
    " knock knocks knocked knocking".split()
)
"""Verbs whose "on", "off", "up" or "down" is a way of moving or no command at all ("i'm coming down", "hang
on", "waking me up", "the match kicks off", "the baby dozed off", "it's cooling down", "clocked off")."""
_AS_A_VERB = re.compile(r"\b\w+ing (?=(?:the|up|my|our|your|it|everything|us|me|him|her|them)\b)")
"""A word ending "-ing" before what it acts on ("heating the room up", "lighting up the garden"): a verb,
even where a device is called by that word (the heating)."""


def said_words(words: str) -> list[str]:
    """The words of a clause, without particles that tell a place, a time, a past state or another verb's
    meaning, and without a verb in "-ing" that acts on what follows it."""
    spoken = _AS_A_VERB.sub("", words).split()
    return [
        word
        for index, word in enumerate(spoken)
        if not (word in _PARTICLES and _describes(spoken[:index], spoken[index + 1 : index + 2]))
    ]


def _describes(before: list[str], after: list[str]) -> bool:
    """Whether a particle between these words tells a place, a time or a past state, not a command."""
    return (
        bool(set(after) & _DETERMINERS) or bool(set(before[-3:]) & _WAS) or bool(set(before[-1:]) & _MOVING)
    )
