"""The slot lists templates may use, built from a configuration: names, places, numbers, colors, kinds."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from assistantd.colors import COLORS, WHITE_TEMPERATURES_KELVIN
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.grammar.durations import DurationList
from assistantd.grammar.kinds import (
    AREA_CONDITIONS,
    BINARY_SENSOR_CLASSES,
    COVER_CLASSES,
    DOMAIN_NOUNS,
    SUBSTANCES,
    noun_kinds,
    state_meanings,
)
from assistantd.grammar.lists import PRIMARY, FreeText, Hit, NumberList, PhraseList, SlotList
from assistantd.grammar.measures import MEASURE_MODIFIERS, MEASURE_NOUNS, SENSOR_MEASURES
from assistantd.grammar.names import area_names, area_places, device_names, floor_names, place_names
from assistantd.grammar.timer_names import TimerNameList
from assistantd.text import normalize

_BRIGHTNESS_LEVELS: dict[str, int] = {
    "max": 100,
    "maximum": 100,
    "highest": 100,
    "full": 100,
    "brightest": 100,
    "min": 1,
    "minimum": 1,
    "lowest": 1,
    "dimmest": 1,
    "half": 50,
    "halfway": 50,
    "a quarter": 25,
    "quarter": 25,
    "three quarters": 75,
    "a third": 33,
    "two thirds": 67,
    "all the way up": 100,
    "full whack": 100,
    "full blast": 100,
}

_FRACTIONS = {
    "a quarter": 25,
    "one quarter": 25,
    "a third": 33,
    "one third": 33,
    "two thirds": 67,
    "three quarters": 75,
}
"""Shares of the way said as fractions: a volume or how far a cover is open."""
_HALF_WAYS = ("open", "up", "down", "closed", "shut")


def _position_levels() -> list[tuple[str, Hit]]:
    """How far a cover is open, said as a share of the way ("halfway up", "a third open")."""
    return [
        *(
            (phrase, Hit((("position", 50),)))
            for half in ("half", "halfway", "half way")
            for phrase in (half, *(f"{half} {way}" for way in _HALF_WAYS))
        ),
        *(
            (f"{fraction}{way}", Hit((("position", value),)))
            for fraction, value in _FRACTIONS.items()
            for way in ("", " open", " up", " of the way", " of the way open", " of the way up")
        ),
    ]


def _hints(key: str, phrases: Mapping[str, str]) -> PhraseList:
    """A list whose hits carry a hint for the resolver: key -> the phrase's value."""
    return PhraseList.build((phrase, Hit(((key, value),))) for phrase, value in phrases.items())


def _words(phrases: Iterable[str]) -> PhraseList:
    """A list of filler words that mean nothing by themselves."""
    return PhraseList.build((phrase, Hit(())) for phrase in phrases)


def _brightness_levels() -> PhraseList:
    """ "max", "the highest", ... as a brightness percent."""
    items = []
    for word, value in _BRIGHTNESS_LEVELS.items():
        for phrase in (word, f"the {word}"):
            items.append((phrase, Hit((("brightness", value),))))
    return PhraseList.build(items)


def _colors() -> PhraseList:
    """Color names (white tones are color temperatures, not colors)."""
    return PhraseList.build(
        (name, Hit(((PRIMARY, name),))) for name in COLORS if name not in WHITE_TEMPERATURES_KELVIN
    )


MEDIA_CLASSES: dict[str, tuple[str, ...]] = {
    "track": ("song", "track", "tune", "single"),
    "album": ("album", "record"),
    "artist": ("artist", "band", "singer", "musician"),
    "playlist": ("playlist", "play list"),
    "podcast": ("podcast",),
    "movie": ("movie", "film"),
    "tv_show": ("tv show", "show", "series", "tv series", "programme", "program"),
}
"""Home Assistant's media classes and the words for them ("play the Queen album")."""


def _names(spellings: Iterable[tuple[str, str]]) -> PhraseList:
    """A list of (said, canonical name) pairs whose hits are the canonical names."""
    return PhraseList.build((said, Hit(((PRIMARY, name),))) for said, name in spellings)


def _custom_values() -> dict[str, SlotList]:
    """Lists for the remaining slot names custom sentences may use ({domain}, {device_class}, {state})."""
    domains = PhraseList.build(
        (noun, Hit(((PRIMARY, domain),))) for domain, nouns in DOMAIN_NOUNS.items() for noun in nouns
    )
    classes = [(noun, Hit(((PRIMARY, dc),))) for dc, nouns in COVER_CLASSES.items() for noun in nouns]
    classes += [
        (noun, Hit(((PRIMARY, dc),))) for dc, (nouns, _, _) in BINARY_SENSOR_CLASSES.items() for noun in nouns
    ]
    states = PhraseList.build(
        (word, Hit(((PRIMARY, meanings[0][2]),))) for word, meanings in state_meanings().items()
    )
    return {"domain": domains, "device_class": PhraseList.build(classes), "state": states}


_NOT_ELSEWHERE = frozenset({"here", "there", "in here", "in there"})
"""Words that name no place away from home to ask the weather of."""
_NO_PLACE_HOLDS = frozenset(
    "i me my we us our you your he his she her they them their it its is are was were am be been will would"
    " because cos as so".split()
)
"""Words no place's name holds: where they follow, a remark has begun ("in london, my flight's tomorrow")."""


@functools.cache
def static_lists() -> Mapping[str, SlotList]:
    """The lists that do not depend on the configuration (built once, never changed)."""
    percent = NumberList(0, 100)
    kelvin = NumberList(1000, 12000)
    lists: dict[str, SlotList] = {
        "percent": percent,
        "step_up": NumberList(1, 100),
        "step_down": NumberList(1, 100, sign=-1),
        "brightness": percent,
        "position": percent,
        "volume_level": percent,
        "temperature": NumberList(-50, 150, integer=False),
        "degrees_up": NumberList(0.5, 10, integer=False),
        "degrees_down": NumberList(0.5, 10, integer=False, sign=-1),
        "kelvin": kelvin,
        "color_temp_kelvin": kelvin,
        "white": PhraseList.build(
            (name, Hit(((PRIMARY, kelvin_value),)))
            for name, kelvin_value in WHITE_TEMPERATURES_KELVIN.items()
        ),
        "color": _colors(),
        "brightness_level": _brightness_levels(),
        "volume_share": PhraseList.build(
            (phrase, Hit((("volume_level", value),)))
            for phrase, value in (("half", 50), ("halfway", 50), *_FRACTIONS.items())
        ),
        "position_level": PhraseList.build(_position_levels()),
        "cover_kind": PhraseList.build(
            (noun, Hit((("domain", "cover"), ("device_class", dc))))
            for dc, nouns in COVER_CLASSES.items()
            for noun in nouns
        ),
        "noun": _hints("_noun", {noun: noun for noun in noun_kinds()}),
        "state_word": _hints("_state", {word: word for word in state_meanings()}),
        "substance": _hints("_substance", SUBSTANCES),
        "condition": _hints("_substance", AREA_CONDITIONS),
        "measure": _hints("_measure", {measure: measure for measure in SENSOR_MEASURES}),
        "measure_noun": _words(MEASURE_NOUNS),
        "measure_modifier": _words(MEASURE_MODIFIERS),
        "search_query": FreeText(),
        "item": FreeText(),
        "elsewhere": FreeText(max_words=4, refused=_NOT_ELSEWHERE, barred=_NO_PLACE_HOLDS),
        "media_class": _names((word, kind) for kind, words in MEDIA_CLASSES.items() for word in words),
        "duration": DurationList(),
        "start_duration": DurationList("start_"),
        **{unit: NumberList(0, 100_000) for unit in ("hours", "minutes", "seconds")},
        **{f"start_{unit}": NumberList(0, 100_000) for unit in ("hours", "minutes", "seconds")},
    }
    lists.update(_custom_values())
    return lists


class Catalog:
    """Every list a configuration offers; device names are filtered by domain on demand (and cached)."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._threshold = config.recognizer.fuzzy_threshold
        self._lists = dict(static_lists())
        self._lists["area"] = area_names(config)
        self._lists["floor"] = floor_names(config)
        self._lists["place"] = place_names(config)
        places = ((said, source.name) for source in config.weather if source.name for said in source.names)
        self._lists["weather_place"] = _names(places)
        named = config.lists.named if config.lists is not None else ()
        self._lists["todo_list"] = _names((said, item.name) for item in named for said in item.names)
        areas = frozenset(normalize(said) for area in config.areas for said in (area.name, *area.aliases))
        self._lists["timer_name"] = TimerNameList(areas)
        indoors = areas | {f"the {area}" for area in areas}
        refused = _NOT_ELSEWHERE | indoors
        self._lists["elsewhere"] = FreeText(max_words=4, refused=refused, barred=_NO_PLACE_HOLDS)
        self._names: dict[tuple[str, ...], SlotList] = {}
        self._places = area_places(config)

    def get(self, list_name: str, domains: tuple[str, ...] = ()) -> SlotList | None:
        """A list by name; ``name`` holds the devices of the given domains (all when empty)."""
        if list_name != "name":
            return self._lists.get(list_name)
        if domains not in self._names:
            devices: tuple[Device, ...] = tuple(
                device for device in self._config.devices if not domains or device.domain in domains
            )
            self._names[domains] = device_names(devices, self._threshold, self._places)
        return self._names[domains]

    def names(self) -> tuple[str, ...]:
        """Every list name."""
        return ("name", *self._lists)
