"""A certain reading in the form the home's own configuration gives it: a scene or script its sentences name
without a domain is read so by every template ("activate movie mode" as "movie time": {name: Movie Scene}),
one form for its rules; and an item to add that begins by ticking one off ("chores list, check off the
plants") is no item to add."""

from __future__ import annotations

import dataclasses
import re

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.negation import ticked_off
from assistantd.intents import Intent

_ADDING = frozenset({intents.SHOPPING_LIST_ADD, intents.LIST_ADD})
_TICKED_OFF = re.compile(r"(?:(?:check|tick|cross|strike|scratch) off|mark|remove|delete)\b")
_DONE = re.compile(r"\b(?:is|are|was|were) (?:now )?(?:done|finish|finished|complete|completed)\b")
"""An item said to be done ("chores list, clean the windows is finish, tick it"): ticked off, not added."""


class HomeForms:
    """The configuration's own forms of readings."""

    def __init__(self, config: Config) -> None:
        self._plain_names = frozenset(
            (sentence.intent, str(slots["name"]))
            for sentence in config.sentences
            if "name" in (slots := dict(sentence.slots)) and "domain" not in slots
        )
        """(intent, name) of the scenes and scripts the home's own sentences name without a domain."""

    def apply(self, heard: Intent) -> Intent:
        """The reading in the home's form (NONE for an item that is ticked off rather than added)."""
        slots = heard.slots
        item = str(slots.item or "")
        if heard.name in _ADDING and (_TICKED_OFF.match(item) or _DONE.search(item) or ticked_off(item)):
            return intents.no_intent(heard.text)
        if slots.domain in ("scene", "script") and (heard.name, slots.name) in self._plain_names:
            return dataclasses.replace(heard, slots=dataclasses.replace(slots, domain=None))
        return heard
