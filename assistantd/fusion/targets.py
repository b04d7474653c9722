"""Recognising a multimodal turn: its intent, and which devices it means by fusing every kind of evidence.

A device can be meant by the words (its name or alias), by the pointing ray (ranked candidates), by the
dialogue ("turn it off" after "turn on the floor lamp") and by the place (the area named or heard in),
each only where the device's domain fits the intent. Deictic words ("that", "this", "it") look for
pointing first, then the previous turn; with neither, the assistant asks rather than guesses.
"""

from __future__ import annotations

from typing import NamedTuple

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.resolve import resolve_targets
from assistantd.fusion.turns import Turn
from assistantd.intents import Intent
from assistantd.rules.targets import ALL, Targets, intent_domains
from assistantd.text import normalize

DEICTIC_WORDS = frozenset({"that", "this", "it", "them", "those", "these", "there"})
POINTING_FLOOR = 0.4
"""Score a pointing candidate needs to stand for "that"."""
_TARGETED = frozenset(
    {intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE, intents.LIGHT_SET, intents.SET_POSITION}
)
"""Intents that act on devices the turn must single out (the others fall back to the place)."""
_UNCLEAR = "unclear"
NO_TARGETS = Targets(())
"""What a turn that acts on no device (a yes, a no, a never mind, no command) means."""
_ON_OFF = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE})
_SWITCHABLE = ("light", "switch", "fan", "media_player", "cover", "scene", "script")
"""What "turn that on" may mean when the words name no kind of device."""
BRIGHTNESS_STEP = 20
"""Percent points that "brighter" or "dimmer" moves a light (twice that for "much brighter")."""
_BRIGHTER = frozenset({"brighter", "brighten", "lighter", "up", "more", "raise"})
_DIMMER = frozenset({"dimmer", "dim", "darker", "darken", "down", "less", "lower"})
_MUCH = frozenset({"much", "lot", "way"})
_CARRIED = (
    "domain",
    "device_class",
    "brightness",
    "brightness_step",
    "color",
    "color_temp_kelvin",
    "temperature",
    "position",
)


class TargetEvidence(NamedTuple):
    """One reason to think a device is meant."""

    device: str
    source: str
    """"words", "pointing", "dialogue" or "place"."""
    score: float


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


class TurnRecognizer:
    """Recognises multimodal turns with a combined recognizer and resolves their devices."""

    def __init__(self, config: Config, recognizer: CombinedRecognizer) -> None:
        """Use a recognizer built for config."""
        self._config = config
        self._recognizer = recognizer

    def understand_turn(self, turn: Turn) -> TurnResult:
        """The intent of a turn, its target devices and the evidence for each."""
        area_id = turn.context.area or self._config.site.area
        intent = self._recognizer.recognize(turn.text, area_id=area_id, evidence=turn.evidence())
        intent = self._follow_up(turn, _stepped(intent, turn.text))
        if not intent.is_command or intent.name in (intents.CONFIRM, intents.DECLINE, intents.NEVERMIND):
            return TurnResult(intent, NO_TARGETS, ())
        resolved = resolve_targets(self._config, intent, area_id=area_id)
        evidence = self._evidence(turn, intent, resolved)
        chosen, source = self._choose(turn, intent, evidence)
        ask = source == _UNCLEAR and intent.name in _TARGETED
        if ask:
            resolved = NO_TARGETS
        elif source in ("pointing", "dialogue"):
            resolved = Targets(tuple(d for d in map(self._config.device, chosen) if d is not None))
        return TurnResult(intent, resolved, tuple(evidence), "" if source == _UNCLEAR else source, ask)

    def _follow_up(self, turn: Turn, intent: Intent) -> Intent:
        """A follow-up repeats the previous intent's settings ("and the bedroom too")."""
        previous = turn.context.previous
        if previous is None or intent.name != previous.intent or intent.recognizer != "model":
            return intent
        carried = {key: value for key, value in previous.slots if key in _CARRIED}
        carried.update(intent.slots.as_dict())
        return Intent(**{**_fields(intent), "slots": type(intent.slots)(**carried)})  # type: ignore[arg-type]

    def _evidence(self, turn: Turn, intent: Intent, resolved: Targets) -> list[TargetEvidence]:
        """Every device the words (or the place, resolved), the hand and the dialogue point to."""
        domains = intent_domains(intent)
        if intent.slots.domain is None and intent.name in _ON_OFF:
            domains = _SWITCHABLE
        fits = {d.id for d in self._config.devices if d.domain in domains}
        found: list[TargetEvidence] = []
        name = intent.slots.name
        named = bool(name and name.casefold() != ALL)
        if named:
            found += [TargetEvidence(d.id, "words", 1.0) for d in resolved.devices]
        found += [TargetEvidence(d, "pointing", s) for d, s in turn.pointed() if d in fits]
        previous = turn.context.previous
        if previous is not None:
            found += [TargetEvidence(d, "dialogue", 0.7) for d in previous.targets if d in fits]
        if not named:
            found += [TargetEvidence(d.id, "place", 0.5) for d in resolved.devices]
        return found

    def _choose(
        self, turn: Turn, intent: Intent, evidence: list[TargetEvidence]
    ) -> tuple[tuple[str, ...], str]:
        """The devices the strongest kind of evidence names, and that kind."""
        by_source: dict[str, list[TargetEvidence]] = {}
        for item in evidence:
            by_source.setdefault(item.source, []).append(item)
        if "words" in by_source:
            return _ids(by_source["words"]), "words"
        words = set(normalize(turn.text).split())
        slots = intent.slots
        deictic = bool(words & DEICTIC_WORDS) or not words
        adjusting = intent.name == intents.LIGHT_SET and slots.area is None and slots.brightness is None
        pointing = [item for item in by_source.get("pointing", ()) if item.score >= POINTING_FLOOR]
        if (deictic or adjusting) and pointing:
            return (pointing[0].device,), "pointing"
        if (deictic or adjusting) and "dialogue" in by_source and slots.area is None:
            return _ids(by_source["dialogue"]), "dialogue"
        if deictic and slots.area is None:
            return (), _UNCLEAR
        place = _ids(by_source.get("place", ()))
        return place, "place" if place else ""


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
    return Intent(**{**_fields(intent), "slots": slots.replace(brightness_step=step if up > down else -step)})  # type: ignore[arg-type]


def _ids(items: list[TargetEvidence]) -> tuple[str, ...]:
    """Device ids in order, once each."""
    return tuple(dict.fromkeys(item.device for item in items))


def _fields(intent: Intent) -> dict[str, object]:
    """An intent's fields as a mapping."""
    return {name: getattr(intent, name) for name in intent.__slots__}  # type: ignore[attr-defined]
