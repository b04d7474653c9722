"""The speech pipeline with fakes at its seams: ordering, speculative transcription, rejection, gate, failures."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from pathlib import Path

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource, FileSource
from assistantd.audio.microphone import MicrophoneSource
from assistantd.audio.pcm import SAMPLE_RATE_HZ
from assistantd.config.schema import parse_config
from assistantd.config.speech import EndpointingConfig, ListenConfig, SpeechConfig, WhisperConfig
from assistantd.daemon.perception import spoken_command
from assistantd.errors import WhisperNotFoundError
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcript, WhisperTranscriber
from assistantd.speech.utterance import Utterance
from tests.support.audio import burst, silence
from tests.support.configs import BASE
from tests.support.fakes import FakeBackend, LoudnessVad, ScriptedTranscriber


def config(**speech: object) -> object:
    """The BASE home with a speech section built from keyword overrides (listening always by default)."""
    speech.setdefault("listen", ListenConfig(mode="always"))
    return dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=SpeechConfig(**speech))  # type: ignore[arg-type]


async def hear(signal: np.ndarray, transcriber: ScriptedTranscriber, *, realtime: bool = False,
               attention=None, **speech: object) -> tuple[list[Utterance], SpeechPipeline]:  # fmt: skip
    """Run the pipeline over a signal to its end; the utterances it delivered."""
    heard: list[Utterance] = []
    pipeline = SpeechPipeline(config(**speech), on_utterance=heard.append, attention=attention,
                              source=ClipSource(signal, name="test", realtime=realtime), transcriber=transcriber,
                              vad=LoudnessVad())  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    return heard, pipeline


async def test_utterances_come_in_order_each_transcribed_once_by_its_speculative_job() -> None:
    transcriber = ScriptedTranscriber(["turn on the lamp", "turn off the lamp"])
    signal = np.concatenate([silence(0.5), burst(0.8, 0.1), silence(1.5), burst(0.6, 0.2), silence(1.0)])
    heard, pipeline = await hear(signal, transcriber)
    assert [u.text for u in heard] == ["turn on the lamp", "turn off the lamp"]
    assert all(u.accepted and u.reason == "always" and u.timings.speculative for u in heard)
    assert len(transcriber.calls) == 2 and pipeline.stats.speculative_used == 2
    assert transcriber.threads == {"speech-to-text_0"}, "one worker thread, off the event loop"
    first = heard[0].event
    assert first.text == "turn on the lamp" and 0.8 < first.confidence <= 1.0
    origin = first.start_ms - 500
    assert (first.start_ms - origin, first.end_ms - origin) == pytest.approx((500, 1300), abs=11)
    assert transcriber.calls[0] == (400 + 800 + 100) * 16, "pre-roll + speech + pause"


async def test_speech_that_resumes_discards_the_speculative_job() -> None:
    transcriber = ScriptedTranscriber(["turn on the lamp in the kitchen"])
    signal = np.concatenate([silence(0.5), burst(0.6, 0.1), silence(0.4), burst(0.6, 0.1), silence(1.0)])
    heard, pipeline = await hear(signal, transcriber)
    assert len(heard) == 1 and heard[0].timings.speculative
    assert pipeline.stats.speculative_started == 2 and pipeline.stats.speculative_discarded == 1
    assert transcriber.calls[-1] == (400 + 1600 + 100) * 16, "the used job saw the whole utterance"


async def test_without_speculation_each_utterance_is_transcribed_after_its_end() -> None:
    transcriber = ScriptedTranscriber(["pause"])
    heard, pipeline = await hear(np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0)]), transcriber,
                                 speculative=False)  # fmt: skip
    assert len(heard) == 1 and not heard[0].timings.speculative
    assert pipeline.stats.speculative_started == 0 and len(transcriber.calls) == 1


async def test_speculation_hides_the_transcription_time() -> None:
    signal = np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0)])
    waits = {}
    for speculative in (True, False):
        heard, _ = await hear(signal, ScriptedTranscriber(["pause"], compute_seconds=0.3), realtime=True,
                              speculative=speculative)  # fmt: skip
        waits[speculative] = heard[0].timings.endpoint_to_text_ms
    assert waits[True] < 150, "ready (or nearly) when the end of the utterance was confirmed"
    assert waits[False] >= 290, "the whole transcription after the end"


async def test_hallucinations_and_short_blips_are_not_delivered(caplog: pytest.LogCaptureFixture) -> None:
    transcriber = ScriptedTranscriber(["Thank you.", "turn on the lamp"])
    signal = np.concatenate([silence(0.3), burst(0.05, 0.2), silence(1.0), burst(0.5, 0.1), silence(1.0),
                             burst(0.5, 0.2), silence(1.0)])  # fmt: skip
    with caplog.at_level(logging.INFO):
        heard, pipeline = await hear(signal, transcriber)
    assert [u.text for u in heard] == ["turn on the lamp"]
    assert pipeline.stats.dropped_short == 1 and pipeline.stats.rejected == {"hallucination": 1}
    assert 'Ignored audio 0.9 s (hallucination): "Thank you."' in caplog.text


@pytest.mark.parametrize("speculative", [True, False])
async def test_a_fault_of_the_model_on_one_utterance_loses_only_that_one(
    caplog: pytest.LogCaptureFixture, speculative: bool
) -> None:
    class Faulty(ScriptedTranscriber):
        def transcribe(self, samples: np.ndarray) -> Transcript:
            if np.abs(samples).max() < 0.15:
                raise IndexError("index 3 is out of bounds")  # not a documented error of the model
            return super().transcribe(samples)

    signal = np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0), burst(0.5, 0.2), silence(1.0)])
    heard, _ = await hear(signal, Faulty(["never", "turn on the lamp"]), speculative=speculative)
    assert [u.text for u in heard] == ["turn on the lamp"]
    assert "Speech not transcribed: speech-to-text failed unexpectedly" in caplog.text
    assert "IndexError" in caplog.text


async def test_wake_phrase_gate_and_follow_up() -> None:
    transcriber = ScriptedTranscriber(["turn on the lamp", "Hey House, turn on the lamp", "and the fan"])
    signal = np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0), burst(0.5, 0.2), silence(1.0),
                             burst(0.5, 0.3), silence(1.0)])  # fmt: skip
    heard, _ = await hear(signal, transcriber, listen=ListenConfig(mode="wake_phrase"))
    assert [(u.accepted, u.text, u.reason) for u in heard] == [
        (False, "turn on the lamp", "not_addressed"),
        (True, "turn on the lamp", "wake_phrase"),
        (True, "and the fan", "follow_up"),
    ]
    assert heard[1].event.text == "Hey House, turn on the lamp", "the event keeps what was said"


async def test_the_daemon_can_close_the_follow_up_window() -> None:
    transcriber = ScriptedTranscriber(["Hey House, what a day", "turn on the lamp"])
    signal = np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0), burst(0.5, 0.2), silence(1.0)])
    pipeline: SpeechPipeline | None = None

    def heard(utterance: Utterance) -> None:
        said.append((utterance.accepted, utterance.reason))
        if utterance.text == "what a day":  # the daemon found no command in it
            assert pipeline is not None
            pipeline.close_follow_up()

    said: list[tuple[bool, str]] = []
    pipeline = SpeechPipeline(config(listen=ListenConfig(mode="wake_phrase")), on_utterance=heard,
                              source=ClipSource(signal, name="test"), transcriber=transcriber,
                              vad=LoudnessVad())  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    assert said == [(True, "wake_phrase"), (False, "not_addressed")]


async def test_attention_is_asked_when_speech_starts() -> None:
    looks = iter([True, False, False, False])
    transcriber = ScriptedTranscriber(["turn on the lamp", "turn off the lamp"])
    signal = np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0), burst(0.5, 0.2), silence(1.0)])
    heard, _ = await hear(signal, transcriber, attention=lambda: next(looks),
                          listen=ListenConfig(mode="attention", follow_up_seconds=0))  # fmt: skip
    assert [(u.accepted, u.reason) for u in heard] == [(True, "attention"), (False, "not_addressed")]


async def test_max_length_cuts_a_long_stretch_of_speech() -> None:
    transcriber = ScriptedTranscriber(["blah"])
    heard, _ = await hear(np.concatenate([burst(5.0, 0.1), silence(1.0)]), transcriber,
                          endpointing=EndpointingConfig(max_utterance_seconds=2.0))  # fmt: skip
    assert len(heard) == 3
    assert max(transcriber.calls) <= 2 * SAMPLE_RATE_HZ + 160


async def test_a_missing_microphone_is_logged_and_retried_while_the_daemon_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="assistantd.audio")
    source = MicrophoneSource(None, reopen_min_seconds=0.01, reopen_max_seconds=0.02, backend=FakeBackend([]))
    pipeline = SpeechPipeline(config(), on_utterance=lambda u: None, source=source,
                              transcriber=ScriptedTranscriber([]), vad=LoudnessVad())  # fmt: skip
    task = asyncio.create_task(pipeline.run())
    while caplog.text.count("no audio input device") < 3:
        await asyncio.sleep(0.01)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_bad_file_source_is_logged_and_ends(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "bad.wav").write_bytes(b"RIFF....")
    pipeline = SpeechPipeline(config(), on_utterance=lambda u: None, source=FileSource(tmp_path / "bad.wav"),
                              transcriber=ScriptedTranscriber([]), vad=LoudnessVad())  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 10)
    assert "Speech input from" in caplog.text and "not a readable audio file" in caplog.text


async def test_load_says_clearly_when_there_is_no_model(tmp_path: Path) -> None:
    transcriber = WhisperTranscriber(WhisperConfig(name="no-such-model", cache_directory=tmp_path))
    pipeline = SpeechPipeline(
        config(), on_utterance=lambda u: None, transcriber=transcriber, vad=LoudnessVad()
    )
    with pytest.raises(WhisperNotFoundError, match="no speech model 'no-such-model'"):
        await pipeline.load()


async def test_an_utterance_becomes_a_speech_command_with_its_confidence_and_timing() -> None:
    heard, _ = await hear(
        np.concatenate([silence(0.3), burst(0.5, 0.1), silence(1.0)]), ScriptedTranscriber(["pause"])
    )
    command = spoken_command(heard[0])
    assert (command.text, command.modality.value) == ("pause", "speech")
    assert command.transcript_confidence == heard[0].event.confidence
    assert command.heard_ms == int(heard[0].timings.speech_end_ms) == heard[0].event.end_ms
    assert command.transcribe_ms == heard[0].timings.transcribe_ms


class MutingSource:
    """Plays a signal and mutes the pipeline from one time to another (as the mute topic would)."""

    def __init__(self, signal: np.ndarray, mute_from_ms: float, mute_until_ms: float) -> None:
        self._clip = ClipSource(signal, name="test")
        self._window = (mute_from_ms, mute_until_ms)
        self.pipeline: SpeechPipeline | None = None
        self.name = "test"
        self.live = False

    async def chunks(self):
        async for chunk in self._clip.chunks():
            assert self.pipeline is not None
            self.pipeline.muted = self._window[0] <= chunk.start_ms - self._clip.started_ms < self._window[1]
            yield chunk


async def test_muted_nothing_is_heard_and_what_was_being_heard_is_dropped() -> None:
    transcriber = ScriptedTranscriber(["turn on the lamp", "secret", "turn off the lamp"])
    signal = np.concatenate([silence(0.5), burst(0.6, 0.1), silence(1.0), burst(1.0, 0.2), silence(1.0),
                             burst(0.6, 0.3), silence(1.0)])  # fmt: skip
    source = MutingSource(signal, 2_400, 3_400)  # from the middle of the second burst to after it
    heard: list[Utterance] = []
    activity: list[str] = []
    pipeline = SpeechPipeline(config(), on_utterance=heard.append, source=source, transcriber=transcriber,
                              vad=LoudnessVad(), on_activity=activity.append)  # fmt: skip
    source.pipeline = pipeline
    await asyncio.wait_for(pipeline.run(), 30)
    assert [u.text for u in heard] == ["turn on the lamp", "turn off the lamp"]
    assert pipeline.activity == "idle"
    assert activity[:2] == ["listening", "thinking"] and activity[-1] == "idle"
    assert activity.count("listening") == 3, "the muted burst was heard starting, then dropped"


class GatedTranscriber(ScriptedTranscriber):
    """A transcriber whose transcripts are not back before the gate opens (however fast the audio is read)."""

    def __init__(self, texts: list[str], gate: threading.Event) -> None:
        super().__init__(texts)
        self.gate = gate

    def transcribe(self, samples: np.ndarray) -> Transcript:
        assert self.gate.wait(30), "the audio never reached the point where the transcript is back"
        return super().transcribe(samples)


class GlancingTranscriber(GatedTranscriber):
    """A gated transcriber that also glances (a quick transcript that may end an utterance early): the
    glance's words and the beam's other readings by the same loudness rule, None where it has none to give."""

    def __init__(self, texts: list[str], glances: list[tuple[str, ...] | None], gate: threading.Event) -> None:
        super().__init__(texts, gate)
        self.glances = glances
        self.glanced = 0

    def glance(self, samples: np.ndarray) -> Transcript | None:
        assert self.gate.wait(30), "the audio never reached the point where the glance is back"
        self.glanced += 1
        readings = self.glances[round(float(np.abs(samples).max()) * 10) - 1]
        return None if readings is None else Transcript(readings[0], -0.1, 0.01, 1.0, alternatives=readings[1:])


class WaitingSource:
    """Live audio that, at one point in a pause, opens the transcriber's gate and waits until the pipeline has
    judged the speculative transcript (as real time would pass while it is being made): the transcript is
    back exactly there, so what follows does not race it."""

    def __init__(self, signal: np.ndarray, wait_at_s: float | None, judged: int = 1) -> None:
        self._clip = ClipSource(signal, name="test")
        self._judged = judged
        """How many speculative transcripts (a glance and the whole window's) are judged before it goes on."""
        self._wait_at = wait_at_s * 1000 if wait_at_s is not None else None
        self.pipeline: SpeechPipeline | None = None
        self.name = "test"
        self.live = True
        self.gate = threading.Event()
        if wait_at_s is None:
            self.gate.set()

    async def chunks(self):
        waited = self._wait_at is None
        async for chunk in self._clip.chunks():
            assert self.pipeline is not None and self._clip.started_ms is not None
            if not waited and chunk.start_ms - self._clip.started_ms >= self._wait_at:  # type: ignore[operator]
                self.gate.set()
                while self.pipeline.stats.speculative_back_in_pause < self._judged:
                    await asyncio.sleep(0.005)
                waited = True
            yield chunk


async def hear_live(
    signal: np.ndarray, texts: list[str], complete: set[str], wait_at_s: float | None,
    glances: list[tuple[str, ...] | None] | None = None, judged: int = 1, **speech: object,
) -> tuple[list[Utterance], SpeechPipeline, list[str]]:  # fmt: skip
    """Run a live source through the pipeline with a completeness check that knows `complete` (glances: the
    transcriber also glances; judged: the speculative transcripts judged before the audio goes on)."""
    asked: list[str] = []

    def is_complete(text: str, *others: str) -> bool:  # others must mean the same: here, the same words
        asked.append(text)
        return text in complete and all(other.rstrip(",.") == text for other in others)

    heard: list[Utterance] = []
    source = WaitingSource(signal, wait_at_s, judged)
    speech.setdefault("endpointing", EndpointingConfig(pause_ms=100, complete_silence_ms=300))
    transcriber = (
        GatedTranscriber(texts, source.gate) if glances is None else GlancingTranscriber(texts, glances, source.gate)
    )
    pipeline = SpeechPipeline(config(**speech), on_utterance=heard.append, source=source,
                              transcriber=transcriber, vad=LoudnessVad(),
                              complete=is_complete)  # fmt: skip
    source.pipeline = pipeline
    await asyncio.wait_for(pipeline.run(), 30)
    return heard, pipeline, asked


COMMAND = np.concatenate([silence(0.5), burst(0.8, 0.1), silence(1.5)])
"""Speech from 0.5 to 1.3 s; its pause begins at 1.4 s."""


async def test_a_whole_command_ends_after_the_shorter_silence_not_the_trailing_one() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the lamp"], {"turn on the lamp"}, 1.45)
    (utterance,) = heard
    assert asked == ["turn on the lamp"]
    assert utterance.text == "turn on the lamp" and utterance.timings.speculative and utterance.timings.early
    assert utterance.timings.endpoint_ms - utterance.timings.speech_end_ms == pytest.approx(300, abs=11)
    assert pipeline.stats.early_commits == 1 and pipeline.stats.speculative_used == 1


async def test_a_command_known_whole_late_ends_at_once() -> None:
    heard, _, _ = await hear_live(COMMAND, ["turn on the lamp"], {"turn on the lamp"}, 1.8)
    (utterance,) = heard
    assert utterance.timings.early
    assert utterance.timings.endpoint_ms - utterance.timings.speech_end_ms == pytest.approx(500, abs=31), (
        "ended when the transcript was judged, 500 ms into the silence"
    )


async def test_words_that_are_not_a_whole_command_wait_for_the_trailing_silence() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the"], set(), 1.45)
    (utterance,) = heard
    assert asked == ["turn on the"] and not utterance.timings.early
    assert utterance.timings.endpoint_ms - utterance.timings.speech_end_ms == pytest.approx(700, abs=11)
    assert pipeline.stats.early_commits == 0


async def test_the_wake_phrase_is_not_part_of_the_words_judged_whole() -> None:
    heard, _, asked = await hear_live(COMMAND, ["Hey house, turn on the lamp"], {"turn on the lamp"}, 1.45,
                                      listen=ListenConfig(mode="wake_phrase", wake_phrases=("hey house",)))  # fmt: skip
    assert asked == ["turn on the lamp"]
    assert [(u.text, u.reason, u.timings.early) for u in heard] == [("turn on the lamp", "wake_phrase", True)]


async def test_no_early_end_when_switched_off_or_when_the_audio_is_not_live() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the lamp"], {"turn on the lamp"}, None,
                                             commit_early=False)  # fmt: skip
    assert asked == [] and not heard[0].timings.early and pipeline.stats.early_commits == 0
    transcriber = ScriptedTranscriber(["turn on the lamp"])
    heard = []
    pipeline = SpeechPipeline(config(), on_utterance=heard.append, source=ClipSource(COMMAND, name="file"),
                              transcriber=transcriber, vad=LoudnessVad(), complete=lambda text: True)  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    assert [u.timings.early for u in heard] == [False] and pipeline.stats.early_commits == 0


async def test_a_glance_that_is_a_whole_command_ends_the_utterance_without_the_whole_window() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the lamp"], {"turn on the lamp"}, 1.45,
                                             glances=[("turn on the lamp", "turn on the lamp.")])  # fmt: skip
    (utterance,) = heard
    assert asked == ["turn on the lamp"] and utterance.text == "turn on the lamp" and utterance.timings.early
    assert utterance.timings.endpoint_ms - utterance.timings.speech_end_ms == pytest.approx(300, abs=11)
    assert pipeline.stats.glances_used == 1 and pipeline.transcriber.calls == [], "no whole-window run"


async def test_a_glance_that_is_no_whole_command_is_not_taken_the_whole_window_is() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the lamp"], {"turn on the lamp"}, 1.45,
                                             glances=[("turn on the lamp, turn on the",)], judged=2)  # fmt: skip
    (utterance,) = heard
    assert asked == ["turn on the lamp, turn on the", "turn on the lamp"]
    assert utterance.text == "turn on the lamp" and utterance.timings.early, "the whole window's words end it"
    assert pipeline.stats.glances_used == 0 and len(pipeline.transcriber.calls) == 1


async def test_without_a_glance_to_give_the_whole_window_is_transcribed() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the"], set(), 1.45, glances=[None])
    (utterance,) = heard
    assert asked == ["turn on the"] and utterance.text == "turn on the" and not utterance.timings.early
    assert utterance.timings.endpoint_ms - utterance.timings.speech_end_ms == pytest.approx(700, abs=11)
    assert pipeline.transcriber.glanced == 1 and len(pipeline.transcriber.calls) == 1


async def test_a_glance_whose_other_readings_mean_something_else_is_not_taken() -> None:
    heard, pipeline, asked = await hear_live(COMMAND, ["turn on the bed lamp"], {"turn on the lamp", "turn on the bed lamp"},
                                             1.45, glances=[("turn on the lamp", "turn on the bed lamp")],
                                             judged=2)  # fmt: skip
    (utterance,) = heard
    assert asked == ["turn on the lamp", "turn on the bed lamp"]
    assert utterance.text == "turn on the bed lamp" and utterance.timings.early
    assert pipeline.stats.glances_used == 0 and len(pipeline.transcriber.calls) == 1
