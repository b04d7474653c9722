"""Text normalisation shared by templates, names and utterances: case, punctuation, units, fillers."""

from __future__ import annotations

import re
import unicodedata

_CONTRACTIONS: tuple[tuple[str, str], ...] = (
    ("what's", "what is"),
    ("where's", "where is"),
    ("who's", "who is"),
    ("how's", "how is"),
    ("when's", "when is"),
    ("that's", "that is"),
    ("there's", "there is"),
    ("it's", "it is"),
    ("let's", "let us"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("didn't", "did not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("wasn't", "was not"),
    ("can't", "cannot"),
    ("won't", "will not"),
    ("i'm", "i am"),
    ("i'd", "i would"),
    ("i'll", "i will"),
    ("you're", "you are"),
    ("we're", "we are"),
    ("they're", "they are"),
)
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(re.escape(short) for short, _ in _CONTRACTIONS) + r")\b")
_CONTRACTION_MAP = dict(_CONTRACTIONS)
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("°c", " degrees "),
    ("°f", " degrees "),
    ("°", " degrees "),
    ("%", " percent "),
    ("&", " and "),
    ("+", " plus "),
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_PUNCTUATION = re.compile(r"[^\w\s.]|_")
_STRAY_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_JOINED_UNIT = re.compile(r"(?<=\d)(?=k\b)")
"""A unit written on to its number ("2700K")."""
_ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}
_ORDINAL = re.compile(r"\b(?:1st|2nd|3rd|4th|5th)\b")
"""Ordinals as a transcriber writes them ("the 1st floor"), said as words."""
_SPACES = re.compile(r"\s+")

_LEADING_FILLERS = re.compile(
    r"^(?:(?:hey|ok|okay) (?:house|home)|please to"
    r"|(?:hey|hi|hello|ok|okay|um|umm|uh|uhm|er|erm|hmm|ugh|ooh|oo|so|well|alright|please|kindly|now|and|but)"
    r"|oh(?: (?:my )?(?:god|gosh|goodness|lord|dear|man|boy|jeez))?|(?:my )?(?:god|gosh|goodness)|jeez|blimey"
    r"|(?:alexa|siri|google|olly|jarvis|mycroft|computer|assistant|home assistant)"
    r"|(?:can|could|would|will) (?:you|u|ya)(?: please| pls)?(?: kindly| just)?|you can"
    r"|i (?:want|need|would like) you to|(?:would|what do) you mind|do me a favou?r and|i would like to"
    r"|i want to|(?:(?:would|what do) you )?be (?:so kind|so good|kind enough|good enough) as(?: to)?"
    r"|(?:good )?(?:morning|afternoon|evening)"
    r"|i (?:would|should) be (?:most |very |ever so )?grateful if you (?:could|would|can)|now then"
    r"|(?:can|could) i (?:ask you to|get you to)|help me(?: to)?"
    r"|i wonder(?: (?:if|whether) you (?:might|could|would))?"
    r"|(?:i wonder )?would it be (?:too much |any |a )?(?:trouble|bother|possible) (?:for you )?to"
    r")(?= (?!then$))\s+"
)
_TRAILING_FILLERS = re.compile(
    r"(?<=\S)(?:\s+(?:please|pls|plz|plse|if you please|for me|thanks|thank you|now|right now|just now"
    r"|for now|asap|as well"
    r"|already|again please|dear|my dear|darling|altogether|completely|bruh|dude|mate|lol|rq|thx|ta)"
    r"|(?<!ty)\s+too|(?<![\d\s])\s+kk?)+$"
)
"""Words said after a command that add nothing to it; "too" only where no number is heard in it ("seventy
too" is a transcript's 72)."""
_INNER_FILLERS = re.compile(
    r"(?<=\S) (?:please|um|umm|uh|uhm|er|erm|kindly|dear|for me(?= a (?:bit|little|touch|tad)\b)) (?=\S)"
)
_GERUNDS = {
    "making": "make", "turning": "turn", "switching": "switch", "setting": "set", "putting": "put",
    "opening": "open", "closing": "close", "shutting": "shut", "locking": "lock", "unlocking": "unlock",
    "dimming": "dim", "pausing": "pause", "playing": "play", "starting": "start", "stopping": "stop",
    "adding": "add", "raising": "raise", "lowering": "lower", "drawing": "draw", "checking": "check",
}  # fmt: skip
_MIND = re.compile(r"^(?:would|do|what do) you mind (" + "|".join(_GERUNDS) + r")\b")
_MIND_MUCH = re.compile(r"^((?:would|do|what do) you mind) (?:very much|terribly|awfully|at all) ")
"""A request as "would you mind making the lights orange": the verb it asks for ("make ..."); "what do you"
is how a transcriber may hear "would you" said quickly."""
_STAMMER = re.compile(r"\b(the|a|an|my|our|to|on|off|in|of|turn|set|put|(?!\d)\w+ (?!\d)\w+)(?: \1)+\b")
"""A word said twice over a hesitation ("turn the um the lamp off" once "um" is gone), or two words ("lights off
when you when you get a sec")."""
_LIKE = re.compile(r"^(what is the (?:\w+ ){1,2})like(?: (?=\S)|$)")
"""How a question about a measure is said in passing ("what is the humidity like in the living room")."""
_NUMBERISH = (
    r"(?:\d+|a|an|and|half|quarter|quarters|third|thirds|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_LIKE_NUMBER = re.compile(rf"\blike (?={_NUMBERISH}(?: {_NUMBERISH})*(?: percent)?$)")
"""A value said loosely at the end ("countertop light like three quarters"): the value ("warmer like 2700
kelvin" keeps it: a unit follows)."""
_LEADING_ASIDES = re.compile(
    r"^(?:right then|ok so|okay so|go on|just|right|oi|wait|hang on|oh|och|actually|sorry|excuse me"
    r"|maybe|possibly|perhaps|then|before i forget|i wonder|do please|do(?= (?:switch|turn|put|pause))"
    r"|lovely(?= (?:turn|switch|put|set|now|thanks|thank|and|so|then|ok|okay|right|can|could|would|lock"
    r"|open))"
    r"|yo|k|kk|ngl|tbh|brb|omg|quick|quickly"
    r"|(?:is|would) it (?:be )?(?:at all )?possible (?:for you )?to|is there (?:a|any) way (?:for you )?to"
    r"|is there (?:a|any) way (?:you|u) (?:can|could)|any chance (?:you|u) (?:can|could)"
    r"|how (?:do|can|would) (?:i|we)(?= (?:make|turn|switch|put|get|set|dim|open|close|lock|pause)\b)"
    r"|(?:(?:could|will) you )?be (?:so kind|so good|kind enough|good enough)(?: as)? to"
    r"|i would be (?:most |very |ever so |awfully |terribly |really |so )?(?:grateful|obliged)"
    r" if (?:you|youd)(?: would| could)?|i do not suppose you (?:could|would|might)(?: possibly)?"
    r"|might i (?:trouble|ask|bother) you to"
    r"|(?:could|can|may|might) i (?:possibly |perhaps |please )?have(?= (?:the|my|our|all|every)\b)"
    r"|i (?:would|should) (?:quite |really |very much |so )?like"
    r"(?= (?:the|my|our|all|every)\b"
    r"(?!.*\b(?:turned|switched|shut|closed|opened|locked|unlocked|left|put)\b)))"
    r"(?= )\s+"
)
"""Asides a request may open with, polite ways of asking among them ("i do not suppose you could ...", "might
i trouble you to ...", "i should like the lamp at forty"), and a guest's asking whether or how it can be done
("is it possible to dim the lights in here", "how do i make the lights dimmer"), stripped only where the
words are read as a command (what the model learns from keeps them)."""
_TRAILING_ASIDES = re.compile(
    r"(?<=\S)\s+(?:will you|would you|would ya|will ya|could you|can you|mate|man|buddy|pal|dude|cheers|ta"
    r"|ta very much"
    r"|thanks a lot"
    r"|for (?:the|my|our) (?:kids|children|kid|dog|dogs|cat|cats|baby|guests|visitors|family|boys|girls)"
    r"|for (?:them|him|her|us)|ugh|argh|lol|haha|lets go+"
    r"|if you (?:can|could|would|dont mind)|when you (?:can|get a (?:chance|sec|second|minute))"
    r"|(?:would|will) be (?:great|nice|lovely|good)|then|while (?:youre|you are) at it"
    r"|at the (?:minute|moment)|(?<!for )(?<!that )(?<!this )(?<! it )a (?:sec|second|mo|tick)"
    r"|dear|love|darling|sweetheart|pet|hun|x|xx"
    r"|for the night|still|or not|or no|quick|real quick|quickly|properly|before i forget"
    r"|if (?:that is|thats|it is|its) (?:alright|ok|okay|all right)(?: with you)?"
    r"|thank you (?:ever so|so|very) much|night night|if (?:you|youd) (?:would )?be so kind"
    r"|if you (?:would not|wouldnt|do not) mind"
    r"|if it is not too much (?:trouble|bother)"
    r"|(?:and )?(?:yeah )?(?:that is|thats) (?:it|all)"
    r"|do you (?:know|think|reckon)|if (?:it is|its) no (?:bother|trouble)|i am afraid|im afraid"
    r"|or nah|or what|or wat|ty|tysm|i wonder"
    r"|na|yaar|ji|only)$"  # "on the tv na", "open it half only"
)


_SAID_AS_ASKED = re.compile(
    r"^(?!(?:what|where|who|how|which|when|why|is|are|do|does|did|can|could|will|would) )"
    r"(?!.*\b(?:can|could|would|will) you\b)"
    r"(?P<thing>.+?) (?P<be>is|are) (?P<rest>.+)$"
)


def asked_in_order(text: str) -> str | None:
    """A question said in the order of a statement, with its question mark ("bedroom curtain is closed?",
    "somebody is in the garage?", "there is smoke in the kitchen? i smell something"), as normalised words in
    the order of a question ("is bedroom curtain closed"); None for any other text."""
    if "?" not in text:
        return None
    found = _SAID_AS_ASKED.match(strip_fillers(normalize(text[: text.index("?")])))
    return f"{found['be']} {found['thing']} {found['rest']}" if found is not None else None


_OR_TWO = re.compile(r"\b(?:a|one) (degree|notch|step) or (?:two|so)\b")
"""A step said loosely ("a degree or two higher"): one step."""
_EM = re.compile(r"\b(turn|switch|shut|close|open|put|lock|unlock|dim|pause|start|stop|leave|keep|draw) em\b")
"""'em for them after a verb ("no, shut em")."""


def normalize(text: str) -> str:
    """Lower-case words and single spaces: no punctuation, "%" and "°" spelled out, no possessive 's."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    for symbol, words in _SYMBOLS:
        text = text.replace(symbol, words)
    text = _CONTRACTION_RE.sub(lambda match: _CONTRACTION_MAP[match.group(1)], text)
    text = _POSSESSIVE.sub("", text)
    text = _THOUSANDS.sub("", text)
    text = _JOINED_UNIT.sub(" ", text)
    text = _ORDINAL.sub(lambda found: _ORDINALS[found.group()], text)
    text = _PUNCTUATION.sub(" ", text.replace("'", ""))
    text = _STRAY_DOT.sub(" ", text)
    return _EM.sub(r"\1 them", _OR_TWO.sub(r"a \1", _SPACES.sub(" ", text))).strip()


_HESITATION_FIRST = re.compile(
    r"^\s*(?:(?:u+m+|u+h+m*|e+r+m*|h+m+|o+h+|a+h+|well)\s*[,.;:!?]+\s*)+(?=\S)", re.IGNORECASE
)


_CALLED = re.compile(
    r"\s*[,;]\s*(?:my dear|dear|there|love|darling|sweetheart|pet|hun|mate)\s*(?=[,;.!?]|$)",
    re.IGNORECASE,
)
"""A word of address said as a clause of its own after a command ("..., dear, ...", and "..., there, ..." as a
transcriber may write "dear")."""


def without_hesitation(text: str) -> str:
    """The words without the hesitations said as clauses of their own before them ("um, the light up there,
    ...": "the light up there, ...") and the words of address said as clauses of their own after the first
    ("the lamp by the settee, could you turn it down to thirty, dear")."""
    return _CALLED.sub("", _HESITATION_FIRST.sub("", text))


def strip_fillers(text: str, *, asides: bool = False) -> str:
    """A normalised utterance without politeness or hesitation ("could you ... please"); never emptied.
    asides: also the asides around a command ("just ...", "... will you", "... would be great")."""
    previous = None
    stripped = _MIND_MUCH.sub(r"\1 ", text) if asides else text  # "would you mind very much unlocking ..."
    stripped = _MIND.sub(lambda found: _GERUNDS[found.group(1)], stripped)
    while stripped != previous:
        previous = stripped
        stripped = _LEADING_FILLERS.sub("", stripped)
        stripped = _TRAILING_FILLERS.sub("", stripped)
        stripped = _STAMMER.sub(r"\1", _INNER_FILLERS.sub(" ", stripped))
        if asides:
            stripped = _LEADING_ASIDES.sub("", _TRAILING_ASIDES.sub("", stripped))  # "go on then": go on
            stripped = _LIKE_NUMBER.sub("", _LIKE.sub(r"\1", stripped)).strip()
    return stripped or text
