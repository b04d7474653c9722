"""The state directory: created for the daemon, refused with a clear error when it cannot be one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistantd.daemon.parts import ensure_state_directory
from assistantd.errors import ConfigError
from tests.support.configs import EXAMPLE


def test_it_is_created_for_the_daemon_and_its_group(tmp_path: Path) -> None:
    state = tmp_path / "var" / "assistantd"
    ensure_state_directory(state)
    assert state.is_dir() and state.stat().st_mode & 0o777 == 0o750 & ~_umask()


def test_a_file_in_the_way_is_a_config_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("")
    with pytest.raises(ConfigError) as caught:
        ensure_state_directory(blocker)
    assert str(caught.value) == f"{blocker}: state_directory: cannot be the state directory: a file is in the way"


def test_check_config_and_run_say_so_and_exit_78(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("")
    for command in ("check-config", "run"):
        result = subprocess.run(
            [sys.executable, "-m", "assistantd", command, "--config", str(EXAMPLE), "--state-dir", str(blocker)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert result.returncode == 78, (command, result.stderr)
        assert "cannot be the state directory" in result.stderr
        assert "Traceback" not in result.stderr


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current
