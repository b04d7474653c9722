"""Which devices a turn means, by every kind of evidence: the one place a command's devices are chosen.

A device can be meant by the words (its name or alias), by the pointing ray (ranked candidates), by the
dialogue ("turn it off" after "turn on the floor lamp"), by the context (the media player that is on) and
by the place (the area named or heard in), each only where the device's domain fits the intent. Deictic
words ("that", "this", "it"), adjustments and commands that name nothing look for pointing first, then
the previous turn, then (for "it", adjustments and commands that name nothing) the media player the
context says is on; "that" with none of them makes the assistant ask rather than guess. A command
chosen by the place leaves alone the areas the context asks to (fusion/context.py) unless its words name
them or it was heard there.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistantd import intents
from assistantd.colors import WHITE_TEMPERATURES_KELVIN
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.fusion.context import NO_CONTEXT, ContextReading, said_of
from assistantd.fusion.resolve import resolve_targets
from assistantd.fusion.turns import Turn
from assistantd.grammar.kinds import noun_kinds
from assistantd.intents import Intent
from assistantd.rules.targets import ALL, Targets, intent_domains
from assistantd.text import normalize

DEICTIC_WORDS = frozenset({"that", "this", "it", "them", "those", "these", "there"})
KIND_WORDS = frozenset(word for phrase in noun_kinds() for word in phrase.split())
"""Words that name a kind of device ("lights", "blinds", "tv"): a command with one is not a bare one."""
POINTING_FLOOR = 0.4
"""Score a pointing candidate needs to stand for "that"."""
POINTING_CLOSE = 0.1
"""Candidates this close to the best pointing score are all taken as pointed at: the words choose among
them ("make that one purple" between a ceiling light and a colour lamp is the lamp)."""
_IMPERSONAL = re.compile(r"\b(?:it|that) (?:is|was|feels|gets|seems|looks|sounds)\b|\bat it\b")
""""it is stuffy", "that is better", "while you are at it": "it" and "that" that stand for no device."""
_TARGETED = frozenset(
    {
        intents.TURN_ON,
        intents.TURN_OFF,
        intents.TOGGLE,
        intents.LIGHT_SET,
        intents.SET_POSITION,
        intents.GET_STATE,
    }
)
"""Intents about devices the turn must single out (the others fall back to the place): "is that one on"
with nothing pointed at asks which one rather than answering for the whole home."""
NO_TARGETS = Targets(())
"""What a turn that acts on no device (a no, a never mind, no command) means."""
_ON_OFF = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE})
_SWITCHABLE = ("light", "switch", "fan", "media_player", "cover", "scene", "script")
"""What "turn that on" may mean when the words name no kind of device."""


class TargetEvidence(NamedTuple):
    """One reason to think a device is meant."""

    device: str
    source: str
    """"words", "pointing", "dialogue", "context" or "place"."""
    score: float


class LeftAlone(NamedTuple):
    """A device a command would have reached, left alone because the context asks so."""

    device: str
    area: str
    reason: str
    """The context's words ("guests are sleeping in the bedroom")."""


class Choice(NamedTuple):
    """The devices chosen for a turn, why, and whether to ask which one instead."""

    targets: Targets
    evidence: tuple[TargetEvidence, ...]
    chosen_by: str
    """The kind of evidence that chose ("words", "pointing", "dialogue", "context", "place"; "" for none)."""
    ask: bool
    left_alone: tuple[LeftAlone, ...] = ()
    """Devices of the place left out because the context asks to leave their area alone."""


def choose_targets(
    config: Config, turn: Turn, intent: Intent, area_id: str, context: ContextReading = NO_CONTEXT
) -> Choice:
    """The devices a recognised command means, heard in area_id, and the evidence for each."""
    resolved = resolve_targets(config, intent, area_id=area_id)
    evidence = _evidence(config, turn, intent, resolved, context)
    chosen, source = _choose(config, turn, intent, evidence)
    if source == "unclear":
        if intent.name in _TARGETED:
            return Choice(NO_TARGETS, tuple(evidence), "", True)
        return Choice(resolved, tuple(evidence), "", False)
    if source in ("pointing", "dialogue", "context"):
        resolved = devices_of(config, chosen)
    if source == "place" and intent.name in intents.ACTING and context.quiet:
        resolved, left = _leave_alone(config, turn.text, resolved, area_id, context)
        return Choice(resolved, tuple(evidence), source, False, left)
    return Choice(resolved, tuple(evidence), source, False)


def _leave_alone(
    config: Config, text: str, targets: Targets, area_id: str, context: ContextReading
) -> tuple[Targets, tuple[LeftAlone, ...]]:
    """The targets without the devices of areas the context asks to leave alone, unless the words name the
    area or the command was heard there (whoever speaks in the room may act in it)."""
    kept: list[Device] = []
    left: list[LeftAlone] = []
    for device in targets.devices:
        quiet = context.quiet_area(device.area)
        if quiet is None or quiet.area == area_id or said_of(text, quiet):
            kept.append(device)
        else:
            left.append(LeftAlone(device.id, quiet.area, quiet.reason))
    if not left:
        return targets, ()
    if kept:
        return Targets(tuple(kept), targets.problem, targets.place, targets.area_id), tuple(left)
    areas = [config.area(item.area) for item in left]
    names = " and the ".join(dict.fromkeys(area.name for area in areas if area is not None))
    reasons = "; ".join(dict.fromkeys(item.reason for item in left))
    problem = f"I left the {names} alone: {reasons}"
    return Targets((), problem, targets.place, targets.area_id), tuple(left)


def devices_of(config: Config, ids: tuple[str, ...]) -> Targets:
    """The configured devices of some ids (unknown ids left out)."""
    return Targets(tuple(device for device in map(config.device, ids) if device is not None))


def referenced(config: Config, turn: Turn, context: ContextReading = NO_CONTEXT) -> Device | None:
    """The device "that" stands for in a turn: the one pointed at well enough, else the first of the
    previous turn's, else the media player the context says is on."""
    pointed = [device for device, _ in pointed_at(turn)]
    previous = turn.context.previous
    chosen = pointed[:1] or (previous.targets[:1] if previous is not None else ()) or context.active[:1]
    return config.device(chosen[0]) if chosen else None


def pointed_at(turn: Turn) -> list[tuple[str, float]]:
    """The devices pointed at well enough and close to the best score, best first."""
    pointed = [(device, score) for device, score in turn.pointed() if score >= POINTING_FLOOR]
    return [(device, score) for device, score in pointed if pointed[0][1] - score <= POINTING_CLOSE]


def deictic_words(text: str) -> set[str]:
    """The words of a text that may stand for a device ("that", "it"), bar impersonal ones ("it is cold")."""
    return set(_IMPERSONAL.sub(" ", normalize(text)).split()) & DEICTIC_WORDS


def capable(device: Device, intent: Intent) -> bool:
    """Whether a device can do what the intent's settings ask (a colour, a white, a brightness)."""
    slots, can = intent.slots, device.capabilities
    white = slots.color is not None and slots.color.strip().lower() in WHITE_TEMPERATURES_KELVIN
    if slots.color is not None and not (can.color or (white and can.color_temp)):
        return False
    if slots.color_temp_kelvin is not None and not (can.color_temp or can.color):
        return False
    return (slots.brightness is None and slots.brightness_step is None) or can.brightness


def area_said(config: Config, text: str, area_name: str | None) -> bool:
    """Whether the words name the area of the area slot (recognizers also fill in the area a command was
    heard in, which says nothing about which device "it" is)."""
    if area_name is None:
        return False
    area = config.area(config.find_area(area_name) or "")
    if area is None:
        return True
    spoken = f" {normalize(text)} "
    return any(f" {normalize(name)} " in spoken for name in (area.name, *area.aliases))


def _evidence(
    config: Config, turn: Turn, intent: Intent, resolved: Targets, context: ContextReading
) -> list[TargetEvidence]:
    """Every device the words (or the place, resolved), the hand, the dialogue and the context point to."""
    domains = intent_domains(intent)
    if intent.slots.domain is None and intent.name in _ON_OFF:
        domains = _SWITCHABLE
    fits = {d.id for d in config.devices if d.domain in domains}
    found: list[TargetEvidence] = []
    name = intent.slots.name
    named = bool(name and name.casefold() != ALL)
    if named:
        found += [TargetEvidence(d.id, "words", 1.0) for d in resolved.devices]
    found += [TargetEvidence(d, "pointing", s) for d, s in turn.pointed() if d in fits]
    previous = turn.context.previous
    if previous is not None:
        found += [TargetEvidence(d, "dialogue", 0.7) for d in previous.targets if d in fits]
    found += [TargetEvidence(d, "context", 0.6) for d in context.active if d in fits]
    if not named:
        found += [TargetEvidence(d.id, "place", 0.5) for d in resolved.devices]
    return found


def _choose(
    config: Config, turn: Turn, intent: Intent, evidence: list[TargetEvidence]
) -> tuple[tuple[str, ...], str]:
    """The devices the strongest kind of evidence names, and that kind: the words, else for "that", "it",
    an adjustment or a command that names nothing, what is pointed at or spoken of before or the media
    player that is on (for "it", not for "that", which wants a pointing hand), else the place ("unclear"
    for "that" with nothing to go by)."""
    by_source: dict[str, list[TargetEvidence]] = {}
    for item in evidence:
        by_source.setdefault(item.source, []).append(item)
    if "words" in by_source:
        return _ids(by_source["words"]), "words"
    words = set(normalize(turn.text).split())
    slots = intent.slots
    placed = area_said(config, turn.text, slots.area) or slots.floor is not None
    placed = placed or bool(slots.area and "here" in words and KIND_WORDS & words)  # "lights here, put them"
    deictic = bool(deictic_words(turn.text)) or not words
    adjusting = not placed and (
        (intent.name == intents.LIGHT_SET and slots.brightness is None)
        or (intent.name == intents.SET_VOLUME and slots.volume_level is None)
    )
    kind = slots.name or slots.floor or slots.domain or slots.device_class or KIND_WORDS & words
    bare = not placed and not kind and not deictic  # "that" wants a hand or a previous turn, not the context
    unsaid = not placed and not (slots.name or KIND_WORDS & words) and intent.recognizer == "model"
    pointing = [item for item in by_source.get("pointing", ()) if item.score >= POINTING_FLOOR]
    if (deictic or adjusting or unsaid) and pointing:  # "ugh, way too bright, off": the light pointed at
        close = [item for item in pointing if pointing[0].score - item.score <= POINTING_CLOSE]
        said = [item for item in pointing if _named_by(config, item.device, words)]  # "that lamp"
        able = [item for item in said if _can(config, item.device, intent)]
        able = able or [item for item in close if _can(config, item.device, intent)] or pointing[:1]
        best = max(able, key=lambda item: (_named_by(config, item.device, words), item.score))
        if _rivals(config, turn, best.device, words):
            return (), "unclear"
        return (best.device,), "pointing"
    if (deictic or adjusting or bare) and "dialogue" in by_source and not placed:
        return _ids(by_source["dialogue"]), "dialogue"
    if ("it" in words or adjusting or bare) and "context" in by_source and not placed:
        playing = _ids(by_source["context"])
        return ((), "unclear") if _others_to_switch(config, turn, intent, playing) else (playing, "context")
    if deictic and not placed:
        return (), "unclear"
    place = _ids(by_source.get("place", ()))
    return place, "place" if place else ""


_SWITCHED_FROM = {intents.TURN_OFF: ("on", "playing", "paused", "open"), intents.TURN_ON: ("off", "closed")}


def _others_to_switch(config: Config, turn: Turn, intent: Intent, playing: tuple[str, ...]) -> bool:
    """Whether "switch it off" with a media player on may as well mean another device beside it that is on
    (a lamp in the same room): the states say so, and the player is then no better a guess than the lamp."""
    wanted = _SWITCHED_FROM.get(intent.name, ())
    rooms = {device.area for device in map(config.device, playing) if device is not None}
    return any(
        device.area in rooms and device.domain in ("light", "fan", "switch") and state in wanted
        for device_id, state in turn.context.states
        if device_id not in playing and (device := config.device(device_id)) is not None
    )


def _rivals(config: Config, turn: Turn, chosen: str, words: set[str]) -> bool:
    """Whether people who are not known to have spoken point at different devices that the words do not
    tell apart (the speaker is unknown: asking beats taking either hand)."""
    devices = {device for device, score in turn.pointed_by_each().values() if score >= POINTING_FLOOR}
    if len(devices) < 2:
        return False
    named = _named_by(config, chosen, words)
    return any(_named_by(config, device, words) == named for device in devices - {chosen})


def _named_by(config: Config, device_id: str, words: set[str]) -> int:
    """How many of the words are words of the device's name or aliases ("that lamp": the Floor Lamp)."""
    device = config.device(device_id)
    if device is None:
        return 0
    names = {word for name in (device.name, *device.aliases) for word in normalize(name).split()}
    return len((names - DEICTIC_WORDS - {"the", "one"}) & words)


def _can(config: Config, device_id: str, intent: Intent) -> bool:
    device = config.device(device_id)
    return device is not None and capable(device, intent)


def _ids(items: list[TargetEvidence]) -> tuple[str, ...]:
    """Device ids in order, once each."""
    return tuple(dict.fromkeys(item.device for item in items))
