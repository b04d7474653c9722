"""An answer to the question that waits ("Shall I unlock the front door?"), told by its words of yes and no
where the readers found none or the other ("do it, she's stood there with the shopping", "that's quite right,
please do", "well sure, go on ahead"): a yes with no word of no is a yes, and the other way round; both or
neither leave the reading as it was."""

from __future__ import annotations

import dataclasses
import re

from assistantd import intents
from assistantd.fusion.turns import Previous
from assistantd.intents import Intent, Slots
from assistantd.text import normalize

_YES = re.compile(
    r"\b(?:yes|yeah|yep|yup|aye|sure|ok|okay|go ahead|go on|carry on|please do|do it|do that|fine"
    r"|absolutely|of course|certainly|definitely|correct|let (?:him|her|them) in|open up"
    r"|(?:thats|that is|its|it is) me)\b"
)
_NO = re.compile(
    r"\b(?:no|nope|nah|not|dont|do not|stop|cancel|wait|leave it|never mind|nevermind|hold on|hang on"
    r"|rather not|better not|forget it)\b"
)
_SAID_OF_A_THING = re.compile(r"\bthe \w+ (?:will|would|can|could|does|did|has|have|is|are|was|were) not\b")
"""A "not" said of something else ("fine, open up, the parcel won't fit through the letterbox"): no no."""
_ANSWERABLE = frozenset(
    {intents.NONE, intents.CONFIRM, intents.DECLINE, intents.NEVERMIND, intents.GET_STATE}
)
"""Readings an answer's words decide: none, the other answer, a never mind (the model's: "do it, the health
visitor's on the step"), or a question beside the answer ("ok, open, is my brother at the door")."""


_SWITCHED = r"\b(?:(?:turn|switch|put|keep|leave|flick)\w* (?:it |them |that |this )?|(?:it|them) )"
_CONTRARY = {
    intents.TURN_ON: re.compile(rf"\b(?:close|shut|unlock)\b|{_SWITCHED}off\b"),
    intents.TURN_OFF: re.compile(rf"\block (?:it|them|that|the)\b|{_SWITCHED}on\b"),
}
"""Words that do the other thing than a switch asked about ("yes, close it" when asked whether to open the
garage door): no yes to it. ("open" is no contrary of "off": opening a lock is unlocking it.)"""


def answered(text: str, reading: Intent, asked: Previous | None = None) -> Intent:
    """The yes or no the words say, while a question waits (about a command whose intent is asked), where the
    reading is none, the other answer or a question; the reading itself otherwise; none for a yes with words
    that do the other thing ("yes, close it" asked about opening)."""
    if reading.name not in _ANSWERABLE:
        return reading
    words = normalize(text)
    if (contrary := _CONTRARY.get(asked.intent if asked else "")) is not None and contrary.search(words):
        return intents.no_intent(text) if reading.name == intents.CONFIRM else reading
    yes, no = _YES.search(words) is not None, _NO.search(_SAID_OF_A_THING.sub(" ", words)) is not None
    if yes == no:
        return reading
    meant = intents.CONFIRM if yes else intents.DECLINE
    if reading.name == meant:
        return reading
    return dataclasses.replace(reading, name=meant, slots=Slots(), confidence=0.9, recognizer="grammar")


_YES_SAID = re.compile(r"\b(?:yes|yeah|yep|yup|aye)\b")


def said_yes(text: str, asked: Previous | None) -> bool:
    """Whether words that say the command asked about say yes to it ("yes, unlock it"), not to the other
    thing ("yes, close it" asked about opening)."""
    words = normalize(text)
    contrary = _CONTRARY.get(asked.intent) if asked is not None else None
    return _YES_SAID.search(words) is not None and not (contrary is not None and contrary.search(words))
