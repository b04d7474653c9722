"""Benchmark: reading and checking a configuration as the home grows (what `assistantd check-config` does),
with PyYAML's pure-Python parser as the baseline measured in the same run.

Prints, for 1,000 to 20,000 devices, the median seconds of three reads with the parser in use (libyaml
where PyYAML has it) and with the pure-Python one, and seconds per 1,000 devices (flat when linear).

    python benchmarks/config_scale.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistantd.config import loader, parse_config  # noqa: E402

SIZES = (1_000, 5_000, 10_000, 20_000)


def home(devices: int) -> str:
    """A home of 50 areas and `devices` lights, one zigbee2mqtt device a line."""
    lines = ["site: {id: home, area: a0}", "areas:"]
    lines += [f"  - {{id: a{n}, name: Area {n}}}" for n in range(50)]
    lines.append("devices:")
    lines += [
        f"  - {{id: d{n}, name: Device {n}, area: a{n % 50}, domain: light, zigbee2mqtt: {{friendly_name: z/d{n}}}}}"
        for n in range(devices)
    ]
    return "\n".join(lines) + "\n"


def seconds(text: str, repeats: int) -> float:
    """Median seconds of parse_config over repeats."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        parse_config(text, file="home.yaml")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    """Print the table."""
    in_use = loader._LOADER  # noqa: SLF001 - the benchmark swaps the parser to compare
    print(f"parser in use: {in_use.__name__}")
    print(f"{'devices':>8}{'in use s':>10}{'s/1000':>8}{'pure Python s':>15}{'ratio':>7}")
    for size in SIZES:
        text = home(size)
        fast = seconds(text, 3)
        loader._LOADER = yaml.SafeLoader  # noqa: SLF001
        try:
            slow = seconds(text, 1 if size > 5_000 else 3)
        finally:
            loader._LOADER = in_use  # noqa: SLF001
        print(f"{size:>8}{fast:>10.2f}{fast / size * 1000:>8.3f}{slow:>15.2f}{slow / fast:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
