"""Multimodal turns: the words, what the hand and face did meanwhile, and the context they came in.

A turn is closed by the end of an utterance (or by a gesture alone); the fusion recognises its intent and
chooses its devices from it. Pointing candidates are device ids already ranked against the home layout (the
devices' ``location`` in the configuration, as the vision pipeline's PointingEvent gives them). The JSON-lines
form of labelled turns, used to evaluate, is read by assistantd.evaluation.turn_file.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.events import Event, FaceEvent, GestureEvent, PointingEvent, TranscriptEvent
from assistantd.fusion.corrections import takes_back
from assistantd.intent_model.features import Evidence


@dataclass(frozen=True, slots=True)
class Observation:
    """One timed observation of the hand or the face."""

    kind: str
    """"gesture", "pointing" or "face"."""
    t_ms: int
    gesture: str = ""
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    """Pointing: (device id, score 0-1), best first."""
    expression: str = ""
    attending: bool = True
    head_gesture: str = ""
    person: str = ""
    """The person track it is of, when the camera saw several people; "" otherwise."""


@dataclass(frozen=True, slots=True)
class Previous:
    """The previous turn, as the dialogue remembers it."""

    intent: str
    targets: tuple[str, ...] = ()
    slots: tuple[tuple[str, str | int | float], ...] = ()


@dataclass(frozen=True, slots=True)
class TurnContext:
    """Where and when the turn happened and what came before."""

    area: str | None = None
    """The area id it was heard in; None: the site's (or the one the context text says the user is in)."""
    time: str = ""
    states: tuple[tuple[str, str], ...] = ()
    """(device id, last reported state) of the devices that reported one."""
    text: str = ""
    """What the context topic said about the home ("guests are sleeping in the bedroom"); "" for nothing."""
    awaiting_confirmation: bool = False
    previous: Previous | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """One multimodal turn."""

    text: str = ""
    """The words (empty for a gesture alone)."""
    speech_confidence: float = 1.0
    """How sure speech-to-text was (1 for typed text)."""
    observations: tuple[Observation, ...] = ()
    context: TurnContext = TurnContext()
    speaker: str = ""
    """The person track that spoke, when the camera saw several people ("": unknown, or one person)."""

    def heeded(self) -> tuple[Observation, ...]:
        """What the hand and face did that counts for the words: the speaker's own (and what is of no
        known person); everything when the speaker is unknown."""
        if not self.speaker:
            return self.observations
        return tuple(seen for seen in self.observations if seen.person in ("", self.speaker))

    def evidence(self, *, media_active: bool = False) -> Evidence:
        """The model's view of the turn's hand, face and dialogue (media_active: what the context says,
        read by fusion/context.py)."""
        gesture, pointing, face = "", 0.0, None
        for seen in sorted(self.heeded(), key=lambda o: o.t_ms):
            if seen.kind == "gesture":
                gesture = seen.gesture
            elif seen.kind == "pointing" and seen.candidates:
                pointing = max(pointing, seen.candidates[0][1])
                gesture = gesture or "pointing"
            elif seen.kind == "face":
                face = seen if face is None or seen.head_gesture or not face.head_gesture else face
        previous = self.context.previous
        return Evidence(
            gesture=gesture,
            pointing_score=pointing,
            head_gesture=face.head_gesture if face else "",
            expression=face.expression if face and face.expression != "neutral" else "",
            attending=face.attending if face else True,
            speech_confidence=self.speech_confidence,
            awaiting_confirmation=self.context.awaiting_confirmation,
            previous_intent=previous.intent if previous else "",
            media_active=media_active,
        )

    def pointed_by_each(self) -> dict[str, tuple[str, float]]:
        """Each person's best-scored device pointed at and its score, of the heeded observations that name
        a person."""
        best: dict[str, tuple[str, float]] = {}
        for seen in self.heeded():
            if seen.person and seen.candidates and seen.candidates[0][1] > best.get(seen.person, ("", -1.0))[1]:
                best[seen.person] = seen.candidates[0]
        return best

    def pointed(self) -> tuple[tuple[str, float], ...]:
        """Every pointing candidate of the turn, best score per device, best first; only the last pointing's
        where the words take back what was said first ("switch off that, no no, the other one there")."""
        best: dict[str, float] = {}
        heeded = self.heeded()
        pointing = sorted((seen for seen in heeded if seen.candidates), key=lambda seen: seen.t_ms)
        if len(pointing) > 1 and takes_back(self.text):
            heeded = (pointing[-1],)
        for seen in heeded:
            for device, score in seen.candidates:
                best[device] = max(best.get(device, 0.0), score)
        return tuple(sorted(best.items(), key=lambda item: -item[1]))


def turn_from_events(
    transcript: TranscriptEvent | None, events: tuple[Event, ...], context: TurnContext, *, speaker: str = ""
) -> Turn:
    """A turn from the fusion window: the utterance (if any) and the observations that overlap it (speaker:
    the person track that spoke, when the camera saw several people)."""
    observations: list[Observation] = []
    for event in events:
        if isinstance(event, GestureEvent) and event.phase == "start":
            observations.append(
                Observation("gesture", event.timestamp_ms, event.gesture, event.score, person=event.person)
            )
        elif isinstance(event, PointingEvent):
            observations.append(
                Observation("pointing", event.timestamp_ms, candidates=event.candidates, person=event.person)
            )
        elif isinstance(event, FaceEvent):
            observations.append(
                Observation(
                    "face",
                    event.timestamp_ms,
                    expression=event.expression,
                    attending=event.attending,
                    head_gesture=event.head_gesture,
                    person=event.person,
                )
            )
    return Turn(
        text=transcript.text if transcript is not None else "",
        speech_confidence=transcript.confidence if transcript is not None else 1.0,
        observations=tuple(observations),
        context=context,
        speaker=speaker,
    )
