"""The daemon's model keeper: trains in its own thread, caches by config hash, hands the model over, and
keeps out of the way when the config turns the model off. A short real training (1 epoch)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest

from tests.support.configs import EXAMPLE

pytest.importorskip("torch", reason="the model extra is not installed (pip install '.[model]')")

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.service import RecognizerConfig
from assistantd.config.settings import Config
from assistantd.intent_model.checkpoint import checkpoint_path
from assistantd.intent_model.keeper import ModelKeeper
from assistantd.intent_model.predictor import ModelRecognizer
from assistantd.intent_model.recipe import TrainingConfig

QUICK = TrainingConfig(epochs=1, per_pattern=2)


@pytest.fixture
def home(tmp_path: Path) -> Config:
    return dataclasses.replace(load_config(EXAMPLE), state_directory=tmp_path)


async def keep(keeper: ModelKeeper, config: Config, models: list[object], count: int) -> None:
    """Run the keeper until it handed over count models (or 120 s passed)."""
    task = asyncio.create_task(keeper.run())
    keeper.request(config)
    try:
        async with asyncio.timeout(120):
            while len(models) < count:
                await asyncio.sleep(0.05)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_trains_once_then_loads_from_the_state_directory(home: Config) -> None:
    models: list[tuple[Config, object]] = []
    keeper = ModelKeeper(lambda config, model: models.append((config, model)), QUICK)
    await keep(keeper, home, models, 1)
    assert models[0][0] is home
    assert checkpoint_path(home, QUICK).is_file()
    model = models[0][1]
    assert isinstance(model, ModelRecognizer)
    [prediction] = model.predict(["turn on the floor lamp"])
    assert prediction.intent in intents.ALL_INTENTS and 0.0 <= prediction.confidence <= 1.0
    assert keeper.fits(home)
    renamed = dataclasses.replace(home, devices=(dataclasses.replace(home.devices[0], name="Reading Lamp"),))
    assert not keeper.fits(renamed)
    stamp = checkpoint_path(home, QUICK).stat().st_mtime_ns
    again: list[tuple[Config, object]] = []
    await keep(ModelKeeper(lambda config, model: again.append((config, model)), QUICK), home, again, 1)
    assert checkpoint_path(home, QUICK).stat().st_mtime_ns == stamp  # loaded, not trained again


async def test_a_config_without_the_model_gets_none(home: Config, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistantd.intent_model.keeper")
    off = dataclasses.replace(home, recognizer=RecognizerConfig(model=False))
    models: list[object] = []
    keeper = ModelKeeper(lambda config, model: models.append(model), QUICK)
    task = asyncio.create_task(keeper.run())
    keeper.request(off)
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert models == []
    assert not (home.state_directory / "models").exists()
    assert "Intent model off (recognizer.model: false)" in caplog.text


async def test_a_model_that_cannot_be_placed_leaves_the_grammar_serving(
    home: Config, caplog: pytest.LogCaptureFixture
) -> None:
    nowhere = dataclasses.replace(home, recognizer=RecognizerConfig(device="cuda"))
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    models: list[object] = []
    keeper = ModelKeeper(lambda config, model: models.append(model), QUICK)
    task = asyncio.create_task(keeper.run())
    keeper.request(nowhere)
    async with asyncio.timeout(120):
        while "Intent model off" not in caplog.text:
            await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert models == []
    assert "the grammar serves alone" in caplog.text
