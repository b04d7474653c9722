"""The actions of fired rules: device and area commands through each device's dialect, and raw publishes.

Pure: device states (for a relative brightness step) come with the RuleContext.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from assistantd.action import Action
from assistantd.config.home import Device
from assistantd.config.rule_actions import HERE, RuleAction
from assistantd.config.rules import Rule
from assistantd.config.settings import Config
from assistantd.devices.command import DeviceCommand
from assistantd.devices.dialects import command_actions
from assistantd.devices.payloads import UnsupportedCommand
from assistantd.devices.state import DeviceState
from assistantd.rules.services import Step, step_command

_LOGGER = logging.getLogger(__name__)

_RULE_DATA_TYPES: dict[str, type] = {
    "brightness": int,
    "brightness_step": int,
    "color": str,
    "color_temp_kelvin": int,
    "position": int,
    "temperature": float,
    "volume": int,
}


def rule_steps(
    config: Config, rules: Sequence[Rule], *, area_id: str, states: Mapping[str, DeviceState]
) -> tuple[tuple[Step, ...], tuple[Action, ...]]:
    """The device steps and raw publishes of fired rules (refused actions are logged and skipped)."""
    steps: list[Step] = []
    publishes: list[Action] = []
    for rule in rules:
        for action in rule.actions:
            if action.publish is not None:
                template = action.publish
                publishes.append(Action(template.topic, template.payload, template.qos, template.retain))
                continue
            for device in _targets(config, rule, action, area_id):
                step = _rule_step(rule, action, device, states.get(device.id))
                if step is not None:
                    steps.append(step)
    return tuple(steps), tuple(publishes)


def _targets(config: Config, rule: Rule, action: RuleAction, area_id: str) -> tuple[Device, ...]:
    """The devices an action is for: its device or scene, or every device of a domain in an area."""
    if action.domain is not None:
        area = area_id if action.area in (None, HERE) else action.area
        found = tuple(d for d in config.devices if d.area == area and d.domain == action.domain)
        if not found:
            _LOGGER.info("Rule %s: no %s in area %s", rule.id, action.domain, area)
        return found
    device_id = action.scene or action.device
    device = config.device(device_id) if device_id else None
    if device is None:
        _LOGGER.warning("Rule %s: skipping an action on unknown device %s", rule.id, device_id)
        return ()
    return (device,)


def _rule_step(rule: Rule, action: RuleAction, device: Device, state: DeviceState | None) -> Step | None:
    """One rule action on one device, through the device's dialect."""
    command = rule_command(action, state)
    if command is None:
        _LOGGER.warning(
            "Rule %s: skipping an action on %s without a service or with bad data", rule.id, device.id
        )
        return None
    if action.domain is not None and command.brightness is not None and not device.capabilities.brightness:
        _LOGGER.debug("Rule %s: %s has no brightness", rule.id, device.id)
        return None
    try:
        return Step(device, command, command_actions(device, command))
    except UnsupportedCommand as err:
        _LOGGER.warning("Rule %s: %s", rule.id, err)
        return None


def rule_command(action: RuleAction, state: DeviceState | None = None) -> DeviceCommand | None:
    """The DeviceCommand a rule action describes (a scene is "activate"); None for unusable data.

    A brightness_step is applied to the device's last reported brightness (0 when off), within 0-100;
    with no level reported the dialect steps it natively.
    """
    if action.scene is not None:
        return DeviceCommand("activate")
    if action.service is None:
        return None
    values: dict[str, object] = {}
    for key, value in action.data:
        kind = _RULE_DATA_TYPES.get(key)
        if kind is None:
            return None
        try:
            values[key] = kind(value)
        except (TypeError, ValueError):
            return None
    step = values.pop("brightness_step", None)
    if isinstance(step, int) and action.service == "set_brightness" and "brightness" not in values:
        return step_command(state, step)
    return DeviceCommand(action.service, **values)  # type: ignore[arg-type]
