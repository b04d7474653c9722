"""Frames and the seam every frame source sits behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistantd.errors import FrameError


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """One image (BGR, uint8, height x width x 3) and when it was taken on the monotonic clock."""

    image: np.ndarray = field(repr=False)
    timestamp_ms: int
    index: int
    """Position in the source (0-based; gaps are frames that were skipped)."""


class FrameSource(Protocol):
    """Where frames come from: a camera, a video file, a folder of images, or a test's fake.

    open, read and close block: the pipeline calls them in a worker thread, one at a time.
    """

    name: str
    live: bool
    """A camera (reopened with backoff when it fails) rather than a file that ends."""

    def open(self) -> None:
        """Start delivering frames; raises CameraError when the source is not there."""
        ...

    def read(self) -> Frame | None:
        """The newest frame (never a backlog); None at the end of a file; CameraError when lost."""
        ...

    def close(self) -> None:
        """Release the source (idempotent)."""
        ...


def check_frame(frame: Frame) -> None:
    """Raise FrameError for an image the landmarkers cannot take."""
    image = frame.image
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise FrameError(
            f"frame {frame.index}: expected 8-bit pixels, got {getattr(image, 'dtype', type(image))}"
        )
    if image.size == 0:
        raise FrameError(f"frame {frame.index} is empty: its image could not be decoded")
    if image.ndim != 3 or image.shape[2] != 3 or image.shape[0] < 16 or image.shape[1] < 16:
        raise FrameError(
            f"frame {frame.index}: expected a colour image of at least 16x16, got shape {image.shape}"
        )
