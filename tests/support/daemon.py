"""Runs the real `assistantd run` in a subprocess, with a notify socket to see READY/STOPPING."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


class DaemonProcess:
    """One `python -m assistantd run` process and its systemd-style notifications."""

    def __init__(
        self,
        config_path: Path,
        *,
        broker_url: str,
        state_dir: Path,
        extra_args: tuple[str, ...] = (),
        model: bool = False,
    ):
        """model: False runs the grammar alone (no intent model training in the background)."""
        self.config_path = config_path
        self.broker_url = broker_url
        self.state_dir = state_dir
        self.extra_args = extra_args if model else ("--set", "recognizer.model=false", *extra_args)
        self.process: subprocess.Popen[bytes] | None = None
        self.notifications: list[str] = []
        self._log_path = state_dir / "daemon.log"
        self._notify_path = state_dir / "notify.sock"
        self._notify: socket.socket | None = None

    @property
    def log_path(self) -> Path:
        """Where the daemon's stdout and stderr go."""
        return self._log_path

    @property
    def control_path(self) -> Path:
        """The daemon's control socket."""
        return self.state_dir / "control.sock"

    def start(self, *, wait_ready: bool = True, timeout_seconds: float = 30.0) -> None:
        """Start the daemon; by default wait for READY=1 and, if the broker is up, for its connection
        (READY comes after 3 s without one, and a command sent before the daemon subscribed is not its)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        if self._notify is None:
            self._notify_path.unlink(missing_ok=True)
            self._notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._notify.bind(str(self._notify_path))
        env = {k: v for k, v in os.environ.items() if k not in ("RUNTIME_DIRECTORY", "STATE_DIRECTORY")}
        env.update({"NOTIFY_SOCKET": str(self._notify_path), "PYTHONUNBUFFERED": "1"})
        command = [
            sys.executable, "-m", "assistantd", "run",
            "--config", str(self.config_path),
            "--mqtt-url", self.broker_url,
            "--state-dir", str(self.state_dir),
            *self.extra_args,
        ]  # fmt: skip
        log = self._log_path.open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=log, env=env)
        log.close()
        if wait_ready:
            self.wait_for_notification("READY=1", timeout_seconds)
            if self._broker_listening():
                self.wait_for_status("connected", timeout_seconds)

    def _broker_listening(self) -> bool:
        port = int(self.broker_url.rsplit(":", 1)[1])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    def wait_for_status(self, word: str, timeout_seconds: float) -> None:
        """Block until the latest STATUS= line the daemon sent contains a word."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            statuses = [line for line in self.notifications if line.startswith("STATUS=")]
            if statuses and word in statuses[-1]:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no STATUS with {word!r} within {timeout_seconds} s: {statuses}")
            self._receive(min(remaining, 0.2))

    def wait_for_notification(self, line: str, timeout_seconds: float) -> None:
        """Block until the daemon sends a notification line (or fail with its log)."""
        assert self._notify is not None
        deadline = time.monotonic() + timeout_seconds
        while line not in self.notifications:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {line} within {timeout_seconds} s; log:\n{self.log()}")
            if self.process is not None and self.process.poll() is not None and line != "STOPPING=1":
                raise AssertionError(
                    f"daemon exited {self.process.returncode} before {line}; log:\n{self.log()}"
                )
            self._receive(min(remaining, 0.2))

    def _receive(self, timeout_seconds: float) -> None:
        """Collect one notification datagram, if one comes in time."""
        assert self._notify is not None
        self._notify.settimeout(timeout_seconds)
        try:
            datagram = self._notify.recv(4096)
        except TimeoutError:
            return
        self.notifications.extend(datagram.decode().splitlines())

    def say(
        self, text: str, *, wait_seconds: float = 5.0, timeout_seconds: float = 30.0
    ) -> dict[str, object]:
        """Send a command over the control socket and return the reply."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout_seconds)
            sock.connect(str(self.control_path))
            request = json.dumps({"text": text, "wait_seconds": wait_seconds}).encode() + b"\n"
            sock.sendall(request)
            buffer = b""
            while not buffer.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("daemon closed the control socket")
                buffer += chunk
        return json.loads(buffer)

    def signal(self, signum: int) -> None:
        """Send a signal."""
        assert self.process is not None
        self.process.send_signal(signum)

    def terminate(self, timeout_seconds: float = 20.0) -> int:
        """SIGTERM and wait for the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout_seconds)

    def kill(self) -> None:
        """SIGKILL and reap."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def log(self) -> str:
        """Everything the daemon wrote to stdout and stderr."""
        return self._log_path.read_text(errors="replace") if self._log_path.exists() else ""

    def wait_for_log(self, text: str, timeout_seconds: float = 10.0) -> None:
        """Block until the daemon's log contains a text."""
        deadline = time.monotonic() + timeout_seconds
        while text not in self.log():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged within {timeout_seconds} s; log:\n{self.log()}")
            time.sleep(0.05)

    def close(self) -> None:
        """Stop the process if it still runs and close the notify socket."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        if self._notify is not None:
            self._notify.close()
            self._notify = None
