"""References from one section to another (ids and names), and checks of uniqueness."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from assistantd.config.checks import fold, get_identifier
from assistantd.config.loader import Node
from assistantd.config.section import Section
from assistantd.config.walker import Issues, get_string, suggestion

_LIST_KNOWN_UP_TO = 12
"""Messages list the known ids when there are at most this many and no close match."""


class Unique:
    """Values that must be unique (ids, or names compared without case), with their first use."""

    def __init__(self, issues: Issues, what: str, *, ignore_case: bool = False) -> None:
        self._issues = issues
        self._what = what
        self._ignore_case = ignore_case
        self._seen: dict[str, tuple[str, str, int]] = {}

    def claim(self, value: str, owner: str, node: Node, path: str, *, hint: str = "") -> bool:
        """Record a use by ``owner``; report it (with ``hint``) and return False when it is taken."""
        key = fold(value) if self._ignore_case else value
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = (value, owner, node.line)
            return True
        first_value, first_owner, first_line = first
        by = "" if first_owner == owner else f" by {first_owner}"
        spelled = f" as {first_value!r}" if first_value != value else ""
        rule = "; names and aliases must be unique, whatever their case" if self._ignore_case else ""
        message = (
            f"duplicate {self._what} {value!r}: already used{spelled} on line {first_line}{by}{rule}{hint}"
        )
        self._issues.add(node.line, path, message)
        return False

    def values(self) -> frozenset[str]:
        """The values claimed so far (as first written)."""
        return frozenset(value for value, _owner, _line in self._seen.values())


def check_reference(
    issues: Issues, node: Node, path: str, value: str, known: Collection[str], what: str
) -> bool:
    """Whether ``value`` is one of the known ids; reports it with a suggestion when not."""
    if value in known:
        return True
    hint = suggestion(value, sorted(known))
    if not hint and known and len(known) <= _LIST_KNOWN_UP_TO:
        hint = f"; known {what}s: {', '.join(sorted(known))}"
    elif not known:
        hint = f"; no {what}s are configured"
    issues.add(node.line, path, f"unknown {what} {value!r}{hint}")
    return False


def check_name(
    issues: Issues,
    node: Node,
    path: str,
    value: str,
    what: str,
    named: Iterable[tuple[str, str, tuple[str, ...]]],
) -> bool:
    """Whether ``value`` is the configured name of one of ``named`` (id, name, aliases).

    Slot values are canonical names (what the recognizer reports), so an alias or an id is
    reported with the name to write instead.
    """
    entries = tuple(named)
    for item_id, name, aliases in entries:
        if fold(value) == fold(name):
            return True
        if fold(value) in {fold(alias) for alias in aliases} or value == item_id:
            kind = "an alias" if value != item_id else "the id"
            issues.add(
                node.line, path, f"{value!r} is {kind} of {what} {name!r}; slots use the name: {name!r}"
            )
            return False
    names = [name for _id, name, _aliases in entries]
    issues.add(node.line, path, f"unknown {what} name {value!r}{suggestion(value, names)}")
    return False


def claim_id(section: Section, ids: Unique, *, key: str = "id") -> str | None:
    """A section's id, checked for form and uniqueness."""
    node = section.node(key)
    if node is None:
        return None
    value = get_identifier(section.issues, node, section.path_of(key))
    if value is not None:
        ids.claim(value, value, node, section.path_of(key))
    return value


def claim_names(section: Section, names: Unique, owner: str) -> tuple[str | None, tuple[str, ...]]:
    """A section's ``name`` and ``aliases``, unique (without case) among their kind."""
    name = section.string("name")
    name_node = section.node("name")
    if name is not None and name_node is not None:
        names.claim(name, owner, name_node, section.path_of("name"))
    aliases = []
    for path, node in section.items("aliases"):
        alias = get_string(section.issues, node, path)
        if alias is not None and names.claim(alias, owner, node, path):
            aliases.append(alias)
    return name, tuple(aliases)


def optional_reference(section: Section, key: str, known: Collection[str], what: str) -> str | None:
    """An optional id that must be one of ``known`` (reported when not)."""
    value = section.string(key)
    node = section.node(key)
    if value is None or node is None:
        return None
    check_reference(section.issues, node, section.path_of(key), value, known, what)
    return value
