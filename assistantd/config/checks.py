"""Checks of single values shared by the section readers: ids, MQTT topics, times, states, colors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from assistantd.colors import COLORS
from assistantd.config.domains import TEMPLATE_FIELDS
from assistantd.config.loader import Node, Scalar
from assistantd.config.walker import Issues, describe, get_string, suggestion

MAX_TOPIC_BYTES = 65535
"""MQTT's limit on a topic's length, UTF-8 bytes."""

_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def slugify(text: str) -> str:
    """An id made from a name: "Kitchen Ceiling Light" -> "kitchen_ceiling_light"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def fold(name: str) -> str:
    """A name as compared for uniqueness and matching: case and spacing ignored."""
    return " ".join(name.casefold().split())


def is_identifier(value: str) -> bool:
    """Whether a text is a valid id (lower-case letters, digits and _)."""
    return _ID.fullmatch(value) is not None


def get_identifier(issues: Issues, node: Node, path: str) -> str | None:
    """An id: lower-case letters, digits and underscores, starting with a letter or digit."""
    value = get_string(issues, node, path)
    if value is None or _ID.fullmatch(value):
        return value
    hint = f" (e.g. {slugify(value)!r})" if slugify(value) else ""
    issues.add(node.line, path, f"{value!r} is not a valid id: use lower-case letters, digits and _{hint}")
    return None


def get_env_name(issues: Issues, node: Node, path: str) -> str | None:
    """The name of an environment variable."""
    value = get_string(issues, node, path)
    if value is None or _ENV_NAME.fullmatch(value):
        return value
    issues.add(node.line, path, f"{value!r} is not an environment variable name")
    return None


def topic_problem(topic: str, *, wildcards: bool = False) -> str | None:
    """Why a string is not a valid MQTT topic (a filter when ``wildcards``), or None."""
    if not topic:
        return "an MQTT topic must not be empty"
    if "\x00" in topic:
        return "an MQTT topic must not contain the NUL character"
    if len(topic.encode("utf-8")) > MAX_TOPIC_BYTES:
        return f"an MQTT topic must be at most {MAX_TOPIC_BYTES} bytes (UTF-8)"
    if not wildcards:
        if "+" in topic or "#" in topic:
            return "it must be one exact topic: the wildcards '+' and '#' belong in subscriptions only"
        return None
    levels = topic.split("/")
    for index, level in enumerate(levels):
        if "#" in level and (level != "#" or index != len(levels) - 1):
            return "'#' must be a whole level at the end of a topic filter"
        if "+" in level and level != "+":
            return "'+' must be a whole level of a topic filter"
    return None


def get_topic(issues: Issues, node: Node, path: str, *, wildcards: bool = False) -> str | None:
    """A valid MQTT topic (or topic filter when ``wildcards``)."""
    value = get_string(issues, node, path, allow_empty=True)
    if value is None:
        return None
    problem = topic_problem(value, wildcards=wildcards)
    if problem:
        issues.add(node.line, path, f"invalid MQTT topic {value!r}: {problem}")
        return None
    return value


def get_minute_of_day(issues: Issues, node: Node, path: str) -> int | None:
    """A time "HH:MM" (24-hour) as minutes after midnight.

    An unquoted 18:00 is a base-60 integer to YAML 1.1; the text as written is used instead.
    """
    match = None
    if isinstance(node, Scalar) and isinstance(node.value, str | int) and not isinstance(node.value, bool):
        match = _TIME.fullmatch(node.text.strip())
    if match is None:
        expected = 'expected a time as "HH:MM" (24-hour, e.g. "18:30")'
        issues.add(node.line, path, f"{expected}, got {describe(node)}")
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def placeholder_problems(text: str, fields: Iterable[str] = TEMPLATE_FIELDS) -> list[str]:
    """Messages for ``{name}`` placeholders in a topic or payload template that are not fields."""
    known = tuple(fields)
    return [
        f"unknown placeholder {{{name}}}{suggestion(name, known)}; placeholders are {', '.join(known)}"
        for name in _PLACEHOLDER.findall(text)
        if name not in known
    ]


def get_state(issues: Issues, node: Node, path: str) -> str | None:
    """A device state such as "on", "open" or "locked".

    A bare on/off (or yes/no, true/false) is a boolean to YAML 1.1; here it means "on"/"off".
    """
    if isinstance(node, Scalar) and isinstance(node.value, bool):
        return "on" if node.value else "off"
    return get_string(issues, node, path)


def get_color(issues: Issues, node: Node, path: str) -> str | None:
    """A color name people say (assistantd.colors), any case."""
    color = get_string(issues, node, path)
    if color is None or color.lower() in COLORS:
        return color
    issues.add(node.line, path, f"unknown color {color!r}{suggestion(color.lower(), COLORS)}")
    return None
