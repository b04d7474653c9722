"""A remark about a thing, then a wish or a request about "it": "the bedside lamp's a little harsh, I'd rather
it was at 25", "the ceiling fan's making me chilly, I'd rather it was off", "the lights in here are a bit much
first thing, could they be at 35?", "I can barely hear the telly, I'd like it at 40". The thing the remark
begins with is what the pronoun stands for, as any listener takes it, and what has run out is what goes on a
list ("we're nearly out of milk, pop it on the shopping list"); the caller reads the request with the thing in
its place and keeps it only where the grammar reads a command exactly."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistantd.text import normalize, strip_fillers

_ARTICLE = frozenset("the my our that this".split())
_PLACE = re.compile(
    r"^(?:(?P<away>out|over|up|down|back) )?(?:in|on|up|down) (?:here|there|the (?:\w+ ){0,2}\w+)\b"
)
_PRONOUN = re.compile(r"\b(?:it|they|them|he|she)\b")
_NOT_A_REQUEST = re.compile(r"^(?:i|we) (?:think|thought|know|knew|guess|bet|heard|said|told)\b")
_SENSED = re.compile(
    r"^(?:i|we) (?:can|cannot|can not|cant|could) (?:barely |hardly |not |still |just )?(?:hear|see) "
    r"|^(?:hey )?(?:why|how come) (?:is|are|does|do|has|have) "
)
"""What is heard or seen, or asked why, before the thing ("I can barely hear the telly", "why is the fan even
going in this weather")."""
_MOST_WORDS = 4
_OUT_OF = re.compile(
    r"^(?:we are|we have|weve|were|we|i am|i have|ive|im|i) (?:nearly |almost |just |completely |all |run "
    r"|running |ran )*"
    r"out of (?P<item>(?:\w+ ){0,2}?\w+)(?: again| now| already)?$"
)
_NEEDED = re.compile(
    r"^(?:(?:we|i) )?(?:need|want) (?:some |more )?(?P<item>(?:\w+ ){0,2}?\w+)(?: again| now| too)?$"
)
"""What is needed, said before "put it on the list" ("need oat milk, add it to the shopping list")."""
_A_LIST = re.compile(r"\blist\b")
_KINDS = frozenset(
    "light lights lamp lamps fan fans heating heater blind blinds curtain curtains shade shades door"
    " doors".split()
)
"""Kinds of which a home has many: said bare, which one is meant is not guessed ("telly's way too loud, drop
it to 10" is the TV's)."""
_NO_THING = frozenset("no not more less any some all every each much many one two".split())
_DESCRIBING = re.compile(
    r"(?:next|by|beside|near|on|under|underneath|over|above|behind|at|that|which|where|for|with|from|along)\b"
)


def from_remark(clauses: Sequence[str], names: frozenset[str]) -> str | None:
    """The last clause with the thing the remark before it begins with in place of its first pronoun, where
    the remark begins with a thing of the home ("the bedside lamp", "rover", "the lights in here") and says
    something of it; None otherwise. names: the words of the home's names."""
    said = [words for clause in clauses if (words := strip_fillers(normalize(clause), asides=True))]
    if len(said) != 2 or _NOT_A_REQUEST.match(said[1]) or not _PRONOUN.search(said[1]):
        return None
    if (run_out := _OUT_OF.match(said[0]) or _NEEDED.match(said[0])) is not None and _A_LIST.search(said[1]):
        return _PRONOUN.sub(run_out["item"], said[1], count=1)  # "we're out of milk, pop it on the list"
    subject = _subject(said[0], names)
    return _PRONOUN.sub(subject, said[1], count=1) if subject else None


def _subject(remark: str, names: frozenset[str]) -> str | None:
    """The thing a remark begins with, with the place said after it ("the lights in here"), where the remark
    goes on to say something of it; None where it begins with anything else."""
    sensed = _SENSED.sub("", remark)  # "I can barely hear the telly"
    words = sensed.split()
    start = 1 if words and words[0] in _ARTICLE else 0
    end = start
    while end < len(words) and end - start < _MOST_WORDS and _names(words[end], names):
        end += 1
    if end == start or (start == 0 and words[0] in _KINDS):
        return None  # "light is too much in kitchen": which light is the learner's to say, not a guess
    rest = " ".join(words[end:])
    named, placed = words[start:end], []
    if (place := _PLACE.match(rest)) is not None:  # "in here", "in the kitchen" (named words only)
        said = place.group().split()[1 if place["away"] else 0 :]  # "the light out in the garage": in it
        unnamed = (index for index, word in enumerate(said) if index > 1 and not _names(word, names))
        placed = said if said[1] != "the" else said[: max(next(unnamed, len(said)), 3)]
        end += len(placed) + (1 if place["away"] else 0)
        rest = " ".join(words[end:])
    if _DESCRIBING.match(rest):
        return None  # "the lamp next to my bed, turn it red": a description (described.py), no remark
    return " ".join(["the", *named, *placed]) if rest or sensed != remark else None


def _names(word: str, names: frozenset[str]) -> bool:
    return word not in _NO_THING and (word in names or word.removesuffix("s") in names or f"{word}s" in names)
