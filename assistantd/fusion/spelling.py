"""Typing slips put right before a typed command is read: "swtich off the kithcen light" is "switch off the
kitchen light", "livingroom" is "living room".

A word is corrected only when neither the home (its templates, names and the model's training words) nor an
English word list knows it, and exactly one word of the home's templates and names is one edit away with the
same first letter (a letter added, dropped, changed, or two swapped; two edits for words of eight letters or
more; for four-letter words two letters swapped, "trun", one dropped, "timr", or one vowel for another,
"tirn"). Real words other than a phone's autocorrections ("lick" for lock) and a speech recognizer's
homophones ("lamb" for lamp, "pours" for pause; "un lock", "twenty for degrees") are never changed, nor
numbers, nor parts of words with an apostrophe, nor short
words other than a few chat spellings ("plz"). The English list is pyspellchecker's (MIT), read from the
installed package; without it nothing is corrected. The combined recognizer takes a corrected text only
where the grammar then reads it with certainty (combined.py): a proper name one letter from a home word
("kamp fm") changes nothing it does.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable

from rapidfuzz.distance import DamerauLevenshtein

_LOGGER = logging.getLogger(__name__)

CHAT: dict[str, str] = {
    "plz": "please",
    "todays": "today",
    "tonights": "tonight",
    "pls": "please",
    "plox": "please",
    "thx": "thanks",
    "teh": "the",
    "hte": "the",
    "adn": "and",
    "nad": "and",
    "abt": "about",
    "cuz": "because",
    "rn": "right now",
    "ty": "thank you",
    "gimme": "give me",
    "lemme": "let me",
    "wat": "what",
    "wot": "what",
    "wots": "what is",
    "ppl": "people",
    "til": "until",
    "goin": "going",
    "jk": "just kidding",
    "nvm": "never mind",
    "tmrw": "tomorrow",
    "u": "you",
    "r": "are",
    "ur": "your",
    "whats": "what is",
    "wats": "what is",
    "tonite": "tonight",
    "hows": "how is",
    "wheres": "where is",
    "whos": "who is",
    "thats": "that is",
    "theres": "there is",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
}
"""Short chat spellings, slips too short to correct by distance, and contractions typed without their
apostrophe (as the text normalisation spells them out)."""
AUTOCORRECTED: dict[str, str] = {
    "lick": "lock", "kitten": "kitchen", "kittens": "kitchens", "wether": "weather",
}  # fmt: skip
"""Real words a phone's autocorrect puts for the home's ("lick the front door"): changed like slips, so taken
only where the grammar then reads the command with certainty."""
MISHEARD: dict[str, str] = {
    "lamb": "lamp", "lambs": "lamps", "pours": "pause", "paws": "pause", "mowed": "mode", "truck": "track",
    "clothes": "close", "seen": "scene", "whether": "weather", "their": "there",
}  # fmt: skip
"""Words a speech recognizer writes for the home's words that sound the same ("turn off the bed room lamb",
"pours the tv"): changed like slips, so taken only where the grammar then reads the command with certainty."""
SOUNDED_OUT: dict[str, str] = {
    "lite": "light", "lites": "lights", "brite": "bright", "nite": "night", "rite": "right",
    "plees": "please", "pleez": "please", "pleeze": "please", "pleese": "please", "pleze": "please", "plese": "please",
    "minits": "minutes", "minit": "minute", "minuts": "minutes", "dun": "done", "lowder": "louder",
    "lowd": "loud", "lockd": "locked", "garaj": "garage", "wen": "when", "dat": "that", "dis": "this",
    "agen": "again", "nex": "next", "skool": "school",
}  # fmt: skip
"""Words spelt as they sound, as children and hurried typists write them ("make the kichen lite brite plees"):
changed like slips, so taken only where the grammar then reads the command with certainty."""
_STRETCHED = re.compile(r"(\w)\1{2,}")
"""A letter held for effect ("pleeeease", "ONNN", "gooo")."""
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_HEARD_AS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), meant)
    for pattern, meant in (
        (r"\bun (lock|pause|mute)", r"un\1"),  # "un lock the side door"
        (r"\bbed room", "bedroom"),
        (r"\bbed side\b", "bedside"),
        (r"\b2day\b", "today"),  # chat's digits for sounds: "wats the date 2day"
        (r"\b2nite\b", "tonight"),
        (r"^(\W*)(?:heading|heaving|keeping) (?=in here\b|in the \w+ (?:up |down )?to \d"
         r"|(?:up |down )?to \d)", r"\1heating "),  # "Heading in here to 24": the heating
        (r"(?<=\w) with you(?=\s*(?:[,.?!]|$))", " would you"),  # "lock the front door with you, we're off"
        (r"\b(to|at) have\b(?=\W*(?:$|[,.]|please\b|enough\b|brightness\b|volume\b|power\b))", r"\1 half"),
        (r"\bso kindness to\b", "so kind as to"),
        (r"^(\W*)what (?:do )?you (?=(?:be so|be kind|mind|turn|switch|put|set|open|close|draw|lock|dim)\b)",
         r"\1would you "),  # "What do you be so kind as to ...": a transcript's "Would you"
        (r"(^|[,;.]\s*)when you (?=(?:turn|switch|put|set|open|close|shut|lock|unlock|dim|make)\b"
         r".*\bplease\b)", r"\1would you "),  # "When you switch the lights off, please"
        (r"\bhole (house|home|flat|place)\b", r"whole \1"),
        (r"\b(is there|there is|there's) any one\b", r"\1 anyone"),
        (r"\bany1\b", "anyone"),
        (r"\b(an? (?:hour|minute)) n (?=a half\b)", r"\1 and "),  # "an hour n a half"
        (r"\bhumid itty\b", "humidity"),
        (r"\bto days\b", "today's"),
        (r"\brun in\b(?=\W*$)", "running"),  # "is the washer still run in"
        (rf"\b({_TENS}) for\b", r"\1 four"),  # "twenty for degrees"
        (rf"\b({_TENS}) too\b", r"\1 two"),
        (rf"\b(?:two|too) (?=\d|(?:the|my|our|{_TENS})\b)", "to "),  # "set the lamp two 50 percent"
        (r"\b(lamps?|lights?|bulbs?) read\b", r"\1 red"),
        (r"^(\W*)at (?=.+ to (?:the|my) (?:.+ )?list\b)", r"\1add "),  # "at milk to the shopping list"
    )
)
"""Stretches a speech recognizer writes for the home's words, split or heard as others."""
_VOWELS = frozenset("aeiouy")
MIN_LENGTH = 4
"""Shorter words are corrected only from CHAT: too many words are one letter from a short word."""
LONG = 8
"""Words this long may be two edits from the word meant."""
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*\.?")
COMMON = 20
"""How often (in the English list's counts) a word must occur to count as a real word: rarer entries
include typing slips of their own."""


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English words of pyspellchecker's list that occur at least COMMON times (empty without it)."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        _LOGGER.warning("pyspellchecker is not installed: typing slips are not corrected")
        return frozenset()
    counts = SpellChecker(distance=1).word_frequency
    return frozenset(word for word, count in counts.items() if count >= COMMON)


class Speller:
    """Corrects typing slips towards the words one home's commands are made of."""

    def __init__(self, targets: Iterable[str], known: Iterable[str] = ()) -> None:
        """targets: the words a slip may be corrected to (templates, names); known: other words that are
        left alone (the model's training words)."""
        english = english_words()
        self._targets = frozenset(word for word in targets if word.isalpha())
        self._known = self._targets | frozenset(known) | english
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self._targets):
            self._by_length.setdefault(len(word), []).append(word)
        self._enabled = bool(english)
        self._cache: dict[str, str] = {}

    def correct(self, text: str) -> str:
        """A text with each slip (typed or misheard) put right, its punctuation and the case of other words
        as typed."""
        for pattern, meant in _HEARD_AS:
            text = pattern.sub(meant, text)
        if not self._enabled:
            return text

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            if "'" in word or word.endswith("."):  # "doesn't", "u. s. d.": not slips
                return word
            fixed = self._word(word.casefold())
            return word if fixed == word.casefold() else fixed

        return _WORD.sub(fix, text)

    def foreign(self, words: str) -> set[str]:
        """The normalised words that are none of the home's words (its templates and names)."""
        return {word for word in words.split() if word.isalpha() and word not in self._targets}

    def _word(self, word: str) -> str:
        if _STRETCHED.search(word) and word not in self._known:
            held = (_STRETCHED.sub(r"\1", word), _STRETCHED.sub(r"\1\1", word))
            word = next((said for said in held if self._held_word(said)), word)
        for spellings in (CHAT, AUTOCORRECTED, MISHEARD, SOUNDED_OUT):
            if word in spellings:
                return spellings[word]
        if word in self._known or not word.isalpha() or len(word) < MIN_LENGTH:
            return word
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._nearest(word) or self._split(word) or word
        return found

    def _held_word(self, said: str) -> bool:
        """Whether a word with its held letters let go is one: the home's, spelt as said, or an English word
        of four letters or more ("brrrr" is no "br")."""
        english = said in self._known and len(said) >= MIN_LENGTH
        return said in self._targets or said in SOUNDED_OUT or english

    def _nearest(self, word: str) -> str | None:
        """The one target word closest to a slip (None: none near, or two equally near)."""
        for distance in (1, 2) if len(word) >= LONG else (1,):
            near = [
                target
                for length in range(len(word) - distance, len(word) + distance + 1)
                for target in self._by_length.get(length, ())
                if target[0] == word[0]
                and DamerauLevenshtein.distance(word, target, score_cutoff=distance) <= distance
                and (len(word) > MIN_LENGTH or _short_slip(word, target))
            ]
            if near:
                return near[0] if len(near) == 1 else None
        return None

    def _split(self, word: str) -> str | None:
        """Two target words typed as one ("livingroom", "turnoff"), when exactly one split fits."""
        splits = [
            f"{word[:cut]} {word[cut:]}"
            for cut in range(2, len(word) - 1)
            if word[:cut] in self._targets and word[cut:] in self._targets
        ]
        return splits[0] if len(splits) == 1 else None


def _short_slip(word: str, target: str) -> bool:
    """Whether a four-letter word one edit from a target is a slip of it: two letters swapped ("trun"), a
    letter dropped ("timr", "frnt") or one vowel for another ("tirn"); other one-letter changes of so short a
    word are too often another word."""
    if sorted(target) == sorted(word) or len(target) == len(word) + 1:
        return True
    changed = [(said, meant) for said, meant in zip(word, target, strict=False) if said != meant]
    return len(target) == len(word) and len(changed) == 1 and set(changed[0]) <= _VOWELS
