"""A private Mosquitto for tests (free loopback port, own config and files) and a paho test subscriber."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from assistantd.mqtt.embedded import free_port

MOSQUITTO = Path("/usr/sbin/mosquitto")
MOSQUITTO_PASSWD = Path("/usr/bin/mosquitto_passwd")
_START_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """A self-signed CA and a server certificate for 127.0.0.1 / localhost."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def make_tls_files(directory: Path) -> TlsFiles:
    """Create a CA and a server certificate signed by it with the openssl CLI."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_crt = directory / "ca.key", directory / "ca.crt"
    key, csr, crt = directory / "server.key", directory / "server.csr", directory / "server.crt"
    ext = directory / "server.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *ec, "-keyout", ca_key, "-out", ca_crt, "-days", "2", "-subj", "/CN=test-ca")
    _openssl("req", "-new", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    _openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        ca_crt,
        "-CAkey",
        ca_key,
        "-CAcreateserial",
        "-out",
        crt,
        "-days",
        "2",
        "-extfile",
        ext,
    )
    return TlsFiles(ca_file=ca_crt, cert_file=crt, key_file=key)


def _openssl(*args: object) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


class Mosquitto:
    """One mosquitto process with a generated config in its own directory, on a fixed free port."""

    def __init__(
        self,
        directory: Path,
        *,
        persistence: bool = False,
        tls: bool = False,
        users: dict[str, str] | None = None,
        nodelay: bool = False,
        acl_file: Path | None = None,
    ) -> None:
        """nodelay: set_tcp_nodelay (a large message is not held back by Nagle's algorithm); acl_file: the
        broker's access control (with users)."""
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.tls = make_tls_files(directory / "tls") if tls else None
        self.log_path = directory / "mosquitto.log"
        self._process: subprocess.Popen[bytes] | None = None
        self.config_path = directory / "mosquitto.conf"
        self.config_path.write_text(
            self._config(persistence, users)
            + ("set_tcp_nodelay true\n" if nodelay else "")
            + (f"acl_file {acl_file}\n" if acl_file is not None else "")
        )

    @property
    def url(self) -> str:
        """mqtt://127.0.0.1:PORT (mqtts:// with TLS)."""
        return f"{'mqtts' if self.tls else 'mqtt'}://127.0.0.1:{self.port}"

    @property
    def log(self) -> str:
        """Everything the broker wrote to stderr so far (all runs)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> Mosquitto:
        """Start the broker and wait until its port accepts connections."""
        if self.running:
            raise RuntimeError("mosquitto is already running")
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [str(MOSQUITTO), "-c", str(self.config_path)], stdout=log, stderr=log, cwd=self.directory
            )
        self._wait_listening()
        return self

    def stop(self) -> None:
        """SIGTERM and wait (the broker saves its persistence file on the way out)."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL and wait: no will handling, no final save, sockets simply vanish."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Stop (if running) and start again on the same port with the same files."""
        self.stop()
        self.start()

    def _end(self, sig: signal.Signals) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"mosquitto exited at start:\n{self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"mosquitto did not listen on {self.port} within {_START_TIMEOUT_SECONDS} s")

    def _config(self, persistence: bool, users: dict[str, str] | None) -> str:
        lines = [f"listener {self.port} 127.0.0.1", "log_dest stderr", "log_type all"]
        if os.geteuid() == 0:
            lines.append("user root")  # started as root it would drop to 'mosquitto', locked out of tmp dirs
        if persistence:
            lines += [
                "persistence true",
                f"persistence_location {self.directory}/",
                "autosave_interval 1",
                "autosave_on_changes true",
            ]
        if self.tls is not None:
            tls = self.tls
            lines += [f"cafile {tls.ca_file}", f"certfile {tls.cert_file}", f"keyfile {tls.key_file}"]
        if users:
            lines += [f"password_file {self._password_file(users)}", "allow_anonymous false"]
        else:
            lines.append("allow_anonymous true")
        return "\n".join(lines) + "\n"

    def _password_file(self, users: dict[str, str]) -> Path:
        path = self.directory / "passwords"
        path.touch()
        for username, password in users.items():
            subprocess.run([str(MOSQUITTO_PASSWD), "-b", str(path), username, password], check=True)
        return path


@dataclass(frozen=True, slots=True)
class Received:
    """One message a Subscriber got."""

    topic: str
    payload: bytes
    qos: int
    retain: bool
    dup: bool = False
    """Set on a redelivery (a persistent session's unacknowledged message after a broker restart)."""
    user_properties: tuple[tuple[str, str], ...] = ()
    """MQTT 5 user properties (a v5 subscriber only)."""

    def property(self, name: str) -> str | None:
        """The value of a user property, None when absent."""
        return next((value for key, value in self.user_properties if key == name), None)


class Subscriber:
    """A paho client on its own thread that collects messages and reconnects by itself."""

    def __init__(
        self,
        broker: Mosquitto,
        topics: list[str],
        *,
        client_id: str = "",
        persistent: bool = False,
        v5: bool = False,
        login: tuple[str, str] | None = None,
    ) -> None:
        """v5: speak MQTT 5 (and see user properties); a persistent v5 session expires after an hour;
        login: the user name and password to log in with."""
        if persistent and not client_id:
            raise ValueError("a persistent session needs a fixed client id")
        self.topics = topics
        self.messages: list[Received] = []
        self._condition = threading.Condition()
        self._subscribed = threading.Event()
        if v5:
            self._client = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5)
        else:
            self._client = paho.Client(
                CallbackAPIVersion.VERSION2,
                client_id=client_id,
                clean_session=not persistent,
                protocol=paho.MQTTv311,
            )
        self._client.on_connect = self._on_connect
        self._client.on_subscribe = self._on_subscribe
        self._client.on_message = self._on_message
        self._client.reconnect_delay_set(min_delay=0.05, max_delay=0.2)  # type: ignore[arg-type]
        if login is not None:
            self._client.username_pw_set(*login)
        if broker.tls is not None:
            self._client.tls_set(ca_certs=str(broker.tls.ca_file))
        if v5:
            properties = Properties(PacketTypes.CONNECT)
            properties.SessionExpiryInterval = 3600 if persistent else 0
            self._client.connect_async(
                "127.0.0.1", broker.port, keepalive=10, clean_start=not persistent, properties=properties
            )
        else:
            self._client.connect_async("127.0.0.1", broker.port, keepalive=10)

    def start(self, timeout: float = 10.0) -> Subscriber:
        """Connect and wait until the subscriptions are acknowledged."""
        self._client.loop_start()
        if not self._subscribed.wait(timeout):
            raise TimeoutError(f"subscriber not subscribed to {self.topics} within {timeout} s")
        return self

    def stop(self) -> None:
        """Disconnect and join the network thread."""
        self._client.disconnect()
        self._client.loop_stop()
        self._client._reset_sockets(sockpair_only=True)  # paho leaves its wake-up socket pair to __del__

    def wait_subscribed(self, timeout: float = 10.0) -> None:
        """Wait for the next SUBACK (after a reconnect, clear_subscribed first)."""
        if not self._subscribed.wait(timeout):
            raise TimeoutError(f"subscriber not subscribed to {self.topics} within {timeout} s")

    def clear_subscribed(self) -> None:
        """Forget the last SUBACK so wait_subscribed waits for a new one."""
        self._subscribed.clear()

    def wait_for(self, count: int, timeout: float = 10.0, *, skip_dup: bool = False) -> list[Received]:
        """Block until at least count messages arrived; all of them so far.

        skip_dup leaves out the broker's redeliveries to this subscriber (DUP set): a persistent session
        whose acknowledgement the broker had not saved before it was killed gets the message again.
        """

        def arrived() -> list[Received]:
            return [m for m in self.messages if not (skip_dup and m.dup)]

        with self._condition:
            if not self._condition.wait_for(lambda: len(arrived()) >= count, timeout):
                raise TimeoutError(f"got {len(arrived())} of {count} messages: {self.messages}")
            return arrived()

    async def wait_for_async(
        self, count: int, timeout: float = 10.0, *, skip_dup: bool = False
    ) -> list[Received]:
        """wait_for without blocking the event loop."""
        return await asyncio.to_thread(lambda: self.wait_for(count, timeout, skip_dup=skip_dup))

    def payloads(self, topic: str | None = None) -> list[bytes]:
        """Payloads so far, optionally of one topic."""
        with self._condition:
            return [m.payload for m in self.messages if topic is None or m.topic == topic]

    def _on_connect(
        self,
        client: paho.Client,
        userdata: object,
        flags: paho.ConnectFlags,
        reason: object,
        properties: object,
    ) -> None:
        if flags.session_present:  # a persistent session kept the subscriptions (and queued messages)
            self._subscribed.set()
        else:
            client.subscribe([(topic, 1) for topic in self.topics])

    def _on_subscribe(self, *args: object) -> None:
        self._subscribed.set()

    def _on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        with self._condition:
            flags = bool(message.retain), bool(message.dup)
            user = tuple(getattr(message.properties, "UserProperty", None) or ())
            self.messages.append(Received(message.topic, message.payload, message.qos, *flags, user))
            self._condition.notify_all()


def publish(broker: Mosquitto, topic: str, payload: bytes | str, *, retain: bool = False) -> None:
    """One QoS 1 publish from a separate client, waited for."""
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="")
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    try:
        client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()


def publish_as(broker: Mosquitto, login: tuple[str, str], topic: str, payload: bytes | str) -> bool:
    """One QoS 1 publish over MQTT 5 as a user (name, password), waited for: whether the broker took it
    (False: its PUBACK says it refused it, as an ACL that does not let the user write the topic does)."""
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="", protocol=paho.MQTTv5)
    client.username_pw_set(*login)
    reasons: list[object] = []
    client.on_publish = lambda client, userdata, mid, reason, properties: reasons.append(reason)
    client.connect("127.0.0.1", broker.port)
    client.loop_start()
    try:
        client.publish(topic, payload, qos=1).wait_for_publish(10)
    finally:
        client.disconnect()
        client.loop_stop()
    [reason] = reasons
    return not reason.is_failure  # type: ignore[attr-defined]
