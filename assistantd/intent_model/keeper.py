"""The intent model in a running daemon: trained for the config when it has none yet and loaded in a
worker thread after READY, so the grammar serves from the first second and the model joins it when ready.

Training takes tens of seconds on a CPU; it runs in a thread of its own (not the event loop's executor)
and is abandoned between two batches when the daemon stops or the config changes again; at shutdown the
daemon waits for that (a thread left inside torch when the interpreter exits aborts the process).
torch is imported only in that thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistantd.config.service import RecognizerConfig
from assistantd.config.settings import Config
from assistantd.errors import TrainingStopped
from assistantd.intent_model.checkpoint import checkpoint_path, load_model
from assistantd.intent_model.recipe import TrainingConfig, config_fingerprint

if TYPE_CHECKING:
    from assistantd.intent_model.predictor import ModelRecognizer

_LOGGER = logging.getLogger(__name__)

OnModel = Callable[[Config, "ModelRecognizer"], None]
"""Called on the event loop with a model ready for the config it was trained for."""


JOIN_SECONDS = 10.0
"""How long shutdown waits for the worker to leave torch (a batch takes milliseconds; loading torch
itself can take a few seconds)."""


class ModelKeeper:
    """Keeps the assistant's intent model in step with the config."""

    def __init__(self, on_model: OnModel, training: TrainingConfig | None = None) -> None:
        """on_model receives each model; training: how to train (None: the model's defaults)."""
        self._on_model = on_model
        self._training = training
        self._wanted: Config | None = None
        self._wake = asyncio.Event()
        self._abandon = threading.Event()
        self._fingerprint: str | None = None
        self._settings: RecognizerConfig | None = None
        self._missing_reported = False
        self._thread: threading.Thread | None = None

    def request(self, config: Config) -> None:
        """Ask for a model for config (nothing when the config turns the model off)."""
        self._abandon.set()  # a training for an older config stops before its next batch
        self._fingerprint = None
        if not config.recognizer.model:
            _LOGGER.info("Intent model off (recognizer.model: false): the grammar serves alone")
            self._wanted = None
            return
        self._wanted = config
        self._wake.set()

    @property
    def ready(self) -> bool:
        """Whether a model trained for the config asked for is in use."""
        return self._fingerprint is not None

    @property
    def fingerprint(self) -> str | None:
        """The fingerprint of the configuration the model in use was trained for (None: no model yet)."""
        return self._fingerprint

    @property
    def working(self) -> bool:
        """Whether a model is being trained or loaded."""
        return self._thread is not None and self._thread.is_alive()

    def fits(self, config: Config) -> bool:
        """Whether the model in use was trained for what config names (its fingerprint is unchanged)."""
        if self._fingerprint is None or config.recognizer != self._settings:
            return False
        return self._fingerprint_of(config) == self._fingerprint

    def _fingerprint_of(self, config: Config) -> str:
        return config_fingerprint(config, self._training or TrainingConfig())

    def stop(self) -> None:
        """Abandon any training and wait for the worker to leave it."""
        self._abandon.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(JOIN_SECONDS)
            if self._thread.is_alive():
                _LOGGER.warning("Intent model: the worker thread did not stop within %.0f s", JOIN_SECONDS)

    async def run(self) -> None:
        """The task: train or load what is asked for, one config at a time."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                config = self._wanted
                if config is None:
                    continue
                self._abandon.clear()
                done: asyncio.Future[ModelRecognizer | None] = loop.create_future()
                self._thread = threading.Thread(
                    target=self._work, args=(config, loop, done), name="intent-model", daemon=True
                )
                self._thread.start()
                model = await done
                if model is not None and config is self._wanted:
                    self._fingerprint = self._fingerprint_of(config)
                    self._settings = config.recognizer
                    self._on_model(config, model)
        finally:
            self.stop()

    def _work(
        self, config: Config, loop: asyncio.AbstractEventLoop, done: asyncio.Future[ModelRecognizer | None]
    ) -> None:
        """In the worker thread: the model for config, or None (with the reason logged)."""
        model = None
        try:
            model = self._load(config)
        except ImportError as err:
            if not self._missing_reported:
                _LOGGER.error(
                    "Intent model off: its packages are missing (pip install 'assistantd[model]'): %s; "
                    "the grammar serves alone",
                    err,
                )
                self._missing_reported = True
        except TrainingStopped:
            _LOGGER.info("Intent model: training abandoned")
        except Exception as err:  # noqa: BLE001 - any failure leaves the grammar serving, loudly
            _LOGGER.error("Intent model off: %s: %s; the grammar serves alone", type(err).__name__, err)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: the daemon has stopped
            loop.call_soon_threadsafe(_settle, done, model)

    def _load(self, config: Config) -> ModelRecognizer:
        started = time.monotonic()
        training = self._training or TrainingConfig()
        cached = checkpoint_path(config, training).is_file()
        if not cached:
            _LOGGER.info(
                "Intent model: training for this configuration (%d devices, %d areas); the grammar serves meanwhile",
                len(config.devices),
                len(config.areas),
            )

        def progress(epoch: int, epochs: int, loss: float) -> None:
            _LOGGER.info(
                "Intent model: epoch %d/%d, loss %.4f (%.0f s)",
                epoch,
                epochs,
                loss,
                time.monotonic() - started,
            )

        model = load_model(
            config,
            training,
            device=config.recognizer.model_device,
            progress=progress,
            stop=self._abandon.is_set,
        )
        _LOGGER.info(
            "Intent model ready on %s (%s in %.1f s)",
            model.device,
            "loaded" if cached else "trained",
            time.monotonic() - started,
        )
        return model


def _settle(done: asyncio.Future[ModelRecognizer | None], model: ModelRecognizer | None) -> None:
    if not done.done():
        done.set_result(model)
