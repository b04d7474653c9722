"""Which VAD: silero (bundled with faster-whisper), webrtc (webrtcvad-wheels) or micro (pymicro-vad).

For each engine, through the real endpointer with the default settings:
- detection: the recorded commands and espeak-ng commands, 1 s of silence each side, clean and with
  white noise at 20, 10 and 5 dB SNR: exactly one utterance must be found, covering 80 % of the speech
  (speech: 20 ms frames 15 dB above the clip's quietest tenth; a rough reference for real recordings);
- end error: |detected end of speech - true end| on the clean clips (true end: 15 dB above the clip's noise floor);
- false triggers: utterances found in 30 s of white noise at four levels;
- cost: milliseconds of CPU per second of audio.

Run: .venv/bin/python -m benchmarks.speech_vad [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from assistantd.audio.endpointer import Endpointer, UtteranceEnded
from assistantd.audio.file_source import read_audio_file
from assistantd.audio.pcm import SAMPLE_RATE_HZ
from assistantd.audio.segmenter import Segmenter
from assistantd.audio.source import AudioChunk
from assistantd.audio.vad import make_vad
from assistantd.config.speech import EndpointingConfig
from tests.support.audio import EXAMPLE_COMMANDS, espeak, mix_at_snr, pad, recordings, white_noise

ENGINES = ("silero", "webrtc", "micro")
SNRS_DB = (None, 20, 10, 5)
NOISE_RMS = (0.003, 0.01, 0.03, 0.1)


def segment(engine: str, samples: np.ndarray) -> tuple[list[UtteranceEnded], float]:
    """The utterances an engine finds in a signal, and the CPU seconds it took."""
    segmenter = Segmenter(make_vad(engine), Endpointer(EndpointingConfig()))
    chunk = SAMPLE_RATE_HZ * 30 // 1000
    started = time.process_time()
    events = []
    for offset in range(0, len(samples), chunk):
        events += segmenter.push(AudioChunk(samples[offset : offset + chunk], offset * 1000 / SAMPLE_RATE_HZ))
    events += segmenter.finish()
    return [e for e in events if isinstance(e, UtteranceEnded)], time.process_time() - started


def speech_bounds_ms(clean: np.ndarray, frame_ms: int = 20) -> tuple[float, float]:
    """First and last 20 ms frame 15 dB above the recording's own noise floor (its quietest tenth), in ms."""
    size = SAMPLE_RATE_HZ * frame_ms // 1000
    frames = clean[: len(clean) - len(clean) % size].reshape(-1, size)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    floor = np.percentile(rms[rms > 0], 10) if (rms > 0).any() else 0.0
    loud = np.flatnonzero(rms > max(floor * 10 ** (15 / 20), 0.02 * rms.max()))
    return loud[0] * frame_ms, (loud[-1] + 1) * frame_ms


def _overlap_ms(event: UtteranceEnded, start_ms: float, end_ms: float) -> float:
    """How much of [start_ms, end_ms] an utterance's audio covers."""
    audio_end_ms = event.segment.start_ms + len(event.segment.samples) * 1000 / SAMPLE_RATE_HZ
    return max(0.0, min(end_ms, audio_end_ms) - max(start_ms, event.segment.start_ms))


def material() -> list[tuple[str, np.ndarray]]:
    """(name, clean padded signal) of every speech clip."""
    clips = [(r.path.name, pad(read_audio_file(r.path).samples, 1.0, 1.0)) for r in recordings()]
    clips += [(text, pad(espeak(text), 1.0, 1.0)) for text, _, _ in EXAMPLE_COMMANDS]
    return clips


def measure(engine: str, clips: list[tuple[str, np.ndarray]]) -> dict[str, object]:
    """Every figure for one engine."""
    found: dict[str, int] = {}
    end_errors: dict[str, list[float]] = {}
    cpu = audio = 0.0
    for snr in SNRS_DB:
        hits = 0
        for index, (name, clean) in enumerate(clips):
            signal = clean if snr is None else mix_at_snr(clean, snr, seed=index)
            ended, seconds = segment(engine, signal)
            cpu, audio = cpu + seconds, audio + len(signal) / SAMPLE_RATE_HZ
            start_ms, end_ms = speech_bounds_ms(clean)
            covering = [e for e in ended if _overlap_ms(e, start_ms, end_ms) >= 0.8 * (end_ms - start_ms)]
            hits += len(ended) == 1 and len(covering) == 1
            label = "clean" if snr is None else f"{snr} dB"
            if len(ended) == 1:
                end_errors.setdefault(label, []).append(abs(ended[0].segment.speech_end_ms - end_ms))
        found[label] = hits
    false = {f"rms {rms}": len(segment(engine, white_noise(30.0, rms, seed=7))[0]) for rms in NOISE_RMS}
    return {
        "engine": engine,
        "clips": len(clips),
        "single_utterance_found": found,
        "end_error_ms_median": {
            label: round(statistics.median(errors)) for label, errors in end_errors.items()
        },
        "false_utterances_in_30s_noise": false,
        "cpu_ms_per_audio_second": round(cpu / audio * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    clips = material()
    results = [measure(engine, clips) for engine in ENGINES]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for result in results:
        print(f"{result['engine']:7s} found {result['single_utterance_found']} of {result['clips']}; "
              f"end error {result['end_error_ms_median']} ms; false in noise {result['false_utterances_in_30s_noise']}; "
              f"{result['cpu_ms_per_audio_second']} ms CPU / s")  # fmt: skip


if __name__ == "__main__":
    main()
