"""The wyoming section: defaults, a valid one, and each bad value reported with its file, line and key."""

from __future__ import annotations

import pytest

from assistantd.config import parse_config
from assistantd.config.service import WyomingConfig
from tests.support.configs import BASE, issues_of

WYOMING_LINE = BASE.count("\n") + 1
"""The line of the section appended to BASE."""


def test_off_by_default_on_loopback() -> None:
    config = parse_config(BASE, file="home.yaml")
    assert config.wyoming == WyomingConfig(
        enabled=False, uri="tcp://127.0.0.1:10700", zeroconf=False, area=None
    )


def test_a_valid_section() -> None:
    text = BASE + "wyoming: {enabled: true, uri: 'tcp://0.0.0.0:10300', zeroconf: true, area: kitchen}\n"
    config = parse_config(text, file="home.yaml")
    assert config.wyoming == WyomingConfig(
        enabled=True, uri="tcp://0.0.0.0:10300", zeroconf=True, area="kitchen"
    )


def test_wyoming_may_be_allowed_to_ask_for_risky_actions() -> None:
    config = parse_config(BASE + "confirmation: {sources: [speech, wyoming]}\n", file="home.yaml")
    assert config.confirmation.sources == ("speech", "wyoming")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("http://127.0.0.1:10700", "it must begin with tcp://"),
        ("tcp://127.0.0.1", "it names no port (1-65535)"),
        ("tcp://127.0.0.1:0", "it names no port (1-65535)"),
        ("tcp://127.0.0.1:70000", "the port must be a number of 1-65535 after the host"),
        ("tcp://127.0.0.1:ten", "the port must be a number of 1-65535 after the host"),
        ("tcp://:10700", "it names no host"),
        ("tcp://127.0.0.1:10700/asr", "give only a host and a port"),
        ("127.0.0.1:10700", "it must begin with tcp://"),
        ("localhost:10700", "it must begin with tcp://"),
    ],
)
def test_a_bad_uri_names_file_line_and_key(value: str, why: str) -> None:
    [issue] = issues_of(BASE + f"wyoming: {{enabled: true, uri: '{value}'}}\n")
    assert (issue.file, issue.line, issue.key_path) == ("home.yaml", WYOMING_LINE, "wyoming.uri")
    assert issue.message == f"{value!r} is not a tcp://HOST:PORT address: {why}"


def test_an_unknown_area_and_key_are_reported() -> None:
    issues = issues_of(BASE + "wyoming:\n  area: attic\n  zeroconfig: true\n")
    assert sorted((issue.line, issue.key_path) for issue in issues) == [
        (WYOMING_LINE + 1, "wyoming.area"),
        (WYOMING_LINE + 2, "wyoming.zeroconfig"),
    ]
    messages = " | ".join(issue.message for issue in issues)
    assert "unknown area 'attic'" in messages and "did you mean 'zeroconf'" in messages


def test_an_unknown_confirmation_source_lists_wyoming() -> None:
    [issue] = issues_of(BASE + "confirmation: {sources: [wyomin]}\n")
    assert issue.message == "unknown source 'wyomin' (speech, vision, control, wyoming, mqtt or mqtt:ID)"
