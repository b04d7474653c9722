"""A camera through OpenCV: a grabber thread keeps only the newest frame, so there is never a backlog."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from assistantd.clock import monotonic_ms
from assistantd.config.vision import CameraSettings
from assistantd.errors import CameraError
from assistantd.vision.frames import Frame

_LOGGER = logging.getLogger(__name__)

FRAME_TIMEOUT_SECONDS = 3.0
"""A camera that delivers no frame for this long is lost (and reopened by the pipeline)."""


class CameraSource:
    """An OpenCV camera by index or device path, at a requested size; read() returns the newest frame."""

    live = True

    def __init__(self, settings: CameraSettings, *, clock: Callable[[], int] = monotonic_ms) -> None:
        self.name = f"camera {settings.device}"
        self._settings = settings
        self._clock = clock
        self._capture = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ready = threading.Condition()
        self._latest: Frame | None = None
        self._taken = -1
        self._failed: str | None = None

    def open(self) -> None:
        """Open the device and start the grabber thread; CameraError when there is no such camera."""
        import cv2

        device = device_file(self._settings.device)
        if device is not None and not device.exists():
            raise CameraError(f"cannot open {self.name}: there is no {device}")
        capture = cv2.VideoCapture(self._settings.device)
        if not capture.isOpened():
            capture.release()
            raise CameraError(f"cannot open {self.name}: no such camera, or it is busy")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._settings.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._settings.height)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._capture, self._latest, self._taken, self._failed = capture, None, -1, None
        self._stop.clear()
        self._thread = threading.Thread(target=self._grab, name="camera-grabber", daemon=True)
        self._thread.start()
        _LOGGER.info("Opened %s", self.name)

    def _grab(self) -> None:
        """The grabber thread: read frames as they come, keep the newest."""
        index = 0
        while not self._stop.is_set():
            ok, image = self._capture.read()
            with self._ready:
                if not ok or image is None:
                    self._failed = f"{self.name} stopped delivering frames"
                    self._ready.notify_all()
                    return
                self._latest = Frame(image, self._clock(), index)
                self._ready.notify_all()
            index += 1

    def read(self) -> Frame | None:
        """The newest frame not read before (waits for one); CameraError when the camera is lost."""
        with self._ready:
            newer = self._ready.wait_for(
                lambda: (
                    self._failed is not None
                    or (self._latest is not None and self._latest.index > self._taken)
                ),
                FRAME_TIMEOUT_SECONDS,
            )
            if self._failed is not None:
                raise CameraError(self._failed)
            if not newer or self._latest is None:
                raise CameraError(f"{self.name}: no frame for {FRAME_TIMEOUT_SECONDS:.0f} s")
            self._taken = self._latest.index
            return self._latest

    def close(self) -> None:
        """Stop the grabber and release the device."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(FRAME_TIMEOUT_SECONDS)
            self._thread = None
        if self._capture is not None:
            self._capture.release()
            self._capture = None


def device_file(device: int | str) -> Path | None:
    """The device file a camera is read from: its path, or /dev/videoN on Linux (None: not known).

    Checked before OpenCV is asked, so that a missing camera is one clear line, not OpenCV's own
    complaint on stderr at every retry.
    """
    if isinstance(device, str):
        return Path(device)
    return Path(f"/dev/video{device}") if sys.platform.startswith("linux") else None
