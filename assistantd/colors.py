"""Color names people say, as RGB (CSS / X11 values), and white color temperatures."""

from __future__ import annotations

COLORS: dict[str, tuple[int, int, int]] = {
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "orange": (255, 165, 0),
    "purple": (128, 0, 128),
    "violet": (238, 130, 238),
    "pink": (255, 192, 203),
    "magenta": (255, 0, 255),
    "cyan": (0, 255, 255),
    "turquoise": (64, 224, 208),
    "teal": (0, 128, 128),
    "lime": (0, 255, 0),
    "white": (255, 255, 255),
    "warm white": (255, 244, 229),
    "cool white": (244, 253, 255),
    "gold": (255, 215, 0),
    "amber": (255, 191, 0),
    "indigo": (75, 0, 130),
    "lavender": (230, 230, 250),
    "brown": (165, 42, 42),
    "crimson": (220, 20, 60),
    "salmon": (250, 128, 114),
    "coral": (255, 127, 80),
    "navy": (0, 0, 128),
    "olive": (128, 128, 0),
    "maroon": (128, 0, 0),
    "aqua": (0, 255, 255),
    "beige": (245, 245, 220),
    "peach": (255, 218, 185),
    "mint": (189, 252, 201),
    "sky blue": (135, 206, 235),
    "light blue": (173, 216, 230),
    "dark blue": (0, 0, 139),
    "light green": (144, 238, 144),
    "dark green": (0, 100, 0),
}
"""Lower-case color name -> (r, g, b), 0-255."""

WHITE_TEMPERATURES_KELVIN: dict[str, int] = {
    "warm": 2700,
    "warm white": 2700,
    "soft white": 3000,
    "neutral": 4000,
    "neutral white": 4000,
    "cool": 5000,
    "cool white": 5000,
    "daylight": 6500,
}
"""Spoken white tones -> color temperature in kelvin."""


def rgb(name: str) -> tuple[int, int, int] | None:
    """The RGB of a color name (case-insensitive), or None if unknown."""
    return COLORS.get(name.strip().lower())


def hex_color(value: tuple[int, int, int]) -> str:
    """#rrggbb for an RGB triple."""
    return "#{:02x}{:02x}{:02x}".format(*value)


def kelvin_to_mired(kelvin: int) -> int:
    """Color temperature in kelvin to mired (micro reciprocal degrees)."""
    return round(1_000_000 / kelvin)
