"""A satellite's camera (its ``vision`` section): MediaPipe on the satellite's own CPU, its vision events
published on its own topic (never images), whether a face attends (for its listening gate and its claims),
and what the hand and face did around each command, sent with the command (`seen.py`)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.daemon.commands import LOOK_AFTER_MS, LOOK_BEFORE_MS
from assistantd.daemon.live import LiveEvents
from assistantd.daemon.perception import build_part, loaded_vision, run_vision, vision_pipeline
from assistantd.daemon.presence import LivePublisher, Presence
from assistantd.daemon.seen import seen_documents
from assistantd.events import Event, FaceEvent, GestureEvent
from assistantd.fusion.window import FusionWindow

if TYPE_CHECKING:
    from assistantd.assistant.command import Sign
    from assistantd.vision.pipeline import VisionPipeline

_LOGGER = logging.getLogger(__name__)


class Eyes:
    """The camera of a satellite; absent parts (no packages, no camera) are reported once and left off."""

    def __init__(
        self, config: Config, client: LivePublisher, presence: Presence, on_sign: Callable[[Sign], None]
    ) -> None:
        """on_sign: told of each gesture, nod or shake, on the event loop."""
        self._config = config
        self._presence = presence
        self._on_sign = on_sign
        self._live = LiveEvents(client)
        self.window = FusionWindow()
        self.vision: VisionPipeline | None = build_part("vision", lambda: vision_pipeline(config, self._saw))

    async def load(self) -> None:
        """Load the landmarkers; a camera that cannot work is switched off, loudly, and listening goes on."""
        if self.vision is not None:
            self.vision = await loaded_vision(self.vision)

    def jobs(self) -> list[Callable[[], object]]:
        """The long-running parts: the camera and the publishing of its events."""
        return [self._run, self._live.run] if self.vision is not None else []

    async def _run(self) -> None:
        assert self.vision is not None  # noqa: S101 - only scheduled when loaded
        await run_vision(self.vision)

    def attending(self) -> bool:
        """Whether someone faces the camera now."""
        return self.vision is not None and self.vision.attending()

    def seen(self, start_ms: int, end_ms: int) -> list[dict[str, object]]:
        """What the hand and face did around words said from start_ms to end_ms (monotonic), as sent."""
        events = self.window.between(start_ms - LOOK_BEFORE_MS, end_ms + LOOK_AFTER_MS)
        return seen_documents(events, end_ms)

    def speaker(self, voice: Sequence[tuple[int, float]], start_ms: int, end_ms: int) -> str:
        """The person track whose mouth moved with the voice, when several people were in view."""
        found = self.vision.speaker(voice, start_ms, end_ms) if self.vision is not None else None
        return found.person if found is not None else ""

    def _saw(self, event: Event) -> None:
        self.window.add(event)
        self.window.prune(monotonic_ms())
        self._presence.saw(event)
        message = self.vision.message(event) if self.vision is not None else None
        if message is not None:
            suffix, payload = message
            self._live.put(f"{self._config.mqtt.base_topic}/{self._config.site.id}/{suffix}", payload)
        if isinstance(event, GestureEvent) or (isinstance(event, FaceEvent) and event.head_gesture):
            self._on_sign(event)
