"""`--set KEY.PATH=VALUE`: any setting overridden on the command line, checked like the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistantd.config.overrides import load_with_settings
from assistantd.errors import ConfigError

HOME = """\
site: {id: home, area: living}
areas:
  - {id: living, name: Living Room}
  - {id: kitchen, name: Kitchen}
devices:
  - {name: Lamp, domain: light, area: living, zigbee2mqtt: {friendly_name: lamp}}
rules:
  - id: evening
    when: {intent: HassTurnOn, slots: {name: Lamp}}
    conditions: {time: {after: 18:00, before: 23:00}}
    actions: [{device: lamp, service: turn_off}]
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home.yaml"
    path.write_text(HOME)
    return path


def test_values_are_yaml_and_reach_any_section(home: Path) -> None:
    config = load_with_settings(
        home,
        ["outbox.max_age_seconds=60", "areas[1].aliases=[cooking area]", "mqtt.base_topic=house", "site.area=kitchen"],
    )
    assert config.outbox.max_age_seconds == 60
    assert config.areas[1].aliases == ("cooking area",)
    assert (config.mqtt.base_topic, config.site.area) == ("house", "kitchen")
    assert config.source == home


def test_everything_else_stays_as_written(home: Path) -> None:
    """The unquoted 18:00 is a time to the config reader; a round trip through plain YAML would make it 1080."""
    untouched = load_with_settings(home, [])
    changed = load_with_settings(home, ["mqtt.port=1884"])
    assert changed.rules == untouched.rules
    assert changed.rules[0].condition.time is not None
    assert changed.rules[0].condition.time.start_minute == 18 * 60


def test_a_new_section_and_a_list_append(home: Path) -> None:
    config = load_with_settings(home, ["confirmation.timeout_seconds=5", "areas[2]={id: hall, name: Hall}"])
    assert config.confirmation.timeout_seconds == 5
    assert [area.id for area in config.areas] == ["living", "kitchen", "hall"]


@pytest.mark.parametrize(
    ("setting", "key_path", "message"),
    [
        ("outbox.max_age_secs=60", "outbox.max_age_secs", "did you mean 'max_age_seconds'"),
        ("mqtt.port=seventy", "mqtt.port", "expected"),
        ("devices[5].name=x", "--set devices[5].name", "there is no 5 to go into"),
        ("nonsense", "--set nonsense", "expected --set KEY.PATH=VALUE"),
        ("mqtt..port=1", "--set mqtt..port", "expected --set KEY.PATH=VALUE"),
        ("mqtt.port=[1, 2", "--set mqtt.port", "not valid YAML"),
    ],
)
def test_bad_settings_name_the_command_line_and_the_key(home: Path, setting: str, key_path: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_with_settings(home, [setting])
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.key_path) == ("<command line>", None, key_path)
    assert message in issue.message


def test_the_file_is_checked_first_with_its_own_lines(home: Path) -> None:
    home.write_text(HOME.replace("domain: light", "domian: light"))
    with pytest.raises(ConfigError) as caught:
        load_with_settings(home, ["mqtt.port=1884"])
    assert any(issue.file == str(home) and issue.line == 6 for issue in caught.value.issues)
