"""The rule engine: an intent, its chosen targets, the configuration and what is known now -> a Plan of MQTT
actions.

Pure: the local time and device states are passed in as a RuleContext.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistantd import intents
from assistantd.action import Action
from assistantd.config.home import Device, Risk
from assistantd.config.settings import Config
from assistantd.devices.command import DeviceCommand
from assistantd.devices.dialects import command_actions, commands
from assistantd.devices.payloads import UnsupportedCommand, ability
from assistantd.devices.state import DeviceState
from assistantd.devices.weather import WeatherReport
from assistantd.intents import Intent
from assistantd.rules.answers import state_answer, temperature_answer
from assistantd.rules.clock import CLOCK_INTENTS, clock_answer
from assistantd.rules.conditions import fired_rules
from assistantd.rules.lists import list_addition
from assistantd.rules.phrases import confirm_prompt, describe, done_sentence, kind_word, publish_prompt
from assistantd.rules.rule_steps import rule_steps
from assistantd.rules.services import Step, device_commands
from assistantd.rules.targets import Targets
from assistantd.rules.weather import CANNOT, weather_answer

_LOGGER = logging.getLogger(__name__)

_LIST_INTENTS = frozenset({intents.LIST_ADD, intents.SHOPPING_LIST_ADD})
_SILENT = frozenset({intents.NONE, intents.NEVERMIND, intents.CONFIRM, intents.DECLINE})
_NEEDS_VALUE: dict[str, str] = {
    intents.LIGHT_SET: "What should I set the lights to?",
    intents.CLIMATE_SET_TEMPERATURE: "What temperature should I set?",
    intents.SET_POSITION: "What position should I set?",
    intents.SET_VOLUME: "What volume should I set?",
    intents.MEDIA_SEARCH: "What should I play?",
}
_INTENT_SERVICES: dict[str, str] = {
    intents.TURN_ON: "turn_on",
    intents.TURN_OFF: "turn_off",
    intents.TOGGLE: "toggle",
    intents.MEDIA_PAUSE: "pause",
    intents.MEDIA_UNPAUSE: "play",
    intents.MEDIA_NEXT: "next",
    intents.MEDIA_PREVIOUS: "previous",
    intents.VACUUM_START: "start",
    intents.VACUUM_RETURN: "return_to_base",
    intents.MEDIA_SEARCH: "play_media",
}
"""The service that stands for an intent in "X can't ..." sentences."""


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What the engine knows besides the intent."""

    area_id: str
    """The site's area ("in here")."""
    local_minute: int
    """Minutes after local midnight, 0-1439."""
    states: Mapping[str, DeviceState] = field(default_factory=dict)
    """Device id -> last reported state."""
    local_date: datetime.date | None = None
    """Today's local date (None: unknown)."""
    weather: Mapping[str, WeatherReport] = field(default_factory=dict)
    """Weather state topic -> last report."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do about one intent, and what to say."""

    intent: Intent
    targets: tuple[str, ...]
    """Ids of the devices the intent acted on or asked about."""
    actions: tuple[Action, ...]
    needs_confirmation: bool
    """A high-risk device would change: ask (prompt) before sending the actions."""
    response: str
    """What to say once done (or the answer, or the error)."""
    rules_fired: tuple[str, ...] = ()
    error: str | None = None
    """Why nothing can be done, in plain words (also the response)."""
    prompt: str = ""
    """The confirmation question, when needs_confirmation."""
    summary: str = ""
    """What the actions do, as an imperative clause ("Turn on the Bedroom Lamp"), for asking "Did you
    mean" when the command was understood without certainty."""


@dataclass(frozen=True, slots=True)
class _Outcome:
    """The intent's own part of a plan."""

    steps: tuple[Step, ...] = ()
    response: str = ""
    error: str | None = None
    devices: tuple[Device, ...] = ()


def plan(config: Config, intent: Intent, targets: Targets, context: RuleContext) -> Plan:
    """The plan for an intent on its chosen targets: its own actions, the rules it fires, confirmation and
    a response."""
    if intent.name in _SILENT:
        return Plan(intent, (), (), False, "")
    if intent.name in CLOCK_INTENTS:
        answer = clock_answer(intent.name, context.local_minute, context.local_date)
        return Plan(intent, (), (), False, answer)
    if not configured_for(config, intent.name):
        return Plan(intent, (), (), False, CANNOT, error=CANNOT)
    if intent.name == intents.GET_WEATHER:
        answer = weather_answer(config.weather, intent.slots.name, context.weather)
        return Plan(intent, (), (), False, answer)
    if intent.name in _LIST_INTENTS and config.lists is not None:
        action, said = list_addition(config.lists, intent)
        if action is None:
            return Plan(intent, (), (), False, said, error=said)
        return finish_plan(config, intent, (), (action,), (), said)
    fired = fired_rules(
        config.rules,
        intent,
        areas=_command_areas(targets, context),
        local_minute=context.local_minute,
        states=context.states,
    )
    rule_ids = tuple(rule.id for rule in fired)
    replaced = any(rule.mode == "replace" for rule in fired)
    own = _Outcome() if replaced else _own_outcome(config, intent, targets, context)
    if own.error is not None and not fired:
        return Plan(intent, (), (), False, own.error, error=own.error)
    rule_steps_, publishes = rule_steps(
        config, fired, area_id=targets.area_id or context.area_id, states=context.states
    )
    if own.error is not None or replaced:
        own = _Outcome(response=done_sentence(rule_steps_))
    steps = (*own.steps, *rule_steps_)
    return finish_plan(config, intent, steps, publishes, rule_ids, own.response, own.devices)


def configured_for(config: Config, intent_name: str) -> bool:
    """Whether the home has what an intent needs: a weather source, lists, a vacuum, a media player that
    takes searches (the other intents need nothing beyond their devices)."""
    if intent_name == intents.GET_WEATHER:
        return bool(config.weather)
    if intent_name in _LIST_INTENTS:
        return config.lists is not None
    if intent_name in (intents.VACUUM_START, intents.VACUUM_RETURN):
        return any(device.domain == "vacuum" for device in config.devices)
    if intent_name == intents.MEDIA_SEARCH:
        return any(device.search_topic is not None for device in config.devices)
    return True


def finish_plan(
    config: Config,
    intent: Intent,
    steps: Sequence[Step],
    publishes: Sequence[Action],
    rule_ids: tuple[str, ...],
    response: str,
    devices: Sequence[Device] = (),
) -> Plan:
    """The plan of some steps and raw publishes (``devices``: also those only asked about): an error
    when there is nothing to send or answer, a confirmation whenever a high-risk device would be
    actuated, by a step or by a raw publish on its command topic, whatever its reported state."""
    actions = (*(action for step in steps for action in step.actions), *publishes)
    if not actions and not devices:
        error = "Sorry, I couldn't do that."
        return Plan(intent, (), (), False, error, rule_ids, error=error)
    risky = tuple(s for s in steps if s.device.risk is Risk.HIGH)
    guarded = _guarded(config, publishes)
    ids = tuple(dict.fromkeys(device.id for device in (*devices, *(s.device for s in steps), *guarded)))
    prompt = confirm_prompt(risky) if risky else (publish_prompt(guarded) if guarded else "")
    summary = describe(steps, imperative=True) if steps else ""
    needs = bool(risky or guarded)
    return Plan(intent, ids, actions, needs, response, rule_ids, prompt=prompt, summary=summary)


def _guarded(config: Config, publishes: Sequence[Action]) -> tuple[Device, ...]:
    """The high-risk devices some raw publishes would actuate (they go to their command topics)."""
    risky = [device for device in config.devices if device.risk is Risk.HIGH]
    return tuple(d for d in risky if any(commands(d, action.topic) for action in publishes))


def _command_areas(targets: Targets, context: RuleContext) -> frozenset[str]:
    """The areas a command concerns: the site's, the one it named, its devices'."""
    areas = {context.area_id, targets.area_id, *(device.area for device in targets.devices)}
    return frozenset(area for area in areas if area)


def _own_outcome(config: Config, intent: Intent, targets: Targets, context: RuleContext) -> _Outcome:
    """The intent's own steps (or answer), without rules."""
    if targets.problem is not None:
        return _Outcome(error=targets.problem)
    if intent.name == intents.GET_STATE:
        return _Outcome(
            response=state_answer(intent, targets.devices, context.states), devices=targets.devices
        )
    if intent.name == intents.CLIMATE_GET_TEMPERATURE:
        answer = temperature_answer(config, targets.devices, context.states)
        return _Outcome(response=answer, devices=targets.devices)
    steps, failures = _steps(intent, targets.devices, context.states)
    if steps:
        return _Outcome(steps=steps, response=done_sentence(steps, targets.place), devices=_of(steps))
    return _Outcome(error=_failure_sentence(intent, targets, failures))


def _of(steps: Sequence[Step]) -> tuple[Device, ...]:
    """The devices of some steps, once each."""
    return tuple(dict.fromkeys(step.device for step in steps))


def _steps(
    intent: Intent, devices: Sequence[Device], states: Mapping[str, DeviceState]
) -> tuple[tuple[Step, ...], list[tuple[Device, DeviceCommand, UnsupportedCommand]]]:
    """Each device's commands turned into actions, and the ones its dialect refused."""
    steps: list[Step] = []
    failures: list[tuple[Device, DeviceCommand, UnsupportedCommand]] = []
    for device in devices:
        for command in device_commands(intent, device, states.get(device.id)):
            try:
                steps.append(Step(device, command, command_actions(device, command)))
            except UnsupportedCommand as err:
                failures.append((device, command, err))
    return tuple(steps), failures


def _failure_sentence(
    intent: Intent, targets: Targets, failures: list[tuple[Device, DeviceCommand, UnsupportedCommand]]
) -> str:
    """Why no target could do what was asked."""
    if not failures:
        if not targets.devices:
            return "I can't do that yet"
        if intent.name in _NEEDS_VALUE:
            return _NEEDS_VALUE[intent.name]
        asked = ability(_INTENT_SERVICES.get(intent.name, ""))
        if len(targets.devices) == 1:
            return f"{targets.devices[0].name} can't {asked}"
        return f"None of those can {asked}"
    devices = list(dict.fromkeys(device for device, _command, _error in failures))
    value_problems = [error for _device, _command, error in failures if not error.missing_ability]
    if value_problems or len(devices) == 1:
        return str((value_problems or [failures[0][2]])[0])
    domains = tuple(dict.fromkeys(device.domain for device in devices))
    noun = kind_word(domains[0]) if len(domains) == 1 else "device"
    where = f" {targets.place}" if targets.place else ""
    return f"No {noun}{where} can {ability(failures[0][1].service)}"
