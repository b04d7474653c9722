"""YAML text -> a small tree of nodes that remember their line (PyYAML's compose, made strict).

PyYAML's constructor forgets where values came from and silently keeps the last of two equal
keys. Here the document is composed with the safe loader, then turned into ``Scalar``,
``MapNode`` and ``ListNode`` values that keep 1-based lines; duplicate keys, unsupported tags
and recursive aliases become issues. Merge keys (``<<: *defaults``) work as in YAML 1.1:
keys written in the mapping win over merged ones.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from assistantd.errors import ConfigError, ConfigIssue

MAX_CONFIG_BYTES = 4 * 1024 * 1024
"""Bound on a configuration file's size (a home of thousands of devices is a few hundred KiB)."""
MAX_NODES = 200_000
"""Bound on nodes after expanding aliases (guards against alias bombs)."""
MAX_DEPTH = 64
"""Bound on how deeply values may nest (a configuration needs a handful of levels; a few hundred exhaust
the parser's stack)."""

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, slots=True)
class Scalar:
    """A plain value: its YAML 1.1 reading and the text as written."""

    line: int
    value: str | int | float | bool | object | None
    """What YAML makes of it: str, int, float, bool, None, or a date."""
    text: str
    """The characters as written (``on`` stays "on", ``18:00`` stays "18:00")."""
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One key of a mapping with its value."""

    key: str
    """The key as written."""
    key_line: int
    value: Node


@dataclass(frozen=True, slots=True)
class MapNode:
    """A mapping; keys are unique."""

    line: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class ListNode:
    """A sequence."""

    line: int
    items: tuple[Node, ...]


Node = Scalar | MapNode | ListNode


def child_path(path: str, key: str) -> str:
    """The key path of a mapping key below ``path``."""
    return f"{path}.{key}" if path else key


def item_path(path: str, index: int) -> str:
    """The key path of a list item below ``path``."""
    return f"{path}[{index}]"


def read_regular_file(path: Path, limit_bytes: int) -> bytes:
    """The bytes of a regular file of at most limit_bytes; OSError (with a reason) for anything else: a
    FIFO or a device would block or never end, and is refused before it is read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, a device or a socket)")
        if info.st_size > limit_bytes:
            raise OSError(errno.EFBIG, f"larger than {limit_bytes // 1024} KiB")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit_bytes + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit_bytes:
        raise OSError(errno.EFBIG, f"larger than {limit_bytes // 1024} KiB")
    return data


def read_text(path: Path) -> str:
    """The text of a configuration file, or a ConfigError that says why it cannot be read."""
    try:
        return read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        message = "configuration file not found"
    except IsADirectoryError:
        message = "is a directory, not a configuration file"
    except PermissionError:
        message = "cannot read the configuration file: permission denied"
    except UnicodeDecodeError as err:
        message = f"not UTF-8 text (invalid byte at offset {err.start})"
    except OSError as err:
        message = f"cannot read the configuration file: {err.strerror or err}"
    raise ConfigError([ConfigIssue(str(path), None, "", message)])


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (20 times faster: a home of 20,000 devices is read in
seconds), else PyYAML's own."""


def compose(text: str, *, file: str) -> tuple[Node | None, list[ConfigIssue]]:
    """The document's node tree and the issues found while building it (None when unreadable)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        if "maximum nesting depth" in str(err.problem):  # libyaml's own bound (1,000 levels)
            return None, [ConfigIssue(file, None, "", f"the YAML is nested too deeply (at most {MAX_DEPTH} levels)")]
        return None, [_syntax_issue(err, file)]
    except yaml.YAMLError as err:
        return None, [_reader_issue(err, text, file)]
    except RecursionError:  # PyYAML parses recursively: a few hundred nested brackets exhaust the stack
        return None, [ConfigIssue(file, None, "", f"the YAML is nested too deeply (at most {MAX_DEPTH} levels)")]
    if root is None:
        return None, [ConfigIssue(file, None, "", "the configuration file is empty")]
    builder = _Builder(file)
    return builder.node(root, ""), builder.issues


def _syntax_issue(err: yaml.MarkedYAMLError, file: str) -> ConfigIssue:
    """One issue for a YAML syntax error, at the line PyYAML points to."""
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else None
    if err.context == "expected a single document in the stream":
        return ConfigIssue(file, line, "", "YAML syntax error: a second document ('---') is not allowed")
    message = f"YAML syntax error: {err.problem or err.context}"
    if err.problem and err.context and err.context_mark is not None:
        message += f" ({err.context} that starts on line {err.context_mark.line + 1})"
    return ConfigIssue(file, line, "", message)


def _reader_issue(err: yaml.YAMLError, text: str, file: str) -> ConfigIssue:
    """One issue for a character YAML does not allow (PyYAML gives its offset, not its line)."""
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    character = getattr(err, "character", None)
    if isinstance(character, int):
        return ConfigIssue(file, line, "", f"character U+{character:04X} is not allowed in YAML")
    return ConfigIssue(file, line, "", f"cannot read YAML: {getattr(err, 'reason', err)}")


class _Builder:
    """Turns composed PyYAML nodes into line-aware nodes, collecting issues."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.issues: list[ConfigIssue] = []
        self._constructor = yaml.SafeLoader("")
        self._count = 0
        self._active: set[int] = set()

    def report(self, line: int | None, path: str, message: str) -> None:
        """Record one issue."""
        self.issues.append(ConfigIssue(self.file, line, path, message))

    def node(self, node: yaml.Node, path: str) -> Node:
        """The line-aware node for a composed node."""
        line = node.start_mark.line + 1
        if len(self._active) >= MAX_DEPTH:
            self.report(line, path, f"cannot read this value: nested more than {MAX_DEPTH} levels deep")
            return Scalar(line, None, "")
        self._count += 1
        if self._count > MAX_NODES or id(node) in self._active:
            problem = "aliases refer to themselves" if id(node) in self._active else "too many nodes"
            self.report(line, path, f"cannot read this value: {problem}")
            return Scalar(line, None, "")
        self._active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path, line)
            if isinstance(node, SequenceNode):
                return self._sequence(node, path, line)
            if isinstance(node, ScalarNode):
                return self._scalar(node, path, line)
            self.report(line, path, f"cannot read this value ({type(node).__name__})")
            return Scalar(line, None, "")
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: ScalarNode, path: str, line: int) -> Scalar:
        """A scalar with its YAML 1.1 value."""
        quoted = node.style in ("'", '"')
        try:
            value = self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            self.report(line, path, _scalar_problem(node))
            value = None
        return Scalar(line, value, node.value, quoted)

    def _sequence(self, node: SequenceNode, path: str, line: int) -> ListNode:
        """A list."""
        self._check_tag(node, _SEQ_TAG, path, line)
        items = tuple(self.node(item, item_path(path, i)) for i, item in enumerate(node.value))
        return ListNode(line, items)

    def _mapping(self, node: MappingNode, path: str, line: int) -> MapNode:
        """A mapping with unique keys; merged keys come after the written ones."""
        self._check_tag(node, _MAP_TAG, path, line)
        entries: dict[str, Entry] = {}
        merged: list[Entry] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self._merge_entries(value_node, path))
                continue
            entry = self._entry(key_node, value_node, path)
            if entry is None:
                continue
            first = entries.get(entry.key)
            if first is not None:
                self.report(
                    entry.key_line,
                    child_path(path, entry.key),
                    f"duplicate key {entry.key!r} (first on line {first.key_line}); each key may appear once",
                )
            entries[entry.key] = entry
        for entry in merged:
            entries.setdefault(entry.key, entry)
        return MapNode(line, tuple(entries.values()))

    def _entry(self, key_node: yaml.Node, value_node: yaml.Node, path: str) -> Entry | None:
        """One key and its value; keys must be plain scalars."""
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            self.report(key_line, path, "a key must be a plain name, not a mapping or a list")
            return None
        key = key_node.value
        return Entry(key, key_line, self.node(value_node, child_path(path, key)))

    def _merge_entries(self, node: yaml.Node, path: str) -> list[Entry]:
        """Entries from the value of a ``<<`` merge key (a mapping or a list of mappings)."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        entries: list[Entry] = []
        for source in sources:
            built = self.node(source, path)
            if not isinstance(built, MapNode):
                self.report(built.line, child_path(path, "<<"), "a merge key (<<) needs a mapping")
                continue
            entries.extend(e for e in built.entries if e.key not in {m.key for m in entries})
        return entries

    def _check_tag(self, node: yaml.Node, expected: str, path: str, line: int) -> None:
        """Report explicit tags such as ``!include`` that this reader does not support."""
        if node.tag != expected:
            self.report(line, path, f"unsupported YAML tag {node.tag!r}")


def _scalar_problem(node: ScalarNode) -> str:
    """Why a scalar could not be read."""
    if node.tag.startswith("tag:yaml.org,2002:"):
        return f"cannot read {node.value!r} as a {node.tag.rsplit(':', 1)[1]}"
    return f"unsupported YAML tag {node.tag!r}"
