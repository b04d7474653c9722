"""Reading a mapping whose keys are known: unknown, forbidden and missing keys are issues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assistantd.config.loader import Node, Scalar, child_path
from assistantd.config.walker import (
    Issues,
    get_bool,
    get_choice,
    get_int,
    get_list,
    get_map,
    get_number,
    get_string,
    get_strings,
    suggestion,
)


def open_section(
    issues: Issues,
    node: Node,
    path: str,
    *,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    forbidden: Mapping[str, str] | None = None,
) -> Section | None:
    """A mapping with a known set of keys; unknown, forbidden and missing keys are reported."""
    mapping = get_map(issues, node, path)
    if mapping is None:
        return None
    required = tuple(required)
    known = (*required, *optional)
    values: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for entry in mapping.entries:
        key_path = child_path(path, entry.key)
        if forbidden and entry.key in forbidden:
            issues.add(entry.key_line, key_path, forbidden[entry.key])
        elif entry.key not in known:
            issues.add(entry.key_line, key_path, f"unknown key {entry.key!r}{suggestion(entry.key, known)}")
        else:
            values[entry.key] = entry.value
            key_lines[entry.key] = entry.key_line
    section = Section(issues, path, mapping.line, values, key_lines)
    section.require(required)
    return section


class Section:
    """A mapping being read; its keys were checked when it was opened."""

    __slots__ = ("issues", "path", "line", "_values", "_key_lines")

    def __init__(
        self, issues: Issues, path: str, line: int, values: dict[str, Node], key_lines: dict[str, int]
    ) -> None:
        self.issues = issues
        self.path = path
        self.line = line
        self._values = values
        self._key_lines = key_lines

    def require(self, keys: Iterable[str]) -> None:
        """Report required keys that are missing or empty."""
        for key in keys:
            node = self._values.get(key)
            if node is None:
                self.issues.add(self.line, self.path_of(key), f"missing required key {key!r}")
            elif isinstance(node, Scalar) and node.value is None:
                self.issues.add(node.line, self.path_of(key), f"{key!r} needs a value")

    def path_of(self, key: str) -> str:
        """The key path of a key of this mapping."""
        return child_path(self.path, key)

    def line_of(self, key: str) -> int:
        """The line of a key (the mapping's line when it is absent)."""
        return self._key_lines.get(key, self.line)

    def given_keys(self) -> tuple[str, ...]:
        """The known keys present, in file order."""
        return tuple(self._values)

    def given(self, key: str) -> bool:
        """Whether the key is written (even with an empty value)."""
        return key in self._values

    def node(self, key: str) -> Node | None:
        """A key's value; None when absent or empty."""
        node = self._values.get(key)
        if isinstance(node, Scalar) and node.value is None:
            return None
        return node

    def string(self, key: str, default: str | None = None, *, allow_empty: bool = False) -> str | None:
        """A text value."""
        node = self.node(key)
        if node is None:
            return default
        return get_string(self.issues, node, self.path_of(key), allow_empty=allow_empty)

    def boolean(self, key: str, default: bool) -> bool:
        """A true/false value (the default when absent or invalid)."""
        node = self.node(key)
        value = None if node is None else get_bool(self.issues, node, self.path_of(key))
        return default if value is None else value

    def integer(
        self, key: str, default: int | None = None, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """A whole number within bounds."""
        node = self.node(key)
        if node is None:
            return default
        return get_int(self.issues, node, self.path_of(key), minimum=minimum, maximum=maximum)

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        """A number within bounds (``positive``: greater than zero)."""
        node = self.node(key)
        if node is None:
            return default
        path = self.path_of(key)
        return get_number(self.issues, node, path, minimum=minimum, maximum=maximum, positive=positive)

    def choice(
        self, key: str, choices: Iterable[str], default: str | None = None, *, what: str = "value"
    ) -> str | None:
        """One of a fixed set of words."""
        node = self.node(key)
        if node is None:
            return default
        return get_choice(self.issues, node, self.path_of(key), choices, what=what)

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of texts."""
        return get_strings(self.issues, self.node(key), self.path_of(key))

    def items(self, key: str) -> list[tuple[str, Node]]:
        """The items of a list value with their key paths."""
        return get_list(self.issues, self.node(key), self.path_of(key))

    def section(
        self,
        key: str,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
        forbidden: Mapping[str, str] | None = None,
    ) -> Section | None:
        """A nested mapping with known keys; None when absent or invalid."""
        node = self.node(key)
        if node is None:
            required = tuple(required)
            if key in self._values and required:
                line = self._values[key].line
                self.issues.add(
                    line, self.path_of(key), f"{key!r} needs a mapping with {', '.join(required)}"
                )
            return None
        return open_section(
            self.issues, node, self.path_of(key), required=required, optional=optional, forbidden=forbidden
        )
