"""A command said with remarks that neither the grammar nor the model reads as a whole ("light on please,
where on earth did we put the folding chairs", "telly volume down to 15, we can't hear ourselves talk"): the
one clause that is a command, asked about first, never carried out at once.

Read whole, such a turn is rejected: the remark hides the command from the grammar's exact match, and the
model, which learnt remarks as no command, reads the whole as one. Read clause by clause, the command stands
out; where exactly one clause is a command and nothing may take it back, "Did you mean ...?" costs a word
where a rejection loses the command, and a remark mistaken for one is only asked about.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Container, Sequence

from assistantd import intents
from assistantd.fusion.address import FAMILY
from assistantd.fusion.clauses import CALLED_ON, PRONOUN, SAYS_WHEN, SWITCHING
from assistantd.fusion.remarks import DESCRIBING, REMARK_START, SOMEONE_SAYS, TAKE_BACK, remark_splits
from assistantd.grammar.wishes import DARK_HERE
from assistantd.intent_model.features import Evidence
from assistantd.intents import Intent
from assistantd.text import normalize, strip_fillers

_NOT_ALONE = frozenset({intents.CONFIRM, intents.DECLINE, intents.NEVERMIND})
"""Readings of a clause that are a way of speaking beside a remark ("right, ...", "no worries, ..."), not a
command of their own."""
_LET_BE = re.compile(r"\b(?:leave|alone|let (?:it|them|that) be)\b")
_QUESTION_END = re.compile(r"(?<=\?)\s+")
_CALLING = "|".join(sorted(FAMILY | {"mate"})) + "|" + CALLED_ON
_CALLED = re.compile(rf"^(?:{_CALLING})\b(?!['\u2019]s)|\b(?:{_CALLING})[.!?]*$")
"""A clause that begins or ends by calling on someone in the room ("yeah mum, ...", "..., love?"; not
"grandad's dozing"): what is said beside it is said to them."""
_IS = re.compile(r"(?<=\w)['\u2019]s\b")
_IS_OR_WAS = re.compile(r"^(?!(?:is|are|was|were)\b).*\b(?:is|are|was|were|been)\b")
_DONE = re.compile(r"\b(?:turned|switched|dimmed|opened)\b")
_TAG = re.compile(
    r"^(?:have|has|had|is|are|was|were|do|does|did|can|could|will|would|should|isnt|arent|wasnt|werent"
    r"|dont|doesnt|didnt|havent|hasnt|cant|couldnt|wont|wouldnt)(?: not)? (?:you|it|they|we|he|she|i|there)$"
)
"""A tag asked of someone ("..., haven't you, Jamie?", "..., isn't it"): what it follows is said, not
asked."""
_SAYING = re.compile(r"\b(?:i|you|we|they|he|she|people) (?:\w+ )?(?:say|said|says|tell|told)\b")
"""Words said about words ("I only say lights off, lights on"), not a command."""
_COMMAND_WORDS = frozenset(
    "turn switch put set open close shut draw lock unlock dim brighten raise lower start stop pause play"
    " resume skip next previous on off up down louder quieter brighter dimmer warmer cooler softer percent"
    " degrees"
    " volume mute unmute get make give bump crank kill pull push back half halfway full max".split()
)
"""Words a command that acts says its action with: a clause with none names a thing and does nothing to it."""
_A_VALUE = re.compile(r"\d|\b(?:percent|brighter|dimmer|warmer|cooler|louder|quieter|degrees|half|quarter)\b")
_ASKED_OF_THEM = re.compile(
    r"(?:did|have|do|were) you (?:\w+ )?"
    r"(?:see|seen|saw|hear|heard|know|remember|notice|noticed|watch|watched)\b"
)
"""A question asked of a person in the room about what they saw or know, none of the home."""
_DARK_CLAUSE = re.compile(r"[,.;!?]+|\band\b|\b(?=(?:what )?with (?:the|all|my|our|these|those)\b)")
"""Where a room said to be dark ends and a remark begins ("... in here with the sheets over the window")."""
_HERE = re.compile(r"\b(?:in|out) here\b")
"""The room the words are heard in, named as a place."""
_TIMERS_SET = intents.TIMER_INTENTS - {intents.TIMER_STATUS}
"""Commands to the timers: acting on no device, they still act."""
_A_NUMBER = re.compile(r"\bone (?=hours?|minutes?|seconds?|percent|degrees?|more|quarter|half)")
"""A "one" that counts ("one hour"), no one of a kind."""
ASKED_BELOW = 0.01
"""How far below the bar for acting at once a reading of one clause is put, so that it is asked about."""


def the_one_command(
    text: str, clauses: Sequence[str], read: Callable[[str], Intent], ask_below: Callable[[Intent], float]
) -> Intent | None:
    """The reading of the one clause of text that read (the grammar where certain, else the model) takes
    for a command, with its confidence just under ask_below(reading), the bar for acting at once; None
    where there is no remark beside it, clauses say different commands, or a clause after it may take it
    back ("..., no, actually, leave it"; before it, "no, shut them completely, ..." corrects what came
    before). Clauses that say the same command agree ("that one's too dim, a bit brighter please"); where no
    clause is a command alone, two clauses side by side may be one ("that light there, off please, it's in
    her eyes"), or two with a remark between them ("the kitchen lights, I left them on, off please")."""
    said = [clause for clause in clauses if clause.strip()]
    if len(said) < 2 or any(SAYS_WHEN.match(normalize(clause)) for clause in said):
        return None  # "on monday, ...": not for now
    if any(_CALLED.search(clause.lower().strip()) or _called_by_name(clause) for clause in said):
        return None  # "dim the lights, pour the wine, love": said to someone in the room
    if any(_TAG.match(normalize(clause)) for clause in said) or _SAYING.search(normalize(text)):
        return None  # "you've turned every light off, haven't you": said, not asked
    readings = [read(clause) for clause in said]
    said_it = [_a_command(reading) for reading in readings]
    first = said_it.index(True) if True in said_it else 0  # "no, shut them completely, ...": a correction
    if any(_takes_back(clause) for clause, command in zip(said[first:], said_it[first:], strict=True)
           if not command):  # fmt: skip
        return None
    found = [reading for reading, command in zip(readings, said_it, strict=True) if command]
    if not found and len(said) > 2:
        found = [reading for index in range(len(said) - 1)
                 if _a_command(reading := read(", ".join(said[index : index + 2])))]  # fmt: skip
    if not found and len(said) > 2:  # "the kitchen lights, I left them on, off please": a remark between
        found = [reading for index in range(len(said) - 2) if _a_remark(said[index + 1])
                 and _a_command(reading := read(f"{said[index]}, {said[index + 2]}"))]  # fmt: skip
    if not found or len({(reading.name, reading.slots) for reading in found}) != 1:
        return None
    reading = max(found, key=lambda reading: reading.confidence)
    if reading.name in SWITCHING and any(_A_VALUE.search(normalize(clause)) for clause in said):
        return None  # "a tad brighter on the bedroom lamp, like 60": a setting, not a switch
    confidence = min(reading.confidence, ask_below(reading) - ASKED_BELOW)
    return dataclasses.replace(reading, text=text, confidence=round(confidence, 3))


def _called_by_name(clause: str) -> bool:
    """Whether a clause is one capitalised word alone, a name called ("..., Jamie?")."""
    words = clause.strip(" ?!.").split()
    return len(words) == 1 and words[0][:1].isupper() and words[0][1:].islower()


def _a_remark(clause: str) -> bool:
    """Whether a clause begins as a remark does ("I left them on", "it's in her eyes")."""
    said = normalize(clause)
    return bool(REMARK_START.match(said) or SOMEONE_SAYS.match(said))


def _a_command(reading: Intent) -> bool:
    acts = reading.name in intents.ACTING or reading.name in _TIMERS_SET  # "timer for 20 minutes, stew's on"
    asked = acts or reading.text.rstrip().endswith("?")
    return reading.is_command and reading.name not in _NOT_ALONE and asked


_LEVELS_OF = {
    intents.LIGHT_SET: ("brightness", "brightness_step", "color", "color_temp_kelvin"),
    intents.SET_POSITION: ("position",),
    intents.SET_VOLUME: ("volume_level", "volume_step"),
    intents.CLIMATE_SET_TEMPERATURE: ("temperature", "temperature_step"),
}
"""What a setting sets: a model's setting with none of it is no command."""


def no_level(intent: Intent) -> bool:
    """Whether the model reads a setting with no value said or carried (lights with no level, step, colour or
    white; blinds with no position: "is there a way to open them" is no setting)."""
    levels = _LEVELS_OF.get(intent.name)
    unset = levels is not None and all(getattr(intent.slots, level) is None for level in levels)
    return intent.recognizer == "model" and unset


def said_dark(text: str, read: Callable[[str], Intent], bar: float) -> Intent | None:
    """The lights of the room heard in, for a room said to be dark (grammar.wishes.DARK_HERE), maybe with a
    remark after it that asks nothing, with a confidence just under bar, the grammar's bar for acting at once:
    asked about; None for other words."""
    dark = DARK_HERE.fullmatch(words := strip_fillers(normalize(text)))
    if dark is None:
        first, *rest = _DARK_CLAUSE.split(text)  # "it's pitch dark in here, I can't find the parcel"
        if not rest:  # "it's so dark in here i just walked into the coffee table"
            said = ((said, [remark]) for said, remark in remark_splits(words) if DARK_HERE.fullmatch(said))
            first, rest = next(said, (text, []))
        dark = DARK_HERE.fullmatch(strip_fillers(normalize(first))) if rest else None
        if dark is None or any(read(clause).is_command for clause in rest):
            return None
    room = dark["room"] or dark["again"]
    lit = read(f"turn on the lights in the {room}" if room else "turn on the lights in here")
    if not lit.is_command or (room and lit.slots.area is None):
        return None  # "it's dark in the morning": no room of the home
    return dataclasses.replace(lit, text=text, confidence=round(bar - ASKED_BELOW, 3))


def asked_clauses(text: str, clause_break: re.Pattern[str]) -> list[str]:
    """The clauses of text, split at clause_break, the last of each question keeping its "?" ("bedroom
    curtain still closed? I can't face daylight yet": a question, read as one)."""
    clauses: list[str] = []
    for sentence in _QUESTION_END.split(text):
        said = [clause for clause in clause_break.split(sentence) if clause and clause.strip()]
        clauses += [*said[:-1], said[-1] + "?"] if said and sentence.rstrip().endswith("?") else said
    return clauses


def not_for_the_model(clause: str, names: Container[str], pointed: bool = False) -> bool:
    """Whether a clause names nothing of the home (names: the words of its names; "keep stirring", "go back
    to sleep"; where something is pointed at, "that" names it), says no, takes back or leaves alone ("we
    don't need the lamp on any more", "leave the tv
    alone"), or says what is or was done ("the door's on the latch", "the kids turned the lights on"): the
    model, which reads a verb and a device into it, is not asked what it means alone."""
    words = normalize(clause)
    named = any(word in names or word.removesuffix("s") in names for word in words.split())
    named = named or (pointed and PRONOUN.search(words) is not None)  # "turn that up, grandad can't hear"
    named = named or _HERE.search(words) is not None  # "bump it up to twenty two in here please, ..."
    said_of = _IS_OR_WAS.search(_IS.sub(" is", clause.lower())) or _DONE.search(words)
    return not named or bool(set(words.split()) & TAKE_BACK) or bool(_LET_BE.search(words) or said_of)


def model_doubted(clause: str, reading: Intent, evidence: Evidence, names: Container[str]) -> bool:
    """Whether the model's reading of a clause alone is in doubt: the clause is not for the model (above), a
    setting has no value (no_level), "it" stands for nothing, a question is asked of a person ("did you see
    ..."), or a command that acts names no device, place or kind, or has no word of a command in it ("the
    curtains in the living room, my mother sewed them")."""
    alone = not_for_the_model(clause, names, pointed=evidence.pointing_score > 0)
    if alone or no_level(reading) or unanchored(clause, reading, evidence):
        return True
    if reading.name not in intents.ACTING:
        return _ASKED_OF_THEM.match(normalize(clause)) is not None  # "did you see the lights on Elm Road?"
    words = set(normalize(clause).split())
    named = any(getattr(reading.slots, key) is not None for key in ("name", "area", "floor", "domain"))
    named = named or (evidence.pointing_score > 0 and PRONOUN.search(normalize(clause)) is not None)
    return not named or not (words & _COMMAND_WORDS or any(word.isdigit() for word in words))


def unanchored(clause: str, reading: Intent, evidence: Evidence) -> bool:
    """Whether a clause's reading acts on "it" or "them" with nothing named, pointed at or said before ("the
    blinds upstairs, is there a way to close them": what "them" is, is in the other clause)."""
    named = any(getattr(reading.slots, key) is not None for key in ("name", "area", "floor"))
    anchored = evidence.pointing_score > 0 or bool(evidence.previous_intent)
    if named or anchored or reading.name in intents.TIMER_INTENTS:  # "set a timer for one hour, ...": a timer
        return False
    return PRONOUN.search(_A_NUMBER.sub(" ", normalize(clause))) is not None


def _takes_back(clause: str) -> bool:
    """Whether a clause beside the command may take it back or change it: it begins with such a word ("no
    wait", "actually, the other one", "sorry I meant ...") or is a word or two with one ("oh no"); not a
    remark that only has one inside ("the washing up can wait till tomorrow", "see if it's actually
    morning")."""
    words = DESCRIBING.sub(" ", strip_fillers(normalize(clause))).split()  # not "no point waiting up"
    return bool(words) and (words[0] in TAKE_BACK or (len(words) <= 2 and bool(set(words) & TAKE_BACK)))
