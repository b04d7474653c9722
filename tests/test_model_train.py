"""The torch intent model: shapes, seeded training, self-describing checkpoints, the cache, the combination."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.configs import EXAMPLE

torch = pytest.importorskip("torch", reason="the model extra is not installed (pip install '.[model]')")

from assistantd import intents
from assistantd.config.schema import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.intent_model.checkpoint import checkpoint_path, load_model, train_cached
from assistantd.intent_model.encoding import Vocabulary, encode
from assistantd.intent_model.features import CONTEXT_SIZE, TRIGRAM_BUCKETS, Evidence
from assistantd.intent_model.net import IntentModel, Labels, NetConfig
from assistantd.intent_model.predictor import ModelRecognizer, Prediction
from assistantd.intent_model.recipe import TrainingConfig, config_fingerprint
from assistantd.intent_model.training import fit_temperature, train

TINY = TrainingConfig(per_pattern=3, epochs=2, d_model=32, n_layers=1, members=2)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    state = tmp_path_factory.mktemp("state")
    return dataclasses.replace(load_config(EXAMPLE), state_directory=state)


@pytest.fixture(scope="module")
def checkpoint(config):
    seen: list[tuple[int, int, float]] = []
    result = train(config, TINY, progress=lambda epoch, epochs, loss: seen.append((epoch, epochs, loss)))
    result["progress"] = seen
    return result

INTENTS = len(intents.ALL_INTENTS)


def test_forward_shapes_and_loss() -> None:
    config = NetConfig(50, TRIGRAM_BUCKETS, INTENTS, 8, 14, 7, CONTEXT_SIZE, d_model=16, n_heads=2, n_layers=1)
    model = IntentModel(config)
    vocabulary = Vocabulary(["<pad>", "<summary>", "<unk>", "turn", "on"])
    batch = encode(vocabulary, [["turn", "on"], []], [Evidence(), Evidence(gesture="wave")])
    assert batch.words.shape == (2, 3) and batch.trigrams.shape[:2] == (2, 3)
    logits, loss = model(batch)
    assert loss is None
    assert logits.intent.shape == (2, INTENTS) and logits.tags.shape == (2, 3, 8) and logits.command.shape == (2,)
    assert logits.weights.shape == (2, 3) and bool(((logits.weights > 0) & (logits.weights < 1)).all())
    tags = torch.tensor([[-100, 1, 0], [-100, -100, -100]])
    _, loss = model(batch, Labels(torch.tensor([0, INTENTS - 1]), tags, torch.tensor([1.0, 0.0])))
    assert loss is not None and loss.ndim == 0 and loss.item() > 0


def test_ensemble_averages_its_members_in_probability() -> None:
    config = NetConfig(
        50, TRIGRAM_BUCKETS, INTENTS, 8, 14, 7, CONTEXT_SIZE, d_model=16, n_heads=2, n_layers=1, members=2
    )
    model = IntentModel(config).eval()
    vocabulary = Vocabulary(["<pad>", "<summary>", "<unk>", "turn", "on"])
    batch = encode(vocabulary, [["turn", "on"]], [Evidence()])
    logits, _ = model(batch)
    members = [member(batch)[0] for member in model.members]
    mean = torch.stack([m.intent.softmax(-1) for m in members]).mean(0)
    assert torch.allclose(logits.intent.exp(), mean, atol=1e-6)
    assert torch.allclose(
        logits.command.sigmoid(), torch.stack([m.command.sigmoid() for m in members]).mean(0)
    )
    tags = torch.tensor([[-100, 1, 0]])
    targets = Labels(torch.tensor([3]), tags, torch.tensor([1.0]))
    _, loss = model.train()(batch, targets)
    assert loss is not None and loss.ndim == 0


def test_checkpoint_is_self_describing(checkpoint, tmp_path: Path) -> None:
    assert [epoch for epoch, _, _ in checkpoint["progress"]] == [1, 2]
    assert checkpoint["labels"] == list(intents.ALL_INTENTS)
    assert {"config", "labels", "tags", "vocab", "state_dict", "temperature"} <= set(checkpoint)
    path = tmp_path / "model.pt"
    torch.save({k: v for k, v in checkpoint.items() if k != "progress"}, path)
    loaded = torch.load(path, weights_only=True)
    assert loaded["vocab"] == checkpoint["vocab"] and loaded["config"]["d_model"] == 32


def test_training_is_reproducible(config, checkpoint) -> None:
    again = train(config, TINY)
    assert again["vocab"] == checkpoint["vocab"]
    for name, tensor in checkpoint["state_dict"].items():
        assert torch.equal(tensor, again["state_dict"][name]), name


def test_cache_by_fingerprint(config) -> None:
    path = train_cached(config, TINY)
    assert path == checkpoint_path(config, TINY) and path.is_file()
    stamp = path.stat().st_mtime_ns
    assert train_cached(config, TINY) == path and path.stat().st_mtime_ns == stamp
    renamed = dataclasses.replace(config.devices[0], aliases=("big lamp",))
    changed = dataclasses.replace(config, devices=(renamed, *config.devices[1:]))
    assert config_fingerprint(changed, TINY) != config_fingerprint(config, TINY)
    moved = dataclasses.replace(config, state_directory=config.state_directory / "elsewhere")
    assert config_fingerprint(moved, TINY) == config_fingerprint(config, TINY)


def test_prediction_batches_agree_with_single_turns(config, checkpoint) -> None:
    model = ModelRecognizer(checkpoint, config, device="cpu")
    texts = ["turn on the floor lamp", "", "what a lovely day"]
    evidence = [Evidence(), Evidence(gesture="thumb_up", awaiting_confirmation=True), Evidence()]
    together = model.predict(texts, evidence)
    for text, seen, one in zip(texts, evidence, together):
        alone = model.predict([text], [seen])[0]
        assert alone.intent == one.intent and alone.confidence == pytest.approx(one.confidence, abs=1e-5)
        assert 0.0 <= one.command <= 1.0


def _read(model: ModelRecognizer, intent: str, spans, text: str, area_id: str | None = None):
    prediction = Prediction(intent, 0.9, 0.9, tuple(spans), tuple(text.split()), (0.0, 0.0, 0.0))
    return model.to_intent(prediction, text, area_id)


def test_slots_from_tagged_words(config, checkpoint) -> None:
    model = ModelRecognizer(checkpoint, config, device="cpu")
    lamp = _read(model, intents.TURN_ON, [("name", "living room lamp")], "turn on the living room lamp")
    assert (lamp.name, lamp.slots.as_dict()) == (intents.TURN_ON, {"name": "Floor Lamp"})
    half = _read(model, intents.LIGHT_SET, [("brightness", "half")], "lights to half", "bedroom")
    assert half.slots.as_dict() == {"area": "Bedroom", "brightness": 50}
    site = _read(model, intents.TURN_OFF, [], "lights off")  # heard in the site's own area
    assert site.slots.as_dict() == {"area": "Living Room", "domain": "light"}
    nowhere = _read(model, intents.TURN_OFF, [], "lights off", "")
    assert nowhere.slots.as_dict() == {"domain": "light"}


def test_a_device_the_home_lacks_is_no_command(config, checkpoint) -> None:
    model = ModelRecognizer(checkpoint, config, device="cpu")
    toaster = _read(model, intents.TURN_ON, [("name", "toaster")], "turn on the toaster")
    assert not toaster.is_command and toaster.name == intents.NONE
    question = _read(model, intents.GET_STATE, [("name", "toaster")], "is the toaster on")
    assert not question.is_command  # nothing of the home's to ask about
    assert not _read(model, intents.GET_STATE, [], "is pluto still a planet").is_command
    pointed = _read(model, intents.GET_STATE, [], "is that on")  # the device pointed at
    assert pointed.is_command and pointed.slots.as_dict() == {}


def test_temperature_fit() -> None:
    logits = torch.tensor([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    assert fit_temperature(logits, torch.tensor([0, 0, 1, 1])) > 1.0
    assert fit_temperature(logits, torch.tensor([0, 0, 0, 1])) == 0.5


def test_combined_keeps_certain_grammar_matches(config) -> None:
    model = load_model(config, TINY, device="cpu")
    combined = CombinedRecognizer(config, model=model)
    intent = combined.recognize("turn on the floor lamp")
    assert (intent.name, intent.slots.name, intent.recognizer) == (intents.TURN_ON, "Floor Lamp", "grammar")
    alone = CombinedRecognizer(config)
    assert alone.recognize("turn on the floor lamp") == combined.grammar.recognize("turn on the floor lamp")
    assert not alone.recognize("", evidence=Evidence(gesture="thumb_up")).is_command


def test_text_only_path_never_imports_torch() -> None:
    code = (
        "import sys, assistantd.fusion.combined, assistantd.fusion.targets; assert 'torch' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
