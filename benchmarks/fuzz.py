"""Benchmark: the property-based fuzzing of tests/test_fuzz.py at length (hostile configs, MQTT payloads,
sentences, control-socket lines), each property with many more examples than in CI.

Prints, for each property, the examples run, whether every one held, and the seconds it took.

    python benchmarks/fuzz.py [--examples N]    (default 10000 a property; the control socket a fifth)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROPERTIES = (
    "test_any_document_is_read_or_refused_with_issues",
    "test_any_sections_are_read_or_refused_with_issues",
    "test_a_mutated_example_home_is_read_or_refused_with_issues",
    "test_any_payload_is_a_command_or_an_input_error",
    "test_any_sentence_gets_a_decision_and_nothing_risky_happens_unasked",
    "test_the_control_socket_answers_every_line_and_stays_up",
)


def main(argv: list[str] | None = None) -> int:
    """Run each property at length and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args(argv)
    env = dict(os.environ, ASSISTANTD_FUZZ_EXAMPLES=str(args.examples))
    print(f"{'property':<72}{'examples':>10}{'held':>7}{'seconds':>10}")
    failed = 0
    for name in PROPERTIES:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x", "--timeout=0",
             f"tests/test_fuzz.py::{name}"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        examples = max(10, args.examples // 5) if "control_socket" in name else args.examples
        held = result.returncode == 0
        failed += not held
        print(f"{name:<72}{examples:>10}{'yes' if held else 'NO':>7}{seconds:>10.1f}")
        if not held:
            print(result.stdout[-3000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
