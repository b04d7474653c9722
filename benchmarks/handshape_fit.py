"""Fit the static gesture classifier's thumb weights (assistantd.vision.handshape.THUMB_WEIGHTS) on
generated hands only (tests/support/handshape_fit.py) and print them, to paste into handshape.py.

    .venv/bin/python benchmarks/handshape_fit.py [--hands 6000] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.handshape_fit import fit_thumb_weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hands", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    weights, accuracy = fit_thumb_weights(args.seed, args.hands)
    print(f"THUMB_WEIGHTS = ({', '.join(f'{w:.1f}' for w in weights)})  # accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
