"""One MQTT v5 connection: a fresh paho client and its network thread, bridged to the event loop.

A session lives from one connection attempt until that connection is lost, then it is thrown away
with everything paho still held for it. The next attempt gets a new session, so paho never re-sends a
message on its own after a reconnect: the outbox is the only queue, and duplicates stay its decision.

The broker's side of the session persists (clean start off, a Session Expiry Interval): what is sent to
the daemon's subscriptions while it is away waits at the broker. Acknowledgements are manual: a message
on a held topic (the text topics) is acknowledged only when its receiver calls Incoming.ack(), once the
command is stored; until then the broker keeps it and sends it again (DUP) on the next connection.
Messages on other topics are acknowledged as they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

from assistantd.config.service import MqttConfig
from assistantd.errors import BrokerError
from assistantd.mqtt.properties import Correlated, Outgoing, correlated

_LOGGER = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10.0
"""Bound on TCP + TLS set-up, and again on the wait for CONNACK."""


class PublishRefusedError(BrokerError):
    """The broker refused a message, or it cannot be sent at all; sending it again will not help."""


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """What every connection of one client shares."""

    settings: MqttConfig
    status_topic: str
    password: str | None
    tls_context: ssl.SSLContext | None
    on_message: Callable[[str, bytes], None]
    """Called on the event loop."""
    held_topics: frozenset[str] = frozenset()
    """Topics whose messages are acknowledged only when their receiver says so (a subscription's
    wildcards, such as ``+``, match as the broker matches them)."""
    on_held: Callable[[Incoming], None] | None = None
    """Called on the event loop for each QoS 1 message on a held topic."""
    on_correlated: Callable[[Correlated], None] | None = None
    """Called on the event loop, instead of on_message, for each message with MQTT 5 correlation data (a
    request that wants an answer on its response topic, or such an answer)."""

    def holds(self, topic: str) -> bool:
        """Whether a message on topic is acknowledged only when its receiver says so."""
        return topic in self.held_topics or any(
            paho.topic_matches_sub(held, topic) for held in self.held_topics if "+" in held or "#" in held
        )


@dataclass(frozen=True, slots=True)
class Incoming:
    """A message on a held topic, not yet acknowledged to the broker."""

    topic: str
    payload: bytes
    mid: int
    """The broker's packet id (repeated when it sends the message again)."""
    redelivered: bool
    """DUP: the broker sent it before, on this session's earlier connection."""
    ack: Callable[[], None]
    """Acknowledge it (on the loop); nothing happens once the connection it came on is gone."""


def _no_delay(client: paho.Client, userdata: object, sock: socket.socket) -> None:
    """Send each packet at once: with Nagle's algorithm, a publish right after our PUBACK of an
    incoming command waits for the broker's delayed TCP ACK (about 40 ms on Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class Session:
    """One paho client: connect, publish with acknowledgement, subscribe, close."""

    def __init__(self, options: SessionOptions, on_lost: Callable[[str], None]) -> None:
        self._options = options
        self._on_lost_cb = on_lost
        self._loop = asyncio.get_running_loop()
        self._connack: asyncio.Future[None] = self._loop.create_future()
        self.lost: asyncio.Future[str] = self._loop.create_future()
        """Done (with the reason) once the connection is gone or closed."""
        self._publishes: dict[int, tuple[asyncio.Future[None], str]] = {}
        self._subscribes: dict[int, asyncio.Future[bool]] = {}
        self._tls = _TlsSocketKeeper(options.tls_context) if options.tls_context is not None else None
        self._paho = self._make_paho()

    @property
    def where(self) -> str:
        """host:port of the broker."""
        return f"{self._options.settings.host}:{self._options.settings.port}"

    async def open(self) -> None:
        """Connect and wait for a successful CONNACK; BrokerError otherwise."""
        connecting = asyncio.ensure_future(asyncio.to_thread(self._connect_blocking))
        try:
            await asyncio.shield(connecting)
        except asyncio.CancelledError:
            await asyncio.wait([connecting])  # the thread cannot be interrupted; close() cleans up after it
            if not connecting.cancelled():
                connecting.exception()  # a failure to connect no longer matters to anyone
            raise
        self._paho.loop_start()
        try:
            await asyncio.wait_for(asyncio.shield(self._connack), CONNECT_TIMEOUT_SECONDS)
        except TimeoutError as err:
            raise BrokerError(f"no CONNACK from {self.where} within {CONNECT_TIMEOUT_SECONDS} s") from err

    async def publish(
        self, topic: str, payload: str | bytes, qos: int, retain: bool, outgoing: Outgoing = Outgoing()
    ) -> None:
        """Publish and return once the broker acknowledged (qos 0: once written)."""
        if self.lost.done():
            raise BrokerError(f"not connected to the broker at {self.where}")
        properties = outgoing.properties()
        try:
            info = self._paho.publish(topic, payload, qos=qos, retain=retain, properties=properties)
        except ValueError as err:
            raise PublishRefusedError(f"cannot publish to {topic!r}: {err}") from err
        if info.rc != MQTTErrorCode.MQTT_ERR_SUCCESS:  # paho saw the socket go before we heard of it
            self._lost("connection lost")  # so `connected` is False before anyone handles this error
            raise BrokerError(f"cannot publish to {topic!r}: {paho.error_string(info.rc)}")
        future: asyncio.Future[None] = self._loop.create_future()
        self._publishes[info.mid] = (future, topic)
        try:
            await future
        finally:
            self._publishes.pop(info.mid, None)

    def subscribe(self, topics: Iterable[str]) -> asyncio.Future[bool]:
        """Subscribe (QoS 1); the future says whether every topic was granted (False when lost)."""
        future: asyncio.Future[bool] = self._loop.create_future()
        wanted = [(topic, SubscribeOptions(qos=1)) for topic in sorted(topics)]
        if not wanted:
            future.set_result(True)
            return future
        rc, mid = self._paho.subscribe(wanted)
        if rc != MQTTErrorCode.MQTT_ERR_SUCCESS or mid is None:
            future.set_result(False)
        else:
            self._subscribes[mid] = future
        return future

    def unsubscribe(self, topics: Iterable[str]) -> None:
        """Unsubscribe, without waiting for the broker's answer."""
        unwanted = sorted(topics)
        if unwanted:
            self._paho.unsubscribe(unwanted)

    async def close(self) -> None:
        """Send DISCONNECT when connected (the broker then drops the will) and join the network thread."""
        self._paho.disconnect()
        joining = asyncio.ensure_future(asyncio.to_thread(self._paho.loop_stop))
        try:
            await asyncio.shield(joining)
        finally:  # also when cancelled: the thread must be gone before the client is dropped
            if not joining.done():
                await asyncio.wait([joining])
            _unhook(self._paho)
            self._lost("closed")

    def _make_paho(self) -> paho.Client:
        options, settings = self._options, self._options.settings
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=settings.client_id,
            protocol=paho.MQTTv5,
            reconnect_on_failure=False,
            manual_ack=True,
        )
        client.connect_timeout = CONNECT_TIMEOUT_SECONDS
        client.will_set(options.status_topic, "offline", qos=1, retain=True)
        if settings.username is not None or options.password is not None:
            client.username_pw_set(settings.username, options.password)
        if self._tls is not None:
            client.tls_set_context(self._tls)  # type: ignore[arg-type]  # duck-typed SSLContext
        client.on_connect = self._paho_connect
        client.on_disconnect = self._paho_disconnect
        client.on_publish = self._paho_publish
        client.on_subscribe = self._paho_subscribe
        client.on_message = self._paho_message
        client.on_socket_open = _no_delay
        return client

    def _connect_blocking(self) -> None:
        settings = self._options.settings
        try:
            self._paho.connect(
                settings.host,
                settings.port,
                settings.keepalive_seconds,
                clean_start=False,
                properties=_connect_properties(settings.session_expiry_seconds),
            )
        except OSError as err:
            if self._tls is not None and self._tls.socket is not None:
                self._tls.socket.close()
            raise BrokerError(f"cannot connect to {self.where}: {err}") from err

    # Paho's network thread: hand everything to the event loop.

    def _post(self, callback: Callable[..., None], *args: object) -> None:
        try:
            self._loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: nobody is left to tell
            _LOGGER.debug("event loop closed; dropped %s%r", callback.__name__, args)

    def _paho_connect(
        self,
        client: paho.Client,
        userdata: object,
        flags: object,
        reason: ReasonCode,
        properties: Properties | None,
    ) -> None:
        self._post(self._connected, reason.is_failure, str(reason))

    def _paho_disconnect(
        self,
        client: paho.Client,
        userdata: object,
        flags: paho.DisconnectFlags,
        reason: ReasonCode,
        properties: Properties | None,
    ) -> None:
        if flags.is_disconnect_packet_from_server:
            self._post(self._lost, f"the broker disconnected us: {reason}")
        else:
            self._post(self._lost, "connection lost")

    def _paho_publish(
        self,
        client: paho.Client,
        userdata: object,
        mid: int,
        reason: ReasonCode,
        properties: Properties | None,
    ) -> None:
        self._post(self._acknowledged, mid, reason.is_failure, str(reason))

    def _paho_subscribe(
        self,
        client: paho.Client,
        userdata: object,
        mid: int,
        reasons: list[ReasonCode],
        properties: Properties | None,
    ) -> None:
        self._post(self._subscribed, mid, [str(reason) for reason in reasons if reason.is_failure])

    def _paho_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        try:
            topic = message.topic
        except UnicodeDecodeError:
            _LOGGER.warning("dropped a message whose topic is not UTF-8")
            client.ack(message.mid, message.qos)
            return
        on_held = self._options.on_held
        if on_held is not None and message.qos == 1 and self._options.holds(topic):
            ack = functools.partial(self._ack, message.mid, message.qos)
            self._post(on_held, Incoming(topic, message.payload, message.mid, bool(message.dup), ack))
            return
        on_correlated = self._options.on_correlated
        message_with = correlated(topic, message) if on_correlated is not None else None
        if on_correlated is not None and message_with is not None:
            self._post(on_correlated, message_with)
        else:
            self._post(self._options.on_message, topic, message.payload)
        client.ack(message.mid, message.qos)

    # The event loop's side.

    def _ack(self, mid: int, qos: int) -> None:
        if self.lost.done():  # the broker sends it again on the next connection (DUP)
            _LOGGER.debug("not acknowledged (the connection is gone): message %d", mid)
            return
        self._paho.ack(mid, qos)

    def _connected(self, failed: bool, reason: str) -> None:
        if self._connack.done():
            return
        if failed:
            self._connack.set_exception(BrokerError(f"the broker at {self.where} refused us: {reason}"))
        else:
            self._connack.set_result(None)

    def _lost(self, reason: str) -> None:
        if self.lost.done():
            return
        self.lost.set_result(reason)
        if not self._connack.done():
            self._connack.set_exception(BrokerError(f"connection to {self.where} failed: {reason}"))
        self._on_lost_cb(reason)
        for future, topic in self._publishes.values():
            if not future.done():
                future.set_exception(BrokerError(f"{reason} before the broker acknowledged {topic!r}"))
        for subscribed in self._subscribes.values():
            if not subscribed.done():
                subscribed.set_result(False)
        self._subscribes.clear()
        if self._connack.done() and not self._connack.cancelled():
            self._connack.exception()  # retrieved here, so an unawaited failure is not reported again

    def _acknowledged(self, mid: int, failed: bool, reason: str) -> None:
        future, topic = self._publishes.get(mid, (None, ""))
        if future is None or future.done():
            return
        if failed:
            future.set_exception(PublishRefusedError(f"the broker refused a message to {topic!r}: {reason}"))
        else:
            future.set_result(None)

    def _subscribed(self, mid: int, failures: list[str]) -> None:
        future = self._subscribes.pop(mid, None)
        if failures:
            _LOGGER.warning("the broker at %s refused a subscription: %s", self.where, ", ".join(failures))
        if future is not None and not future.done():
            future.set_result(not failures)


def _connect_properties(session_expiry_seconds: int) -> Properties:
    """CONNECT's properties: how long the broker keeps the session after a disconnect."""
    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = session_expiry_seconds
    return properties


def _unhook(client: paho.Client) -> None:
    """Drop the callbacks and close paho's wake-up socket pair, which loop_stop() leaves to __del__.

    A session sits in reference cycles (exceptions kept in futures hold its frames), so __del__ would
    run at some garbage collection, after the sockets' own finalizers had warned. paho 1.6-2.2 has no
    public way to close them; _reset_sockets(sockpair_only=True) is what loop() itself uses.
    """
    client.on_connect = None
    client.on_disconnect = None
    client.on_publish = None
    client.on_subscribe = None
    client.on_message = None
    reset_sockets = getattr(client, "_reset_sockets", None)
    if reset_sockets is not None:
        reset_sockets(sockpair_only=True)


class _TlsSocketKeeper:
    """The shared SSL context, remembering the socket it wraps: paho leaves it open when a handshake fails."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        self.socket: ssl.SSLSocket | None = None

    @property
    def check_hostname(self) -> bool:
        """As the wrapped context's (paho reads it)."""
        return self._context.check_hostname

    def wrap_socket(self, sock: socket.socket, **kwargs: Any) -> ssl.SSLSocket:
        """Wrap and remember."""
        self.socket = self._context.wrap_socket(sock, **kwargs)
        return self.socket
