"""Pointing events while a hand points: the devices ranked by the image-plane ray (devices placed by
direction or image position) and, with the camera's pose, by the ray in the room (devices placed by x, y
and z); an event on start, when the best device changes, and at most each interval."""

from __future__ import annotations

import collections

from assistantd.config.home import Device
from assistantd.config.vision import CameraPose, PointingSettings
from assistantd.events import PointingEvent
from assistantd.vision.landmarks import HandLandmarks, hand_of, person_of
from assistantd.vision.pointing import candidates, ray_from_hand
from assistantd.vision.room import RoomRay, mean_ray, room_candidates, room_ray

HOLD_MS = 600
"""The frames of one held pointing averaged for the room ray (the landmarks jitter from frame to frame)."""
HOLD_FRAMES = 20
"""At most this many of them."""
FIRST_FRAMES = 4
"""With a pose, the first event waits for this many frames of the held pointing (about 0.1-0.4 s), so that
it does not rest on one frame's jitter: the fusion keeps every candidate's best score of the window."""


class PointingTracker:
    """Pointing events while a hand points: on start, when the best device changes, and at most each interval."""

    def __init__(
        self,
        devices: tuple[Device, ...],
        settings: PointingSettings,
        *,
        mirrored: bool = False,
        pose: CameraPose | None = None,
    ) -> None:
        """pose: the camera's place in the room; devices placed by x, y and z are then aimed at in the room."""
        self._devices = tuple(device for device in devices if device.location is not None)
        self._pose = pose
        self._settings = settings
        self._interval_ms = round(settings.interval_seconds * 1000)
        self._mirrored = mirrored
        self._last: dict[str, tuple[int, str | None]] = {}
        self._held: dict[str, collections.deque[tuple[int, RoomRay]]] = {}
        """Each pointing hand's recent room rays, averaged: one held gesture, many frames."""

    def update(
        self, now_ms: int, slot: str, hand: HandLandmarks | None, aspect: float
    ) -> PointingEvent | None:
        """Feed one hand that holds a pointing gesture (None: it stopped pointing)."""
        if hand is None:
            self._last.pop(slot, None)
            self._held.pop(slot, None)
            return None
        ray = ray_from_hand(hand.points, aspect, mirrored=self._mirrored)
        ranked = candidates(ray, self._devices, self._settings, aspect)
        room = self._room_ray(now_ms, slot, hand)
        if self._pose is not None and slot not in self._last and len(self._held.get(slot, ())) < FIRST_FRAMES:
            return None
        if room is not None:
            in_room = room_candidates(room, self._devices, self._settings)
            ranked = tuple(sorted((*ranked, *in_room), key=lambda item: (-item[1], item[0])))
        best = ranked[0][0] if ranked else None
        last = self._last.get(slot)
        if last is not None and best == last[1] and now_ms - last[0] < self._interval_ms:
            return None
        self._last[slot] = (now_ms, best)
        hand = hand_of(slot)
        return PointingEvent(
            now_ms,
            round(ray.bearing_degrees, 1),
            round(ray.elevation_degrees, 1),
            ranked,
            origin=ray.origin,
            hand=hand,
            person=person_of(slot),
        )

    def _room_ray(self, now_ms: int, slot: str, hand: HandLandmarks) -> RoomRay | None:
        """The hand's ray in the room, averaged over the frames of the last HOLD_MS (None without a pose)."""
        if self._pose is None:
            return None
        ray = room_ray(hand, self._pose, self._settings, mirrored=self._mirrored)
        held = self._held.setdefault(slot, collections.deque(maxlen=HOLD_FRAMES))
        if ray is not None:
            held.append((now_ms, ray))
        while held and now_ms - held[0][0] > HOLD_MS:
            held.popleft()
        return mean_ray([item for _, item in held]) if held else None
