"""Labelled sentences (lines shaped like Home Assistant's en_tests.jsonl) and the one scorer every figure of
them goes through (`assistantd eval`, the benchmarks, hassil and assistantd alike).

Each line: ``text``, ``intent``, ``slots`` (a list value means any one of its items is accepted),
optional ``context`` ({"area": name} is where the sentence was heard; without it, nowhere) and
optional ``file_fixtures`` (extra areas and entities for that line, merged into the home).

A line of a supported command is right when its intent and its slots are exactly as labelled; a line that
is no command for assistantd (intent "none", or an intent it does not support, such as HassStartTimer) is
right when the sentence is not taken for a command.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.errors import InputError
from assistantd.rules.conditions import same_value

SlotValue = str | int | float
ExpectedValue = SlotValue | tuple[SlotValue, ...]

RIGHT = "right"
"""A command read with its intent and exactly its slots."""
WRONG_SLOTS = "wrong_slots"
"""A command read with its intent but other slots."""
ACTED_WRONGLY = "acted_wrongly"
"""A command read as a different command assistantd supports."""
WRONG_INTENT = "wrong_intent"
"""A command read as an intent assistantd does not support (only other recognizers give those: hassil)."""
REJECTED_COMMAND = "rejected_command"
"""A command not taken for one."""
REJECTED_RIGHT = "rejected_right"
"""A non-command or an unsupported request, rightly not taken for a command."""
ACTED_ON_NON_COMMAND = "acted_on_non_command"
"""A non-command or an unsupported request taken for a command."""
KINDS: tuple[str, ...] = (
    RIGHT, WRONG_SLOTS, ACTED_WRONGLY, WRONG_INTENT, REJECTED_COMMAND, REJECTED_RIGHT, ACTED_ON_NON_COMMAND,
)  # fmt: skip
"""Every kind of outcome, each line having exactly one."""


@dataclass(frozen=True, slots=True)
class EvalCase:
    """One labelled sentence."""

    text: str
    intent: str
    slots: tuple[tuple[str, ExpectedValue], ...] = ()
    """Expected slots; a tuple value accepts any of its items."""
    area: str | None = None
    """Name (or id) of the area the sentence was heard in."""
    fixtures: str | None = None
    """Extra fixtures for this line, as canonical JSON (None: none)."""
    source: str = ""
    context: tuple[tuple[str, str], ...] = ()
    """The line's whole context (area, and requirements such as domain)."""

    @property
    def supported(self) -> bool:
        """Whether the intent is one assistantd recognises ("none" included)."""
        return self.intent in intents.ALL_INTENTS

    @property
    def is_command(self) -> bool:
        """Whether the line asks for something assistantd supports (not "none", not an unsupported intent)."""
        return self.supported and self.intent != intents.NONE


@dataclass(frozen=True, slots=True)
class CaseResult:
    """What a recognizer said about one case, and how that is judged."""

    case: EvalCase
    intent: str
    slots: tuple[tuple[str, SlotValue], ...]
    intent_ok: bool
    """The labelled intent; for a line that is no command, no command."""
    slots_ok: bool
    """The intent right and the slots exactly as labelled; for a line that is no command, no command."""
    kind: str = RIGHT
    """One of KINDS."""
    confidence: float = 0.0
    recognizer: str = ""
    """Which recognizer gave the reading ("grammar", "custom", "model", ...; "" when not said)."""
    asked: bool = False
    """The assistant would ask "Did you mean ...?" before acting on the reading (not certain enough)."""

    @property
    def at_once(self) -> bool:
        """Whether a command reading would be carried out at once (not asked about first)."""
        return not self.asked

    @property
    def only_name_all(self) -> bool:
        """Whether the slots differ from the labelled ones only by a name "all" on one side."""
        if self.kind != WRONG_SLOTS:
            return False
        return _slots_match(_without_all(dict(self.slots)), _without_all(dict(self.case.slots)))


def load_cases(path: Path | str) -> list[EvalCase]:
    """The cases of a JSON-lines file; raises InputError naming the line of a malformed one."""
    path = Path(path)
    cases = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    cases.append(case_from_json(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError) as err:
                    raise InputError(f"{path}:{number}: not a dataset line: {err}") from err
    return cases


def case_from_json(item: Mapping[str, Any]) -> EvalCase:
    """One case from its JSON object."""
    slots = tuple(
        (str(key), tuple(value) if isinstance(value, list) else value)
        for key, value in (item.get("slots") or {}).items()
    )
    context = item.get("context") or {}
    fixtures = item.get("file_fixtures")
    return EvalCase(
        text=str(item["text"]),
        intent=str(item["intent"]),
        slots=slots,
        area=context.get("area"),
        fixtures=json.dumps(fixtures, sort_keys=True) if fixtures else None,
        source=str(item.get("source_file", "")),
        context=tuple((str(key), str(value)) for key, value in context.items()),
    )


def heard_area_id(config: Config, area: str | None) -> str | None:
    """The id of the area a case was heard in, by id or name; None when the line does not say (the site's
    area, as in the daemon: nowhere for Home Assistant's fixtures), "" for an area the home lacks."""
    if not area:
        return None
    for known in config.areas:
        if area in (known.id, known.name) or area.casefold() == known.name.casefold():
            return known.id
    return ""


def score_case(
    case: EvalCase,
    intent: str,
    slots: Mapping[str, SlotValue],
    *,
    confidence: float = 0.0,
    recognizer: str = "",
    asked: bool = False,
) -> CaseResult:
    """Judge a reading of a case: every slot, name "all" included, must be as labelled."""
    if case.is_command:
        intent_ok = intent == case.intent
        slots_ok = intent_ok and _slots_match(dict(slots), dict(case.slots))
    else:  # right when nothing is done: no command, or a yes or no with no question pending
        intent_ok = intent == intents.NONE or intent in intents.ANSWERS
        slots_ok = intent_ok and (not case.supported or _slots_match(dict(slots), dict(case.slots)))
    kind = _kind(case, intent, intent_ok=intent_ok, slots_ok=slots_ok)
    return CaseResult(
        case, intent, tuple(slots.items()), intent_ok, slots_ok, kind, confidence, recognizer, asked
    )


def _kind(case: EvalCase, intent: str, *, intent_ok: bool, slots_ok: bool) -> str:
    """The kind of outcome (one of KINDS)."""
    if not case.is_command:
        return REJECTED_RIGHT if intent_ok else ACTED_ON_NON_COMMAND
    if intent_ok:
        return RIGHT if slots_ok else WRONG_SLOTS
    if intent == intents.NONE:
        return REJECTED_COMMAND
    return ACTED_WRONGLY if intent in intents.ALL_INTENTS else WRONG_INTENT


def _slots_match(found: Mapping[str, SlotValue], expected: Mapping[str, ExpectedValue]) -> bool:
    """The same slot names, each with a value the label accepts."""
    return set(found) == set(expected) and all(_same(found[key], expected[key]) for key in expected)


def _without_all(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The slots without a name "all" (Home Assistant's quantifier)."""
    return {key: value for key, value in slots.items() if not (key == "name" and _is_all(value))}


def _is_all(value: ExpectedValue) -> bool:
    """Whether a name is "all" (or, for a label with choices, may be)."""
    options = value if isinstance(value, tuple) else (value,)
    return any(str(option).strip().casefold() == "all" for option in options)


def _same(predicted: SlotValue, expected: ExpectedValue) -> bool:
    """Equal as numbers, or as trimmed case-insensitive text; a tuple accepts any of its items."""
    options = expected if isinstance(expected, tuple) else (expected,)
    return any(same_value(predicted, option) for option in options)
