"""Typed reading of line-aware YAML nodes: a wrong type or an out-of-range value becomes an issue."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

from assistantd.config.loader import ListNode, MapNode, Node, Scalar, item_path
from assistantd.errors import ConfigError, ConfigIssue


class Issues:
    """Every problem found in one configuration file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._issues: list[ConfigIssue] = []

    def add(self, line: int | None, path: str, message: str) -> None:
        """Record one issue."""
        self._issues.append(ConfigIssue(self.file, line, path, message))

    def extend(self, issues: Iterable[ConfigIssue]) -> None:
        """Record issues found elsewhere (by the YAML loader)."""
        self._issues.extend(issues)

    def raise_if_any(self) -> None:
        """Raise one ConfigError with every issue, in file order."""
        if self._issues:
            unique = dict.fromkeys(self._issues)
            raise ConfigError(sorted(unique, key=lambda issue: issue.line or 0))


def suggestion(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a close match, else ''."""
    options = list(choices)
    folded = {choice.casefold(): choice for choice in options}
    if word.casefold() in folded:
        return f" (did you mean {folded[word.casefold()]!r}?)"
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def one_of(choices: Iterable[str]) -> str:
    """'one of a, b, c' for messages."""
    return "one of " + ", ".join(choices)


def describe(node: Node) -> str:
    """What a node is, for 'expected X, got Y' messages."""
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, ListNode):
        return "a list"
    value = node.value
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a boolean ({node.text})"
    if isinstance(value, int):
        return f"an integer ({node.text})"
    if isinstance(value, float):
        return f"a number ({node.text})"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"a {type(value).__name__} ({node.text})"


def _quote_hint(node: Node) -> str:
    """A hint to quote a scalar that YAML read as something other than text."""
    if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, str):
        return ""
    if isinstance(node.value, bool):
        return f'; YAML reads a bare {node.text} as true/false: quote it, e.g. "{node.text}"'
    return f'; quote it to use it as text: "{node.text}"'


def get_string(issues: Issues, node: Node, path: str, *, allow_empty: bool = False) -> str | None:
    """A text value."""
    if isinstance(node, Scalar) and isinstance(node.value, str):
        if node.value or allow_empty:
            return node.value
        issues.add(node.line, path, "must not be empty")
        return None
    issues.add(node.line, path, f"expected text, got {describe(node)}{_quote_hint(node)}")
    return None


def get_bool(issues: Issues, node: Node, path: str) -> bool | None:
    """A true/false value."""
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return node.value
    issues.add(node.line, path, f"expected true or false, got {describe(node)}")
    return None


def _in_range(
    issues: Issues, node: Node, path: str, value: float, minimum: float | None, maximum: float | None
) -> bool:
    """Whether value lies in [minimum, maximum]; reports it when not."""
    if (minimum is None or value >= minimum) and (maximum is None or value <= maximum):
        return True
    if minimum is not None and maximum is not None:
        bounds = f"between {minimum:g} and {maximum:g}"
    elif minimum is not None:
        bounds = f"at least {minimum:g}"
    else:
        bounds = f"at most {maximum:g}"
    issues.add(node.line, path, f"must be {bounds}, got {value:g}")
    return False


def get_int(
    issues: Issues, node: Node, path: str, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """A whole number within bounds."""
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value if _in_range(issues, node, path, node.value, minimum, maximum) else None
    issues.add(node.line, path, f"expected an integer, got {describe(node)}")
    return None


def get_number(
    issues: Issues,
    node: Node,
    path: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
) -> float | None:
    """A finite number within bounds (``positive``: greater than zero)."""
    value = node.value if isinstance(node, Scalar) else None
    if not isinstance(value, int | float) or isinstance(value, bool):
        issues.add(node.line, path, f"expected a number, got {describe(node)}")
        return None
    if not math.isfinite(value):
        issues.add(node.line, path, f"expected a finite number, got {describe(node)}")
        return None
    if positive and value <= 0:
        issues.add(node.line, path, f"must be greater than 0, got {value:g}")
        return None
    return float(value) if _in_range(issues, node, path, value, minimum, maximum) else None


def get_choice(
    issues: Issues, node: Node, path: str, choices: Iterable[str], *, what: str = "value"
) -> str | None:
    """One of a fixed set of words (``what`` they are, for the message), with a suggestion."""
    options = tuple(choices)
    value = get_string(issues, node, path)
    if value is None or value in options:
        return value
    hint = suggestion(value, options)
    issues.add(node.line, path, f"unknown {what} {value!r}{hint}; expected {one_of(options)}")
    return None


def get_list(issues: Issues, node: Node | None, path: str) -> list[tuple[str, Node]]:
    """The items of a list with their key paths (an absent or empty value is an empty list)."""
    if node is None or (isinstance(node, Scalar) and node.value is None):
        return []
    if isinstance(node, ListNode):
        return [(item_path(path, i), item) for i, item in enumerate(node.items)]
    issues.add(node.line, path, f"expected a list, got {describe(node)}{_list_hint(node)}")
    return []


def _list_hint(node: Node) -> str:
    """A hint to write one value as a one-item list."""
    return f"; write [{node.text}] for a single item" if isinstance(node, Scalar) and node.text else ""


def get_strings(issues: Issues, node: Node | None, path: str) -> tuple[str, ...]:
    """A list of texts (invalid items are reported and left out)."""
    values = (get_string(issues, item, item_path_) for item_path_, item in get_list(issues, node, path))
    return tuple(value for value in values if value is not None)


def get_map(issues: Issues, node: Node, path: str) -> MapNode | None:
    """A mapping whose keys the caller checks."""
    if isinstance(node, MapNode):
        return node
    issues.add(node.line, path, f"expected a mapping (key: value), got {describe(node)}")
    return None
