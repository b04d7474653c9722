"""What the command processor needs of the rest of the daemon: the seams where its parts (the dispatcher,
the inbox, the metrics, the inputs) plug in, and where the tests put fakes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Protocol

from assistantd.action import Action
from assistantd.assistant.command import TextCommand
from assistantd.assistant.report import Report
from assistantd.events import Event
from assistantd.mqtt.inbox import InboxEntry
from assistantd.mqtt.outbox import Step

Observations = Callable[[int, int], Sequence[Event]]
"""The hand and face events between two monotonic times (the fusion window)."""
AreaOf = Callable[[TextCommand | None], str | None]
"""The area a command was heard in (None: the site's)."""
ContextText = Callable[[int], str]
"""The site's context text at a monotonic time ("" when there is none, or it has expired)."""


class Publisher(Protocol):
    """What commands need of the MQTT side (the Dispatcher): write-ahead submit, future done on ack."""

    def submit(
        self, actions: Sequence[Action], *, then: Sequence[Action] = (), also: Step | None = None
    ) -> asyncio.Future[None]:  # pragma: no cover - protocol
        """Accept actions for delivery (then: more messages, not waited for; also: in one transaction)."""
        ...


class Watcher(Protocol):
    """Who watches commands being handled (the metrics)."""

    def decided(self, report: Report) -> None:  # pragma: no cover - protocol
        """A command was decided; its actions, if any, were just submitted."""
        ...

    def delivered(self, report: Report, ack_ms: float | None) -> None:  # pragma: no cover - protocol
        """Its actions were acknowledged ack_ms after the decision (None: they were not delivered)."""
        ...


class Ledger(Protocol):
    """What commands need of the inbox: settling a stored command beside its actions."""

    def settling(self, entry: InboxEntry, reply: str, handled_at: float) -> Step:  # pragma: no cover
        """The step that marks entry handled with its reply."""
        ...
