"""`assistantd satellite`: a room's microphone (and voice) for the home's coordinator.

The satellite runs the same listening as the daemon (the audio source, the wake word or wake phrase, the
VAD and its endpointing, the listening gate, and the grammar that ends a command read whole at once), but
no speech model of its own: each utterance is transcribed
by the home's recognizers over MQTT (`recognition.py`), and each command it hears goes at QoS 1, with an id
of its own, to its own topic under the coordinator's text topic (``<base>/<coordinator>/text/<id>``, which
the broker's ACL lets only this satellite write): the coordinator takes the sender and its area from that
topic (`senders.py`); the payload's area and source (the satellite's own) are for reading only.
Commands wait in order while the broker is away and are sent when it is back; the coordinator's inbox
runs each id once. When satellites in several rooms hear the same words, one of them sends the command
(`claims.py`). The coordinator's answer (its intent event, copied to the satellite's own intent topic) is
logged and, with a ``tts`` section, spoken here, in the room where the command was said.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import functools
import json
import logging
import os
import uuid

from assistantd.assistant.command import Sign
from assistantd.assistant.core import whole_command
from assistantd.audio.endpointer import Segment
from assistantd.audio.source import AudioSource
from assistantd.clock import monotonic_ms
from assistantd.config.satellites import SatelliteConfig
from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.answers import satellite_intent_topic
from assistantd.daemon.arbiter import Arbiter
from assistantd.daemon.eyes import Eyes
from assistantd.daemon.homeassistant import Discovery
from assistantd.daemon.inputs import parse_switch, parse_text_command
from assistantd.daemon.parts import speaks
from assistantd.daemon.presence import Presence
from assistantd.daemon.recognition import RecognitionTopics, RemoteTranscriber
from assistantd.daemon.seen import sign_document
from assistantd.daemon.voice import Voice
from assistantd.errors import BrokerError, InputError
from assistantd.events import GestureEvent
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.mqtt.client import MqttClient
from assistantd.mqtt.password import read_password
from assistantd.mqtt.topics import SiteTopics
from assistantd.rules.gestures import confirmation_answer, gesture_matches
from assistantd.speech.pipeline import SpeechPipeline, Utterance

_LOGGER = logging.getLogger(__name__)

RETRY_SECONDS = 0.5
"""Pause before sending a command again after the broker refused or lost it."""
REMEMBERED_COMMANDS = 64
"""Commands whose answers are still looked for."""
ANSWER_WAIT_SECONDS = 30.0
"""With until_source_ends: how long the answers to the commands sent are waited for at the end."""


def satellite_config(config: Config, satellite: SatelliteConfig) -> Config:
    """The home's config as the satellite sees it: its own site, client id, user and microphone."""
    mqtt = dataclasses.replace(
        config.mqtt,
        client_id=satellite.mqtt_client_id,
        username=satellite.username or config.mqtt.username,
        password_env=satellite.password_env if satellite.username else config.mqtt.password_env,
        password_file=None if satellite.username else config.mqtt.password_file,
    )
    speech = config.speech or SpeechConfig()
    own = {"source": satellite.source, "listen": satellite.listen, "wake_word": satellite.wake_word}
    speech = dataclasses.replace(speech, **{key: value for key, value in own.items() if value is not None})
    return dataclasses.replace(config, site=satellite.site, mqtt=mqtt, speech=speech, vision=satellite.vision)


class Satellite:
    """One room's listening, sending commands to the coordinator and speaking its answers."""

    def __init__(
        self, home: Config, satellite: SatelliteConfig, *, source: AudioSource | None = None
    ) -> None:
        self.home = home
        self.satellite = satellite
        self.config = satellite_config(home, satellite)
        coordinator = SiteTopics.for_config(home)
        self._command_topic, self._timer_topic = coordinator.text_of(satellite.id), coordinator.timer
        area = home.area(satellite.area)
        self._area_name = area.name if area is not None else satellite.area
        self._answer_topic = satellite_intent_topic(home, satellite.id)
        self._topics = RecognitionTopics.for_config(home)
        self._arbitrate = len(home.satellites) > 1 or home.speech is not None
        self._arbiter = Arbiter(
            satellite.id, home.mqtt.base_topic, lambda t, p: self._client.publish(t, p, qos=1)
        )
        self._source = source
        self._outgoing: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
        self._asked: collections.OrderedDict[str, str] = collections.OrderedDict()
        self.sent = 0
        self.answers: list[dict[str, object]] = []
        self._answered = asyncio.Event()
        """Set while no command waits for its answer."""
        self._answered.set()
        own = SiteTopics.for_config(self.config)
        self._mute_topic, self._stop_topic, self._text_topic = own.mute, own.stop, own.text
        self._client = MqttClient(
            self.config.mqtt,
            status_topic=own.status,
            password=read_password(self.config.mqtt, os.environ),
            on_message=self._on_message,
            on_correlated=self._on_reply,
            on_connection_change=self._connected,
        )
        self.presence = Presence(self._client, own.state, watching=self.config.vision is not None)
        """The satellite's retained state: idle, listening, thinking, speaking or muted."""
        self._discovery = Discovery(self.config, self._client)
        """The satellite as a device of its own in Home Assistant (state, mute, stop, a box to type in)."""
        self._voice = (
            Voice(self.config, self._client, on_speaking=self._speaking) if speaks(self.config) else None
        )
        self._eyes = (
            Eyes(self.config, self._client, self.presence, self._signed)
            if self.config.vision is not None
            else None
        )
        """Its camera, if it has one."""
        self._question_until_ms = 0
        """Until when a question asked here waits for its answer (a thumbs-up or a nod may give it)."""
        self._transcriber: RemoteTranscriber | None = None
        self._pipeline: SpeechPipeline | None = None

    def _on_reply(self, message: object) -> None:
        if self._transcriber is not None:
            self._transcriber.on_reply(message)  # type: ignore[arg-type]

    async def run(self, *, until_source_ends: bool = False) -> None:
        """Listen and serve until cancelled (or, with until_source_ends, until a file source has ended and
        every command was sent)."""
        loop = asyncio.get_running_loop()
        recognition = self.home.recognition
        self._transcriber = RemoteTranscriber(
            self._client, loop, self._topics, self.satellite.id,
            deadline_seconds=recognition.deadline_seconds, attempts=recognition.attempts,
        )  # fmt: skip
        grammar = await asyncio.to_thread(GrammarRecognizer, self.config)  # commands read whole end at once
        self._pipeline = SpeechPipeline(
            self.config, on_utterance=self._heard, source=self._source, transcriber=self._transcriber,
            on_ended=self._ended if self._arbitrate else None, on_wake=self._woke,
            complete=functools.partial(whole_command, grammar), on_activity=self.presence.set_activity,
            attention=self._eyes.attending if self._eyes is not None else None,
        )  # fmt: skip
        if self._eyes is not None:
            await self._eyes.load()
        self._mute(self.config.speech is not None and self.config.speech.muted)
        voice = self._voice if self._voice is not None and await self._voice.load() else None
        self._client.set_subscriptions(self._subscriptions(voice))
        await self._client.start()
        _LOGGER.info("Satellite %s (area %s) for the coordinator at %s", self.satellite.id,
                     self.satellite.area, self._command_topic)  # fmt: skip
        try:
            async with asyncio.TaskGroup() as group:
                background = [
                    group.create_task(job)
                    for job in (self._send(), self.presence.run(), self._discovery.run())
                ]
                background += [group.create_task(voice.run())] if voice is not None else []
                background += [group.create_task(job()) for job in (self._eyes.jobs() if self._eyes else [])]
                await self._pipeline.run()
                if until_source_ends:
                    await self._arbiter.settled()
                    await self._outgoing.join()
                    with contextlib.suppress(TimeoutError):  # the last answers, while they come
                        await asyncio.wait_for(self._answered.wait(), ANSWER_WAIT_SECONDS)
                    for task in background:
                        task.cancel()
                else:
                    await asyncio.Event().wait()
        finally:
            await self.presence.publish_offline()
            await self._client.stop()

    def _subscriptions(self, voice: Voice | None) -> list[str]:
        assert self._transcriber is not None  # noqa: S101 - made first
        claims = [self._arbiter.subscription] if self._arbitrate else []
        claims += [self._timer_topic] if voice is not None else []
        return [
            self._transcriber.reply_topic,
            self._answer_topic,
            self._mute_topic,
            self._stop_topic,
            self._text_topic,
            *self._discovery.subscriptions,
            *claims,
            *(voice.subscriptions if voice else []),
        ]

    def _ended(self, segment: Segment, reason: str) -> None:
        """Speech paused or an utterance goes to be transcribed: claim it, for the other sites to compare."""
        wake = self._pipeline.last_wake if self._pipeline is not None else None
        attending = self._eyes is not None and self._eyes.attending()
        self._arbiter.ended(
            segment, reason, wake=wake.probability if wake is not None else 0.0, attending=attending
        )

    def _heard(self, utterance: Utterance) -> None:
        """A transcribed utterance: a command the gate let through goes to the coordinator, unless another
        site heard the same words better."""
        if not utterance.accepted or not utterance.text:
            return
        text = utterance.text
        self._arbiter.when_answers(utterance.event.end_ms, text, lambda: self._command(text, utterance))

    def _signed(self, sign: Sign) -> None:
        """A gesture or nod seen here goes to the coordinator when it may mean something: a yes or no while a
        question asked here waits, or the gesture of a gesture rule (nods in conversation stay here)."""
        answers = confirmation_answer(sign) is not None and monotonic_ms() < self._question_until_ms
        ruled = isinstance(sign, GestureEvent) and any(
            gesture_matches(r.trigger, sign) for r in self.home.rules
        )
        if answers or ruled:
            self._command("", sign=sign)

    def _command(self, text: str, utterance: Utterance | None = None, *, sign: Sign | None = None) -> None:
        command_id = f"{self.satellite.id}-{uuid.uuid4().hex[:12]}"
        document: dict[str, object] = {
            "text": text,
            "id": command_id,
            "area": self.satellite.area,
            "source": self.satellite.id,
        }
        if utterance is not None and utterance.event.guessed:  # a name put right: the coordinator asks
            document["guessed"] = True
        if utterance is not None and utterance.event.alternatives:  # other readings, for the coordinator
            document["alternatives"] = list(utterance.event.alternatives)
        if sign is not None:
            document.update(sign=sign_document(sign))
        elif self._eyes is not None and self._eyes.vision is not None:  # what its camera saw meanwhile
            start_ms, end_ms = (
                (utterance.event.start_ms, utterance.event.end_ms) if utterance else (monotonic_ms(),) * 2
            )
            document["seen"] = self._eyes.seen(start_ms, end_ms)
            speaker = self._eyes.speaker(utterance.event.voice, start_ms, end_ms) if utterance else ""
            document.update({"speaker": speaker} if speaker else {})
        self._asked[command_id] = text
        self._answered.clear()
        while len(self._asked) > REMEMBERED_COMMANDS:
            self._asked.popitem(last=False)
        self._outgoing.put_nowait((command_id, json.dumps(document).encode()))
        _LOGGER.info('Command %s: "%s"', command_id, text or f"({document['sign']})")

    async def _send(self) -> None:
        """Send the commands in order, each until the broker acknowledged it."""
        while True:
            command_id, payload = await self._outgoing.get()
            while True:
                try:
                    await self._client.wait_connected(None)
                    await self._client.publish(self._command_topic, payload, qos=1)
                    break
                except BrokerError as err:
                    _LOGGER.warning("Command %s not sent yet: %s", command_id, err)
                    await asyncio.sleep(RETRY_SECONDS)
            self.sent += 1
            self._outgoing.task_done()

    def _on_message(self, topic: str, payload: bytes) -> None:
        if topic == self._answer_topic:
            self._on_answer(payload)
        elif topic.endswith("/claim"):
            self._arbiter.on_claim(payload)
        elif topic == self._timer_topic:
            self._on_timer(payload)
        elif topic == self._mute_topic:
            try:
                self._mute(parse_switch(payload))
            except InputError as err:
                _LOGGER.warning("Rejected message on %s: %s", topic, err)
        elif topic == self._stop_topic and self._voice is not None:
            self._voice.stop()
        elif topic == self._text_topic:  # typed in this room (Home Assistant's box): as if said here
            self._typed(payload)
        elif self._discovery.handles(topic):
            self._discovery.birth(payload)
        elif self._voice is not None and topic in self._voice.subscriptions:
            with contextlib.suppress(Exception):
                self._voice.on_say(payload)

    def _on_answer(self, payload: bytes) -> None:
        """The coordinator's intent event: an answer to one of this satellite's commands is said here."""
        try:
            document = json.loads(payload)
        except ValueError:
            return
        if not isinstance(document, dict) or document.get("id") not in self._asked:
            return
        text = self._asked.pop(str(document["id"]))
        asking = document.get("outcome") in ("awaiting_confirmation", "asked")
        wait_ms = self.home.confirmation.timeout_seconds * 1000
        self._question_until_ms = monotonic_ms() + int(wait_ms) if asking else 0
        if not self._asked:
            self._answered.set()
        self.answers.append(document)
        response = document.get("response") or ""
        _LOGGER.info('Answer to "%s": %s (%s)', text, response or "-", document.get("outcome"))
        if self._voice is not None and self._voice.speaker is not None and response:
            self._voice.on_say(json.dumps({"text": response}).encode())

    def _on_timer(self, payload: bytes) -> None:
        """A timer set in this room finished: it rings here (for timers.ring_seconds, or until woken)."""
        try:
            event = json.loads(payload)
        except ValueError:
            return
        voice = self._voice
        if voice is None or not isinstance(event, dict) or event.get("area") != self._area_name:
            return
        if event.get("event") == "finished":
            name = event.get("name")
            voice.ring_named(name if isinstance(name, str) else None)
            asyncio.get_running_loop().call_later(self.home.timers.ring_seconds, voice.stop)
        elif event.get("event") == "cancelled":
            voice.stop()

    def _connected(self, connected: bool) -> None:
        if connected:
            self.presence.connected()
            self._discovery.connected()

    def _typed(self, payload: bytes) -> None:
        try:
            command = parse_text_command(payload)
        except InputError as err:
            _LOGGER.warning("Rejected message on %s: %s", self._text_topic, err)
            return
        if command.text:
            self._command(command.text)

    def _mute(self, muted: bool) -> None:
        """Stop listening (nothing reaches the VAD or the recognizers) or listen again; the state says so."""
        if self._pipeline is not None:
            self._pipeline.muted = muted
        self.presence.set_muted(muted)

    def _woke(self) -> None:
        """The wake word: a voice speaking or ringing here is cut, and the microphone opens at once."""
        if self._voice is not None and self._voice.woke() and self._pipeline is not None:
            self._pipeline.deaf = False

    def _speaking(self, speaking: bool) -> None:
        """The satellite does not hear its own voice."""
        self.presence.set_speaking(speaking)
        if self._pipeline is not None:
            self._pipeline.deaf = speaking
