"""The intent model over MQTT 5 against a real Mosquitto: the coordinator's RemoteModel and a worker's
ModelServer in one shared-subscription group (the model is a fake at its seam, predict(); the end-to-end test
with the trained model and the real daemon and worker is in test_e2e_model.py)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence

import pytest

from assistantd.daemon.requests import RecognitionTopics
from assistantd.daemon.understanding import UNDERSTAND, ModelServer, RemoteModel
from assistantd.intent_model.features import NO_EVIDENCE, Evidence
from assistantd.intent_model.wire import Prediction, parse_prediction, parse_turn, prediction_json, turn_json
from assistantd.mqtt.client import Correlated, MqttClient
from tests.support.broker import Mosquitto
from tests.support.serving import TIMEOUT, client_on, connect, serve, stop

TOPICS = RecognitionTopics(
    request="assistantd/understand/request",
    shared="$share/assistantd/assistantd/understand/request",
    base="assistantd",
    kind=UNDERSTAND,
)
FINGERPRINT = "0123456789abcdef"


class EchoModel:
    """Reads "on" as HassTurnOn and anything else as no command; its confidence is the pointing score it
    was given, so that the evidence is seen to have travelled."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def predict(self, texts: Sequence[str], evidence: Sequence[Evidence]) -> list[Prediction]:
        self.batches.append(list(texts))
        return [
            Prediction(
                "HassTurnOn" if "on" in text.split() else "none",
                seen.pointing_score,
                0.9,
                (("name", text.split()[-1]),),
                tuple(text.split()),
                (0.1, 0.2, 0.3),
            )
            for text, seen in zip(texts, evidence, strict=True)
        ]


@pytest.fixture
async def clients(mosquitto: Mosquitto) -> AsyncIterator[Callable[..., MqttClient]]:
    made: list[MqttClient] = []

    def make(client_id: str, on_correlated: Callable[[object], None]) -> MqttClient:
        made.append(client_on(mosquitto.port, client_id, lambda message: on_correlated(message)))
        return made[-1]

    yield make
    for client in made:
        await client.stop()


async def worker(clients: Callable[..., MqttClient], model: EchoModel, fingerprint: str) -> ModelServer:
    server: ModelServer | None = None
    client = clients("worker", lambda message: server.on_request(message))  # type: ignore[union-attr]
    server = ModelServer(client, TOPICS)
    server.use(model, fingerprint)  # type: ignore[arg-type]
    await serve(server, client)
    return server


async def coordinator(clients: Callable[..., MqttClient], *, deadline: float = TIMEOUT) -> RemoteModel:
    remote: RemoteModel | None = None
    client = clients("coordinator", lambda message: remote.on_reply(message))  # type: ignore[union-attr]
    remote = RemoteModel(client, TOPICS, "living_room", lambda: FINGERPRINT, deadline_seconds=deadline)
    await connect(client, [remote.reply_topic])
    return remote


def test_turns_and_predictions_survive_the_wire() -> None:
    evidence = Evidence(gesture="point", pointing_score=0.75, attending=False, previous_intent="HassTurnOn")
    assert parse_turn(json.loads(json.dumps(turn_json("turn that on", evidence)))) == (
        "turn that on",
        evidence,
    )
    assert parse_turn({"text": "hi", "evidence": {"pointing_score": 1}}) == (
        "hi",
        Evidence(pointing_score=1.0),
    )
    prediction = Prediction(
        "HassTurnOn", 0.8, 0.95, (("name", "floor lamp"),), ("turn", "on"), (0.0, 0.5, 1.0)
    )
    assert parse_prediction(json.loads(json.dumps(prediction_json(prediction)))) == prediction
    with pytest.raises(ValueError, match="unknown evidence 'mood'"):
        parse_turn({"text": "hi", "evidence": {"mood": "grumpy"}})
    with pytest.raises(ValueError, match="evidence 'attending' must be a bool"):
        parse_turn({"text": "hi", "evidence": {"attending": "yes"}})
    with pytest.raises(ValueError, match="a turn is"):
        parse_turn({"words": "hi"})
    with pytest.raises(ValueError, match="malformed prediction: 1.5 is no probability"):
        parse_prediction({**prediction_json(prediction), "confidence": 1.5})
    with pytest.raises(ValueError, match="malformed prediction"):
        parse_prediction({"intent": "HassTurnOn"})


async def test_the_turns_of_one_request_are_read_in_one_batch_with_their_evidence(
    clients: Callable[..., MqttClient],
) -> None:
    model = EchoModel()
    server = await worker(clients, model, FINGERPRINT)
    remote = await coordinator(clients)
    turns = [("turn the lamp on", Evidence(pointing_score=0.7)), ("what a day", NO_EVIDENCE)]
    predictions = await remote.predict(turns)
    await stop(server)
    assert model.batches == [["turn the lamp on", "what a day"]]
    assert predictions is not None
    assert [(p.intent, p.confidence, p.spans) for p in predictions] == [
        ("HassTurnOn", 0.7, (("name", "on"),)),
        ("none", 0.0, (("name", "day"),)),
    ]
    assert (remote.answered, remote.unanswered) == (1, 0)


async def test_a_worker_with_another_configurations_model_is_not_taken_at_its_word(
    clients: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture
) -> None:
    model = EchoModel()
    server = await worker(clients, model, "fedcba9876543210")
    remote = await coordinator(clients)
    assert await remote.predict([("turn the lamp on", NO_EVIDENCE)]) is None
    await stop(server)
    assert model.batches == []  # nothing was read with the wrong model
    assert (remote.answered, remote.unanswered) == (0, 1)
    assert "its configuration differs" in caplog.text


async def test_with_no_worker_the_coordinator_reads_for_itself_after_the_deadline(
    clients: Callable[..., MqttClient], caplog: pytest.LogCaptureFixture
) -> None:
    remote = await coordinator(clients, deadline=0.5)
    assert await remote.predict([("turn the lamp on", NO_EVIDENCE)]) is None
    assert (remote.answered, remote.unanswered) == (0, 1)
    assert "no worker answered in 0.5 s" in caplog.text


async def test_a_malformed_request_is_answered_with_why(clients: Callable[..., MqttClient]) -> None:
    server = await worker(clients, EchoModel(), FINGERPRINT)
    for payload, reason in [
        (b"\xff", "not JSON"),
        (json.dumps({"model": FINGERPRINT}).encode(), "a request is"),
        (json.dumps({"model": FINGERPRINT, "turns": [{"text": "x"}] * 17}).encode(), "at most 16 turns"),
    ]:
        [answer] = await server._answers([_request(payload)])
        assert reason in json.loads(answer)["error"]
    await stop(server)


def _request(payload: bytes) -> Correlated:
    return Correlated(TOPICS.request, payload, b"id", "assistantd/living_room/understand/reply")
