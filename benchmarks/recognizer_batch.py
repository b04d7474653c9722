"""Batching benchmark: what a recognizer (`assistantd worker`, or the coordinator serving satellites) gains
by transcribing requests that arrived together in one batch (`WhisperTranscriber.transcribe_batch`, as
`RecognitionServer` does) against one after another, in the same run: the recorded commands of the shared
data, tiny.en with the example home's bias prompt, medians of --repeats runs, on this machine's CPU (CUDA
where `speech.model.device` finds it).

Run: .venv/bin/python -m benchmarks.recognizer_batch [--repeats 5] [--sizes 2,4,8]
"""

from __future__ import annotations

import argparse
import statistics
import time

from assistantd.audio.file_source import read_audio_file
from assistantd.config import load_config
from assistantd.config.speech import SpeechConfig
from assistantd.speech.bias import build_prompt
from assistantd.speech.transcriber import WhisperTranscriber
from tests.support.audio import recordings
from tests.support.configs import EXAMPLE


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="2,4,8")
    args = parser.parse_args()
    config = load_config(EXAMPLE)
    speech = config.speech or SpeechConfig()
    transcriber = WhisperTranscriber(speech.model, prompt=build_prompt(config, speech))
    transcriber.load()
    assert transcriber.info is not None
    clips = [read_audio_file(recording.path).samples for recording in recordings()]
    print(f"tiny.en on {transcriber.info.device}/{transcriber.info.compute_type}, {args.repeats} runs each")
    print("\n| requests together | one after another, ms | in one batch, ms | batch over one by one |")
    print("|---|---|---|---|")
    for size in (int(part) for part in args.sizes.split(",")):
        alone, together = [], []
        for run in range(args.repeats):
            batch = [clips[(run * size + i) % len(clips)] for i in range(size)]
            started = time.perf_counter()
            for clip in batch:
                transcriber.transcribe(clip)
            alone.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            transcriber.transcribe_batch(batch)
            together.append((time.perf_counter() - started) * 1000)
        one, many = statistics.median(alone), statistics.median(together)
        print(f"| {size} | {one:.0f} | {many:.0f} | {many / one:.2f} |")


if __name__ == "__main__":
    main()
