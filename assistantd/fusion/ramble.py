"""One command said among the sentences of a ramble, as voice typing writes it, with no marks between them
("ok so the twins are finally down and honestly i could sleep for a week can you turn the garage light off i
left it on when i put the bins out"): the one run of words the grammar reads exactly as a command, starting
where a request starts. It is asked about ("Did you mean ...?") unless a request marker ("can you", "please",
"so", "anyway") comes right before it; two different commands, or none, are no reading."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from assistantd import intents
from assistantd.intents import Intent
from assistantd.text import normalize

LONG = 10
"""Words an utterance needs to be searched so: shorter ones are read whole or clause by clause."""
UNSURE = 0.75
"""The confidence of a command found among a ramble with nothing marking it as a request: asked about."""
_LONGEST = 14
"""Words a command among a ramble has at most."""
_AFTER = frozenset("so anyway and then please ok okay right oh now but well also cheers thanks".split())
"""Words after which a request may start ("... anyway put the living room lamp on"); after "just" only a verb
may ("... just turn the lights off", not "... looks with just the lamp on")."""
_VERBS = frozenset(
    "turn switch put set open close shut lock unlock pause play resume stop start add dim brighten send skip"
    " cancel activate run bring make lower raise is are whats what how hows".split()
)
"""Words a request may start with after any other word ("... keep happening add toilet roll to the list")."""
_NOT_BEFORE = frozenset(
    "i we he she they you it not dont never didnt cant wont shouldnt to said says told asked forgot forget"
    " always usually might may should shall must gonna wanna going used would could will can nobody everyone"
    " everybody anyone anybody someone somebody people a an the my your his her their our this that total"
    " sang sings shouted shouts yelled yells screamed screams goes went like".split()
)
"""Words after which a verb is no request: a subject, a modal, a determiner, someone else's words ("when i put
the bins out", "forgot to turn off", "a total switch off", "she sang open the curtains")."""
_CONDITIONS = frozenset(
    "when whenever if once until unless after said says told shouted shouts yelled yells sang sings"
    " like every each daily weekly nightly weekdays weekends".split()
)
"""Words before a command that put it off, make it depend on something, repeat it or report it ("when John
comes home, turn on ...", "at eleven daily start the vacuum", "he just shouted lock the doors and turn off
every light", "he's like lock the door")."""
_PUT_OFF_OR_NOT = re.compile(
    r"\bin (?:\w+ ){0,3}(?:minutes?|mins?|hours?|seconds?|secs?)\b|\bin half an hour\b|\bin a (?:bit|while)\b"
    r"|\b(?:dont|do not|no)\b"
)
"""Words before a command that put it off ("in ten, uh, in fifteen minutes switch off ...") or rule something
out ("don't touch the garage light, just switch off ...": contrast.py reads those)."""
_DETERMINERS = frozenset("the my our your this".split())
_TAKEN_BACK = frozenset("no not dont wait actually cancel never scratch forget later tomorrow yet".split())
"""Words after a command that may take it back or put it off."""
_PRONOUNS = frozenset("it that this them those these".split())
_QUOTE = re.compile(r"(?:^|\s)['\"\u2018\u201c]\w")
"""A quotation starts: words read out, not asked for."""
_CLAUSE_MARK = re.compile(r"[,;:!?.]")
_OTHERS = re.compile(r"\b(?:can|could|will|would) (?:someone|somebody|anyone|anybody)\b|\bwhoever\b")
"""Words that ask people in the room ("can someone go and check if ...")."""
_CALLED = re.compile(r"\s*[A-Z][a-z]+,?\s+(?:can|could|would|will)\s+you\b")
_FAMILY = frozenset(
    "mum mummy mom mommy mam dad daddy nan nana grandma grandad grandpa babe love honey".split()
)
"""Words of address a ramble to someone in the family starts with ("Mum can you close the curtains ...")."""
_NEW_SENTENCE = frozenset(
    "i im ive ill id we were weve he hes she shes they theyre it its thats there theres the my our your this"
    " before while because cos cause since as thanks cheers please ok okay so then or x lol is are do does"
    " did can will".split()
)
"""Words that start another sentence or an aside after a command."""
_OPENERS = frozenset(
    "right ok okay so well sorry anyway honestly oh um hey look alright actually yes no yeah please hmm ugh"
    " oops listen cheers thanks ta thx lol".split()
)
"""Words a ramble may open with before a comma that are no one's name."""
_ASKING = frozenset({("can", "you"), ("could", "you"), ("would", "you"), ("will", "you"), ("oh", "and")})
_MARKERS = frozenset({"please", "so", "anyway", "just"})
"""Words right before a request that make it one, not a guess."""


def among(
    text: str,
    area_id: str | None,
    read: Callable[[str, str | None], Intent],
    certain: Callable[[Intent], bool],
) -> Intent | None:
    """The one command among a ramble's words heard in area_id (read: the grammar's reading of some words
    heard there; certain: whether a reading is exact), at confidence UNSURE where nothing marks it as a
    request; None where the words are short, quoted or said to someone, or hold no command or more than one
    (one they start with counts). The run starts after the first word (what starts the words is the whole's
    or a clause's to read) and ends where the words do or another sentence starts ("... turn the garage light
    off i left it on"; not "lights out is nine o'clock")."""
    words = normalize(text).split()
    if len(words) < LONG or _QUOTE.search(text) or _to_someone(text, words):
        return None
    found: dict[tuple[object, ...], tuple[Intent, bool]] = {}
    for start in range(1, len(words)):
        before = " ".join(words[:start])
        if not _starts(words, start) or _CONDITIONS & set(words[:start]) or _PUT_OFF_OR_NOT.search(before):
            continue
        for end in range(min(len(words), start + _LONGEST), start + 1, -1):
            said = words[start:end]
            if not _ends(words, end):
                continue
            reading = read(" ".join(said), area_id)
            if not (reading.is_command and certain(reading)):
                continue
            cut = end < len(words) and words[end] in _DETERMINERS
            placing = said[-1] == "on" and said[0] not in _VERBS  # "the lamp on [the desk]", no verb said
            if cut and reading.name in intents.ACTING and (not _placed(reading) or placing):
                continue  # "switch off [the kitchen ones]": its object cut off
            if set(words[end:]) & _TAKEN_BACK or (_PRONOUNS & set(said) and not _placed(reading)):
                break  # "I might dim the lights later, not yet", "bring it down to twenty": not this one
            marked = words[start - 1] in _MARKERS or tuple(words[start - 2 : start]) in _ASKING
            key = (reading.name, reading.slots)
            found[key] = (reading, found.get(key, (reading, False))[1] or marked)
            break
    if len(found) != 1 or not _opening(words, area_id, read, certain) <= set(found):
        return None  # none, two different commands, or another command at the start
    reading, marked = next(iter(found.values()))
    return dataclasses.replace(reading, text=text, confidence=reading.confidence if marked else UNSURE)


def _opening(
    words: list[str],
    area_id: str | None,
    read: Callable[[str, str | None], Intent],
    certain: Callable[[Intent], bool],
) -> set[tuple[object, ...]]:
    """The device command the words start with, if any ("turn on the floor lamp so turn off the desk lamp"; a
    question, "is this thing on? could you put the heating to 20", is none)."""
    for end in range(min(len(words), _LONGEST), 1, -1):
        reading = read(" ".join(words[:end]), area_id)
        if reading.name in intents.ACTING and certain(reading):
            return {(reading.name, reading.slots)}
    return set()


def _to_someone(text: str, words: list[str]) -> bool:
    """Whether the words are said to someone in the room: by name or a word of address before or after a
    comma ("Noah, open the curtains in your room, ...", "... when you went out, dad?"), or asking anyone."""
    clauses = [normalize(clause).split() for clause in _CLAUSE_MARK.split(text) if normalize(clause)]
    named = len(clauses) > 1 and any(
        len(clause) == 1 and clause[0] not in _OPENERS for clause in (clauses[0], clauses[-1])
    )
    called = _CALLED.match(text) is not None and words[0] not in _OPENERS  # "Jess can you pause it"
    return named or called or words[0] in _FAMILY or _OTHERS.search(" ".join(words)) is not None


def _ends(words: list[str], end: int) -> bool:
    """Whether a sentence may end before this word: the words end, or another sentence or an aside starts."""
    if end == len(words):
        return True
    after = words[end]
    if after == "and":
        return end + 1 < len(words) and words[end + 1] in _NEW_SENTENCE | {"then"}
    return after in _NEW_SENTENCE


def _placed(reading: Intent) -> bool:
    """Whether a reading names its device or place (else "it" in it is something the ramble spoke of)."""
    return any(getattr(reading.slots, key) is not None for key in ("name", "area", "floor"))


def _starts(words: list[str], start: int) -> bool:
    """Whether a request may start at this word."""
    if start == 0:
        return True
    before = words[start - 1]
    if before in _NOT_BEFORE:
        return tuple(words[start - 2 : start]) in _ASKING  # "can you turn", not "when you turn"
    return before in _AFTER or words[start] in _VERBS
