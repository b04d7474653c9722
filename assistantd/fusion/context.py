"""What the context says about the home, for understanding a turn: the media player that is on ("turn it
down" means its volume), the areas to leave alone ("guests are sleeping in the bedroom") and where the user
is ("I'm in the kitchen").

The context text (the context topic's, or a turn's ``context.text``) is read clause by clause. The places and
devices a clause names are found with the grammar's own name lookup (every configured device, area and floor
name and alias, exactly as intent_model/values.py's NameIndex scans a command); what the clause says of them
comes from a few cue words ("asleep", "disturb", "watching", "I am in"). The device states add every media
player that reports playing or on. Pure: no clock, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.fusion.turns import TurnContext
from assistantd.intent_model.values import Named, NameIndex
from assistantd.text import normalize

QUIET_WORDS = frozenset(
    {"asleep", "sleeping", "sleeps", "sleep", "napping", "nap", "naps", "resting", "disturb", "disturbed",
     "quiet", "alone"}
)  # fmt: skip
"""Words that ask for an area to be left alone ("the baby is asleep", "don't disturb the office")."""
AWAKE_WORDS = frozenset({"awake", "woke", "longer", "up"})
"""Words that take a quiet clause back ("the guests are awake", "no longer asleep", "are up")."""
MEDIA_WORDS = frozenset(
    {"watching", "watch", "film", "films", "movie", "movies", "show", "series", "episode", "match", "music",
     "listening", "song", "songs", "podcast", "radio", "playing", "netflix", "cartoons", "game"}
)  # fmt: skip
"""Words that say something is playing ("we're watching a film", "music is playing")."""
ON_WORDS = frozenset({"on", "playing", "running", "going", "loud"})
"""Words that say a media player the clause names is on ("the TV is on")."""
OFF_WORDS = frozenset({"off", "stopped", "finished", "paused", "done", "over", "not"})
"""Words that say it is not ("the TV is off", "we finished the film")."""
SELF_WORDS = frozenset({"i", "we", "user", "speaker"})
"""A clause about the user ("I am in the kitchen", "we're in the lounge", "the user is in the office")."""
AWAY_WORDS = frozenset({"leaving", "left", "leave", "out", "not", "from"})
"""A clause about the user that does not put them there ("I'm leaving the kitchen")."""
ACTIVE_STATES = frozenset({"playing", "on"})
"""Media player states that make it the device "it" stands for."""
_SENTENCES = re.compile(r"[.;!?\n]+")
_CLAUSES = re.compile(r",|\b(?:and|but|while|so|because|whilst)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QuietArea:
    """An area the context asks to leave alone."""

    area: str
    """The area id."""
    reason: str
    """The words of the context that say so."""
    named_as: tuple[str, ...]
    """Normalised names a command must say to reach it anyway: the area's, and the floor's when the context
    named the floor ("the kids are asleep upstairs")."""


@dataclass(frozen=True, slots=True)
class ContextReading:
    """What the context says: where the user is, what to leave alone, which media players are on."""

    here: str | None = None
    """The area id the context text says the user is in (None: it does not say)."""
    quiet: tuple[QuietArea, ...] = ()
    active: tuple[str, ...] = ()
    """Media player ids that are on or playing, by the device states or the context text."""

    @property
    def media_active(self) -> bool:
        """Whether some media player is on (the model's evidence)."""
        return bool(self.active)

    def quiet_area(self, area_id: str | None) -> QuietArea | None:
        """The context's word on an area, when it is to be left alone."""
        return next((quiet for quiet in self.quiet if quiet.area == area_id), None)


NO_CONTEXT = ContextReading()


@dataclass(frozen=True, slots=True)
class _TextReading:
    """What the text alone says (before the device states and the place heard in are known)."""

    here: str | None = None
    quiet: tuple[QuietArea, ...] = ()
    players: tuple[str, ...] = ()
    """Media players the text says are on."""
    playing_in: tuple[str | None, ...] = ()
    """Areas where the text says something plays without naming the player (None: it does not say)."""


class ContextReader:
    """Reads context for one configuration (its names indexed once)."""

    def __init__(self, config: Config) -> None:
        """Index the configuration's names."""
        self._config = config
        self._names = NameIndex(config)
        self._last: tuple[str, _TextReading] | None = None

    def read(self, context: TurnContext) -> ContextReading:
        """What a turn's context says (its text and the device states)."""
        if not context.text.strip() and not context.states:
            return NO_CONTEXT
        said = self._text(context.text)
        heard = context.area or said.here or self._config.site.area
        active = [*said.players]
        for area in said.playing_in:
            active += self._players_in(area or heard)
        for device_id, state in context.states:
            device = self._config.device(device_id)
            if device is not None and device.domain == "media_player" and state.casefold() in ACTIVE_STATES:
                active.append(device_id)
        return ContextReading(said.here, said.quiet, tuple(dict.fromkeys(active)))

    def _text(self, text: str) -> _TextReading:
        """The text's reading, remembered for the latest text (the same context serves many turns)."""
        if self._last is None or self._last[0] != text:
            self._last = (text, self._parse(text))
        return self._last[1]

    def _parse(self, text: str) -> _TextReading:
        """Each clause of each sentence: what it names and what it says of it."""
        here: str | None = None
        others: list[str] = []  # where one person is said to be ("Tom is in the office")
        quiet: list[QuietArea] = []
        players: list[str] = []
        playing_in: list[str | None] = []
        for sentence in _SENTENCES.split(text):
            was_quiet = False
            for clause in _CLAUSES.split(sentence):
                words = tuple(normalize(clause).split())
                if not words:
                    continue
                named = self._names.scan(words)
                kept = _is_quiet(words) or (was_quiet and bool(named) and not _is_awake(words))
                if kept:
                    quiet += self._quiet(named, " ".join(sentence.split()))
                elif (area := _user_area(words, named)) is not None:
                    here = area
                elif (area := _someones_area(words, named)) is not None:
                    others.append(area)
                was_quiet = kept
                if not kept and _is_playing(words, named):
                    found = [d.id for n in named if n.slot == "name" for d in n.devices if _plays(d)]
                    players += found
                    if not found:
                        playing_in.append(next((n.value for n in named if n.slot == "area"), None))
        places = tuple(self._config.find_area(name) if name else None for name in playing_in)
        here = here or (others[0] if len(set(others)) == 1 else None)  # the one person placed speaks
        return _TextReading(here and self._config.find_area(here), _unique(quiet), tuple(players), places)

    def _quiet(self, named: list[Named], reason: str) -> list[QuietArea]:
        """The areas a quiet clause names: its areas, every area of its floors, the areas of its devices."""
        found: list[QuietArea] = []
        for name in named:
            if name.slot == "area":
                area = self._config.area(self._config.find_area(name.value) or "")
                if area is not None:
                    found.append(QuietArea(area.id, reason, _names_of(area.name, *area.aliases)))
            elif name.slot == "floor":
                floor = next((f for f in self._config.floors if f.name == name.value), None)
                if floor is None:
                    continue
                for area in self._config.areas:
                    if area.floor == floor.id:
                        names = _names_of(area.name, *area.aliases, floor.name, *floor.aliases)
                        found.append(QuietArea(area.id, reason, names))
            else:
                found += [self._device_area(device, reason) for device in name.devices if device.area]
        return found

    def _device_area(self, device: Device, reason: str) -> QuietArea:
        """The area of a device a quiet clause names ("the baby monitor in the nursery")."""
        area = self._config.area(device.area or "")
        names = _names_of(area.name, *area.aliases) if area is not None else ()
        return QuietArea(device.area or "", reason, names)

    def _players_in(self, area_id: str) -> list[str]:
        """The media players of an area, else the home's only one."""
        players = [d for d in self._config.devices if d.domain == "media_player"]
        there = [d.id for d in players if d.area == area_id]
        return there or ([players[0].id] if len(players) == 1 else [])


def _is_quiet(words: tuple[str, ...]) -> bool:
    """Whether a clause asks to leave something alone (and does not take that back)."""
    return bool(QUIET_WORDS.intersection(words)) and not _is_awake(words)


def _is_awake(words: tuple[str, ...]) -> bool:
    """Whether a clause says the sleepers are up ("the guests are awake", "no longer asleep")."""
    if AWAKE_WORDS.intersection(words):
        return True
    return "not" in words and "disturb" not in words  # "not asleep", but "do not disturb"


_SPEAKER = re.compile(
    r"\b(?:person|one|whoever|who) (?:who is |thats |that is |is )?(?:talking|speaking|asking)\b"
)
"""The user described ("the person talking is upstairs in the bathroom", "whoever is speaking")."""


def _user_area(words: tuple[str, ...], named: list[Named]) -> str | None:
    """The area a clause about the user puts them in ("I'm in the kitchen"), if it does."""
    about_user = SELF_WORDS.intersection(words) or _SPEAKER.search(" ".join(words))
    if not about_user or AWAY_WORDS.intersection(words):
        return None
    return next((name.value for name in named if name.slot == "area"), None)


_SOMEONE_IN = re.compile(
    r"^(?!(?:the|a|an|it|there|this|that|my|our|your|his|her|their)\b)\w+ (?:is|was) (?:\w+ )?in\b"
)
"""A clause that places one person by name ("Tom is in the office making up the bed", "Priya is still in the
kitchen"), not a thing ("the cat is in the kitchen")."""


def _someones_area(words: tuple[str, ...], named: list[Named]) -> str | None:
    """The area a clause places a person named in it, if it does: where no place is given for the user, the
    one person the context places is the one who speaks."""
    if AWAY_WORDS.intersection(words) or not _SOMEONE_IN.match(" ".join(words)):
        return None
    return next((name.value for name in named if name.slot == "area"), None)


def _is_playing(words: tuple[str, ...], named: list[Named]) -> bool:
    """Whether a clause says something plays: a media player it names is on, or people watch or listen."""
    if OFF_WORDS.intersection(words):
        return False
    if any(_plays(d) for n in named if n.slot == "name" for d in n.devices):
        return bool(ON_WORDS.intersection(words) or MEDIA_WORDS.intersection(words))
    return bool(MEDIA_WORDS.intersection(words))


def _plays(device: Device) -> bool:
    """Whether a device is a media player."""
    return device.domain == "media_player"


def _names_of(*names: str) -> tuple[str, ...]:
    """Names as the words of a command are compared (normalised)."""
    return tuple(dict.fromkeys(normalize(name) for name in names))


def _unique(quiet: list[QuietArea]) -> tuple[QuietArea, ...]:
    """One entry an area (the first reason given)."""
    seen: dict[str, QuietArea] = {}
    for item in quiet:
        seen.setdefault(item.area, item)
    return tuple(seen.values())


def said_of(text: str, quiet: QuietArea) -> bool:
    """Whether a command's words name a quiet area after all ("turn off the lights in the bedroom too")."""
    spoken = f" {normalize(text)} "
    return any(f" {name} " in spoken for name in quiet.named_as)
