"""How soon the voice starts speaking: from asking for an answer to its first audio at the output, with
sentence-by-sentence synthesis (the daemon's Speaker) against making the whole answer first (the baseline,
measured in the same run), for Piper and espeak-ng, on every kind of answer the example home gives.

    python -m benchmarks.voice [--repeats 5]

Prints medians and p90 in milliseconds, the ratio streaming/whole, and the real-time factor of synthesis.
The daemon asks for the answer when the command is decided, before the broker acknowledges its actions
(a local broker: a few ms), so time to first audio after the acknowledgement is at most this figure.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.tts import TtsConfig
from assistantd.voice.speaker import Speaker
from assistantd.voice.synthesizer import EspeakSynthesizer, PiperSynthesizer, Synthesizer

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script (python benchmarks/voice.py), not with -m
    sys.path.insert(0, str(ROOT))

from tests.support.configs import EXAMPLE

COMMANDS = [
    "turn on the floor lamp", "set the floor lamp to 40 percent", "what time is it", "is the front door locked",
    "unlock the front door", "turn on the lights in the garage", "make me a sandwich", "set a timer for 5 minutes",
]  # fmt: skip


class NullSink:
    """An output that takes the audio at once (the time to the first write is what is measured)."""

    name = "null"

    def open(self, sample_rate: int) -> None:
        pass

    def write(self, samples: np.ndarray) -> bool:
        return True

    def close(self) -> None:
        pass

    def cut(self) -> None:
        pass


def answers() -> list[str]:
    config = load_config(EXAMPLE)
    config = dataclasses.replace(config, recognizer=dataclasses.replace(config.recognizer, model=False))
    assistant = Assistant(config)
    return [
        assistant.handle(TextCommand(text), Situation(1_000, 600), source="speech").decision.response
        for text in COMMANDS
    ]


async def streamed(synthesizer: Synthesizer, texts: list[str], repeats: int) -> list[float]:
    """Time to the first audio through the Speaker, ms."""
    speaker = Speaker(synthesizer, NullSink())
    task = asyncio.create_task(speaker.run())
    found = []
    for _ in range(repeats):
        for text in texts:
            spoken = await speaker.say(text)
            found.append(spoken.first_audio_ms or 0.0)
    task.cancel()
    return found


def whole(synthesizer: Synthesizer, texts: list[str], repeats: int) -> tuple[list[float], float]:
    """Time to make the whole answer (the baseline), ms; and the real-time factor."""
    found, audio_seconds, compute_seconds = [], 0.0, 0.0
    for _ in range(repeats):
        for text in texts:
            started = time.perf_counter()
            samples = np.concatenate(list(synthesizer.sentences(text)))
            elapsed = time.perf_counter() - started
            found.append(elapsed * 1000)
            audio_seconds += len(samples) / synthesizer.sample_rate
            compute_seconds += elapsed
    return found, compute_seconds / audio_seconds


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = answers()
    engines: list[Synthesizer] = [PiperSynthesizer(TtsConfig().voice), EspeakSynthesizer()]
    print(f"{len(texts)} answers x {args.repeats}; first audio, ms (median / p90)")
    print(f"{'engine':<28} {'streamed':>16} {'whole answer':>16} {'ratio':>6} {'RTF':>6}")
    for engine in engines:
        started = time.perf_counter()
        engine.load()
        load_ms = (time.perf_counter() - started) * 1000
        first = asyncio.run(streamed(engine, texts, args.repeats))
        baseline, rtf = whole(engine, texts, args.repeats)
        ratio = statistics.median(first) / statistics.median(baseline)
        print(
            f"{engine.name:<28} {statistics.median(first):>7.0f} / {p90(first):>6.0f} "
            f"{statistics.median(baseline):>7.0f} / {p90(baseline):>6.0f} {ratio:>6.2f} {rtf:>6.3f}"
            f"   (load {load_ms:.0f} ms)"
        )


if __name__ == "__main__":
    main()
