"""The ``lists`` section: the topic list items are published on, the shopping list and the named lists."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.checks import get_topic
from assistantd.config.fields import open_settings, read_settings, setting
from assistantd.config.loader import Node, Scalar
from assistantd.config.references import Unique, claim_names
from assistantd.config.section import Section, open_section
from assistantd.config.walker import get_string


@dataclass(frozen=True, slots=True)
class NamedList:
    """A list people add to by name ("add nails to the hardware list")."""

    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class ListsConfig:
    """Where "add apples to my shopping list" goes: JSON {"list": NAME, "item": WORDS} on one topic."""

    topic: str = setting(parse=get_topic)
    """The topic items are published on (a to-do bridge or automation subscribes to it)."""
    shopping_list: str = setting("Shopping List")
    """The name published for "my shopping list" and "the list"."""
    named: tuple[NamedList, ...] = ()
    """Other lists, by name (a name alone, or {name, aliases})."""

    def find(self, spoken: str) -> NamedList | None:
        """The named list called ``spoken`` (its name or an alias, any case)."""
        wanted = spoken.strip().casefold()
        return next((item for item in self.named if wanted in (n.casefold() for n in item.names)), None)


def read_lists(top: Section) -> ListsConfig | None:
    """The lists section; None when absent (the home keeps no lists)."""
    section = open_settings(top, "lists", ListsConfig, extra=("named",))
    if section is None:
        return None
    names = Unique(top.issues, "list name", ignore_case=True)
    named = []
    for path, node in section.items("named"):
        item = _named_list(section, path, node, names)
        if item is not None:
            named.append(item)
    lists = read_settings(section, ListsConfig(topic=""), named=tuple(named))
    return lists if lists.topic else None


def _named_list(section: Section, path: str, node: Node, names: Unique) -> NamedList | None:
    """One named list: its name as text, or a mapping with name and aliases."""
    if isinstance(node, Scalar):
        name = get_string(section.issues, node, path)
        if name is None or not names.claim(name, path, node, path):
            return None
        return NamedList(name)
    item = open_section(section.issues, node, path, required=("name",), optional=("aliases",))
    if item is None:
        return None
    name, aliases = claim_names(item, names, path)
    return None if name is None else NamedList(name, aliases)
