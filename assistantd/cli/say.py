"""`assistantd say`: send a command to the running daemon (control socket, else MQTT) and show what it did."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import ssl
import sys
import uuid

import paho.mqtt.client as paho

from assistantd.cli.common import (
    EX_DATAERR,
    EX_OK,
    EX_UNAVAILABLE,
    add_config_options,
    load_config_of,
    print_json,
)
from assistantd.config.settings import Config
from assistantd.daemon import control
from assistantd.mqtt.password import read_password
from assistantd.mqtt.topics import SiteTopics


async def say(config: Config, text: str, *, timeout_seconds: float) -> dict[str, object]:
    """The daemon's reply to a text command."""
    for path in control.socket_candidates(config.state_directory):
        if not path.exists():
            continue
        try:
            wait_seconds = min(5.0, timeout_seconds)
            return await control.send(path, text, wait_seconds=wait_seconds, timeout_seconds=timeout_seconds)
        except (ConnectionRefusedError, FileNotFoundError, PermissionError):
            continue
    return await asyncio.to_thread(_say_over_mqtt, config, text, timeout_seconds)


def _say_over_mqtt(config: Config, text: str, timeout_seconds: float) -> dict[str, object]:
    """Publish on <base>/<site>/text and wait for the intent event that carries our id."""
    topics = SiteTopics.for_config(config)
    request_id = uuid.uuid4().hex
    replies: queue.Queue[dict[str, object]] = queue.Queue()
    subscribed: queue.Queue[bool] = queue.Queue()

    def on_connect(client: paho.Client, userdata: object, flags: object, reason: object, props: object) -> None:
        client.subscribe([(topics.intent, 1), (topics.status, 1)])

    def on_subscribe(client: paho.Client, userdata: object, mid: int, reasons: object, props: object) -> None:
        subscribed.put(True)

    def on_message(client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        if message.topic == topics.status:
            if message.payload == b"offline":  # retained, or the daemon's last will
                replies.put({_OFFLINE: f"the daemon of site {config.site.id} is offline ({topics.status})"})
            return
        try:
            document = json.loads(message.payload)
        except (ValueError, UnicodeDecodeError):
            return
        if isinstance(document, dict) and document.get("id") == request_id:
            replies.put(document)

    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"assistantd-say-{request_id[:8]}")
    _configure(client, config)
    client.on_connect, client.on_subscribe, client.on_message = on_connect, on_subscribe, on_message
    client.connect(config.mqtt.host, config.mqtt.port, keepalive=30)
    client.loop_start()
    try:
        subscribed.get(timeout=timeout_seconds)
        payload = json.dumps({"text": text, "id": request_id})
        client.publish(topics.text, payload, qos=1).wait_for_publish(timeout_seconds)
        reply = replies.get(timeout=timeout_seconds)
        if _OFFLINE in reply:
            raise ConnectionError(str(reply[_OFFLINE]))
        return reply
    except queue.Empty as err:
        raise TimeoutError(f"no answer from the daemon on {topics.intent} within {timeout_seconds:.0f} s") from err
    finally:
        client.disconnect()
        client.loop_stop()


_OFFLINE = "_offline"


def _configure(client: paho.Client, config: Config) -> None:
    mqtt = config.mqtt
    password = read_password(mqtt, os.environ)
    if mqtt.username:
        client.username_pw_set(mqtt.username, password)
    if mqtt.tls is not None:
        tls = mqtt.tls
        client.tls_set(
            ca_certs=str(tls.ca_file) if tls.ca_file else None,
            certfile=str(tls.cert_file) if tls.cert_file else None,
            keyfile=str(tls.key_file) if tls.key_file else None,
            cert_reqs=ssl.CERT_REQUIRED,
        )
        client.tls_insecure_set(tls.insecure)


def format_reply(reply: dict[str, object]) -> str:
    """Human-readable lines."""
    if "error" in reply:
        return f"error: {reply['error']}"
    slots = reply.get("slots") or {}
    slot_text = ", ".join(f"{key}={value!r}" for key, value in slots.items()) if isinstance(slots, dict) else ""
    lines = [
        f"intent:   {reply.get('intent')} ({slot_text or '-'}), confidence {reply.get('confidence')}",
        f"outcome:  {reply.get('outcome')}",
        f"response: {reply.get('response') or '-'}",
    ]
    actions = reply.get("actions") or []
    if isinstance(actions, list):
        for action in actions:
            if isinstance(action, dict):
                lines.append(f"  -> {action.get('topic')} {action.get('payload')}")
    delivered = reply.get("delivered")
    if delivered is False:
        lines.append(f"delivery: {reply.get('delivery')}")
    timings = reply.get("timings_ms")
    if isinstance(timings, dict):
        lines.append("timings:  " + ", ".join(f"{key} {value} ms" for key, value in timings.items()))
    return "\n".join(lines)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("say", help="send a text command to the running daemon and show what it did")
    add_config_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the answer")
    parser.add_argument("text", help="the command")
    parser.set_defaults(handler=_say)


def _say(args: argparse.Namespace) -> int:
    config = load_config_of(args)
    try:
        reply = asyncio.run(say(config, args.text, timeout_seconds=args.timeout))
    except (ConnectionError, OSError, TimeoutError) as err:
        print(f"error: could not reach the daemon: {err}", file=sys.stderr)
        return EX_UNAVAILABLE
    if args.json:
        print_json(reply)
    else:
        print(format_reply(reply))
    return EX_OK if "error" not in reply else EX_DATAERR
