"""The wake word engine: the trigger's rules, the real model on espeak-ng speech and on non-wake audio,
and the speech pipeline in listening mode wake_word (a scripted detector at the seam)."""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource
from assistantd.audio.source import AudioChunk
from assistantd.audio.wakeword import WakeTrigger, WakeWordDetection
from assistantd.config.schema import parse_config
from assistantd.config.speech import ListenConfig, SpeechConfig, WakeWordConfig
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import Utterance
from tests.support.audio import burst, have_espeak, silence
from tests.support.configs import BASE, issues_of
from tests.support.fakes import LoudnessVad, ScriptedTranscriber

pytest.importorskip("pymicro_wakeword", reason="the wakeword extra is not installed")
needs_espeak = pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")


def test_the_window_must_fill_and_its_mean_pass_the_threshold() -> None:
    trigger = WakeTrigger("okay_nabu", 0.8, 3, 2.0)
    assert [trigger.push(p, t) for p, t in ((0.9, 0), (0.9, 30))] == [None, None], "window not full"
    assert trigger.push(0.5, 60) is None, "mean 0.77"
    assert trigger.push(1.0, 90) is None, "mean 0.8: not above the threshold"
    assert trigger.push(1.0, 120) == WakeWordDetection("okay_nabu", pytest.approx(2.5 / 3), 120)
    assert trigger.push(1.0, 150) is None, "the window starts afresh after a wake"


def test_one_wake_per_refractory_period() -> None:
    trigger = WakeTrigger("alexa", 0.5, 1, 2.0)
    times = [t for t in range(0, 5000, 30) if trigger.push(1.0, t) is not None]
    assert times == [0, 2010, 4020]
    trigger = WakeTrigger("alexa", 0.5, 1, 0.0)
    assert sum(trigger.push(1.0, t) is not None for t in range(0, 300, 30)) == 10


def test_config_keys_and_errors() -> None:
    text = BASE + (
        "speech:\n  listen: {mode: wake_word, wake_phrases: []}\n"
        "  wake_word: {model: hey_jarvis, threshold: 0.9, sliding_window: 3, refractory_seconds: 1.5}\n"
    )
    speech = parse_config(text, file="home.yaml").speech
    assert speech is not None and speech.listen.mode == "wake_word"
    assert speech.wake_word == WakeWordConfig("hey_jarvis", 0.9, 3, 1.5)
    assert SpeechConfig().wake_word == WakeWordConfig("okay_nabu", None, None, 2.0)
    issues = issues_of(BASE + "speech:\n  wake_word: {model: okay_nabo, threshold: 2}\n")
    assert [(i.line, i.key_path) for i in issues] == [(BASE.count("\n") + 2, "speech.wake_word.model"),
                                                      (BASE.count("\n") + 2, "speech.wake_word.threshold")]  # fmt: skip
    assert "did you mean 'okay_nabu'" in issues[0].message


# --- the real engine (okay_nabu) on espeak-ng speech --------------------------------------------------------

MEASURED_OKAY_NABU = {None: 15, 20: 14, 10: 12}
"""Clips of 16 (8 voices x 2 speeds) detected, measured 2026 with pymicro-wakeword 2.5.0 at the model's own
threshold (0.85): clean 15, 20 dB 14, 10 dB 12 (75%). Misses: the female variant en-us+f3 at every SNR
(peak probability 0.2-0.9), and one or two of en-gb/en-gb-scotland in noise. Below the 95% goal: espeak's
voices are far from the recorded speech microWakeWord was trained on; the bar guards what is true."""


@needs_espeak
@pytest.mark.parametrize("snr_db", [None, 20, 10])
def test_okay_nabu_is_heard_in_espeak_voices(snr_db: float | None) -> None:
    from assistantd.audio.wakeword import make_wake_word
    from tests.support.wakeword import score, wake_clips

    scored = score(make_wake_word(WakeWordConfig()), wake_clips("okay nabu"), snr_db)
    assert scored.false_wakes == 0
    assert scored.detected >= MEASURED_OKAY_NABU[snr_db], scored


@needs_espeak
def test_a_wake_word_said_twice_in_a_row_wakes_once_and_again_after_the_refractory_period() -> None:
    from assistantd.audio.wakeword import make_wake_word
    from tests.support.audio import espeak
    from tests.support.wakeword import detections

    said = espeak("okay nabu")
    twice = np.concatenate([silence(1.0), said, silence(0.2), said, silence(3.0), said, silence(1.0)])
    found = detections(make_wake_word(WakeWordConfig()), twice)
    assert len(found) == 2 and found[1].at_ms - found[0].at_ms > 2000
    assert all(d.model == "okay_nabu" and 0.85 < d.probability <= 1.0 for d in found)


@needs_espeak
def test_no_false_wakes_on_speech_without_the_wake_word_and_on_noise() -> None:
    from assistantd.audio.wakeword import make_wake_word
    from tests.support.wakeword import detections, have_speech_data, noise, non_wake_speech

    if not have_speech_data():
        pytest.skip("the shared speech data is absent")
    speech = non_wake_speech(120, ("en-us", "en-gb", "en-us+f3"))
    audio = np.concatenate([speech, noise(60)])
    assert len(audio) / 16_000 > 600, "ten minutes of audio"
    assert detections(make_wake_word(WakeWordConfig()), audio) == []


def test_a_missing_model_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from assistantd.audio.wakeword import make_wake_word
    from assistantd.errors import AudioError

    monkeypatch.setitem(sys.modules, "pymicro_wakeword", None)  # what an absent package looks like
    with pytest.raises(AudioError, match=r"pip install 'assistantd\[wakeword\]'"):
        make_wake_word(WakeWordConfig())


# --- the pipeline in listening mode wake_word -------------------------------------------------------------


class ScriptedWakeWord:
    """Wakes from a script of stream times (ms from the first chunk) through the real WakeTrigger."""

    model = "okay_nabu"
    phrase = "okay nabu"

    def __init__(self, wake_spans_ms: list[tuple[float, float]], refractory_seconds: float = 2.0) -> None:
        self.spans = wake_spans_ms
        self.trigger = WakeTrigger(self.model, 0.5, 3, refractory_seconds)
        self.origin_ms: float | None = None

    def push(self, chunk: AudioChunk) -> list[WakeWordDetection]:
        if self.origin_ms is None:
            self.origin_ms = chunk.start_ms
        at = chunk.end_ms - self.origin_ms
        probability = 1.0 if any(start <= at <= end for start, end in self.spans) else 0.0
        found = self.trigger.push(probability, chunk.end_ms)
        return [found] if found is not None else []

    def reset(self) -> None:
        self.trigger.reset()


async def hear(signal: np.ndarray, transcriber: ScriptedTranscriber, wake: ScriptedWakeWord,
               attention=None, follow_up_seconds: float = 3.0) -> tuple[list[Utterance], SpeechPipeline]:  # fmt: skip
    heard: list[Utterance] = []
    listen = ListenConfig(mode="wake_word", wake_phrases=(), follow_up_seconds=follow_up_seconds)
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(listen=listen))
    pipeline = SpeechPipeline(config, on_utterance=heard.append, attention=attention,
                              source=ClipSource(signal, name="test", realtime=False), transcriber=transcriber,
                              vad=LoudnessVad(), wake_word=wake)  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    return heard, pipeline


async def test_nothing_is_transcribed_before_a_wake_then_the_command_and_its_follow_up_are() -> None:
    transcriber = ScriptedTranscriber(["what a game", "Okay, Nabu, turn on the lamp.", "and the fan", "goal"])
    signal = np.concatenate([silence(0.5), burst(0.8, 0.1), silence(1.5),  # TV: 0.5-1.3 s
                             burst(1.2, 0.2), silence(1.0),  # "okay nabu, turn on the lamp": 2.8-4.0 s
                             burst(0.6, 0.3), silence(5.0),  # a follow-up 1 s after: 5.0-5.6 s
                             burst(0.6, 0.4), silence(1.0)])  # after the window closed: 10.6-11.2 s  # fmt: skip
    wake = ScriptedWakeWord([(3000, 3600)])  # the wake word's probability stays high for 0.6 s
    heard, pipeline = await hear(signal, transcriber, wake)
    assert [(u.text, u.reason, u.accepted) for u in heard] == [
        ("turn on the lamp", "wake_word", True), ("and the fan", "follow_up", True)]  # fmt: skip
    assert len(transcriber.calls) == 2, "the TV and the late utterance never reached speech-to-text"
    assert pipeline.stats.wakes == 1, "one wake for one wake word (refractory)"
    assert pipeline.stats.false_wakes == 0
    assert pipeline.stats.gated["no_wake"] == 2 and pipeline.stats.utterances == 2
    assert pipeline.stats.speculative_started == 2, "no speculative job for audio without a wake"


async def test_a_wake_word_alone_admits_the_command_after_the_pause() -> None:
    transcriber = ScriptedTranscriber(["OK Nabu.", "turn off the kitchen light"])
    signal = np.concatenate([silence(0.5), burst(0.6, 0.1), silence(2.0), burst(0.9, 0.2), silence(1.0)])
    heard, pipeline = await hear(signal, transcriber, ScriptedWakeWord([(900, 1100)]))
    assert [(u.text, u.reason, u.accepted) for u in heard] == [
        ("", "wake_phrase_only", False), ("turn off the kitchen light", "follow_up", True)]  # fmt: skip
    assert pipeline.stats.wakes == 1 and not pipeline.stats.gated["no_wake"]


async def test_a_wake_that_brings_only_noise_counts_as_a_false_wake() -> None:
    transcriber = ScriptedTranscriber(["Thank you.", "turn off the kitchen light"])
    signal = np.concatenate([silence(0.5), burst(0.6, 0.1), silence(5.0),  # a wake on a clatter: "thank you"
                             burst(0.6, 0.2), silence(1.0)])  # fmt: skip
    wake = ScriptedWakeWord([(700, 1000), (6200, 6500)])
    heard, pipeline = await hear(signal, transcriber, wake, follow_up_seconds=1.0)
    assert [(u.text, u.reason) for u in heard] == [("turn off the kitchen light", "wake_word")]
    assert pipeline.stats.wakes == 2 and pipeline.stats.false_wakes == 1
    assert pipeline.stats.rejected["hallucination"] == 1


async def test_the_wake_word_is_heard_while_the_voice_speaks_and_opens_the_microphone() -> None:
    transcriber = ScriptedTranscriber(["the answer it was saying", "stop"])
    signal = np.concatenate([silence(0.5), burst(1.5, 0.1), silence(0.5),  # its own voice, the wake word in it
                             burst(0.5, 0.2), silence(1.0)])  # "stop", said after the wake word  # fmt: skip
    listen = ListenConfig(mode="wake_word", wake_phrases=(), follow_up_seconds=3.0)
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(listen=listen))
    heard: list[Utterance] = []
    woken: list[bool] = []

    def barge_in() -> None:  # what the daemon does: the voice is cut and the microphone opens
        woken.append(pipeline.deaf)
        pipeline.deaf = False

    pipeline = SpeechPipeline(config, on_utterance=heard.append, on_wake=barge_in, transcriber=transcriber,
                              source=ClipSource(signal, name="test", realtime=False), vad=LoudnessVad(),
                              wake_word=ScriptedWakeWord([(1200, 1500)]))  # fmt: skip
    pipeline.deaf = True
    await asyncio.wait_for(pipeline.run(), 30)
    assert woken == [True], "heard while deaf to its own voice"
    assert [(u.text, u.accepted) for u in heard] == [("stop", True)]
    assert heard[0].reason in ("wake_word", "follow_up"), "admitted by the wake word"
    assert pipeline.stats.utterances == 1, "its own voice was never cut into an utterance"
    assert all(calls < 2.0 * 16_000 for calls in transcriber.calls), "nor transcribed (1.5 s of it)"


async def test_a_muted_microphone_hears_no_wake_word() -> None:
    signal = np.concatenate([silence(0.5), burst(1.0, 0.1), silence(1.0)])
    transcriber = ScriptedTranscriber(["okay nabu"])
    listen = ListenConfig(mode="wake_word", wake_phrases=())
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(listen=listen))
    woken: list[int] = []
    pipeline = SpeechPipeline(config, on_utterance=lambda u: None, on_wake=lambda: woken.append(1),
                              transcriber=transcriber, source=ClipSource(signal, name="test", realtime=False),
                              vad=LoudnessVad(), wake_word=ScriptedWakeWord([(700, 1000)]))  # fmt: skip
    pipeline.muted = True
    await asyncio.wait_for(pipeline.run(), 30)
    assert woken == [] and pipeline.stats.wakes == 0 and transcriber.calls == []


async def test_a_person_facing_the_camera_is_heard_without_the_wake_word() -> None:
    transcriber = ScriptedTranscriber(["turn on the lamp"])
    signal = np.concatenate([silence(0.5), burst(0.8, 0.1), silence(1.0)])
    heard, pipeline = await hear(signal, transcriber, ScriptedWakeWord([]), attention=lambda: True)
    assert [(u.text, u.reason) for u in heard] == [("turn on the lamp", "attention")]
    assert pipeline.stats.wakes == 0


def test_wakes_and_utterances_heard_without_one_are_exported() -> None:
    pytest.importorskip("prometheus_client", reason="the metrics extra is not installed")
    from prometheus_client import generate_latest

    from assistantd.config.settings import MetricsConfig
    from assistantd.daemon.metrics import Metrics, Sample, frozen_counts

    metrics = Metrics(MetricsConfig())
    metrics.sample(Sample(True, 0, 0.0, 0, True, False, True, False, utterances=1,
                          utterances_gated=frozen_counts({"no_wake": 3, "wake_word": 1}), wake_words=2,
                          false_wakes=1))  # fmt: skip
    scrape = generate_latest(metrics.registry).decode()
    assert "assistantd_wake_words_total 2.0" in scrape
    assert "assistantd_false_wakes_total 1.0" in scrape
    assert 'assistantd_utterances_heard_total{gate="no_wake"} 3.0' in scrape


class LengthTranscriber:
    """Short audio is the wake word, longer audio the command (stands in for Whisper at its seam)."""

    def __init__(self) -> None:
        self.calls = 0

    def load(self) -> None:
        pass

    def transcribe(self, samples: np.ndarray) -> Transcript:
        self.calls += 1
        text = "Okay, Nabu." if len(samples) < 1.6 * 16_000 else "Turn off the kitchen light."
        return Transcript(text, -0.1, 0.01, 1.0)


@needs_espeak
async def test_real_engine_and_vad_transcribe_only_what_follows_the_spoken_wake_word() -> None:
    from tests.support.audio import espeak

    tv = espeak("turn on the kitchen light and the fan", voice="en-gb")
    signal = np.concatenate([silence(0.5), tv, silence(1.5), espeak("okay nabu"), silence(1.0),
                             espeak("turn off the kitchen light"), silence(1.5)])  # fmt: skip
    heard: list[Utterance] = []
    listen = ListenConfig(mode="wake_word", wake_phrases=())
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(listen=listen))
    transcriber = LengthTranscriber()
    pipeline = SpeechPipeline(config, on_utterance=heard.append, transcriber=transcriber,
                              source=ClipSource(signal, name="test", realtime=False))  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    assert [(u.text, u.reason) for u in heard] == [("", "wake_phrase_only"),
                                                   ("Turn off the kitchen light", "follow_up")]  # fmt: skip
    assert pipeline.stats.wakes == 1 and pipeline.stats.gated["no_wake"] == 1 and transcriber.calls == 2
