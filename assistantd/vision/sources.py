"""File frame sources: a video (paced at its own rate or as fast as possible) and a folder of images."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistantd.clock import monotonic_ms
from assistantd.config.vision import ImagesSettings, VideoSettings
from assistantd.errors import CameraError
from assistantd.vision.frames import Frame

_LOGGER = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
BAD_FRAMES_IN_A_ROW = 5
"""Frames that fail to decode before a video's end are passed on as unusable, up to this many in a
row; then the file is taken to be truncated and ends."""


class VideoFileSource:
    """A video file; realtime: frames due by the file's rate, the missed ones skipped; else every frame."""

    live = False

    def __init__(self, settings: VideoSettings, *, clock: Callable[[], int] = monotonic_ms) -> None:
        self.name = f"video {settings.path}"
        self._settings = settings
        self._clock = clock
        self._capture = None
        self._fps = 25.0
        self._start_ms = 0
        self._next = 0
        self._expected = 0
        self._bad_in_a_row = 0

    def open(self) -> None:
        """Open the file with OpenCV."""
        import cv2

        if not self._settings.path.is_file():
            raise CameraError(f"no video file at {self._settings.path}")
        capture = cv2.VideoCapture(str(self._settings.path))
        if not capture.isOpened():
            raise CameraError(f"cannot read {self._settings.path} as a video")
        rate = capture.get(cv2.CAP_PROP_FPS)
        self._fps = rate if 1.0 <= rate <= 240.0 else 25.0
        self._expected = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self._capture, self._start_ms, self._next, self._bad_in_a_row = capture, self._clock(), 0, 0
        _LOGGER.info("Opened %s: %.1f fps, %d frames", self.name, self._fps, self._expected)

    def read(self) -> Frame | None:
        """The next frame (realtime: the newest one due, sleeping until it is)."""
        if self._capture is None:
            return None
        if self._settings.realtime:
            self._skip_to_due()
        ok, image = self._capture.read()
        if ok and image is not None:
            self._bad_in_a_row = 0
        elif self._before_end() and self._bad_in_a_row < BAD_FRAMES_IN_A_ROW:
            self._bad_in_a_row += 1  # a corrupt frame inside the file: unusable, not the end
            image = np.zeros((0, 0, 3), np.uint8)
        else:
            return self._ended()
        index = self._next
        self._next += 1
        return Frame(image, self._start_ms + round(index * 1000 / self._fps), index)

    def _before_end(self) -> bool:
        """Whether the file says more frames follow (its frame count may be one too many)."""
        return bool(self._expected) and self._next < self._expected - 1

    def _skip_to_due(self) -> None:
        """Drop the frames whose time has passed; wait for the next one when early."""
        due = self._start_ms + self._next * 1000 / self._fps
        now = self._clock()
        if due > now:
            time.sleep((due - now) / 1000)
            return
        behind = int((now - due) * self._fps / 1000)
        for _ in range(behind):
            if not self._capture.grab():
                return
            self._next += 1

    def _ended(self) -> Frame | None:
        """End of the file: loop, or report a short file and stop."""
        if self._settings.loop and self._next > 0:
            self._capture.set(1, 0)  # CAP_PROP_POS_FRAMES
            self._start_ms += round(self._next * 1000 / self._fps)
            self._next = 0
            return self.read()
        decoded = self._next - self._bad_in_a_row
        if self._expected and (decoded == 0 or decoded < self._expected - 1):
            _LOGGER.warning(
                "%s ended after %d of %d frames: the file is truncated or corrupt",
                self.name,
                decoded,
                self._expected,
            )
        else:
            _LOGGER.info("%s ended after %d frames", self.name, decoded)
        self.close()
        return None

    def close(self) -> None:
        """Release the file."""
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFolderSource:
    """Every image of a folder in name order, one frame each, stamped fps apart (read as fast as asked)."""

    live = False

    def __init__(self, settings: ImagesSettings, *, clock: Callable[[], int] = monotonic_ms) -> None:
        self.name = f"images {settings.path}"
        self._settings = settings
        self._clock = clock
        self._files: list[Path] = []
        self._next = 0
        self._start_ms = 0

    def open(self) -> None:
        """List the folder."""
        folder = self._settings.path
        if not folder.is_dir():
            raise CameraError(f"no image folder at {folder}")
        self._files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise CameraError(f"no images in {folder}")
        self._next, self._start_ms = 0, self._clock()

    def read(self) -> Frame | None:
        """The next image; an unreadable one comes as an empty frame, which the pipeline skips."""
        if self._next >= len(self._files):
            if not self._settings.loop or not self._files:
                return None
            self._start_ms += round(len(self._files) * 1000 / self._settings.fps)
            self._next = 0
        index = self._next
        self._next += 1
        return Frame(
            read_image(self._files[index]), self._start_ms + round(index * 1000 / self._settings.fps), index
        )

    def close(self) -> None:
        """Nothing to release."""
        self._next = len(self._files)


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
        if self._done:
            return None
        self._done = True
        return Frame(read_image(self._path), monotonic_ms(), 0)

    def close(self) -> None:
        """Nothing to release."""
        self._done = True


MAX_IMAGE_PIXELS = 50_000_000
"""Largest image file read as a frame (8K is 33 million pixels): a larger one is refused before it is
decoded, since a small compressed file can hold gigabytes of pixels."""


def read_image(path: Path) -> np.ndarray:
    """An image file's pixels (BGR); an unreadable or oversized file is logged and comes as an empty image."""
    import cv2

    size = image_size(path)
    if size is not None and size[0] * size[1] > MAX_IMAGE_PIXELS:
        _LOGGER.warning("Not reading %s: %d x %d pixels is too large (at most %d)", path, *size, MAX_IMAGE_PIXELS)
        return np.zeros((0, 0, 3), np.uint8)
    try:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    except cv2.error as err:  # OpenCV's own limits and decoder failures
        _LOGGER.warning("Cannot read %s as an image: %s", path, str(err).strip().splitlines()[-1])
        return np.zeros((0, 0, 3), np.uint8)
    if image is None:
        _LOGGER.warning("Cannot read %s as an image: not an image, or corrupt", path)
        return np.zeros((0, 0, 3), np.uint8)
    return image


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from an image file's header, without decoding it; None when Pillow cannot tell."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.size
    except Image.DecompressionBombError:
        return (MAX_IMAGE_PIXELS + 1, 1)  # over Pillow's own bound: larger than any frame we read
    except (OSError, ValueError, SyntaxError):  # not an image Pillow knows, or a broken header
        return None
