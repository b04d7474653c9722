"""The intent model over MQTT 5, beside speech to text: with ``recognition.intent_model: workers`` the
coordinator asks the home's recognizer workers for the model's reading of the commands it is about to handle.

A request is JSON, ``{"model": <fingerprint>, "turns": [{"text", "evidence"}, ...]}`` (the commands that
arrived together), published at QoS 1 on ``<base>/understand/request`` with a Response Topic (the
coordinator's ``<base>/<site>/understand/reply``), Correlation Data and a Message Expiry Interval of the
deadline; every `assistantd worker` whose model is ready subscribes
``$share/<group>/<base>/understand/request``. The worker trained its model from the same configuration (the
fingerprint says which: a request for another configuration's model is answered with an error, never a
guess) and answers ``{"model", "predictions": [...]}``: the intent, its calibrated confidence, the command
score and the tagged words of each turn. It knows nothing of the dialogue, the room or the devices' states;
the coordinator resolves the names and values against its own configuration, in the area each command was
heard in, and decides as always. No answer within the deadline, or an error, and the coordinator reads the
commands itself: a missing worker loses no command and delays it by the deadline at most; only the
coordinator acts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.daemon.requests import RecognitionTopics, RequestServer
from assistantd.errors import BrokerError
from assistantd.intent_model.features import Evidence
from assistantd.intent_model.wire import Prediction, parse_prediction, parse_turn, prediction_json, turn_json
from assistantd.mqtt.client import Correlated, MqttClient, Outgoing

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)

UNDERSTAND = "understand"
"""The kind of request (its topics: <base>/understand/request, <base>/<site>/understand/reply)."""
MAX_TURNS = 16
"""At most this many turns in one request (the coordinator sends at most 8)."""


class ModelServer(RequestServer):
    """A worker's intent model answering the coordinator's requests, in a worker thread."""

    def __init__(self, client: MqttClient, topics: RecognitionTopics) -> None:
        super().__init__(client, topics)
        self._model: ModelRecognizer | None = None
        self.fingerprint = ""

    def use(self, model: ModelRecognizer, fingerprint: str) -> None:
        """Answer with this model, trained for the configuration the fingerprint names."""
        self._model, self.fingerprint = model, fingerprint

    async def _answers(self, batch: list[Correlated]) -> list[bytes]:
        """The predictions for each request's turns (all read in one batch of the model), or why there are
        none (one request's fault is its own)."""
        answers: list[bytes] = [b""] * len(batch)
        asked: dict[int, list[tuple[str, Evidence]]] = {}
        for index, message in enumerate(batch):
            try:
                asked[index] = self._turns(message.payload)
            except ValueError as err:
                _LOGGER.warning("Intent model request not read: %s", err)
                answers[index] = json.dumps({"error": str(err)}).encode()
        turns = [turn for index in asked for turn in asked[index]]
        try:
            predictions = await asyncio.to_thread(self._predict, turns) if turns else []
        except Exception as err:  # one batch's fault must not end the serving
            _LOGGER.exception("Intent model request failed unexpectedly")
            error = json.dumps({"error": f"{type(err).__name__}: {err}"}).encode()
            return [answer or error for answer in answers]
        start = 0
        for index, wanted in asked.items():
            mine = predictions[start : start + len(wanted)]
            start += len(wanted)
            document = {"model": self.fingerprint, "predictions": [prediction_json(p) for p in mine]}
            answers[index] = json.dumps(document).encode()
        return answers

    def _turns(self, payload: bytes) -> list[tuple[str, Evidence]]:
        """The turns of a request for this worker's model; ValueError naming what is wrong."""
        try:
            request = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"not JSON: {err}") from err
        if not isinstance(request, dict) or not isinstance(request.get("turns"), list):
            raise ValueError('a request is {"model": ..., "turns": [...]}')
        if request.get("model") != self.fingerprint:
            raise ValueError(
                f"this worker's intent model ({self.fingerprint or 'none'}) is not the asker's "
                f"({request.get('model')}): its configuration differs"
            )
        if len(request["turns"]) > MAX_TURNS:
            raise ValueError(f"at most {MAX_TURNS} turns in one request")
        return [parse_turn(item) for item in request["turns"]]

    def _predict(self, turns: list[tuple[str, Evidence]]) -> list[Prediction]:
        model = self._model
        if model is None:
            raise RuntimeError("no intent model yet")
        return model.predict([text for text, _ in turns], [evidence for _, evidence in turns])


class RemoteModel:
    """The coordinator's way to the workers' intent model (on the event loop)."""

    def __init__(
        self,
        client: MqttClient,
        topics: RecognitionTopics,
        site_id: str,
        fingerprint: Callable[[], str | None],
        *,
        deadline_seconds: float,
    ) -> None:
        """fingerprint: the coordinator's own model's (None while it has none: then nothing is asked)."""
        self._client = client
        self._topics = topics
        self.reply_topic = topics.reply(site_id)
        self._site_id = site_id
        self._fingerprint = fingerprint
        self._deadline = deadline_seconds
        self._waiting: dict[bytes, asyncio.Future[list[Prediction]]] = {}
        self.answered = 0
        self.unanswered = 0

    def handles(self, message: Correlated) -> bool:
        """Whether a correlated message is an answer to this coordinator's requests."""
        return message.topic == self.reply_topic

    def on_reply(self, message: Correlated) -> None:
        """An answer: completes the request it belongs to; a late one is dropped."""
        waiting = self._waiting.get(message.correlation)
        if waiting is None or waiting.done():
            _LOGGER.debug("A late or unknown intent model answer on %s was dropped", message.topic)
            return
        try:
            document = json.loads(message.payload)
            if not isinstance(document, dict):
                raise ValueError("not an object")
            if "error" in document:
                raise ValueError(str(document["error"]))
            waiting.set_result([parse_prediction(item) for item in document["predictions"]])
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
            waiting.set_exception(ValueError(f"the worker answered: {err}"))

    async def predict(self, turns: Sequence[tuple[str, Evidence]]) -> list[Prediction] | None:
        """The workers' predictions for the turns, or None (with the reason logged) when none came in time."""
        fingerprint = self._fingerprint()
        if fingerprint is None:
            return None
        correlation = uuid.uuid4().hex.encode()
        answer: asyncio.Future[list[Prediction]] = asyncio.get_running_loop().create_future()
        self._waiting[correlation] = answer
        payload = json.dumps({"model": fingerprint, "turns": [turn_json(*turn) for turn in turns]})
        outgoing = Outgoing(
            user_properties=(("site", self._site_id),),
            response_topic=self.reply_topic,
            correlation=correlation,
            expiry_seconds=max(1, math.ceil(self._deadline)),
        )
        try:
            async with asyncio.timeout(self._deadline):
                await self._client.publish(self._topics.request, payload, qos=1, outgoing=outgoing)
                predictions = await answer
        except (TimeoutError, BrokerError, ValueError) as err:
            self.unanswered += 1
            _LOGGER.warning(
                "Intent model read here: %s", str(err) or f"no worker answered in {self._deadline:g} s"
            )
            return None
        finally:
            self._waiting.pop(correlation, None)
        if len(predictions) != len(turns):
            self.unanswered += 1
            _LOGGER.warning(
                "Intent model read here: the worker answered %d of %d turns", len(predictions), len(turns)
            )
            return None
        self.answered += 1
        return predictions


async def read_ahead(
    assistant: Assistant, waiting: Sequence[tuple[TextCommand, Situation]], workers: RemoteModel | None
) -> int:
    """Let the intent model read commands that arrived together before they are handled one by one: the
    workers when there are (every command the grammar is unsure of), else the coordinator's own model in one
    batch (two or more). Returns how many were read ahead."""
    if workers is None:
        return assistant.read_ahead(waiting) if len(waiting) > 1 else 0
    turns = assistant.unsure(waiting)
    predictions = await workers.predict(turns) if turns else None
    if predictions is None:
        return assistant.read_ahead(waiting) if len(waiting) > 1 else 0
    assistant.keep_ahead(turns, predictions)
    return len(turns)
