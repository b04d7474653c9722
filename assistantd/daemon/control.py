"""The local control socket: `assistantd say` talks to the running daemon here, broker or not.

Protocol: one JSON object per line each way. Request {"text": ..., "id"?: ..., "area"?: ..., "wait_seconds"?: n};
reply: the command's intent event (see assistant.report.Report.to_json) plus "delivered": true/false once its
actions are acknowledged or the wait is over. A request is stored in the inbox before it is handled; a
request whose id was handled before is not run again: the reply is the first one, with "repeated": true.
A request {"control": "mute" | "unmute" | "stop" | "state"} acts on the site at once (stop: the voice is cut
and the question waiting withdrawn); its reply is the site's state document.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Protocol

from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report
from assistantd.daemon.inputs import parse_text_command
from assistantd.daemon.intake import Answer
from assistantd.errors import InputError

_LOGGER = logging.getLogger(__name__)

MAX_LINE_BYTES = 8192
MAX_CLIENTS = 32
"""Connections served at once; one more is answered with an error and closed (one log line)."""
IDLE_SECONDS = 60.0
"""A connection that sends no request for this long is closed."""
Handler = Callable[[TextCommand, float], Awaitable[dict[str, object]]]
Controls = Callable[[str], dict[str, object]]
"""A control word in, the site's state document out."""
CONTROL_WORDS: tuple[str, ...] = ("mute", "unmute", "stop", "state")


SERVICE_RUNTIME_DIRECTORY = Path("/run/assistantd")
"""The shipped unit's RuntimeDirectory=assistantd, where its daemon serves the socket."""


def socket_path(state_directory: Path, environ: dict[str, str] | None = None) -> Path:
    """Where the daemon serves the control socket: $RUNTIME_DIRECTORY (systemd) or the state directory."""
    env = os.environ if environ is None else environ
    runtime = env.get("RUNTIME_DIRECTORY")
    base = Path(runtime.split(":")[0]) if runtime else state_directory
    return base / "control.sock"


def socket_candidates(state_directory: Path, environ: dict[str, str] | None = None) -> tuple[Path, ...]:
    """Where a client looks for the socket, in order: where this environment's daemon would serve it,
    then the shipped unit's runtime directory (a `say` run outside the service does not see its
    $RUNTIME_DIRECTORY)."""
    first = socket_path(state_directory, environ)
    service = SERVICE_RUNTIME_DIRECTORY / "control.sock"
    return (first,) if first == service else (first, service)


class Commands(Protocol):
    """What the control socket needs of the intake."""

    async def from_control(self, command: TextCommand) -> Answer:
        """Store and handle a command, or answer it from its id's record."""
        ...


def command_replies(commands: Commands, site_id: str) -> Handler:
    """The handler that hands each request to the intake and replies with its report."""

    async def reply(command: TextCommand, wait_seconds: float) -> dict[str, object]:
        answer = await commands.from_control(command)
        if answer.repeated is not None:
            document = answer.repeated or {"id": command.request_id, "repeated": True}
            document["delivered"] = None
            document["delivery"] = "handled before: this is the first reply; its actions were stored then"
            return document
        if answer.report is None:  # pragma: no cover - words always get a report
            return {"error": "nothing was done"}
        return await _wait_delivery(answer.report, site_id, wait_seconds)

    return reply


async def _wait_delivery(report: Report, site_id: str, wait_seconds: float) -> dict[str, object]:
    """The reply document, once the actions are acknowledged or the wait is over."""
    document = report.to_json(site_id)
    if report.delivered is None:
        document["delivered"] = None
        return document
    started = asyncio.get_running_loop().time()
    try:
        await asyncio.wait_for(asyncio.shield(report.delivered), wait_seconds)
    except TimeoutError:
        document["delivered"] = False
        document["delivery"] = "queued in the outbox: the broker has not acknowledged yet"
        return document
    except Exception as err:  # noqa: BLE001 - the delivery error is the answer
        document["delivered"] = False
        document["delivery"] = str(err)
        return document
    document["delivered"] = True
    timings = document["timings_ms"]
    if isinstance(timings, dict):
        timings["ack"] = round((asyncio.get_running_loop().time() - started) * 1000, 3)
    return document


class ControlServer:
    """Serves the control socket until cancelled."""

    def __init__(
        self,
        path: Path,
        handler: Handler,
        *,
        controls: Controls | None = None,
        max_clients: int = MAX_CLIENTS,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        """controls: what the control words do (None: they are refused)."""
        self.path = path
        self._handler = handler
        self._controls = controls
        self._max_clients = max_clients
        self._idle_seconds = idle_seconds
        self._clients = 0
        self._connections: set[asyncio.Task[None]] = set()

    async def serve(self) -> None:
        """Run the server (a long-running task)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        umask = os.umask(0o117)  # the socket is never more open than rw for the owner and the group
        try:
            server = await asyncio.start_unix_server(self._guard, path=str(self.path), limit=MAX_LINE_BYTES)
        finally:
            os.umask(umask)
        os.chmod(self.path, 0o660)
        _LOGGER.info("Control socket at %s", self.path)
        try:
            async with server:
                await server.serve_forever()
        finally:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            await self._hang_up()

    async def _hang_up(self) -> None:
        """End the connections still open (the server stops): none outlives it."""
        connections = list(self._connections)
        for connection in connections:
            connection.cancel()
        await asyncio.gather(*connections, return_exceptions=True)

    async def _guard(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve a connection, unless too many are open already."""
        if self._clients >= self._max_clients:
            _LOGGER.warning("Control client refused: %d connections open already", self._clients)
            with contextlib.suppress(ConnectionError):
                writer.write(json.dumps({"error": "too many connections; try again"}).encode() + b"\n")
                await writer.drain()
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            return
        self._clients += 1
        connection = asyncio.current_task()
        if connection is not None:
            self._connections.add(connection)  # type: ignore[arg-type]
        try:
            await self._client(reader, writer)
        except asyncio.CancelledError:
            writer.close()  # the server stops: hang up (a cancelled handler task is reported as an error)
        finally:
            self._clients -= 1
            self._connections.discard(connection)  # type: ignore[arg-type]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await _read_line(reader, self._idle_seconds):
                reply = await self._reply(line)
                writer.write(json.dumps(reply).encode() + b"\n")
                await writer.drain()
        except _LineTooLongError as err:
            # The rest of that line cannot be told from a next request: answer, then hang up.
            _LOGGER.warning("Control client dropped: %s", err)
            with contextlib.suppress(ConnectionError):
                writer.write(json.dumps({"error": str(err)}).encode() + b"\n")
                await writer.drain()
        except ConnectionError as err:
            _LOGGER.warning("Control client dropped: %s", err)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _reply(self, line: bytes) -> dict[str, object]:
        try:
            word = control_word(line)
            if word is not None:
                if self._controls is None:
                    raise InputError("control words are not served here")
                _LOGGER.info("Control: %s", word)
                return self._controls(word)
            command = parse_text_command(line)
            wait_seconds = _wait_seconds(line)
        except InputError as err:
            _LOGGER.warning("Rejected control request: %s", err)
            return {"error": str(err)}
        return await self._handler(command, wait_seconds)


class _LineTooLongError(Exception):
    """A request line longer than MAX_LINE_BYTES."""


async def _read_line(reader: asyncio.StreamReader, idle_seconds: float) -> bytes:
    """The next request line; b"" at end of stream or when none comes within idle_seconds."""
    try:
        return await asyncio.wait_for(reader.readline(), idle_seconds)
    except TimeoutError:
        return b""
    except ValueError as err:  # StreamReader's over-the-limit signal
        raise _LineTooLongError(f"request line over {MAX_LINE_BYTES} bytes") from err


def control_word(line: bytes) -> str | None:
    """The request's "control" word (None: the request is a command); InputError for an unknown one."""
    try:
        document = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or "control" not in document:
        return None
    word = document["control"]
    if word not in CONTROL_WORDS:
        raise InputError(f'"control" must be one of {", ".join(CONTROL_WORDS)}, got {word!r}')
    return str(word)


def _wait_seconds(line: bytes) -> float:
    try:
        document = json.loads(line)
    except json.JSONDecodeError:
        return 5.0
    value = document.get("wait_seconds", 5.0) if isinstance(document, dict) else 5.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 60:
        raise InputError('"wait_seconds" must be a number from 0 to 60')
    return float(value)


async def send_control(path: Path, word: str, *, timeout_seconds: float = 10.0) -> dict[str, object]:
    """Send a control word to a running daemon; its reply (OSError when it could not be sent)."""
    reader, writer = await asyncio.open_unix_connection(str(path), limit=1 << 20)
    try:
        writer.write(json.dumps({"control": word}).encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout_seconds)
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    reply = json.loads(line) if line else {}
    if not isinstance(reply, dict) or not reply:
        raise OSError("no reply from the daemon")
    return reply


class AcceptedError(Exception):
    """The request was sent, but no reply came: the command may have run, or may still run."""


async def send(
    path: Path,
    text: str,
    *,
    wait_seconds: float = 5.0,
    timeout_seconds: float = 30.0,
    request_id: str | None = None,
) -> dict[str, object]:
    """Send one command to a running daemon and return its reply.

    OSError (ConnectionError among them) when it could not be sent; AcceptedError when it was sent but
    no reply came (the daemon hung up, or timeout_seconds passed).
    """
    reader, writer = await asyncio.open_unix_connection(str(path), limit=1 << 20)
    try:
        request: dict[str, object] = {"text": text, "wait_seconds": wait_seconds}
        if request_id is not None:
            request["id"] = request_id
        writer.write(json.dumps(request).encode() + b"\n")
        try:  # from here on the daemon may have read the request
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), timeout_seconds)
        except TimeoutError as err:
            raise AcceptedError(f"no reply from the daemon within {timeout_seconds:g} s") from err
        except (ConnectionError, ValueError) as err:
            raise AcceptedError(f"the control socket failed after the request was sent: {err}") from err
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    if not line:
        raise AcceptedError("the daemon closed the control socket without replying")
    try:
        reply = json.loads(line)
    except ValueError as err:
        raise AcceptedError(f"malformed reply from the daemon: {err}") from err
    if not isinstance(reply, dict):
        raise AcceptedError("malformed reply from the daemon")
    return reply
