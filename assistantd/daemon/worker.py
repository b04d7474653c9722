"""`assistantd worker`: speech to text for the home's satellites and, with ``recognition.intent_model:
workers``, the intent model's reading of the coordinator's commands, on a machine of its own (the one with
the GPU), one member of the recognizers' shared subscriptions. Stateless: its broker session ends with it, so
that requests go to the recognizers still there; it trains (or loads) the model for the configuration it was
given, and takes model requests only once the model is ready. One process may serve several homes (`serve`:
each home its own broker connection, base topic, login, prompt and intent model; one copy of Whisper)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import re
import socket
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.recognition import RecognitionServer, RecognitionTopics
from assistantd.daemon.understanding import UNDERSTAND, ModelServer
from assistantd.errors import AssistantdError, ConfigError, ConfigIssue, SpeechError
from assistantd.intent_model.keeper import ModelKeeper
from assistantd.mqtt.client import Correlated, MqttClient
from assistantd.mqtt.password import read_password
from assistantd.speech.transcriber import WhisperPool, whisper_for

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)


class Worker:
    """One recognizer: loads Whisper (and the intent model when the coordinator asks workers for it), answers
    requests until cancelled."""

    def __init__(
        self, config: Config, name: str | None = None, *, pool: WhisperPool | None = None,
        one_of_several: bool = False,
    ) -> None:  # fmt: skip
        """pool: the Whisper models this process has loaded; one_of_several: the process serves several
        homes on one broker (the client id then names the home's base topic, so that they differ)."""
        self.name = name or socket.gethostname().split(".")[0].lower() or "worker"
        self.config = config
        base = config.mqtt.base_topic
        client_id = f"assistantd-worker-{self.name}"
        if one_of_several:
            client_id += "-" + re.sub(r"[^A-Za-z0-9_-]+", "_", base)
        mqtt = dataclasses.replace(config.mqtt, client_id=client_id, session_expiry_seconds=0)
        self.client = MqttClient(
            mqtt,
            status_topic=f"{base}/workers/{self.name}/status",
            password=read_password(mqtt, os.environ),
            on_message=lambda topic, payload: None,
            on_correlated=self._on_request,
        )
        speech = config.speech or SpeechConfig()
        self.server = RecognitionServer(
            self.client, RecognitionTopics.for_config(config), lambda: whisper_for(config, speech, pool)
        )
        self.model_server = ModelServer(self.client, RecognitionTopics.for_config(config, UNDERSTAND))
        self._keeper = ModelKeeper(self._use_model)
        self._subscriptions: list[str] = []

    @property
    def serves_model(self) -> bool:
        """Whether the configuration asks workers for the intent model."""
        return self.config.recognition.intent_model == "workers" and self.config.recognizer.model

    async def run(self) -> None:
        """Load what it serves, then serve until cancelled; SpeechError when it can serve nothing."""
        if await self.server.load():
            self._subscriptions.append(self.server.subscription)
        elif not self.serves_model:
            raise SpeechError("the worker has no speech to text to offer")
        self.client.set_subscriptions(self._subscriptions)
        await self.client.start()
        for subscription in self._subscriptions:
            _LOGGER.info("Worker %s answers %s", self.name, subscription)
        try:
            async with asyncio.TaskGroup() as group:
                if self._subscriptions:
                    group.create_task(self.server.run(), name="recognition")
                if self.serves_model:
                    self._keeper.request(self.config)
                    group.create_task(self._keeper.run(), name="intent-model")
                    group.create_task(self.model_server.run(), name="understanding")
        finally:
            await self.client.stop()

    def _use_model(self, config: Config, model: ModelRecognizer) -> None:
        """The model is ready: take the coordinator's model requests from now on."""
        self.model_server.use(model, self._keeper.fingerprint or "")
        if self.model_server.subscription not in self._subscriptions:
            self._subscriptions.append(self.model_server.subscription)
            self.client.set_subscriptions(self._subscriptions)
        _LOGGER.info("Worker %s answers %s", self.name, self.model_server.subscription)

    def _on_request(self, message: Correlated) -> None:
        for server in (self.server, self.model_server):
            if server.handles(message):
                server.on_request(message)
                return
        _LOGGER.debug("Dropped a correlated message on %s", message.topic)


async def serve(configs: Sequence[Config], name: str | None = None) -> None:
    """Serve one home's requests, or several homes' from one process (a worker pool shared by homes on one
    broker or cluster), until cancelled; ConfigError when two of the homes have the same base topic."""
    seen: dict[str, Config] = {}
    for config in configs:
        base = config.mqtt.base_topic
        if base in seen:
            where = str(config.source or "")
            message = f"{base!r} is also the base topic of {seen[base].source}: a worker serves a home once"
            raise ConfigError([ConfigIssue(where, None, "mqtt.base_topic", message)])
        seen[base] = config
    pool = WhisperPool()
    several = len(configs) > 1
    workers = [Worker(config, name, pool=pool, one_of_several=several) for config in configs]
    if not several:
        await workers[0].run()
        return
    try:
        async with asyncio.TaskGroup() as group:
            for worker in workers:
                group.create_task(worker.run(), name=f"worker {worker.config.mqtt.base_topic}")
    except ExceptionGroup as errors:  # a home it cannot serve at all ends the process, with its reason
        first = next((err for err in errors.exceptions if isinstance(err, AssistantdError)), None)
        if first is None:
            raise
        raise first from errors
