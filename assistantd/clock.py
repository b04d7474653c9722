"""The one monotonic clock every event is stamped with."""

from __future__ import annotations

import time


def monotonic_ms() -> int:
    """Milliseconds on the monotonic clock."""
    return time.monotonic_ns() // 1_000_000


def wall_seconds() -> float:
    """Unix time in seconds (for persisted timestamps that must survive restarts)."""
    return time.time()
