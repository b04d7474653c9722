"""Property-based fuzzing: hostile configs, payloads, sentences and control-socket lines never raise
anything but the project's own errors, and never hang.

Each property runs a bounded, seeded number of examples (the same ones on every run); set
ASSISTANTD_FUZZ_EXAMPLES to run more (benchmarks/fuzz.py runs 10,000 of each).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Outcome
from assistantd.config import load_config, parse_config
from assistantd.config.home import Risk
from assistantd.config.settings import Config
from assistantd.daemon.control import ControlServer
from assistantd.daemon.inputs import parse_context, parse_text_command
from assistantd.errors import ConfigError, InputError
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE

EXAMPLES = int(os.environ.get("ASSISTANTD_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # a loaded machine is slow, not wrong
    derandomize=True,  # the same examples on every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
pytestmark = pytest.mark.timeout(600 if EXAMPLES <= 1000 else 0)  # at length (the benchmark): no bound

EXAMPLE_LINES = EXAMPLE.read_text(encoding="utf-8").splitlines()
KEYS = (
    "site", "id", "area", "areas", "name", "aliases", "floor", "floors", "devices", "domain", "capabilities",
    "zigbee2mqtt", "friendly_name", "tasmota", "topic", "relay", "generic", "actions", "payload", "state_topic",
    "rules", "when", "gesture", "intent", "then", "publish", "mqtt", "host", "port", "tls", "username",
    "outbox", "max_age_seconds", "confirmation", "timeout_seconds", "sources", "recognizer", "speech",
    "listen", "mode", "wake_phrases", "vision", "camera", "sentences", "state_directory", "confirm",
    "brightness", "color", "temperature", "templates", "template", "between", "do", "say", "risk",
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["{{ x }}", "{{", "}}", "[[[", "*a", "&a", "!!python/object:os.system", "\t", "~", "0x1F",
                     "1e400", "-0", ".inf", "yes", "no", "on", "off", "../../etc/passwd", "/dev/zero"]),
)  # fmt: skip
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5),
    ),
    max_leaves=30,
)


def _parses_or_says_why(text: str) -> None:
    """parse_config returns a Config or raises ConfigError whose issues point into the text."""
    try:
        config = parse_config(text, file="fuzz.yaml")
    except ConfigError as err:
        assert err.issues, "a ConfigError names at least one issue"
        lines = text.count("\n") + 2
        for issue in err.issues:
            assert issue.file == "fuzz.yaml"
            assert issue.line is None or 1 <= issue.line <= lines, issue
            assert issue.message
        return
    assert isinstance(config, Config)


@FUZZ
@given(TREES)
def test_any_document_is_read_or_refused_with_issues(document: object) -> None:
    _parses_or_says_why(json.dumps(document, allow_nan=True))  # JSON is YAML


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), TREES, max_size=8))
def test_any_sections_are_read_or_refused_with_issues(sections: dict[str, object]) -> None:
    _parses_or_says_why(json.dumps(sections, allow_nan=True))


MUTATIONS: dict[str, Callable[[list[str], int, str], list[str]]] = {
    "delete": lambda lines, at, text: lines[:at] + lines[at + 1 :],
    "duplicate": lambda lines, at, text: lines[: at + 1] + lines[at:],
    "insert": lambda lines, at, text: lines[:at] + [text] + lines[at:],
    "replace value": lambda lines, at, text: lines[:at] + [lines[at].split(":")[0] + ": " + text] + lines[at + 1 :],
    "indent": lambda lines, at, text: lines[:at] + ["  " + lines[at]] + lines[at + 1 :],
    "dedent": lambda lines, at, text: lines[:at] + [lines[at].lstrip()] + lines[at + 1 :],
    "splice": lambda lines, at, text: lines[:at] + [lines[at][: len(text)] + text] + lines[at + 1 :],
}


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(MUTATIONS)),
            st.integers(min_value=0, max_value=len(EXAMPLE_LINES) - 1),
            st.one_of(SCALARS.map(lambda v: json.dumps(v, allow_nan=True)), st.text(max_size=40)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_mutated_example_home_is_read_or_refused_with_issues(mutations: list[tuple[str, int, str]]) -> None:
    lines = list(EXAMPLE_LINES)
    for name, at, text in mutations:
        lines = MUTATIONS[name](lines, min(at, len(lines) - 1), text) if lines else [text]
    _parses_or_says_why("\n".join(lines))


@FUZZ
@given(st.one_of(st.binary(max_size=5000), st.text(max_size=300).map(str.encode), TREES.map(
    lambda tree: json.dumps(tree, allow_nan=True).encode())))  # fmt: skip
def test_any_payload_is_a_command_or_an_input_error(payload: bytes) -> None:
    for parse in (parse_text_command, parse_context):
        try:
            parsed = parse(payload)
        except InputError as err:
            assert str(err)
            continue
        text = getattr(parsed, "text", None)
        assert text is None or isinstance(text, str)


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    config = load_config(EXAMPLE)
    return Assistant(config, GrammarRecognizer(config))


WORDS = st.sampled_from(
    "turn on off the it that lamp floor kitchen lights all every yes no never mind unlock lock front door "
    "garage open close set to 50 percent % degrees brighter dimmer volume tv play pause and too also in here "
    "please what is time date temperature blinds fan coffee maker scene movie bedroom office".split()
)


@FUZZ
@given(st.one_of(st.lists(WORDS, max_size=12).map(" ".join), st.text(max_size=200)))
def test_any_sentence_gets_a_decision_and_nothing_risky_happens_unasked(
    assistant: Assistant, text: str
) -> None:
    situation = Situation(now_ms=1_000, local_minute=600)
    report = assistant.handle(TextCommand(text), situation, source="control")
    assert isinstance(report.decision.outcome, Outcome)
    risky = {d.id for d in assistant.config.devices if d.risk is Risk.HIGH}
    if report.decision.outcome is Outcome.EXECUTED:
        acted_on = {a.device_id for a in report.decision.actions}
        assert not acted_on & risky, f"{text!r} acted on {acted_on & risky} without a confirmation"
    assistant.handle(TextCommand("never mind"), situation, source="control")  # no question left over


LINES = st.one_of(
    st.binary(max_size=2000).map(lambda b: b.replace(b"\n", b"")),
    st.text(max_size=200).map(lambda t: t.replace("\n", "").encode("utf-8", "surrogatepass")),
    TREES.map(lambda tree: json.dumps(tree, allow_nan=True).encode()),
    st.builds(lambda text, wait: json.dumps({"text": text, "wait_seconds": wait}).encode(), st.text(max_size=50),
              st.one_of(st.integers(), st.floats(), st.text(max_size=5), st.none())),
)  # fmt: skip


@settings(FUZZ, max_examples=max(10, EXAMPLES // 5))
@given(st.lists(LINES, min_size=1, max_size=12))
def test_the_control_socket_answers_every_line_and_stays_up(lines: list[bytes]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))  # a unix socket path must stay short
    try:
        replies = asyncio.run(_exchange(folder / "control.sock", lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert len(replies) == len(lines) + 1, "one reply a line, and the server still answers after them"
    for line, reply in zip(lines, replies, strict=False):
        assert isinstance(reply, dict) and ("error" in reply or "echo" in reply), (line, reply)
    assert replies[-1] == {"echo": "still here"}


async def _exchange(path: Path, lines: list[bytes]) -> list[object]:
    async def echo(command: TextCommand, wait_seconds: float) -> dict[str, object]:
        return {"echo": command.text}

    server = asyncio.create_task(ControlServer(path, echo).serve())
    try:
        while not path.exists():
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_unix_connection(str(path), limit=1 << 20)
        replies: list[object] = []
        for line in [*lines, b"still here"]:
            writer.write(line + b"\n")
            await writer.drain()
            replies.append(json.loads(await asyncio.wait_for(reader.readline(), 30)))
        writer.close()
        await writer.wait_closed()
        return replies
    finally:
        server.cancel()
        await asyncio.gather(server, return_exceptions=True)
