"""Two people in a lab, each pointing at a device (the lamp, the TV) while one of them says a command and
the other chews: the scene the speaker tests share (tests/test_active_speaker.py, tests/test_seen.py)."""

from __future__ import annotations

import math

import numpy as np

from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.config.vision import DeviceLocation, PointingSettings, VisionConfig
from assistantd.fusion.window import FusionWindow
from assistantd.vision.landmarks import FrameLandmarks
from assistantd.vision.observer import Observer
from tests.support.home import z2m
from tests.support.speakers import Scene, scene
from tests.support.vision import hand

SETTINGS = PointingSettings(horizontal_fov_degrees=90, vertical_fov_degrees=60, max_angle_degrees=15)
LAMP = z2m("lamp", "Lamp", "light", "lab", "lamp", location=DeviceLocation(image_x=0.9, image_y=0.5))
TV = z2m("tv", "Telly", "light", "lab", "tv", location=DeviceLocation(image_x=0.5, image_y=0.1))
CONFIG = Config(site=Site("lab", "lab"), areas=(), devices=(LAMP, TV), vision=VisionConfig(pointing=SETTINGS))
TO_THE_TV = math.degrees(math.atan2(-0.2 * 4 / 3, 0.45))


def two_pointing(speaker: int) -> tuple[Scene, Observer, FusionWindow]:
    """The scene in which person `speaker` (0: at x 0.3, pointing at the lamp; 1: at x 0.7, at the TV) speaks,
    the observer that watched it and the window of its events."""
    rng = np.random.default_rng(11)
    seen = scene(rng, "chewing")
    while seen.speaker != speaker:
        seen = scene(rng, "chewing")
    observer, window = Observer(CONFIG), FusionWindow()
    hands = (hand("index", roll=90, center=(0.3, 0.55)), hand("index", roll=TO_THE_TV, center=(0.7, 0.55)))
    for t_ms, faces in seen.frames:
        for event in observer.observe(FrameLandmarks(t_ms, 640, 480, hands, faces))[1]:
            window.add(event)
    return seen, observer, window
