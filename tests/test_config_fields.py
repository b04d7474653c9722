"""The declared settings reader: one field declaration gives a key its type, default, bounds and checks."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistantd.config.fields import open_settings, read_key, read_settings, setting
from assistantd.config.loader import compose
from assistantd.config.section import open_section
from assistantd.config.walker import Issues
from assistantd.errors import ConfigError


class Speed(str, enum.Enum):
    SLOW = "slow"
    FAST = "fast"


@dataclass(frozen=True, slots=True)
class Inner:
    level: int = setting(3, minimum=1, maximum=5)


@dataclass(frozen=True, slots=True)
class Sample:
    flag: bool = setting(False)
    count: int = setting(2, minimum=0, maximum=10)
    ratio: float = setting(0.5, positive=True, maximum=1)
    mode: str = setting("plain", choices=("plain", "fancy"), what="mode")
    folder: Path | None = setting(None)
    words: tuple[str, ...] = setting(("hello",), words=True)
    speed: Speed = setting(Speed.SLOW, what="speed")
    inner: Inner = setting(Inner())
    low: float = setting(1.0)
    high: float = setting(2.0, at_least="low")
    derived: str = "not a key"

    def conflicts(self) -> tuple[tuple[str, str], ...]:
        return (("count", "an odd count"),) if self.count % 2 else ()


def read(body: str, base_dir: Path | None = None) -> tuple[Sample, list[tuple[int | None, str, str]]]:
    """``sample:`` with ``body`` read into Sample, and the issues found."""
    issues = Issues("t.yaml")
    root, _ = compose(f"sample: {body}\n", file="t.yaml")
    top = open_section(issues, root, "", optional=("sample",))
    section = open_settings(top, "sample", Sample)
    value = Sample() if section is None else read_settings(section, Sample(), base_dir)
    try:
        issues.raise_if_any()
    except ConfigError as err:
        return value, [(issue.line, issue.key_path, issue.message) for issue in err.issues]
    return value, []


def test_every_kind_of_value_is_read(tmp_path: Path) -> None:
    body = (
        "{flag: true, count: 4, ratio: 0.25, mode: fancy, folder: data, words: ['  good   day ', ' '],"
        " speed: fast, inner: {level: 5}, low: 3, high: 3}"
    )
    value, issues = read(body, tmp_path)
    assert issues == []
    assert value == Sample(
        flag=True,
        count=4,
        ratio=0.25,
        mode="fancy",
        folder=tmp_path / "data",
        words=("good day",),
        speed=Speed.FAST,
        inner=Inner(5),
        low=3.0,
        high=3.0,
    )


def test_absent_keys_keep_the_default_and_a_written_list_is_what_it_holds() -> None:
    assert read("{}") == (Sample(), [])
    assert read("{words: }")[0].words == ()
    value, issues = read("{words: hi}")
    assert value.words == ()
    assert issues == [(1, "sample.words", "expected a list, got the text 'hi'; write [hi] for a single item")]


def test_the_declared_fields_are_the_keys() -> None:
    _, issues = read("{derived: x, cuont: 1}")
    assert issues == [
        (1, "sample.derived", "unknown key 'derived'"),
        (1, "sample.cuont", "unknown key 'cuont' (did you mean 'count'?)"),
    ]


@pytest.mark.parametrize(
    ("body", "key_path", "message"),
    [
        ("{count: 11}", "sample.count", "must be between 0 and 10, got 11"),
        ("{ratio: 0}", "sample.ratio", "must be greater than 0, got 0"),
        (
            "{mode: fancey}",
            "sample.mode",
            "unknown mode 'fancey' (did you mean 'fancy'?); expected one of plain, fancy",
        ),
        ("{speed: quick}", "sample.speed", "unknown speed 'quick'; expected one of slow, fast"),
        ("{flag: maybe}", "sample.flag", "expected true or false, got the text 'maybe'"),
        ("{inner: {level: 0}}", "sample.inner.level", "must be between 1 and 5, got 0"),
    ],
)
def test_invalid_values_are_reported_and_keep_the_default(body: str, key_path: str, message: str) -> None:
    assert read(body) == (Sample(), [(1, key_path, message)])


@pytest.mark.parametrize(
    ("body", "key_path", "message"),
    [
        ("{low: 3, high: 2}", "sample.high", "must be at least low (3)"),
        ("{count: 3}", "sample.count", "an odd count"),
    ],
)
def test_values_that_do_not_fit_together_are_reported(body: str, key_path: str, message: str) -> None:
    assert read(body)[1] == [(1, key_path, message)]


def test_a_comparison_with_an_invalid_value_is_not_made() -> None:
    _, issues = read("{low: x, high: 0.5}")
    assert issues == [(1, "sample.low", "expected a number, got the text 'x'")]


def test_hand_written_readers_use_the_declaration() -> None:
    issues = Issues("t.yaml")
    root, _ = compose("{count: 12, flag: 3}\n", file="t.yaml")
    section = open_section(issues, root, "", optional=("count", "flag", "mode"))
    assert section is not None
    assert read_key(section, Sample, "count") is None
    assert read_key(section, Sample, "flag", fallback=True) is False
    assert read_key(section, Sample, "mode") == "plain"
    assert read_key(section, Inner, "level", key="count") is None
    with pytest.raises(ConfigError) as caught:
        issues.raise_if_any()
    assert [issue.key_path for issue in caught.value.issues] == ["count", "flag", "count"]
