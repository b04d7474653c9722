"""Corrections on the fly: "turn the lamp red, no wait, orange", "kitchen lights to fifty, make that seventy",
"add five, no, ten minutes to the timer", "the weather in london, er, los angeles i mean", "unlock the front,
wait no, lock it, lock the front door". What was meant is the words before the correction with their last
words replaced by those after it, or the words after it alone, or the last clause that is a command; taken
only where the grammar reads it exactly. A correction that can only be one (not "actually", "wait" or "make
it", which are ways of speaking too) is read before the words as said: a command for the value taken back
is never carried out."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from math import isclose

from assistantd.fusion.remarks import before_remarks_said
from assistantd.grammar.learners import LEARNED
from assistantd.grammar.numbers import NUMBER_WORDS
from assistantd.intents import ANSWERS, Intent
from assistantd.text import normalize, strip_fillers

_NUMBER = "|".join(sorted(NUMBER_WORDS - {"and", "a", "point", "half"}, key=len, reverse=True))
_SURELY = (
    r"no wait|wait no|no sorry|sorry no|sorry|i mean|i meant|or rather|no make that|make that|no make it"
    r"|or actually|no actually|actually no|no no|no(?= (?:the|my|our|to|in|\d|(?:" + _NUMBER + r")\b))"
)
_SAYING = rf"{_SURELY}|actually|wait|make it"
_CORRECTION = re.compile(rf" (?:{_SAYING})(?: (?:{_SAYING}))* ")
"""A correction on the fly: "turn the lamp red no wait orange", "shut the garage i mean the garage door",
"turn on the kitchen no the office lights", "add five no ten minutes", "fifteen make it twenty minutes"; the
ways of saying it run together are one ("at thirty hmm actually no make it sixty")."""
_SURE_CORRECTION = re.compile(rf" (?:{_SURELY}) ")
"""The words that say a correction whatever else was said: what they correct is read before any reading of
the words as said ("kitchen lights to fifty make that seventy percent" is no command for fifty)."""
_MEANT_LAST = re.compile(r"^(?P<said>.+) (?:i mean|i meant)$")
"""A correction said before the words that say so: "the weather in london los angeles i mean"."""
_MARKED_LAST = re.compile(
    r"(?:[,;:]|\s[-\u2013\u2014]|\b(?:er|erm|uh|um|hmm)\b)\s*(?P<meant>[^,;:]+?)\s+i meant?\W*$", re.I
)
"""Where the B of "A, er, B i mean" begins in the words as written."""
_HESITATION = re.compile(r"\b(?:er|erm|uh|um|hmm)\b", re.I)
MAX_REPLACED = 4
"""At most this many words before a correction are what it replaces."""
_NO_BETWEEN = re.compile(
    r"(?:,|\.\.\.|\u2026)\s*(?:(?:ah|oh|uh|er|um)\s+)?(?:no|nope|sorry)(?:,?\s*(?:no|sorry))*"
    r"(?:,?\s*(?:that'?s|that is|it'?s|it is|not) (?:too |a bit |way )?\w+)?\s*,"
    r"|(?:\s[-\u2013\u2014]|[\u2013\u2014])\s*(?:no|sorry)\b"
    r"|,\s*(?:hmm|er|erm|uh|um)\s*,\s*(?=make (?:it|that)\b)"
)
"""A "no" between commas or after a dash takes back what came before it ("stealth, no, party mode", "green—
no, yellow", "the garage light, no no, the desk lamp", "to fifty, uh no that's loud, thirty five"), as does
"make it" after a hesitation between commas ("to fifty, hmm, make it twenty five")."""
_SAID_NUMBER = rf"(?:\d+|{_NUMBER})(?: (?:{_NUMBER}))?"
_NUMBER_NO = re.compile(rf"\b{_SAID_NUMBER} no (?P<meant>{_SAID_NUMBER})$")
"""A number put right with "no" and no pause ("twenty one no twenty two"): the one meant."""
_SORRY_LAST = re.compile(
    r"(?:,\s*|\s+)(?:sorry|i'm sorry)(?:,?\s*(?:carry on|go on|as you were))?\W*$", re.I
)
"""An apology said after the correction ("the garage, no, the kitchen, sorry"), or to someone interrupted
("..., sorry, carry on"): it corrects nothing more."""
_ONE = re.compile(rf"^(?:the )?(?!(?:{_NUMBER}|\d+)\b)(?P<which>\w+(?: \w+)?) ones?(?P<rest> .+)?$")
"""A correction that names only which one ("the left curtain, sorry, the right one"): its word in place of the
one said before."""
_MARKED = re.compile(
    r"^(?P<before>.*?)(?:,\s*|\b(?:er|erm|uh|um|hmm)\b,?\s*)(?!\s*(?:er|erm|uh|um|hmm)\s*,)[^,]+?,\s*"
    r"(?:no|sorry|no sorry|wait no|no wait)\s*,\s*(?P<after>.+)$",
    re.I,
)
"""What a correction between commas replaces, where a comma or a hesitation shows where it begins: "add, er,
washing-up liquid, no, bin bags to the shopping list"."""


def corrected(
    text: str, split: Callable[[str], Sequence[str]], read: Callable[[str], Intent], exact: float
) -> Intent | None:
    """What a correction on the fly that can only be one meant: the words it corrects replaced, else the last
    clause (of those split gives) that is a command; in the words said, then without the remarks after it
    ("switch the light on, sorry, off, I'm done in here"). Read with at least exact confidence, else naming a
    device by every word of its name ("the left curtain, sorry, the right one"), else as a learner's way of
    saying it ("close the garage light, no, the desk lamp"), which is asked about; never a looser reading
    ("bathroom fan off, uh, no, the ceiling fan" is no command for the bathroom's fans)."""
    text = _SORRY_LAST.sub("", text)
    shorter = [said] if (said := before_remarks_said(text)) != text else []
    options = [option for said in [text, *shorter] for option in _meanings(said, split(said), read, exact)]
    readings = [(option, found) for option in options if (found := read(option)).is_command]
    readings = [(option, found) for option, found in readings if found.name not in ANSWERS]
    named = (found for option, found in readings if found.confidence >= NAMED and _every_word(found, option))
    grammar = [found for _, found in readings if found.recognizer == "grammar"]
    learned = (found for found in grammar if isclose(found.confidence, LEARNED))
    exactly = (found for _, found in readings if found.confidence >= exact)
    return next(exactly, None) or next(named, None) or next(learned, None)


NAMED = 0.9
"""A reading of what a correction meant that names a device by every word of its name, in another order
("open the right curtain": Curtain Right), is taken from this confidence."""


def _every_word(found: Intent, said: str) -> bool:
    """Whether the words said hold every word of the name of the one device the reading names."""
    name = found.slots.name
    return bool(name) and name != "all" and set(normalize(name or "").split()) <= set(said.split())


def _meanings(text: str, clauses: Sequence[str], read: Callable[[str], Intent], exact: float) -> list[str]:
    """What a correction on the fly that can only be one may have meant, most likely first (none where the
    words hold no such correction)."""
    words = strip_fillers(normalize(_NO_BETWEEN.sub(" no wait ", text)))
    if not surely_corrected(words):
        return []
    last = [clause for clause in reversed(clauses) if clause and clause.strip()][:-1]
    marked = _MARKED.match(text)
    said = [f"{marked['before']} {marked['after']}"] if marked is not None else []
    return _naming([*said, *corrections(words, text), *last], _named_before(words, read, exact))


_PRONOUN = re.compile(r"\b(?:it|them)\b")


_THE_THING = re.compile(r"\b(?:the|my|our|all the) .+$")


def _named_before(words: str, read: Callable[[str], Intent], exact: float) -> str | None:
    """The device named in the words before the first correction ("switch off the desk lamp" of "switch off
    the desk lamp actually just dim it to 10"), or the words that say which devices where the reading names
    none ("the curtains in living room" of "close the curtains in living room, no wait, open them"), where the
    grammar reads them exactly."""
    found = _corrections_in(words)
    before = words[: found[0].start()].strip() if found else ""
    heard = read(before) if before else None
    if heard is None or heard.confidence < exact or heard.slots.name == "all":
        return None
    if heard.slots.name is None:
        thing = _THE_THING.search(before) if heard.slots.area and heard.slots.domain else None
        return thing[0] if thing is not None else None
    return heard.slots.name.casefold()


def _naming(options: list[str], name: str | None) -> list[str]:
    """Each option, "it" or "them" in it first put as the device named before the correction."""
    if name is None:
        return options
    named: list[str] = []
    for option in options:
        if _PRONOUN.search(option):
            named.append(_PRONOUN.sub(name, option))
        named.append(option)
    return list(dict.fromkeys(named))


def _corrections_in(words: str) -> list[re.Match[str]]:
    """The corrections said on the fly in normalised words (padded with a space each side); "actually" after
    a subject or an auxiliary says how, not that something is corrected ("did I actually lock the door")."""
    padded = f" {words} "
    return [found for found in _CORRECTION.finditer(padded) if not _apology_or_manner(padded, found)]


_HOW_BEFORE = [[word] for word in "i we you they he she it did do does have has had was is are".split()]
_SORRY_AFTER = [[word] for word in "am im are so very terribly awfully really truly ever".split()]


def _apology_or_manner(padded: str, found: re.Match[str]) -> bool:
    """Whether a word that may correct says how instead ("did I actually lock it") or apologises ("I'm
    terribly sorry, would you ..."): nothing said before it is taken back."""
    said, before = found.group().split(), padded[: found.start()].split()[-1:]
    return said == ["actually"] and before in _HOW_BEFORE or said[0] == "sorry" and before in _SORRY_AFTER


def corrections(words: str, text: str = "") -> list[str]:
    """What may have been meant where one correction was said on the fly, most likely first: the words after
    it alone, then the words before it with their last one to MAX_REPLACED words replaced by those after
    (text: the words as written, whose commas show where "A, B i mean" has its B)."""
    if (last := _MEANT_LAST.match(words)) is not None:
        if (marked := _MARKED_LAST.search(text)) is not None:
            said = strip_fillers(normalize(_HESITATION.sub(" ", text[: marked.start()]))).split()
            return _replacing(said, strip_fillers(normalize(marked["meant"])))[1:]
        return _meant_last(last["said"].split())
    found = _corrections_in(words)
    if len(found) != 1:
        return []
    before, after = words[: max(found[0].start() - 1, 0)].strip(), words[found[0].end() - 1 :].strip()
    if not before or not after:
        return []
    which = _ONE.match(after)  # "the right one": "right" in place of a word before the noun, never alone
    head, noun = before.rsplit(" ", 1) if " " in before else ("", before)
    instead = [f"{said} {noun}" for said in _replacing(head.split(), which["which"])[1:]] if which else []
    rest = (which["rest"] or "") if which is not None else ""  # "the office one, to 30"
    return list(dict.fromkeys([*(said + rest for said in instead), *_replacing(before.split(), after)]))


def named_corrections(words: str, text: str, read: Callable[[str], Intent], exact: float) -> list[str]:
    """corrections(words, text), each with "it" or "them" put as the device named before the correction
    first ("switch off the desk lamp actually just dim it to 10": dim the desk lamp)."""
    if (kept := _SORRY_LAST.sub("", text)) != text:  # "..., sorry, carry on": nothing corrected
        text, words = kept, strip_fillers(normalize(kept))
    return _naming(corrections(words, text), _named_before(words, read, exact))


def _replacing(head: list[str], after: str) -> list[str]:
    """The words after a correction alone, then those before it with their last words replaced by them."""
    spans = [
        (end - count, end)
        for end in range(len(head), 1, -1)  # what was said last is what is corrected, most likely
        for count in range(1, min(MAX_REPLACED, end - 1) + 1)
    ]
    candidates = (" ".join([*head[:start], after, *head[end:]]) for start, end in spans)
    return list(
        dict.fromkeys([after, *(re.sub(r"\b(\w+) \1\b", r"\1", candidate) for candidate in candidates)])
    )


def _meant_last(said: list[str]) -> list[str]:
    """What "A B i mean" meant: A with its last words replaced by B, B the last MAX_REPLACED words to one."""
    return list(
        dict.fromkeys(
            meant
            for count in range(min(MAX_REPLACED, len(said) - 1), 0, -1)
            for meant in _replacing(said[:-count], " ".join(said[-count:]))[1:]
        )
    )


def said_last(text: str) -> str | None:
    """The words after the last correction that can only be one ("a bit more, 21, no, 22": "22"), as
    normalised words; None where there is none."""
    words = strip_fillers(normalize(_NO_BETWEEN.sub(" no wait ", _SORRY_LAST.sub("", text))))
    found = [said for said in _corrections_in(words) if _SURE_CORRECTION.search(said.group())]
    if not found and (number := _NUMBER_NO.search(words)) is not None:  # "make it twenty one no twenty two"
        return f"{words[: number.start()]}{number['meant']}"
    return (words[found[-1].end() - 1 :].strip() or None) if found and surely_corrected(words) else None


def takes_back(text: str) -> bool:
    """Whether words as said hold a correction that can only be one, with words before and after it."""
    return surely_corrected(strip_fillers(normalize(_NO_BETWEEN.sub(" no wait ", text))))


def surely_corrected(words: str) -> bool:
    """Whether normalised words hold a correction that can only be one ("make that", "no wait", "i mean"),
    with words before and after it (or "i mean" last)."""
    padded = f" {words} "
    return _MEANT_LAST.match(words) is not None or any(
        0 < found.start() and found.end() < len(padded) and not _apology_or_manner(padded, found)
        for found in _SURE_CORRECTION.finditer(padded)
    )


def corrected_mid_way(words: str) -> bool:
    """Whether normalised words hold a correction with words before and after it."""
    padded = f" {words} "
    return any(0 < found.start() and found.end() < len(padded) for found in _corrections_in(words))


_LEFT_ON = re.compile(
    r"^(?:i think |i reckon |looks like |oh )?(?P<thing>.+?) (?:(?:is|are) )?(?:still |left )?"
    r"(?P<state>on|open|unlocked)(?: again)? (?:can|could|would|will) you (?:get|sort|deal with|see to|fix)"
    r" (?:that|those|it|them)$"
)
_PUT_RIGHT = {"on": "turn off", "open": "close", "unlocked": "lock"}


def put_right(words: str) -> list[str]:
    """The command meant where something left on, open or unlocked is pointed out and the listener asked to
    deal with it ("i think the garage lights are still on can you get those": turn them off)."""
    found = _LEFT_ON.match(words)
    return [f"{_PUT_RIGHT[found['state']]} {found['thing']}"] if found is not None else []
