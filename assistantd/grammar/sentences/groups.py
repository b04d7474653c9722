"""Sentence groups: templates with the intent and fixed slots they mean, and how matches become slots."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.grammar.lists import SlotValue


@dataclass(frozen=True, slots=True)
class SentenceGroup:
    """Templates that mean one intent, and how their matches become slots."""

    intent: str
    templates: tuple[str, ...]
    slots: tuple[tuple[str, SlotValue], ...] = ()
    """Fixed slots every match carries (keys starting with "_" are hints for the resolver)."""
    domains: tuple[str, ...] = ()
    """Domains of the devices ``{name}`` may name; empty: every device."""
    name_domain: bool = False
    """Add the named device's domain as the domain slot."""
    context_area: bool = False
    """Without an area, floor or name in the words, the command means the area it was heard in."""
    all_name: bool = False
    """Add name "all" (Home Assistant's quantifier) unless the area came from where it was heard."""
    everywhere: bool = False
    """The templates say the whole home ("everywhere", "in the house"): the intent reaches every fitting
    device, though no slot names a place."""
    resolver: str = ""
    """Post-processing of the slots: "" (none), "state" (state questions), "measure" (sensor values) or
    "search" (a title to find)."""
    priority: int = 0
    """Higher wins among matches that cover the same names."""
    confidence: float = 0.97
    """Confidence of an exact match."""
    fuzzy: bool = True
    """Whether names may match approximately (not for a bare name, which has no words around it)."""
    custom: bool = False
    """From the configuration's sentences (wins over built-ins)."""
