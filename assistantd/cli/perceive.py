"""`assistantd perceive`: what the vision pipeline sees in an image or a video, frame by frame."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistantd.cli.common import EX_DATAERR, EX_OK, EX_UNAVAILABLE, EX_USAGE
from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.config.vision import VideoSettings, VisionConfig
from assistantd.errors import VisionError
from assistantd.events import Event

if TYPE_CHECKING:
    from assistantd.vision.observer import FrameView


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser("perceive", help="show what the camera pipeline sees in an image or a video")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--image", type=Path, help="an image file")
    source.add_argument("--video", type=Path, help="a video file (every frame, as fast as possible)")
    parser.add_argument("--config", help="a config whose vision settings and device locations to use")
    parser.add_argument("--json", action="store_true", help="one JSON document a frame")
    parser.set_defaults(handler=_perceive)


def _perceive(args: argparse.Namespace) -> int:
    from assistantd.config import load_config

    path = args.image or args.video
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return EX_USAGE
    config = load_config(Path(args.config)) if args.config else None
    try:
        frames = perceive(config, image=args.image, video=args.video, as_json=args.json)
    except VisionError as err:
        print(f"error: {err}", file=sys.stderr)
        return EX_UNAVAILABLE
    return EX_OK if frames else EX_DATAERR


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
    out: TextIO | None = None,
) -> int:
    """Print what the pipeline sees in an image or a video (to out, default stdout); returns the number of
    frames analysed."""
    out = out or sys.stdout
    base = config or Config(site=Site("perceive", "none"), areas=(), devices=())
    vision = base.vision or VisionConfig()
    if video is not None:
        vision = dataclasses.replace(vision, source=VideoSettings(video, realtime=False))
    config = dataclasses.replace(base, vision=vision)
    from assistantd.vision.pipeline import VisionPipeline
    from assistantd.vision.sources import ImageFileSource

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
