"""Settings declared once: a dataclass field says how its key is read, and one reader reads any section.

``setting(default, minimum=..., choices=..., ...)`` makes a field a key of its section and keeps the rules
in the field's metadata; the annotation says what is read: bool, int, float, str (one of ``choices`` when
given), Path (relative to the configuration's folder), an Enum (one of its values), tuple[str, ...]
(``words``: spacing normalised, blank items left out) or another settings dataclass (a sub-section);
``parse`` reads anything else. A field without a default is a required key.

A value that is absent or invalid keeps the default (an invalid one is reported). Then ``at_least`` and
``at_most`` compare two keys (when both values are valid), and a ``conflicts()`` method of the class names
the keys whose values do not fit together.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import operator
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from assistantd.config.loader import Node
from assistantd.config.section import Section
from assistantd.config.walker import (
    Issues,
    get_bool,
    get_choice,
    get_int,
    get_number,
    get_string,
    get_strings,
)

_T = TypeVar("_T")
_READING = "assistantd.config.setting"

Parse = Callable[[Issues, Node, str], Any]
"""Reads one written value: (issues, node, key path) -> the value, or None when invalid (and reported)."""


@dataclass(frozen=True, slots=True)
class Reading:
    """How a declared field's key is read and checked."""

    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    """Numbers: greater than 0."""
    choices: tuple[str, ...] = ()
    """Text: one of these words."""
    what: str = "value"
    """What the words are, for messages ("unknown VAD engine 'x'")."""
    words: bool = False
    """Lists of text: spacing normalised, blank items left out."""
    at_least: str | None = None
    """Another key of the section this one must not be below."""
    at_most: str | None = None
    """Another key of the section this one must not exceed."""
    parse: Parse | None = None
    """Reads a value the annotation does not describe."""


def setting(
    default: Any = dataclasses.MISSING,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    positive: bool = False,
    choices: Iterable[str] = (),
    what: str = "value",
    words: bool = False,
    at_least: str | None = None,
    at_most: str | None = None,
    parse: Parse | None = None,
) -> Any:
    """A dataclass field that is a key of its section, read and checked by these rules."""
    reading = Reading(minimum, maximum, positive, tuple(choices), what, words, at_least, at_most, parse)
    return dataclasses.field(default=default, metadata={_READING: reading})


@dataclass(frozen=True, slots=True)
class _Spec:
    """A declared field: its name, what its annotation says to read, its reading and default."""

    name: str
    kind: Any
    reading: Reading
    default: Any

    @property
    def required(self) -> bool:
        """Whether the key must be written (the field has no default)."""
        return self.default is dataclasses.MISSING

    @property
    def strings(self) -> bool:
        """Whether the value is a list of text (written but empty: no items)."""
        return self.reading.parse is None and self.kind == tuple[str, ...]


@functools.cache
def _specs(cls: type) -> tuple[_Spec, ...]:
    """The declared fields of a dataclass, in order."""
    hints = typing.get_type_hints(cls)
    specs = []
    for field in dataclasses.fields(cls):
        reading = field.metadata.get(_READING)
        if reading is None:
            continue
        kind = _without_none(hints[field.name])
        if reading.parse is None and not _readable(kind):
            raise TypeError(f"{cls.__name__}.{field.name}: no reader for {kind}; give it a parse function")
        specs.append(_Spec(field.name, kind, reading, field.default))
    return tuple(specs)


def _spec(cls: type, name: str) -> _Spec:
    """One declared field of a dataclass."""
    for spec in _specs(cls):
        if spec.name == name:
            return spec
    raise KeyError(f"{cls.__name__}.{name} is not declared with setting()")


def _without_none(hint: Any) -> Any:
    """``X | None`` -> X; other annotations as they are."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        kinds = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return kinds[0] if len(kinds) == 1 else hint
    return hint


def _readable(kind: Any) -> bool:
    """Whether the generic reader knows how to read a value of this type."""
    if kind in (bool, int, float, str, Path) or kind == tuple[str, ...]:
        return True
    return isinstance(kind, type) and (issubclass(kind, enum.Enum) or dataclasses.is_dataclass(kind))


def keys_of(cls: type) -> dict[str, tuple[str, ...]]:
    """The keys of a section read into ``cls``: ``{"required": ..., "optional": ...}`` (for opening it)."""
    specs = _specs(cls)
    return {
        "required": tuple(spec.name for spec in specs if spec.required),
        "optional": tuple(spec.name for spec in specs if not spec.required),
    }


def open_settings(
    top: Section,
    key: str,
    cls: type,
    *,
    extra: Iterable[str] = (),
    forbidden: Mapping[str, str] | None = None,
) -> Section | None:
    """The sub-section ``key``, its keys the declared fields of ``cls`` (and ``extra``); None when absent."""
    keys = keys_of(cls)
    optional = (*extra, *keys["optional"])
    return top.section(key, required=keys["required"], optional=optional, forbidden=forbidden)


def read_section(top: Section, key: str, default: _T, base_dir: Path | None = None) -> _T:
    """The sub-section ``key`` read into settings like ``default`` (itself when absent or not a mapping)."""
    section = open_settings(top, key, type(default))
    return default if section is None else read_settings(section, default, base_dir)


def read_settings(section: Section, default: _T, base_dir: Path | None = None, **given: Any) -> _T:
    """Settings like ``default`` with each declared key read from an opened section, then checked together.

    Fields in ``given`` were read by the caller and are taken as they are.
    """
    values: dict[str, Any] = dict(given)
    invalid: set[str] = set()
    for spec in _specs(type(default)):
        if spec.name in given or not _written(section, spec, spec.name):
            continue
        value = _parse(section, spec, spec.name, base_dir, getattr(default, spec.name))
        if value is None:
            invalid.add(spec.name)
        else:
            values[spec.name] = value
    settings = dataclasses.replace(default, **values)
    _check(section, settings, invalid)
    return settings


def read_key(
    section: Section,
    cls: type,
    name: str,
    *,
    key: str | None = None,
    base_dir: Path | None = None,
    fallback: bool = False,
) -> Any:
    """The declared field ``name`` of ``cls`` read from ``key`` (default: the name), for hand-written readers.

    Its default when absent (None for a required key); None when invalid, or the default with ``fallback``.
    """
    spec = _spec(cls, name)
    key = key or name
    default = None if spec.required else spec.default
    if not _written(section, spec, key):
        return default
    value = _parse(section, spec, key, base_dir, default)
    return default if value is None and fallback else value


def read_path(section: Section, key: str, base_dir: Path | None) -> Path | None:
    """A file or folder path; a relative one is taken relative to the configuration's folder."""
    text = section.string(key)
    return None if text is None else _resolve(text, base_dir)


def _resolve(text: str, base_dir: Path | None) -> Path:
    """A path as written, relative to the configuration's folder unless absolute."""
    path = Path(text)
    return base_dir / path if base_dir is not None and not path.is_absolute() else path


def _written(section: Section, spec: _Spec, key: str) -> bool:
    """Whether a key has a value to read (a list key written without one is an empty list)."""
    return section.node(key) is not None or (spec.strings and section.given(key))


def _parse(section: Section, spec: _Spec, key: str, base_dir: Path | None, default: Any) -> Any:
    """The value written under ``key``, read by the field's reading; None when invalid (and reported)."""
    issues, node, path = section.issues, section.node(key), section.path_of(key)
    reading, kind = spec.reading, spec.kind
    if spec.strings:
        values = get_strings(issues, node, path)
        return tuple(" ".join(v.split()) for v in values if v.strip()) if reading.words else values
    if dataclasses.is_dataclass(kind) and reading.parse is None:
        return read_section(section, key, default, base_dir)
    if node is None:  # _written() was checked: only the kinds above get here without a value
        return None
    if reading.parse is not None:
        return reading.parse(issues, node, path)
    if kind is bool:
        return get_bool(issues, node, path)
    if kind is int:
        return get_int(issues, node, path, minimum=reading.minimum, maximum=reading.maximum)
    if kind is float:
        return get_number(
            issues, node, path, minimum=reading.minimum, maximum=reading.maximum, positive=reading.positive
        )
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        value = get_choice(issues, node, path, [member.value for member in kind], what=reading.what)
        return None if value is None else kind(value)
    if reading.choices:
        return get_choice(issues, node, path, reading.choices, what=reading.what)
    text = get_string(issues, node, path)
    return _resolve(text, base_dir) if kind is Path and text is not None else text


_RELATIONS = (("at_least", operator.ge, "must be at least"), ("at_most", operator.le, "must not exceed"))


def _check(section: Section, settings: Any, invalid: set[str]) -> None:
    """Report keys that do not fit together: declared comparisons (of valid values) and ``conflicts()``."""
    for spec in _specs(type(settings)):
        for attribute, fits, relation in _RELATIONS:
            other = getattr(spec.reading, attribute)
            if other is None or spec.name in invalid or other in invalid:
                continue
            bound = getattr(settings, other)
            if not fits(getattr(settings, spec.name), bound):
                section.issues.add(
                    section.line_of(spec.name), section.path_of(spec.name), f"{relation} {other} ({bound:g})"
                )
    conflicts = getattr(settings, "conflicts", None)
    for key, message in conflicts() if conflicts is not None else ():
        line, path = (section.line_of(key), section.path_of(key)) if key else (section.line, section.path)
        section.issues.add(line, path, message)
