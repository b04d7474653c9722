"""What a timer may be called ("the pizza timer", "a timer for the eggs"): a few words that are no length of
time, no number, no area of the home and no word for timers themselves."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.grammar.durations import parse_duration
from assistantd.grammar.lists import PRIMARY, Hit
from assistantd.grammar.numbers import parse_number
from assistantd.grammar.phrasing import OATHS

_NOT_NAMES = frozenset(
    {
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "one",
        "another",
        "all",
        "every",
        "each",
        "any",
        "some",
        "timer",
        "timers",
        "it",
        "its",
        "new",
        "me",
        "us",
        "minute",
        "minutes",
        "second",
        "seconds",
        "hour",
        "hours",
        "half",
        "now",
        "please",
        "to",
        "for",
        "on",
        "in",
        "of",
        "off",
        "by",
        "and",
        "put",
        "set",
        "start",
        "create",
    }
)
"""Words that say which timer only with others ("my timer", "the one"), or ask for one ("put maggi timer for
10 minutes" is a timer named maggi)."""


@dataclass(frozen=True, slots=True)
class TimerNameList:
    """A timer's name as said (at most max_words words), never one of the home's area names."""

    areas: frozenset[str] = frozenset()
    """Normalised area names and aliases ("kitchen timer" names the area's timer)."""
    max_words: int = 3
    fuzzy: bool = False

    def pattern(self, fuzzy: bool) -> str:
        """One to max_words words, lazily."""
        return rf"[^ ]+(?: [^ ]+){{0,{self.max_words - 1}}}?"

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """The name, unless the words say something else."""
        said = words.split()
        while said and said[0] in ("the", "my", "our", "a", "an"):
            said = said[1:]
        name = " ".join(said)
        if not said or set(said) & (_NOT_NAMES | OATHS) or name in self.areas:
            return ()
        if parse_number(name) is not None or parse_duration(name) is not None:
            return ()
        if any(parse_number(word) is not None for word in said):
            return ()
        return (Hit(((PRIMARY, name),)),)
