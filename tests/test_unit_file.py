"""The systemd unit: service type, restart policy, hardening, and an ExecStart the real CLI accepts."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from assistantd.cli import common, main, run

UNIT = Path(__file__).resolve().parent.parent / "systemd" / "assistantd.service"

Unit = dict[str, dict[str, list[str]]]


def parse_unit(text: str) -> Unit:
    """Sections of key -> every value assigned to it (systemd lets some keys repeat)."""
    unit: Unit = {}
    section: dict[str, list[str]] | None = None
    logical = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not logical and (not line or line.startswith(("#", ";"))):
            continue
        if line.endswith("\\"):
            logical += line[:-1].rstrip() + " "
            continue
        line, logical = logical + line, ""
        if line.startswith("[") and line.endswith("]"):
            section = unit.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        if not sep or section is None:
            raise ValueError(f"not a unit line: {raw!r}")
        section.setdefault(key.strip(), []).append(value.strip())
    return unit


@pytest.fixture(scope="module")
def service() -> dict[str, list[str]]:
    unit = parse_unit(UNIT.read_text(encoding="utf-8"))
    assert {"Unit", "Service", "Install"} <= unit.keys()
    return unit["Service"]


def one(service: dict[str, list[str]], key: str) -> str:
    """The single value of a key (fails when it is missing or given twice)."""
    values = service.get(key)
    assert values is not None, f"{key}= is missing from [Service]"
    assert len(values) == 1, f"{key}= is set {len(values)} times"
    return values[0]


def words(service: dict[str, list[str]], key: str) -> set[str]:
    """Space-separated list values, over every assignment of the key."""
    return {word for value in service.get(key, []) for word in value.split()}


def test_parse_unit_reads_sections_repeats_comments_and_continuations() -> None:
    unit = parse_unit("# c\n[Service]\n; c\nA=1\nA=2\nB=x \\\n  y\n")
    assert unit == {"Service": {"A": ["1", "2"], "B": ["x y"]}}


EXPECTED = [
    ("Type", "notify"),
    ("Restart", "on-failure"),
    ("RestartPreventExitStatus", str(common.EX_CONFIG)),
    ("User", "assistantd"),
    ("StateDirectory", "assistantd"),
    ("ConfigurationDirectory", "assistantd"),
    ("NoNewPrivileges", "yes"),
    ("ProtectSystem", "strict"),
    ("ProtectHome", "yes"),
    ("PrivateTmp", "yes"),
]


@pytest.mark.parametrize(("key", "value"), EXPECTED)
def test_service_settings(service: dict[str, list[str]], key: str, value: str) -> None:
    assert one(service, key) == value


def test_exit_status_78_is_the_cli_config_error() -> None:
    assert common.EX_CONFIG == 78


def test_watchdog_is_enabled_in_seconds(service: dict[str, list[str]]) -> None:
    match = re.fullmatch(r"(\d+)(s|sec)?", one(service, "WatchdogSec"))
    assert match is not None, "WatchdogSec= should be plain seconds"
    assert int(match.group(1)) >= 2


def test_network_families_needed_by_the_broker_and_sockets(service: dict[str, list[str]]) -> None:
    families = words(service, "RestrictAddressFamilies")
    assert {"AF_UNIX", "AF_INET", "AF_INET6"} <= families
    assert not any(family.startswith("~") for family in families), "an allow list, not a deny list"


def test_microphone_and_camera_groups(service: dict[str, list[str]]) -> None:
    assert {"audio", "video"} <= words(service, "SupplementaryGroups")


def test_reload_sends_sighup_to_the_main_process(service: dict[str, list[str]]) -> None:
    argv = shlex.split(one(service, "ExecReload"))
    assert Path(argv[0]).name == "kill"
    assert argv[1:] in (["-HUP", "$MAINPID"], ["-s", "HUP", "$MAINPID"], ["-SIGHUP", "$MAINPID"])


def test_exec_start_is_accepted_by_the_real_cli_parser(service: dict[str, list[str]]) -> None:
    argv = shlex.split(one(service, "ExecStart"))
    program, arguments = argv[0].lstrip("-@:+!"), argv[1:]
    assert program.startswith("/") and program.endswith("/assistantd")
    args = main._parser().parse_args(arguments)
    assert args.command == "run"
    assert args.handler is run._run
    assert args.config == "/etc/assistantd/assistantd.yaml"
    assert Path(args.config).parent.name == one(service, "ConfigurationDirectory")


def test_exec_start_with_unknown_options_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    # The check above must be able to fail: the parser exits on what it does not know.
    with pytest.raises(SystemExit):
        main._parser().parse_args(["run", "--confg", "/etc/assistantd/assistantd.yaml"])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_the_devices_are_the_microphone_the_camera_and_the_gpu(service: dict[str, list[str]]) -> None:
    assert one(service, "DevicePolicy") == "closed"
    assert {value.split()[0] for value in service["DeviceAllow"]} == {
        "char-alsa", "char-video4linux", "char-nvidia-frontend", "char-nvidia-uvm", "char-nvidia-caps",
    }  # fmt: skip
    assert "@system-service" in words(service, "SystemCallFilter")
    assert one(service, "SystemCallErrorNumber") == "EPERM"


def test_nothing_leaves_the_local_network(service: dict[str, list[str]]) -> None:
    assert one(service, "IPAddressDeny") == "any"
    allowed = words(service, "IPAddressAllow")
    assert "localhost" in allowed and "192.168.0.0/16" in allowed
    assert not {"any", "0.0.0.0/0", "::/0"} & allowed


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_rates_the_exposure_at_most_2() -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--no-pager", str(UNIT)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d)", result.stdout)
    assert found is not None, result.stdout + result.stderr
    assert float(found.group(1)) <= 2.0, result.stdout


@pytest.mark.parametrize(
    ("name", "command", "handler"),
    [
        ("assistantd-satellite@.service", "satellite", "_satellite"),
        ("assistantd-worker.service", "worker", "_worker"),
    ],
)
def test_the_satellite_and_worker_units_start_what_the_cli_accepts(
    name: str, command: str, handler: str
) -> None:
    unit = parse_unit((UNIT.parent / name).read_text(encoding="utf-8"))
    service = unit["Service"]
    assert one(service, "User") == "assistantd" and one(service, "RestartPreventExitStatus") == str(
        common.EX_CONFIG
    )
    assert one(service, "ProtectSystem") == "strict" and one(service, "DevicePolicy") == "closed"
    argv = shlex.split(one(service, "ExecStart").replace("%i", "kitchen"))
    args = main._parser().parse_args(argv[1:])
    assert (args.command, args.handler.__name__, args.config) == (
        command,
        handler,
        "/etc/assistantd/assistantd.yaml",
    )
    if command == "satellite":
        assert args.satellite == "kitchen"
