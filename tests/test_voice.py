"""The voice with fakes at its seams (a scripted synthesizer, sinks that record): the queue, sentence
streaming, sounds, stop, what is spoken for which command, the say topic and Hermes; and the real
sounddevice output, which plays where a sound card exists and says clearly where none does."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import json
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.service import HermesConfig
from assistantd.config.settings import Config
from assistantd.config.tts import TtsConfig
from assistantd.daemon.voice import HERMES_SAY, HERMES_SAY_FINISHED, Voice
from assistantd.errors import InputError, VoiceError
from assistantd.voice.output import FileSink, Sinks, SoundCardSink, wav_bytes
from assistantd.voice.sounds import SOUNDS, sound
from assistantd.voice.speaker import Speaker
from assistantd.voice.synthesizer import EspeakSynthesizer, read_wav, split_sentences
from tests.support.configs import EXAMPLE

RATE = 16_000


class ScriptedSynthesizer:
    """Each sentence as 0.1 s of a level that names its order (0.1, 0.2, ...); records what it made."""

    name = "scripted"
    sample_rate = RATE

    def __init__(self) -> None:
        self.made: list[str] = []

    def load(self) -> None:
        pass

    def sentences(self, text: str) -> Iterator[np.ndarray]:
        for index, sentence in enumerate(split_sentences(text), 1):
            self.made.append(sentence)
            yield np.full(RATE // 10, index / 10, np.float32)


class GatedSink:
    """Records what is played; a write waits until released (or cut), as a sound card's pace would."""

    name = "gated"

    def __init__(self, *, gated: bool = False) -> None:
        self.played: list[np.ndarray] = []
        self.opened = 0
        self.closed = 0
        self._release = threading.Event()
        self._cut = threading.Event()
        self.writing = threading.Event()
        if not gated:
            self._release.set()

    def open(self, sample_rate: int) -> None:
        self.opened += 1
        self._cut.clear()

    def write(self, samples: np.ndarray) -> bool:
        self.writing.set()
        deadline = time.monotonic() + 30  # never hold a worker thread past a failed test
        while not (self._release.is_set() or self._cut.is_set()) and time.monotonic() < deadline:
            self._cut.wait(0.01)
        if self._cut.is_set():
            return False
        self.played.append(samples)
        return True

    def close(self) -> None:
        self.closed += 1

    def cut(self) -> None:
        self._cut.set()

    def release(self) -> None:
        self._release.set()


@contextlib.asynccontextmanager
async def running(speaker: Speaker):
    task = asyncio.create_task(speaker.run())
    try:
        yield speaker
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_answers_are_spoken_in_order_a_sentence_at_a_time_after_their_sound() -> None:
    synthesizer, sink = ScriptedSynthesizer(), GatedSink()
    changes: list[bool] = []
    async with running(Speaker(synthesizer, sink, on_speaking=changes.append, keep_wav=True)) as speaker:
        first = speaker.say("Turned on the lamp. It is bright.", sound_name="done")
        second = speaker.say("Which one?")
        done, asked = await asyncio.wait_for(asyncio.gather(first, second), 10)
    assert synthesizer.made == ["Turned on the lamp.", "It is bright.", "Which one?"]
    chime = sound("done", RATE)
    assert len(sink.played) == 4 and np.array_equal(sink.played[0], chime)
    assert [float(part[0]) for part in sink.played[1:]] == pytest.approx([0.1, 0.2, 0.1])
    assert sink.opened == sink.closed == 2
    assert changes == [True, False], "speaking from the first answer to the end of the queue"
    assert not done.cut and done.first_audio_ms is not None
    assert done.seconds == pytest.approx(len(chime) / RATE + 0.2)
    with wave.open(io.BytesIO(asked.wav)) as wav:
        assert (wav.getframerate(), wav.getnframes()) == (RATE, RATE // 10)


async def test_stop_cuts_the_answer_at_once_and_drops_those_waiting() -> None:
    sink = GatedSink(gated=True)
    changes: list[bool] = []
    async with running(Speaker(ScriptedSynthesizer(), sink, on_speaking=changes.append)) as speaker:
        speaking = speaker.say("One. Two. Three.")
        waiting = speaker.say("Never said.")
        await asyncio.to_thread(sink.writing.wait, 10)
        assert speaker.stop() == 2
        cut, dropped = await asyncio.wait_for(asyncio.gather(speaking, waiting), 10)
        sink.release()
        after = await asyncio.wait_for(speaker.say("Again."), 10)
    assert cut.cut and dropped.cut and dropped.seconds == 0
    assert not after.cut and len(sink.played) == 1, "after a stop the voice speaks again"
    assert changes == [True, False, True, False]


async def test_a_synthesis_failure_is_reported_and_the_queue_goes_on(caplog) -> None:
    class Failing(ScriptedSynthesizer):
        def sentences(self, text: str) -> Iterator[np.ndarray]:
            if "broken" in text:
                raise VoiceError("the voice fell over")
            yield from super().sentences(text)

    sink = GatedSink()
    async with running(Speaker(Failing(), sink)) as speaker:
        failed = await asyncio.wait_for(speaker.say("broken"), 10)
        fine = await asyncio.wait_for(speaker.say("Fine."), 10)
    assert failed.cut and not fine.cut and len(sink.played) == 1
    assert any("Could not speak 'broken': the voice fell over" in r.getMessage() for r in caplog.records)


def test_sounds_are_short_quiet_and_distinct() -> None:
    made = {name: sound(name, 22_050) for name in SOUNDS}
    for samples in made.values():
        assert samples.dtype == np.float32 and 0.1 < len(samples) / 22_050 < 0.6
        assert 0.2 < float(np.max(np.abs(samples))) <= 0.25
    assert len({len(samples) for samples in made.values()}) == len(made)
    with pytest.raises(KeyError):
        sound("fanfare", 22_050)


def test_sentences_and_wav_round_trip() -> None:
    assert split_sentences("Unlock the Front Door? Say yes to confirm.  ") == [
        "Unlock the Front Door?", "Say yes to confirm."
    ]  # fmt: skip
    samples = np.linspace(-0.5, 0.5, 100, dtype=np.float32)
    assert np.allclose(read_wav(wav_bytes(samples, 22_050), 22_050), samples, atol=1e-4)
    with pytest.raises(VoiceError, match="unexpected WAV format"):
        read_wav(wav_bytes(samples, 16_000), 22_050)
    with pytest.raises(VoiceError, match="unreadable WAV"):
        read_wav(b"RIFF nonsense", 22_050)


def test_espeak_speaks_a_sentence_at_a_time() -> None:
    espeak = EspeakSynthesizer()
    espeak.load()
    parts = list(espeak.sentences("Turned on the lamp. Goodbye."))
    assert len(parts) == 2 and all(part.dtype == np.float32 and len(part) > 0.3 * 22_050 for part in parts)


def test_the_files_sink_writes_each_answer(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "answers")
    sink.open(RATE)
    assert sink.write(np.zeros(RATE, np.float32))
    sink.close()
    sink.open(RATE)
    sink.close()  # nothing written: no file
    [path] = sink.written
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnframes(), wav.getnchannels()) == (RATE, RATE, 1)


def test_the_sound_card_plays_where_there_is_one_and_says_why_not_where_there_is_none() -> None:
    card = SoundCardSink("default")
    try:
        card.check()
    except VoiceError as err:  # this machine has no sound card: the message says so
        assert "no audio output" in str(err)
        return
    card.open(RATE)
    assert card.write(np.zeros(RATE // 20, np.float32))
    card.close()


def test_a_failing_sink_is_left_out_and_the_rest_play(tmp_path: Path, caplog) -> None:
    class Broken(GatedSink):
        name = "broken"

        def open(self, sample_rate: int) -> None:
            raise VoiceError("unplugged")

    good, files = GatedSink(), FileSink(tmp_path)
    sinks = Sinks([Broken(), good, files])
    sinks.open(RATE)
    assert sinks.write(np.zeros(10, np.float32))
    sinks.close()
    assert [sink.name for sink in sinks.sinks] == ["gated", files.name] and len(files.written) == 1
    assert any("Voice output broken failed" in r.getMessage() for r in caplog.records)


@pytest.fixture(scope="module")
def home() -> Config:
    config = load_config(EXAMPLE)
    config = dataclasses.replace(config, recognizer=dataclasses.replace(config.recognizer, model=False))
    return dataclasses.replace(config, tts=TtsConfig(), hermes=HermesConfig(enabled=True))


class Client:
    connected = True

    def __init__(self) -> None:
        self.published: list[tuple[str, bytes]] = []

    async def publish(self, topic: str, payload: str | bytes, qos: int = 1, retain: bool = False) -> None:
        self.published.append((topic, payload if isinstance(payload, bytes) else payload.encode()))


@contextlib.asynccontextmanager
async def voice_of(home: Config, **tts: object):
    config = dataclasses.replace(home, tts=TtsConfig(**tts))  # type: ignore[arg-type]
    synthesizer, client = ScriptedSynthesizer(), Client()
    voice = Voice(config, client, synthesizer=synthesizer, sink=GatedSink())
    assert await voice.load()
    task = asyncio.create_task(voice.run())
    try:
        yield voice, synthesizer, client
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def decide(home: Config, text: str, source: str, request_id: str = "r1"):
    return Assistant(home).handle(TextCommand(text, request_id=request_id), Situation(1_000, 600), source=source)


async def settle(voice: Voice) -> None:
    for _ in range(200):
        await asyncio.sleep(0.01)
        if voice.speaker is not None and not voice.speaker.speaking:
            return


async def test_answers_to_spoken_commands_are_spoken_with_their_sound(home: Config) -> None:
    async with voice_of(home) as (voice, synthesizer, _):
        voice.decided(decide(home, "turn on the floor lamp", "speech"))
        voice.decided(decide(home, "turn off the floor lamp", "mqtt"))  # typed elsewhere: not spoken
        voice.decided(decide(home, "turn on the toaster", "speech"))
        await asyncio.sleep(0.05)
        await settle(voice)
    assert synthesizer.made == ["Turned on the Floor Lamp.", *split_sentences(
        decide(home, "turn on the toaster", "speech").decision.response
    )]  # fmt: skip
    assert voice.subscriptions == ["assistantd/living_room/say", HERMES_SAY,
                                   "hermes/dialogueManager/endSession", "hermes/dialogueManager/continueSession"]  # fmt: skip


async def test_the_say_topic_and_hermes_say_with_its_finished_message(home: Config) -> None:
    async with voice_of(home, speak=("speech", "mqtt")) as (voice, synthesizer, client):
        voice.on_say(b"Dinner is ready.")
        voice.on_say(b'{"text": "The door is open."}')
        say = {"text": "Hello from an app.", "siteId": "living_room", "id": "s1", "sessionId": "x"}
        voice.on_hermes(HERMES_SAY, json.dumps(say).encode())
        voice.on_hermes(HERMES_SAY, json.dumps({**say, "siteId": "kitchen", "text": "Not here."}).encode())
        voice.decided(decide(home, "what time is it", "mqtt", request_id="session-7"))
        going_on = {"sessionId": "session-7", "text": "Which room?", "intentFilter": None}
        voice.on_hermes("hermes/dialogueManager/continueSession", json.dumps(going_on).encode())
        end = {"sessionId": "session-7", "text": "See you."}
        voice.on_hermes("hermes/dialogueManager/endSession", json.dumps(end).encode())
        other = {"sessionId": "someone-else", "text": "Not mine."}
        voice.on_hermes("hermes/dialogueManager/endSession", json.dumps(other).encode())
        await asyncio.sleep(0.05)
        await settle(voice)
        await asyncio.sleep(0.05)
        with pytest.raises(InputError):
            voice.on_say(b"")
        with pytest.raises(InputError, match="not JSON"):
            voice.on_hermes(HERMES_SAY, b"{broken")
        with pytest.raises(InputError, match="without a"):
            voice.on_hermes(HERMES_SAY, b'{"siteId": "living_room"}')
    assert synthesizer.made[:3] == ["Dinner is ready.", "The door is open.", "Hello from an app."]
    assert "Not here." not in synthesizer.made and "Not mine." not in synthesizer.made
    assert synthesizer.made[-2:] == ["Which room?", "See you."]
    [(_, payload)] = [item for item in client.published if item[0] == HERMES_SAY_FINISHED]
    assert json.loads(payload) == {"id": "s1", "sessionId": "x", "siteId": "living_room"}


async def test_spoken_audio_is_published_when_asked(home: Config) -> None:
    async with voice_of(home, publish_audio=True) as (voice, _, client):
        voice.on_say(b"Hello.")
        await asyncio.sleep(0.05)
        await settle(voice)
        await asyncio.sleep(0.05)
    [(topic, payload)] = client.published
    assert topic == "assistantd/living_room/audio/out" and payload.startswith(b"RIFF")


async def test_a_voice_that_cannot_load_is_reported_and_answers_stay_on_mqtt(home: Config, caplog) -> None:
    class Missing(ScriptedSynthesizer):
        pass

    config = dataclasses.replace(home, tts=TtsConfig(engine="piper", voice=Path("/nonexistent/voice.onnx")))
    voice = Voice(config, Client(), sink=GatedSink())
    assert not await voice.load()
    assert voice.subscriptions == []
    voice.decided(decide(home, "turn on the floor lamp", "speech"))  # nothing to speak with: no error
    assert any("Spoken answers are off" in r.getMessage() for r in caplog.records)


async def test_a_finished_timer_rings_until_the_wake_word_stops_it_and_the_wake_sound_plays(home: Config) -> None:
    from assistantd.timers.book import Timer

    async with voice_of(home) as (voice, synthesizer, _):
        voice.ring(Timer("t1", "pizza", None, 60.0, 60.0, 0.0, None))
        for _ in range(500):
            await asyncio.sleep(0.01)
            if synthesizer.made:
                break
        assert voice.woke(), "the wake word cuts the ringing, as stop does"
        await asyncio.sleep(0.05)
        rung = list(synthesizer.made)
        assert not voice.woke(), "nothing left to cut"
        await asyncio.sleep(0.05)
        await settle(voice)
    assert rung and rung[0] == "The pizza timer is done."
    assert synthesizer.made == rung, "stopped: no more rings; the wake sound has no words"
    assert voice._ringing is None
