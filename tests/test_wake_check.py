"""Unsure wakes checked by Whisper: the trigger's second threshold, the check itself (scripted transcripts
and fits at the seam), and the real engine with tiny.en on espeak-ng wake words in noise."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource
from assistantd.audio.source import AudioChunk
from assistantd.audio.wakeword import WakeTrigger, WakeWordDetection
from assistantd.config.schema import parse_config
from assistantd.config.speech import ListenConfig, RejectionConfig, SpeechConfig
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import Utterance
from assistantd.speech.wake import WakeCheck, said_first
from tests.support.audio import burst, have_espeak, silence
from tests.support.configs import BASE
from tests.support.fakes import LoudnessVad, ScriptedTranscriber

pytest.importorskip("pymicro_wakeword", reason="the wakeword extra is not installed")


def test_a_mean_between_the_two_thresholds_is_an_unsure_wake_and_a_sure_one_may_follow() -> None:
    trigger = WakeTrigger("okay_nabu", 0.8, 1, 2.0, check_threshold=0.2)
    assert trigger.push(0.1, 0) is None
    assert trigger.push(0.3, 30) == WakeWordDetection("okay_nabu", 0.3, 30, sure=False)
    assert trigger.push(0.5, 60) is None, "one unsure wake per refractory period"
    assert trigger.push(0.9, 90) == WakeWordDetection("okay_nabu", 0.9, 90, sure=True)
    assert trigger.push(0.5, 2000) is None, "nothing in the refractory period after a sure wake"
    assert trigger.push(0.5, 2100) == WakeWordDetection("okay_nabu", 0.5, 2100, sure=False)


def test_a_check_threshold_at_or_above_the_threshold_checks_nothing() -> None:
    assert WakeTrigger("alexa", 0.5, 1, 2.0, check_threshold=0.5).check_threshold is None
    trigger = WakeTrigger("alexa", 0.5, 1, 2.0, check_threshold=None)
    assert [trigger.push(p, t) for p, t in ((0.4, 0), (0.45, 30))] == [None, None]


def test_the_check_threshold_is_a_setting_and_can_be_turned_off() -> None:
    speech = parse_config(BASE + "speech:\n  wake_word: {check_threshold: 0.35}\n", file="h.yaml").speech
    assert speech is not None and speech.wake_word.check_threshold == 0.35
    speech = parse_config(BASE + "speech:\n  wake_word: {check_threshold: 0}\n", file="h.yaml").speech
    assert speech is not None and speech.wake_word.check_threshold == 0
    assert WakeTrigger("alexa", 0.9, 1, 2.0, check_threshold=0).check_threshold is None
    assert SpeechConfig().wake_word.check_threshold == 0.2


def test_the_wake_word_is_tried_in_place_of_the_first_words() -> None:
    assert said_first("I'll answer it.", "alexa") == [
        "alexa, I'll answer it.", "alexa, answer it.", "alexa, it.", "alexa"]  # fmt: skip
    assert said_first("Hey.", "hey jarvis") == ["hey jarvis, Hey.", "hey jarvis"]


class FittingTranscriber(ScriptedTranscriber):
    """Scripted transcripts, and fits from a table (text -> log-probability; anything else -40)."""

    def __init__(self, texts: list[str], fits: dict[str, float]) -> None:
        super().__init__(texts)
        self.fits = fits
        self.fitted: list[list[str]] = []

    def fit(self, samples: np.ndarray, texts: Sequence[str]) -> list[float]:
        self.fitted.append(list(texts))
        return [self.fits.get(text, -40.0) for text in texts]


def check(transcriber: object, text: str, *, logprob: float = -0.2) -> Transcript | None:
    checking = WakeCheck(transcriber, "okay nabu", RejectionConfig())

    async def run() -> Transcript | None:
        with ThreadPoolExecutor(1) as executor:
            return await checking.heard(silence(1.0), Transcript(text, logprob, 0.01, 1.0), executor)

    return asyncio.run(run())


def test_whisper_confirms_a_wake_word_it_wrote_or_one_that_fits_the_audio_as_well() -> None:
    confirmed = check(ScriptedTranscriber([]), "Okay Nabu, turn on the lamp.")
    assert confirmed is not None and confirmed.text == "Okay Nabu, turn on the lamp."
    fitting = FittingTranscriber([], {"Fuck it Nabu.": -12.0, "okay nabu, Nabu.": -30.0, "okay nabu": -15.0})
    confirmed = check(fitting, "Fuck it Nabu.")
    assert confirmed is not None and confirmed.text == "okay nabu", "3 nats worse than what was written"
    assert check(fitting, "Fuck it Nabu.", logprob=-1.5) is not None, "doubt about the words is no veto"
    assert check(FittingTranscriber([], {"Hello there.": -5.0, "okay nabu": -14.0}), "Hello there.") is None
    assert check(ScriptedTranscriber([]), "Hello there.") is None, "no fits: only the words can confirm"
    assert check(ScriptedTranscriber([]), "Okay Nabu.", logprob=-0.2) is not None
    nothing = Transcript("Okay Nabu.", -1.5, 0.95, 1.0)  # Whisper says there was no speech at all
    assert asyncio.run(_heard(nothing)) is None


async def _heard(transcript: Transcript) -> Transcript | None:
    with ThreadPoolExecutor(1) as executor:
        return await WakeCheck(ScriptedTranscriber([]), "okay nabu", RejectionConfig()).heard(
            silence(1.0), transcript, executor
        )


class ScriptedWakeWord:
    """Wake word probabilities from a script of stream spans (ms from the first chunk, probability)."""

    model = "okay_nabu"
    phrase = "okay nabu"

    def __init__(self, spans: list[tuple[float, float, float]]) -> None:
        self.spans = spans
        self.trigger = WakeTrigger(self.model, 0.8, 3, 2.0, check_threshold=0.2)
        self.origin_ms: float | None = None

    def push(self, chunk: AudioChunk) -> list[WakeWordDetection]:
        if self.origin_ms is None:
            self.origin_ms = chunk.start_ms
        at = chunk.end_ms - self.origin_ms
        probability = max((p for start, end, p in self.spans if start <= at <= end), default=0.0)
        found = self.trigger.push(probability, chunk.end_ms)
        return [found] if found is not None else []

    def reset(self) -> None:
        self.trigger.reset()


async def hear(signal: np.ndarray, transcriber: ScriptedTranscriber,
               wake: ScriptedWakeWord) -> tuple[list[Utterance], SpeechPipeline, list[bool]]:  # fmt: skip
    heard: list[Utterance] = []
    chimes: list[bool] = []
    listen = ListenConfig(mode="wake_word", wake_phrases=(), follow_up_seconds=3.0)
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(listen=listen))
    pipeline = SpeechPipeline(config, on_utterance=heard.append, on_wake=lambda: chimes.append(True),
                              source=ClipSource(signal, name="test", realtime=False), transcriber=transcriber,
                              vad=LoudnessVad(), wake_word=wake)  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    return heard, pipeline, chimes


async def test_an_unsure_wake_whose_words_start_with_the_wake_word_is_a_wake() -> None:
    transcriber = ScriptedTranscriber(["Okay, Nabu, turn on the lamp.", "and the fan"])
    signal = np.concatenate([silence(0.5), burst(1.2, 0.1), silence(1.0), burst(0.6, 0.2), silence(1.0)])
    heard, pipeline, chimes = await hear(signal, transcriber, ScriptedWakeWord([(700, 1100, 0.4)]))
    assert [(u.text, u.reason, u.accepted) for u in heard] == [
        ("turn on the lamp", "wake_word", True), ("and the fan", "follow_up", True)]  # fmt: skip
    assert (pipeline.stats.wakes, pipeline.stats.checked_wakes) == (1, 1)
    assert chimes == [], "no wake sound after the command: the command's own answer follows"


async def test_an_unsure_wake_heard_alone_chimes_once_whisper_confirms_it() -> None:
    transcriber = ScriptedTranscriber(["OK Nabu.", "turn off the kitchen light"])
    signal = np.concatenate([silence(0.5), burst(0.6, 0.1), silence(2.0), burst(0.9, 0.2), silence(1.0)])
    heard, pipeline, chimes = await hear(signal, transcriber, ScriptedWakeWord([(700, 1000, 0.5)]))
    assert [(u.text, u.reason) for u in heard] == [("", "wake_phrase_only"),
                                                   ("turn off the kitchen light", "follow_up")]  # fmt: skip
    assert chimes == [True] and pipeline.stats.checked_wakes == 1


async def test_an_unsure_wake_whisper_does_not_confirm_is_no_wake() -> None:
    transcriber = ScriptedTranscriber(["I'll answer it.", "turn off the kitchen light"])
    signal = np.concatenate([silence(0.5), burst(0.8, 0.1), silence(1.0), burst(0.9, 0.2), silence(1.0)])
    heard, pipeline, chimes = await hear(signal, transcriber, ScriptedWakeWord([(700, 1200, 0.5)]))
    assert heard == [] and chimes == []
    assert pipeline.stats.wakes == 0 and pipeline.stats.gated["no_wake"] == 2
    assert pipeline.activity == "idle", "the dropped utterances are not left waiting"


async def test_a_sure_wake_after_an_unsure_one_in_the_same_word_needs_no_check() -> None:
    transcriber = ScriptedTranscriber(["Nabu, turn on the lamp."])
    signal = np.concatenate([silence(0.5), burst(1.2, 0.1), silence(1.0)])
    spans = [(600, 800, 0.4), (800, 1200, 1.0)]  # the mean rises through the check threshold to the wake
    heard, pipeline, _ = await hear(signal, transcriber, ScriptedWakeWord(spans))
    assert [(u.text, u.reason) for u in heard] == [("Nabu, turn on the lamp", "wake_word")]
    assert (pipeline.stats.wakes, pipeline.stats.checked_wakes) == (1, 0)


# --- the real engine and tiny.en ----------------------------------------------------------------------------

MEASURED_CHECKED = {"okay_nabu": 16, "alexa": 15}
"""Wake phrases of 16 (8 espeak-ng voices x 2 speeds) at 10 dB SNR that woke through the speech pipeline,
unsure wakes checked by tiny.en, measured 2026-12 (the engine alone, same streams: 13 and 14)."""


@pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")
@pytest.mark.parametrize("model", sorted(MEASURED_CHECKED))
def test_wake_words_in_noise_wake_once_whisper_checks_the_unsure_ones(model: str) -> None:
    from assistantd.config.speech import WAKE_WORD_MODELS
    from tests.support.wakeword import heard_through_pipeline, wake_clips, whisper_for_wakes

    transcriber = whisper_for_wakes(model)
    scored, checked = heard_through_pipeline(model, wake_clips(WAKE_WORD_MODELS[model]), 10, transcriber)
    assert scored.false_wakes == 0
    assert scored.detected >= MEASURED_CHECKED[model], scored
    assert checked >= 1, "some of them were unsure and confirmed by Whisper"
