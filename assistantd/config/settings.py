"""`--set KEY.PATH=VALUE`: any setting of the file, overridden on the command line and checked like the file.

The file is read and checked first (its issues keep their lines); then each value (written in YAML, so
`--set outbox.max_age_seconds=60` is a number and `--set 'areas[0].aliases=[den]'` a list) replaces
the one at its key path, and the result is checked again: an issue then names ``<command line>`` and
the key path.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from assistantd.config.loader import read_text
from assistantd.config.model import Config
from assistantd.config.overrides import COMMAND_LINE
from assistantd.config.schema import load_config, parse_config
from assistantd.errors import ConfigError, ConfigIssue

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def load_with_settings(path: Path, settings: Sequence[str]) -> Config:
    """The config at path with `KEY.PATH=VALUE` settings put in; ConfigError for a bad file or value.

    The settings are put into the YAML node tree, so every other scalar stays exactly as written (an
    unquoted 18:00 is still the time it was)."""
    config = load_config(path)
    if not settings:
        return config
    root = yaml.compose(read_text(path), Loader=yaml.SafeLoader)
    for setting in settings:
        _apply(root, setting)
    text = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)
    try:
        changed = parse_config(text, file=COMMAND_LINE, base_dir=path.parent)
    except ConfigError as err:
        raise ConfigError([dataclasses.replace(issue, line=None) for issue in err.issues]) from err
    return dataclasses.replace(changed, source=path)


def _apply(root: yaml.Node, setting: str) -> None:
    """Put one `KEY.PATH=VALUE` into the node tree."""
    key_path, equals, written = setting.partition("=")
    steps = _steps(key_path) if equals else None
    if not steps:
        raise _error(key_path or setting, "expected --set KEY.PATH=VALUE, e.g. --set outbox.max_age_seconds=60")
    try:
        value = yaml.compose(written, Loader=yaml.SafeLoader) if written.strip() else None
    except yaml.YAMLError as err:
        raise _error(key_path, f"the value is not valid YAML: {err}") from err
    value = value or yaml.ScalarNode("tag:yaml.org,2002:str", "")
    parent = root
    for step, following in itertools.pairwise(steps):
        parent = _child(parent, step, key_path, empty=_MAP if isinstance(following, str) else _SEQ)
    _put(parent, steps[-1], value, key_path)


def _steps(key_path: str) -> list[str | int] | None:
    """`devices[2].name` -> ["devices", 2, "name"]; None when malformed."""
    steps: list[str | int] = []
    for part in key_path.split("."):
        matches = list(_STEP.finditer(part))
        if not part or "".join(m.group(0) for m in matches) != part or matches[0].group(1) is None:
            return None
        steps += [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in matches]
    return steps


def _child(parent: yaml.Node, step: str | int, key_path: str, empty: str) -> yaml.Node:
    """The node under a key or index, a new empty one for a missing key."""
    if isinstance(step, str) and isinstance(parent, yaml.MappingNode):
        for key, value in parent.value:
            if key.value == step:
                return value
        made = yaml.MappingNode(empty, []) if empty == _MAP else yaml.SequenceNode(empty, [])
        parent.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), made))
        return made
    if isinstance(step, int) and isinstance(parent, yaml.SequenceNode) and step < len(parent.value):
        return parent.value[step]
    raise _error(key_path, f"there is no {step!r} to go into")


def _put(parent: yaml.Node, step: str | int, value: yaml.Node, key_path: str) -> None:
    """Replace (or add) the node under a key or index."""
    if isinstance(step, str) and isinstance(parent, yaml.MappingNode):
        for index, (key, _) in enumerate(parent.value):
            if key.value == step:
                parent.value[index] = (key, value)
                return
        parent.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", step), value))
    elif isinstance(step, int) and isinstance(parent, yaml.SequenceNode) and step <= len(parent.value):
        parent.value[step : step + 1] = [value]
    else:
        raise _error(key_path, f"there is no {step!r} to set")


def _error(key_path: str, message: str) -> ConfigError:
    return ConfigError([ConfigIssue(COMMAND_LINE, None, f"--set {key_path}", message)])
