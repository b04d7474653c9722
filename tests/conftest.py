"""Shared fixtures: a private Mosquitto per test (never the system broker on 1883), and checks that fail a
test which leaves tasks or threads running or whose event loop only logged an error."""

from __future__ import annotations

import asyncio
import gc
import logging
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support import vision
from tests.support.broker import Mosquitto
from tests.support.configs import EXAMPLE, SHARED_DATA
from tests.support.models import Trainings

THREAD_GRACE_SECONDS = 5.0
"""How long a thread the test started may take to finish after it (joined, not slept)."""
LIBRARY_THREADS = frozenset({"tqdm_monitor"})
"""Threads a library starts once for the whole process (tqdm's monitor, started by faster-whisper's
model lookup), not left behind by the code under test."""


class _TrackedTask(asyncio.Task):  # type: ignore[type-arg]
    """A task that notes when it is cancelled by an event loop's shutdown rather than by the code."""

    def cancel(self, msg: Any | None = None) -> bool:
        if not self.done() and not self.get_loop().is_running():
            _LEFT_RUNNING.append(self.get_name() + ": " + repr(self.get_coro()))
        return super().cancel(msg)


def _task_factory(
    loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **options: Any
) -> asyncio.Task[Any]:
    return _TrackedTask(coro, loop=loop, **options)


class _TrackingPolicy(asyncio.DefaultEventLoopPolicy):
    """Every new loop counts (a test that ran one is checked for forgotten tasks) and tracks its tasks."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        loop.set_task_factory(_task_factory)
        _LOOPS_MADE[0] += 1
        return loop


_LEFT_RUNNING: list[str] = []
"""Tasks still running when their loop was shut down (asyncio.run and pytest-asyncio cancel them)."""
_LOOPS_MADE = [0]
_POLICY = _TrackingPolicy()


def pytest_configure(config: pytest.Config) -> None:
    """asyncio.run and pytest-asyncio's runners both make their loops with the global policy."""
    asyncio.set_event_loop_policy(_POLICY)


@pytest.fixture(autouse=True)
def _fail_on_leftovers(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test that leaves a task or a thread running, or whose event loop only logged an error (a
    task or future exception never retrieved: collected once the test is over, only if a loop ran)."""
    threads = set(threading.enumerate())
    loops, left = _LOOPS_MADE[0], len(_LEFT_RUNNING)
    yield
    stragglers = [t for t in threading.enumerate() if t not in threads and t.name not in LIBRARY_THREADS]
    for thread in stragglers:
        thread.join(THREAD_GRACE_SECONDS)
    alive = [thread.name for thread in stragglers if thread.is_alive()]
    assert not alive, f"the test left threads running: {alive}"
    assert len(_LEFT_RUNNING) == left, f"the test left tasks running: {_LEFT_RUNNING[left:]}"
    if _LOOPS_MADE[0] == loops:
        return
    gc.collect()  # a forgotten failed task reports itself when collected
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.get_records("teardown")]
    errors = [r.getMessage() for r in records if r.name == "asyncio" and r.levelno >= logging.ERROR]
    assert not errors, f"the event loop logged errors: {errors}"


@pytest.fixture(scope="session")
def trainings(tmp_path_factory: pytest.TempPathFactory) -> Trainings:
    """The full trainings of this test run, each configuration's trained once (see support/models.py)."""
    return Trainings(tmp_path_factory.mktemp("trainings"))


@pytest.fixture(scope="session")
def example_grammar() -> GrammarRecognizer:
    """The example home's grammar, compiled once for the run."""
    return GrammarRecognizer(load_config(EXAMPLE))


@pytest.fixture(scope="session")
def example_reader(example_grammar: GrammarRecognizer) -> CombinedRecognizer:
    """The example home's grammar and fusion without a model (what the grammar reads with certainty)."""
    return CombinedRecognizer(load_config(EXAMPLE), grammar=example_grammar)


@pytest.fixture(scope="session")
def example_turns(example_reader: CombinedRecognizer) -> TurnRecognizer:
    """The example home's turn reader over its grammar and fusion without a model."""
    return TurnRecognizer(load_config(EXAMPLE), example_reader)


@pytest.fixture(scope="session")
def ha_config() -> Config:
    """Home Assistant's fixture home as a config (the test skips without the shared data)."""
    path = SHARED_DATA / "ha-intents" / "en_fixtures.yaml"
    if not path.exists():
        pytest.skip("needs ../shared/data (Home Assistant's fixture home)")
    return config_from_fixtures(load_fixtures(path))


@pytest.fixture(scope="session")
def ha_home(ha_config: Config) -> CombinedRecognizer:
    """Home Assistant's fixture home's grammar and fusion without a model."""
    return CombinedRecognizer(ha_config, grammar=GrammarRecognizer(ha_config))


@pytest.fixture
def state_dir() -> Iterator[Path]:
    """A short directory for a daemon's state (its unix socket's path must stay under 108 bytes)."""
    directory = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def mosquitto(tmp_path: Path) -> Iterator[Mosquitto]:
    """A plain, anonymous Mosquitto on a free loopback port; stopped at teardown."""
    broker = Mosquitto(tmp_path / "mosquitto").start()
    yield broker
    broker.stop()


@pytest.fixture
def mosquitto_factory(tmp_path: Path) -> Iterator[Callable[..., Mosquitto]]:
    """Makes configured (not yet started) brokers: Mosquitto options as keywords; all stopped at teardown."""
    brokers: list[Mosquitto] = []

    def make(**options: object) -> Mosquitto:
        broker = Mosquitto(tmp_path / f"mosquitto-{len(brokers)}", **options)  # type: ignore[arg-type]
        brokers.append(broker)
        return broker

    yield make
    for broker in brokers:
        broker.stop()


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts (the satellites, workers): killed at teardown."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        process.kill()
        process.wait()


@pytest.fixture
def photo_video(tmp_path: Path) -> Path:
    """A video of real photos: an open palm, a gap, a thumbs-up, then the two mixed frame by frame."""
    return vision.photo_video(tmp_path)


@pytest.fixture(autouse=True)
def _restore_root_logging() -> Iterator[None]:
    """main() points the root logger at the stream of the moment; put the handlers back after each test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
