"""The names of the gestures and expressions (light: the config reads them without loading any vision code)."""

from __future__ import annotations

STATIC_GESTURES: tuple[str, ...] = (
    "thumb_up",
    "thumb_down",
    "open_palm",
    "closed_fist",
    "pointing_up",
    "pointing",
    "victory",
    "i_love_you",
)
"""Handshapes held still ("pointing": an index finger that does not point up)."""
DYNAMIC_GESTURES: tuple[str, ...] = ("swipe_left", "swipe_right", "swipe_up", "swipe_down", "wave")
"""Movements of the hand (directions as the person sees them)."""
GESTURES: tuple[str, ...] = (*STATIC_GESTURES, *DYNAMIC_GESTURES)
"""Every gesture a rule may name."""
HEAD_GESTURES: tuple[str, ...] = ("nod", "shake")
"""Movements of the head a face event may carry."""
EXPRESSIONS: tuple[str, ...] = ("neutral", "smile", "frown", "surprise", "anger")
"""The expressions a face is read as."""
