"""Commands said among other words: which clause of an utterance is the command, what the other clauses may
do to it (take it back, change it, name its place), a remark after a command with no comma before it ("ceiling
fan on its boiling"), and a correction said on the fly ("turn the lamp red, no wait, orange")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from assistantd import intents
from assistantd.colors import COLORS
from assistantd.fusion.particles import said_words
from assistantd.fusion.remarks import DESCRIBING, REMARK_START, SOMEONE_SAYS, TAKE_BACK, habit, remark_splits
from assistantd.grammar.learners import LEARNED
from assistantd.grammar.numbers import NUMBER_WORDS
from assistantd.grammar.sentences.switch import POINTED
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers

CLAUSE_EXACT = 0.95
"""Grammar confidence a clause needs to be taken alone: an exact match (not a fuzzy one)."""
BARE_NAME = 0.75
"""Grammar confidence of a scene or script named alone ("party mode"): a clause, asked about."""
SWITCHING = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE})
PRONOUN = re.compile(r"\b(?:it|that|them|this|those|these|one)\b")
_ANSWERS = frozenset({intents.CONFIRM, intents.DECLINE})
_PLACELESS = frozenset(
    {intents.GET_CURRENT_TIME, intents.GET_CURRENT_DATE, intents.SHOPPING_LIST_ADD, intents.LIST_ADD}
    | {intents.CANCEL_TIMER, intents.PAUSE_TIMER, intents.UNPAUSE_TIMER, intents.TIMER_STATUS}
    | {intents.INCREASE_TIMER, intents.DECREASE_TIMER}
)
"""Intents that never take a place another clause names ("my phone's dead", "we're right out")."""
_OPENED, _THAT = re.compile(r"(?:open|close) "), re.compile(r"\b(?:that|this)\b")
"""A learner's "close the light, we finish" is taken alone, as is "open that, the news is starting" (not "open
it, it's your present")."""
_URGED = re.compile(
    r"(?:oh |ok |okay )?(?:go on|go ahead|come on)(?: then| please| now)?|(?:right|ok|okay|alright)(?: then)?"
)
"""A yes said to urge a command on ("make it red for the match, go on") or to begin one ("right, back home.
that on please"), not an answer to a question."""
_A_ROOM = frozenset({"room", "rooms"})
""""the room" alone is where "it" is, never what it is nor another place ("turn it off, it's heating the room
up")."""
_YES_NO = frozenset("yes yeah yep yup aye sure ok okay no nope nah".split())
SAYS_WHEN = re.compile(
    r"(?:(?:ok|okay|so|and|um|well|right|oh) )*(?:in|at|after|before|whenever|once|until|unless|by|from"
    r"|tomorrow|tonight|later|(?:every|each)(?= (?:\w*day|\w*night|\d|morning|evening|afternoon|week"
    r"|weekend|hour|minute|time|other|few|couple)\b(?! (?:is|was|feels|seems|looks|exactly|just|the same"
    r"|been)\b))"
    r"|when(?! you (?:can|have a|get a)\b)"
    r"|if(?! (?:youd|you would|you could|you can|you (?:would not|wouldnt|do not|dont) mind"
    r"|it (?:is not|isnt) too much|(?:that is|thats|it is|its) (?:ok|okay|alright|all right))\b))\b"
    r"|on(?= )"
)
"""A clause that says when or on what condition ("in 5 minutes, open the garage door", "okay so in half an
hour, ...", "if it rains, ...", "every night"; not "if you would be so kind, ...", a way of asking, nor
"every toy's packed" or "every day's the same"): the command it goes with is not for now, so no clause is
taken alone. "on" alone is a command's word ("Floor lamp, on, ...": a transcriber's commas), not a day."""
CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:!?]|\.(?!\d)|\s[-\u2013\u2014]\s)\s*"
    r"|\s+(?:because|cause|cos|since|(?:just )?in case|so that)\s+"
    r"|\s+so\s+(?=(?:please |can you |could you )?"
    r"(?:turn|switch|put|set|open|close|shut|lock|unlock|dim|start)\b)"
)
"""Where one clause of an utterance ends: punctuation, a dash, "because", "in case" or "so that" (why it is
asked: "flip the switch off in case they drill through a cable"), or "so" before a command ("the kids are in
bed so turn off the play corner light")."""
_OTHER_SAYS = TAKE_BACK | {*"on off turn switch open close shut lock unlock set dim brighten up down".split()}
"""Words in another clause (not a yes) that may take the command back, change it, or be a second one heard
amiss: then the whole is read. In a remark after it (no command, begun as a remark is, naming nothing of the
home: "the dog keeps nosing it open"), only TAKE_BACK; after a question, less _ASKED_KEEPS ("rather not")."""
_ASKING = frozenset({intents.GET_STATE, intents.CLIMATE_GET_TEMPERATURE})
_ASKED_KEEPS, _FIRST_KEEPS = frozenset({"not", "dont", "but"}), frozenset({"sorry", "actually"})


def commands(readings: Sequence[Intent]) -> list[bool]:
    """Which readings are commands (a yes among clauses is a way of speaking, not a command)."""
    return [reading.is_command and reading.name != intents.CONFIRM for reading in readings]


_LOUD = frozenset("loud quiet noisy deafening racket din".split())
_HEAT = frozenset("hot cold warm chilly freezing stuffy boiling roasting".split())
_LIGHT = frozenset("bright dark dim gloomy glaring".split())
_CLASHING = {
    intents.LIGHT_SET: _LOUD | _HEAT,
    intents.SET_VOLUME: _LIGHT | _HEAT,
    intents.CLIMATE_SET_TEMPERATURE: _LOUD | _LIGHT,
}
"""What a remark may say that another kind of device is for: a setting beside it may be meant for that one."""


def _as_meant(reading: Intent, others: set[str]) -> Intent | None:
    """A level or step of lights said of "it" beside a remark that something is loud, or only that it is cold
    or hot: the volume's or the set-point's ("turn it down to fifteen, it's rather loud", "it's chilly, bump
    it up to 22"); None for any other clash."""
    slots = reading.slots
    if reading.name != intents.LIGHT_SET or slots.name or slots.color or slots.color_temp_kelvin:
        return None
    level, step = slots.brightness, slots.brightness_step
    up = step is not None and step > 0
    if others & _LOUD and not others & (_HEAT | _LIGHT):
        meant = intents.SET_VOLUME
        kept = {"volume_level": level} if level is not None else {"volume_step": 10 if up else -10}
    elif others & _HEAT and not others & (_LOUD | _LIGHT) and (level is None or 10 <= level <= 32):
        meant = intents.CLIMATE_SET_TEMPERATURE
        degrees = 1.0 if up else -1.0
        kept = {"temperature": float(level)} if level is not None else {"temperature_step": degrees}
    else:
        return None
    if level is None and step is None:
        return None
    return dataclasses.replace(reading, name=meant, slots=Slots(area=slots.area, floor=slots.floor, **kept))  # type: ignore[arg-type]


def the_command(clauses: Sequence[str], readings: Sequence[Intent], names: frozenset[str]) -> Intent | None:
    """The reading of the one clause that is a command read exactly, when nothing in the others may take it
    back or change it ("turn on the lamp, no wait") and it does not point at what another clause names ("the
    play corner, switch it on": names holds the words of the home's device and area names). A clause that
    switches "it" on or off is taken when nothing around it names a thing or answers a question ("hmm, put
    it back on, it's still steamy in there"); one that names its own place is taken when nothing around it
    names one ("how warm is it in the hallway, the post's just come")."""
    said = [at for at, command in enumerate(commands(readings)) if command and not habit(clauses, at)]
    if len(said) != 1 or any(_EVERY_ONE.match(normalize(other)) for other in clauses):
        return None  # "all the lights off now please, every single one of them": read whole, the lot meant
    reading, clause, names = readings[said[0]], clauses[said[0]], names - _A_ROOM
    scene = reading.slots.domain in ("scene", "script") and reading.confidence >= BARE_NAME
    plain = strip_fillers(normalize(clause), asides=True)
    learner = reading.confidence == LEARNED and _OPENED.match(plain)
    pointed = reading.confidence == POINTED and _OPENED.match(plain) and _THAT.search(plain)  # "close that"
    if reading.confidence < CLAUSE_EXACT and not (scene or learner or pointed):
        return None  # "guests are here, party mode!": asked about
    others, later, taking_back = set[str](), set[str](), set[str]()  # later: after it; may take it back
    quiet = True  # every other clause a remark that names nothing of the home
    for index, (other, heard) in enumerate(zip(clauses, readings, strict=True)):
        if index == said[0] or heard.name == intents.CONFIRM:
            continue
        starts = REMARK_START.match(normalize(other)) or SOMEONE_SAYS.match(normalize(other))
        words = said_words(_UNSURE.sub(" ", _APOLOGY.sub(" ", normalize(other))))
        if starts and index > said[0]:  # "..., the potatoes aren't soft yet": a state, nothing taken back
            words = said_words(DESCRIBING.sub(" ", " ".join(words)))
        others.update(words)
        later.update(words if index > said[0] else ())
        aside = not heard.is_command and starts and not set(words) & names
        quiet = quiet and bool(aside)
        remark = index > said[0] and aside  # "it's dark, desk lamp on" may be a second command
        said_first = index < said[0]  # an excuse ("sorry, ...") or a change of mind ("actually, ...")
        kept = _FIRST_KEEPS if said_first else _ASKED_KEEPS if remark and reading.name in _ASKING else set()
        taking_back.update(word for word in words if word in (TAKE_BACK if remark else _OTHER_SAYS) - kept)
    if reading.name in SWITCHING and others & _VALUES:
        return None  # "purple like the kitchen ones, but on the bedroom lamp": a value for it, not a switch
    if others & _CLASHING.get(reading.name, frozenset()):
        return _as_meant(reading, others)  # "turn it down to fifteen, it's rather loud": the volume
    if _STEPS & set(reading.slots.as_dict()) and any(word.isdigit() or word in _NUMBERS for word in others):
        return None  # "a touch warmer, let's say 23 degrees": the value said, not a step
    if _LEVELS & set(reading.slots.as_dict()) and later & {"percent", "degrees"}:
        return None  # "kitchen light on min, like 5 percent": which value, the first or the one after?
    if any(_PEOPLE.match(normalize(other)) for other in clauses):
        return None  # "turn up the heat, team, we're two goals down": said to people
    named = any(getattr(reading.slots, key) is not None for key in ("name", "area", "floor"))
    if not (named or reading.everywhere or reading.name in _PLACELESS) and others & names:
        return None  # "everything on the first floor, lights off": the place is in the other clause
    if PRONOUN.search(_without_dummy_it(reading, normalize(clause))) and (
        (
            reading.name not in SWITCHING
            and not (named and not others & names)
            and not others <= _SAME_THING
            and not quiet  # "pause that, the pizza's here": a remark names nothing "that" may be
        )
        or others & (names | _YES_NO)
        or any(heard.name in _ANSWERS and not _URGED.fullmatch(normalize(other))
               for other, heard in zip(clauses, readings, strict=True))  # fmt: skip
    ):
        return None  # "it" may be what another clause names, a value follows on, or it answers a question
    return None if taking_back else reading


def given_up(readings: Sequence[Intent]) -> Intent | None:
    """The "never mind" a command was dropped with: the last clause read exactly as one, followed only by
    clauses that ask for nothing ("turn off the - oh never mind", "oh, hang on, never mind, I found the
    switch"); None where a command follows it ("never mind, turn on the lamp")."""
    exact = [read.name == intents.NEVERMIND and read.confidence >= CLAUSE_EXACT for read in readings]
    kept = [at for at, dropped in enumerate(exact) if dropped]
    if not kept or any(read.name != intents.NONE for read in readings[kept[-1] + 1 :]):
        return None
    return readings[kept[-1]]


def said_again(clauses: Sequence[str], readings: Sequence[Intent]) -> Intent | None:
    """The command when every clause says it, read exactly, the others with nothing more than its verb or a
    pronoun ("pause. pause. PAUSE the tv", "CLOSE the blinds. just close them."); None otherwise."""
    if len(readings) < 2 or not all(command for command in commands(readings)):
        return None
    if any(set(normalize(clause).split()) & TAKE_BACK for clause in clauses):
        return None
    if any(reading.name != readings[0].name for reading in readings):
        return None
    named = [reading for reading in readings if reading.slots.as_dict()]
    if not named and len({(reading.name, reading.slots) for reading in readings}) == 1:
        return readings[-1]  # "I'm done with this for tonight, switch it off": "it" twice
    least = [CLAUSE_EXACT if reading.slots.as_dict() else TOPICAL_EXACT for reading in readings]
    if len({reading.slots for reading in named}) != 1 or any(
        reading.confidence < floor for reading, floor in zip(readings, least, strict=True)
    ):
        return None
    return named[0]


_STEPS = frozenset({"brightness_step", "volume_step", "temperature_step"})
_LEVELS = frozenset({"brightness", "position", "volume_level", "temperature"})
_NUMBERS = NUMBER_WORDS - {"and", "a", "point", "half"}
CALLED_ON = (
    "team|lads|boys|girls|ladies|gents|gentlemen|guys|folks|everyone|everybody|you lot|you guys|you two"
    "|you all|all of you|yall|y all|kids|children|people|gang|crew|troops|mates|class|chefs|bakers"
    "|contestants"
)
"""Words that call on people in the room: a clause of them alone (_PEOPLE: "..., chefs, ...") means the
command beside it is said to them."""
_PEOPLE = re.compile(rf"(?:come on |ok |right )?(?:{CALLED_ON})$")
_VALUES = frozenset(COLORS) | frozenset("percent brightness brighter dimmer warmer cooler degrees".split())
"""Words of a value: a switch said in another clause is where it goes, not the command."""
_EVERY_ONE = re.compile(
    r"(?:and )?(?:every (?:single |last )?one|each and every one)\b"
)
_DUMMY_IT = re.compile(r"\b(?:is|was|will) it\b|\bit (?:is|was)\b|\b(?:that|this) timer\b")
_ASKED_OF_NOTHING = frozenset(
    {intents.GET_CURRENT_TIME, intents.GET_CURRENT_DATE, intents.GET_WEATHER, intents.CLIMATE_GET_TEMPERATURE}
)


def _without_dummy_it(reading: Intent, words: str) -> str:
    """The words without the "it" of "what time is it" or "how cold is it in here", or the "that" of "that
    timer", which stand for no thing another clause may name."""
    return _DUMMY_IT.sub(" ", words) if reading.name in _ASKED_OF_NOTHING | intents.TIMER_INTENTS else words


_STRONG_ANSWERS = frozenset(
    "yes yeah yep yup sure confirm confirmed correct absolutely definitely ahead no nope nah negative".split()
)


def the_answer(clauses: Sequence[str], readings: Sequence[Intent]) -> Intent | None:
    """The clause or clauses that answer a question the same way ("sure, do it"), among remarks that take
    nothing back ("sure, it's my mum at the door"; "yes, the back door" is no remark); None otherwise."""
    answers = [reading for reading in readings if reading.name in _ANSWERS]
    if len({answer.name for answer in answers}) != 1 or any(commands(readings)):
        return None  # none, or a yes and a no
    said = {word for clause, heard in zip(clauses, readings, strict=True) if heard in answers
            for word in normalize(clause).split()}  # fmt: skip
    if not (said & _STRONG_ANSWERS or {"go", "on", "then"} <= said):  # "go on then, ...": a yes
        return None  # "right, i'm off to bed": a way of speaking, not an answer
    for other, heard in zip(clauses, readings, strict=True):
        if heard not in answers and (
            not (REMARK_START.match(plain := normalize(other)) or SOMEONE_SAYS.match(plain))
            or set(plain.split()) & (TAKE_BACK | _YES_NO)
        ):
            return None
    return answers[0]


_APOLOGY = re.compile(
    r"\bsorry (?:about|for) (?:that|this|the (?:noise|wait|fuss|mess|interruption))"
    r"|\bsorry to (?:bother|trouble|interrupt)(?: you)?\b"
    r"|\bif (?:it|that) (?:is not|isnt) too much(?: of a)? (?:trouble|bother)\b"
    r"|\bif you (?:do not|dont|would not|wouldnt) mind\b|\bi hope you (?:do not|dont) mind\b"
)
"""An apology beside a command ("ok carry on, sorry about that") takes nothing back, nor does a polite "if it
isn't too much trouble", being unsure ("i'm not sure which key it is") or what someone is meant to do ("he's
meant to take me")."""
_UNSURE = re.compile(
    r"\bnot sure\b|\b(?:is|are|was|were|hes|shes|im|youre|theyre) meant to\b|\bat the (?:front )?door$"
    r"|\b(?:i|we) (?:dont|do not) need (?:it|that|them|this)(?: any ?more| now)?\b"
    r"|\b(?:im|i am|were|we are|hes|shes|he is|she is) (?:back|home|off|out)\b"
    r"|^no (?:higher|lower|warmer|cooler|colder|hotter|louder|brighter|dimmer|more|less)"
    r"(?: than th(?:at|is))?$|\b(?:yes )?or (?:no|not)$|\bfor no (?:good )?reason\b|\bno (?:idea|more \w+s)\b"
    r"|\b(?:that|it|this|they|he|she) (?:was|is|were|are) actually\b"
)
_SAME_THING = frozenset(
    "what about how and so ok okay hey um hmm well right then that this one these those there".split()
)
"""Words of another clause that point at the same thing as "it" ("what about that one, is it on")."""


_TIMED = re.compile(r" (?:timer|minutes?|mins?|seconds?|secs?|hours?|hrs?)$")
"""The end of a timer's words that holds its length (or says it first): no remark after it holds it."""


def the_command_before(words: str, read: Callable[[str], Intent], names: frozenset[str]) -> Intent | None:
    """The command (or answer: "yeah go on its just grandma") before a remark said without a comma, read as
    a clause before it would be; a timer only with its length said before the remark ("a 3 minute timer my
    noodles are in", "a timer for 45 minutes so the washing doesn't sit")."""
    for command, remark in remark_splits(words):
        heard, said = [read(command), read(remark)], [command, remark]
        answered = len(set(command.split())) > 1 and not set(remark.split()) & _OTHER_SAYS  # not "yeah im in"
        found = the_command(said, heard, names) or (the_answer(said, heard) if answered else None)
        if found is not None and (found.name != intents.START_TIMER or _TIMED.search(command)):
            return found
    return None


def before_remarks(clauses: Sequence[str]) -> list[str]:
    """The words without a remark said at the end of the last of several clauses ("bedroom curtain, open it
    halfway so the plants get some sun" → "bedroom curtain, open it halfway"), the longest first; none where
    the remark may take the command back."""
    clauses = [clause for clause in clauses if clause and clause.strip()]
    if len(clauses) < 2:
        return []  # one clause: the_command_before reads it
    kept = ", ".join(clauses[:-1])
    return [
        f"{kept}, {command}"
        for command, remark in reversed(remark_splits(normalize(clauses[-1])))
        if command and not set(remark.split()) & TAKE_BACK
    ]


TOPICAL_EXACT = 0.75
"""Grammar confidence a reading needs with the thing named in place of its pronoun: an exact match, or a
learner's form ("the desk lamp, you close it"), which is then asked about."""
_STANDS_FOR = re.compile(r"\b(?:it|them|they|that|this|those|these)(?: one)?\b")
_POINTER = frozenset(
    "the my our your a an that this those these one in on at of by here there out over".split()
)


def with_topic(clauses: Sequence[str], names: frozenset[str]) -> str | None:
    """Two clauses, one naming a thing and nothing else, the other saying what to do with "it" or asking
    about it ("the garage door, is it open", "living room lights, switch off them", "that light, douse it"):
    the other with the thing in place of its pronoun; None otherwise. names: the words of the home's names."""
    if len(clauses) != 2:
        return None
    for topic, said in (clauses, clauses[::-1]):
        words, said = (
            strip_fillers(normalize(topic), asides=True).split(),
            strip_fillers(normalize(said), asides=True).removeprefix("you "),  # "is it possible to ..."
        )
        words = [word for at, word in enumerate(words)
                 if word not in ("out", "over") or words[at + 1 :][:1] != ["in"]]  # fmt: skip
        named = [word for word in words if word not in _POINTER]  # "the light out in the garage": in it
        pointed = set(words) & {"that", "this"}  # "that one, is it on"
        known = all(word in names or word.removesuffix("s") in names for word in named)
        if (named or pointed) and known and _STANDS_FOR.search(said):
            return _STANDS_FOR.sub(" ".join(words), said, count=1)
    return None


def with_place(clauses: Sequence[str], places: frozenset[str]) -> list[str]:
    """Two clauses, one naming a place and nothing else ("kitchen: all lights off", "upstairs - lights off"):
    the other with the place said after it ("all lights off in the kitchen", "... on the first floor"); []
    otherwise. places: the home's area and floor names and aliases, normalised."""
    if len(clauses) != 2:
        return []
    for place, said in (clauses, clauses[::-1]):
        words = strip_fillers(normalize(place), asides=True).removeprefix("the ")
        if words in places and said.strip():
            return [f"{normalize(said)} {where} the {words}" for where in ("in", "on")]
    return []


_NOUN_PHRASE = re.compile(r"^(?:the|my|our|your|those|these) (?:\w+ ){0,3}\w+$")
_VERBS = frozenset("is are was were be been has have had do does did can will would turn switch put".split())
_SAID_OF = re.compile(r"'s (?:\w+ing|still|just|not|been|gone|done|ready|broken)\b")  # "the kettle's boiling"


def unknown_topic(clauses: Sequence[str], names: frozenset[str]) -> bool:
    """Whether one of two clauses names a thing, with words none of the home's names holds, that the other
    says what to do with ("the christmas tree lights, switch them on"): a thing the home does not have,
    never the device "them" would otherwise be taken for."""
    if len(clauses) != 2:
        return False
    for topic, said in (clauses, clauses[::-1]):
        words = strip_fillers(normalize(topic), asides=True)
        if not _NOUN_PHRASE.match(words) or set(words.split()) & _VERBS or _SAID_OF.search(topic.lower()):
            continue
        named = [word for word in words.split() if word not in _POINTER]
        known = all(word in names or word.removesuffix("s") in names for word in named)
        if not known and _STANDS_FOR.search(re.sub(r"\b(?:that|this) timer\b", "", normalize(said))):
            return True
    return False


_ASKED_OF_IT = re.compile(
    r" (?=(?:is|are|was|were|has|have|does|do|did|can|will) (?:it|they|that|this)\b"
    r"|(?:can|could|will|would) you (?:\w+ ){1,2}(?:it|them|that|those)$)"
)
"""Where a question about "it" may begin after the thing is named with no comma ("the bedroom curtain is it
closed or no"), or a request of it ("curtain right can you close it")."""


def asked_of_it(words: str) -> list[str]:
    """[the thing named, the question about it] of normalised words without a comma; [] when there is none."""
    found = _ASKED_OF_IT.search(words)
    return [words[: found.start()], words[found.start() + 1 :]] if found is not None and found.start() else []
