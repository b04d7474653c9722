"""A reload (SIGHUP) in the real Daemon: any failure keeps the config in force and says why; the next good
one applies."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from assistantd.config.schema import parse_config
from assistantd.config.settings import Config
from assistantd.daemon.app import Daemon, DaemonOptions
from assistantd.daemon.systemd import Notifier
from tests.support.configs import BASE


async def test_a_reload_that_fails_unexpectedly_keeps_the_config_and_the_next_one_applies(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), state_directory=tmp_path / "state")
    renamed = dataclasses.replace(config, devices=config.devices[1:])
    loads: list[Config | BaseException] = [RuntimeError("the disk said no"), RecursionError(), renamed]

    def load(path: Path) -> Config:
        outcome = loads.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    daemon = Daemon(config, DaemonOptions(tmp_path / "home.yaml", load), Notifier())
    caplog.set_level(logging.INFO)
    try:
        await daemon.reload()
        await daemon.reload()
        assert daemon.config is config
        failed = [r for r in caplog.records if "Config reload failed unexpectedly" in r.getMessage()]
        assert len(failed) == 2 and "the disk said no" in caplog.text
        assert "keeping the previous configuration" in failed[0].getMessage()
        await daemon.reload()
        assert daemon.config is renamed
        assert f"Reloaded: {len(renamed.devices)} devices" in caplog.text
    finally:
        daemon._outbox.close()  # run() closes it; this test never runs the daemon
