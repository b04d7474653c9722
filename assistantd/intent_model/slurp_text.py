"""Real out-of-scope sentences for training, where a checkout has them: SLURP's devel split (CC BY 4.0).

SLURP's devel split covers 18 scenarios of what people ask voice assistants (calendar, email, questions,
news, weather, alarms, lists, music, takeaway, transport, ...). Its sentences outside the smart-home
scenario are requests this home cannot serve, so the model learns them as out of scope. They are read at
training time from the shared data beside a checkout (``$ASSISTANTD_SHARED_DATA``, else ``../shared/data``
next to the repository) and never shipped: where they are absent (an installed daemon), the model learns
from the hand-written sentences of out_of_scope.py alone.

Left out: the smart-home scenario, the audio scenario (volume and mute), the intents that are commands
here (lights, plugs, the next song), and sentences with words of the commands assistantd carries out
(lights, volume, pause, the temperature, ...), so that nothing a user may mean as a command is learnt as
out of scope.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from assistantd.text import normalize, strip_fillers

RELATIVE_PATH = Path("slurp") / "devel_all.jsonl"
_SKIPPED_SCENARIOS = frozenset({"iot", "audio"})
_SKIPPED_INTENTS = frozenset(
    {"hue_lightoff", "hue_lighton", "hue_lightup", "hue_lightdim", "hue_lightchange", "music", "podcasts"}
)
_COMMAND_WORDS = frozenset(
    {
        "light",
        "lights",
        "lamp",
        "lamps",
        "lighting",
        "bright",
        "brighter",
        "brightness",
        "dim",
        "dimmer",
        "volume",
        "louder",
        "quieter",
        "mute",
        "pause",
        "unpause",
        "resume",
        "continue",
        "stop",
        "next",
        "previous",
        "skip",
        "thermostat",
        "heating",
        "heater",
        "temperature",
        "degrees",
        "curtain",
        "curtains",
        "blind",
        "blinds",
        "shade",
        "shades",
        "lock",
        "unlock",
        "door",
        "plug",
        "socket",
        "fan",
        "never",
        "cancel",
        "yes",
        "no",
    }
)
"""Words of assistantd's own commands (and answers): sentences with them are not learnt as out of scope."""
_SWITCHING = (frozenset({"turn", "switch", "power"}), frozenset({"on", "off", "up", "down", "it"}))
"""Switching words ("turn it off", "turn on my music"): sentences with both are left out too."""


def shared_data() -> Path | None:
    """The shared data folder: $ASSISTANTD_SHARED_DATA, else ../shared/data beside this checkout (None for
    an installed package, which has no checkout around it)."""
    configured = os.environ.get("ASSISTANTD_SHARED_DATA")
    if configured:
        return Path(configured)
    root = Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "data" if (root / "pyproject.toml").is_file() else None


def out_of_scope_sentences() -> tuple[str, ...]:
    """SLURP's devel sentences that are out of scope for assistantd (normalised, without the politeness and
    wake words commands have as often, in file order, once each); empty when the file is not there."""
    folder = shared_data()
    path = folder / RELATIVE_PATH if folder is not None else None
    if path is None or not path.is_file():
        return ()
    stat = path.stat()
    return _read(str(path), stat.st_size, stat.st_mtime_ns)


def digest(sentences: tuple[str, ...]) -> str:
    """A short hash of the sentences (part of the model's cache key)."""
    return hashlib.sha256("\n".join(sentences).encode()).hexdigest()[:16] if sentences else ""


@functools.lru_cache(maxsize=2)
def _read(path: str, size: int, modified_ns: int) -> tuple[str, ...]:
    """The kept sentences of one version of the file (size and time tell versions apart)."""
    kept: dict[str, None] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("scenario") in _SKIPPED_SCENARIOS or item.get("intent") in _SKIPPED_INTENTS:
            continue
        text = strip_fillers(normalize(str(item.get("sentence", ""))))
        words = set(text.split())
        switching = all(words & group for group in _SWITCHING)
        if text and not switching and not words & _COMMAND_WORDS:
            kept[text] = None
    return tuple(kept)
