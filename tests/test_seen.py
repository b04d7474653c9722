"""What a satellite's camera saw, sent with its command: chosen, written, read back (malformed input is an
InputError), and used by the coordinator as if its own camera had seen it."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistantd.assistant.command import TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.home import Site
from assistantd.config.satellites import SatelliteConfig
from assistantd.config.settings import Config
from assistantd.daemon.commands import CommandProcessor
from assistantd.daemon.inputs import MAX_COMMAND_BYTES, parse_text_command
from assistantd.daemon.seen import MAX_SEEN, on_clock, parse_seen, seen_documents, sign_document
from assistantd.errors import InputError
from assistantd.events import FaceEvent, GestureEvent, PointingEvent
from assistantd.fusion.window import FusionWindow
from tests.support.configs import EXAMPLE
from tests.support.fakes import FakePublisher
from tests.support.pointing_people import CONFIG, LAMP, TV, two_pointing

HOME = Config(site=Site("home", "lab"), areas=(), devices=(LAMP, TV))
"""The coordinator's own config: no camera of its own."""


def test_gestures_and_changes_are_kept_and_the_oldest_plain_events_go_first() -> None:
    face = FaceEvent(1_000, attending=True)
    events = [face, FaceEvent(1_050, attending=True), FaceEvent(1_100, expression="smile", attending=True)]
    events += [PointingEvent(1_200 + i, 10.0, 0.0, candidates=(("lamp", 0.9),)) for i in range(40)]
    events += [GestureEvent("thumb_up", 0.93, 1_300), GestureEvent("thumb_up", 0.93, 1_900, phase="hold")]
    events += [FaceEvent(1_400, head_gesture="nod")]
    documents = seen_documents(events, end_ms=2_000)
    assert len(documents) == MAX_SEEN
    kinds = [d["type"] for d in documents]
    nod = {"type": "face", "expression": "neutral", "attending": False, "faces": 1, "head_gesture": "nod"}
    assert kinds.count("gesture") == 1 and {**nod, "t_ms": -600} in documents
    assert (
        kinds.count("pointing") == MAX_SEEN - 2
    )  # the faces without a nod went first, then the oldest pointing
    pointed = [document["t_ms"] for document in documents if document["type"] == "pointing"]
    assert pointed == list(range(1_240 - (MAX_SEEN - 2) - 2_000, 1_240 - 2_000))
    read = parse_seen(json.loads(json.dumps(documents)))
    assert GestureEvent("thumb_up", 0.93, -700) in read
    assert on_clock(read, 50_000)[-1].timestamp_ms == 50_000 - 600


BAD_SEEN = [
    ({"seen": {"type": "gesture"}}, "must be a list"),
    ({"seen": [[1, 2]]}, "must be an object"),
    ({"seen": [{"type": "wink", "t_ms": 0}]}, "type 'wink'"),
    ({"seen": [{"type": "gesture", "gesture": "thumb_up", "score": 0.9}]}, '"t_ms"'),
    ({"seen": [{"type": "gesture", "gesture": "thumb_up", "score": 1.5, "t_ms": 0}]}, "from 0 to 1"),
    ({"seen": [{"type": "gesture", "gesture": "", "score": 0.5, "t_ms": 0}]}, '"gesture"'),
    ({"seen": [{"type": "gesture", "gesture": "x", "score": 0.5, "t_ms": True}]}, '"t_ms"'),
    ({"seen": [{"type": "pointing", "t_ms": 0, "candidates": [["lamp"]]}]}, "[device id, score]"),
    ({"seen": [{"type": "pointing", "t_ms": 0, "candidates": [["", 0.5]]}]}, "[device id, score]"),
    ({"seen": [{"type": "pointing", "t_ms": 0, "candidates": [["l", 0.5]] * 6}]}, "at most 5"),
    ({"seen": [{"type": "face", "t_ms": 0, "attending": "yes"}]}, '"attending" true or false'),
    ({"seen": [{"type": "face", "t_ms": 0, "person": 7}]}, '"person"'),
    ({"seen": [{"type": "face", "t_ms": 0}] * (MAX_SEEN + 1)}, "over the limit"),
    ({"speaker": 3}, '"speaker" must be a string'),
]


@pytest.mark.parametrize(("extra", "message"), BAD_SEEN)
def test_malformed_seen_events_are_refused(extra: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_text_command(json.dumps({"text": "turn that on", **extra}).encode())


def test_a_json_command_may_be_longer_than_plain_text_but_its_text_may_not() -> None:
    long_json = json.dumps({"text": "lamp on", "pad": "x" * 10_000}).encode()
    assert parse_text_command(long_json) == TextCommand("lamp on")
    with pytest.raises(InputError, match="over the"):
        parse_text_command(json.dumps({"text": "x" * 5_000}).encode())
    with pytest.raises(InputError, match="over the"):
        parse_text_command(json.dumps({"text": "lamp on", "pad": "x" * MAX_COMMAND_BYTES}).encode())


@pytest.mark.parametrize(("speaker", "device"), [(0, "lamp"), (1, "tv")])
async def test_the_coordinator_reads_a_command_with_what_the_satellite_saw(speaker: int, device: str) -> None:
    """Two people point at different devices in a satellite's room while one of them says "turn that on":
    the satellite sends what its camera saw and who spoke, and the coordinator, with no camera of its own
    and on its own clock, acts on the speaker's device."""
    seen, observer, window = two_pointing(speaker)
    found = observer.speaker(seen.voice, seen.start_ms, seen.end_ms)
    assert found is not None
    documents = seen_documents(window.between(seen.start_ms - 2_000, seen.end_ms + 300), seen.end_ms)
    payload = {
        "text": "turn that on",
        "id": "lab-1",
        "source": "lab",
        "seen": documents,
        "speaker": found.person,
    }
    command = parse_text_command(json.dumps(payload).encode())
    publisher = FakePublisher()
    processor = CommandProcessor(Assistant(HOME), publisher, states={}, area_of=lambda command: None)
    report = processor.handle(command, "mqtt", received_ms=987_654)
    assert report.decision.outcome.value == "executed"
    assert report.to_json("home")["speaker"] == f"person{speaker + 1}"
    assert [action.topic for action in publisher.batches[0]] == [f"zigbee2mqtt/{device}/set"]
    blind = parse_text_command(json.dumps({**payload, "seen": []}).encode())
    asked = CommandProcessor(Assistant(HOME), FakePublisher(), states={}, area_of=lambda command: None)
    assert asked.handle(blind, "mqtt", received_ms=987_654).decision.outcome.value == "asked"


async def test_a_satellite_without_a_camera_does_not_borrow_the_coordinators() -> None:
    """The coordinator's own camera sees someone pointing at the lamp in its room; "turn that on" from a
    satellite in another room is asked about, while the same words said at the coordinator take the lamp."""
    home = dataclasses.replace(CONFIG, satellites=(SatelliteConfig(id="kitchen", area="lab"),))
    window = FusionWindow()
    for t_ms in range(9_000, 10_000, 100):
        window.add(PointingEvent(t_ms, 60.0, 0.0, candidates=(("lamp", 0.92),)))
    processor = CommandProcessor(Assistant(home), FakePublisher(), states={}, area_of=lambda command: None,
                                 observations=window.seen)  # fmt: skip
    there = processor.handle(TextCommand("turn that on", source_id="kitchen"), "mqtt", received_ms=10_000)
    assert there.decision.outcome.value == "asked"
    here = processor.handle(TextCommand("turn that on"), "mqtt", received_ms=10_000)
    assert here.decision.outcome.value == "executed" and here.decision.plan.targets == ("lamp",)


def sign_payload(sign: GestureEvent | FaceEvent, satellite: str) -> bytes:
    return json.dumps({"sign": sign_document(sign), "id": f"{satellite}-1", "source": satellite,
                       "area": satellite}).encode()  # fmt: skip


async def test_a_satellites_thumbs_up_answers_its_own_question_and_its_swipe_fires_a_rule_there() -> None:
    """The kitchen's words ask "Unlock the Front Door?": a thumbs-up the bedroom's camera sees does not
    answer it, the kitchen's does; a nod with nothing to answer is ignored; a swipe up in the kitchen
    brightens the kitchen's lights (the example's gesture rule, "area: here")."""
    example = load_config(EXAMPLE)
    home = dataclasses.replace(
        example,
        satellites=(
            SatelliteConfig(id="kitchen", area="kitchen"),
            SatelliteConfig(id="bedroom", area="bedroom"),
        ),
        confirmation=dataclasses.replace(example.confirmation, sources=("mqtt:kitchen", "mqtt:bedroom")),
    )
    publisher = FakePublisher()
    processor = CommandProcessor(Assistant(home), publisher, states={}, area_of=lambda command: command.area)
    unlock = TextCommand("unlock the front door", source_id="kitchen", area="kitchen")
    assert (
        processor.handle(unlock, "mqtt", received_ms=1_000).decision.outcome.value == "awaiting_confirmation"
    )
    yes = GestureEvent("thumb_up", 0.95, 500)
    there = processor.handle(parse_text_command(sign_payload(yes, "bedroom")), "mqtt", received_ms=1_500)
    assert there.decision.outcome.value != "confirmed" and not there.decision.actions
    here = processor.handle(parse_text_command(sign_payload(yes, "kitchen")), "mqtt", received_ms=2_000)
    assert here.decision.outcome.value == "confirmed"
    assert [action.topic for action in here.decision.actions] == ["zigbee2mqtt/hallway/front_door_lock/set"]
    event = here.to_json("living_room")
    assert (event["id"], event["text"], event["modality"]) == ("kitchen-1", "thumb_up", "gesture")
    nod = parse_text_command(sign_payload(FaceEvent(600, head_gesture="nod"), "kitchen"))
    assert processor.handle(nod, "mqtt", received_ms=2_500).decision.outcome.value == "ignored"
    swipe = parse_text_command(sign_payload(GestureEvent("swipe_up", 0.9, 700), "kitchen"))
    brighter = processor.handle(swipe, "mqtt", received_ms=3_000)
    assert brighter.decision.outcome.value == "executed"
    assert {action.topic for action in brighter.decision.actions} == {
        "zigbee2mqtt/kitchen/ceiling/set",
        "cmnd/kitchen_counter/Dimmer",
    }


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            {"text": "lamp on", "sign": {"type": "gesture", "gesture": "thumb_up", "score": 0.9, "t_ms": 0}},
            "not both",
        ),
        ({"sign": {"type": "face", "t_ms": 0}}, "head gesture"),
        ({"sign": {"type": "pointing", "t_ms": 0, "candidates": []}}, "head gesture"),
        ({"sign": {"type": "gesture", "gesture": "x", "score": 0.9, "t_ms": 0, "phase": "end"}}, '"phase"'),
    ],
)
def test_a_malformed_sign_is_refused(payload: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_text_command(json.dumps(payload).encode())
