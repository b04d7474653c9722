"""Rules (the ``rules`` section): when an intent or a gesture matches and conditions hold, add or replace
actions; their types and how they are read and checked."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.checks import get_minute_of_day, get_state
from assistantd.config.fields import read_key, setting
from assistantd.config.home import Known
from assistantd.config.loader import ListNode, Node
from assistantd.config.references import Unique, check_reference, claim_id
from assistantd.config.rule_actions import RuleAction, read_action
from assistantd.config.section import Section, open_section
from assistantd.config.sentences import SlotValue, read_slots
from assistantd.config.walker import Issues, get_string
from assistantd.gestures import DYNAMIC_GESTURES, GESTURES
from assistantd.intents import HA_INTENTS

MODES: tuple[str, ...] = ("add", "replace")


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A daily window in local time; may wrap past midnight."""

    start_minute: int
    """Minutes after midnight (key ``after``)."""
    end_minute: int
    """Minutes after midnight (key ``before``)."""


@dataclass(frozen=True, slots=True)
class StateCondition:
    """A device must be in a given state."""

    device: str
    """Device id."""
    state: str


@dataclass(frozen=True, slots=True)
class RuleCondition:
    """All given parts must hold."""

    areas: tuple[str, ...] = ()
    """The command's target area (or the site's) is one of these area ids."""
    time: TimeWindow | None = None
    states: tuple[StateCondition, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleTrigger:
    """Which intents a rule reacts to."""

    intent: str = setting(choices=HA_INTENTS, what="intent")
    """Intent name, e.g. HassTurnOn ("" for a gesture trigger)."""
    slots: tuple[tuple[str, SlotValue], ...] = ()
    """Slot values that must match (names as configured; compared case-insensitively)."""
    gesture: str | None = setting(None, choices=GESTURES, what="gesture")
    """A hand gesture instead of an intent: open_palm, thumb_up, swipe_up, wave, ..."""
    held_seconds: float | None = setting(None, positive=True, maximum=60)
    """For a static gesture: fire once it has been held this long, seconds (None: as soon as it is stable)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """When an intent matches (and conditions hold), add or replace actions."""

    id: str
    trigger: RuleTrigger
    condition: RuleCondition = RuleCondition()
    actions: tuple[RuleAction, ...] = ()
    mode: str = setting("add", choices=MODES, what="mode")
    """"add": after the intent's own actions; "replace": instead of them."""


def read_rules(issues: Issues, items: list[tuple[str, Node]], known: Known) -> tuple[Rule, ...]:
    """Every rule, in file order; rule ids are unique."""
    ids = Unique(issues, "rule id")
    rules: list[Rule] = []
    for path, node in items:
        section = open_section(
            issues, node, path, required=("id", "when", "actions"), optional=("conditions", "mode")
        )
        if section is None:
            continue
        rule_id = claim_id(section, ids)
        trigger = _trigger(section, known)
        condition = _condition(section, known)
        mode = read_key(section, Rule, "mode")
        actions = _actions(section, known, mode)
        if rule_id and trigger and condition and mode and actions is not None:
            rules.append(Rule(id=rule_id, trigger=trigger, condition=condition, actions=actions, mode=mode))
    return tuple(rules)


def _trigger(rule: Section, known: Known) -> RuleTrigger | None:
    """``when``: an intent and the slot values it must carry, or a gesture (held for a time)."""
    when = rule.section("when", optional=("intent", "slots", "gesture", "held_seconds"))
    if when is None:
        return None
    if when.given("gesture") or when.given("held_seconds"):
        return _gesture_trigger(when)
    when.require(("intent",))
    intent = read_key(when, RuleTrigger, "intent")
    slots_node = when.node("slots")
    slots = () if slots_node is None else read_slots(rule.issues, slots_node, when.path_of("slots"), known)
    if intent is None or slots is None:
        return None
    return RuleTrigger(intent=intent, slots=slots)


def _gesture_trigger(when: Section) -> RuleTrigger | None:
    """``{gesture: open_palm, held_seconds: 1}``: a gesture instead of an intent."""
    for key in ("intent", "slots"):
        if when.given(key):
            when.issues.add(when.line_of(key), when.path_of(key), f"give either gesture or {key}, not both")
    when.require(("gesture",))
    gesture = read_key(when, RuleTrigger, "gesture")
    held = read_key(when, RuleTrigger, "held_seconds")
    if held is not None and gesture in DYNAMIC_GESTURES:
        message = f"{gesture!r} is a movement: held_seconds applies to static gestures only"
        when.issues.add(when.line_of("held_seconds"), when.path_of("held_seconds"), message)
        return None
    if gesture is None or (when.given("held_seconds") and held is None):
        return None
    return RuleTrigger(intent="", gesture=gesture, held_seconds=held)


def _condition(rule: Section, known: Known) -> RuleCondition | None:
    """``conditions``: target areas, a daily time window and device states (all must hold)."""
    if rule.node("conditions") is None:
        return RuleCondition()
    section = rule.section("conditions", optional=("areas", "time", "states"))
    if section is None:
        return None
    areas = []
    for path, node in section.items("areas"):
        area = get_string(section.issues, node, path)
        if area is not None and check_reference(section.issues, node, path, area, known.area_ids, "area"):
            areas.append(area)
    states = tuple(_state(section.issues, path, node, known) for path, node in section.items("states"))
    return RuleCondition(areas=tuple(areas), time=_time_window(section), states=tuple(s for s in states if s))


def _time_window(conditions: Section) -> TimeWindow | None:
    """``time: {after: "18:00", before: "23:00"}``; may wrap past midnight."""
    section = conditions.section("time", required=("after", "before"))
    if section is None:
        return None
    minutes = []
    for key in ("after", "before"):
        node = section.node(key)
        minutes.append(
            None if node is None else get_minute_of_day(section.issues, node, section.path_of(key))
        )
    start, end = minutes
    if start is None or end is None:
        return None
    if start == end:
        section.issues.add(section.line_of("before"), section.path_of("before"), "must differ from 'after'")
        return None
    return TimeWindow(start_minute=start, end_minute=end)


def _state(issues: Issues, path: str, node: Node, known: Known) -> StateCondition | None:
    """``{device: tv, state: "on"}``."""
    section = open_section(issues, node, path, required=("device", "state"))
    if section is None:
        return None
    device = section.string("device")
    device_node = section.node("device")
    if device is not None and device_node is not None:
        check_reference(issues, device_node, section.path_of("device"), device, known.devices, "device")
    state_node = section.node("state")
    state = None if state_node is None else get_state(issues, state_node, section.path_of("state"))
    if device is None or state is None:
        return None
    return StateCondition(device=device, state=state)


def _actions(rule: Section, known: Known, mode: str | None) -> tuple[RuleAction, ...] | None:
    """``actions``: device commands, scenes and raw publishes, in order."""
    node = rule.node("actions")
    if isinstance(node, ListNode) and not node.items and mode == "add":
        rule.issues.add(
            node.line,
            rule.path_of("actions"),
            "a rule in add mode needs at least one action (an empty list fits only mode: replace)",
        )
    actions = [read_action(rule.issues, path, item, known) for path, item in rule.items("actions")]
    if None in actions:
        return None
    return tuple(action for action in actions if action is not None)
