"""The Dispatcher with a real Mosquitto: write-ahead, order, exactly-once across a broker outage, expiry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from assistantd.action import Action
from assistantd.config.service import MqttConfig
from assistantd.mqtt.client import MqttClient
from assistantd.mqtt.dispatch import DeliveryError, Dispatcher
from assistantd.mqtt.outbox import Outbox
from tests.support.broker import Mosquitto, Subscriber

TIMEOUT = 10.0


def action(index: int, topic: str = "devices/lamp/set") -> Action:
    """A numbered action on one topic."""
    return Action(topic=topic, payload=str(index))


class FakeClock:
    """Wall-clock seconds that tests move by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@contextlib.asynccontextmanager
async def connected_client(
    broker: Mosquitto, on_connection_change: Callable[[bool], None] | None = None
) -> AsyncIterator[MqttClient]:
    """A started client (connection in the background), stopped on exit."""
    settings = MqttConfig(host="127.0.0.1", port=broker.port, client_id="dispatch-test",
                          keepalive_seconds=5, reconnect_min_seconds=0.05, reconnect_max_seconds=0.3)
    client = MqttClient(settings, status_topic="assistantd/status", password=None,
                        on_message=lambda topic, payload: None, on_connection_change=on_connection_change)
    await client.start()
    try:
        yield client
    finally:
        await asyncio.wait_for(client.stop(), TIMEOUT)


@contextlib.asynccontextmanager
async def running(dispatcher: Dispatcher) -> AsyncIterator[Dispatcher]:
    """dispatcher.run() as a task for the block, cancelled and awaited on exit."""
    task = asyncio.create_task(dispatcher.run(), name="dispatcher")
    try:
        yield dispatcher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.fixture
def outbox(tmp_path: Path):
    box = Outbox(tmp_path / "outbox.sqlite3", max_actions=1000)
    yield box
    box.close()


async def test_delivers_in_order_and_completes_futures(mosquitto, outbox) -> None:
    subscriber = Subscriber(mosquitto, ["devices/#"]).start()
    try:
        async with connected_client(mosquitto) as client:
            dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
            async with running(dispatcher):
                batches = [[action(i), action(i + 1), action(i + 2)] for i in range(0, 15, 3)]
                futures = [dispatcher.submit(batch) for batch in batches]
                await asyncio.wait_for(asyncio.gather(*futures), TIMEOUT)
                assert await dispatcher.drain(TIMEOUT)
            got = await subscriber.wait_for_async(15, TIMEOUT)
        assert [m.payload for m in got] == [str(i).encode() for i in range(15)]
        assert len(outbox) == 0
    finally:
        subscriber.stop()


async def test_outage_delivers_exactly_once_in_order(mosquitto_factory, outbox) -> None:
    broker = mosquitto_factory(persistence=True).start()
    subscriber = Subscriber(broker, ["devices/#"], client_id="lamp", persistent=True).start()
    try:
        disconnected = asyncio.Event()
        async with connected_client(broker, lambda up: None if up else disconnected.set()) as client:
            assert await client.wait_connected(TIMEOUT)
            dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
            async with running(dispatcher):
                await asyncio.wait_for(dispatcher.submit([action(0)]), TIMEOUT)
                broker.kill()
                await asyncio.wait_for(disconnected.wait(), TIMEOUT)
                futures = [dispatcher.submit([action(2 * i + 1), action(2 * i + 2)]) for i in range(10)]
                assert len(outbox) == 20 and not any(f.done() for f in futures)
                broker.start()
                await asyncio.wait_for(asyncio.gather(*futures), TIMEOUT)
                await client.publish("devices/marker", "end")  # anything duplicated would arrive before it
            got = await subscriber.wait_for_async(22, TIMEOUT, skip_dup=True)
        assert [m.payload for m in got] == [str(i).encode() for i in range(21)] + [b"end"]
    finally:
        subscriber.stop()


async def test_a_new_dispatcher_delivers_what_a_previous_one_left(mosquitto, tmp_path) -> None:
    path = tmp_path / "outbox.sqlite3"
    previous = Outbox(path, max_actions=100)
    previous.put([action(1), action(2)], accepted_at=FakeClock().now)
    previous.close()  # the previous process ends before the broker acknowledged anything

    subscriber = Subscriber(mosquitto, ["devices/#"]).start()
    outbox = Outbox(path, max_actions=100)
    try:
        async with connected_client(mosquitto) as client:
            dispatcher = Dispatcher(client, outbox, max_age_seconds=60, clock=FakeClock())
            async with running(dispatcher):
                assert await dispatcher.drain(TIMEOUT)
            got = await subscriber.wait_for_async(2, TIMEOUT)
        assert [m.payload for m in got] == [b"1", b"2"]
        assert len(outbox) == 0
    finally:
        outbox.close()
        subscriber.stop()


async def test_too_old_actions_are_dropped_and_their_submit_fails(mosquitto_factory, outbox, caplog) -> None:
    broker = mosquitto_factory()  # not running yet
    clock = FakeClock()
    subscriber: Subscriber | None = None
    async with connected_client(broker) as client:
        dispatcher = Dispatcher(client, outbox, max_age_seconds=60, clock=clock)
        async with running(dispatcher):
            stale = dispatcher.submit([action(1), action(2)])
            clock.now += 100
            fresh = dispatcher.submit([action(3)])
            with pytest.raises(DeliveryError, match="not delivered within 60 s"):
                await asyncio.wait_for(stale, TIMEOUT)
            assert [e.action for e in outbox.pending(10)] == [action(3)]
            drops = [r for r in caplog.records if r.levelno == logging.WARNING and "dropped" in r.message]
            assert len(drops) == 2  # one line per dropped action
            broker.start()
            subscriber = Subscriber(broker, ["devices/#"]).start()
            await asyncio.wait_for(fresh, TIMEOUT)
    assert subscriber is not None
    try:
        assert [m.payload for m in await subscriber.wait_for_async(1, TIMEOUT)] == [b"3"]
    finally:
        subscriber.stop()


async def test_expiry_happens_while_waiting_for_the_broker(mosquitto_factory, outbox) -> None:
    broker = mosquitto_factory()  # never started
    async with connected_client(broker) as client:
        dispatcher = Dispatcher(client, outbox, max_age_seconds=0.2)
        async with running(dispatcher):
            with pytest.raises(DeliveryError):
                await asyncio.wait_for(dispatcher.submit([action(1)]), TIMEOUT)
    assert len(outbox) == 0


async def test_an_unsendable_action_is_dropped_and_the_rest_go_on(mosquitto, outbox) -> None:
    subscriber = Subscriber(mosquitto, ["devices/#"]).start()
    try:
        async with connected_client(mosquitto) as client:
            assert await client.wait_connected(TIMEOUT)
            dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
            async with running(dispatcher):
                bad = dispatcher.submit([action(1, topic="devices/#")])  # wildcards cannot be published
                good = dispatcher.submit([action(2)])
                with pytest.raises(DeliveryError, match="cannot publish"):
                    await asyncio.wait_for(bad, TIMEOUT)
                await asyncio.wait_for(good, TIMEOUT)
        assert [m.payload for m in await subscriber.wait_for_async(1, TIMEOUT)] == [b"2"]
    finally:
        subscriber.stop()


async def test_a_full_outbox_fails_the_oldest_submit(mosquitto_factory, tmp_path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3", max_actions=2)
    async with connected_client(mosquitto_factory()) as client:  # broker never started
        dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
        first = dispatcher.submit([action(1)])
        dispatcher.submit([action(2), action(3)]).cancel()
        with pytest.raises(DeliveryError, match="outbox is full"):
            await asyncio.wait_for(first, TIMEOUT)
    assert [e.action for e in outbox.pending(10)] == [action(2), action(3)]
    outbox.close()


async def test_drain_gives_up_in_time_and_keeps_the_rest(mosquitto_factory, outbox) -> None:
    async with connected_client(mosquitto_factory()) as client:  # broker never started
        dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
        async with running(dispatcher):
            pending = dispatcher.submit([action(1)])
            assert not await dispatcher.drain(0.2)
        assert pending.cancelled()  # run() ended; the action waits for the next start
    assert [e.action for e in outbox.pending(10)] == [action(1)]


async def test_submitting_nothing_completes_at_once(outbox) -> None:
    client = MqttClient(MqttConfig(), status_topic="s", password=None, on_message=lambda t, p: None)
    dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
    await asyncio.wait_for(dispatcher.submit([]), TIMEOUT)
    assert await dispatcher.drain(0.1)


async def test_a_bug_that_ends_the_connection_task_is_raised_not_waited_on(tmp_path: Path) -> None:
    client = MqttClient(MqttConfig(host=""), status_topic="s", password=None, on_message=lambda t, p: None)
    await client.start()  # paho refuses an empty host with ValueError: not a broker fault to retry
    with pytest.raises(ValueError, match="host"):
        await asyncio.wait_for(client.wait_connected(None), TIMEOUT)
    outbox = Outbox(tmp_path / "outbox.sqlite3", max_actions=10)
    dispatcher = Dispatcher(client, outbox, max_age_seconds=60)
    waiting = dispatcher.submit([action(1)])
    with pytest.raises(ValueError, match="host"):  # the daemon's TaskGroup ends, systemd restarts it
        await asyncio.wait_for(dispatcher.run(), TIMEOUT)
    assert waiting.cancelled() and len(outbox) == 1
    with pytest.raises(ValueError, match="host"):
        await client.stop()
    outbox.close()
