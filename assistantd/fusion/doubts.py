"""Readings of the intent model that the words cast doubt on: asked about rather than carried out at once
(a next track beside "next to", a correction said on the fly, a level with a fraction, "on" and "off" both
said), or no command at all (a light effect the home has no way to show: "make the lamp blink"; a thing the
home lacks; a device the intent cannot act on)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.clauses import PRONOUN, SAYS_WHEN, SWITCHING
from assistantd.fusion.corrections import corrected_mid_way
from assistantd.fusion.negation import ticked_off
from assistantd.fusion.remarks import before_remarks_said
from assistantd.intent_model.phrasebook import command_words
from assistantd.intents import Intent, Slots
from assistantd.rules.targets import intent_domains
from assistantd.text import normalize

_ON_OFF = frozenset({intents.TURN_ON, intents.TURN_OFF})
_BOTH_WAYS = frozenset({"on", "off"})
"""Words of both ways: an on/off reading of them by the model is asked about, never carried out at once."""
_LEVELS = frozenset({intents.LIGHT_SET, intents.SET_VOLUME, intents.SET_POSITION})
_TRACKS = frozenset({intents.MEDIA_NEXT, intents.MEDIA_PREVIOUS})
_BESIDE = re.compile(r"\bnext (?:to|door)\b")
_FRACTION = re.compile(r"\d[.,]\d|\band (?:a )?half\b")
_LIGHTING = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE, intents.LIGHT_SET})
_EFFECTS = re.compile(r"\b(?:blink|flash|strob|flicker|twinkl|puls)(?:e|es|s|ing|ed)?\b")
"""Light effects ("blink three times", "flashing", "strobe"): no light of the home is made to show one."""


def doubtful(intent: Intent) -> bool:
    """Whether the words cast doubt on a model's reading, so that it is asked about first."""
    if intent.recognizer != "model":
        return False
    words = normalize(intent.text)
    if intent.name in _TRACKS and _BESIDE.search(words):
        return True  # "the lamp next to the bed, on please" is no next track
    if intent.is_command and corrected_mid_way(words):
        return True  # "the lamp on, no wait, the play corner": what a correction meant is no guess
    if intent.name in _LEVELS and _FRACTION.search(intent.text):
        return True  # "turn it up to 21.5": a level with a fraction is a temperature, not a brightness
    if intent.name in (intents.SHOPPING_LIST_ADD, intents.LIST_ADD) and not intent.slots.item:
        return True  # "put plasters on the chemsit list" read with no item: what to add is not a guess
    # "switch the lights on, turn off" (a mishearing): which one is not for the model to guess
    return intent.name in _ON_OFF and _BOTH_WAYS <= set(words.split())


_IF_FIRST = re.compile(r"^(?:if|when|whenever|once|unless|as soon as)\b")


_DAYS = "(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_RECURRING = re.compile(
    r"^(?:\w+ )?(?:(?:every|each) (?:single )?(?:(?:week|school|work)?(?:day|night)|morning|evening"
    rf"|afternoon|weekend|week|hour|{_DAYS})|(?:daily|nightly)|on (?:weekdays|weeknights|weekends|{_DAYS}s))"
    r" (?:at|from|around|about|by|before|after|when|once)\b"
    rf"|\b(?:(?:every|each) (?:(?:week|school|work)?(?:day|night)|morning|evening|weekend|{_DAYS})"
    rf"|on (?:weekdays|weeknights|weekends|{_DAYS}s)) (?:at|from|around|before|after) (?:\d|\w+ o ?clock|noon"
    r"|midnight|sunset|sunrise|dusk|dawn|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
"""A command said for a time that comes again ("every weeknight at 11 turn off the living room lights",
"close the blinds on weekdays at seven"): a schedule to set up, not a command for now."""


def on_a_condition(text: str) -> bool:
    """Whether the words begin with a condition in a clause of its own ("if it is raining, close the shade in
    the guest room", "when my son arrives, unlock the front door"; not "if you would, ..."), or set a command
    for a time that comes again ("every night at 11 ..."): an automation to set up, not a command or a
    question for now, whatever the model reads."""
    first, comma, rest = text.partition(",")
    said = normalize(first)
    if _RECURRING.search(normalize(text)):
        return True
    return bool(comma and rest.strip() and _IF_FIRST.match(said) and SAYS_WHEN.match(said))


_STATED = re.compile(
    r"^(?:\w+ )?(?:the|these|those|our|my|your) (?:\w+ ){1,3}(?:is|are|was|were|looks?|seems?|feels?)"
    r" (?:(?:\w+ ){0,3}(?:\w+er|more \w+|less \w+) than\b"
    r"|(?:down |up |over |out )?(?:in|on|by|under|behind|above|next to) (?:the|my|our) \w+(?! (?:on|off)$))"
)
_IS = re.compile(r"(?<=\w)['\u2019]s\b")


def stated(text: str) -> bool:
    """Whether the words say how a thing of the home compares with something else ("the kitchen lights are
    so much brighter than in our old place") or where it is ("so the thermostat's in the living room and the
    other one is down in the office"): said of it, not asked of the assistant, whatever the model reads."""
    said = _IS.sub(" is", text.lower())  # "the thermostat's in ...", which normalising reads as "thermostat"
    return not text.rstrip().endswith("?") and bool(_STATED.match(normalize(said)))


def an_effect(intent: Intent) -> bool:
    """Whether a model's reading of lights asks for an effect the home cannot show ("blink three times")."""
    return intent.name in _LIGHTING and _EFFECTS.search(normalize(intent.text)) is not None


_NAMED_KINDS = frozenset(
    {intents.VACUUM_START, intents.VACUUM_RETURN, intents.SET_VOLUME, intents.SET_POSITION, intents.LIGHT_SET}
    | {intents.MEDIA_PAUSE, intents.MEDIA_UNPAUSE, intents.MEDIA_NEXT, intents.MEDIA_PREVIOUS}
)
"""Intents whose named device must be of their kind (a vacuum, a media player, a cover, a light)."""
_THING_SLOTS = ("name", "domain", "device_class")
_STOP_WORDS = frozenset("a an the my our your some any of to for with in on at up".split())
_LIST_ADDS = frozenset({intents.LIST_ADD, intents.SHOPPING_LIST_ADD})
_ASKS_FOR_IT = re.compile(
    r"\b(?:is there (?:a|any) way (?:to|you can|you could)|is it possible to|any chance you could|how do i)"
    r" (?:open|close|shut|lock|unlock|turn|switch|put|get|make|set|dim)\b"
)
"""A guest asking whether or how it can be done: a request, whatever state its verb also names."""


def unfounded(
    read: Intent, config: Config, foreign: Callable[[str], set[str]], anchored: bool = False
) -> bool:
    """Whether a model's reading has nothing in the words to stand on: it switches something on or off (or
    starts it) with no device or kind in its reading (a place alone names no thing) and no "it" or "that",
    while the words name something no template or name of the home has (foreign: those words; "switch on the
    electric blanket", "turn off the printer in the office"), an appliance the home lacks, not a command to
    guess at; it searches for no kind of media ("put the kettle on"); it adds to a list what the words tick
    off; it asks the state of nothing at all, or of what the words ask to have done ("is there a way to open
    them"); or it names a device the intent cannot act on ("start the Garage Light"), or switches nothing named while
    the words speak of something to watch or hear ("put the film thing on"). Anchored (something pointed at or
    said before), the words after the command in remarks of their own name no place or appliance ("and off
    again now, the steam's all gone")."""
    if read.recognizer != "model":
        return False
    words = normalize(read.text)
    if read.name in _NAMED_KINDS and read.slots.name is not None:
        said = normalize(read.slots.name)
        named = [device for device in config.devices if said in map(normalize, device.names)]
        if named and all(device.domain not in intent_domains(read) for device in named):
            return True
    if read.name in _LIST_ADDS and ticked_off(read.text):
        return True  # "mark bananas as done on my list": ticking off, which is no adding
    if read.name == intents.MEDIA_SEARCH and not read.slots.search_query and not _MEDIA_WORD.search(words):
        return True  # "put the kettle on": nothing to search for
    if read.name == intents.GET_STATE and not read.slots.as_dict():
        return not PRONOUN.search(words)  # "the curtains in the new flat are hideous"
    if read.name == intents.GET_STATE and _ASKS_FOR_IT.search(words):
        return True  # "the blinds upstairs, is there a way to open them?": something to do, not a state
    said = normalize(before_remarks_said(read.text)) if anchored else words
    if _elsewhere(read, said, foreign):
        return True  # "turn on the light in the bathroom", "is the porch light on": a place the home lacks
    started = read.name in SWITCHING or read.name == intents.VACUUM_START  # "start the robot mower"
    if not started or PRONOUN.search(words):
        return False
    if any(getattr(read.slots, key) is not None for key in _THING_SLOTS):
        return False  # a place alone names no thing: "switch off the printer in the office"
    if _MEDIA_WORD.search(words):
        return True  # "movie time, put the film thing on": something to watch, not the lights of the room
    return bool(foreign(said) - _STOP_WORDS - command_words())


_MEDIA_WORD = re.compile(
    r"\b(?:music|songs?|radio|playlist|album|tracks?|podcast|film|movie|show|series|episode|audiobook|tunes)\b"
)
_EVERY = re.compile(
    r"\b(?:all|every|each)\b(?: \w+){0,3}? (?:lights?|lamps?|fans?|doors?|blinds?|curtains?|heaters?)\b"
)
_KIND_NOUNS = frozenset(
    "light lights lamp lamps fan fans door doors blind blinds curtain curtains heater".split()
)


def _elsewhere(read: Intent, words: str, foreign: Callable[[str], set[str]]) -> bool:
    """Whether a reading of a kind of device, with no name or place, leaves out the place the words give it,
    a word the home has not got: before the kind ("the porch light") or after "in (the)" ("the light in the
    bathroom", "open the light in bathroom")."""
    every = read.slots.name == "all" and _EVERY.search(words)  # "dim all interior lights"
    if every or any(getattr(read.slots, key) not in (None, "all") for key in ("name", "area", "floor")):
        return False  # "all" unsaid is no name: "turn the bathroom fan on" is not every fan
    unknown = foreign(words) - _STOP_WORDS - command_words()
    said = words.split()
    before_kind = {word for word, after in zip(said, said[1:]) if after in _KIND_NOUNS}
    after_in = {word for *place, word in zip(said, said[1:], said[2:]) if place == ["in", "the"]}
    if read.slots.domain is not None:  # "open the light in bathroom" (never "put milk in shoping list")
        after_in |= {word for place, word in zip(said, said[1:]) if place == "in"}
    return bool((before_kind | after_in) & unknown)


_TEMPERATURES = ((10.0, 32.0), (50.0, 90.0))
"""Numbers that are set-points in Celsius or Fahrenheit."""
_OF_LIGHT = re.compile(r"\b(?:lights?|lamps?|bulbs?|bright\w*|dim\w*|dark\w*|percent|brightness)\b")
ASKED = 0.75
"""The grammar's confidence in a reading it asks about first (below GRAMMAR_SURE, above GRAMMAR_TRUST)."""


def a_set_point(heard: Intent, config: Config) -> Intent:
    """A level said of a place with no unit and no word of light ("set the lounge to 21"), where a thermostat
    serves that place and the number is a temperature: that set-point, asked about first (a brightness of 21
    percent may be meant too), never the lights at once."""
    slots = heard.slots
    if heard.name != intents.LIGHT_SET or slots.brightness is None or slots.name or slots.area is None:
        return heard
    value = float(slots.brightness)
    warmth = any(low <= value <= high for low, high in _TEMPERATURES)
    if _OF_LIGHT.search(normalize(heard.text)) or not warmth:
        return heard
    area = next((area.id for area in config.areas if area.name == slots.area), None)
    if not any(device.area == area and device.domain == "climate" for device in config.devices):
        return heard
    slots = Slots(area=slots.area, temperature=value)
    return Intent(intents.CLIMATE_SET_TEMPERATURE, slots, ASKED, text=heard.text, recognizer=heard.recognizer)
