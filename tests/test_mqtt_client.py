"""MqttClient against a real Mosquitto: acknowledgement, reconnects, resubscription, will, auth, TLS."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from assistantd.config import load_config
from assistantd.config.service import MqttConfig, TlsConfig
from assistantd.errors import BrokerError, ConfigError
from assistantd.mqtt.client import Incoming, MqttClient, read_password
from assistantd.reconnect import Backoff
from tests.support.broker import Mosquitto, Subscriber, make_tls_files, publish
from tests.support.configs import EXAMPLE

STATUS = "assistantd/test/status"
TIMEOUT = 10.0


def settings_for(broker: Mosquitto, **overrides: object) -> MqttConfig:
    """Client settings for a test broker, with quick reconnects."""
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": broker.port,
        "client_id": "assistantd-test",
        "keepalive_seconds": 5,
        "reconnect_min_seconds": 0.05,
        "reconnect_max_seconds": 0.4,
    }
    values.update(overrides)
    return MqttConfig(**values)  # type: ignore[arg-type]


class Inbox:
    """Collects on_message calls and checks they happen on the event loop's thread."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
        self.loop_thread = threading.get_ident()
        self.foreign_calls = 0

    def __call__(self, topic: str, payload: bytes) -> None:
        if threading.get_ident() != self.loop_thread:
            self.foreign_calls += 1
        self.queue.put_nowait((topic, payload))

    async def next(self) -> tuple[str, bytes]:
        return await asyncio.wait_for(self.queue.get(), TIMEOUT)


@pytest.fixture
async def make_client() -> AsyncIterator[Callable[..., MqttClient]]:
    """Builds MqttClients (not started); stops every one at teardown."""
    clients: list[MqttClient] = []

    def make(
        settings: MqttConfig,
        *,
        password: str | None = None,
        inbox: Inbox | None = None,
        on_connection_change: Callable[[bool], None] | None = None,
    ) -> MqttClient:
        client = MqttClient(
            settings,
            status_topic=STATUS,
            password=password,
            on_message=inbox or Inbox(),
            on_connection_change=on_connection_change,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await asyncio.wait_for(client.stop(), TIMEOUT)


@pytest.fixture
def subscribers() -> AsyncIterator[list[Subscriber]]:
    """A list to put started Subscribers in; all stopped at teardown."""
    started: list[Subscriber] = []
    yield started  # type: ignore[misc]
    for subscriber in started:
        subscriber.stop()


async def test_publish_is_acknowledged_and_received(mosquitto, make_client, subscribers) -> None:
    subscriber = Subscriber(mosquitto, ["lights/#"]).start()
    subscribers.append(subscriber)
    client = make_client(settings_for(mosquitto))
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    await client.publish("lights/kitchen/set", '{"state": "ON"}')
    await client.publish("lights/hall/set", b"OFF", qos=0, retain=True)
    got = await subscriber.wait_for_async(2, TIMEOUT)
    assert [(m.topic, m.payload, m.qos) for m in got] == [
        ("lights/kitchen/set", b'{"state": "ON"}', 1),
        ("lights/hall/set", b"OFF", 0),
    ]
    status = Subscriber(mosquitto, [STATUS]).start()
    subscribers.append(status)
    assert (await status.wait_for_async(1, TIMEOUT))[0].payload == b"online"
    assert status.messages[0].retain


async def test_publishes_in_a_row_all_arrive_in_order(mosquitto, make_client) -> None:
    received = Subscriber(mosquitto, ["bench/round-trip"]).start()
    client = make_client(settings_for(mosquitto))
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    count = 200
    for index in range(count):
        await client.publish("bench/round-trip", str(index))
    messages = await received.wait_for_async(count, 10)
    received.stop()
    assert [message.payload for message in messages] == [str(index).encode() for index in range(count)]


async def test_publish_while_disconnected_raises(mosquitto_factory, make_client) -> None:
    broker = mosquitto_factory()
    client = make_client(settings_for(broker))
    await client.start()
    with pytest.raises(BrokerError, match="not connected"):
        await client.publish("lights/kitchen/set", "ON")


async def test_client_started_before_the_broker_connects_later(mosquitto_factory, make_client, caplog):
    caplog.set_level(logging.DEBUG, logger="assistantd.mqtt")
    broker = mosquitto_factory()  # configured, not running yet
    client = make_client(settings_for(broker))
    await client.start()
    assert not await client.wait_connected(0.5)
    broker.start()
    assert await client.wait_connected(TIMEOUT)
    await client.publish("lights/kitchen/set", "ON")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "cannot connect" in r.message]
    assert len(warnings) == 1, [r.message for r in caplog.records]
    assert any(r.levelno == logging.DEBUG and "still cannot connect" in r.message for r in caplog.records)


async def test_broker_killed_and_restarted(mosquitto_factory, make_client, subscribers) -> None:
    broker = mosquitto_factory(persistence=True).start()
    status = Subscriber(broker, [STATUS], client_id="status-watcher", persistent=True).start()
    subscribers.append(status)
    inbox = Inbox()
    changes: asyncio.Queue[bool] = asyncio.Queue()
    client = make_client(settings_for(broker), inbox=inbox, on_connection_change=changes.put_nowait)
    client.set_subscriptions(["commands/#"])
    await client.start()
    assert await asyncio.wait_for(changes.get(), TIMEOUT) is True
    assert [m.payload for m in await status.wait_for_async(1, TIMEOUT)] == [b"online"]
    await client.publish("commands/one", "1")  # subscribed to our own topic: comes back to us
    assert await inbox.next() == ("commands/one", b"1")

    broker.kill()
    assert await asyncio.wait_for(changes.get(), TIMEOUT) is False
    assert not client.connected
    with pytest.raises(BrokerError):
        await client.publish("commands/two", "2")
    broker.start()  # same port, same persistence file
    assert await asyncio.wait_for(changes.get(), TIMEOUT) is True
    await client.publish("commands/two", "2")
    got = await inbox.next()
    if got == ("commands/one", b"1"):
        # QoS 1 is at least once: the broker saved "one" (autosave every second) before our acknowledgement
        # reached it, and hands it over again to the persistent session after the restart
        got = await inbox.next()
    assert got == ("commands/two", b"2")  # resubscribed after the restart
    got = await status.wait_for_async(2, TIMEOUT, skip_dup=True)
    assert [m.payload for m in got] == [b"online", b"online"]
    assert not got[1].retain  # live: published again after the restart, not the retained copy
    assert inbox.foreign_calls == 0


async def test_last_will_says_offline_when_the_process_dies(mosquitto, make_client, subscribers, tmp_path):
    status = Subscriber(mosquitto, [STATUS], client_id="will-watcher", persistent=True).start()
    subscribers.append(status)
    process = _client_process(mosquitto, tmp_path)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), TIMEOUT)
        assert line.strip() == "connected", process.stderr.read() if process.stderr else ""
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    got = await status.wait_for_async(2, TIMEOUT)
    assert [m.payload for m in got] == [b"online", b"offline"]
    client = make_client(settings_for(mosquitto))  # the next start announces itself again
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    assert [m.payload for m in await status.wait_for_async(3, TIMEOUT)][2] == b"online"


def _client_process(broker: Mosquitto, tmp_path: Path) -> subprocess.Popen[str]:
    script = tmp_path / "client.py"
    script.write_text(
        textwrap.dedent(f"""
        import asyncio
        from assistantd.config.settings import MqttConfig
        from assistantd.mqtt.client import MqttClient

        async def main():
            settings = MqttConfig(port={broker.port}, client_id="doomed", keepalive_seconds=5)
            client = MqttClient(settings, status_topic={STATUS!r}, password=None, on_message=print)
            await client.start()
            assert await client.wait_connected(10)
            print("connected", flush=True)
            await asyncio.sleep(60)

        asyncio.run(main())
    """)
    )
    pipe = subprocess.PIPE
    return subprocess.Popen([sys.executable, str(script)], stdout=pipe, stderr=pipe, text=True)


async def test_stop_publishes_offline(mosquitto, make_client, subscribers) -> None:
    status = Subscriber(mosquitto, [STATUS]).start()
    subscribers.append(status)
    client = make_client(settings_for(mosquitto))
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    await client.stop()
    got = await status.wait_for_async(2, TIMEOUT)
    assert [m.payload for m in got] == [b"online", b"offline"]
    assert not client.connected
    with pytest.raises(BrokerError):
        await client.publish("lights/kitchen/set", "ON")


async def test_set_subscriptions_applies_at_once(mosquitto, make_client) -> None:
    inbox = Inbox()
    client = make_client(settings_for(mosquitto), inbox=inbox)
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    client.set_subscriptions(["state/a"])
    await client.publish("state/a", "1")
    assert await inbox.next() == ("state/a", b"1")
    client.set_subscriptions(["state/b"])
    await client.publish("state/a", "2")  # unsubscribed: the broker handles our packets in order
    await client.publish("state/b", "3")
    assert await inbox.next() == ("state/b", b"3")


async def test_username_and_password(mosquitto_factory, make_client, caplog) -> None:
    broker = mosquitto_factory(users={"assistantd": "s3cret"}).start()
    good = make_client(settings_for(broker, username="assistantd", client_id="good"), password="s3cret")
    await good.start()
    assert await good.wait_connected(TIMEOUT)
    await good.publish("lights/kitchen/set", "ON")

    bad = make_client(settings_for(broker, username="assistantd", client_id="bad"), password="wrong")
    await bad.start()
    assert not await bad.wait_connected(1.0)
    refusals = [r.message for r in caplog.records if r.levelno == logging.WARNING and "refused" in r.message]
    assert len(refusals) == 1, refusals  # several attempts, one line
    assert "Not authorized" in refusals[0] or "Bad user name or password" in refusals[0]  # 2.0.11 / later
    assert broker.log.count("Sending CONNACK") >= 3  # one good, then the bad one kept retrying


async def test_tls(mosquitto_factory, make_client, tmp_path, caplog) -> None:
    broker = mosquitto_factory(tls=True).start()
    assert broker.tls is not None
    client = make_client(settings_for(broker, tls=TlsConfig(ca_file=broker.tls.ca_file), client_id="tls"))
    await client.start()
    assert await client.wait_connected(TIMEOUT)
    await client.publish("lights/kitchen/set", "ON")

    stranger = make_tls_files(tmp_path / "other-ca")
    untrusting = make_client(settings_for(broker, tls=TlsConfig(ca_file=stranger.ca_file), client_id="nope"))
    await untrusting.start()
    assert not await untrusting.wait_connected(1.0)
    assert any("CERTIFICATE_VERIFY_FAILED" in r.message for r in caplog.records)


def test_tls_with_a_missing_ca_file_names_it(tmp_path) -> None:
    settings = MqttConfig(tls=TlsConfig(ca_file=tmp_path / "missing.crt"))
    with pytest.raises(ConfigError, match="missing.crt") as caught:
        MqttClient(settings, status_topic=STATUS, password=None, on_message=lambda topic, payload: None)
    assert [issue.key_path for issue in caught.value.issues] == ["mqtt.tls.ca_file"]


def test_backoff_doubles_with_jitter_within_bounds() -> None:
    backoff = Backoff(0.5, 4.0)
    delays = [backoff.next_seconds() for _ in range(6)]
    for delay, ceiling in zip(delays, [0.5, 1.0, 2.0, 4.0, 4.0, 4.0], strict=True):
        assert ceiling / 2 <= delay <= ceiling
    backoff.reset()
    assert backoff.next_seconds() <= 0.5


def test_by_default_the_broker_is_tried_again_at_least_every_2_seconds() -> None:
    """However long the outage, the daemon is back at most 2 s after the broker (plus the connect)."""
    for settings in (MqttConfig(), load_config(EXAMPLE).mqtt):
        backoff = Backoff(settings.reconnect_min_seconds, settings.reconnect_max_seconds)
        assert max(backoff.next_seconds() for _ in range(40)) <= 2.0


def test_read_password(tmp_path) -> None:
    secret = tmp_path / "password"
    secret.write_text("hunter2\n")
    assert read_password(MqttConfig(password_file=secret), {}) == "hunter2"
    assert read_password(MqttConfig(password_env="MQTT_PW"), {"MQTT_PW": "pw"}) == "pw"
    assert read_password(MqttConfig(), {}) is None
    with pytest.raises(ConfigError, match=r"missing.*cannot read the MQTT password file"):
        read_password(MqttConfig(password_file=tmp_path / "missing"), {})
    with pytest.raises(ConfigError, match=r"MQTT_PW .*is not set"):
        read_password(MqttConfig(password_env="MQTT_PW"), {})
    secret.write_text("\n")
    with pytest.raises(ConfigError, match="empty"):
        read_password(MqttConfig(password_file=secret), {})


async def test_a_held_topic_with_a_wildcard_holds_every_topic_it_matches(mosquitto: Mosquitto) -> None:
    """The satellites' command topics (<text>/+) are held as the text topic is: their QoS 1 messages wait
    for the receiver's acknowledgement; other topics go to on_message. The last message, on another topic,
    comes after the others on the same connection."""
    held: list[Incoming] = []
    inbox = Inbox()
    client = MqttClient(settings_for(mosquitto), status_topic=STATUS, password=None, on_message=inbox,
                        held_topics=["t/text", "t/text/+"], on_held=held.append)  # fmt: skip
    client.set_subscriptions(["t/text", "t/text/+", "t/other"])
    await client.start()
    try:
        assert await client.wait_connected(TIMEOUT)
        for topic in ("t/text/kitchen", "t/text", "t/other"):
            await asyncio.to_thread(publish, mosquitto, topic, topic)
        assert await inbox.next() == ("t/other", b"t/other")
        assert [(m.topic, m.payload) for m in held] == [
            ("t/text/kitchen", b"t/text/kitchen"),
            ("t/text", b"t/text"),
        ]
        for message in held:
            message.ack()
    finally:
        await asyncio.wait_for(client.stop(), TIMEOUT)
