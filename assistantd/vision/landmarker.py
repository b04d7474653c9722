"""MediaPipe Tasks HandLandmarker and FaceLandmarker in VIDEO mode, turned into plain Observations.

Blocking: the pipeline calls load() and detect() in a worker thread, one frame at a time.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from assistantd.config.vision import VisionConfig
from assistantd.errors import FrameError, LandmarkerFileError
from assistantd.vision.frames import Frame, check_frame
from assistantd.vision.landmarks import FaceLandmarks, FrameLandmarks, HandLandmarks
from assistantd.vision.task_files import FACE_TASK, HAND_TASK, resolve_task_file

_LOGGER = logging.getLogger(__name__)


class Landmarkers:
    """The hand and face landmarkers of one video stream (timestamps must increase)."""

    def __init__(self, vision: VisionConfig) -> None:
        self._vision = vision
        self._hands = None
        self._faces = None
        self._last_ms = -1

    def load(self) -> None:
        """Create the landmarkers (reads the model files)."""
        from mediapipe.tasks.python import BaseOptions, vision

        settings = self._vision
        if settings.hands.enabled:
            path = resolve_task_file(settings.hand_model, HAND_TASK)
            options = vision.HandLandmarkerOptions(
                base_options=BaseOptions(model_asset_path=str(path)),
                running_mode=vision.RunningMode.VIDEO,
                num_hands=settings.hands.max_hands,
                min_hand_detection_confidence=settings.hands.min_confidence,
                min_hand_presence_confidence=settings.hands.min_confidence,
                min_tracking_confidence=settings.hands.min_confidence,
            )
            self._hands = _create(vision.HandLandmarker, options, path)
        if settings.faces.enabled:
            path = resolve_task_file(settings.face_model, FACE_TASK)
            options = vision.FaceLandmarkerOptions(
                base_options=BaseOptions(model_asset_path=str(path)),
                running_mode=vision.RunningMode.VIDEO,
                num_faces=settings.faces.max_faces,
                min_face_detection_confidence=settings.faces.min_confidence,
                min_face_presence_confidence=settings.faces.min_confidence,
                min_tracking_confidence=settings.faces.min_confidence,
                output_face_blendshapes=True,
                output_facial_transformation_matrixes=True,
            )
            self._faces = _create(vision.FaceLandmarker, options, path)

    def detect(self, frame: Frame) -> FrameLandmarks:
        """Hands and faces of one frame; FrameError for an unusable image."""
        import cv2
        import mediapipe as mp

        check_frame(frame)
        timestamp = max(frame.timestamp_ms, self._last_ms + 1)
        self._last_ms = timestamp
        rgb = cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=np.ascontiguousarray(rgb))
        height, width = rgb.shape[:2]
        try:
            hands = (
                ()
                if self._hands is None
                else hands_from_result(self._hands.detect_for_video(image, timestamp), self._vision.mirrored)
            )
            faces = (
                ()
                if self._faces is None
                else faces_from_result(self._faces.detect_for_video(image, timestamp))
            )
        except (RuntimeError, ValueError) as err:
            raise FrameError(f"frame {frame.index}: the landmarker refused it: {err}") from err
        return FrameLandmarks(frame.timestamp_ms, width, height, hands, faces)

    def close(self) -> None:
        """Release the landmarkers."""
        for landmarker in (self._hands, self._faces):
            if landmarker is not None:
                landmarker.close()
        self._hands = self._faces = None


def _create(kind, options, path: Path):
    """A landmarker from its options; LandmarkerFileError when the file is no model."""
    try:
        return kind.create_from_options(options)
    except (RuntimeError, ValueError, OSError) as err:
        raise LandmarkerFileError(f"cannot load {path}: {err}") from err


def hands_from_result(result, mirrored: bool) -> tuple[HandLandmarks, ...]:
    """Plain hands from a HandLandmarkerResult (handedness as the person's own hand)."""
    hands = []
    for index, points in enumerate(result.hand_landmarks):
        category = result.handedness[index][0] if index < len(result.handedness) else None
        label = (category.category_name or "").lower() if category is not None else ""
        if label and not mirrored:  # MediaPipe assumes a mirrored (selfie) image
            label = {"left": "right", "right": "left"}.get(label, label)
        score = float(category.score) if category is not None else 1.0
        world = result.hand_world_landmarks[index] if index < len(result.hand_world_landmarks) else ()
        image, metric = tuple((p.x, p.y, p.z) for p in points), tuple((p.x, p.y, p.z) for p in world)
        hands.append(HandLandmarks(image, label, round(score, 3), metric))
    return tuple(hands)


def faces_from_result(result) -> tuple[FaceLandmarks, ...]:
    """Plain faces from a FaceLandmarkerResult."""
    faces = []
    for index, points in enumerate(result.face_landmarks):
        shapes = result.face_blendshapes[index] if index < len(result.face_blendshapes) else []
        matrices = result.facial_transformation_matrixes
        matrix = np.asarray(matrices[index]).reshape(-1) if index < len(matrices) else np.eye(4).reshape(-1)
        xs, ys = [p.x for p in points], [p.y for p in points]
        faces.append(
            FaceLandmarks(
                tuple((c.category_name, round(float(c.score), 4)) for c in shapes),
                tuple(float(v) for v in matrix),
                ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2),
                max(ys) - min(ys),
            )
        )
    return tuple(faces)
