"""`assistantd eval` and `understand --audio` as tools: every line judged and reported (no line skipped), the
kinds of outcome, the per-line and per-turn JSON, where the trained model is cached, and the model used for
recordings."""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistantd import intents
from assistantd.cli.evaluate import AsTheDaemon, _grammar_alone, cache_directory, eval_config
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.config.speech import ListenConfig
from assistantd.evaluation.sentence_report import format_report, report_to_json
from assistantd.evaluation.sentence_scores import evaluate, summarize
from assistantd.evaluation.sentences import KINDS, EvalCase, case_from_json, score_case
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.thresholds import ACT_FLOOR
from assistantd.intent_model.checkpoint import checkpoint_path
from assistantd.intent_model.features import NO_EVIDENCE, Evidence
from assistantd.intents import Intent, Slots
from assistantd.speech.transcriber import Transcript
from tests.support.audio import have_espeak
from tests.support.configs import EXAMPLE, ROOT, SHARED_DATA
from tests.support.fakes import TableModel

HELDOUT = ROOT / "tests" / "heldout"
HOME = {
    "areas": [{"name": "Kitchen"}],
    "entities": [{"name": "Lamp", "domain": "light", "area": "Kitchen"}, {"name": "Fan", "domain": "fan"}],
}


def _case(intent: str, slots: dict[str, object] | None = None) -> EvalCase:
    return case_from_json({"text": "x", "intent": intent, "slots": slots or {}})


@pytest.mark.parametrize(
    ("expected", "slots", "read", "read_slots", "kind", "intent_ok", "slots_ok"),
    [
        ("HassTurnOn", {"name": "Lamp"}, "HassTurnOn", {"name": "lamp"}, "right", True, True),
        ("HassTurnOn", {"name": "Lamp"}, "HassTurnOn", {"name": "Fan"}, "wrong_slots", True, False),
        ("HassTurnOn", {"name": "Lamp"}, "HassTurnOff", {"name": "Lamp"}, "acted_wrongly", False, False),
        ("HassTurnOn", {"name": "Lamp"}, "HassBroadcast", {}, "wrong_intent", False, False),
        ("HassTurnOn", {"name": "Lamp"}, "none", {}, "rejected_command", False, False),
        ("none", {}, "none", {}, "rejected_right", True, True),
        ("none", {}, "HassTurnOn", {"name": "Lamp"}, "acted_on_non_command", False, False),
        ("none", {}, "AssistantDecline", {}, "rejected_right", True, True),  # a "nah" with nothing asked
        ("HassBroadcast", {"start_minutes": 5}, "AssistantConfirm", {}, "rejected_right", True, True),
        ("HassBroadcast", {"start_minutes": 5}, "none", {}, "rejected_right", True, True),
        ("HassBroadcast", {"start_minutes": 5}, "HassGetState", {}, "acted_on_non_command", False, False),
        ("HassBroadcast", {"start_minutes": 5}, "HassBroadcast", {"start_minutes": 5}, "acted_on_non_command",
         False, False),
    ],
)  # fmt: skip
def test_every_line_has_one_kind_of_outcome(
    expected: str, slots: dict, read: str, read_slots: dict, kind: str, intent_ok: bool, slots_ok: bool
) -> None:
    outcome = score_case(_case(expected, slots), read, read_slots)
    assert (outcome.kind, outcome.intent_ok, outcome.slots_ok) == (kind, intent_ok, slots_ok)
    assert outcome.kind in KINDS


def test_summary_counts_each_kind_and_the_figures_apart() -> None:
    lamp = {"name": "Lamp"}
    report = summarize([
        score_case(_case("HassTurnOn", lamp), "HassTurnOn", lamp),
        score_case(_case("HassTurnOn", lamp), "HassTurnOff", lamp),
        score_case(_case("HassTurnOff", lamp), "HassTurnOn", lamp, asked=True),
        score_case(_case("HassTurnOff", lamp), "none", {}),
        score_case(_case("none"), "none", {}),
        score_case(_case("none"), "HassTurnOn", lamp),
        score_case(_case("HassListCompleteItem"), "HassGetState", {}),
        score_case(_case("HassListCompleteItem"), "none", {}),
        score_case(_case("HassBroadcast"), "none", {}),
    ])  # fmt: skip
    assert (report.total, report.supported, report.commands) == (9, 6, 4)
    assert (report.intent_correct, report.all_intent_correct, report.all_slots_correct) == (2, 4, 4)
    assert report.non_commands == (1, 2) and report.unsupported_acted_on == (1, 3)
    assert dict(report.kinds) == {
        "right": 1, "wrong_slots": 0, "acted_wrongly": 2, "wrong_intent": 0, "rejected_command": 1,
        "rejected_right": 3, "acted_on_non_command": 2,
    }  # fmt: skip
    assert (report.at_once("acted_wrongly"), report.asked) == (1, (1, 1))
    assert [(s.intent, s.total, s.intent_correct) for s in report.unsupported] == [
        ("HassListCompleteItem", 2, 1),
        ("HassBroadcast", 1, 1),
    ]
    text = format_report(report)
    assert "\nall lines (9; " in text
    for line in (
        "  intent right:    44.4% (4/9)",
        "  acted wrongly:                 2 of 4 commands (another command), 1 at once",
        '  asked first ("did you mean"): 1 readings, 1 of them wrong',
        "  commands lost:                 1 of 4 (not taken for one)",
        "  non-commands rejected:         1 of 2",
        "  unsupported requests acted on: 1 of 3",
        "HassListCompleteItem             2        1",
    ):
        assert line in text.splitlines(), text


def test_the_report_notes_lines_wrong_only_on_name_all() -> None:
    everywhere = _case("HassTurnOff", {"domain": "light"})
    report = summarize([
        score_case(everywhere, "HassTurnOff", {"domain": "light", "name": "all"}),
        score_case(everywhere, "HassTurnOff", {"domain": "light", "name": "all"}),
        score_case(everywhere, "HassTurnOff", {"domain": "fan"}),
    ])  # fmt: skip
    assert report.only_name_all == 2 and report.slots_correct == 0
    assert 'note: 2 lines fail only on name "all"' in format_report(report)
    assert [line["only_name_all"] for line in report_to_json(report)["lines"]] == [True, True, False]
    assert "name \"all\"" not in format_report(summarize([score_case(everywhere, "HassTurnOff", {"domain": "light"})]))


class _Scripted:
    """A recognizer that reads each text as its script says (anything else as no command)."""

    def __init__(self, script: dict[str, Intent]) -> None:
        self.script = script

    def recognize(self, text: str, *, area_id: str | None = None) -> Intent:
        return self.script.get(text, intents.no_intent(text))


def test_every_line_is_read_and_reported_with_its_reading_as_json() -> None:
    lines = [
        {"text": "lamp on", "intent": "HassTurnOn", "slots": {"name": "Lamp"}, "context": {"area": "Kitchen"}},
        {"text": "set a timer", "intent": "HassBroadcast", "slots": {"start_minutes": 5}},
        {"text": "cancel the timer", "intent": "HassListCompleteItem", "slots": {}},
        {"text": "nice weather", "intent": "none", "slots": {}},
    ]
    script = {
        "lamp on": Intent("HassTurnOn", Slots(name="Lamp"), confidence=0.87, recognizer="model"),
        "cancel the timer": Intent("HassGetState", Slots(name="Lamp"), confidence=0.7, recognizer="grammar"),
    }
    report = evaluate([case_from_json(line) for line in lines], home=HOME, recognizer_for=lambda _: _Scripted(script))
    document = json.loads(json.dumps(report_to_json(report)))
    assert document["total"] == 4 and document["supported"] == 2
    assert document["all_lines"] == {
        "total": 4, "intent_correct": 3, "slots_correct": 3, "intent_accuracy": 0.75, "slot_accuracy": 0.75,
        "commands": 1, "acted_wrongly": 0, "acted_wrongly_at_once": 0, "asked_first": 0, "asked_first_wrong": 0,
        "acted_on_non_commands_at_once": 1, "commands_rejected": 0, "non_commands": 1, "non_commands_rejected": 1,
        "unsupported": 2, "unsupported_acted_on": 1,
    }  # fmt: skip
    first, *_, last = document["lines"]
    assert first == {
        "text": "lamp on", "area": "Kitchen", "expected_intent": "HassTurnOn", "expected_slots": {"name": "Lamp"},
        "intent": "HassTurnOn", "slots": {"name": "Lamp"}, "confidence": 0.87, "recognizer": "model",
        "intent_ok": True, "slots_ok": True, "kind": "right", "asked": False, "only_name_all": False, "source": "",
    }  # fmt: skip
    assert [line["kind"] for line in document["lines"]] == [
        "right", "rejected_right", "acted_on_non_command", "rejected_right",
    ]  # fmt: skip
    assert last["recognizer"] == "" and last["intent"] == "none"


@pytest.mark.skipif(not (HELDOUT / "ha_unservable_dev.jsonl").is_file(), reason="no held-out dev sentences")
@pytest.mark.skipif(not (SHARED_DATA / "ha-intents").is_dir(), reason=f"no Home Assistant fixtures in {SHARED_DATA}")
def test_the_command_line_reads_unservable_lines_and_says_what_became_of_them() -> None:
    """Requests the home cannot serve (timers, appliances it lacks) are scored, never skipped; those it serves
    locally now (the clock, the weather, vacuums, lists, media search) are scored as commands."""
    dataset = HELDOUT / "ha_unservable_dev.jsonl"
    lines = sum(1 for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip())
    result = subprocess.run(
        [sys.executable, "-m", "assistantd", "eval", "--dataset", str(dataset), "--recognizer", "grammar",
         "--home", str(SHARED_DATA / "ha-intents" / "en_fixtures.yaml"), "--json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["lines"]) == document["total"] == lines
    totals = document["all_lines"]
    served = sum(line["expected_intent"] in intents.HA_INTENTS for line in document["lines"])
    assert totals["unsupported"] + totals["non_commands"] + served == lines > 0
    assert totals["commands"] == served
    assert sum(document["kinds"].values()) == lines
    acted_on = sum(line["kind"] == "acted_on_non_command" for line in document["lines"])
    assert acted_on == totals["unsupported_acted_on"] + totals["non_commands"] - totals["non_commands_rejected"]


def test_the_user_cache_directory() -> None:
    assert cache_directory({"XDG_CACHE_HOME": "/var/cache/me", "HOME": "/home/me"}) == Path(
        "/var/cache/me/assistantd"
    )
    assert cache_directory({"HOME": "/home/me"}) == Path("/home/me/.cache/assistantd")
    assert cache_directory({"XDG_CACHE_HOME": "relative", "HOME": "/home/me"}) == Path("/home/me/.cache/assistantd")


def _args(**given: object) -> argparse.Namespace:
    return argparse.Namespace(**{"config": None, "home": None, "state_dir": None, **given})


def test_the_model_of_a_home_is_cached_by_its_hash_in_the_state_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = eval_config(_args(home=Path("home.yaml"), state_dir=tmp_path / "state"), HOME)
    assert given.state_directory == tmp_path / "state"
    assert checkpoint_path(given).parent == tmp_path / "state" / "models"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    default = eval_config(_args(home=Path("home.yaml")), HOME)
    assert checkpoint_path(default) == tmp_path / "cache" / "assistantd" / "models" / checkpoint_path(given).name
    example = load_config(EXAMPLE)
    assert eval_config(_args(config=str(EXAMPLE)), None).state_directory == example.state_directory
    assert eval_config(_args(config=str(EXAMPLE), state_dir=tmp_path), None).state_directory == tmp_path


def test_eval_scores_multimodal_turns_per_category_and_lists_every_turn_as_json() -> None:
    turns = ROOT / "assistantd" / "evaluation" / "data" / "turns.jsonl"
    command = [sys.executable, "-m", "assistantd", "eval", "--turns", str(turns), "--recognizer", "grammar"]
    result = subprocess.run(
        [*command, "--config", str(EXAMPLE), "--json"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    scores, turns_read = document["categories"], document["turns"]
    categories = {"confirmation", "context", "deixis", "follow-up", "gesture-only", "named", "rejection",
                  "context-here", "context-media", "context-quiet", "speaker"}  # fmt: skip
    assert set(scores) == {"all", *categories}
    assert scores["all"]["total"] == sum(s["total"] for k, s in scores.items() if k != "all") >= 300
    assert scores["named"]["right"] == scores["named"]["total"]  # the grammar gets every named device
    assert scores["gesture-only"]["right"] < scores["gesture-only"]["total"]  # and reads no gesture
    assert len(turns_read) == scores["all"]["total"]
    assert sum(turn["right"] for turn in turns_read) == scores["all"]["right"]
    for category in categories:
        chosen = [turn for turn in turns_read if turn["category"] == category]
        assert (len(chosen), sum(turn["right"] for turn in chosen)) == tuple(scores[category].values())
    assert set(turns_read[0]) == {
        "id", "category", "text", "expected", "got", "chosen_by", "left_alone", "recognizer", "confidence",
        "right",
    }  # fmt: skip
    named = next(turn for turn in turns_read if turn["category"] == "named")
    assert named["recognizer"] == "grammar" and named["chosen_by"] == "words" and named["right"]
    assert named["got"]["targets"] == named["expected"]["targets"]


def test_eval_scores_turns_with_and_without_their_context() -> None:
    turns = ROOT / "assistantd" / "evaluation" / "data" / "turns.jsonl"
    command = [sys.executable, "-m", "assistantd", "eval", "--turns", str(turns), "--recognizer", "grammar"]
    result = subprocess.run(
        [*command, "--config", str(EXAMPLE), "--context", "both", "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    scores = document["categories"]
    quiet = scores["context-quiet"]
    assert quiet["right"] == quiet["total"]  # the grammar reads these; the context chooses the devices
    assert quiet["right_without_context"] < quiet["right"]
    assert scores["named"]["right_without_context"] == scores["named"]["right"]
    left = [turn for turn in document["turns"] if turn["left_alone"]]
    assert left and all(item["reason"] for turn in left for item in turn["left_alone"])
    table = subprocess.run(
        [*command, "--config", str(EXAMPLE), "--context", "both"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "with context" in table.stdout and "without context" in table.stdout


class _Heard:
    """A transcriber that hears the same words in any audio."""

    def __init__(self, text: str) -> None:
        self.text = text

    def load(self) -> None:
        pass

    def transcribe(self, samples: np.ndarray) -> Transcript:
        return Transcript(self.text, -0.1, 0.01, 1.0, transcribe_ms=1.0)


class _LampModel:
    """An intent model that reads every turn as the floor lamp on."""

    def recognize(self, text: str, *, area_id: str | None = None, evidence: Evidence = NO_EVIDENCE) -> Intent:
        return Intent("HassTurnOn", Slots(name="Floor Lamp"), confidence=0.9, text=text, recognizer="model")

    def known_words(self) -> list[str]:
        return []

    def unknown_words(self, text: str) -> tuple[str, ...]:
        return ()


@pytest.mark.skipif(not have_espeak(), reason="needs espeak-ng")
async def test_understand_audio_reads_what_was_heard_with_the_model_it_is_given(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper", reason="the silero VAD ships with faster-whisper (the speech extra)")
    from assistantd.cli.understand_audio import understand_audio
    from tests.support.audio import espeak, pad, write_wav

    config = load_config(EXAMPLE)
    assert config.speech is not None
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, listen=ListenConfig(mode="always")))
    clip = write_wav(tmp_path / "glow.wav", pad(espeak("make the reading corner glow"), 0.5, 1.0))
    words = "make the reading corner glow"
    alone = await understand_audio(config, clip, transcriber=_Heard(words))
    with_model = await understand_audio(config, clip, transcriber=_Heard(words), model=_LampModel())  # type: ignore[arg-type]
    assert [c.explanation.intent for c in alone.commands if c.explanation] == ["none"]
    (heard,) = [c.explanation for c in with_model.commands if c.explanation]
    assert (heard.intent, heard.recognizer, heard.targets) == ("HassTurnOn", "model", ("floor_lamp",))
    assert heard.actions[0].topic == "zigbee2mqtt/living_room/floor_lamp/set"



def test_readings_the_assistant_would_ask_about_first_are_counted_apart() -> None:
    """A reading not certain enough to act on at once is asked about ("Did you mean ...?"): it is no
    wrong action carried out, and the report says how many were asked and how many of them were wrong."""
    lines = [
        {"text": "bring the lamp to life", "intent": "HassTurnOn", "slots": {"name": "Lamp"}},
        {"text": "bring the fan to life", "intent": "HassTurnOn", "slots": {"name": "Fan"}},
    ]
    script = {
        "bring the lamp to life": Intent("HassTurnOff", Slots(name="Lamp"), ACT_FLOOR - 0.1, recognizer="model"),
        "bring the fan to life": Intent("HassTurnOff", Slots(name="Fan"), ACT_FLOOR + 0.1, recognizer="model"),
    }

    def recognizer_for(config: Config) -> CombinedRecognizer:  # the daemon's: the grammar, then the model
        return CombinedRecognizer(config, model=TableModel(script))  # type: ignore[arg-type]

    report = evaluate([case_from_json(line) for line in lines], home=HOME, recognizer_for=recognizer_for)
    assert [outcome.asked for outcome in report.outcomes] == [True, False]
    assert (report.count("acted_wrongly"), report.at_once("acted_wrongly"), report.asked) == (2, 1, (1, 1))


def test_sentences_are_scored_as_the_daemon_reads_a_command() -> None:
    """eval --dataset reads each line as a turn of its own, as the daemon does: what the turn does after the
    recognizer (the kind of device said beside "that") is in the score."""
    config = load_config(EXAMPLE)
    combined = _grammar_alone(config)
    daemon = AsTheDaemon(config, combined)
    assert combined.recognize("turn that light off").slots.domain is None
    read = daemon.recognize("turn that light off")
    assert (read.name, read.slots.domain) == (intents.TURN_OFF, "light")
    assert not daemon.asks_first(read)
    unsure = daemon.recognize("open the fan", area_id="bedroom")
    assert (unsure.name, daemon.asks_first(unsure)) == (intents.TURN_ON, True)
