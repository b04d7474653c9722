"""Observations from every modality, stamped with the one monotonic clock (milliseconds).

Speech and vision produce these; the fusion window keeps them for a bounded time, and a turn (closed by
the end of an utterance or by a salient gesture) sees every event that overlaps it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    """One transcribed word with its timing."""

    text: str
    start_ms: int
    end_ms: int
    probability: float


@dataclass(frozen=True, slots=True)
class TranscriptEvent:
    """What was said in one utterance."""

    text: str
    confidence: float
    """0-1, from the decoder's log-probabilities and no-speech probability."""
    start_ms: int
    end_ms: int
    words: tuple[Word, ...] = ()
    language: str = "en"
    voice: tuple[tuple[int, float], ...] = ()
    """(monotonic ms, speech probability) of the voice activity detector over the utterance, frame by
    frame (empty for typed text): who spoke is the person whose mouth moved with it."""
    guessed: bool = False
    """A name in the text was put right from the audio, not heard as written: asked about before acted on."""
    alternatives: tuple[str, ...] = ()
    """Other readings of the audio, most likely first, where the text is no whole command (the assistant asks
    about the first that is a command when the text is none)."""

    @property
    def timestamp_ms(self) -> int:
        """When the event happened (its end)."""
        return self.end_ms


@dataclass(frozen=True, slots=True)
class GestureEvent:
    """A static or dynamic hand gesture (thumb_up, open_palm, swipe_left, wave, ...)."""

    gesture: str
    score: float
    timestamp_ms: int
    hand: str = ""
    """"left", "right" or "" when unknown."""
    held_ms: int = 0
    """How long a static gesture has been held when the event fired."""
    phase: str = "start"
    """"start": the gesture became stable (or a dynamic one completed); "hold": held for held_ms, a hold mark."""
    person: str = ""
    """The person track whose hand it is ("person1", ...), when several people are in view; "" otherwise."""


@dataclass(frozen=True, slots=True)
class PointingEvent:
    """Where a person points, resolved against the configured device positions."""

    timestamp_ms: int
    bearing_degrees: float
    """The ray's direction within the image: 0 up, 90 to the camera's right, -90 left, 180 down."""
    elevation_degrees: float
    """The ray's tilt out of the image plane, positive towards the camera (0 when depth is unknown)."""
    candidates: tuple[tuple[str, float], ...] = ()
    """(device id, score 0-1), best first."""
    origin: tuple[float, float] = (0.5, 0.5)
    """The fingertip in the image (x, y in 0-1), where the ray starts."""
    hand: str = ""
    """"left", "right" or "" when unknown."""
    person: str = ""
    """The person track whose hand it is, when several people are in view; "" otherwise."""


@dataclass(frozen=True, slots=True)
class FaceEvent:
    """A face's expression, attention and head gesture at one moment."""

    timestamp_ms: int
    expression: str = "neutral"
    """neutral, smile, frown, surprise, anger."""
    expression_score: float = 0.0
    attending: bool = False
    """Facing the camera within the configured cone."""
    head_gesture: str = ""
    """"nod", "shake" or ""."""
    faces: int = 1
    """How many faces are present."""
    yaw_degrees: float = 0.0
    """Head turned to the camera's right (positive) or left, relative to facing it."""
    pitch_degrees: float = 0.0
    """Head tilted up (positive) or down, relative to facing the camera."""
    person: str = ""
    """The person track whose face it is, when several people are in view; "" otherwise."""


Event = TranscriptEvent | GestureEvent | PointingEvent | FaceEvent


def event_time_ms(event: Event) -> int:
    """The moment an event is filed under in the window (its end, for utterances)."""
    return event.timestamp_ms
