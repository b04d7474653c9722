"""Words said to someone else by name: "Margaret, would you be a dear and draw the curtains?" and "Mum, are
all the doors locked, or shall I go round and check?" ask a person, not the assistant, however much they
sound like a command. A sentence that opens with a name or a word of address and a comma is theirs; what
follows it in another sentence may be for the assistant ("Tom, pass me the salt. And the under-cabinet
lights on, please")."""

from __future__ import annotations

import re
from collections.abc import Container

from assistantd.text import normalize

FAMILY = frozenset(
    "mum mummy mom mommy mam mama dad daddy papa nan nana gran granny grandma grandad grandpa babe love honey"
    " darling sweetheart son sweetie beta kids children boys girls lads".split()
)
"""Words of address for people in the house ("Mum, ...", "beta, put off the TV and come for dinner")."""
OPENERS = frozenset(
    "right ok okay so well sorry anyway honestly oh ah um er erm hmm hey hi hello look listen alright"
    " actually yes yeah yep no nope nah please thanks thank cheers ta thx lol oops ugh wait also now then"
    " and but or"
    " morning evening afternoon night goodnight quick quickly guys folks everyone everybody all"
    " alexa siri google jarvis mycroft computer assistant house home".split()
)
"""Words a request may open with before a comma that are no one's name (greetings, fillers, the assistant's
own names)."""
_CALLED = re.compile(
    r"\s*(?P<you>you (?=(?:lot|two|three|kids|boys|girls)\s*,))?(?P<word>[^\W\d_]+)\s*,\s*(?P<rest>\S.*)",
    re.S | re.I,
)
"""A word of address before a comma ("Margaret, ...", "you lot, ...")."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def to_someone(text: str, home_words: Container[str]) -> str | None:
    """What is left for the assistant of words that open by calling someone by name or by a word of address:
    the sentences after the first ("" when there are none); None when the words call no one. A name is a
    capitalised word (or a word of address) before a comma that is none of the home's words (home_words:
    "Kitchen, lights off" names a room) and no greeting, filler or name of the assistant. What follows may
    still be said to them ("Milo, down! get down off there"): the caller takes it only as a command read
    exactly."""
    called = _CALLED.match(text)
    if called is None:
        return None
    word = called["word"]
    said = normalize(word)
    named = bool(called["you"]) or said in FAMILY or word[0].isupper() and word[1:].islower()
    if said in OPENERS or said in home_words and not called["you"] or not named:
        return None
    rest = _SENTENCE_END.split(called["rest"], maxsplit=1)
    return rest[1] if len(rest) > 1 else ""
