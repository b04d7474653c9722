"""Who is speaking: person tracks, the hands they own, the speaker found by mouth and voice, and a command
that takes the speaker's pointing and not the other person's."""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from assistantd.assistant.command import TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config.vision import ImagesSettings, VisionConfig
from assistantd.daemon.commands import CommandProcessor
from assistantd.daemon.perception import Perception
from assistantd.events import FaceEvent, PointingEvent
from assistantd.fusion.window import FusionWindow
from assistantd.intents import Modality
from assistantd.vision.frames import Frame
from assistantd.vision.landmarks import FaceLandmarks, FrameLandmarks
from assistantd.vision.observer import Observer
from assistantd.vision.people import LOST_MS, People
from assistantd.vision.pipeline import VisionPipeline
from assistantd.vision.publish import event_document
from tests.support.fakes import FakePublisher
from tests.support.pointing_people import CONFIG, TO_THE_TV, two_pointing
from tests.support.speakers import FACING, LISTENERS, scene
from tests.support.vision import FRAME_MS, ListSource, hand

"""The bearing from (0.7, 0.55) to the TV at (0.5, 0.1) in a 4:3 frame."""


def face(x: float, jaw: float = 0.0, size: float = 0.2) -> FaceLandmarks:
    return FaceLandmarks((("jawOpen", jaw),), FACING, (x, 0.3), size)


def test_faces_keep_their_names_as_they_move_and_whatever_order_they_come_in() -> None:
    people = People()
    assert people.update(0, (face(0.3), face(0.7)), (True, True)) == ("person1", "person2")
    assert people.update(33, (face(0.72), face(0.32)), (True, True)) == ("person2", "person1")
    assert people.update(66, (face(0.33),), (True,)) == ("person1",)
    assert people.update(33 + LOST_MS, (face(0.33),), (True,)) == ("person1",)
    late = 33 + LOST_MS + 1  # the face at 0.7 was last seen LOST_MS ago: a new person
    assert people.update(late, (face(0.33), face(0.7)), (True, True)) == ("person1", "person3")
    assert people.in_view == ("person1", "person3")


def test_a_hand_belongs_to_the_person_whose_face_is_nearest_across_the_image() -> None:
    people = People()
    people.update(0, (face(0.25), face(0.75)), (True, True))
    assert people.owner(hand("index", roll=0, center=(0.35, 0.6))) == "person1"
    assert people.owner(hand("open_palm", roll=0, center=(0.62, 0.7))) == "person2"
    assert People().owner(hand("open_palm")) == "", "no face in view: nobody's"


def test_the_speaker_of_generated_two_person_scenes() -> None:
    """The issue's bar: >= 95% on generated two-person sequences (600 scenes, six kinds of listener)."""
    rng = np.random.default_rng(2026)
    right, total = collections.Counter[str](), collections.Counter[str]()
    for _ in range(600):
        seen = scene(rng)
        people = People()
        for t_ms, faces in seen.frames:
            names = people.update(t_ms, faces, [f.matrix == FACING for f in faces])
        speaker_x = 0.3 if seen.speaker == 0 else 0.7
        truth = next(n for n, f in zip(names, faces, strict=True) if f.center[0] == speaker_x)
        found = people.speaker(seen.voice, seen.start_ms, seen.end_ms)
        total[seen.listener] += 1
        right[seen.listener] += found is not None and found.person == truth
    print({kind: f"{right[kind]}/{total[kind]}" for kind in LISTENERS})
    assert set(total) == set(LISTENERS)
    assert sum(right.values()) / 600 >= 0.95
    assert all(right[kind] / total[kind] >= 0.9 for kind in LISTENERS)


def test_a_mouth_that_moves_all_the_time_is_not_the_speaker() -> None:
    people = People()
    voice = [(t, 0.95 if 1000 <= t < 1600 or 1800 <= t < 2400 else 0.05) for t in range(1000, 2600, 32)]
    for t in range(0, 3400, 33):
        talking = 0.3 * (0.5 - 0.5 * math.cos(t / 30)) if 1000 <= t < 1600 or 1800 <= t < 2400 else 0.02
        chewing = 0.2 * (0.5 - 0.5 * math.cos(t / 60))
        people.update(t, (face(0.3, chewing), face(0.7, talking)), (True, False))
    found = people.speaker(voice, 1000, 2400)
    assert found is not None and found.person == "person2"
    scores = dict(found.scores)  # the chewer faces the camera, the speaker does not
    assert scores["person2"] > scores["person1"] + 0.3
    without_trace = people.speaker((), 1000, 2400)
    assert without_trace is not None and without_trace.person == "person2", "the span alone, without a trace"


def test_nobody_to_tell_apart_with_one_person_or_someone_seen_only_briefly() -> None:
    people = People()
    for t in range(0, 3000, 33):
        faces = (face(0.3, 0.1 * (t % 200 > 100)),) + ((face(0.7),) if t > 2500 else ())
        people.update(t, faces, (True,) * len(faces))
    assert people.speaker([(1000, 0.9)], 1000, 2000) is None


def test_with_two_people_in_view_the_events_name_whose_hand_and_face_they_are() -> None:
    observer = Observer(CONFIG)
    events = []
    for index in range(60):
        hands = (
            hand("index", roll=90, center=(0.3, 0.55)),
            hand("index", roll=TO_THE_TV, center=(0.7, 0.55)),
        )
        frame = FrameLandmarks(index * FRAME_MS, 640, 480, hands, (face(0.3, size=0.22), face(0.7)))
        events += observer.observe(frame)[1]
    pointing = {(e.person, e.candidates[0][0]) for e in events if isinstance(e, PointingEvent)}
    assert pointing == {("person1", "lamp"), ("person2", "tv")}
    assert {e.person for e in events if isinstance(e, FaceEvent)} == {"person1", "person2"}
    document = event_document(next(e for e in events if isinstance(e, PointingEvent)), "lab")
    assert document is not None and document["person"] in ("person1", "person2")


def test_with_one_person_in_view_nothing_names_a_person() -> None:
    observer = Observer(CONFIG)
    events = []
    for index in range(60):
        frame = FrameLandmarks(
            index * FRAME_MS, 640, 480, (hand("index", roll=90, center=(0.3, 0.55)),), (face(0.3),)
        )
        events += observer.observe(frame)[1]
    assert events and all(getattr(event, "person", "") == "" for event in events)
    assert "person" not in (event_document(events[0], "lab") or {})


@pytest.mark.parametrize(("speaker", "device"), [(0, "lamp"), (1, "tv")])
async def test_a_spoken_command_takes_the_pointing_of_the_person_who_said_it(
    speaker: int, device: str
) -> None:
    """Two people point at different devices while one of them says "turn that on" (the other chews): the
    speaker's device, whichever of the two spoke."""
    seen, observer, window = two_pointing(speaker)

    def spoke(command: TextCommand) -> str:
        assert command.spoken_from_ms is not None and command.heard_ms is not None
        found = observer.speaker(command.voice, command.spoken_from_ms, command.heard_ms)
        return found.person if found is not None else ""

    publisher = FakePublisher()
    processor = CommandProcessor(Assistant(CONFIG), publisher, states={}, area_of=lambda command: None,
                                 observations=window.seen, speaker=spoke)  # fmt: skip
    spoken = TextCommand("turn that on", modality=Modality.SPEECH, spoken_from_ms=seen.start_ms,
                         heard_ms=seen.end_ms, voice=seen.voice)  # fmt: skip
    report = processor.handle(spoken, "speech", received_ms=seen.end_ms)
    assert report.decision.outcome.value == "executed"
    assert report.to_json("lab")["speaker"] == f"person{speaker + 1}"
    assert [action.topic for action in publisher.batches[0]] == [f"zigbee2mqtt/{device}/set"]
    unknown = CommandProcessor(Assistant(CONFIG), FakePublisher(), states={}, area_of=lambda command: None,
                               observations=window.seen)  # fmt: skip
    both = unknown.handle(spoken, "speech", received_ms=seen.end_ms)
    assert both.decision.outcome.value == "asked", "with no one known to have spoken, both hands count: ask"


class SceneDetector:
    """The generated faces of a scene, frame by frame (the Detector seam)."""

    def __init__(self, frames: tuple[tuple[int, tuple[FaceLandmarks, ...]], ...]) -> None:
        self._faces = dict(frames)

    def load(self) -> None:
        pass

    def detect(self, frame: Frame) -> FrameLandmarks:
        return FrameLandmarks(frame.timestamp_ms, 640, 480, (), self._faces[frame.timestamp_ms])

    def close(self) -> None:
        pass


async def test_the_daemon_asks_the_vision_pipeline_who_spoke_a_heard_command() -> None:
    rng = np.random.default_rng(5)
    seen = scene(rng, "talks_after")
    frames = [Frame(np.zeros((48, 64, 3), np.uint8), t_ms, i) for i, (t_ms, _) in enumerate(seen.frames)]
    source, detector = ListSource(frames), SceneDetector(seen.frames)
    unpaced = dataclasses.replace(CONFIG, vision=VisionConfig(source=ImagesSettings(Path("unused"))))
    pipeline = VisionPipeline(unpaced, on_event=lambda event: None, source=source, detector=detector)
    await asyncio.wait_for(pipeline.run(), 30)
    perception = Perception(dataclasses.replace(CONFIG, vision=None), None, None, FusionWindow())  # type: ignore[arg-type]
    spoken = TextCommand("turn that on", modality=Modality.SPEECH, spoken_from_ms=seen.start_ms,
                         heard_ms=seen.end_ms, voice=seen.voice)  # fmt: skip
    assert perception.speaker_of(spoken) == "", "no camera: nobody to tell apart"
    perception.vision = pipeline
    # the faces come speaker first when the speaker is 0, last otherwise: person1 is the first face seen
    assert perception.speaker_of(spoken) == f"person{seen.speaker + 1}"
    assert perception.speaker_of(TextCommand("turn that on")) == "", "typed: no voice to compare"
