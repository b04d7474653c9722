"""Slot lists: what the words in a ``{slot}`` may be, as a regular expression, and what they mean."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from assistantd.config.home import Device
from assistantd.grammar.numbers import NUMBER_PATTERN, parse_number
from assistantd.text import normalize

SlotValue = str | int | float
PRIMARY = ""
"""Key of a hit's main value; it becomes the slot the template names (``{list:slot}``)."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One meaning of the words in a slot."""

    values: tuple[tuple[str, SlotValue], ...]
    """Slot values; the PRIMARY key is renamed to the template's slot."""
    devices: tuple[Device, ...] = ()
    """The devices a name refers to."""
    score: float = 100.0
    """100 for an exact match, the fuzzy score otherwise."""
    words: int = 0
    """How many spoken words this hit covers (for ranking)."""

    def slot_values(self, slot: str) -> tuple[tuple[str, SlotValue], ...]:
        """The values with the primary one named after the slot."""
        return tuple((slot if key == PRIMARY else key, value) for key, value in self.values)


class SlotList(Protocol):
    """What a slot may contain."""

    @property
    def fuzzy(self) -> bool:
        """Whether the list matches approximately in the fuzzy pass (names, areas, floors)."""

    def pattern(self, fuzzy: bool) -> str:
        """A regular expression (without groups) for the slot's words."""

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """The meanings of the words; empty when they are not in the list."""


@dataclass(frozen=True, slots=True)
class PhraseList:
    """A fixed list of phrases, each with its meanings."""

    entries: Mapping[str, tuple[Hit, ...]]
    fuzzy: bool = False
    _pattern: str = field(default="", repr=False)

    @classmethod
    def build(cls, items: Iterable[tuple[str, Hit]]) -> PhraseList:
        """A list from (phrase, hit) pairs; phrases are normalised, repeated phrases keep every hit."""
        entries: dict[str, tuple[Hit, ...]] = {}
        for phrase, hit in items:
            key = normalize(phrase)
            if key and hit not in entries.get(key, ()):
                entries[key] = (*entries.get(key, ()), hit)
        return cls(entries, False, trie_pattern(entries))

    def pattern(self, fuzzy: bool) -> str:
        """The phrases as one efficient alternation."""
        return self._pattern

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """Exact lookup."""
        return self.entries.get(words, ())


@dataclass(frozen=True, slots=True)
class NumberList:
    """Numbers in digits or words, within a range."""

    minimum: float
    maximum: float
    integer: bool = True
    fuzzy: bool = False
    sign: int = 1
    """-1: the number said is a step down ("dimmer by 10 percent": -10)."""

    def pattern(self, fuzzy: bool) -> str:
        """Digits or number words."""
        return NUMBER_PATTERN

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """The number, if it parses and is in range (and whole, for integer lists)."""
        value = parse_number(words)
        if value is None or not self.minimum <= value <= self.maximum:
            return ()
        if self.integer:
            if value != int(value):
                return ()
            return (Hit(((PRIMARY, self.sign * int(value)),)),)
        return (Hit(((PRIMARY, self.sign * value),)),)


@dataclass(frozen=True, slots=True)
class FreeText:
    """Any few words, kept as said: a title to search for, an item for a list (fewest words first, so
    the words after it in a template keep theirs)."""

    max_words: int = 8
    fuzzy: bool = False
    refused: frozenset[str] = frozenset()
    """Words that are never such a text ("there" is no place to ask the weather of)."""
    barred: frozenset[str] = frozenset()
    """Words such a text never holds ("london my flight tomorrow" is no place: a remark follows it)."""

    def pattern(self, fuzzy: bool) -> str:
        """One to max_words words, lazily."""
        return rf"[^ ]+(?: [^ ]+){{0,{self.max_words - 1}}}?"

    def lookup(self, words: str, fuzzy: bool) -> tuple[Hit, ...]:
        """The words themselves (none for a refused one, or one holding a barred word)."""
        if words in self.refused or not self.barred.isdisjoint(words.split()):
            return ()
        return (Hit(((PRIMARY, words),)),)


def trie_pattern(phrases: Iterable[str]) -> str:
    """An alternation of phrases factored as a trie (longest first), so a regex tries few branches."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    """The regex of one trie node."""
    ends = "" in node
    branches = [_escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = "|".join(branches)
    if ends:
        return f"(?:{body})?"
    return f"(?:{body})"


def _escape(char: str) -> str:
    """A character escaped for a regex."""
    return "\\" + char if char in ".^$*+?{}[]\\|()" else char
