"""`assistantd calibrate`: the camera's yaw and pitch from someone pointing at devices placed in the room.

Measure where the camera is (x, y, z under `vision.pose`) and where two or more devices are (`location:
{x, y, z}`), then point at each device in turn: live, in front of the configured camera (each for
`--seconds`, after a prompt), or from a photo or a video of the pointing (`--point DEVICE=FILE`). The
pose found is printed as YAML to paste into the config, with how far off each device the rays pointed.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistantd.cli.common import (
    EX_DATAERR,
    EX_OK,
    EX_UNAVAILABLE,
    EX_USAGE,
    add_config_options,
    load_config_of,
)
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.config.vision import VideoSettings, VisionConfig
from assistantd.errors import VisionError

if TYPE_CHECKING:
    from assistantd.vision.calibration import Calibration, Sighting
    from assistantd.vision.observer import FrameView

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
SETTLE_SECONDS = 2.0
"""Live: after each prompt, time to raise the hand before its frames count."""
WORST_DEGREES = 10.0
"""A device pointed at this far off with the pose found: the warning says to check the measurements."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "calibrate", help="find the camera's yaw and pitch from pointing at devices placed in the room"
    )
    add_config_options(parser)
    parser.add_argument(
        "--point", action="append", required=True, metavar="DEVICE[=FILE]",
        help="a device id to point at (at least two); with =FILE, a photo or video of the pointing instead of "
        "the live camera",
    )  # fmt: skip
    parser.add_argument("--seconds", type=float, default=4.0, help="live: how long to point at each device")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    config = load_config_of(args)
    vision = config.vision
    if vision is None or vision.pose is None:
        print("error: the config needs vision.pose with the camera's x, y and z measured", file=sys.stderr)
        return EX_USAGE
    try:
        wanted = [_target(config, item) for item in args.point]
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return EX_USAGE
    if len({device.id for device, _ in wanted}) < 2:
        print("error: point at two devices or more (--point twice)", file=sys.stderr)
        return EX_USAGE
    from assistantd.vision.calibration import CalibrationError, calibrate

    try:
        sightings = asyncio.run(_watch(config, wanted, args.seconds))
        found = calibrate(
            sightings,
            (vision.pose.x, vision.pose.y, vision.pose.z),
            vision.pointing,
            mirrored=vision.mirrored,
        )
    except VisionError as err:
        print(f"error: {err}", file=sys.stderr)
        return EX_UNAVAILABLE
    except CalibrationError as err:
        print(f"error: {err} (is the hand in view, the index finger held out?)", file=sys.stderr)
        return EX_DATAERR
    _report(found, [device for device, _ in wanted], as_json=args.json)
    return EX_OK


def _target(config: Config, item: str) -> tuple[Device, Path | None]:
    """The device (placed in the room) and the file of DEVICE[=FILE]; ValueError when it cannot be used."""
    device_id, _, file = item.partition("=")
    device = next((d for d in config.devices if d.id == device_id), None)
    if device is None:
        raise ValueError(f"no device {device_id!r} in the config")
    if device.location is None or device.location.in_room is None:
        raise ValueError(f"device {device_id!r} has no location: {{x, y, z}} in the room")
    path = Path(file) if file else None
    if path is not None and not path.is_file():
        raise ValueError(f"no such file: {path}")
    return device, path


async def _watch(config: Config, wanted: list[tuple[Device, Path | None]], seconds: float) -> list[Sighting]:
    """The pointing hands seen for each device: from its file, or live after a prompt."""
    from assistantd.vision.calibration import Sighting
    from assistantd.vision.observer import POINTING_GESTURES
    from assistantd.vision.pipeline import VisionPipeline
    from assistantd.vision.sources import ImageFileSource

    sightings: list[Sighting] = []
    current: list[Device] = []

    def on_frame(view: FrameView, _events: object, _detect_ms: float, _analyse_ms: float) -> None:
        place = current[0].location.in_room if current and current[0].location else None
        for hand in view.hands:
            if place is not None and hand.gesture.gesture in POINTING_GESTURES:
                sightings.append(Sighting(hand.landmarks, place))

    async def watch(device: Device, path: Path | None) -> None:
        vision = config.vision or VisionConfig()
        if path is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
            vision = dataclasses.replace(vision, source=VideoSettings(path, realtime=False))
        source = ImageFileSource(path) if path is not None and path.suffix.lower() in IMAGE_SUFFIXES else None
        pipeline = VisionPipeline(
            dataclasses.replace(config, vision=vision),
            on_event=lambda _e: None,
            source=source,
            on_frame=on_frame,
        )
        await pipeline.load()
        running = asyncio.create_task(pipeline.run())
        try:
            if path is None:
                print(
                    f"Point at {device.name} and hold still ({seconds:.0f} s)...", file=sys.stderr, flush=True
                )
                await asyncio.sleep(SETTLE_SECONDS)
            current[:] = [device]
            await (running if path is not None else asyncio.sleep(seconds))
        finally:
            current.clear()
            running.cancel()
            await asyncio.gather(running, return_exceptions=True)
            pipeline.close()

    for device, path in wanted:
        await watch(device, path)
    return sightings


def _report(found: Calibration, devices: list[Device], *, as_json: bool) -> None:
    """The pose as YAML to paste (or JSON), and how far off each device the rays pointed."""
    pose = found.pose
    errors = {
        device.id: found.errors_degrees.get(device.location.in_room)
        for device in devices
        if device.location is not None and device.location.in_room is not None
    }
    if as_json:
        print(json.dumps({"pose": dataclasses.asdict(pose), "errors_degrees": errors, "rays": found.used}))
        return
    print("vision:")
    print(f"  pose: {{x: {pose.x}, y: {pose.y}, z: {pose.z}, yaw: {pose.yaw}, pitch: {pose.pitch}}}")
    for device_id, error in errors.items():
        seen = "no pointing seen" if error is None else f"rays {error:.1f}° off on average"
        print(f"# {device_id}: {seen}")
    worst = max((error for error in errors.values() if error is not None), default=0.0)
    if worst > WORST_DEGREES:
        print(
            f"# warning: {worst:.0f}° off: check the measured places of the camera and devices",
            file=sys.stderr,
        )
