"""`assistantd say`: send a command to the running daemon (control socket, else MQTT) and show what it did.

Every command carries an id (``--id``, else a new one): the daemon runs an id once, and answers a retry
with the first reply. So after "accepted, result unknown" (exit 75) the same command may be sent again
with the same ``--id``: it is answered, not run twice. "Not delivered" (exit 69) means it was never
handed over, neither to the daemon nor to the broker.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import ssl
import sys
import time
import uuid

import paho.mqtt.client as paho

from assistantd.cli.common import (
    EX_DATAERR,
    EX_OK,
    EX_TEMPFAIL,
    EX_UNAVAILABLE,
    EX_USAGE,
    add_config_options,
    load_config_of,
    print_json,
)
from assistantd.config.settings import Config
from assistantd.daemon import control
from assistantd.mqtt.client import check_tls_files
from assistantd.mqtt.password import read_password
from assistantd.mqtt.topics import SiteTopics


class NotDeliveredError(Exception):
    """The command was handed to neither the daemon nor the broker: it will not run."""


class ResultUnknownError(Exception):
    """The command was handed over (to the daemon, or to the broker for it) but no answer came: it may
    have run or may still run. Sending it again with the same id is answered, not run twice."""


async def say(config: Config, text: str, *, timeout_seconds: float, request_id: str) -> dict[str, object]:
    """The daemon's reply to a text command; NotDeliveredError or ResultUnknownError when there is none."""
    # The daemon waits for the broker's acknowledgement at most half the time, so its answer comes in time.
    wait_seconds = min(5.0, timeout_seconds / 2)
    for path in control.socket_candidates(config.state_directory):
        if not path.exists():
            continue
        try:
            return await control.send(
                path, text, wait_seconds=wait_seconds, timeout_seconds=timeout_seconds, request_id=request_id
            )
        except (ConnectionRefusedError, FileNotFoundError, PermissionError):
            continue  # nothing was sent on it
        except control.AcceptedError as err:
            raise ResultUnknownError(f"the daemon took the command but did not answer: {err}") from err
    return await asyncio.to_thread(_say_over_mqtt, config, text, timeout_seconds, request_id)


def _say_over_mqtt(config: Config, text: str, timeout_seconds: float, request_id: str) -> dict[str, object]:
    """Publish on <base>/<site>/text and wait for the intent event that carries our id.

    The daemon's retained status is read first: a command for a daemon that is offline is not sent.
    """
    topics = SiteTopics.for_config(config)
    listener = _Listener(topics, request_id)
    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"assistantd-say-{uuid.uuid4().hex[:8]}")
    _configure(client, config)
    listener.attach(client)
    try:
        client.connect(config.mqtt.host, config.mqtt.port, keepalive=30)
    except OSError as err:
        raise NotDeliveredError(f"cannot reach the daemon's control socket nor the broker: {err}") from err
    client.loop_start()
    try:
        listener.wait_subscribed(timeout_seconds)
        if listener.status[-1:] != [b"online"]:
            said = listener.status[-1].decode(errors="replace") if listener.status else "no status"
            where = f"{topics.status}: {said}"
            raise NotDeliveredError(f"the daemon of site {config.site.id} is not online ({where})")
        payload = json.dumps({"text": text, "id": request_id, "sent_at": round(time.time(), 3)})
        _publish(client, topics.text, payload, timeout_seconds)
        try:
            return listener.replies.get(timeout=timeout_seconds)
        except queue.Empty as err:
            raise ResultUnknownError(
                f"the broker took the command for the daemon, but no answer came on {topics.intent} "
                f"within {timeout_seconds:g} s"
            ) from err
    finally:
        client.disconnect()
        client.loop_stop()


def _publish(client: paho.Client, topic: str, payload: str, timeout_seconds: float) -> None:
    """Publish at QoS 1 and wait for the broker's acknowledgement."""
    info = client.publish(topic, payload, qos=1)
    try:
        info.wait_for_publish(timeout_seconds)
    except (RuntimeError, ValueError) as err:  # never sent: the connection went first
        raise NotDeliveredError(f"the command could not be sent to the broker: {err}") from err
    if not info.is_published():
        within = f"within {timeout_seconds:g} s"
        raise ResultUnknownError(f"the broker did not acknowledge the command {within}")


class _Listener:
    """The daemon's retained status and the intent event with our id, from paho's thread."""

    def __init__(self, topics: SiteTopics, request_id: str) -> None:
        self._topics = topics
        self._request_id = request_id
        self.replies: queue.Queue[dict[str, object]] = queue.Queue()
        self.status: list[bytes] = []
        self._subscribed: queue.Queue[int] = queue.Queue()

    def attach(self, client: paho.Client) -> None:
        """Become the client's callbacks."""
        client.on_connect, client.on_subscribe = self._on_connect, self._on_subscribe
        client.on_message = self._on_message

    def wait_subscribed(self, timeout_seconds: float) -> None:
        """Until both subscriptions are acknowledged; NotDeliveredError when they are not in time."""
        try:
            for _ in range(2):
                self._subscribed.get(timeout=timeout_seconds)
        except queue.Empty as err:
            topic = self._topics.intent
            raise NotDeliveredError(f"the broker did not take a subscription to {topic} in time") from err

    def _on_connect(
        self, client: paho.Client, userdata: object, flags: object, reason: object, props: object
    ) -> None:
        # Two subscriptions in turn: the broker sends the retained status right after the first SUBACK,
        # so it has arrived when the second SUBACK does.
        client.subscribe([(self._topics.status, 1)])
        client.subscribe([(self._topics.intent, 1)])

    def _on_subscribe(
        self, client: paho.Client, userdata: object, mid: int, reasons: object, props: object
    ) -> None:
        self._subscribed.put(mid)

    def _on_message(self, client: paho.Client, userdata: object, message: paho.MQTTMessage) -> None:
        if message.topic == self._topics.status:
            self.status.append(message.payload)
            return
        try:
            document = json.loads(message.payload)
        except (ValueError, UnicodeDecodeError):
            return
        if isinstance(document, dict) and document.get("id") == self._request_id:
            self.replies.put(document)


def _configure(client: paho.Client, config: Config) -> None:
    mqtt = config.mqtt
    password = read_password(mqtt, os.environ)
    if mqtt.username:
        client.username_pw_set(mqtt.username, password)
    if mqtt.tls is not None:
        tls = mqtt.tls
        check_tls_files(tls)
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
        f"id:       {reply.get('id')}",
    ]
    if reply.get("repeated"):
        lines.append("repeated: this id was handled before; this is its first reply (not run again)")
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


def _control(config: Config, word: str, *, as_json: bool) -> int:
    """A control word over the control socket (it acts on this machine's daemon only)."""
    for path in control.socket_candidates(config.state_directory):
        if not path.exists():
            continue
        try:
            reply = asyncio.run(control.send_control(path, word))
        except (ConnectionRefusedError, FileNotFoundError, PermissionError):
            continue
        except (OSError, TimeoutError, ValueError) as err:
            print(f"error: the daemon did not answer: {err}", file=sys.stderr)
            return EX_TEMPFAIL
        if as_json:
            print_json(reply)
        else:
            print(reply.get("error") or f"state: {reply.get('state')}, muted: {reply.get('muted')}")
        return EX_DATAERR if "error" in reply else EX_OK
    print("error: no running daemon's control socket found", file=sys.stderr)
    return EX_UNAVAILABLE


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("say", help="send a text command to the running daemon and show what it did")
    add_config_options(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the answer")
    parser.add_argument(
        "--id", dest="request_id", help="the command's id (default: a new one); a retry with the same id "
        "is answered with the first reply instead of running again",
    )
    parser.add_argument(
        "--control", choices=control.CONTROL_WORDS,
        help="instead of a command: mute or unmute the microphone, stop (cut the voice, withdraw the question "
        "waiting), or show the state",
    )
    parser.add_argument("text", nargs="?", help="the command")
    parser.set_defaults(handler=_say)


def _say(args: argparse.Namespace) -> int:
    config = load_config_of(args)
    if args.control is not None:
        return _control(config, args.control, as_json=args.json)
    if not args.text:
        print("error: say what? (a command, or --control)", file=sys.stderr)
        return EX_USAGE
    request_id = args.request_id or uuid.uuid4().hex
    try:
        reply = asyncio.run(say(config, args.text, timeout_seconds=args.timeout, request_id=request_id))
    except ResultUnknownError as err:
        print(f"accepted, result unknown (id {request_id}): {err}", file=sys.stderr)
        print(f"to ask again without running it twice: assistantd say --id {request_id} ...", file=sys.stderr)
        return EX_TEMPFAIL
    except (NotDeliveredError, OSError, TimeoutError) as err:
        print(f"error: not delivered, could not reach the daemon: {err}", file=sys.stderr)
        return EX_UNAVAILABLE
    if args.json:
        print_json(reply)
    else:
        print(format_reply(reply))
    if "error" in reply:
        return EX_DATAERR
    if reply.get("outcome") == "busy":  # refused, not run: like a command that never arrived
        print("error: not run, the daemon is busy; send it again", file=sys.stderr)
        return EX_UNAVAILABLE
    return EX_OK
