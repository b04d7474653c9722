"""What the assistant takes: a command (words typed or heard, or a sign of the hand or head) and the situation
it arrives in (the time, the place, the device states, what the camera saw meanwhile)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from assistantd.devices.state import DeviceState
from assistantd.devices.weather import WeatherReport
from assistantd.events import Event, FaceEvent, GestureEvent
from assistantd.intents import Modality
from assistantd.timers.book import Timer


@dataclass(frozen=True, slots=True)
class TextCommand:
    """A command as text, as if spoken."""

    text: str
    request_id: str | None = None
    """Echoed in the intent event so a sender can find its answer."""
    area: str | None = None
    """Area id or name where it was said, if not the site's."""
    source_id: str | None = None
    """Who sent it over MQTT: the satellite whose own text topic it came on, else the text topic's JSON
    "source", which may not name a satellite (`daemon/senders.py`); confirmation.sources may name it."""
    modality: Modality = Modality.TEXT
    transcript_confidence: float | None = None
    """For speech: how sure speech-to-text was (0-1)."""
    spoken_from_ms: int | None = None
    """For speech: monotonic start of speech."""
    heard_ms: int | None = None
    """For speech: monotonic end of speech, where its latency is counted from."""
    text_ready_ms: int | None = None
    """For speech: monotonic time the transcript was ready (end of speech to it: the wait for the
    trailing silence and whatever transcription was still running)."""
    transcribe_ms: float | None = None
    """For speech: how long the speech-to-text run that was used took (it may have started at a pause,
    before the end of speech)."""
    speculative: bool = False
    """For speech: the transcript came from the run started at a pause."""
    guessed: bool = False
    """For speech: a name in the text was put right from the audio, not heard as written (what it asks
    for is asked about first)."""
    alternatives: tuple[str, ...] = ()
    """For speech: other readings of the audio, most likely first, where the text is no whole command: when
    the text is read as no command, the first of them read as one is asked about."""
    voice: tuple[tuple[int, float], ...] = ()
    """For speech: the voice activity detector's (monotonic ms, speech probability) over the utterance."""
    seen: tuple[Event, ...] | None = None
    """What the camera of the satellite that heard it saw around the words, with times relative to the end of
    speech (None: what this site's own camera saw, if it has one)."""
    speaker: str = ""
    """The person track that spoke, as that satellite's camera told it ("": unknown, or one person)."""
    sign: GestureEvent | FaceEvent | None = None
    """A gesture or nod a satellite's camera saw, sent in place of words (a yes or no, a gesture rule)."""


Sign = GestureEvent | FaceEvent
"""A gesture or head movement that may be a command (a gesture rule, a yes or no)."""


@dataclass(frozen=True, slots=True)
class Situation:
    """What is known around one command when it is handled."""

    now_ms: int
    """Monotonic time of handling."""
    local_minute: int
    """Minutes after local midnight, 0-1439 (for the rules' time windows and "what time is it")."""
    area_id: str | None = None
    """The area it was heard in; None: the site's."""
    states: Mapping[str, DeviceState] = field(default_factory=dict)
    """Device id -> last reported state."""
    observations: tuple[Event, ...] = ()
    """What the hand and face did around the words (the fusion window)."""
    received_ms: int = 0
    """Monotonic time the command was accepted (its place in the queue)."""
    local_date: datetime.date | None = None
    """Today's local date ("what's the date"); None: unknown."""
    context_text: str = ""
    """What the context topic last said about the home, while it holds ("guests are sleeping in the
    bedroom"); "" for nothing."""
    weather: Mapping[str, WeatherReport] = field(default_factory=dict)
    """Weather state topic -> the last report ("what's the weather")."""
    timers: tuple[Timer, ...] = ()
    """The site's timers now ("how long is left on the pizza timer")."""
    wall_seconds: float = 0.0
    """Unix time of handling, seconds (timers end at a wall-clock time, so they survive a restart)."""
    speaker: str = ""
    """The person track that spoke the words, when the camera saw several people ("": unknown, or one
    person): the hand and face of the others are not this command's."""
