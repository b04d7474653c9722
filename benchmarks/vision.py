"""Benchmark: the vision pipeline's per-frame latency and sustained frame rate, beside bare MediaPipe.

Per-frame latency (p50, p95) of hands, faces and both at 640x480 and 1280x720: the MediaPipe
landmarkers called bare (VIDEO mode, same options, same frames) and assistantd's path (the same
landmarkers through assistantd.vision.landmarker plus classification and tracking); their ratio is
our overhead. Then the frame rate sustained by VisionPipeline on a video (hands and faces, 640x480,
as fast as possible) and the CPU share it used, and the classifier accuracy tables
(benchmarks/vision_classifier.py: geometric versus a network trained on synthetic hands). Last, who is
speaking: the active speaker found on generated two-person scenes (tests/support/speakers.py: one person
says a command, the other does one of six things), right per kind of listener with a 95% interval, and
the time a frame's person tracking and an utterance's speaker search take.

    .venv/bin/python benchmarks/vision.py [--frames 60] [--seconds 10] [--json] [--no-accuracy] [--gpu]
                                          [--speakers 1000] [--speakers-only]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import cv2
import mediapipe as mp
import numpy as np

from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.config.vision import FaceSettings, HandSettings, VideoSettings, VisionConfig
from assistantd.vision.frames import Frame
from assistantd.vision.landmarker import Landmarkers
from assistantd.vision.observer import Observer
from assistantd.vision.people import People
from assistantd.vision.pipeline import VisionPipeline
from tests.support.speakers import FACING, LISTENERS, scene

SIZES = ((640, 480), (1280, 720))
MODES = {"hands": (True, False), "faces": (False, True), "both": (True, True)}
PHOTO = "hands/thumb_up__mp_sample.jpg"
"""A hand and a face in one photo."""


def default_data() -> Path:
    """The shared test data folder."""
    env = os.environ.get("ASSISTANTD_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def frame_of(data: Path, width: int, height: int) -> np.ndarray:
    """The photo letterboxed into a frame of the given size (BGR)."""
    photo = cv2.imread(str(data / "images" / PHOTO))
    scale = min(width / photo.shape[1], height / photo.shape[0]) * 0.9
    small = cv2.resize(photo, (int(photo.shape[1] * scale), int(photo.shape[0] * scale)))
    canvas = np.full((height, width, 3), 90, np.uint8)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    canvas[top : top + small.shape[0], left : left + small.shape[1]] = small
    return canvas


def vision_for(hands: bool, faces: bool) -> VisionConfig:
    """One hand and one face at most: the configuration measured."""
    return VisionConfig(
        hands=HandSettings(enabled=hands, max_hands=1), faces=FaceSettings(enabled=faces, max_faces=1)
    )


def bare(vision: VisionConfig, image: np.ndarray, frames: int) -> list[float]:
    """Milliseconds per frame of the MediaPipe landmarkers alone (conversion to RGB included)."""
    detector = Landmarkers(vision)
    detector.load()
    hands, faces = detector._hands, detector._faces  # the very same MediaPipe objects, called directly
    times = []
    for index in range(frames + 5):
        started = time.perf_counter()
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        mp_image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        if hands is not None:
            hands.detect_for_video(mp_image, index * 33)
        if faces is not None:
            faces.detect_for_video(mp_image, index * 33)
        times.append((time.perf_counter() - started) * 1000)
    detector.close()
    return times[5:]


def ours(vision: VisionConfig, image: np.ndarray, frames: int) -> list[float]:
    """Milliseconds per frame of assistantd's path: landmarks, classification, tracking, events."""
    detector = Landmarkers(vision)
    detector.load()
    observer = Observer(Config(site=Site("bench", "bench"), areas=(), devices=(), vision=vision))
    times = []
    for index in range(frames + 5):
        started = time.perf_counter()
        observer.observe(detector.detect(Frame(image, index * 33, index)))
        times.append((time.perf_counter() - started) * 1000)
    detector.close()
    return times[5:]


def gpu_delegate(data: Path, frames: int) -> dict[str, object]:
    """Bare hand and face landmarkers on MediaPipe's GPU delegate at 640x480, or why it did not start."""
    from mediapipe.tasks.python import BaseOptions, vision

    from assistantd.vision.task_files import FACE_TASK, HAND_TASK, resolve_task_file

    gpu = BaseOptions.Delegate.GPU
    video = vision.RunningMode.VIDEO
    hand = vision.HandLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_task_file(None, HAND_TASK)), delegate=gpu),
        running_mode=video,
        num_hands=1,
    )
    face = vision.FaceLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_task_file(None, FACE_TASK)), delegate=gpu),
        running_mode=video,
        output_face_blendshapes=True,
        output_facial_transformation_matrixes=True,
    )
    rgb = cv2.cvtColor(frame_of(data, 640, 480), cv2.COLOR_BGR2RGB)
    report: dict[str, object] = {}
    for name, kind, options in (
        ("hands", vision.HandLandmarker, hand),
        ("faces", vision.FaceLandmarker, face),
    ):
        try:
            landmarker = kind.create_from_options(options)
        except (RuntimeError, ValueError) as err:
            report[name] = {"error": str(err).splitlines()[0].rsplit(": ", 1)[-1]}  # its last clause says why
            continue
        times = []
        with landmarker:
            for index in range(frames + 5):
                started = time.perf_counter()
                landmarker.detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), index * 33)
                times.append((time.perf_counter() - started) * 1000)
        report[name] = percentiles(times[5:])
    return report


def percentiles(times: list[float]) -> dict[str, float]:
    """p50 and p95, milliseconds."""
    ordered = sorted(times)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
    }


def latency(data: Path, frames: int) -> list[dict[str, object]]:
    """Every size and mode, bare and ours, in the same run."""
    rows = []
    for width, height in SIZES:
        image = frame_of(data, width, height)
        for mode, (hands, faces) in MODES.items():
            vision = vision_for(hands, faces)
            base, full = percentiles(bare(vision, image, frames)), percentiles(ours(vision, image, frames))
            rows.append({"size": f"{width}x{height}", "mode": mode, "bare_ms": base, "assistantd_ms": full,
                         "ratio_p50": round(full["p50"] / base["p50"], 3)})  # fmt: skip
    return rows


def sustained(data: Path, seconds: float) -> dict[str, float]:
    """Frames a second VisionPipeline sustains on a 640x480 video (hands and faces), and its CPU share."""
    image = frame_of(data, 640, 480)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "clip.avi"
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (640, 480))
        for index in range(int(seconds * 30)):
            writer.write(np.roll(image, index * 2, axis=1))
        writer.release()
        vision = dataclasses.replace(vision_for(True, True), source=VideoSettings(path, realtime=False))
        config = Config(site=Site("bench", "bench"), areas=(), devices=(), vision=vision)
        pipeline = VisionPipeline(config, on_event=lambda event: None)

        async def run() -> None:
            await pipeline.load()
            await pipeline.run()
            pipeline.close()

        cpu, wall = time.process_time(), time.perf_counter()
        asyncio.run(run())
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    cores = os.cpu_count() or 1
    return {"frames": pipeline.stats.frames, "seconds": round(wall, 2), "fps": round(pipeline.stats.frames / wall, 1),
            "cpu_share_of_one_core": round(cpu / wall, 2), "cpu_share_of_machine": round(cpu / wall / cores, 2),
            "cores": cores}  # fmt: skip


def wilson(right: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion."""
    if total == 0:
        return (0.0, 1.0)
    share = right / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((share * (1 - share) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return (round(centre - half, 3), round(centre + half, 3))


def active_speaker(scenes: int, seed: int = 4242) -> dict[str, object]:
    """Who spoke, on generated two-person scenes: right per kind of listener, and the cost."""
    rng = np.random.default_rng(seed)
    right = dict.fromkeys(LISTENERS, 0)
    total = dict.fromkeys(LISTENERS, 0)
    update_us: list[float] = []
    speaker_ms: list[float] = []
    for _ in range(scenes):
        seen = scene(rng)
        people = People()
        for t_ms, faces in seen.frames:
            started = time.perf_counter()
            people.update(t_ms, faces, [face.matrix == FACING for face in faces])
            update_us.append((time.perf_counter() - started) * 1e6)
        started = time.perf_counter()
        found = people.speaker(seen.voice, seen.start_ms, seen.end_ms)
        speaker_ms.append((time.perf_counter() - started) * 1000)
        total[seen.listener] += 1
        right[seen.listener] += found is not None and found.person == f"person{seen.speaker + 1}"
    kinds = {
        kind: {"right": right[kind], "total": total[kind], "interval": wilson(right[kind], total[kind])}
        for kind in LISTENERS
    }
    everyone = sum(right.values())
    return {
        "scenes": scenes,
        "accuracy": round(everyone / scenes, 4),
        "interval": wilson(everyone, scenes),
        "kinds": kinds,
        "update_us_p50": round(statistics.median(update_us), 1),
        "speaker_ms_p50": round(statistics.median(speaker_ms), 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Run and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--frames", type=int, default=60, help="frames per latency measurement")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the sustained-rate video")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-accuracy", action="store_true", help="skip the classifier accuracy tables")
    parser.add_argument(
        "--gpu", action="store_true", help="also try MediaPipe's GPU delegate (bare, 640x480)"
    )
    parser.add_argument("--speakers", type=int, default=1000, help="generated two-person scenes")
    parser.add_argument("--speakers-only", action="store_true", help="only the active speaker figures")
    args = parser.parse_args(argv)
    report: dict[str, object] = {}
    if args.speakers_only:
        args.no_accuracy = True
    else:
        report["latency"] = latency(args.data, args.frames)
        report["sustained"] = sustained(args.data, args.seconds)
    if args.gpu:
        report["gpu_delegate"] = gpu_delegate(args.data, args.frames)
    if not args.no_accuracy:
        from vision_classifier import compare

        report["accuracy"] = compare(args.data)
    if args.speakers:
        report["active_speaker"] = active_speaker(args.speakers)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    if "latency" in report:
        print_latency(report)
    for name, result in report.get("gpu_delegate", {}).items():  # type: ignore[union-attr]
        print(f"GPU delegate, bare {name} 640x480: {result}")
    for name, tables in report.get("accuracy", {}).items():  # type: ignore[union-attr]
        print(f"{name}:")
        for method, result in tables.items():
            classes = ", ".join(
                f"{k} P{v['precision']:.2f}/R{v['recall']:.2f}" for k, v in result["classes"].items()
            )
            print(f"  {method:13s} accuracy {result['accuracy']:.3f}  ({classes})")
    found = report.get("active_speaker")
    if isinstance(found, dict):
        print(
            f"active speaker, {found['scenes']} generated two-person scenes: {found['accuracy']:.1%} "
            f"{found['interval']}; person tracking {found['update_us_p50']} us a frame, "
            f"the speaker search {found['speaker_ms_p50']} ms an utterance (p50)"
        )
        for kind, row in found["kinds"].items():
            print(f"  the other one {kind:13s} {row['right']}/{row['total']} {row['interval']}")
    return 0


def print_latency(report: dict[str, object]) -> None:
    """The latency and sustained-rate figures."""
    print("per-frame latency, ms (p50 / p95): bare MediaPipe | assistantd | ratio of p50")
    for row in report["latency"]:  # type: ignore[union-attr]
        b, a = row["bare_ms"], row["assistantd_ms"]
        print(
            f"  {row['size']:9s} {row['mode']:5s}  {b['p50']:6.1f} / {b['p95']:6.1f} | {a['p50']:6.1f} / {a['p95']:6.1f} | {row['ratio_p50']:.2f}"
        )
    s = report["sustained"]
    print(
        f"sustained (640x480, hands+faces): {s['fps']} fps over {s['seconds']} s, CPU {s['cpu_share_of_one_core']:.2f} cores of {s['cores']}"
    )  # type: ignore[index]


if __name__ == "__main__":
    sys.exit(main())
