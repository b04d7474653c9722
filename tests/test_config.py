"""The configuration: the example home, a table of broken files, overrides and the summary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistantd.config import (
    DEFAULT_CONFIG_PATH,
    apply_overrides,
    load_config,
    parse_config,
    parse_mqtt_url,
    resolve_config_path,
    summarize,
)
from assistantd.config.dialects import Dialect, GenericDevice
from assistantd.config.domains import ACTUATED_DOMAINS
from assistantd.config.home import Risk
from assistantd.config.service import HermesConfig, MetricsConfig, TlsConfig
from assistantd.config.settings import Config
from assistantd.errors import ConfigError, ConfigIssue
from tests.support.configs import BASE, EXAMPLE, issues_of

B = BASE.count("\n")
"""Lines in BASE: an appended snippet starts on line B + 1."""


def variant(append: str = "", replace: tuple[str, str] | None = None) -> str:
    """BASE with one change: text appended, or one exact piece replaced."""
    text = BASE
    if replace is not None:
        assert replace[0] in text, replace[0]
        text = text.replace(replace[0], replace[1], 1)
    return text + append


def test_base_is_valid() -> None:
    config = parse_config(BASE, file="home.yaml")
    assert [device.id for device in config.devices] == ["floor_lamp", "movie_scene"]
    assert config.source is None


# (id, text, line, key path, message substring)
BROKEN = [
    (
        "unknown-key-suggests",
        variant(
            "  - name: Coffee Maker\n    domain: switch\n    aliasses: [coffee]\n    tasmota: {topic: plug}\n"
        ),
        B + 3,
        "devices[2].aliasses",
        "unknown key 'aliasses' (did you mean 'aliases'?)",
    ),
    (
        "unknown-top-level-key",
        variant(replace=("mqtt: {", "mqqt: {")),
        2,
        "mqqt",
        "did you mean 'mqtt'?",
    ),
    (
        "wrong-type-port",
        variant(replace=("port: 1883", "port: high")),
        2,
        "mqtt.port",
        "expected an integer, got the text 'high'",
    ),
    (
        "bare-on-where-text-expected",
        variant(replace=('payload: "ON"', "payload: ON")),
        B,
        "devices[1].generic.actions.activate.payload",
        'YAML reads a bare ON as true/false: quote it, e.g. "ON"',
    ),
    (
        "missing-required-key",
        variant("  - {name: Coffee Maker, tasmota: {topic: plug}}\n"),
        B + 1,
        "devices[2].domain",
        "missing required key 'domain'",
    ),
    (
        "duplicate-device-name-any-case",
        variant("  - {id: lamp_two, name: FLOOR LAMP, domain: light, tasmota: {topic: lamp2}}\n"),
        B + 1,
        "devices[2].name",
        "duplicate device name 'FLOOR LAMP': already used as 'Floor Lamp' on line 10",
    ),
    (
        "alias-equals-other-device-name",
        variant(
            "  - {id: lamp_two, name: Lamp Two, aliases: [movie scene], domain: light, tasmota: {topic: l}}\n"
        ),
        B + 1,
        "devices[2].aliases[0]",
        "duplicate device name 'movie scene'",
    ),
    (
        "duplicate-yaml-key",
        variant(replace=("    name: Floor Lamp\n", "    name: Floor Lamp\n    name: Reading Lamp\n")),
        11,
        "devices[0].name",
        "duplicate key 'name' (first on line 10)",
    ),
    (
        "duplicate-device-id",
        variant(
            "  - {id: floor_lamp, name: Other Lamp, domain: light, zigbee2mqtt: {friendly_name: other}}\n"
        ),
        B + 1,
        "devices[2].id",
        "duplicate device id 'floor_lamp'",
    ),
    (
        "device-in-unknown-area",
        variant("  - {name: Kettle, area: kitchn, domain: switch, tasmota: {topic: kettle}}\n"),
        B + 1,
        "devices[2].area",
        "unknown area 'kitchn' (did you mean 'kitchen'?)",
    ),
    (
        "rule-unknown-device",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
            "    actions:\n      - {device: floor_lamb, service: turn_on}\n"
        ),
        B + 5,
        "rules[0].actions[0].device",
        "unknown device 'floor_lamb' (did you mean 'floor_lamp'?)",
    ),
    (
        "rule-unknown-intent",
        variant("rules:\n  - id: r\n    when: {intent: HassTurnOnn}\n    actions: [{scene: movie_scene}]\n"),
        B + 3,
        "rules[0].when.intent",
        "unknown intent 'HassTurnOnn' (did you mean 'HassTurnOn'?)",
    ),
    (
        "rule-missing-intent",
        variant(
            "rules:\n  - id: r\n    when: {slots: {area: Kitchen}}\n    actions: [{scene: movie_scene}]\n"
        ),
        B + 3,
        "rules[0].when.intent",
        "missing required key 'intent'",
    ),
    (
        "topic-with-wildcard",
        variant("  - {name: Kettle, domain: switch, tasmota: {topic: plugs/#}}\n"),
        B + 1,
        "devices[2].tasmota.topic",
        "the wildcards '+' and '#' belong in subscriptions only",
    ),
    (
        "publish-topic-with-plus",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
            "    actions:\n      - publish: {topic: home/+/x, payload: hi}\n"
        ),
        B + 5,
        "rules[0].actions[0].publish.topic",
        "invalid MQTT topic 'home/+/x'",
    ),
    (
        "port-out-of-range",
        variant(replace=("port: 1883", "port: 70000")),
        2,
        "mqtt.port",
        "must be between 1 and 65535, got 70000",
    ),
    (
        "inline-password",
        variant(
            replace=("mqtt: {host: 127.0.0.1, port: 1883}", "mqtt:\n  username: me\n  password: hunter2")
        ),
        4,
        "mqtt.password",
        "do not write the password into the configuration: put it in a file named by password_file",
    ),
    (
        "bad-time",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
            '    conditions: {time: {after: "25:00", before: "23:00"}}\n'
            "    actions: [{scene: movie_scene}]\n"
        ),
        B + 4,
        "rules[0].conditions.time.after",
        'expected a time as "HH:MM"',
    ),
    (
        "unknown-domain",
        variant("  - {name: Kettle, domain: swich, tasmota: {topic: kettle}}\n"),
        B + 1,
        "devices[2].domain",
        "unknown domain 'swich' (did you mean 'switch'?)",
    ),
    (
        "capability-not-for-domain",
        variant(
            "  - name: Front Door\n    domain: lock\n    risk: high\n"
            "    capabilities: [brightness]\n    zigbee2mqtt: {friendly_name: door}\n"
        ),
        B + 4,
        "devices[2].capabilities[0]",
        "capability 'brightness' does not apply to a lock",
    ),
    (
        "unknown-placeholder",
        variant(replace=('payload: "ON"', 'payload: "{brightnes}"')),
        B,
        "devices[1].generic.actions.activate.payload",
        "unknown placeholder {brightnes} (did you mean 'brightness'?)",
    ),
    (
        "unbalanced-template",
        variant(
            "sentences:\n  - intent: HassTurnOn\n    slots: {name: Movie Scene}\n"
            "    templates: ['(start|begin movie']\n"
        ),
        B + 4,
        "sentences[0].templates[0]",
        "unclosed '(' from column 1",
    ),
    (
        "yaml-syntax-error-line",
        variant("rules:\n  - id: r\n   when: {intent: HassTurnOn}\n"),
        B + 3,
        "",
        "YAML syntax error",
    ),
    (
        "two-dialect-blocks",
        variant(
            "  - name: Kettle\n    domain: switch\n    zigbee2mqtt: {friendly_name: kettle}\n"
            "    tasmota: {topic: kettle}\n"
        ),
        B + 4,
        "devices[2].tasmota",
        "exactly one dialect block",
    ),
    (
        "no-dialect-block",
        variant("  - {name: Kettle, domain: switch}\n"),
        B + 1,
        "devices[2]",
        "needs exactly one of zigbee2mqtt, tasmota or generic",
    ),
    (
        "scene-action-on-a-light",
        variant("rules:\n  - id: r\n    when: {intent: HassTurnOn}\n    actions: [{scene: floor_lamp}]\n"),
        B + 4,
        "rules[0].actions[0].scene",
        "device 'floor_lamp' is a light, not a scene",
    ),
    (
        "unknown-sentence-intent",
        variant("sentences:\n  - intent: TurnOnThing\n    templates: [movie time]\n"),
        B + 2,
        "sentences[0].intent",
        "unknown intent 'TurnOnThing'",
    ),
    (
        "unknown-template-slot",
        variant("sentences:\n  - intent: HassTurnOn\n    templates: ['lights on in {aera}']\n"),
        B + 3,
        "sentences[0].templates[0]",
        "unknown slot {aera} (did you mean 'area'?)",
    ),
    (
        "site-area-unknown",
        variant(replace=("area: living_room}", "area: livingroom}")),
        1,
        "site.area",
        "unknown area 'livingroom' (did you mean 'living_room'?)",
    ),
    (
        "area-floor-unknown",
        variant(replace=("name: Kitchen, floor: ground", "name: Kitchen, floor: basement")),
        7,
        "areas[1].floor",
        "unknown floor 'basement'; known floors: ground",
    ),
    (
        "duplicate-area-id",
        variant(replace=("{id: kitchen,", "{id: living_room,")),
        7,
        "areas[1].id",
        "duplicate area id 'living_room'",
    ),
    (
        "brightness-out-of-range",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
            "    actions:\n      - {device: floor_lamp, service: set_brightness, data: {brightness: 140}}\n"
        ),
        B + 5,
        "rules[0].actions[0].data.brightness",
        "must be between 0 and 100, got 140",
    ),
    (
        "generic-action-not-a-service",
        variant(replace=("        activate: {", "        activat: {")),
        B,
        "devices[1].generic.actions.activat",
        "unknown service 'activat' (did you mean 'activate'?)",
    ),
    (
        "service-not-for-domain",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
            "    actions:\n      - {device: floor_lamp, service: unlock}\n"
        ),
        B + 5,
        "rules[0].actions[0].service",
        "service 'unlock' does not apply to a light",
    ),
    (
        "sensor-needs-state-topic",
        variant("  - {name: Outside Temperature, domain: sensor, generic: {state_value_key: t}}\n"),
        B + 1,
        "devices[2].generic.state_topic",
        "missing required key 'state_topic'",
    ),
    (
        "state-topic-filter-would-match-nothing",
        variant("  - {name: Outside, domain: sensor, generic: {state_topic: weather/+/temperature}}\n"),
        B + 1,
        "devices[2].generic.state_topic",
        "invalid MQTT topic 'weather/+/temperature': it must be one exact topic",
    ),
    (
        "two-password-sources",
        variant(
            replace=(
                "mqtt: {host: 127.0.0.1, port: 1883}",
                "mqtt: {username: me, password_file: /etc/pw, password_env: PW}",
            )
        ),
        2,
        "mqtt.password_env",
        "either password_file or password_env",
    ),
    (
        "rule-slot-uses-alias",
        variant(
            "rules:\n  - id: r\n    when: {intent: HassTurnOn, slots: {area: lounge}}\n    actions: []\n"
            "    mode: replace\n"
        ),
        B + 3,
        "rules[0].when.slots.area",
        "'lounge' is an alias of area 'Living Room'",
    ),
    (
        "add-rule-without-actions",
        variant("rules:\n  - id: r\n    when: {intent: HassTurnOn}\n    actions: []\n"),
        B + 4,
        "rules[0].actions",
        "needs at least one action",
    ),
    (
        "name-that-yaml-reads-as-bool",
        variant("  - {name: yes, domain: switch, tasmota: {topic: y}}\n"),
        B + 1,
        "devices[2].name",
        "expected text, got a boolean (yes)",
    ),
    (
        "unsupported-tag",
        variant(replace=("host: 127.0.0.1", "host: !secret broker")),
        2,
        "mqtt.host",
        "unsupported YAML tag '!secret'",
    ),
    (
        "tls-wrong-type",
        variant(replace=("port: 1883}", "port: 1883, tls: maybe}")),
        2,
        "mqtt.tls",
        "expected true, false or a mapping",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "key_path", "message"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_broken_config_is_reported_where_it_is(text: str, line: int, key_path: str, message: str) -> None:
    issues = issues_of(text)
    assert len(issues) == 1, "one mistake, one issue (no follow-on noise):\n" + "\n".join(map(str, issues))
    (issue,) = issues
    assert (issue.file, issue.line, issue.key_path) == ("home.yaml", line, key_path), str(issue)
    assert message in issue.message, str(issue)


def test_table_is_large_enough() -> None:
    assert len(BROKEN) >= 24


def test_every_issue_is_collected_in_one_pass() -> None:
    text = variant(
        "  - {name: Kettle, area: kitchn, domain: swich, tasmota: {topic: kettle}}\n"
        "rules:\n  - id: r\n    when: {intent: HassTurnOnn}\n"
        "    actions: [{device: nope, service: turn_on}]\n",
        replace=("port: 1883", "port: 0"),
    )
    issues = issues_of(text)
    found = {(issue.line, issue.key_path) for issue in issues}
    assert {
        (2, "mqtt.port"),
        (B + 1, "devices[2].area"),
        (B + 1, "devices[2].domain"),
        (B + 4, "rules[0].when.intent"),
        (B + 5, "rules[0].actions[0].device"),
    } <= found
    assert [issue.line for issue in issues] == sorted(issue.line or 0 for issue in issues)


def test_error_message_names_file_line_and_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(variant(replace=("port: 1883", "port: 0")), file="/etc/assistantd/assistantd.yaml")
    assert (
        str(caught.value)
        == "/etc/assistantd/assistantd.yaml:2: mqtt.port: must be between 1 and 65535, got 0"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the configuration file is empty"),
        ("# only a comment\n", "the configuration file is empty"),
        ("- a\n- b\n", "the top level must be a mapping of sections"),
        ("just text\n", "the top level must be a mapping of sections"),
        ("site: {id: x\n", "YAML syntax error"),
        ("site: {id: x}\n---\nareas: []\n", "a second document ('---') is not allowed"),
        ("site: \x00\n", "character U+0000 is not allowed in YAML"),
    ],
)
def test_unusable_documents_give_one_clear_issue(text: str, message: str) -> None:
    issues = issues_of(text)
    assert len(issues) == 1
    assert message in issues[0].message


def test_yaml_state_values_on_off_are_accepted_and_times_may_be_unquoted() -> None:
    text = variant(
        "rules:\n  - id: r\n    when: {intent: HassTurnOn}\n"
        "    conditions: {time: {after: 18:00, before: '06:30'}, states: [{device: floor_lamp, state: on}]}\n"
        "    actions: [{scene: movie_scene}]\n"
    )
    rule = parse_config(text, file="home.yaml").rules[0]
    assert rule.condition.states[0].state == "on"
    assert (rule.condition.time.start_minute, rule.condition.time.end_minute) == (18 * 60, 6 * 60 + 30)


def test_merge_keys_and_capability_mapping() -> None:
    text = variant(
        "  - &lamp {name: Desk Lamp, domain: light, zigbee2mqtt: {friendly_name: desk}}\n"
        "  - <<: *lamp\n    name: Hall Lamp\n"
        "    capabilities: {brightness: true, color_temp: {min_mired: 150, max_mired: 370}}\n"
    )
    config = parse_config(text, file="home.yaml")
    hall = config.device("hall_lamp")
    assert hall is not None and hall.mqtt == config.devices[2].mqtt
    assert hall.capabilities.color_temp and hall.capabilities.color_temp_max_mired == 370


def test_load_config_sets_source_and_resolves_relative_paths(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(variant(replace=("port: 1883}", "port: 1883, username: u, password_file: pw}")))
    config = load_config(path)
    assert config.source == path
    assert config.mqtt.password_file == tmp_path / "pw"


def test_load_config_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml")
    assert caught.value.issues == (
        ConfigIssue(str(tmp_path / "nope.yaml"), None, "", "configuration file not found"),
    )
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"site: {id: caf\xe9}\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(latin)
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


# --- the example home ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Config:
    return load_config(EXAMPLE)


def test_example_covers_the_home(example: Config) -> None:
    assert example.site.id == "living_room" and example.site.area == "living_room"
    assert (example.mqtt.host, example.mqtt.port) == ("127.0.0.1", 1883)
    assert example.state_directory == Path("/var/lib/assistantd")
    assert len(example.areas) >= 5 and len({area.floor for area in example.areas}) == 2
    assert len(example.devices) >= 16
    required = {
        "light",
        "switch",
        "fan",
        "cover",
        "lock",
        "climate",
        "media_player",
        "sensor",
        "binary_sensor",
    }
    assert required | {"scene"} <= {device.domain for device in example.devices}
    assert {device.dialect for device in example.devices} == set(Dialect)


def test_example_marks_risky_devices_and_keeps_secrets_out(example: Config) -> None:
    risky = {(d.name, d.domain) for d in example.devices if d.risk is Risk.HIGH}
    assert {("Front Door", "lock"), ("Garage Door", "cover")} <= risky
    assert example.mqtt.password_env and example.mqtt.password_file is None
    assert "password:" not in EXAMPLE.read_text()


def test_example_rules_use_every_feature(example: Config) -> None:
    rules = example.rules
    assert any(rule.condition.areas for rule in rules)
    assert any(rule.condition.time for rule in rules)
    assert any(rule.condition.states for rule in rules)
    assert any(action.scene for rule in rules for action in rule.actions)
    assert any(rule.mode == "replace" for rule in rules)
    assert example.sentences and all(s.templates for s in example.sentences)


def test_example_generic_devices_only_use_services(example: Config) -> None:
    for device in example.devices:
        if isinstance(device.mqtt, GenericDevice):
            assert device.mqtt.actions or device.domain not in ACTUATED_DOMAINS


# --- overrides -----------------------------------------------------------------------------


def test_resolve_config_path_precedence() -> None:
    env = {"ASSISTANTD_CONFIG": "/srv/home.yaml"}
    assert resolve_config_path("cli.yaml", env) == Path("cli.yaml")
    assert resolve_config_path(None, env) == Path("/srv/home.yaml")
    assert resolve_config_path(None, {}) == DEFAULT_CONFIG_PATH == Path("/etc/assistantd/assistantd.yaml")


@pytest.mark.parametrize(
    ("url", "host", "port", "tls", "username"),
    [
        ("mqtt://broker.lan", "broker.lan", 1883, False, None),
        ("mqtts://broker.lan", "broker.lan", 8883, True, None),
        ("mqtt://me@10.0.0.2:1884", "10.0.0.2", 1884, False, "me"),
        ("mqtts://[::1]:8884/", "::1", 8884, True, None),
    ],
)
def test_parse_mqtt_url(url: str, host: str, port: int, tls: bool, username: str | None) -> None:
    parsed = parse_mqtt_url(url)
    assert (parsed.host, parsed.port, parsed.tls, parsed.username) == (host, port, tls, username)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mqtt://me:hunter2@broker", "password_file or password_env"),
        ("http://broker", "got scheme 'http'"),
        ("mqtt://broker:99999", "mqtt://"),
        ("mqtt://broker/topic", "no path"),
        ("mqtt://", "host is missing"),
    ],
)
def test_parse_mqtt_url_rejects(url: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_mqtt_url(url)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.key_path) == ("<command line>", None, "--mqtt-url")
    assert message in issue.message
    assert "hunter2" not in str(caught.value)


def test_apply_overrides() -> None:
    config = parse_config(BASE, file="home.yaml")
    changed = apply_overrides(
        config,
        mqtt_url="mqtts://me@broker.lan",
        site_id="kitchen_satellite",
        site_area="kitchen",
        state_directory="/tmp/state",
        base_topic="home/assistant",
        client_id="kitchen",
    )
    assert (changed.mqtt.host, changed.mqtt.port, changed.mqtt.username) == ("broker.lan", 8883, "me")
    assert changed.mqtt.tls == TlsConfig()
    assert (changed.site.id, changed.site.area) == ("kitchen_satellite", "kitchen")
    assert changed.state_directory == Path("/tmp/state")
    assert (changed.mqtt.base_topic, changed.mqtt.client_id) == ("home/assistant", "kitchen")
    assert apply_overrides(config) == config


def test_each_site_gets_its_own_client_id_unless_one_is_configured() -> None:
    config = parse_config(BASE, file="home.yaml")  # mqtt without client_id, site living_room
    assert config.mqtt.client_id == "assistantd-living_room"
    kitchen = parse_config(BASE.replace("site: {id: living_room", "site: {id: kitchen"), file="home.yaml")
    assert kitchen.mqtt.client_id == "assistantd-kitchen"  # two rooms on one broker do not collide
    assert apply_overrides(config, site_id="bedroom").mqtt.client_id == "assistantd-bedroom"
    assert apply_overrides(config, site_id="bedroom", client_id="mine").mqtt.client_id == "mine"
    fixed = parse_config(BASE.replace("port: 1883}", "port: 1883, client_id: hub}"), file="home.yaml")
    assert apply_overrides(fixed, site_id="bedroom").mqtt.client_id == "hub"


def test_mqtts_keeps_configured_tls_and_mqtt_turns_it_off() -> None:
    config = parse_config(
        variant(replace=("port: 1883}", "port: 1883, tls: {ca_file: /etc/ca.pem}}")), file="x"
    )
    assert apply_overrides(config, mqtt_url="mqtts://b").mqtt.tls == TlsConfig(ca_file=Path("/etc/ca.pem"))
    assert apply_overrides(config, mqtt_url="mqtt://b").mqtt.tls is None


def test_apply_overrides_reports_every_bad_option() -> None:
    config = parse_config(BASE, file="home.yaml")
    with pytest.raises(ConfigError) as caught:
        apply_overrides(config, site_area="kitchn", base_topic="home/#", mqtt_url="tcp://x", site_id="Bad Id")
    keys = {issue.key_path: issue.message for issue in caught.value.issues}
    assert set(keys) == {"--area", "--base-topic", "--mqtt-url", "--site"}
    assert "did you mean 'kitchen'?" in keys["--area"]
    assert all(issue.file == "<command line>" for issue in caught.value.issues)


# --- summary -------------------------------------------------------------------------------


def test_summary_mentions_site_broker_and_devices(example: Config) -> None:
    text = summarize(example)
    assert "Site: living_room in Living Room" in text
    assert "127.0.0.1:1883, TLS no" in text
    assert f"Devices: {len(example.devices)} in {len(example.areas)} areas" in text
    assert "Front Door (lock)" in text and "Garage Door (cover)" in text
    assert "MQTT dialects: 3" in text
    assert "Weather: home; lists: Shopping List, Hardware Store, Pharmacy; media search: TV" in text
    assert len(text.splitlines()) <= 25


def test_url_without_user_connects_anonymously() -> None:
    config = parse_config(
        variant(replace=("port: 1883}", "port: 1883, username: u, password_env: PW}")), file="x"
    )
    anonymous = apply_overrides(config, mqtt_url="mqtt://127.0.0.1:1884")
    assert (anonymous.mqtt.username, anonymous.mqtt.password_env, anonymous.mqtt.password_file) == (
        None,
        None,
        None,
    )
    named = apply_overrides(config, mqtt_url="mqtt://u@127.0.0.1:1884")
    assert (named.mqtt.username, named.mqtt.password_env) == ("u", "PW")


def test_a_template_the_recognizer_cannot_use_is_a_config_error() -> None:
    text = variant('sentences:\n  - intent: HassTurnOn\n    templates: ["start the <film>"]\n')
    with pytest.raises(ConfigError) as caught:
        parse_config(text, file="home.yaml")
    (issue,) = caught.value.issues
    assert issue.key_path == "sentences[0].templates[0]"
    assert "<film>" in issue.message


def test_the_intent_model_settings_are_read_and_checked() -> None:
    config = parse_config(variant("recognizer: {model: false, device: cpu}\n"), file="home.yaml")
    assert (config.recognizer.model, config.recognizer.device) == (False, "cpu")
    assert parse_config(BASE, file="home.yaml").recognizer.model is True
    issues = issues_of(variant("recognizer:\n  model: sometimes\n  device: tpu\n"))
    assert [(issue.line, issue.key_path) for issue in issues] == [
        (B + 2, "recognizer.model"),
        (B + 3, "recognizer.device"),
    ]


def test_the_metrics_settings_are_read_and_checked() -> None:
    assert parse_config(BASE, file="home.yaml").metrics == MetricsConfig(
        enabled=False, host="127.0.0.1", port=9724
    )
    config = parse_config(variant("metrics: {enabled: true, host: 0.0.0.0, port: 9100}\n"), file="home.yaml")
    assert config.metrics == MetricsConfig(enabled=True, host="0.0.0.0", port=9100)  # noqa: S104
    issues = issues_of(variant("metrics:\n  enabled: yes please\n  port: 70000\n  path: /m\n"))
    assert [(issue.line, issue.key_path) for issue in issues] == [
        (B + 2, "metrics.enabled"),
        (B + 3, "metrics.port"),
        (B + 4, "metrics.path"),
    ]


def test_the_hermes_settings_are_read_and_checked() -> None:
    assert parse_config(BASE, file="home.yaml").hermes == HermesConfig(enabled=False, intents="unhandled")
    config = parse_config(variant("hermes: {enabled: true, intents: all}\n"), file="home.yaml")
    assert config.hermes == HermesConfig(enabled=True, intents="all")
    issues = issues_of(variant("hermes:\n  enabled: true\n  intents: some\n"))
    assert [(issue.line, issue.key_path) for issue in issues] == [(B + 3, "hermes.intents")]
    assert "unhandled" in issues[0].message and "all" in issues[0].message


def test_who_may_ask_for_risky_actions_is_read_and_checked() -> None:
    assert parse_config(BASE, file="home.yaml").confirmation.sources == ("speech", "control")
    config = parse_config(
        variant("confirmation:\n  sources: [speech, 'mqtt:kitchen-panel']\n"), file="home.yaml"
    )
    assert config.confirmation.sources == ("speech", "mqtt:kitchen-panel")
    issues = issues_of(variant("confirmation:\n  sources: [speech, telepathy]\n"))
    assert [(issue.line, issue.key_path) for issue in issues] == [(B + 2, "confirmation.sources")]
    assert "unknown source 'telepathy'" in issues[0].message
    assert issues_of(variant("confirmation:\n  sources: ['mqtt: ']\n"))


def test_find_area_matches_id_name_or_alias_in_any_case() -> None:
    config = parse_config(BASE, file="home.yaml")
    assert config.find_area("living_room") == "living_room"
    assert config.find_area("  KITCHEN ") == "kitchen"
    assert config.find_area("Lounge") == "living_room"
    assert config.find_area("garage") is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("extra: " + "[" * 1200 + "]" * 1200, "the YAML is nested too deeply (at most 64 levels)"),
        ("extra: " + "[" * 80 + "]" * 80, "cannot read this value: nested more than 64 levels deep"),
        (
            "sentences: [{intent: HassTurnOn, templates: ['" + "(" * 30 + "on" + ")" * 30 + "']}]",
            "template nested more than 16 brackets deep",
        ),
    ],
    ids=["beyond-the-parser", "beyond-the-bound", "template"],
)
def test_deep_nesting_is_a_clear_error_not_a_crash(extra: str, message: str) -> None:
    issues = issues_of(BASE + extra + "\n")
    assert any(message in issue.message for issue in issues), issues


def test_a_rule_publishing_to_the_daemons_own_input_is_refused() -> None:
    """It would come back as a command, and again: a loop (455 commands in 5 s before this check)."""
    rule = (
        "rules:\n"
        "  - id: echo\n"
        "    when: {intent: HassTurnOn}\n"
        "    actions:\n"
        "      - publish: {topic: assistantd/living_room/text, payload: turn on the lights}\n"
    )
    [issue] = issues_of(BASE + rule)
    assert issue.key_path == "rules[0].actions[0].publish.topic"
    assert "own input topic assistantd/living_room/text" in issue.message
    [issue] = issues_of(BASE + rule.replace("living_room/text", "living_room/text/kitchen"))  # as a satellite
    assert "own input topic assistantd/living_room/text/kitchen" in issue.message
    elsewhere = rule.replace("assistantd/living_room/text", "assistantd/kitchen/text")
    parse_config(BASE + elsewhere, file="home.yaml")  # another site's input is not a loop here


def test_only_regular_files_are_read_as_configs(tmp_path: Path) -> None:
    """A FIFO would block the reader (and a reload) for ever, /dev/zero would fill the memory."""
    fifo = tmp_path / "home.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        assert "not a regular file" in str(caught.value)
