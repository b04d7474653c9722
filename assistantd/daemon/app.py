"""The daemon: builds the parts from the config, owns start-up order, the TaskGroup and shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistantd.assistant.core import Assistant
from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.config.template import TemplateError
from assistantd.daemon import parts
from assistantd.daemon.answers import satellite_areas
from assistantd.daemon.commands import CommandProcessor
from assistantd.daemon.control import ControlServer, command_replies, socket_path
from assistantd.daemon.homeassistant import Discovery
from assistantd.daemon.inputs import parse_context, parse_switch
from assistantd.daemon.intake import Intake
from assistantd.daemon.metrics import SAMPLE_SECONDS, Metrics, MetricsError, Sample, frozen_counts
from assistantd.daemon.parts import ensure_state_directory, optional_metrics, optional_wyoming, speaks
from assistantd.daemon.perception import Perception
from assistantd.daemon.presence import Presence
from assistantd.daemon.reload import prepare_reload
from assistantd.daemon.senders import text_command
from assistantd.daemon.site import SiteContext
from assistantd.daemon.systemd import Notifier
from assistantd.daemon.timers import HereRinger, TimerKeeper, command_messages
from assistantd.daemon.voice import Voice
from assistantd.devices.cache import StateCache
from assistantd.errors import ConfigError, InputError
from assistantd.fusion.window import FusionWindow
from assistantd.intent_model.keeper import ModelKeeper
from assistantd.mqtt.client import MqttClient
from assistantd.mqtt.dispatch import Dispatcher
from assistantd.mqtt.inbox import Inbox
from assistantd.mqtt.outbox import Outbox
from assistantd.mqtt.password import read_password
from assistantd.mqtt.topics import SiteTopics
from assistantd.timers.store import TimerStore

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)

READY_BROKER_WAIT_SECONDS = 3.0
"""How long start-up waits for the broker before declaring READY on the outbox alone."""
SHUTDOWN_DRAIN_SECONDS = 5.0
"""How long in-flight actions get to reach the broker at shutdown; the rest stay in the outbox."""


@dataclass(frozen=True, slots=True)
class DaemonOptions:
    """How the daemon was asked to run."""

    config_path: Path
    load: Callable[[Path], Config]
    """Reads and validates the config (with command-line overrides applied)."""


class Daemon:
    """One running assistantd: the MQTT side, the command processor, the control socket."""

    def __init__(self, config: Config, options: DaemonOptions, notifier: Notifier) -> None:
        self.config = config
        self._options = options
        self._notifier = notifier
        self._cache = StateCache(config)
        self._site = SiteContext(config)
        self._topics = SiteTopics.for_config(config)
        self._assistant = Assistant(config)
        self._stop = asyncio.Event()
        self._reload = asyncio.Event()
        ensure_state_directory(config.state_directory)
        self._outbox = Outbox(
            config.state_directory / "outbox.sqlite3", max_actions=config.outbox.max_actions
        )
        self._inbox = Inbox(
            self._outbox, max_commands=config.inbox.max_commands, max_handled=config.inbox.dedupe_window
        )
        password = read_password(config.mqtt, os.environ)
        self._ready = False
        self._client = MqttClient(
            config.mqtt,
            status_topic=self._topics.status,
            password=password,
            on_message=self._on_message,
            on_connection_change=self._on_connection_change,
            held_topics=[self._topics.text, self._topics.satellite_text],
            on_held=lambda message: self._intake.on_message(message),  # stored, then acknowledged
            on_correlated=lambda message: parts.deliver(message, self._commands.workers, self._recognition),
        )
        self._recognition = parts.optional_recognition(config, self._client)
        self._dispatcher = Dispatcher(
            self._client, self._outbox, max_age_seconds=config.outbox.max_age_seconds
        )
        self._window = FusionWindow()
        self._presence = Presence(self._client, self._topics.state, watching=config.vision is not None)
        self._discovery = Discovery(config, self._client)
        self._metrics = optional_metrics(config)
        self._voice = Voice(config, self._client, on_speaking=self._speaking) if speaks(config) else None
        self._deaf_until: asyncio.TimerHandle | None = None
        self._timers = TimerKeeper(
            TimerStore(self._outbox),
            self._dispatcher,
            lambda: SiteTopics.for_config(self.config).timer,
            ring_seconds=lambda: self.config.timers.ring_seconds,
            then=lambda timer: command_messages(self.config, timer),
        )
        self._commands = self._command_processor()
        self._intake = Intake(self._inbox, self._commands, lambda: self.config, self._dispatcher)
        self._model = ModelKeeper(self._use_model)
        self._commands.workers = parts.optional_workers(config, self._client, lambda: self._model.fingerprint)
        replies = command_replies(self._intake, config.site.id)
        self._control = ControlServer(socket_path(config.state_directory), replies, controls=self._on_control)
        self._wyoming = optional_wyoming(config, self._intake)
        self._perception = Perception(
            config, self._commands, self._client, self._window, self._presence, on_wake=self._woke
        )
        if config.speech is not None and config.speech.muted:
            self._perception.mute(True)

    def _command_processor(self) -> CommandProcessor:
        """The command processor, reading the daemon's live state through these parts."""
        return CommandProcessor(
            self._assistant,
            self._dispatcher,
            states=self._cache.states,
            area_of=self._site.area_of,
            observations=self._window.seen,
            context_text=self._site.text_at,
            weather=self._cache.weather,
            ledger=self._inbox,
            max_age_seconds=self.config.inbox.max_age_seconds,
            watchers=[watcher for watcher in (self._metrics, self._voice) if watcher is not None],
            timers=self._timers,
            speaker=lambda command: self._perception.speaker_of(command),
        )

    async def run(self) -> int:
        """Serve until SIGTERM/SIGINT; returns the exit status."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, self._stop.set)
        loop.add_signal_handler(signal.SIGHUP, self._reload.set)
        try:
            async with contextlib.AsyncExitStack() as stack:
                stack.callback(self._outbox.close)
                self._serve_metrics(stack)
                self._intake.recover()  # what a previous process left is handled first
                self._client.set_subscriptions(self._subscriptions())
                await self._client.start()
                stack.push_async_callback(self._client.stop)
                stack.callback(self._timers.close)
                self._timers.start()  # timers that ended while the daemon was down finish now, late
                await self._serve()
        finally:
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.remove_signal_handler(signum)
        _LOGGER.info("Stopped")
        return 0

    async def _serve(self) -> None:
        async with asyncio.TaskGroup() as group:
            tasks = [
                group.create_task(self._dispatcher.run(), name="dispatcher"),
                group.create_task(self._commands.run(), name="commands"),
                group.create_task(self._intake.run(), name="intake"),
                group.create_task(self._control.serve(), name="control"),
                group.create_task(self._reloader(), name="reloader"),
                group.create_task(self._presence.run(), name="state"),
                group.create_task(self._discovery.run(), name="homeassistant-discovery"),
            ]
            if self._notifier.watchdog_interval_seconds:
                tasks.append(group.create_task(self._watchdog(), name="watchdog"))
            if self._metrics is not None:
                tasks.append(group.create_task(self._sample_metrics(self._metrics), name="metrics"))
            await self._perception.load()
            for name, pipeline in self._perception.tasks():
                tasks.append(group.create_task(pipeline(), name=name))
            speech = self._perception.speech  # the others' speech to text: the pipeline's when loaded
            heard = speech.transcriber if speech is not None else None
            if self._wyoming is not None:
                await self._wyoming.load(heard)
                if await self._wyoming.start():
                    tasks.append(group.create_task(self._wyoming.serve(), name="wyoming"))
            if self._recognition is not None and await self._recognition.load(heard):
                tasks.append(group.create_task(self._recognition.run(), name="recognition"))
            if self._voice is not None and await self._voice.load():
                tasks.append(group.create_task(self._voice.run(), name="voice"))
                self._timers.ringer = HereRinger(self._voice, lambda: satellite_areas(self.config))
                self._client.set_subscriptions(self._subscriptions())
            gc.freeze()  # what start-up built lives for good: keep it out of the collector's passes
            await self._announce_ready()
            tasks.append(group.create_task(self._model.run(), name="intent-model"))
            self._model.request(self.config)
            await self._stop.wait()
            self._notifier.stopping()
            _LOGGER.info("Stopping: delivering in-flight actions (up to %.0f s)", SHUTDOWN_DRAIN_SECONDS)
            await self._dispatcher.drain(SHUTDOWN_DRAIN_SECONDS)
            await self._presence.publish_offline()
            for task in tasks:
                task.cancel()

    def _serve_metrics(self, stack: contextlib.AsyncExitStack) -> None:
        """Start the metrics endpoint; one that cannot start is reported and the daemon serves on."""
        if self._metrics is None:
            return
        try:
            self._metrics.start()
        except MetricsError as err:
            _LOGGER.error("Metrics are off: %s", err)
            self._metrics = None
            return
        stack.callback(self._metrics.stop)

    async def _sample_metrics(self, metrics: Metrics) -> None:
        """Read the gauges on the loop, for the metrics endpoint's thread to copy."""
        while True:
            oldest = self._outbox.pending(1)
            speech, vision = self._perception.speech, self._perception.vision
            now = time.time()
            metrics.sample(
                Sample(
                    broker_connected=self._client.connected,
                    outbox_actions=len(self._outbox),
                    outbox_oldest_age_seconds=max(0.0, now - oldest[0].accepted_at) if oldest else 0.0,
                    inbox_commands=len(self._inbox),
                    model_ready=self._model.ready,
                    model_training=self._model.working,
                    speech_up=speech is not None,
                    vision_up=vision is not None,
                    utterances=speech.stats.utterances if speech is not None else 0,
                    utterances_rejected=frozen_counts(speech.stats.rejected) if speech is not None else {},
                    utterances_gated=frozen_counts(speech.stats.gated) if speech is not None else {},
                    wake_words=speech.stats.wakes if speech is not None else 0,
                    false_wakes=speech.stats.false_wakes if speech is not None else 0,
                    frames=vision.stats.frames if vision is not None else 0,
                )
            )
            await asyncio.sleep(SAMPLE_SECONDS)

    async def _announce_ready(self) -> None:
        connected = await self._client.wait_connected(READY_BROKER_WAIT_SECONDS)
        status = self._status(connected)
        _LOGGER.info("%s", status)
        self._notifier.ready(status)
        self._ready = True

    def _status(self, connected: bool) -> str:
        """The line `systemctl status` shows."""
        mqtt = self.config.mqtt
        if connected:
            return f"Serving site {self.config.site.id}; broker {mqtt.host}:{mqtt.port} connected"
        return (
            f"Serving site {self.config.site.id}; broker {mqtt.host}:{mqtt.port} unreachable, "
            f"actions go to the outbox ({len(self._outbox)} waiting)"
        )

    def _on_connection_change(self, connected: bool) -> None:
        """Keep systemd's status line true after READY; a new connection publishes what is retained."""
        if connected:
            self._presence.connected()
            self._discovery.connected()
        if self._ready:
            self._notifier.status(self._status(connected))

    async def _watchdog(self) -> None:
        interval = self._notifier.watchdog_interval_seconds or 10.0
        while True:
            self._notifier.watchdog()
            await asyncio.sleep(interval)

    async def _reloader(self) -> None:
        while True:
            await self._reload.wait()
            self._reload.clear()
            await self.reload()

    async def reload(self) -> None:
        """Re-read the config; an invalid one is reported and the old one stays in force."""
        _LOGGER.info("Reloading %s", self._options.config_path)
        try:
            config, recognizer = await asyncio.to_thread(
                prepare_reload, self._options.config_path, self._options.load, self.config
            )
        except (ConfigError, TemplateError) as err:
            for line in str(err).splitlines():
                _LOGGER.error("Config reload rejected: %s", line)
            _LOGGER.error("Keeping the previous configuration")
            return
        except Exception:  # a reload must never take the running daemon down (systemd would loop it)
            _LOGGER.exception("Config reload failed unexpectedly; keeping the previous configuration")
            return
        for section in ("metrics", "tts", "wyoming", "satellites", "recognition"):
            if getattr(config, section) != getattr(self.config, section):
                _LOGGER.warning("The %s settings take effect when assistantd is started again", section)
        self.config = config
        self._cache.reconfigure(config)
        self._site.reconfigure(config)
        self._discovery.reconfigure(config)
        kept = self._assistant.model if self._model.fits(config) else None
        self._assistant.reconfigure(config, recognizer, kept)
        if kept is None:
            self._model.request(config)
        self._client.set_subscriptions(self._subscriptions())
        _LOGGER.info("Reloaded: %d devices, %d rules", len(config.devices), len(config.rules))

    def _use_model(self, config: Config, model: ModelRecognizer) -> None:
        """A model trained for the config in force joins the grammar."""
        if config is self.config:
            self._assistant.set_model(model)

    def _subscriptions(self) -> list[str]:
        topics = self._topics
        own = [topics.text, topics.satellite_text, topics.context, topics.mute, topics.stop]
        voice = self._voice.subscriptions if self._voice is not None else []
        shared = [self._recognition.subscription] if self._recognition is not None else []
        shared += [self._commands.workers.reply_topic] if self._commands.workers is not None else []
        shared += [self._perception.arbiter.subscription] if self._perception.arbiter is not None else []
        return [*own, *voice, *shared, *self._discovery.subscriptions, *self._cache.topics]

    def _on_message(self, topic: str, payload: bytes) -> None:
        """Called on the event loop for every incoming message."""
        try:
            if (command := text_command(self.config, topic, payload)) is not None:  # QoS 0: no guarantee
                self._commands.enqueue(command, "mqtt")
            elif topic == self._topics.context:
                self._site.update(parse_context(payload), monotonic_ms())
            elif (arbiter := self._perception.arbiter) is not None and topic.endswith("/claim"):
                arbiter.on_claim(payload)
            elif topic == self._topics.mute:
                self._perception.mute(parse_switch(payload))
            elif topic == self._topics.stop:
                self._stop_talking()
            elif self._voice is not None and topic in self._voice.subscriptions:
                self._on_voice(topic, payload)
            elif self._discovery.handles(topic):
                self._discovery.birth(payload)
            else:
                self._cache.update(topic, payload, monotonic_ms())
        except InputError as err:
            _LOGGER.warning("Rejected message on %s: %s", topic, err)

    def _on_control(self, word: str) -> dict[str, object]:
        """A control word from the socket (mute, unmute, stop, state): done at once; the state document."""
        if word in ("mute", "unmute"):
            self._perception.mute(word == "mute")
        elif word == "stop":
            self._stop_talking()
        return self._presence.document()

    def _stop_talking(self) -> None:
        """Stop: the voice is cut and the question waiting for an answer withdrawn."""
        if self._voice is not None:
            self._voice.stop()
        self._commands.stop()

    def _on_voice(self, topic: str, payload: bytes) -> None:
        assert self._voice is not None  # noqa: S101 - only its topics come here
        if topic == self._voice.topic:
            self._voice.on_say(payload)
        else:
            self._voice.on_hermes(topic, payload)

    def _woke(self) -> None:
        """The wake word was heard: a voice that was speaking or ringing is cut, and the microphone opens at
        once for the command that follows."""
        if self._voice is not None and self._voice.woke():
            self._perception.deafen(False)

    def _speaking(self, speaking: bool) -> None:
        """The voice started (the microphone closes at once) or stopped (it opens after a short tail)."""
        self._presence.set_speaking(speaking)
        if self._deaf_until is not None:
            self._deaf_until.cancel()
            self._deaf_until = None
        if speaking:
            self._perception.deafen(True)
            return
        tail = self.config.tts.listen_tail_seconds if self.config.tts is not None else 0.0
        self._deaf_until = asyncio.get_running_loop().call_later(tail, self._perception.deafen, False)


async def run_daemon(config: Config, options: DaemonOptions) -> int:
    """Build and run the daemon."""
    notifier = Notifier()
    daemon = Daemon(config, options, notifier)
    return await daemon.run()
