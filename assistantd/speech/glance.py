"""A quick look at an utterance: Whisper's encoder on a shorter window than its own 30 s.

faster-whisper pads every input to Whisper's 30 s window, so tiny.en's encoder costs the same ~300-400 ms on
a 2-core CPU however short the command; it is most of a transcription. A shorter window (CTranslate2 takes
fewer frames; the position embeddings are cut to them) costs less than in proportion, its attention growing
with the square: at 15 s about a quarter of the encoder's time. The model was trained on whole windows,
though, and on a short one it sometimes says the words again ("turn on the coffee maker, turn on the coffee
maker": kept once) or hears a little differently; so a glance is only ever taken when its words are a whole
command the grammar is certain of and the beam's next readings mean the same command (the speech pipeline's
early end), and the whole window is transcribed as before whenever it is not. A glance that ran into its
token limit (a repeating loop) is no glance at all.
"""

from __future__ import annotations

import zlib

import numpy as np

from assistantd.errors import SpeechError

SAMPLE_RATE = 16_000
FRAMES_PER_SECOND = 100
"""Whisper's log-mel frames per second of audio."""
MAX_SECONDS = 4.5
"""Longer audio is not glanced at: the commands a glance may settle are short (over 487 development sentences
spoken by espeak-ng, 184 of the 190 of ten words or more were no whole command), and a glance not taken
costs its time before the whole window is transcribed."""
MARGIN_SECONDS = 5.0
"""Nor is audio longer than the window less this (the window holds it and a stretch of quiet)."""
MIN_AVG_LOGPROB = -0.5
"""A glance less sure of its words than this (mean token log-probability) is not taken. Over 270 development
sentences spoken by espeak-ng, every glance read as a whole command that said something else than the whole
window's transcript scored below it, and 81 of the 89 right ones above."""
ALTERNATIVES = 2
"""The beam's next readings returned beside the best: a glance is taken only when they mean the same command
(on the recorded "set the bed light brightness to 50 percent" the best was "set the light brightness ...",
the second right)."""
TOKENS_PER_SECOND = 6
"""The most tokens a second of audio is given before the glance counts as a repeating loop."""
SPARE_TOKENS = 8


Glance = tuple[str, float, float, float, tuple[str, ...]]
"""text, avg_logprob, no_speech_prob, compression_ratio and the beam's next readings."""


def glance(model: object, samples: np.ndarray, *, window_seconds: float, prompt: str | None,
           hotwords: str | None, beam_size: int, language: str) -> Glance | None:  # fmt: skip
    """What the audio says, encoded on a window of window_seconds; None when the audio does not fit it, the
    decoder ran into its token limit or the words are unsure (MIN_AVG_LOGPROB).

    model: a faster_whisper.WhisperModel. Raises SpeechError when the model fails."""
    seconds = len(samples) / SAMPLE_RATE
    if seconds > min(MAX_SECONDS, window_seconds - MARGIN_SECONDS):
        return None
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import get_suppressed_tokens

    tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",  # type: ignore[attr-defined]
                          language=language or "en")  # fmt: skip
    try:
        features = model.feature_extractor(samples)[..., :-1]  # type: ignore[attr-defined]
        encoded = model.encode(pad_or_trim(features, round(window_seconds * FRAMES_PER_SECOND)))  # type: ignore[attr-defined]
        before = tokenizer.encode(" " + prompt.strip()) if prompt else []
        start = model.get_prompt(tokenizer, before, without_timestamps=True, hotwords=hotwords)  # type: ignore[attr-defined]
        limit = min(model.max_length, len(start) + SPARE_TOKENS + round(TOKENS_PER_SECOND * seconds))  # type: ignore[attr-defined]
        found = model.model.generate(  # type: ignore[attr-defined]
            encoded, [start], beam_size=max(beam_size, ALTERNATIVES + 1), num_hypotheses=ALTERNATIVES + 1,
            max_length=limit, return_scores=True,
            return_no_speech_prob=True, suppress_blank=True,
            suppress_tokens=get_suppressed_tokens(tokenizer, (-1,)),
        )[0]  # fmt: skip
    except (RuntimeError, ValueError) as err:
        raise SpeechError(f"transcription failed: {err}") from err
    tokens = found.sequences_ids[0]
    if len(start) + len(tokens) >= limit:
        return None
    avg_logprob = found.scores[0] * len(tokens) / (len(tokens) + 1)  # as faster-whisper recovers it
    if avg_logprob < MIN_AVG_LOGPROB:
        return None
    text, *others = (unrepeated(tokenizer.decode(sequence).strip()) for sequence in found.sequences_ids)
    return text, avg_logprob, found.no_speech_prob, compression_ratio(text), tuple(others)


def unrepeated(text: str) -> str:
    """The words once where a short window made Whisper say them again ("turn on the floor lamp, turn on the
    floor lamp," -> "turn on the floor lamp"): the shortest opening that the rest only repeats (at least two
    words of it, and half of it)."""
    words = text.split()
    bare = [word.strip(",.?!").lower() for word in words]
    for length in range(1, len(bare) - 1):
        rest = bare[length:]
        if len(rest) >= max(2, length // 2) and all(word == bare[i % length] for i, word in enumerate(rest)):
            return " ".join(words[:length]).rstrip(",")
    return text


def compression_ratio(text: str) -> float:
    """How well the text compresses (repetition compresses well), as faster-whisper measures it."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0
