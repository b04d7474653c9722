"""The configuration's rules and sentences as frozen values (and the topic/payload template they share
with generic devices)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ActionTemplate:
    """A generic device's topic and payload for one action (safe ``{placeholder}`` templating)."""

    topic: str
    payload: str
    qos: int = 1
    retain: bool = False


@dataclass(frozen=True, slots=True)
class CustomSentence:
    """Extra sentence templates for an intent, with fixed slots."""

    intent: str
    templates: tuple[str, ...]
    slots: tuple[tuple[str, str | int | float], ...] = ()


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A daily window in local time; may wrap past midnight."""

    start_minute: int
    """Minutes after midnight."""
    end_minute: int


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
class RuleAction:
    """What a rule does: a device command, a scene, or a raw publish."""

    device: str | None = None
    """Device id to command."""
    service: str | None = None
    """For device: turn_on, turn_off, toggle, set_brightness, ..."""
    data: tuple[tuple[str, str | int | float], ...] = ()
    """Arguments for the service, e.g. (("brightness", 30),)."""
    scene: str | None = None
    """Scene device id to activate."""
    publish: ActionTemplate | None = None
    """A raw MQTT publish."""
    area: str | None = None
    """With domain instead of device: every device of that domain in this area id ("here": the area
    the command or gesture concerns)."""
    domain: str | None = None
    """The domain of an area action's devices."""


@dataclass(frozen=True, slots=True)
class RuleTrigger:
    """Which intents a rule reacts to."""

    intent: str
    """Intent name, e.g. HassTurnOn ("" for a gesture trigger)."""
    slots: tuple[tuple[str, str | int | float], ...] = ()
    """Slot values that must match (names as configured; compared case-insensitively)."""
    gesture: str | None = None
    """A hand gesture instead of an intent: open_palm, thumb_up, swipe_up, wave, ..."""
    held_seconds: float | None = None
    """For a static gesture: fire once it has been held this long (None: as soon as it is stable)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """When an intent matches (and conditions hold), add or replace actions."""

    id: str
    trigger: RuleTrigger
    condition: RuleCondition = RuleCondition()
    actions: tuple[RuleAction, ...] = ()
    mode: str = "add"
    """"add": after the intent's own actions; "replace": instead of them."""
