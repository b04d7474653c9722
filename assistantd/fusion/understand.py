"""Understanding a multimodal turn: its intent (read by the grammar and the model, then completed by the
dialogue and the device it refers to) and the devices it means (chosen in fusion/targets.py), in the
context it came in (fusion/context.py: where the user is, what to leave alone, what is playing)."""

from __future__ import annotations

import dataclasses
import re
from typing import NamedTuple

from assistantd import intents
from assistantd.colors import WHITE_TEMPERATURES_KELVIN
from assistantd.config.settings import Config
from assistantd.fusion.answers import answered, said_yes
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.context import ContextReader, ContextReading
from assistantd.fusion.corrections import said_last
from assistantd.fusion.ellipsis import as_position, follow_up, other_one, relative_follow_up, value_follow_up
from assistantd.fusion.exclusion import INVERSE, Exclusion, split_exclusion
from assistantd.fusion.negation import negated, reported
from assistantd.fusion.one_clause import no_level
from assistantd.fusion.remarks import after_a_try, after_remarks_said, before_remarks_said
from assistantd.fusion.targets import (
    DEICTIC_WORDS,
    KIND_WORDS,
    NO_TARGETS,
    LeftAlone,
    TargetEvidence,
    area_said,
    choose_targets,
    devices_of,
    pointed_at,
    referenced,
)
from assistantd.fusion.turns import Turn
from assistantd.grammar.kinds import GENERIC_NOUNS, noun_kinds
from assistantd.intent_model.features import Evidence
from assistantd.intents import Intent, Slots
from assistantd.rules.targets import Targets
from assistantd.text import normalize

BRIGHTNESS_STEP = 20
"""Percent points that "brighter" or "dimmer" moves a light (twice that for "much brighter")."""
_BRIGHTER = frozenset({"brighter", "brighten", "lighter", "up", "more", "raise"})
_DIMMER = frozenset({"dimmer", "dim", "darker", "darken", "down", "less", "lower"})
_MUCH = frozenset({"much", "lot", "way"})
_TONES = {"warmer": "warm", "cooler": "cool", "colder": "cool", "whiter": "cool"}  # a light's white so said
_LIGHT_NOUNS = frozenset("light lights lamp lamps bulb bulbs".split())
_TOO = re.compile(r"\btoo (?:bright|harsh|much|strong|glaring|(?P<dark>dim|dark|gloomy))\b|\bblinding\b")
_NO = frozenset({"no", "nope", "nah"})
_MIND_CHANGED = re.compile(r"\b(?:actually|wait|i mean|on second thought)\b")
_NO_TRAILING_OFF = re.compile(r"^\W*(?:no|nope|nah)\s*(?:\.\.\.|\u2026)")


def _mind_changed(text: str) -> bool:
    """Whether a first "no" is taken back ("no... actually yes, go ahead"): the answer is what follows it."""
    return bool(_MIND_CHANGED.search(normalize(text)) or _NO_TRAILING_OFF.match(text))
_BY_PERCENT = re.compile(r"\b(?:percent|\d+) (brighter|lighter|dimmer|darker)\b")
_NOT_AFTER_ALL = re.compile(r"\b(?:(?:dont|do not) bother|on second thoughts?|leave it|forget (?:it|that))\b")
VOLUME_STEP = 10
"""Percent points that "turn it down" or "louder" moves a media player's volume."""
_LOUDER = frozenset({"up", "louder", "raise", "increase", "higher", "more", "boost"})
_QUIETER = frozenset({"down", "quieter", "softer", "lower", "decrease", "reduce", "less"})
_SOUND_WORDS = frozenset({"volume", "sound", "louder", "quieter", "softer", "loud", "quiet"})
"""Words that make a step one of volume whatever "it" is."""
_LEVEL_SLOTS = {
    intents.LIGHT_SET: "brightness",
    intents.SET_VOLUME: "volume_level",
    intents.SET_POSITION: "position",
    intents.CLIMATE_SET_TEMPERATURE: "temperature",
}
"""The intents that set a level, and the slot that holds it."""
_LEVEL_INTENTS = {"light": intents.LIGHT_SET, "media_player": intents.SET_VOLUME, "cover": intents.SET_POSITION,
                  "valve": intents.SET_POSITION, "climate": intents.CLIMATE_SET_TEMPERATURE}  # fmt: skip
_GENERIC = frozenset(GENERIC_NOUNS) | {"anyone", "anybody", "someone", "somebody", "everyone", "everybody"}
"""Words of kinds that name no device acted on ("turn that down, I can't hear what anyone's saying")."""
_SWITCHING = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE})
_NOUN_KINDS = noun_kinds()
"""Spoken nouns and the kinds of device they name, most likely first."""
_AFTER_VERB = frozenset({"on", "off", "it", "that", "this", "them", "the", "up", "everything", "all", "my"})
_VERB_NOUNS = {"switch": _AFTER_VERB, "power": _AFTER_VERB, "light": frozenset({"up"})}
"""Nouns that are verbs too, and the words after which they are ("switch it off", "light up the hall")."""
_CARRIED = ("domain", "device_class", "brightness", "brightness_step", "color", "color_temp_kelvin",
            "temperature", "temperature_step", "position")  # fmt: skip
"""The settings a follow-up repeats ("and the bedroom too")."""


class TurnResult(NamedTuple):
    """A turn's intent, the devices it means, and why."""

    intent: Intent
    targets: Targets
    """The devices chosen (the one place they are chosen; the rules act on them as they are)."""
    evidence: tuple[TargetEvidence, ...]
    chosen_by: str = ""
    """The kind of evidence that chose the targets ("words", "pointing", "dialogue", "context", "place")."""
    ask: bool = False
    """Whether the assistant should ask which device is meant instead of acting: "that" or "it" with
    nothing pointed at and nothing before to go by."""
    sure: bool = True
    """Whether the intent was understood with certainty; if not, the assistant asks "Did you mean ...?"
    before acting."""
    left_alone: tuple[LeftAlone, ...] = ()
    """Devices the place would have added, left out because the context asks to leave their area alone."""
    heard_in: str = ""
    """The area id the turn was understood in (its own, else the one the context text puts the user in,
    else the site's)."""


class TurnRecognizer:
    """Recognises multimodal turns with a combined recognizer and resolves their devices."""

    def __init__(self, config: Config, recognizer: CombinedRecognizer) -> None:
        """Use a recognizer built for config."""
        self._config = config
        self._recognizer = recognizer
        self._context = ContextReader(config)

    def situate(self, turn: Turn) -> tuple[str, Evidence, ContextReading]:
        """Where a turn was heard (its own area, else where the context text puts the user, else the site's),
        the model's evidence for it, and what its context says."""
        reading = self._context.read(turn.context)
        area_id = turn.context.area or reading.here or self._config.site.area
        return area_id, turn.evidence(media_active=reading.media_active), reading

    def understand_turn(self, turn: Turn) -> TurnResult:
        """The intent of a turn, its target devices and the evidence for each."""
        if negated(turn.text):  # "don't turn on the lights": no command; while a question waits, a no
            if turn.context.awaiting_confirmation:
                return TurnResult(Intent(intents.DECLINE, confidence=0.9, text=turn.text, recognizer="grammar"),
                                  NO_TARGETS, ())  # fmt: skip
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        if reported(turn.text):  # "she told me to turn off the lights": no command
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        exclusion = split_exclusion(self._config, turn.text, turn.context.area or self._config.site.area)
        if exclusion is not None:
            return self._excepting(turn, exclusion)
        area_id, evidence, reading = self.situate(turn)
        repeated = None
        if not turn.context.awaiting_confirmation:
            previous = turn.context.previous
            as_set = as_position(self._config, previous)
            last = said_last(turn.text)  # "a bit more, 21, no, 22": 22
            tried = after_a_try(turn.text)  # "hmm, that is still rather bright. could you make it twenty?"
            kept = before_remarks_said(turn.text)  # "oh, that's chilly, a degree higher": a degree higher
            spelled = self._recognizer.spelled(turn.text)  # "same thing in bed room"
            saids = (turn.text, kept, after_remarks_said(kept), *filter(None, (last, tried)), spelled)
            for said in dict.fromkeys(saids):
                repeated = repeated or (
                    follow_up(self._config, said, previous, area_id)
                    or other_one(self._config, said, previous)  # "and the other one in there"
                    or relative_follow_up(said, as_set)  # "half that", "warmer by two degrees"
                    or value_follow_up(said, as_set)
                )
            repeated = dataclasses.replace(repeated, text=turn.text) if repeated is not None else None
        if repeated is not None:  # "and the bedroom too", "what about the kitchen?", "try blue instead"
            return self._with_targets(turn, repeated, area_id, reading)._replace(sure=True, heard_in=area_id)
        intent = self._recognizer.recognize(turn.text, area_id=area_id, evidence=evidence)
        if turn.context.awaiting_confirmation and (
            intent.name == intents.NEVERMIND and intent.recognizer != "model"  # (the model's: answered)
            or normalize(turn.text).partition(" ")[0] in _NO
            and not (intent.name == intents.CONFIRM and _mind_changed(turn.text))
            or _NOT_AFTER_ALL.search(normalize(turn.text))
        ):  # "no, forget it", "no no, I don't want that open", "on second thoughts don't bother": a no
            intent = dataclasses.replace(intent, name=intents.DECLINE, slots=Slots())
        elif turn.context.awaiting_confirmation:  # "do it, she's stood there with the shopping": a yes
            intent = answered(turn.text, intent, turn.context.previous)
        intent = self._reread(
            turn, reading, _follow_up(turn, _stepped(_kind_said(intent, turn.text), turn.text))
        )
        if no_level(intent):  # "mm the the lamp uh": the model's level with none said is no command
            intent = intents.no_intent(turn.text)
        result = self._with_targets(turn, intent, area_id, reading)
        return result._replace(sure=self._recognizer.sure(intent), heard_in=area_id)

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
        if (
            exclusion.areas
            and not slots.floor
            and not area_said(self._config, kept.text, slots.area)
            and (slots.name is None or slots.name.casefold() == "all")
        ):
            widened = Slots(**{key: value for key, value in slots.as_dict().items() if key != "area"})
            intent = dataclasses.replace(intent, slots=widened, everywhere=True)
            area_id, _, reading = self.situate(kept)
            result = self._with_targets(kept, intent, area_id, reading)._replace(
                sure=result.sure, heard_in=area_id
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
        undone = tuple(
            d for d in devices_of(self._config, previous.targets).devices if exclusion.leaves_out(d)
        )
        if not undone:
            return TurnResult(intents.no_intent(turn.text), NO_TARGETS, ())
        intent = Intent(inverse, confidence=0.7, text=turn.text, recognizer="grammar")
        evidence = tuple(TargetEvidence(device.id, "dialogue", 0.7) for device in undone)
        return TurnResult(intent, Targets(undone), evidence, "dialogue", sure=False)

    def _with_targets(self, turn: Turn, intent: Intent, area_id: str, reading: ContextReading) -> TurnResult:
        """The devices a recognised turn means, and why."""
        if intent.name == intents.CONFIRM:
            return TurnResult(intent, self._pending(turn), ())
        if not intent.is_command or intent.name in (intents.DECLINE, intents.NEVERMIND):
            return TurnResult(intent, NO_TARGETS, ())
        choice = choose_targets(self._config, turn, intent, area_id, reading)
        pending, yes = self._pending(turn), said_yes(turn.text, turn.context.previous)  # a yes
        if pending.devices and yes and set(choice.targets.ids) <= set(pending.ids):
            return TurnResult(dataclasses.replace(intent, name=intents.CONFIRM, slots=Slots()), pending, ())
        chosen = choice.targets, choice.evidence, choice.chosen_by, choice.ask
        return TurnResult(intent, *chosen, left_alone=choice.left_alone)

    def _reread(self, turn: Turn, reading: ContextReading, intent: Intent) -> Intent:
        """A level or a step said of a device pointed at, spoken of before or playing is that kind of
        device's: "turn that down to 15" while pointing at the TV sets its volume, not a light's brightness,
        and so does "turn it down" while the TV plays."""
        if intent.slots.name:
            return intent
        words = set(normalize(turn.text).split())
        if (KIND_WORDS - _GENERIC) & words or area_said(self._config, turn.text, intent.slots.area):
            return intent  # a kind said is the kind meant ("that thing" names none)
        if intent.name == intents.GET_STATE and words & DEICTIC_WORDS:
            return self._asked_of(turn, reading, intent)
        level = _LEVEL_SLOTS.get(intent.name)
        if level is None or getattr(intent.slots, level) is None:
            return self._restepped(turn, reading, intent, words)
        close = {self._config.device(device) for device, _ in pointed_at(turn)}
        if any(device is not None and _LEVEL_INTENTS.get(device.domain) == intent.name for device in close):
            return intent  # "dim that one to 20" between the TV and a light: the light
        device = referenced(self._config, turn, reading)
        if (device is None or device.domain not in _LEVEL_INTENTS) and reading.active:
            device = self._config.device(reading.active[0])  # "up to 70" after the coffee maker: the TV on
        wanted = _LEVEL_INTENTS.get(device.domain) if device is not None else None
        if wanted is None or wanted == intent.name:
            return intent
        slots = Slots(area=intent.slots.area, **{_LEVEL_SLOTS[wanted]: getattr(intent.slots, level)})
        return dataclasses.replace(intent, name=wanted, slots=slots)

    def _asked_of(self, turn: Turn, reading: ContextReading, intent: Intent) -> Intent:
        """A state asked of the device pointed at or spoken of ("is it on" after the TV) is that device's
        kind's (the grammar guesses a kind from the state word alone: lights for "on")."""
        device = referenced(self._config, turn, reading)
        if device is None or device.domain == intent.slots.domain:
            return intent
        kinds = ("domain", "device_class")
        slots = {key: value for key, value in intent.slots.as_dict().items() if key not in kinds}
        return dataclasses.replace(intent, slots=Slots(**slots, domain=device.domain))  # type: ignore[arg-type]

    def _restepped(self, turn: Turn, reading: ContextReading, intent: Intent, words: set[str]) -> Intent:
        """ "Turn it up/down" read as a light's step while "it" is a media player becomes a volume step, and
        read as a volume step while "it" is a light (pointed at, or spoken of before) a brightness step."""
        slots = intent.slots
        device = referenced(self._config, turn, reading)
        if device is None:
            return intent
        if intent.name == intents.LIGHT_SET and slots.brightness_step is not None and slots.color is None:
            if device.domain == "media_player" and slots.color_temp_kelvin is None:
                step = VOLUME_STEP if slots.brightness_step > 0 else -VOLUME_STEP
                return dataclasses.replace(
                    intent, name=intents.SET_VOLUME, slots=Slots(area=slots.area, volume_step=step)
                )
        elif intent.name == intents.SET_VOLUME and slots.volume_step is not None and not _SOUND_WORDS & words:
            if device.domain == "light":
                step = BRIGHTNESS_STEP if slots.volume_step > 0 else -BRIGHTNESS_STEP
                return dataclasses.replace(
                    intent, name=intents.LIGHT_SET, slots=Slots(area=slots.area, brightness_step=step)
                )
        return intent

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
    if intent.slots.brightness_step is not None:
        carried.pop("brightness", None)  # "a little more" after "set it to 40": a step from there, not 40
    carried.update(intent.slots.as_dict())
    return dataclasses.replace(intent, slots=Slots(**carried))  # type: ignore[arg-type]


_POINTED = re.compile(r"\b(?:that|this|those|these)\b")


def _kind_said(intent: Intent, text: str) -> Intent:
    """A model's on/off reading of a kind of device takes the kind the words say ("fan on, it's stuffy" is
    the fans', whatever kind the model's slot tagger guessed), and so does "that" or "this" switched with a
    kind said ("turn that light off" while pointing near the TV and a lamp is the lamp)."""
    if intent.name not in _SWITCHING or intent.slots.name:
        return intent
    if intent.recognizer != "model" and not (
        intent.slots.domain is None and intent.slots.area is None and _POINTED.search(normalize(text))
    ):
        return intent
    words = normalize(before_remarks_said(text)).split()  # not "the power" of "..., since the power dipped"
    nouns = [word for word, after in zip(words, [*words[1:], ""], strict=True) if not (
        after in _VERB_NOUNS.get(word, ()))]  # fmt: skip
    domains = {_NOUN_KINDS[word][0][0] for word in nouns if _NOUN_KINDS.get(word) and word not in _GENERIC}
    if len(domains) != 1 or intent.slots.domain in domains:
        return intent
    return dataclasses.replace(intent, slots=intent.slots.replace(domain=domains.pop(), device_class=None))


def _stepped(intent: Intent, text: str) -> Intent:
    """HassLightSet with no level or color, from words like "brighter" or "dim", and HassSetVolume with no
    level, from words like "louder" or "turn it down": a relative step."""
    slots = intent.slots
    if intent.name == intents.CLIMATE_SET_TEMPERATURE and slots.temperature_step is None:
        return _degrees(intent, normalize(text).split())
    if intent.name == intents.SET_VOLUME and slots.volume_level is None and slots.volume_step is None:
        words = normalize(text).split()
        up = sum(word in _LOUDER for word in words)
        down = sum(word in _QUIETER for word in words)
        if up == down:
            return intent
        step = VOLUME_STEP if up > down else -VOLUME_STEP
        return dataclasses.replace(intent, slots=slots.replace(volume_step=step))
    if intent.name == intents.LIGHT_SET and slots.brightness is not None and slots.brightness_step is None:
        way = _BY_PERCENT.search(normalize(text))  # "twenty percent dimmer": a step, not a level of 20
        if way is None:
            return intent
        step = slots.brightness if way.group(1) in _BRIGHTER else -slots.brightness
        return dataclasses.replace(intent, slots=slots.replace(brightness=None, brightness_step=step))
    if intent.name != intents.LIGHT_SET or any(
        value is not None
        for value in (slots.brightness, slots.brightness_step, slots.color, slots.color_temp_kelvin)
    ):
        return intent
    words = normalize(text).split()
    tones = {WHITE_TEMPERATURES_KELVIN[_TONES[word]] for word in words if word in _TONES}
    if len(tones) == 1 and not (_BRIGHTER | _DIMMER) & set(words):  # "this one warmer": a warm white
        return dataclasses.replace(intent, slots=slots.replace(color_temp_kelvin=tones.pop()))
    said = " ".join(words)  # "this light is too bright": dimmer ("it's too bright" alone may be the sun)
    too = _TOO.search(said) if slots.name or _POINTED.search(said) or _LIGHT_NOUNS & set(words) else None
    up = sum(word in _BRIGHTER for word in words) + bool(too and too["dark"])
    down = sum(word in _DIMMER for word in words) + bool(too and not too["dark"])
    up -= up == down and "more" in words  # "make it more dim": "more" says how much, not which way
    if up == down:
        return intent
    step = BRIGHTNESS_STEP * (2 if _MUCH & set(words) else 1)
    return dataclasses.replace(intent, slots=slots.replace(brightness_step=step if up > down else -step))


_WARMER = frozenset({"warmer", "hotter", "up", "raise", "increase"})
_COOLER = frozenset({"cooler", "colder", "down", "lower", "decrease", "reduce"})
_HEAT_WORDS = frozenset(
    "warmer hotter cooler colder heat heating heater temperature temp thermostat degree degrees".split()
)


def _degrees(intent: Intent, words: list[str]) -> Intent:
    """A set-point read with no temperature, or with a few degrees said beside "warmer" or "down" ("two
    degrees warmer", "lower it by 2"), is a step of so many degrees (one when none is said; no set-point
    is that low); "up to 22" is a set-point."""
    slots = intent.slots
    up = sum(word in _WARMER for word in words)
    down = sum(word in _COOLER for word in words)
    if up == down or "to" in words or not _HEAT_WORDS & set(words):
        return intent  # "heading up now, tuck the house in" names no heat: no step
    if slots.temperature is None:
        amount = 1.0
    elif slots.temperature <= 10:
        amount = slots.temperature
    else:
        return intent
    step = amount if up > down else -amount
    return dataclasses.replace(intent, slots=slots.replace(temperature=None, temperature_step=step))

