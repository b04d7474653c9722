"""Speech wired to the daemon's own command parts against a real broker: pipeline -> CommandProcessor ->
Dispatcher -> MqttClient, as the daemon wires them (used by the speech MQTT test and benchmarks/speech.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from assistantd.assistant.core import Assistant
from assistantd.audio.source import AudioSource
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.config.speech import ListenConfig, SpeechConfig
from assistantd.daemon.commands import CommandProcessor, Report
from assistantd.daemon.perception import spoken_command
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures, merge_fixtures
from assistantd.mqtt.client import MqttClient
from assistantd.mqtt.dispatch import Dispatcher
from assistantd.mqtt.outbox import Outbox
from assistantd.mqtt.topics import SiteTopics
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.stats import SpeechStats
from assistantd.speech.transcriber import Transcriber
from assistantd.speech.utterance import Utterance
from tests.support.audio import SPEECH_DATA


@dataclass(frozen=True, slots=True)
class Spoken:
    """One utterance and what the daemon's parts made of it."""

    utterance: Utterance
    report: Report | None
    """None when the gate did not accept it."""
    acked_ms: float | None
    """Monotonic time the broker acknowledged its actions (None: no actions)."""

    @property
    def speech_to_ack_ms(self) -> float | None:
        """End of speech to the broker's acknowledgement."""
        return None if self.acked_ms is None else self.acked_ms - self.utterance.timings.speech_end_ms


def recorded_home() -> Config:
    """The home of the recorded commands (stp_fixtures_en.yaml) plus the living room lamp of the voice2json
    clips, listening always."""
    fixtures = load_fixtures(SPEECH_DATA / "stp_fixtures_en.yaml")["fixtures"]
    fixtures = merge_fixtures(fixtures, {"entities": [{"name": "Living Room Lamp", "domain": "light"}]})
    return dataclasses.replace(
        config_from_fixtures(fixtures), speech=SpeechConfig(listen=ListenConfig(mode="always"))
    )


def on_broker(config: Config, port: int, state_directory: Path) -> Config:
    """The config pointed at a private broker (anonymous) and a state directory."""
    mqtt = dataclasses.replace(config.mqtt, host="127.0.0.1", port=port, username=None, password_env=None,
                               password_file=None, tls=None)  # fmt: skip
    return dataclasses.replace(config, mqtt=mqtt, state_directory=state_directory)


async def speak(
    config: Config, source: AudioSource, transcriber: Transcriber
) -> tuple[list[Spoken], SpeechStats]:
    """Play a source through speech and the command parts; returns once every action is acknowledged."""
    config.state_directory.mkdir(parents=True, exist_ok=True)
    outbox = Outbox(config.state_directory / "outbox.sqlite3", max_actions=config.outbox.max_actions)
    client = MqttClient(config.mqtt, status_topic=SiteTopics.for_config(config).status, password=None,
                        on_message=lambda topic, payload: None)  # fmt: skip
    dispatcher = Dispatcher(client, outbox, max_age_seconds=config.outbox.max_age_seconds)
    processor = CommandProcessor(Assistant(config), dispatcher, states={}, area_of=lambda command: None)
    pending: list[tuple[Utterance, asyncio.Future[Report] | None]] = []
    acked: dict[int, float] = {}

    def heard(utterance: Utterance) -> None:
        reply = (
            processor.enqueue(spoken_command(utterance), "speech")
            if utterance.accepted and utterance.text
            else None
        )
        index = len(pending)
        if reply is not None:
            reply.add_done_callback(lambda done: _on_report(done, index, acked))
        pending.append((utterance, reply))

    pipeline = SpeechPipeline(config, on_utterance=heard, source=source, transcriber=transcriber,
                              complete=processor.complete)  # fmt: skip
    await pipeline.load()
    await client.start()
    try:
        if not await client.wait_connected(10):
            raise ConnectionError(f"no broker at {client.where}")
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(dispatcher.run()), group.create_task(processor.run())]
            await pipeline.run()
            spoken = [
                await _outcome(utterance, reply, acked.get, index)
                for index, (utterance, reply) in enumerate(pending)
            ]
            for task in tasks:
                task.cancel()
    finally:
        await client.stop()
        outbox.close()
    return spoken, pipeline.stats


def _on_report(reply: asyncio.Future[Report], index: int, acked: dict[int, float]) -> None:
    """Note when the broker acknowledges a command's actions."""
    delivered = reply.result().delivered
    if delivered is not None:
        delivered.add_done_callback(lambda future: acked.__setitem__(index, float(monotonic_ms())))


async def _outcome(utterance: Utterance, reply: asyncio.Future[Report] | None, ack_of, index: int) -> Spoken:
    """Wait for a command's report and the acknowledgement of its actions."""
    if reply is None:
        return Spoken(utterance, None, None)
    report = await asyncio.wait_for(reply, 30)
    if report.delivered is not None:
        await asyncio.wait_for(asyncio.shield(report.delivered), 30)
        await asyncio.sleep(0)  # the acknowledgement's callbacks run
    return Spoken(utterance, report, ack_of(index))
