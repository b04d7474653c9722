"""Understanding a multimodal turn: its intent (read by the grammar and the model, then completed by the
dialogue and the device it refers to) and the devices it means (chosen in fusion/targets.py)."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.exclusion import INVERSE, Exclusion, split_exclusion
from assistantd.fusion.negation import negated
from assistantd.fusion.targets import (
    KIND_WORDS,
    NO_TARGETS,
    TargetEvidence,
    area_said,
    choose_targets,
    devices_of,
    referenced,
)
from assistantd.fusion.turns import Turn
from assistantd.intents import Intent, Slots
from assistantd.rules.targets import Targets
from assistantd.text import normalize

BRIGHTNESS_STEP = 20
"""Percent points that "brighter" or "dimmer" moves a light (twice that for "much brighter")."""
_BRIGHTER = frozenset({"brighter", "brighten", "lighter", "up", "more", "raise"})
_DIMMER = frozenset({"dimmer", "dim", "darker", "darken", "down", "less", "lower"})
_MUCH = frozenset({"much", "lot", "way"})
_LEVEL_SLOTS = {intents.LIGHT_SET: "brightness", intents.SET_VOLUME: "volume_level", intents.SET_POSITION: "position"}
"""The intents that set a level, and the slot that holds it."""
_LEVEL_INTENTS = {"light": intents.LIGHT_SET, "media_player": intents.SET_VOLUME, "cover": intents.SET_POSITION,
                  "valve": intents.SET_POSITION}  # fmt: skip
"""Which of those a device's domain takes."""
_CARRIED = ("domain", "device_class", "brightness", "brightness_step", "color", "color_temp_kelvin",
            "temperature", "position")  # fmt: skip
"""The settings a follow-up repeats ("and the bedroom too")."""


class TurnResult(NamedTuple):
    """A turn's intent, the devices it means, and why."""

    intent: Intent
    targets: Targets
    """The devices chosen (the one place they are chosen; the rules act on them as they are)."""
    evidence: tuple[TargetEvidence, ...]
    chosen_by: str = ""
    """The kind of evidence that chose the targets ("words", "pointing", "dialogue", "place")."""
    ask: bool = False
    """Whether the assistant should ask which device is meant instead of acting: "that" or "it" with
    nothing pointed at and nothing before to go by."""
    sure: bool = True
    """Whether the intent was understood with certainty; if not, the assistant asks "Did you mean ...?"
    before acting."""


class TurnRecognizer:
    """Recognises multimodal turns with a combined recognizer and resolves their devices."""

    def __init__(self, config: Config, recognizer: CombinedRecognizer) -> None:
        """Use a recognizer built for config."""
        self._config = config
        self._recognizer = recognizer

    def understand_turn(self, turn: Turn) -> TurnResult:
        """The intent of a turn, its target devices and the evidence for each."""
        if negated(turn.text):  # "don't turn on the lights": no command; while a question waits, a no
            if turn.context.awaiting_confirmation:
                return TurnResult(Intent(intents.DECLINE, confidence=0.9, text=turn.text, recognizer="grammar"),
                                  NO_TARGETS, ())  # fmt: skip
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        exclusion = split_exclusion(self._config, turn.text)
        if exclusion is not None:
            return self._excepting(turn, exclusion)
        area_id = turn.context.area or self._config.site.area
        intent = self._recognizer.recognize(turn.text, area_id=area_id, evidence=turn.evidence())
        intent = self._reread(turn, _follow_up(turn, _stepped(intent, turn.text)))
        return self._with_targets(turn, intent, area_id)._replace(sure=self._recognizer.sure(intent))

    def _excepting(self, turn: Turn, exclusion: Exclusion) -> TurnResult:
        """A command with an exception: understood without it, then what it leaves out taken from its
        devices (an area left out makes a command that named no place one for the whole home)."""
        if exclusion.alone:
            return self._undone_where(turn, exclusion)
        kept = dataclasses.replace(turn, text=exclusion.command)
        result = self.understand_turn(kept)
        intent = result.intent
        if not intent.is_command or intent.name in (intents.CONFIRM, intents.DECLINE, intents.NEVERMIND):
            return result
        slots = intent.slots
        if exclusion.areas and not slots.floor and not area_said(self._config, kept.text, slots.area) and (
            slots.name is None or slots.name.casefold() == "all"
        ):
            widened = Slots(**{key: value for key, value in slots.as_dict().items() if key != "area"})
            intent = dataclasses.replace(intent, slots=widened, everywhere=True)
            result = self._with_targets(kept, intent, turn.context.area or self._config.site.area)._replace(
                sure=result.sure
            )
        left = tuple(device for device in result.targets.devices if not exclusion.leaves_out(device))
        problem = None if left else f"That leaves nothing once {exclusion.said} is left out."
        targets = dataclasses.replace(result.targets, devices=left, problem=result.targets.problem or problem)
        kept_ids = {device.id for device in left}
        evidence = tuple(item for item in result.evidence if item.device in kept_ids)
        return result._replace(intent=dataclasses.replace(intent, text=turn.text), targets=targets,
                               evidence=evidence)  # fmt: skip

    def _undone_where(self, turn: Turn, exclusion: Exclusion) -> TurnResult:
        """An exception said alone, after an on/off command: that command undone where it is left out
        ("turn off all the lights", "except the kitchen": the kitchen's lights back on), asked first."""
        previous = turn.context.previous
        inverse = INVERSE.get(previous.intent) if previous is not None else None
        if previous is None or inverse is None or turn.context.awaiting_confirmation:
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        undone = tuple(d for d in devices_of(self._config, previous.targets).devices if exclusion.leaves_out(d))
        if not undone:
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        intent = Intent(inverse, confidence=0.7, text=turn.text, recognizer="grammar")
        evidence = tuple(TargetEvidence(device.id, "dialogue", 0.7) for device in undone)
        return TurnResult(intent, Targets(undone), evidence, "dialogue", sure=False)

    def _with_targets(self, turn: Turn, intent: Intent, area_id: str) -> TurnResult:
        """The devices a recognised turn means, and why."""
        if intent.name == intents.CONFIRM:
            return TurnResult(intent, self._pending(turn), ())
        if not intent.is_command or intent.name in (intents.DECLINE, intents.NEVERMIND):
            return TurnResult(intent, NO_TARGETS, ())
        choice = choose_targets(self._config, turn, intent, area_id)
        return TurnResult(intent, choice.targets, choice.evidence, choice.chosen_by, choice.ask)

    def _reread(self, turn: Turn, intent: Intent) -> Intent:
        """A level said of a device pointed at, or spoken of before, is that kind of device's level:
        "turn that down to 15" while pointing at the TV sets its volume, not a light's brightness."""
        level = _LEVEL_SLOTS.get(intent.name)
        if level is None or intent.slots.name or getattr(intent.slots, level) is None:
            return intent
        words = set(normalize(turn.text).split())
        if KIND_WORDS & words or area_said(self._config, turn.text, intent.slots.area):
            return intent
        device = referenced(self._config, turn)
        wanted = _LEVEL_INTENTS.get(device.domain) if device is not None else None
        if wanted is None or wanted == intent.name:
            return intent
        slots = Slots(area=intent.slots.area, **{_LEVEL_SLOTS[wanted]: getattr(intent.slots, level)})
        return dataclasses.replace(intent, name=wanted, slots=slots)

    def _pending(self, turn: Turn) -> Targets:
        """What a yes acts on: the devices of the question awaiting it (the previous turn's)."""
        previous = turn.context.previous
        if not turn.context.awaiting_confirmation or previous is None:
            return NO_TARGETS
        return devices_of(self._config, previous.targets)


def _follow_up(turn: Turn, intent: Intent) -> Intent:
    """A follow-up the model read repeats the previous intent's settings ("and the bedroom too")."""
    previous = turn.context.previous
    if previous is None or intent.name != previous.intent or intent.recognizer != "model":
        return intent
    carried = {key: value for key, value in previous.slots if key in _CARRIED}
    carried.update(intent.slots.as_dict())
    return dataclasses.replace(intent, slots=Slots(**carried))  # type: ignore[arg-type]


def _stepped(intent: Intent, text: str) -> Intent:
    """HassLightSet with no level or color, from words like "brighter" or "dim": a relative step."""
    slots = intent.slots
    if intent.name != intents.LIGHT_SET or any(
        value is not None
        for value in (slots.brightness, slots.brightness_step, slots.color, slots.color_temp_kelvin)
    ):
        return intent
    words = normalize(text).split()
    up = sum(word in _BRIGHTER for word in words)
    down = sum(word in _DIMMER for word in words)
    if up == down:
        return intent
    step = BRIGHTNESS_STEP * (2 if _MUCH & set(words) else 1)
    return dataclasses.replace(intent, slots=slots.replace(brightness_step=step if up > down else -step))
