"""The password and TLS files the broker connection reads: only regular files of bounded size, so that a
FIFO or a device named by mistake is a clear error at check-config and at start, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.configs import BASE

MQTT = "mqtt: {host: 127.0.0.1, port: 1883}"


def home(tmp_path: Path, mqtt: str) -> Path:
    config = tmp_path / "home.yaml"
    config.write_text(BASE.replace(MQTT, mqtt) + f"state_directory: {tmp_path / 'state'}\n")
    return config


def fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def assistantd(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistantd", *args],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


@pytest.mark.parametrize("key", ["ca_file", "cert_file", "key_file"])
def test_a_fifo_as_a_tls_file_is_named_not_waited_on(tmp_path: Path, key: str) -> None:
    pem = tmp_path / "ok.pem"
    pem.write_text("not a certificate\n")
    files = {"ca_file": pem, "cert_file": pem, "key_file": pem, key: fifo(tmp_path, "blocking.pem")}
    tls = ", ".join(f"{name}: {path}" for name, path in files.items())
    config = home(tmp_path, f"mqtt: {{host: 127.0.0.1, port: 1883, tls: {{{tls}}}}}")
    result = assistantd("check-config", "--config", str(config))
    assert result.returncode != 0, result.stdout
    assert f"{tmp_path / 'blocking.pem'}: mqtt.tls.{key}: cannot load the" in result.stderr
    assert "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_as_the_password_file_is_refused_at_check_and_at_start(tmp_path: Path) -> None:
    password = fifo(tmp_path, "password")
    config = home(tmp_path, f"mqtt: {{host: 127.0.0.1, port: 1883, username: u, password_file: {password}}}")
    for command in ("check-config", "run"):
        result = assistantd(command, "--config", str(config))
        assert result.returncode == 78, (command, result.stderr)
        assert "not a regular file" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_dev_zero_as_the_ca_file_is_refused_at_start(tmp_path: Path) -> None:
    config = home(tmp_path, "mqtt: {host: 127.0.0.1, port: 1883, tls: {ca_file: /dev/zero}}")
    result = assistantd("run", "--config", str(config))
    assert result.returncode == 78
    assert "/dev/zero: mqtt.tls.ca_file: cannot load the CA file: not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
