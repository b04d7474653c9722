"""The pipeline: no camera, unusable frames, a truncated video, skipping frames, the rate limit, the JSON."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import random
from pathlib import Path

import numpy as np
import pytest

from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.config.vision import (
    CameraSettings,
    ImagesSettings,
    PublishSettings,
    VideoSettings,
    VisionConfig,
)
from assistantd.errors import CameraError, LandmarkerFileError
from assistantd.events import FaceEvent, GestureEvent, PointingEvent
from assistantd.reconnect import Reconnect
from assistantd.vision.frames import Frame
from assistantd.vision.landmarks import FrameLandmarks
from assistantd.vision.pipeline import VisionPipeline
from assistantd.vision.publish import RateLimiter, vision_message
from assistantd.vision.task_files import resolve_task_file
from tests.support.vision import IMAGES, ListSource, hand, needs_mediapipe, write_video


def config_for(**vision: object) -> Config:
    base = VisionConfig(
        source=ImagesSettings(Path("unused")), reconnect_min_seconds=0.02, reconnect_max_seconds=0.08
    )
    settings = dataclasses.replace(base, **vision)
    return Config(site=Site("lab", "lab"), areas=(), devices=(), vision=settings)


class FakeDetector:
    """Answers every frame with one thumbs-up hand (or raises for an empty image like the real one)."""

    def __init__(self) -> None:
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def detect(self, frame: Frame) -> FrameLandmarks:
        from assistantd.vision.frames import check_frame

        check_frame(frame)
        return FrameLandmarks(frame.timestamp_ms, 640, 480, (hand("thumb"),))

    def close(self) -> None:
        self.loaded = False


def good(index: int) -> Frame:
    return Frame(np.zeros((48, 64, 3), np.uint8), index * 33, index)


async def test_no_camera_is_retried_with_backoff_and_warned_about_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pytest.importorskip("cv2")
    caplog.set_level(logging.DEBUG, logger="assistantd.vision.pipeline")
    pipeline = VisionPipeline(
        config_for(source=CameraSettings("/dev/video-none")), on_event=lambda e: None, detector=FakeDetector()
    )
    task = asyncio.create_task(pipeline.run())
    await asyncio.sleep(0.6)
    assert not task.done()  # still trying, not crashed
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    retries = [r for r in caplog.records if "retrying" in r.getMessage()]
    assert 3 <= len(retries) <= 15, retries  # backoff: 0.02 s doubling to 0.08 s, jittered
    warnings = [r.getMessage() for r in retries if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings  # the rest at debug: no flood in the journal
    assert "cannot open camera /dev/video-none: there is no /dev/video-none" in warnings[0]
    assert "speech and text go on" in warnings[0]


class Flaky(ListSource):
    """A camera that opens, delivers its frames, then fails at every read until reopened with frames."""

    live = True

    def __init__(self, frames: list[Frame], refills: list[list[Frame]] = ()) -> None:
        super().__init__(frames)
        self.opened = 0
        self._refills = list(refills)

    def open(self) -> None:
        self.opened += 1
        if not self._frames and self._refills:
            self._frames = self._refills.pop(0)

    def read(self) -> Frame | None:
        if not self._frames:
            raise CameraError("camera unplugged")
        return super().read()


async def test_a_lost_camera_is_reopened(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="assistantd.vision.pipeline")
    events: list = []
    source = Flaky([good(i) for i in range(12)], refills=[[], [], [good(100 + i) for i in range(3)]])
    pipeline = VisionPipeline(config_for(), on_event=events.append, source=source, detector=FakeDetector())
    task = asyncio.create_task(pipeline.run())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert source.opened >= 4
    assert [e.gesture for e in events if isinstance(e, GestureEvent)] == ["thumb_up"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    # lost after the first frames, then after the refill: one warning each, not one per retry
    assert len(warnings) == 2 and all("camera unplugged; retrying" in m for m in warnings), warnings
    assert "list delivers frames again (after 3 failed attempts)" in caplog.text


async def test_a_camera_that_fails_at_once_is_not_reopened_in_a_busy_loop() -> None:
    source = Flaky([])
    pipeline = VisionPipeline(config_for(), on_event=lambda e: None, source=source, detector=FakeDetector())
    task = asyncio.create_task(pipeline.run())
    await asyncio.sleep(0.5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert 3 <= source.opened <= 15  # waits 0.02 s doubling to 0.08 s between attempts


def test_reopening_backs_off_and_warns_once_per_kind_of_failure() -> None:
    reopening = Reconnect(1.0, 4.0, random.Random(3))
    waits, news = zip(*(reopening.failed("no camera") for _ in range(5)), strict=True)
    assert news == (True, False, False, False, False)
    assert all(d / 2 <= w <= d for w, d in zip(waits, (1, 2, 4, 4, 4), strict=True))  # the shared Backoff
    assert reopening.failed("camera busy")[1] is True  # another state: news again
    assert reopening.recovered() == 6 and reopening.attempts == 0
    wait, fresh = reopening.failed("camera busy")
    assert fresh and wait <= 1.0


async def test_unusable_frames_are_skipped_with_few_log_lines_and_no_events(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    frames = [Frame(np.zeros((0, 0, 3), np.uint8), i * 33, i) for i in range(250)] + [
        good(250 + i) for i in range(12)
    ]
    frames.insert(5, Frame(np.zeros((48, 64), np.float32), 5 * 33, 5))
    events: list = []
    pipeline = VisionPipeline(
        config_for(), on_event=events.append, source=ListSource(frames), detector=FakeDetector()
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert pipeline.stats.failed == 251 and pipeline.stats.frames == 12
    lines = [r for r in caplog.records if "unusable frame" in r.getMessage()]
    assert len(lines) == 3  # the first, the 100th and the 200th
    assert [e.gesture for e in events if isinstance(e, GestureEvent)] == ["thumb_up"]


async def test_a_fault_of_the_landmarker_on_one_frame_skips_only_that_frame(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Faulty(FakeDetector):
        def detect(self, frame: Frame) -> FrameLandmarks:
            if frame.index == 3:
                raise KeyError("handedness")  # not a documented error of the landmarker
            return super().detect(frame)

    events: list = []
    frames = [good(i) for i in range(12)]
    pipeline = VisionPipeline(
        config_for(), on_event=events.append, source=ListSource(frames), detector=Faulty()
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert pipeline.stats.failed == 1 and pipeline.stats.frames == 11
    assert "Vision: skipping an unusable frame: 'handedness'" in caplog.text and "KeyError" in caplog.text
    assert [e.gesture for e in events if isinstance(e, GestureEvent)] == ["thumb_up"]


async def test_missing_files_end_the_file_source_with_a_message(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    pytest.importorskip("cv2")
    pipeline = VisionPipeline(
        config_for(source=VideoSettings(tmp_path / "none.mp4")),
        on_event=lambda e: None,
        detector=FakeDetector(),
    )
    await asyncio.wait_for(pipeline.run(), 5)
    assert "no video file at" in caplog.text and "not watching" in caplog.text


def test_missing_model_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LandmarkerFileError, match="no model file at"):
        resolve_task_file(tmp_path / "hand.task", "hand_landmarker.task")


async def test_a_truncated_video_ends_with_a_warning_and_no_crash(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    pytest.importorskip("cv2")
    video = tmp_path / "clip.avi"
    rng = np.random.default_rng(1)
    write_video(video, [rng.integers(0, 255, (120, 160, 3), dtype=np.uint8) for _ in range(40)])
    data = video.read_bytes()
    video.write_bytes(data[: len(data) // 2])
    pipeline = VisionPipeline(
        config_for(source=VideoSettings(video, realtime=False)),
        on_event=lambda e: None,
        detector=FakeDetector(),
    )
    await asyncio.wait_for(pipeline.run(), 20)
    assert 0 < pipeline.stats.frames < 40
    assert "truncated or corrupt" in caplog.text


async def test_realtime_video_skips_frames_instead_of_falling_behind(tmp_path: Path) -> None:
    pytest.importorskip("cv2")
    video = tmp_path / "clip.avi"
    write_video(video, [np.full((48, 64, 3), i, np.uint8) for i in range(30)], fps=30)

    class Slow(FakeDetector):
        def detect(self, frame: Frame) -> FrameLandmarks:
            import time

            time.sleep(0.1)
            return super().detect(frame)

    pipeline = VisionPipeline(
        config_for(source=VideoSettings(video, realtime=True)), on_event=lambda e: None, detector=Slow()
    )
    await asyncio.wait_for(pipeline.run(), 10)
    # 1 s of video analysed at ~10 frames a second at most: the frames it could not keep up with are skipped
    assert pipeline.stats.skipped >= 15 and pipeline.stats.frames <= 15


async def test_a_corrupt_frame_inside_a_video_is_skipped_not_the_end(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    pytest.importorskip("cv2")
    clip = tmp_path / "clip.avi"
    write_video(clip, [np.full((48, 64, 3), i * 8, np.uint8) for i in range(30)])
    data = bytearray(clip.read_bytes())
    starts = [i for i in range(len(data) - 1) if data[i : i + 2] == b"\xff\xd8"]  # each frame's JPEG
    assert len(starts) == 30
    data[starts[10] : starts[10] + 200] = bytes(200)
    clip.write_bytes(bytes(data))
    pipeline = VisionPipeline(
        config_for(source=VideoSettings(clip, realtime=False)),
        on_event=lambda e: None,
        detector=FakeDetector(),
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert (pipeline.stats.frames, pipeline.stats.failed) == (29, 1)
    assert "frame 10 is empty: its image could not be decoded" in caplog.text
    assert "truncated" not in caplog.text


async def test_a_video_without_a_single_frame_is_reported_corrupt(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    pytest.importorskip("cv2")
    clip = tmp_path / "clip.avi"
    write_video(clip, [np.zeros((48, 64, 3), np.uint8)])
    data = clip.read_bytes()
    clip.write_bytes(data[: data.index(b"movi") + 4] + bytes(len(data) - data.index(b"movi") - 4))
    pipeline = VisionPipeline(
        config_for(source=VideoSettings(clip, realtime=False)),
        on_event=lambda e: None,
        detector=FakeDetector(),
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert pipeline.stats.frames == 0
    assert "ended after 0 of 1 frames: the file is truncated or corrupt" in caplog.text


async def test_image_folder_with_a_corrupt_file(tmp_path: Path) -> None:
    pytest.importorskip("cv2")
    import cv2

    folder = tmp_path / "frames"
    folder.mkdir()
    for index in range(4):
        cv2.imwrite(str(folder / f"{index:02d}.png"), np.zeros((48, 64, 3), np.uint8))
    (folder / "02.png").write_bytes(b"\x89PNG not really")
    pipeline = VisionPipeline(
        config_for(source=ImagesSettings(folder, fps=10)), on_event=lambda e: None, detector=FakeDetector()
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert (pipeline.stats.frames, pipeline.stats.failed) == (3, 1)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width x height (its pixel data is missing): what a decompression bomb
    looks like before it is decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(bytes(width * 3 + 1) * 8)  # the first rows only
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [20_000, 40_000])
async def test_an_oversized_image_is_refused_before_it_is_decoded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, side: int
) -> None:
    pytest.importorskip("cv2")
    import cv2

    from assistantd.vision.sources import image_size

    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "00.png"), np.zeros((48, 64, 3), np.uint8))
    (folder / "01.png").write_bytes(_png_header(side, side))
    assert image_size(folder / "00.png") == (64, 48)
    assert image_size(folder / "01.png") is not None
    pipeline = VisionPipeline(
        config_for(source=ImagesSettings(folder, fps=10)), on_event=lambda e: None, detector=FakeDetector()
    )
    await asyncio.wait_for(pipeline.run(), 10)
    assert (pipeline.stats.frames, pipeline.stats.failed) == (1, 1)
    assert "too large" in caplog.text


def test_the_size_bound_applies_to_real_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("cv2")
    import cv2

    from assistantd.vision import sources

    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), np.full((100, 120, 3), 200, np.uint8))
    assert sources.read_image(path).shape == (100, 120, 3)
    monkeypatch.setattr(sources, "MAX_IMAGE_PIXELS", 100 * 119)
    assert sources.read_image(path).shape == (0, 0, 3)


def test_rate_limiter_bounds_a_storm_and_keeps_gestures() -> None:
    limiter = RateLimiter(5.0)
    faces = sum(limiter.allow(FaceEvent(t), t) for t in range(0, 1000, 10))  # 100 a second
    assert 5 <= faces <= 10
    limiter = RateLimiter(5.0)
    for t in range(0, 200, 10):
        limiter.allow(FaceEvent(t), t)
    assert limiter.allow(GestureEvent("thumb_up", 0.9, 210), 210)  # a gesture may borrow ahead
    total = sum(limiter.allow(GestureEvent("wave", 0.9, t), t) for t in range(220, 1220, 10))
    assert total <= 12


def test_vision_json_has_no_images_and_landmarks_only_when_asked() -> None:
    topic, payload = vision_message(GestureEvent("open_palm", 0.9, 10, "right", 1000, "hold"), "lab")
    assert topic == "vision"
    assert json.loads(payload) == {
        "type": "gesture", "site": "lab", "timestamp_ms": 10, "gesture": "open_palm", "score": 0.9,
        "hand": "right", "phase": "hold", "held_ms": 1000,
    }  # fmt: skip
    pointing = json.loads(vision_message(PointingEvent(5, 90.0, 0.0, (("lamp", 0.9),)), "lab")[1])
    assert pointing["candidates"] == [{"device": "lamp", "score": 0.9}] and "landmarks" not in pointing
    with_points = json.loads(
        vision_message(GestureEvent("wave", 1, 1), "lab", landmarks=((0.1, 0.2, 0.0),))[1]
    )
    assert with_points["landmarks"] == [[0.1, 0.2, 0.0]]


async def test_pipeline_messages_respect_the_publish_settings() -> None:
    events: list = []
    config = config_for(publish=PublishSettings(landmarks=True))
    pipeline = VisionPipeline(
        config,
        on_event=events.append,
        source=ListSource([good(i) for i in range(12)]),
        detector=FakeDetector(),
    )
    await asyncio.wait_for(pipeline.run(), 5)
    messages = [pipeline.message(event) for event in events]
    assert messages and all(m is not None and "landmarks" in json.loads(m[1]) for m in messages)
    quiet = VisionPipeline(
        config_for(publish=PublishSettings(enabled=False)),
        on_event=events.append,
        detector=FakeDetector(),
        source=ListSource([]),
    )
    assert quiet.message(events[0]) is None


@pytest.fixture(scope="module")
def landmarkers():
    needs_mediapipe()
    from assistantd.vision.landmarker import Landmarkers

    detector = Landmarkers(VisionConfig())
    detector.load()
    yield detector
    detector.close()


async def test_a_video_of_the_photos_through_the_real_landmarkers(landmarkers, tmp_path: Path) -> None:
    import cv2

    if not IMAGES.is_dir():
        pytest.skip(f"no photos at {IMAGES}")
    palm = cv2.resize(cv2.imread(str(IMAGES / "hands" / "open_palm__smartcanvas_5.jpeg")), (480, 640))
    thumb = cv2.resize(cv2.imread(str(IMAGES / "hands" / "thumb_up__mp_sample.jpg")), (480, 640))
    blank = np.full((640, 480, 3), 127, np.uint8)
    video = tmp_path / "photos.avi"
    write_video(video, [palm] * 40 + [blank] * 8 + [thumb] * 15 + [palm, thumb] * 5, fps=30)
    events: list = []
    pipeline = VisionPipeline(
        config_for(source=VideoSettings(video, realtime=False)), on_event=events.append, detector=landmarkers
    )
    await asyncio.wait_for(pipeline.run(), 60)
    gestures = [(e.gesture, e.phase, e.held_ms) for e in events if isinstance(e, GestureEvent)]
    assert gestures[:3] == [
        ("open_palm", "start", 300),
        ("open_palm", "hold", 1000),
        ("thumb_up", "start", 300),
    ]
    assert len(gestures) == 3  # the mixed frames at the end flicker: no event storm
    faces = [e for e in events if isinstance(e, FaceEvent)]
    assert faces and max(e.faces for e in faces) == 1  # the thumbs-up photo has a face
