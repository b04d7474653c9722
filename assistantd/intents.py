"""The intent vocabulary (Home Assistant's), the typed intent that crosses modules, and what a recognizer is."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Protocol

TURN_ON = "HassTurnOn"
TURN_OFF = "HassTurnOff"
TOGGLE = "HassToggle"
LIGHT_SET = "HassLightSet"
CLIMATE_SET_TEMPERATURE = "HassClimateSetTemperature"
CLIMATE_GET_TEMPERATURE = "HassClimateGetTemperature"
SET_POSITION = "HassSetPosition"
GET_STATE = "HassGetState"
MEDIA_PAUSE = "HassMediaPause"
MEDIA_UNPAUSE = "HassMediaUnpause"
MEDIA_NEXT = "HassMediaNext"
MEDIA_PREVIOUS = "HassMediaPrevious"
SET_VOLUME = "HassSetVolume"
GET_CURRENT_TIME = "HassGetCurrentTime"
GET_CURRENT_DATE = "HassGetCurrentDate"
GET_WEATHER = "HassGetWeather"
VACUUM_START = "HassVacuumStart"
VACUUM_RETURN = "HassVacuumReturnToBase"
LIST_ADD = "HassListAddItem"
SHOPPING_LIST_ADD = "HassShoppingListAddItem"
MEDIA_SEARCH = "HassMediaSearchAndPlay"
NEVERMIND = "HassNevermind"
START_TIMER = "HassStartTimer"
CANCEL_TIMER = "HassCancelTimer"
CANCEL_ALL_TIMERS = "HassCancelAllTimers"
INCREASE_TIMER = "HassIncreaseTimer"
DECREASE_TIMER = "HassDecreaseTimer"
PAUSE_TIMER = "HassPauseTimer"
UNPAUSE_TIMER = "HassUnpauseTimer"
TIMER_STATUS = "HassTimerStatus"
NONE = "none"
"""Input that is not a command."""

# Dialogue intents of assistantd's own (not in Home Assistant's vocabulary):
# the answers to a confirmation request for a high-risk action.
CONFIRM = "AssistantConfirm"
DECLINE = "AssistantDecline"

HA_INTENTS: tuple[str, ...] = (
    TURN_ON,
    TURN_OFF,
    TOGGLE,
    LIGHT_SET,
    CLIMATE_SET_TEMPERATURE,
    CLIMATE_GET_TEMPERATURE,
    SET_POSITION,
    GET_STATE,
    MEDIA_PAUSE,
    MEDIA_UNPAUSE,
    MEDIA_NEXT,
    MEDIA_PREVIOUS,
    SET_VOLUME,
    GET_CURRENT_TIME,
    GET_CURRENT_DATE,
    GET_WEATHER,
    VACUUM_START,
    VACUUM_RETURN,
    LIST_ADD,
    SHOPPING_LIST_ADD,
    MEDIA_SEARCH,
    NEVERMIND,
    START_TIMER,
    CANCEL_TIMER,
    CANCEL_ALL_TIMERS,
    INCREASE_TIMER,
    DECREASE_TIMER,
    PAUSE_TIMER,
    UNPAUSE_TIMER,
    TIMER_STATUS,
)
ALL_INTENTS: tuple[str, ...] = (*HA_INTENTS, CONFIRM, DECLINE, NONE)
ACTING: frozenset[str] = frozenset(
    {TURN_ON, TURN_OFF, TOGGLE, LIGHT_SET, CLIMATE_SET_TEMPERATURE, SET_POSITION, MEDIA_PAUSE, MEDIA_UNPAUSE,
     MEDIA_NEXT, MEDIA_PREVIOUS, SET_VOLUME, VACUUM_START, VACUUM_RETURN, MEDIA_SEARCH}
)  # fmt: skip
"""The intents that act on devices (the others answer, or steer the dialogue)."""
ANSWERS: tuple[str, ...] = (CONFIRM, DECLINE)
"""Answers to a question the assistant asked: with no question pending they do nothing."""
TIMER_INTENTS: frozenset[str] = frozenset(
    {START_TIMER, CANCEL_TIMER, CANCEL_ALL_TIMERS, INCREASE_TIMER, DECREASE_TIMER, PAUSE_TIMER, UNPAUSE_TIMER,
     TIMER_STATUS}
)  # fmt: skip
"""The intents the timer book carries out (they act on timers, not on devices)."""

SLOT_NAMES: tuple[str, ...] = (
    "name",
    "area",
    "floor",
    "domain",
    "device_class",
    "brightness",
    "color",
    "color_temp_kelvin",
    "temperature",
    "position",
    "state",
    "volume_level",
    "brightness_step",
    "volume_step",
    "temperature_step",
    "search_query",
    "media_class",
    "item",
    "hours",
    "minutes",
    "seconds",
    "start_hours",
    "start_minutes",
    "start_seconds",
)


class Modality(str, enum.Enum):
    """Where an intent came from."""

    TEXT = "text"
    SPEECH = "speech"
    GESTURE = "gesture"
    FUSED = "fused"


@dataclass(frozen=True, slots=True)
class Slots:
    """Home Assistant's slot names; values are canonical (configured) names, numbers in HA units."""

    name: str | None = None
    """Device name as configured (or "all", Home Assistant's quantifier); for timers, the timer's name as said."""
    area: str | None = None
    """Area name as configured."""
    floor: str | None = None
    """Floor name as configured."""
    domain: str | None = None
    device_class: str | None = None
    brightness: int | None = None
    """Percent, 0-100."""
    color: str | None = None
    """A CSS color name, e.g. "red"."""
    color_temp_kelvin: int | None = None
    """White color temperature in kelvin."""
    temperature: float | None = None
    """Target temperature in the home's unit (degrees)."""
    position: int | None = None
    """Cover position in percent, 0 closed - 100 open."""
    state: str | None = None
    """Asked state for HassGetState ("on", "open", "locked", ...)."""
    volume_level: int | None = None
    """Media volume in percent."""
    brightness_step: int | None = None
    """Relative brightness change in percent points, + brighter, - dimmer (assistantd's own: "brighter")."""
    volume_step: int | None = None
    """Relative volume change in percent points, + louder, - quieter ("turn it down" while the TV plays)."""
    temperature_step: float | None = None
    """Relative set-point change in degrees, + warmer, - cooler ("turn the heating up two degrees")."""
    search_query: str | None = None
    """What to find and play on a media player ("the office"), as said."""
    media_class: str | None = None
    """What kind of media the search is for: track, album, artist, playlist, podcast, movie, tv_show."""
    item: str | None = None
    """What to add to a list ("apples"), as said."""
    hours: int | None = None
    """A timer's length (HassStartTimer) or change (HassIncreaseTimer, HassDecreaseTimer): its hours."""
    minutes: int | None = None
    """... its minutes."""
    seconds: int | None = None
    """... its seconds."""
    start_hours: int | None = None
    """Which timer, by the length it was started with ("the 1 hour timer"): its hours."""
    start_minutes: int | None = None
    """... its minutes."""
    start_seconds: int | None = None
    """... its seconds."""
    conversation_command: str | None = None
    """A command to carry out when the timer ends (HassStartTimer: "in 10 minutes turn off the lights"), as
    said."""

    def as_dict(self) -> dict[str, str | int | float]:
        """The slots that are set, as a plain mapping (for JSON and evaluation)."""
        return {
            field.name: value
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name)) is not None
        }

    def replace(self, **changes: str | int | float | None) -> Slots:
        """A copy with some slots changed."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Intent:
    """What a person wants, with its evidence."""

    name: str
    """One of ALL_INTENTS."""
    slots: Slots = Slots()
    confidence: float = 0.0
    """0-1."""
    modality: Modality = Modality.TEXT
    text: str = ""
    """The words it was recognised from (may be empty for gestures)."""
    started_ms: int = 0
    """Monotonic start of the evidence, milliseconds."""
    ended_ms: int = 0
    """Monotonic end of the evidence, milliseconds."""
    recognizer: str = ""
    """Which recognizer produced it ("grammar", "custom", "model", ...)."""
    everywhere: bool = False
    """The words say the whole home ("everywhere", "in the house"): with no area or floor, it is not the
    area it was heard in (Home Assistant's slots say so by leaving the area out, which here means the
    site's area)."""

    @property
    def is_command(self) -> bool:
        """Whether this asks for something (anything but NONE)."""
        return self.name != NONE


def no_intent(text: str = "", *, modality: Modality = Modality.TEXT) -> Intent:
    """The intent for input that is not a command."""
    return Intent(name=NONE, text=text, modality=modality, confidence=0.0)


class Recognizer(Protocol):
    """Anything that reads an intent from text heard in an area: the grammar, the model, both combined."""

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        """The intent of a text heard in area_id (None: the site's area)."""
        ...
