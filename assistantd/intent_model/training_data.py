"""Training examples generated from a configuration: paraphrases, custom sentences, noise, gestures, and what
is no command (chatter, requests the home cannot serve, commands for later, real out-of-scope sentences).

Seeded: the same configuration, seed and borrowed sentences give the same examples, in the same order.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.gestures import GESTURES
from assistantd.intent_model.features import MAX_TOKENS, NO_EVIDENCE, Evidence, words_of
from assistantd.intent_model.framing import (
    ADJUSTMENTS,
    AFTERTHOUGHTS,
    COMPLAINTS,
    DEICTIC,
    FOLLOW_UPS,
    IT_STEPS,
    PREFACES,
    VOLUME_STEPS,
    WAKE_WORDS,
)
from assistantd.intent_model.holes import HOLE_TAGS, SHARE_WORDS, Holes
from assistantd.intent_model.out_of_scope import (
    APPLIANCE_REQUESTS,
    CHATTER,
    DELAYS,
    FIGURES_OF_SPEECH,
    REMARKS,
    SKILLS,
)
from assistantd.intent_model.phrasebook import COMMANDS

TAGS: tuple[str, ...] = (
    "O",
    "name",
    "area",
    "floor",
    "brightness",
    "color",
    "color_temp_kelvin",
    "temperature",
    "position",
    "volume_level",
    "search_query",
    "item",
)
"""Word tags of the slot tagger (a slot's value is the run of words with its tag)."""

_GROUP = re.compile(r"[\(\[]([^\(\)\[\]]*)[\)\]]")
_HOLE = re.compile(r"\{(\w+)(?::(\w+))?\}")
_LEADING = (
    "please",
    "hey",
    "could you",
    "can you please",
    "would you",
    "will you",
    "i would like you to",
    "okay",
    "hey assistant",
    "computer",
    "i want you to",
    "please can you",
    *WAKE_WORDS,
)
_TRAILING = ("please", "thanks", "now", "for me", "right now")
_HOMOPHONES = {"to": "two", "for": "four", "lights": "light", "light": "lite", "the": "a", "off": "of"}
_DETERMINERS = ("my", "all the", "all", "those", "these", "our", "all of the", "some")
_ADJECTIVES = ("new", "main", "big", "little", "outdoor", "smart", "other", "current", "nice")
_NOUNS = frozenset(
    {"light", "lights", "lamp", "lamps", "lighting", "music", "temperature", "brightness", "plug", "socket"}
)
_MEANINGFUL = ("", "thumb_up", "thumb_down", "open_palm")
"""Gestures that mean something by themselves, drawn more often than the others."""
_DELAYABLE = frozenset(
    {
        intents.TURN_ON,
        intents.TURN_OFF,
        intents.LIGHT_SET,
        intents.CLIMATE_SET_TEMPERATURE,
        intents.SET_POSITION,
        intents.SET_VOLUME,
        intents.MEDIA_PAUSE,
        intents.MEDIA_UNPAUSE,
    }
)
"""Commands that may be asked for later ("in ten minutes turn off the lights": a timer, out of scope)."""
_DELAYED_SHARE = 0.05
_OUT_OF_SCOPE = (*CHATTER, *SKILLS, *FIGURES_OF_SPEECH, *REMARKS, *PREFACES, *AFTERTHOUGHTS, *DELAYS)


@dataclass(frozen=True, slots=True)
class Example:
    """One training turn: words with a tag each, the intent, the other modalities' evidence."""

    words: tuple[str, ...]
    tags: tuple[str, ...]
    intent: str
    evidence: Evidence = NO_EVIDENCE


_EARLIER = tuple(intent for intent in intents.HA_INTENTS if intent != intents.NEVERMIND)
"""What the previous turn may have been."""


def sample_pattern(pattern: str, rng: random.Random) -> str:
    """One surface form of a pattern: an alternative of each ``(a|b)``, ``[optional]`` words or none."""
    while True:
        match = _GROUP.search(pattern)
        if match is None:
            return pattern
        options = match.group(1).split("|")
        if match.group(0).startswith("["):
            options.append("")
        pattern = pattern[: match.start()] + rng.choice(options) + pattern[match.end() :]


class Generator:
    """Fills patterns with a configuration's names, areas and values."""

    def __init__(self, config: Config, seed: int, borrowed: Sequence[str] = ()) -> None:
        """Index the configuration's names by kind; borrowed: real out-of-scope sentences to learn too."""
        self._rng = random.Random(seed)
        self._holes = Holes(config, self._rng)
        self._config = config
        self._borrowed = tuple(borrowed)
        # What the config's own sentences say is never learnt as no command ("good night" may be a scene).
        self._custom = {
            " ".join(words_of(sample_pattern(t, random.Random(i))))
            for s in config.sentences
            for t in s.templates
            for i in range(8)
        }

    def fill(self, pattern: str, intent: str, evidence: Evidence = NO_EVIDENCE) -> Example | None:
        """An example from a pattern, its holes filled and tagged; None when a hole cannot be filled."""
        surface = sample_pattern(pattern, self._rng)
        words: list[str] = []
        tags: list[str] = []
        for part in re.split(r"(\{\w+(?::\w+)?\})", surface):
            hole = _HOLE.fullmatch(part)
            if hole is None:
                chunk = words_of(part)
                if chunk[:1] == ["percent"] and words and words[-1] in SHARE_WORDS:
                    chunk = chunk[1:]  # "half", not "half percent"
                words += chunk
                tags += ["O"] * len(chunk)
                continue
            value = self._holes.value(hole.group(1), hole.group(2))
            if value is None:
                return None
            chunk = words_of(value)
            tag = HOLE_TAGS.get(hole.group(1), hole.group(1))
            words += chunk
            tags += [tag if tag in TAGS and intent != intents.NONE else "O"] * len(chunk)
        if not words and evidence == Evidence():
            return None
        return Example(tuple(words[:MAX_TOKENS]), tuple(tags[:MAX_TOKENS]), intent, evidence)

    def noisy(self, example: Example) -> Example:
        """Politeness, fillers, a dropped or misheard word, as people and speech-to-text produce them."""
        rng = self._rng
        words, tags = list(example.words), list(example.tags)
        if rng.random() < 0.1:
            lead = self._clause(
                PREFACES if rng.random() < 0.7 or example.intent == intents.NONE else COMPLAINTS
            )
            words, tags = lead + words, ["O"] * len(lead) + tags
        elif rng.random() < 0.12:
            tail = self._clause(
                AFTERTHOUGHTS if rng.random() < 0.8 or example.intent == intents.NONE else COMPLAINTS
            )
            words, tags = words + tail, tags + ["O"] * len(tail)
        if rng.random() < 0.3:
            lead = rng.choice(_LEADING).split()
            words, tags = lead + words, ["O"] * len(lead) + tags
        if rng.random() < 0.2:
            tail = rng.choice(_TRAILING).split()
            words, tags = words + tail, tags + ["O"] * len(tail)
        plain = [i for i, tag in enumerate(tags) if tag == "O"]
        if plain and len(words) > 3 and rng.random() < 0.1:
            drop = rng.choice(plain)
            del words[drop], tags[drop]
        words, tags = self._vary(words, tags)
        swappable = [i for i, w in enumerate(words) if w in _HOMOPHONES and tags[i] == "O"]
        if swappable and rng.random() < 0.1:
            index = rng.choice(swappable)
            words[index] = _HOMOPHONES[words[index]]
        return Example(tuple(words[:MAX_TOKENS]), tuple(tags[:MAX_TOKENS]), example.intent, example.evidence)

    def _clause(self, patterns: tuple[str, ...]) -> list[str]:
        """The words of one clause that changes no intent (a reason before, a time after)."""
        example = self.fill(self._rng.choice(patterns), intents.NONE)
        return list(example.words) if example is not None else []

    def _vary(self, words: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
        """Other determiners ("the" -> "my", "all the") and an adjective before a noun, now and then."""
        rng = self._rng
        out_words: list[str] = []
        out_tags: list[str] = []
        for word, tag in zip(words, tags, strict=True):
            if tag == "O" and word == "the" and rng.random() < 0.25:
                extra = rng.choice(_DETERMINERS).split()
                out_words += extra
                out_tags += ["O"] * len(extra)
                continue
            if tag == "O" and word in _NOUNS and rng.random() < 0.15:
                out_words.append(rng.choice(_ADJECTIVES))
                out_tags.append("O")
            out_words.append(word)
            out_tags.append(tag)
        return out_words, out_tags

    def examples(self, per_pattern: int) -> Iterator[Example]:
        """Every kind of example: commands, custom sentences, deixis, gestures, dialogue, no commands."""
        yield from self._commands(per_pattern)
        yield from self._deictic(per_pattern * 2)
        yield from self._follow_ups(per_pattern * 4)
        yield from self._volume_steps(per_pattern * 2)
        yield from self._gesture_turns(per_pattern * 90)
        yield from self._out_of_scope(per_pattern)

    def _commands(self, per_pattern: int) -> Iterator[Example]:
        """Each command pattern and custom sentence, some with noise, a few asked for later (no command)."""
        rng = self._rng
        custom = {(s.intent, t) for s in self._config.sentences for t in s.templates}
        patterns = [(i, p) for i, ps in COMMANDS.items() for p in ps] + sorted(custom)
        for intent, pattern in patterns:
            for _ in range(per_pattern):
                example = self.fill(pattern, *self._answer(intent))
                if example is None:
                    continue
                if intent in _DELAYABLE and rng.random() < _DELAYED_SHARE:
                    yield self._delayed(example)
                else:
                    yield self.noisy(example) if rng.random() < 0.5 else example

    def _delayed(self, example: Example) -> Example:
        """A command asked for later, the time before or after it: no command now."""
        when = self._clause(DELAYS)
        words = [*when, *example.words] if self._rng.random() < 0.5 else [*example.words, *when]
        return Example(
            tuple(words[:MAX_TOKENS]), ("O",) * len(words[:MAX_TOKENS]), intents.NONE, example.evidence
        )

    def _deictic(self, count: int) -> Iterator[Example]:
        """Commands for what is pointed at or was spoken of ("turn that on")."""
        rng = self._rng
        for intent, pattern in deictic_patterns():
            for _ in range(count):
                pointing = Evidence(gesture="pointing", pointing_score=rng.uniform(0.4, 1.0))
                evidence = pointing if rng.random() < 0.7 else self._distraction()
                example = self.fill(pattern, intent, evidence)
                if example is not None:
                    yield example

    def _out_of_scope(self, per_pattern: int) -> Iterator[Example]:
        """No commands: chatter, other skills, sayings, remarks, appliances the home lacks, and the borrowed
        sentences (which, where there are some, take the place of half the written ones)."""
        count = per_pattern // 2 if self._borrowed else per_pattern
        for patterns in (_OUT_OF_SCOPE, APPLIANCE_REQUESTS):
            for pattern in patterns:
                for _ in range(count):
                    example = self.fill(pattern, intents.NONE, self._distraction())
                    if example is not None and " ".join(example.words) not in self._custom:
                        yield self.noisy(example)
        for sentence in self._borrowed:
            words = tuple(words_of(sentence))
            if " ".join(words) in self._custom:
                continue
            example = Example(words, ("O",) * len(words), intents.NONE, self._distraction())
            yield self.noisy(example) if self._rng.random() < 0.3 else example

    def _answer(self, intent: str) -> tuple[str, Evidence]:
        """A turn's intent and evidence: a yes or a no answers a question, and is no command without one."""
        evidence = self._distraction()
        if intent not in (intents.CONFIRM, intents.DECLINE):
            return intent, evidence
        if self._rng.random() < 0.75:
            return intent, dataclasses.replace(evidence, awaiting_confirmation=True)
        return intents.NONE, evidence

    def _distraction(self) -> Evidence:
        """Often an earlier command (in a running daemon most turns have one), now and then a media player
        that is on, sometimes a stray gesture or expression: a turn that says what it wants must be read from
        its words, whatever came before or plays."""
        rng = self._rng
        previous = rng.choice(_EARLIER) if rng.random() < 0.5 else ""
        media = rng.random() < 0.2
        if rng.random() < 0.8:
            return Evidence(previous_intent=previous, media_active=media)
        return Evidence(
            gesture=rng.choice(("", "wave", "open_palm", "pointing", "victory")),
            expression=rng.choice(("", "smile", "frown")),
            speech_confidence=rng.uniform(0.5, 1.0),
            previous_intent=previous,
            media_active=media,
        )

    def _follow_ups(self, count: int) -> Iterator[Example]:
        """Turns that only make sense after the previous one ("and the bedroom too", "brighter")."""
        rng = self._rng
        repeatable = (intents.TURN_ON, intents.TURN_OFF, intents.LIGHT_SET, "")
        for _ in range(count):
            for pattern in FOLLOW_UPS:
                previous = rng.choice(repeatable)
                example = self.fill(pattern, previous or intents.NONE, Evidence(previous_intent=previous))
                if example is not None:
                    yield example
            for pattern in ADJUSTMENTS:
                previous = rng.choice((intents.TURN_ON, intents.LIGHT_SET, ""))
                example = self.fill(pattern, intents.LIGHT_SET, Evidence(previous_intent=previous))
                if example is not None:
                    yield example

    def _volume_steps(self, count: int) -> Iterator[Example]:
        """Relative volume ("louder", "turn the volume down"), and "turn it down": the volume while a media
        player is on (unless a light was just set), else the last light's brightness."""
        rng = self._rng
        for _ in range(count):
            for pattern in VOLUME_STEPS:
                evidence = dataclasses.replace(self._distraction(), media_active=rng.random() < 0.6)
                example = self.fill(pattern, intents.SET_VOLUME, evidence)
                if example is not None:
                    yield self.noisy(example) if rng.random() < 0.3 else example
            for pattern in IT_STEPS:
                media = rng.random() < 0.5
                previous = rng.choice((intents.TURN_ON, intents.LIGHT_SET, intents.SET_VOLUME, ""))
                sound = previous == intents.SET_VOLUME or (media and previous != intents.LIGHT_SET)
                evidence = Evidence(previous_intent=previous, media_active=media)
                example = self.fill(pattern, intents.SET_VOLUME if sound else intents.LIGHT_SET, evidence)
                if example is not None:
                    yield example

    def _gesture_turns(self, count: int) -> Iterator[Example]:
        """Turns carried by the hand and face: confirmations, cancellations, pointing commands, noise."""
        rng = self._rng
        for _ in range(count):
            awaiting = rng.random() < 0.5
            gesture = rng.choice((*_MEANINGFUL * 3, *GESTURES))
            head = rng.choice(("", "", "nod", "shake"))
            evidence = Evidence(
                gesture=gesture,
                head_gesture=head,
                expression=rng.choice(("", "smile", "frown")),
                pointing_score=rng.uniform(0.4, 1.0) if gesture == "pointing" else 0.0,
                awaiting_confirmation=awaiting,
                attending=rng.random() < 0.9,
            )
            yield Example((), (), gesture_intent(evidence), evidence)


def deictic_patterns() -> list[tuple[str, str]]:
    """DEICTIC, and each switching pattern with a named device said as "that", "this one", "it"."""
    patterns = [(intent, pattern) for intent, deictic in DEICTIC.items() for pattern in deictic]
    for intent in (intents.TURN_ON, intents.TURN_OFF):
        for pattern in COMMANDS[intent]:
            if (
                "{name:on}" in pattern
                and "{area}" not in pattern
                and _PARTICLE.search(pattern.replace("{name:on}", ""))
            ):
                said = _THE_NAME.sub(_POINTED, pattern.replace("{name:on}", _POINTED))
                patterns.append((intent, said))
    return patterns


_POINTED = "(that|this|it|that one|this one|that thing|this thing|that device)"
_PARTICLE = re.compile(r"\b(on|off)\b")
_THE_NAME = re.compile(r"(\[the\]|the) " + re.escape(_POINTED))


def gesture_intent(evidence: Evidence) -> str:
    """What a turn without words means: the convention the model learns for gestures and head moves."""
    yes = evidence.gesture == "thumb_up" or evidence.head_gesture == "nod"
    no = evidence.gesture in ("thumb_down", "open_palm") or evidence.head_gesture == "shake"
    if evidence.awaiting_confirmation and yes != no:
        return intents.CONFIRM if yes else intents.DECLINE
    if not evidence.attending:
        return intents.NONE
    if evidence.gesture == "open_palm":
        return intents.NEVERMIND
    return intents.NONE


def generate(
    config: Config, *, seed: int = 0, per_pattern: int = 12, borrowed: Sequence[str] = ()
) -> list[Example]:
    """The training examples of a configuration (borrowed: real out-of-scope sentences to learn as well)."""
    return list(Generator(config, seed, borrowed).examples(per_pattern))
