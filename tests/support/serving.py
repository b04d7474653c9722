"""Request servers (speech to text, the intent model) and their askers on a real broker, for the MQTT 5
request/response tests: connected, serving in a task, stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from assistantd.config.service import MqttConfig
from assistantd.daemon.requests import RequestServer
from assistantd.mqtt.client import Correlated, MqttClient

TIMEOUT = 30.0


def client_on(port: int, client_id: str, on_correlated: Callable[[Correlated], None]) -> MqttClient:
    """An MQTT 5 client of a broker on loopback with no session of its own, its correlated messages to
    on_correlated (other messages are dropped)."""
    settings = MqttConfig(host="127.0.0.1", port=port, client_id=client_id, session_expiry_seconds=0)
    return MqttClient(
        settings,
        status_topic=f"assistantd/test/{client_id}/status",
        password=None,
        on_message=lambda topic, payload: None,
        on_correlated=on_correlated,
    )


async def connect(client: MqttClient, subscriptions: Sequence[str]) -> None:
    """Subscribe and connect (the subscriptions are in place when this returns)."""
    client.set_subscriptions(subscriptions)
    await client.start()
    assert await client.wait_connected(TIMEOUT)


async def serve(server: RequestServer, client: MqttClient) -> None:
    """Connect the server's client to its shared subscription and serve in a task (server.task)."""
    await connect(client, [server.subscription])
    server.task = asyncio.create_task(server.run())  # type: ignore[attr-defined]


async def stop(server: RequestServer) -> None:
    """Stop serving and wait for the task."""
    server.task.cancel()  # type: ignore[attr-defined]
    await asyncio.gather(server.task, return_exceptions=True)  # type: ignore[attr-defined]
