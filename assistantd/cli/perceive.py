"""`assistantd perceive`: what the vision pipeline sees in an image or a video, frame by frame."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

from assistantd.clock import monotonic_ms
from assistantd.config.settings import Config, Site
from assistantd.config.settings_vision import VideoSettings, VisionConfig
from assistantd.errors import CameraError
from assistantd.events import Event
from assistantd.vision.frames import Frame
from assistantd.vision.observer import FrameView
from assistantd.vision.pipeline import VisionPipeline

_LOGGER = logging.getLogger(__name__)


class ImageFileSource:
    """One image file as a one-frame source."""

    live = False

    def __init__(self, path: Path) -> None:
        self.name = f"image {path}"
        self._path = path
        self._done = False

    def open(self) -> None:
        """Check that the file is there."""
        if not self._path.is_file():
            raise CameraError(f"no image file at {self._path}")

    def read(self) -> Frame | None:
        """The image, once (an unreadable file: an empty frame, logged, which the pipeline skips)."""
        from assistantd.vision.sources import read_image

        if self._done:
            return None
        self._done = True
        return Frame(read_image(self._path), monotonic_ms(), 0)

    def close(self) -> None:
        """Nothing to release."""
        self._done = True


def _frame_document(
    view: FrameView, detect_ms: float, analyse_ms: float, events: list[Event]
) -> dict[str, object]:
    """One frame as a JSON document."""
    return {
        "timestamp_ms": view.timestamp_ms,
        "timings_ms": {"landmarks": round(detect_ms, 2), "analysis": round(analyse_ms, 3)},
        "hands": [
            {
                "hand": hand.handedness, "gesture": hand.gesture.gesture, "score": round(hand.gesture.score, 3),
                "shape": hand.gesture.shape, "extended": [round(v, 2) for v in hand.gesture.extended],
                "direction_degrees": round(hand.gesture.direction_degrees, 1), "detection": hand.detection_score,
            }
            for hand in view.hands
        ],
        "faces": [
            {
                "expression": face.expression, "score": face.expression_score, "attending": face.attending,
                "yaw_degrees": round(face.pose.yaw_degrees, 1), "pitch_degrees": round(face.pose.pitch_degrees, 1),
            }
            for face in view.faces
        ],
        "events": [{"type": type(event).__name__, **_plain(event)} for event in events],
    }  # fmt: skip


def _plain(event: Event) -> dict[str, object]:
    """An event's fields."""
    return dataclasses.asdict(event)


def _frame_line(document: dict[str, object], index: int) -> str:
    """One frame as a line of text."""
    timings: dict = document["timings_ms"]  # type: ignore[assignment]
    took = f"landmarks {timings['landmarks']:.1f} ms, analysis {timings['analysis']:.2f} ms"
    parts = [f"frame {index:4d} t={document['timestamp_ms']} ms  {took}"]
    for hand in document["hands"]:  # type: ignore[attr-defined]
        fingers = f"{hand['shape']}, fingers {hand['extended']}"
        parts.append(f"  hand {hand['hand'] or '?'}: {hand['gesture']} {hand['score']:.2f} ({fingers})")
    for face in document["faces"]:  # type: ignore[attr-defined]
        look = "attending" if face["attending"] else "looking away"
        pose = f"yaw {face['yaw_degrees']}°, pitch {face['pitch_degrees']}°"
        parts.append(f"  face: {face['expression']} {face['score']:.2f}, {pose}, {look}")
    if not document["hands"] and not document["faces"]:
        parts.append("  nothing seen")
    for event in document["events"]:  # type: ignore[attr-defined]
        fields = ", ".join(f"{k}={v}" for k, v in event.items() if k != "type")
        parts.append(f"  event {event['type']}: {fields}")
    return "\n".join(parts)


def perceive(
    config: Config | None,
    *,
    image: Path | None = None,
    video: Path | None = None,
    as_json: bool = False,
    out: TextIO = sys.stdout,
) -> int:
    """Print what the pipeline sees in an image or a video; returns the number of frames analysed."""
    base = config or Config(site=Site("perceive", "none"), areas=(), devices=())
    vision = base.vision or VisionConfig()
    if video is not None:
        vision = dataclasses.replace(vision, source=VideoSettings(video, realtime=False))
    config = dataclasses.replace(base, vision=vision)
    source = ImageFileSource(image) if image is not None else None
    count = 0

    def on_frame(view: FrameView, events: list[Event], detect_ms: float, analyse_ms: float) -> None:
        nonlocal count
        document = _frame_document(view, detect_ms, analyse_ms, events)
        out.write((json.dumps(document) if as_json else _frame_line(document, count)) + "\n")
        count += 1

    async def main() -> None:
        pipeline = VisionPipeline(config, on_event=lambda _event: None, source=source, on_frame=on_frame)
        await pipeline.load()
        try:
            await pipeline.run()
        finally:
            pipeline.close()

    asyncio.run(main())
    return count
