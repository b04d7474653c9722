"""When a configured rule fires: its trigger (intent and slots) and its conditions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from assistantd.config.rules import Rule, RuleCondition, RuleTrigger, TimeWindow
from assistantd.devices.state import DeviceState
from assistantd.intents import Intent

MINUTES_PER_DAY = 24 * 60


def same_value(spoken: object, configured: object) -> bool:
    """Slot equality: numbers by value, text case-insensitively."""
    left, right = _as_number(spoken), _as_number(configured)
    if left is not None and right is not None:
        return left == right
    return str(spoken).strip().casefold() == str(configured).strip().casefold()


def _as_number(value: object) -> float | None:
    """A number, or text that is one; None otherwise."""
    if isinstance(value, bool):
        return None
    try:
        result = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        return None
    return result if math.isfinite(result) else None


def trigger_matches(trigger: RuleTrigger, intent: Intent) -> bool:
    """Whether an intent is the trigger's, with every slot the trigger names equal."""
    if trigger.intent != intent.name:
        return False
    slots = intent.slots.as_dict()
    return all(key in slots and same_value(slots[key], value) for key, value in trigger.slots)


def in_window(window: TimeWindow, local_minute: int) -> bool:
    """Whether a local minute of the day lies in a window (end excluded); equal ends mean all day."""
    minute = local_minute % MINUTES_PER_DAY
    start, end = window.start_minute % MINUTES_PER_DAY, window.end_minute % MINUTES_PER_DAY
    if start == end:
        return True
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def condition_holds(
    condition: RuleCondition,
    *,
    areas: frozenset[str],
    local_minute: int,
    states: Mapping[str, DeviceState],
) -> bool:
    """Whether every given part of a condition holds (areas: any of the command's areas is listed)."""
    if condition.areas and areas.isdisjoint(condition.areas):
        return False
    if condition.time is not None and not in_window(condition.time, local_minute):
        return False
    return all(_state_is(states.get(item.device), item.state) for item in condition.states)


def _state_is(state: DeviceState | None, wanted: str) -> bool:
    """Whether a device's known state equals a word (case-insensitively)."""
    if state is None or state.state is None:
        return False
    return state.state.casefold() == wanted.strip().casefold()


def fired_rules(
    rules: Iterable[Rule],
    intent: Intent,
    *,
    areas: frozenset[str],
    local_minute: int,
    states: Mapping[str, DeviceState],
) -> tuple[Rule, ...]:
    """The rules an intent fires, in configuration order."""
    return tuple(
        rule
        for rule in rules
        if trigger_matches(rule.trigger, intent)
        and condition_holds(rule.condition, areas=areas, local_minute=local_minute, states=states)
    )
