"""sd_notify: READY, WATCHDOG, STATUS and STOPPING for a Type=notify unit (no dependency on libsystemd)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

_LOGGER = logging.getLogger(__name__)


class Notifier:
    """Sends state lines to systemd's notification socket; does nothing outside systemd."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self._address = _socket_address(env.get("NOTIFY_SOCKET", ""))
        self.watchdog_interval_seconds = _watchdog_interval(env)

    @property
    def enabled(self) -> bool:
        """Whether a notification socket was given."""
        return self._address is not None

    def notify(self, *lines: str) -> None:
        """Send NAME=VALUE lines in one datagram (errors are logged, never raised)."""
        if self._address is None:
            return
        message = "\n".join(lines).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message, self._address)
        except OSError as err:
            _LOGGER.warning("Could not notify systemd (%s): %s", self._address, err)

    def ready(self, status: str) -> None:
        """The service is up."""
        self.notify("READY=1", f"STATUS={status}")

    def status(self, status: str) -> None:
        """A free-form status line shown by systemctl status."""
        self.notify(f"STATUS={status}")

    def watchdog(self) -> None:
        """Still alive."""
        self.notify("WATCHDOG=1")

    def stopping(self) -> None:
        """Shutting down."""
        self.notify("STOPPING=1", "STATUS=Stopping")


def _socket_address(value: str) -> str | bytes | None:
    if not value:
        return None
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    return value


def _watchdog_interval(env: Mapping[str, str]) -> float | None:
    """Half the unit's WatchdogSec, if the watchdog is meant for this process."""
    usec = env.get("WATCHDOG_USEC")
    if not usec:
        return None
    pid = env.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None
    try:
        value = int(usec)
    except ValueError:
        value = 0
    if value <= 0:  # zero or negative would make the keep-alive loop spin without sleeping
        _LOGGER.warning("Ignoring malformed WATCHDOG_USEC=%r", usec)
        return None
    return value / 1_000_000 / 2
