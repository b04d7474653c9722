"""Sentence template syntax: ``(a|b)`` alternatives, ``[optional]``, ``{slot}`` lists, ``<rule>`` references.

A template is parsed once into a small tree, then compiled to a regular expression over normalised
text (every word followed by one space), with one named group per slot. ``{list}`` fills the slot
of the same name; ``{list:slot}`` fills another slot from a list (e.g. ``{percent:brightness}``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from assistantd.errors import AssistantdError
from assistantd.text import normalize

MAX_TEMPLATE_DEPTH = 16
"""Bound on nested ( ) and [ ] in one template (the built-in ones need four)."""


class TemplateError(AssistantdError):
    """A sentence template is malformed or refers to an unknown list or rule."""


@dataclass(frozen=True, slots=True)
class Words:
    """Literal words, normalised."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SlotRef:
    """A ``{list}`` or ``{list:slot}`` reference."""

    list_name: str
    slot: str


@dataclass(frozen=True, slots=True)
class RuleRef:
    """A ``<rule>`` reference to a named template fragment."""

    name: str


@dataclass(frozen=True, slots=True)
class Sequence:
    """Parts that follow each other."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """One of several sequences; optional ones may also be skipped."""

    options: tuple[Sequence, ...]
    optional: bool


Node = Words | SlotRef | RuleRef | Sequence | Choice
Rules = Mapping[str, Sequence]

_TOKEN = re.compile(r"\{[^{}]*\}|<[^<>]*>|[()\[\]|]|[^()\[\]|{}<>]+")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_CLOSERS = {"(": ")", "[": "]"}


def parse_template(text: str) -> Sequence:
    """The tree of a template; raises TemplateError with the position of a syntax error."""
    tokens = [(match.group(), match.start()) for match in _TOKEN.finditer(text)]
    if "".join(token for token, _ in tokens) != text:
        raise TemplateError(f"unbalanced {{ }} or < > in template {text!r}")
    if max(_depths(text), default=0) > MAX_TEMPLATE_DEPTH:
        raise TemplateError(f"template nested more than {MAX_TEMPLATE_DEPTH} brackets deep: {text[:60]!r}")
    parser = _Parser(text, tokens)
    options = parser.alternatives(closer=None)
    return options[0] if len(options) == 1 else Sequence((Choice(tuple(options), optional=False),))


def _depths(text: str) -> list[int]:
    """The bracket depth after each opening bracket."""
    depth, depths = 0, []
    for char in text:
        if char in "([":
            depth += 1
            depths.append(depth)
        elif char in ")]":
            depth -= 1
    return depths


class _Parser:
    """Recursive descent over the template's tokens."""

    def __init__(self, text: str, tokens: list[tuple[str, int]]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0

    def alternatives(self, closer: str | None) -> list[Sequence]:
        """Sequences separated by "|" up to the closer (or the end)."""
        options: list[Sequence] = []
        items: list[Node] = []
        while self.index < len(self.tokens):
            token, position = self.tokens[self.index]
            self.index += 1
            if token == closer:
                options.append(Sequence(tuple(items)))
                return options
            if token == "|":
                options.append(Sequence(tuple(items)))
                items = []
            elif token in _CLOSERS:
                inner = self.alternatives(_CLOSERS[token])
                items.append(Choice(tuple(inner), optional=token == "["))
            elif token in (")", "]"):
                raise TemplateError(f"unexpected {token!r} at {position} in template {self.text!r}")
            else:
                items.extend(self._atom(token, position))
        if closer is not None:
            raise TemplateError(f"missing {closer!r} in template {self.text!r}")
        options.append(Sequence(tuple(items)))
        return options

    def _atom(self, token: str, position: int) -> list[Node]:
        """A slot, a rule or literal words."""
        if token.startswith("{"):
            list_name, _, slot = token[1:-1].strip().partition(":")
            list_name, slot = list_name.strip(), (slot.strip() or list_name.strip())
            if not _NAME.fullmatch(list_name) or not _NAME.fullmatch(slot):
                raise TemplateError(f"bad slot {token!r} at {position} in template {self.text!r}")
            return [SlotRef(list_name, slot)]
        if token.startswith("<"):
            name = token[1:-1].strip()
            if not _NAME.fullmatch(name):
                raise TemplateError(f"bad rule {token!r} at {position} in template {self.text!r}")
            return [RuleRef(name)]
        words = tuple(normalize(token).split())
        return [Words(words)] if words else []


def compile_pattern(
    node: Node, rules: Rules, slot_pattern: Callable[[SlotRef], str]
) -> tuple[str, tuple[SlotRef, ...]]:
    """A regular expression for the template (text must end with a space) and its slots, group i = "g<i>"."""
    slots: list[SlotRef] = []

    def emit(item: Node, depth: int) -> str:
        if isinstance(item, Words):
            return "".join(re.escape(word) + " " for word in item.words)
        if isinstance(item, SlotRef):
            slots.append(item)
            return f"(?P<g{len(slots) - 1}>{slot_pattern(item)}) "
        if isinstance(item, RuleRef):
            return emit(_rule(rules, item.name, depth), depth + 1)
        if isinstance(item, Sequence):
            return "".join(emit(part, depth) for part in item.items)
        body = "|".join(emit(option, depth) for option in item.options)
        return f"(?:{body}){'?' if item.optional else ''}"

    return emit(node, 0), tuple(slots)


def first_words(node: Node, rules: Rules) -> frozenset[str] | None:
    """The words a match can start with, or None when it can start with a slot (or be empty)."""
    words, nullable, open_start = _edge(node, rules, 0, last=False)
    return None if nullable or open_start else frozenset(words)


def last_words(node: Node, rules: Rules) -> frozenset[str] | None:
    """The words a match can end with, or None when it can end with a slot (or be empty)."""
    words, nullable, open_end = _edge(node, rules, 0, last=True)
    return None if nullable or open_end else frozenset(words)


def _edge(node: Node, rules: Rules, depth: int, *, last: bool) -> tuple[set[str], bool, bool]:
    """(first or last words, can be empty, can start or end with a slot)."""
    if isinstance(node, Words):
        return ({node.words[-1 if last else 0]} if node.words else set()), not node.words, False
    if isinstance(node, SlotRef):
        return set(), False, True
    if isinstance(node, RuleRef):
        return _edge(_rule(rules, node.name, depth), rules, depth + 1, last=last)
    if isinstance(node, Choice):
        words, nullable, open_edge = set(), node.optional, False
        for option in node.options:
            option_words, option_nullable, option_open = _edge(option, rules, depth, last=last)
            words |= option_words
            nullable |= option_nullable
            open_edge |= option_open
        return words, nullable, open_edge
    words, open_edge = set(), False
    for item in reversed(node.items) if last else node.items:
        item_words, item_nullable, item_open = _edge(item, rules, depth, last=last)
        words |= item_words
        open_edge |= item_open
        if not item_nullable:
            return words, False, open_edge
    return words, True, open_edge


def required_words(node: Node, rules: Rules, depth: int = 0) -> frozenset[str]:
    """Words every sentence the template accepts contains (to skip templates cheaply)."""
    if isinstance(node, Words):
        return frozenset(node.words)
    if isinstance(node, SlotRef):
        return frozenset()
    if isinstance(node, RuleRef):
        return required_words(_rule(rules, node.name, depth), rules, depth + 1)
    if isinstance(node, Choice):
        if node.optional or not node.options:
            return frozenset()
        common = required_words(node.options[0], rules, depth)
        for option in node.options[1:]:
            common &= required_words(option, rules, depth)
        return common
    return frozenset().union(*(required_words(item, rules, depth) for item in node.items))


def slot_refs(node: Node, rules: Rules) -> Iterator[SlotRef]:
    """Every slot reference in a template, rules included."""
    stack: list[tuple[Node, int]] = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, SlotRef):
            yield item
        elif isinstance(item, RuleRef):
            stack.append((_rule(rules, item.name, depth), depth + 1))
        elif isinstance(item, Sequence):
            stack.extend((part, depth) for part in item.items)
        elif isinstance(item, Choice):
            stack.extend((option, depth) for option in item.options)


def expand(node: Node, rules: Rules, limit: int = 1000) -> list[str]:
    """Up to ``limit`` sentences the template accepts, slots shown as ``{slot}`` (for docs and tests)."""
    return [" ".join(words) for words in itertools.islice(_expand(node, rules, 0), limit)]


def _expand(node: Node, rules: Rules, depth: int) -> Iterator[tuple[str, ...]]:
    """Word tuples a node accepts."""
    if isinstance(node, Words):
        yield node.words
    elif isinstance(node, SlotRef):
        yield ("{" + node.slot + "}",)
    elif isinstance(node, RuleRef):
        yield from _expand(_rule(rules, node.name, depth), rules, depth + 1)
    elif isinstance(node, Choice):
        if node.optional:
            yield ()
        for option in node.options:
            yield from _expand(option, rules, depth)
    else:
        parts = [list(_expand(item, rules, depth)) for item in node.items]
        for combination in itertools.product(*parts):
            yield tuple(word for part in combination for word in part)


def _rule(rules: Rules, name: str, depth: int) -> Sequence:
    """A rule's tree, guarding against unknown names and recursion."""
    if depth > 20:
        raise TemplateError(f"rule <{name}> refers to itself")
    try:
        return rules[name]
    except KeyError:
        raise TemplateError(f"unknown rule <{name}>") from None


def parse_rules(sources: Mapping[str, str]) -> dict[str, Sequence]:
    """Named template fragments, parsed."""
    return {name: parse_template(text) for name, text in sources.items()}
