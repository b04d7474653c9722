"""The broker connection as an asyncio facade: reconnects forever, publishes with acknowledgement.

MQTT v5, because its reason codes let us tell apart what v3.1.1 folds together: a CONNACK says
"bad user name or password" or "not authorized", and a PUBACK can say the broker refused a message
(instead of dropping it silently), so the outbox does not retry a message that can never go through.
Mosquitto, EMQX, HiveMQ and the Home Assistant add-on all speak it.

Each connection is a fresh Session (see session.py) of one persistent broker session (commands sent
while the daemon is away wait at the broker); the client owns the retry loop, with jittered
exponential backoff (at most reconnect_max_seconds, 2 s by default, after the broker returns), the subscription set that every new connection re-applies, and the retained
status topic: ``online`` on every connect, ``offline`` on a clean stop and as the last will.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from assistantd.config.loader import read_regular_file
from assistantd.config.service import MqttConfig, TlsConfig
from assistantd.errors import BrokerError, ConfigError, ConfigIssue
from assistantd.mqtt.password import read_password
from assistantd.mqtt.properties import Correlated, Outgoing, UserProperties
from assistantd.mqtt.session import Incoming, PublishRefusedError, Session, SessionOptions
from assistantd.reconnect import Backoff

__all__ = ["Correlated", "Incoming", "MqttClient", "Outgoing", "PublishRefusedError", "check_tls_files", "read_password", "tls_context"]

_LOGGER = logging.getLogger(__name__)

_STABLE_SECONDS = 10.0
"""A connection that lasted this long resets the backoff (two daemons with one client id still back off)."""
_STOP_TIMEOUT_SECONDS = 5.0
"""Bound on publishing ``offline`` at stop."""


MAX_TLS_FILE_BYTES = 1 << 20
"""Bound on a CA, certificate or key file."""


def check_tls_files(tls: TlsConfig) -> None:
    """ConfigError naming each TLS file that is not a regular file of at most MAX_TLS_FILE_BYTES (a FIFO or
    a device would block the loader, or never end)."""
    issues = []
    for key, path in (("ca_file", tls.ca_file), ("cert_file", tls.cert_file), ("key_file", tls.key_file)):
        if path is None:
            continue
        try:
            read_regular_file(path, MAX_TLS_FILE_BYTES)
        except OSError as err:
            issues.append(_tls_issue(path, key, f"cannot load the {_TLS_FILES[key]}: {err.strerror or err}"))
    if issues:
        raise ConfigError(issues)


def tls_context(tls: TlsConfig) -> ssl.SSLContext:
    """An SSL context from the TLS settings; ConfigError naming the file that could not be loaded."""
    check_tls_files(tls)
    try:
        context = ssl.create_default_context(cafile=str(tls.ca_file) if tls.ca_file else None)
    except (OSError, ssl.SSLError) as err:
        raise ConfigError([_tls_issue(tls.ca_file, "ca_file", f"cannot load the CA file: {err}")]) from err
    if tls.cert_file is not None:
        try:
            context.load_cert_chain(tls.cert_file, tls.key_file)
        except (OSError, ssl.SSLError) as err:
            issue = _tls_issue(
                tls.cert_file, "cert_file", f"cannot load the client certificate and key: {err}"
            )
            raise ConfigError([issue]) from err
    context.check_hostname = not tls.insecure
    return context


_TLS_FILES = {"ca_file": "CA file", "cert_file": "client certificate", "key_file": "key"}


def _tls_issue(path: Path | None, key: str, message: str) -> ConfigIssue:
    return ConfigIssue(str(path), None, f"mqtt.tls.{key}", message)


class MqttClient:
    """One connection to the broker, kept up in the background."""

    def __init__(
        self,
        settings: MqttConfig,
        *,
        status_topic: str,
        password: str | None,
        on_message: Callable[[str, bytes], None],
        on_connection_change: Callable[[bool], None] | None = None,
        held_topics: Iterable[str] = (),
        on_held: Callable[[Incoming], None] | None = None,
        on_correlated: Callable[[Correlated], None] | None = None,
    ) -> None:
        """held_topics: their QoS 1 messages go to on_held, acknowledged only by Incoming.ack();
        on_correlated: messages with MQTT 5 correlation data (requests and their answers)."""
        self._settings = settings
        self._options = SessionOptions(
            settings=settings,
            status_topic=status_topic,
            password=password,
            tls_context=tls_context(settings.tls) if settings.tls is not None else None,
            on_message=on_message,
            held_topics=frozenset(held_topics),
            on_held=on_held,
            on_correlated=on_correlated,
        )
        self._on_connection_change = on_connection_change
        self._subscriptions: frozenset[str] = frozenset()
        self._session: Session | None = None
        """The session while connected (after ``online`` was acknowledged), else None."""
        self._connected = asyncio.Event()
        self.connections = 0
        """How many times the broker was connected: what was published before the last connection may have
        been lost with the broker."""
        self._task: asyncio.Task[None] | None = None
        self._last_failure: str | None = None

    @property
    def connected(self) -> bool:
        """Whether the broker is connected and ``online`` was acknowledged."""
        return self._connected.is_set()

    @property
    def where(self) -> str:
        """host:port of the broker."""
        return f"{self._settings.host}:{self._settings.port}"

    async def start(self) -> None:
        """Start connecting in the background; returns at once, failures are retried, never raised."""
        if self._task is not None:
            raise RuntimeError("MqttClient.start() called twice")
        self._task = asyncio.create_task(self._supervise(), name="mqtt-connection")

    async def wait_connected(self, timeout_seconds: float | None) -> bool:
        """Wait until connected; False when timeout_seconds passed first (None waits forever).

        Raises what ended the connection task (a bug: broker faults are retried, never raised), so
        that a caller waiting for the broker fails instead of waiting forever.
        """
        if self.connected:
            return True
        connected = asyncio.ensure_future(self._connected.wait())
        watched = {connected} if self._task is None else {connected, self._task}
        try:
            first = asyncio.FIRST_COMPLETED
            done, _ = await asyncio.wait(watched, timeout=timeout_seconds, return_when=first)
        finally:
            connected.cancel()
        if connected in done:
            return True
        if self._task is not None and self._task in done:
            self._raise_task_end(self._task)
        return False

    def _raise_task_end(self, task: asyncio.Task[None]) -> None:
        """Raise the error that ended the connection task (or say it stopped)."""
        if not task.cancelled() and (error := task.exception()) is not None:
            raise error
        raise BrokerError(f"the connection to {self.where} was stopped")

    async def publish(
        self,
        topic: str,
        payload: str | bytes,
        qos: int = 1,
        retain: bool = False,
        user_properties: UserProperties = (),
        *,
        outgoing: Outgoing | None = None,
    ) -> None:
        """Publish and return once acknowledged (qos 0: written); BrokerError if not connected or lost first.

        Nothing is queued here: after a BrokerError the message is not on its way. After one that is
        not a PublishRefusedError, `connected` is already False, so wait_connected() is the way on.
        """
        session = self._session
        if session is None:
            raise BrokerError(f"not connected to the broker at {self.where}")
        await session.publish(topic, payload, qos, retain, outgoing or Outgoing(user_properties))

    def set_subscriptions(self, topics: Iterable[str]) -> None:
        """Replace the subscription set (QoS 1); applied at once when connected, and on every reconnect."""
        wanted = frozenset(topics)
        previous, self._subscriptions = self._subscriptions, wanted
        if self._session is not None:
            self._session.unsubscribe(previous - wanted)
            self._session.subscribe(wanted - previous)

    async def stop(self) -> None:
        """Publish ``offline`` (retained), disconnect cleanly and join the network thread."""
        task, self._task = self._task, None
        if task is None:
            return
        session = self._session
        if session is not None:
            try:
                await asyncio.wait_for(self._publish_status(session, "offline"), _STOP_TIMEOUT_SECONDS)
            except (BrokerError, TimeoutError) as err:
                _LOGGER.warning("could not publish offline to %s: %s", self.where, err)
        task.cancel()
        await asyncio.wait([task])
        if not task.cancelled() and (error := task.exception()) is not None:
            raise error

    async def _supervise(self) -> None:
        settings = self._settings
        backoff = Backoff(settings.reconnect_min_seconds, settings.reconnect_max_seconds)
        while True:
            connected_seconds = await self._run_session()
            if connected_seconds is not None and connected_seconds >= _STABLE_SECONDS:
                backoff.reset()
            await asyncio.sleep(backoff.next_seconds())

    async def _run_session(self) -> float | None:
        """One connection from attempt to loss; how long it was up, None when it never came up."""
        session = Session(self._options, self._session_lost)
        try:
            try:
                await session.open()
                subscribed = await self._prepare(session)
            except BrokerError as err:
                self._log_failure(str(err))
                return None
            started = time.monotonic()
            self._set_connected(session, subscribed)
            reason = await asyncio.shield(session.lost)
            _LOGGER.warning("connection to the broker at %s lost: %s", self.where, reason)
            return time.monotonic() - started
        finally:
            await session.close()

    async def _prepare(self, session: Session) -> frozenset[str]:
        """Subscribe (waiting for SUBACK) and announce ``online`` before anyone may publish; the topics."""
        topics = self._subscriptions
        if not await session.subscribe(topics) and session.lost.done():
            raise BrokerError(f"connection to {self.where} lost while subscribing")
        await self._publish_status(session, "online")
        return topics

    async def _publish_status(self, session: Session, status: str) -> None:
        await session.publish(self._options.status_topic, status, 1, True)

    def _set_connected(self, session: Session, subscribed: frozenset[str]) -> None:
        self._session = session
        if subscribed != self._subscriptions:  # set_subscriptions() was called while connecting
            session.unsubscribe(subscribed - self._subscriptions)
            session.subscribe(self._subscriptions - subscribed)
        self._last_failure = None
        _LOGGER.info("connected to the broker at %s", self.where)
        self.connections += 1
        self._connected.set()
        if self._on_connection_change is not None:
            self._on_connection_change(True)

    def _session_lost(self, reason: str) -> None:
        """Called by the session, on the loop, before its pending publishes fail."""
        self._session = None
        if self._connected.is_set():
            self._connected.clear()
            if self._on_connection_change is not None:
                self._on_connection_change(False)

    def _log_failure(self, message: str) -> None:
        if message == self._last_failure:
            _LOGGER.debug("still cannot connect: %s", message)
            return
        self._last_failure = message
        _LOGGER.warning("%s (retrying in the background)", message)
