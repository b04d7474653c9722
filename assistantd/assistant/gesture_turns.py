"""A turn of a gesture alone that fires one of the home's gesture rules (the example home's swipe up: the
room's lights brighter; an open palm held while the TV plays: pause it) means what the rule does: the Home
Assistant intent of its first device action, on the devices its actions reach. The daemon carries such a
gesture out through the rule (Assistant.decide_sign); this is how the same turn reads as a whole turn
(`assistantd eval --turns`). A gesture that answers a question, or fires no rule, is the fusion's to read."""

from __future__ import annotations

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.devices.state import DeviceState
from assistantd.events import GestureEvent
from assistantd.fusion.turns import Observation, Turn
from assistantd.fusion.understand import TurnResult
from assistantd.intents import Intent, Modality
from assistantd.rules.gestures import fired_gesture_rules
from assistantd.rules.rule_steps import rule_steps
from assistantd.rules.targets import Targets

INTENT_OF_SERVICE: dict[str, str] = {
    "turn_on": intents.TURN_ON,
    "turn_off": intents.TURN_OFF,
    "toggle": intents.TOGGLE,
    "set_brightness": intents.LIGHT_SET,
    "set_color": intents.LIGHT_SET,
    "set_color_temp": intents.LIGHT_SET,
    "open": intents.TURN_ON,
    "close": intents.TURN_OFF,
    "lock": intents.TURN_ON,
    "unlock": intents.TURN_OFF,
    "set_position": intents.SET_POSITION,
    "set_temperature": intents.CLIMATE_SET_TEMPERATURE,
    "pause": intents.MEDIA_PAUSE,
    "play": intents.MEDIA_UNPAUSE,
    "next": intents.MEDIA_NEXT,
    "previous": intents.MEDIA_PREVIOUS,
    "set_volume": intents.SET_VOLUME,
    "start": intents.VACUUM_START,
    "return_to_base": intents.VACUUM_RETURN,
}
"""The Home Assistant intent a device service carries out (covers open and locks lock with HassTurnOn, as
Home Assistant's own sentences do)."""
NOON = 12 * 60
"""The minute of the day a turn without a time is taken at."""


def ruled_turn(config: Config, turn: Turn) -> TurnResult | None:
    """What a turn of a gesture alone means through the gesture rule it fires; None where it has words,
    answers a question or fires no rule that acts on a device."""
    if turn.text.strip() or turn.context.awaiting_confirmation:
        return None
    held = _held(turn.observations)
    if held is None:
        return None
    last, held_ms = held
    area_id = turn.context.area or config.site.area
    states = {device: DeviceState(state=state) for device, state in turn.context.states}
    minute = _minute(turn.context.time)
    for event in _events(config, last, held_ms):
        fired = fired_gesture_rules(config.rules, event, area_id=area_id, local_minute=minute, states=states)
        steps, _ = rule_steps(config, fired, area_id=area_id, states=states) if fired else ((), ())
        name = INTENT_OF_SERVICE.get(steps[0].command.service) if steps else None
        if name is not None:
            said = Intent(name, confidence=event.score, modality=Modality.GESTURE, text=event.gesture,
                          recognizer="gesture")  # fmt: skip
            devices = tuple(dict.fromkeys(step.device for step in steps))
            return TurnResult(said, Targets(devices), (), chosen_by="gesture", heard_in=area_id)
    return None


def _held(observations: tuple[Observation, ...]) -> tuple[Observation, int] | None:
    """The last gesture seen and how long it was held (from the first of its unbroken run)."""
    seen = [
        observation for observation in observations if observation.kind == "gesture" and observation.gesture
    ]
    if not seen:
        return None
    first = len(seen) - 1
    while first > 0 and seen[first - 1].gesture == seen[-1].gesture:
        first -= 1
    return seen[-1], seen[-1].t_ms - seen[first].t_ms


def _events(config: Config, last: Observation, held_ms: int) -> list[GestureEvent]:
    """The gesture's start, and its hold marks for the rules that wait for a hold it lasted."""
    start = GestureEvent(last.gesture, last.score, last.t_ms, person=last.person)
    holds = sorted(
        {
            round(rule.trigger.held_seconds * 1000)
            for rule in config.rules
            if rule.trigger.gesture == last.gesture
            and rule.trigger.held_seconds is not None
            and held_ms >= rule.trigger.held_seconds * 1000
        }
    )
    marks = [
        GestureEvent(last.gesture, last.score, last.t_ms, held_ms=hold, phase="hold", person=last.person)
        for hold in holds
    ]
    return [*marks, start]


def _minute(time: str) -> int:
    """Minutes after midnight of "HH:MM"; noon when none is given or it cannot be read."""
    hours, _, minutes = time.partition(":")
    try:
        minute = int(hours) * 60 + int(minutes)
    except ValueError:
        return NOON
    return minute if 0 <= minute < 24 * 60 else NOON
