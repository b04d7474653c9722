"""The vision component the daemon runs: frames -> landmarks (in a worker thread) -> events.

One frame is analysed at a time; a camera source always hands over its newest frame and a paced
video skips the frames whose time has passed, so the pipeline never falls behind real time. A
camera that is missing or lost is retried with jittered backoff while the daemon keeps serving
speech and text; a file source ends at its end; an unusable frame is logged and skipped.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config
from assistantd.config.vision import CameraSettings, ImagesSettings, VideoSettings, VisionConfig
from assistantd.errors import CameraError, FrameError, VisionError
from assistantd.events import Event, GestureEvent, PointingEvent
from assistantd.reconnect import Reconnect
from assistantd.vision.frames import Frame, FrameSource
from assistantd.vision.landmarks import FrameLandmarks
from assistantd.vision.observer import FrameView, Observer
from assistantd.vision.people import Speaker
from assistantd.vision.publish import RateLimiter, vision_message

_LOGGER = logging.getLogger(__name__)
_T = TypeVar("_T")

FRAME_ERROR_LOG_EVERY = 100
"""After the first, one unusable frame in this many is logged."""


class Detector(Protocol):
    """The landmarkers seen by the pipeline (tests pass a fake)."""

    def load(self) -> None: ...

    def detect(self, frame: Frame) -> FrameLandmarks: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class PipelineStats:
    """Counters and the last frame's timings."""

    frames: int = 0
    """Analysed."""
    skipped: int = 0
    """Never analysed: newer frames came first."""
    failed: int = 0
    """Unusable."""
    detect_ms: list[float] = field(default_factory=list)
    """Landmarker time of recent frames."""
    analyse_ms: list[float] = field(default_factory=list)
    """Classification and tracking time of recent frames."""


def frame_source_for(vision: VisionConfig) -> FrameSource:
    """The frame source the config names."""
    source = vision.source
    if isinstance(source, VideoSettings):
        from assistantd.vision.sources import VideoFileSource

        return VideoFileSource(source)
    if isinstance(source, ImagesSettings):
        from assistantd.vision.sources import ImageFolderSource

        return ImageFolderSource(source)
    from assistantd.vision.camera import CameraSource

    return CameraSource(source)


class VisionPipeline:
    """Watches one frame source and reports events through on_event (called on the event loop)."""

    def __init__(
        self,
        config: Config,
        *,
        on_event: Callable[[Event], None],
        source: FrameSource | None = None,
        detector: Detector | None = None,
        on_frame: Callable[[FrameView, list[Event], float, float], None] | None = None,
        clock: Callable[[], int] = monotonic_ms,
    ) -> None:
        self._config = config
        self._vision = config.vision or VisionConfig()
        self._on_event = on_event
        self._on_frame = on_frame
        self._clock = clock
        self._source = source or frame_source_for(self._vision)
        if detector is None:
            from assistantd.vision.landmarker import Landmarkers

            detector = Landmarkers(self._vision)
        self._detector = detector
        self._observer = Observer(config, self._vision)
        self._limiter = RateLimiter(self._vision.publish.max_rate_hz)
        self._reopening = Reconnect(self._vision.reconnect_min_seconds, self._vision.reconnect_max_seconds)
        self._last: FrameLandmarks | None = None
        self.stats = PipelineStats()

    async def load(self) -> None:
        """Create the landmarkers (in a thread); LandmarkerFileError when a model is missing."""
        await self._in_thread(self._detector.load)

    def attending(self) -> bool:
        """Whether someone faced the camera recently (for the speech listening gate)."""
        return self._observer.attending(self._clock())

    def speaker(self, voice: Sequence[tuple[int, float]], start_ms: int, end_ms: int) -> Speaker | None:
        """Who of several people in view spoke between start_ms and end_ms, with the voice activity
        detector's (time, speech probability) over it (None when fewer than two people were seen)."""
        return self._observer.speaker(voice, start_ms, end_ms)

    def message(self, event: Event) -> tuple[str, str] | None:
        """(topic suffix, JSON) to publish for an event, or None (not vision, publishing off, rate limit)."""
        publish = self._vision.publish
        if not publish.enabled or not self._limiter.allow(event, self._clock()):
            return None
        return vision_message(event, self._config.site.id, landmarks=self._landmarks_for(event))

    def _landmarks_for(self, event: Event) -> tuple[tuple[float, float, float], ...] | None:
        """The hand landmarks of a gesture or pointing event, when the config asks for them."""
        if not self._vision.publish.landmarks or self._last is None or not self._last.hands:
            return None
        if not isinstance(event, GestureEvent | PointingEvent):
            return None
        for hand in self._last.hands:
            if hand.handedness == event.hand:
                return hand.points
        return self._last.hands[0].points

    async def run(self) -> None:
        """Watch until cancelled (a camera) or until the file ends; never raises for a missing camera."""
        source = self._source
        while True:
            try:
                await self._in_thread(source.open)
            except CameraError as err:
                if not source.live:
                    _LOGGER.error("Vision: %s; not watching (speech and text go on)", err)
                    return
                await self._wait_to_reopen(str(err))
                continue
            lost = f"{source.name} ended"
            try:
                await self._consume(source)
            except CameraError as err:
                lost = str(err)
            finally:
                await self._in_thread(source.close)
            if not source.live:
                _LOGGER.info(
                    "Vision: %s done: %d frames analysed, %d skipped, %d unusable",
                    source.name, self.stats.frames, self.stats.skipped, self.stats.failed,
                )  # fmt: skip
                return
            await self._wait_to_reopen(lost)

    async def _wait_to_reopen(self, failure: str) -> None:
        """Back off before the next attempt; a warning once per kind of failure, the repeats at debug."""
        wait, news = self._reopening.failed(failure)
        level = logging.WARNING if news else logging.DEBUG
        _LOGGER.log(level, "Vision: %s; retrying in %.1f s (speech and text go on)", failure, wait)
        await asyncio.sleep(wait)

    async def _consume(self, source: FrameSource) -> None:
        """Analyse frames until the source ends (CameraError when it is lost)."""
        min_interval = 1.0 / self._max_fps() if self._max_fps() else 0.0
        previous = None
        while True:
            started = time.monotonic()
            frame = await self._in_thread(source.read)
            if frame is None:
                return
            if previous is None and self._reopening.attempts:
                attempts = self._reopening.recovered()
                _LOGGER.info(
                    "Vision: %s delivers frames again (after %d failed attempts)", source.name, attempts
                )
            if previous is not None and frame.index > previous + 1:
                self.stats.skipped += frame.index - previous - 1
            previous = frame.index
            await self._analyse(frame)
            rest = min_interval - (time.monotonic() - started)
            if rest > 0:
                await asyncio.sleep(rest)

    async def _analyse(self, frame: Frame) -> None:
        """Landmarks in a thread, then the pure trackers, then the events."""
        begun = time.perf_counter()
        try:
            observation = await self._in_thread(self._detector.detect, frame)
        except Exception as err:  # FrameError, or a fault of the landmarker on this one frame
            self.stats.failed += 1
            if self.stats.failed == 1 or self.stats.failed % FRAME_ERROR_LOG_EVERY == 0:
                _LOGGER.warning("Vision: skipping an unusable frame: %s (%d so far)", err, self.stats.failed,
                                exc_info=not isinstance(err, FrameError))  # fmt: skip
            return
        detected = time.perf_counter()
        view, events = self._observer.observe(observation)
        self._last = observation
        done = time.perf_counter()
        self._record(detected - begun, done - detected)
        for event in events:
            self._on_event(event)
        if self._on_frame is not None:
            self._on_frame(view, events, (detected - begun) * 1000, (done - detected) * 1000)

    def _record(self, detect_seconds: float, analyse_seconds: float) -> None:
        """Count a frame and keep its timings (the last 1000)."""
        stats = self.stats
        stats.frames += 1
        stats.detect_ms.append(detect_seconds * 1000)
        stats.analyse_ms.append(analyse_seconds * 1000)
        del stats.detect_ms[:-1000], stats.analyse_ms[:-1000]

    def _max_fps(self) -> float | None:
        """The frame-rate cap of the source."""
        source = self._vision.source
        if isinstance(source, CameraSettings):
            return source.max_fps
        return source.max_fps if isinstance(source, VideoSettings) else None

    async def _in_thread(self, function: Callable[..., _T], *args: object) -> _T:
        """Run blocking work in a worker thread; if cancelled, let that one job finish first."""
        future = asyncio.get_running_loop().run_in_executor(None, function, *args)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            try:
                await future
            except VisionError as err:  # stopping: a lost camera or a bad frame no longer matters
                _LOGGER.debug("Vision: while stopping: %s", err)
            raise

    def close(self) -> None:
        """Release the landmarkers (after run has ended)."""
        self._detector.close()
