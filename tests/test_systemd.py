"""sd_notify: the datagrams systemd would receive, on a real AF_UNIX socket, and the watchdog settings."""

from __future__ import annotations

import logging
import os
import select
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistantd.daemon.systemd import Notifier


class NotifySocket:
    """A bound SOCK_DGRAM socket standing in for systemd's notification socket."""

    def __init__(self, sock: socket.socket, address: str) -> None:
        self.sock = sock
        self.address = address
        """What NOTIFY_SOCKET would say."""

    def receive(self) -> bytes:
        """The next datagram (fails the test after two seconds without one)."""
        return self.sock.recv(65536)

    def pending(self) -> bytes | None:
        """A datagram already waiting, if any."""
        readable, _, _ = select.select([self.sock], [], [], 0)
        return self.sock.recv(65536) if readable else None


@pytest.fixture
def notify_socket() -> Iterator[NotifySocket]:
    """A path socket in a short temporary folder (AF_UNIX paths must stay under 108 bytes)."""
    folder = tempfile.mkdtemp(prefix="ad-", dir="/tmp")
    path = os.path.join(folder, "notify")
    assert len(path.encode()) < 108
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.settimeout(2.0)
    try:
        sock.bind(path)
        yield NotifySocket(sock, path)
    finally:
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def abstract_socket() -> Iterator[NotifySocket]:
    """A socket in Linux's abstract namespace, written "@name" in NOTIFY_SOCKET."""
    name = f"ad-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.settimeout(2.0)
    try:
        sock.bind(b"\0" + name.encode())
        yield NotifySocket(sock, "@" + name)
    finally:
        sock.close()


def test_ready_sends_ready_and_status_in_one_datagram(notify_socket: NotifySocket) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": notify_socket.address})
    assert notifier.enabled
    notifier.ready("Serving site living_room")
    assert notify_socket.receive() == b"READY=1\nSTATUS=Serving site living_room"
    assert notify_socket.pending() is None


def test_watchdog_status_and_stopping_datagrams_in_order(notify_socket: NotifySocket) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": notify_socket.address})
    notifier.watchdog()
    notifier.status("Reloading")
    notifier.stopping()
    assert notify_socket.receive() == b"WATCHDOG=1"
    assert notify_socket.receive() == b"STATUS=Reloading"
    assert notify_socket.receive() == b"STOPPING=1\nSTATUS=Stopping"
    assert notify_socket.pending() is None


def test_non_ascii_status_is_sent_as_utf8(notify_socket: NotifySocket) -> None:
    Notifier({"NOTIFY_SOCKET": notify_socket.address}).status("Thermostat 21 °C")
    assert notify_socket.receive() == "STATUS=Thermostat 21 °C".encode()


def test_abstract_socket_address(abstract_socket: NotifySocket) -> None:
    notifier = Notifier({"NOTIFY_SOCKET": abstract_socket.address})
    assert notifier.enabled
    notifier.ready("up")
    notifier.watchdog()
    assert abstract_socket.receive() == b"READY=1\nSTATUS=up"
    assert abstract_socket.receive() == b"WATCHDOG=1"


@pytest.mark.parametrize("environ", [{}, {"NOTIFY_SOCKET": ""}, {"WATCHDOG_USEC": "30000000"}])
def test_disabled_without_notify_socket(environ: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier(environ)
    assert not notifier.enabled
    notifier.ready("up")
    notifier.watchdog()
    notifier.stopping()
    assert not caplog.records


def test_reads_the_process_environment_by_default(
    notify_socket: NotifySocket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", notify_socket.address)
    monkeypatch.setenv("WATCHDOG_USEC", "4000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    notifier = Notifier()
    assert notifier.watchdog_interval_seconds == 2.0
    notifier.watchdog()
    assert notify_socket.receive() == b"WATCHDOG=1"


def test_a_vanished_socket_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    folder = tempfile.mkdtemp(prefix="ad-", dir="/tmp")
    try:
        notifier = Notifier({"NOTIFY_SOCKET": str(Path(folder) / "gone")})
        with caplog.at_level(logging.WARNING, logger="assistantd.daemon.systemd"):
            notifier.ready("up")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "Could not notify systemd" in record.getMessage()
    assert "gone" in record.getMessage()


WATCHDOGS = [
    ({}, None),
    ({"WATCHDOG_USEC": ""}, None),
    ({"WATCHDOG_USEC": "30000000"}, 15.0),
    ({"WATCHDOG_USEC": "1000000"}, 0.5),
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 15.0),
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid() + 1)}, None),
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": ""}, 15.0),
    ({"WATCHDOG_PID": str(os.getpid())}, None),
]


@pytest.mark.parametrize(("environ", "interval"), WATCHDOGS)
def test_watchdog_interval_is_half_of_watchdog_usec_for_this_process(
    environ: dict[str, str], interval: float | None
) -> None:
    assert Notifier(environ).watchdog_interval_seconds == interval


@pytest.mark.parametrize("usec", ["thirty", "30s", "1.5e6", "0", "-30000000"])
def test_malformed_or_non_positive_watchdog_usec_is_ignored_with_a_warning(
    usec: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="assistantd.daemon.systemd"):
        notifier = Notifier({"WATCHDOG_USEC": usec})
    assert notifier.watchdog_interval_seconds is None
    assert f"WATCHDOG_USEC={usec!r}" in caplog.text
