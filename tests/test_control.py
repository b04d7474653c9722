"""The control socket over a real unix socket, with a fake handler: replies, malformed requests, `send`."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import stat
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistantd.assistant.command import TextCommand
from assistantd.daemon.control import (
    MAX_LINE_BYTES,
    AcceptedError,
    ControlServer,
    send,
    send_control,
    socket_candidates,
    socket_path,
)

TIMEOUT = 2.0


@dataclass
class FakeHandler:
    """Answers every command with an echo and records what it was asked."""

    calls: list[tuple[TextCommand, float]] = field(default_factory=list)

    async def __call__(self, command: TextCommand, wait_seconds: float) -> dict[str, object]:
        self.calls.append((command, wait_seconds))
        return {"text": command.text, "id": command.request_id, "wait_seconds": wait_seconds}


@pytest.fixture
def folder() -> Iterator[Path]:
    """A short folder: AF_UNIX paths must stay under 108 bytes."""
    path = Path(tempfile.mkdtemp(prefix="ad-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def handler() -> FakeHandler:
    return FakeHandler()


@pytest.fixture
async def server(folder: Path, handler: FakeHandler) -> AsyncIterator[ControlServer]:
    """A serving ControlServer; cancelled (and checked to have cleaned up) at teardown."""
    control = ControlServer(folder / "control.sock", handler)
    task = asyncio.create_task(control.serve(), name="control")
    await asyncio.wait_for(_until_listening(control.path), TIMEOUT)
    yield control
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)
    assert not control.path.exists(), "the socket file is removed on shutdown"


async def _until_listening(path: Path) -> None:
    while True:
        try:
            _, writer = await asyncio.open_unix_connection(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            await asyncio.sleep(0.005)
            continue
        writer.close()
        await writer.wait_closed()
        return


class Client:
    """A raw line client."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def ask(self, line: bytes) -> dict[str, object]:
        self.writer.write(line)
        await self.writer.drain()
        reply = await asyncio.wait_for(self.reader.readline(), TIMEOUT)
        assert reply.endswith(b"\n"), reply
        return json.loads(reply)

    async def at_end(self) -> bool:
        return await asyncio.wait_for(self.reader.read(), TIMEOUT) == b""


@pytest.fixture
async def client(server: ControlServer) -> AsyncIterator[Client]:
    reader, writer = await asyncio.open_unix_connection(str(server.path), limit=1 << 20)
    yield Client(reader, writer)
    writer.close()
    await writer.wait_closed()


async def test_send_gets_the_handlers_reply(server: ControlServer, handler: FakeHandler) -> None:
    reply = await asyncio.wait_for(send(server.path, "turn on the floor lamp", wait_seconds=2.5), TIMEOUT)
    assert reply == {"text": "turn on the floor lamp", "id": None, "wait_seconds": 2.5}
    assert handler.calls == [(TextCommand("turn on the floor lamp"), 2.5)]


async def test_socket_is_group_writable_only(server: ControlServer) -> None:
    assert stat.S_IMODE(os.stat(server.path).st_mode) == 0o660
    assert stat.S_ISSOCK(os.stat(server.path).st_mode)


async def test_several_requests_on_one_connection(client: Client, handler: FakeHandler) -> None:
    assert await client.ask(b'{"text": "lamp on", "id": "a", "area": "kitchen"}\n') == {
        "text": "lamp on",
        "id": "a",
        "wait_seconds": 5.0,
    }
    assert (await client.ask(b"plain text works too\n"))["text"] == "plain text works too"
    assert (await client.ask(b'{"text": "x", "wait_seconds": 0}\n'))["wait_seconds"] == 0.0
    assert [call[0].area for call in handler.calls] == ["kitchen", None, None]


BAD_REQUESTS = [
    (b'{"text": "lamp on"\n', "invalid JSON"),
    (b"{not json at all}\n", "invalid JSON"),
    (b'{"id": "a"}\n', 'without a string "text"'),
    (b"\n", "empty payload"),
    (b"\xff\xfe\n", "not valid UTF-8"),
    (b'{"text": "x", "wait_seconds": 61}\n', '"wait_seconds" must be a number from 0 to 60'),
    (b'{"text": "x", "wait_seconds": -1}\n', '"wait_seconds" must be a number from 0 to 60'),
    (b'{"text": "x", "wait_seconds": "5"}\n', '"wait_seconds" must be a number from 0 to 60'),
    (b'{"text": "x", "wait_seconds": true}\n', '"wait_seconds" must be a number from 0 to 60'),
    (b'{"text": "x", "wait_seconds": NaN}\n', '"wait_seconds" must be a number from 0 to 60'),
]


@pytest.mark.parametrize(("line", "message"), BAD_REQUESTS)
async def test_malformed_requests_get_an_error_and_the_connection_lives(
    client: Client, handler: FakeHandler, line: bytes, message: str
) -> None:
    reply = await client.ask(line)
    assert set(reply) == {"error"}
    assert message in str(reply["error"])
    assert handler.calls == []
    assert (await client.ask(b"still here\n"))["text"] == "still here"


async def test_an_over_long_line_is_answered_and_the_server_keeps_serving(
    client: Client, server: ControlServer, handler: FakeHandler
) -> None:
    reply = await client.ask(b'{"text": "' + b"a" * (MAX_LINE_BYTES * 2) + b'"}\n')
    assert reply == {"error": f"request line over {MAX_LINE_BYTES} bytes"}
    assert await client.at_end(), "the connection is closed after an over-long line"
    assert handler.calls == []
    reply = await asyncio.wait_for(send(server.path, "lamp on"), TIMEOUT)
    assert reply["text"] == "lamp on"


async def test_a_text_over_the_input_limit_is_refused(client: Client) -> None:
    reply = await client.ask(b"a" * (MAX_LINE_BYTES // 2 + 1) + b"\n")
    assert "byte limit" in str(reply["error"])


async def test_a_client_that_hangs_up_early_does_not_stop_the_server(server: ControlServer) -> None:
    _, writer = await asyncio.open_unix_connection(str(server.path))
    writer.write(b'{"text": "half a req')
    writer.close()
    await writer.wait_closed()
    reply = await asyncio.wait_for(send(server.path, "lamp on"), TIMEOUT)
    assert reply["text"] == "lamp on"


async def test_serve_replaces_a_stale_socket_file(folder: Path, handler: FakeHandler) -> None:
    path = folder / "control.sock"
    path.write_text("left over from a crash")
    task = asyncio.create_task(ControlServer(path, handler).serve())
    try:
        await asyncio.wait_for(_until_listening(path), TIMEOUT)
        assert (await asyncio.wait_for(send(path, "lamp on"), TIMEOUT))["text"] == "lamp on"
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)
    assert not path.exists()


async def test_send_raises_when_the_daemon_hangs_up_without_replying(folder: Path) -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.close()

    path = folder / "mute.sock"
    mute = await asyncio.start_unix_server(hang_up, path=str(path))
    async with mute:
        with pytest.raises(AcceptedError, match="without replying"):  # sent: it may have run
            await asyncio.wait_for(send(path, "lamp on"), TIMEOUT)


async def test_send_raises_when_nothing_listens(folder: Path) -> None:
    with pytest.raises(FileNotFoundError):
        await asyncio.wait_for(send(folder / "absent.sock", "lamp on"), TIMEOUT)


async def test_send_times_out_on_a_silent_daemon(folder: Path) -> None:
    release = asyncio.Event()

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await release.wait()
        writer.close()

    path = folder / "silent.sock"
    server = await asyncio.start_unix_server(silent, path=str(path))
    async with server:
        with pytest.raises(AcceptedError, match="no reply from the daemon within 0.05 s"):
            await send(path, "lamp on", timeout_seconds=0.05)
        release.set()


SOCKET_PATHS = [
    ({}, Path("/var/lib/assistantd/control.sock")),
    ({"RUNTIME_DIRECTORY": ""}, Path("/var/lib/assistantd/control.sock")),
    ({"RUNTIME_DIRECTORY": "/run/assistantd"}, Path("/run/assistantd/control.sock")),
    ({"RUNTIME_DIRECTORY": "/run/assistantd:/run/other"}, Path("/run/assistantd/control.sock")),
]


@pytest.mark.parametrize(("environ", "expected"), SOCKET_PATHS)
def test_socket_path(environ: dict[str, str], expected: Path) -> None:
    assert socket_path(Path("/var/lib/assistantd"), environ) == expected


def test_a_client_also_looks_where_the_shipped_unit_serves_the_socket(tmp_path: Path) -> None:
    """`say` run from a shell has no $RUNTIME_DIRECTORY: after the state directory it tries /run/assistantd."""
    assert socket_candidates(tmp_path, {}) == (tmp_path / "control.sock", Path("/run/assistantd/control.sock"))
    inside = {"RUNTIME_DIRECTORY": "/run/assistantd"}
    assert socket_candidates(tmp_path, inside) == (Path("/run/assistantd/control.sock"),)


async def test_connections_beyond_the_limit_are_refused_with_an_answer(
    folder: Path, handler: FakeHandler, caplog: pytest.LogCaptureFixture
) -> None:
    control = ControlServer(folder / "control.sock", handler, max_clients=2)
    task = asyncio.create_task(control.serve(), name="control")
    await asyncio.wait_for(_until_listening(control.path), TIMEOUT)
    held = [await asyncio.open_unix_connection(str(control.path)) for _ in range(2)]
    for reader, writer in held:  # both are being served: they answer
        writer.write(b'{"text": "hello"}\n')
        await writer.drain()
        assert json.loads(await asyncio.wait_for(reader.readline(), TIMEOUT))["text"] == "hello"
    reader, writer = await asyncio.open_unix_connection(str(control.path))
    refused = json.loads(await asyncio.wait_for(reader.readline(), TIMEOUT))
    assert refused == {"error": "too many connections; try again"}
    assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""
    assert sum("refused" in record.getMessage() for record in caplog.records) == 1
    for _, held_writer in (*held, (reader, writer)):
        held_writer.close()
        await held_writer.wait_closed()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)


async def test_an_idle_connection_is_closed(folder: Path, handler: FakeHandler) -> None:
    control = ControlServer(folder / "control.sock", handler, idle_seconds=0.2)
    task = asyncio.create_task(control.serve(), name="control")
    await asyncio.wait_for(_until_listening(control.path), TIMEOUT)
    reader, writer = await asyncio.open_unix_connection(str(control.path))
    assert await asyncio.wait_for(reader.read(), TIMEOUT) == b""  # closed by the server, not by us
    writer.close()
    await writer.wait_closed()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)


async def test_the_socket_is_never_open_to_others_whatever_the_umask(folder: Path, handler: FakeHandler) -> None:
    umask = os.umask(0)
    try:
        control = ControlServer(folder / "control.sock", handler)
        task = asyncio.create_task(control.serve(), name="control")
        await asyncio.wait_for(_until_listening(control.path), TIMEOUT)
    finally:
        os.umask(umask)
    assert control.path.stat().st_mode & 0o777 == 0o660
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)


async def test_control_words_act_at_once_and_answer_with_the_state(
    folder: Path, handler: FakeHandler
) -> None:
    done: list[str] = []

    def controls(word: str) -> dict[str, object]:
        done.append(word)
        return {"state": "muted" if word == "mute" else "idle"}

    control = ControlServer(folder / "words.sock", handler, controls=controls)
    task = asyncio.create_task(control.serve(), name="control")
    await asyncio.wait_for(_until_listening(control.path), TIMEOUT)
    try:
        assert await asyncio.wait_for(send_control(control.path, "mute"), TIMEOUT) == {"state": "muted"}
        reader, writer = await asyncio.open_unix_connection(str(control.path))
        client = Client(reader, writer)
        assert (await client.ask(b'{"control": "stop"}\n')) == {"state": "idle"}
        bad = await client.ask(b'{"control": "explode"}\n')
        assert "must be one of mute, unmute, stop, state" in str(bad["error"])
        writer.close()
        await writer.wait_closed()
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)
    assert done == ["mute", "stop"] and handler.calls == []


async def test_control_words_are_refused_where_not_served(client: Client, handler: FakeHandler) -> None:
    reply = await client.ask(b'{"control": "mute"}\n')
    assert reply == {"error": "control words are not served here"} and handler.calls == []
