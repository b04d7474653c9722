"""`assistantd worker`: speech to text for the home's satellites, on a machine of its own (the one with the
GPU), one member of the recognizers' shared subscription. Stateless: its broker session ends with it, so
that requests go to the recognizers still there."""

from __future__ import annotations

import dataclasses
import logging
import os
import socket

from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.recognition import RecognitionServer, RecognitionTopics
from assistantd.errors import SpeechError
from assistantd.mqtt.client import MqttClient
from assistantd.mqtt.password import read_password
from assistantd.speech.transcriber import whisper_for

_LOGGER = logging.getLogger(__name__)


class Worker:
    """One recognizer: loads Whisper, answers requests until cancelled."""

    def __init__(self, config: Config, name: str | None = None) -> None:
        self.name = name or socket.gethostname().split(".")[0].lower() or "worker"
        base = config.mqtt.base_topic
        mqtt = dataclasses.replace(
            config.mqtt, client_id=f"assistantd-worker-{self.name}", session_expiry_seconds=0
        )
        self.client = MqttClient(
            mqtt,
            status_topic=f"{base}/workers/{self.name}/status",
            password=read_password(mqtt, os.environ),
            on_message=lambda topic, payload: None,
            on_correlated=lambda message: self.server.on_request(message),
        )
        speech = config.speech or SpeechConfig()
        topics = RecognitionTopics.for_config(config)
        self.server = RecognitionServer(self.client, topics, lambda: whisper_for(config, speech))

    async def run(self) -> None:
        """Load the model, then serve until cancelled; SpeechError when it cannot load."""
        if not await self.server.load():
            raise SpeechError("the worker has no speech to text to offer")
        self.client.set_subscriptions([self.server.subscription])
        await self.client.start()
        _LOGGER.info("Worker %s answers %s", self.name, self.server.subscription)
        try:
            await self.server.run()
        finally:
            await self.client.stop()
