"""Speech to text with faster-whisper: the model loaded once, one utterance at a time, in a worker thread."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig, WhisperConfig
from assistantd.errors import SpeechError, WhisperLoadError
from assistantd.events import Word
from assistantd.speech.bias import build_hotwords, build_prompt, build_second_prompt
from assistantd.speech.glance import glance
from assistantd.speech.whisper_files import ResolvedWhisper, choose_device, resolve_whisper

_LOGGER = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
HYPOTHESES = 5
"""How many readings of an utterance heard as no whole command the beam gives with each prompt."""
MAX_BATCHED_SAMPLES = 30 * SAMPLE_RATE
"""One Whisper window: a longer utterance is not put in a batch (only its first window would be read)."""


@dataclass(frozen=True, slots=True)
class Transcript:
    """What the model heard in one stretch of audio, with the numbers rejection needs."""

    text: str
    avg_logprob: float
    """Mean token log-probability over all segments (0 is certain); -inf when there is no text."""
    no_speech_prob: float
    """The highest no-speech probability of any segment."""
    compression_ratio: float
    """The highest gzip compression ratio of any segment's text (repetition shows as a high ratio)."""
    words: tuple[Word, ...] = ()
    """Times relative to the start of the audio, milliseconds."""
    transcribe_ms: float = 0.0
    """How long the transcription took."""
    guessed: bool = False
    """A name in the text was put right from the audio rather than heard as written (speech.misheard): what
    it asks for is asked about first."""
    alternatives: tuple[str, ...] = ()
    """Other readings of the same audio, most likely first (speech.second_hearing): kept for an utterance
    heard as no whole command, where the words kept may be misheard."""


class Transcriber(Protocol):
    """The speech-to-text seam: load once, then transcribe 16 kHz mono audio (called in a worker thread)."""

    def load(self) -> None:  # pragma: no cover - protocol
        """Load the model (blocking)."""
        ...

    def transcribe(self, samples: np.ndarray) -> Transcript:  # pragma: no cover - protocol
        """The text of the audio (blocking)."""
        ...


@dataclass(frozen=True, slots=True)
class LoadInfo:
    """What was loaded and how long it took."""

    model: ResolvedWhisper
    device: str
    compute_type: str
    load_seconds: float


class WhisperTranscriber:
    """faster-whisper with greedy-or-beam decoding at temperature 0, biased by a prompt and hotwords."""

    def __init__(
        self, config: WhisperConfig, *, prompt: str | None = None, hotwords: str | None = None,
        second_prompt: str | None = None, pool: WhisperPool | None = None,
    ) -> None:  # fmt: skip
        """second_prompt: the prompt of transcribe_again (None: it transcribes as transcribe does); pool:
        where a model loaded for another transcriber with the same settings is taken from."""
        self.config = config
        self.prompt = prompt or None
        self.hotwords = hotwords or None
        self.second_prompt = second_prompt or None
        self.info: LoadInfo | None = None
        self._model = None
        self._pool = pool

    def load(self) -> None:
        """Resolve, load and warm up the model; WhisperNotFoundError / WhisperLoadError say why not.

        With `device: auto`, a GPU that cannot run the model (no cuDNN/cuBLAS, an old driver) is
        reported once and the CPU is used instead of leaving the daemon deaf. In a pool, a model with the
        same settings that is already loaded is used (one copy in memory, each transcriber its own prompt).
        """
        if self._model is not None:
            return
        if self._pool is not None:
            self._pool.load(self)
            return
        self.load_own()

    def load_own(self) -> None:
        """Load a model of its own (load() without a pool)."""
        resolved = resolve_whisper(self.config)
        started = time.perf_counter()
        choices = self._device_choices()
        for number, (device, compute_type) in enumerate(choices, 1):
            try:
                self._open(resolved, device, compute_type)
                break
            except SpeechError as err:
                if number == len(choices):
                    raise
                _LOGGER.warning("Speech model not usable on %s, using %s instead: %s", device,
                                choices[number][0], err)  # fmt: skip
        self.info = LoadInfo(resolved, device, compute_type, time.perf_counter() - started)
        _LOGGER.info("Speech model %s (%s, %s) loaded on %s/%s in %.2f s", resolved.name, resolved.origin,
                     resolved.path, device, compute_type, self.info.load_seconds)  # fmt: skip

    def _device_choices(self) -> list[tuple[str, str]]:
        """(device, compute type) to try in order: the chosen one, then the CPU when auto chose CUDA."""
        device, compute_type = choose_device(self.config)
        choices = [(device, compute_type)]
        if self.config.device == "auto" and device == "cuda":
            gpu_only = self.config.compute_type in ("auto", "float16", "int8_float16")
            choices.append(("cpu", "int8" if gpu_only else self.config.compute_type))
        return choices

    def _open(self, resolved: ResolvedWhisper, device: str, compute_type: str) -> None:
        """Load the model on one device and run it once (the first run allocates; keep it off a command)."""
        try:
            from faster_whisper import WhisperModel
        except ImportError as err:
            raise SpeechError(
                f"speech needs the faster-whisper package (pip install 'assistantd[speech]'): {err}"
            ) from err
        logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # it logs every utterance at INFO
        try:
            self._model = WhisperModel(str(resolved.path), device=device, compute_type=compute_type,
                                       cpu_threads=self.config.cpu_threads, num_workers=1)  # fmt: skip
            self.transcribe(np.zeros(8_000, dtype=np.float32))
        except (RuntimeError, ValueError, OSError, SpeechError) as err:
            self._model = None
            raise WhisperLoadError(
                f"cannot load speech model {resolved.path} on {device} ({compute_type}): {err}"
            ) from err

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Decode the audio, consuming faster-whisper's lazy segment generator here, in this thread."""
        return self._decode(samples, self.prompt, self.hotwords)

    def transcribe_again(self, samples: np.ndarray) -> Transcript:
        """Decode the audio with the second prompt and no hotwords (see speech.second_hearing)."""
        return self._decode(samples, self.second_prompt, None)

    def glance(self, samples: np.ndarray) -> Transcript | None:
        """A quick transcript on a shorter encoder window (speech.glance; `early_window_seconds`), for the
        speculative transcript that may end an utterance early; None where there is none to take."""
        window = self.config.early_window_seconds
        if self._model is None or not 0 < window < 30 or self.config.word_timestamps:
            return None
        started = time.perf_counter()
        seen = glance(self._model, samples, window_seconds=window, prompt=self.prompt, hotwords=self.hotwords,
                      beam_size=self.config.beam_size, language=self.config.language)  # fmt: skip
        if seen is None:
            return None
        text, logprob, no_speech, ratio, others = seen
        return Transcript(text, logprob, no_speech, ratio, transcribe_ms=(time.perf_counter() - started) * 1000,
                          alternatives=others)  # fmt: skip

    def fit(self, samples: np.ndarray, texts: Sequence[str]) -> list[float]:
        """How well each text fits the audio: the sum of its tokens' log-probabilities, teacher-forced on
        the encoded audio (the alignment pass that times words), with no prompt and in lower case."""
        if self._model is None:
            raise SpeechError("the speech model is not loaded")
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer

        model = self._model
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                              language=self.config.language or "en")  # fmt: skip
        try:
            features = model.feature_extractor(samples)[..., :-1]
            encoded = model.encode(pad_or_trim(features))
            start = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
            fits = []
            for text in texts:
                tokens = tokenizer.encode(" " + text.strip().lower())
                found = model.model.align(encoded, start, [tokens], features.shape[-1])[0]
                fits.append(float(np.log(np.maximum(found.text_token_probs, 1e-9)).sum()))
        except (RuntimeError, ValueError) as err:
            raise SpeechError(f"fitting texts to the audio failed: {err}") from err
        return fits

    def hypotheses(self, samples: np.ndarray, count: int = HYPOTHESES) -> list[str]:
        """The beam's best readings of the audio with each prompt (the first's, then the second's), most
        likely first in each: one run of the encoder, one beam search per prompt, no timestamps."""
        if self._model is None:
            raise SpeechError("the speech model is not loaded")
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self._model
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                              language=self.config.language or "en")  # fmt: skip
        readings: list[str] = []
        try:
            encoded = model.encode(pad_or_trim(model.feature_extractor(samples)[..., :-1]))
            for prompt, hotwords in ((self.prompt, self.hotwords), (self.second_prompt, None)):
                before = tokenizer.encode(" " + prompt.strip()) if prompt else []
                start = model.get_prompt(tokenizer, before, without_timestamps=True, hotwords=hotwords)
                found = model.model.generate(
                    encoded, [start], beam_size=max(count, self.config.beam_size), num_hypotheses=count,
                    max_length=model.max_length, suppress_blank=True,
                    suppress_tokens=get_suppressed_tokens(tokenizer, (-1,)),
                )[0]  # fmt: skip
                readings += [tokenizer.decode(tokens).strip() for tokens in found.sequences_ids]
        except (RuntimeError, ValueError) as err:
            raise SpeechError(f"transcription failed: {err}") from err
        return readings

    def transcribe_batch(self, clips: Sequence[np.ndarray]) -> list[Transcript]:
        """Decode several utterances in one run of the encoder and the decoder over all of them
        (faster-whisper's batched pipeline, each utterance a clip of its own): what a GPU is fast at. Each
        transcript's time is the batch's; an utterance longer than one Whisper window is decoded alone."""
        if self._model is None:
            raise SpeechError("the speech model is not loaded")
        long = [len(clip) > MAX_BATCHED_SAMPLES for clip in clips]
        if len(clips) - sum(long) < 2:
            return [self.transcribe(clip) for clip in clips]
        short = [clip for clip, too_long in zip(clips, long, strict=True) if not too_long]
        batched = iter(self._decode_batch(short))
        return [
            self.transcribe(clip) if too_long else next(batched)
            for clip, too_long in zip(clips, long, strict=True)
        ]

    def _decode_batch(self, clips: list[np.ndarray]) -> list[Transcript]:
        from faster_whisper import BatchedInferencePipeline

        starts = np.cumsum([0, *(len(clip) for clip in clips)])
        spans = [
            {"start": starts[i] / SAMPLE_RATE, "end": starts[i + 1] / SAMPLE_RATE} for i in range(len(clips))
        ]
        started, words = time.perf_counter(), self.config.word_timestamps
        try:
            segments, _ = BatchedInferencePipeline(self._model).transcribe(
                np.concatenate(clips).astype(np.float32), language=self.config.language,
                beam_size=self.config.beam_size, temperature=0.0, initial_prompt=self.prompt,
                hotwords=self.hotwords, condition_on_previous_text=False, word_timestamps=words,
                without_timestamps=not words,
                compression_ratio_threshold=None, log_prob_threshold=None, no_speech_threshold=None,
                vad_filter=False, clip_timestamps=spans, batch_size=len(clips),
            )  # fmt: skip
            segments = list(segments)
        except (RuntimeError, ValueError) as err:
            raise SpeechError(f"transcription failed: {err}") from err
        took_ms = (time.perf_counter() - started) * 1000
        each: list[list] = [[] for _ in clips]
        for segment in segments:  # a clip's segments lie within it (their times are rounded: take the middle)
            middle = (segment.start + min(segment.end, segment.start + 1.0)) / 2
            index = int(np.searchsorted(starts, round(middle * SAMPLE_RATE), side="right")) - 1
            each[min(max(index, 0), len(clips) - 1)].append(segment)
        return [
            _summarize(found, took_ms, offset_ms=int(starts[i] * 1000 / SAMPLE_RATE))
            for i, found in enumerate(each)
        ]

    def _decode(self, samples: np.ndarray, prompt: str | None, hotwords: str | None) -> Transcript:
        if self._model is None:
            raise SpeechError("the speech model is not loaded")
        started = time.perf_counter()
        try:
            segments, _ = self._model.transcribe(
                samples, language=self.config.language, beam_size=self.config.beam_size, temperature=0.0,
                initial_prompt=prompt, hotwords=hotwords, condition_on_previous_text=False,
                without_timestamps=not self.config.word_timestamps, word_timestamps=self.config.word_timestamps,
                compression_ratio_threshold=None, log_prob_threshold=None, no_speech_threshold=None,
                vad_filter=False,
            )  # fmt: skip
            segments = list(segments)
        except (RuntimeError, ValueError) as err:
            raise SpeechError(f"transcription failed: {err}") from err
        return _summarize(segments, (time.perf_counter() - started) * 1000)


def transcribe_all(transcriber: Transcriber, clips: Sequence[np.ndarray]) -> list[Transcript]:
    """The transcripts of several utterances: in one batch where the transcriber decodes batches
    (WhisperTranscriber.transcribe_batch), else one by one."""
    batched = getattr(transcriber, "transcribe_batch", None)
    if batched is None or len(clips) < 2:
        return [transcriber.transcribe(clip) for clip in clips]
    return list(batched(clips))


def _summarize(segments: list, transcribe_ms: float, *, offset_ms: int = 0) -> Transcript:
    """One transcript from the segments (offset_ms: where its audio began in what was decoded)."""
    text = " ".join(segment.text.strip() for segment in segments).strip()
    tokens = sum(max(len(segment.tokens), 1) for segment in segments)
    logprob = (
        sum(segment.avg_logprob * max(len(segment.tokens), 1) for segment in segments) / tokens
        if segments
        else -math.inf
    )
    words = tuple(
        Word(
            word.word.strip(),
            max(int(word.start * 1000) - offset_ms, 0),  # its times are rounded: never before its clip
            max(int(word.end * 1000) - offset_ms, 0),
            float(word.probability),
        )
        for segment in segments
        for word in segment.words or ()
    )
    return Transcript(
        text=text,
        avg_logprob=float(logprob),
        no_speech_prob=max((float(segment.no_speech_prob) for segment in segments), default=1.0),
        compression_ratio=max((float(segment.compression_ratio) for segment in segments), default=0.0),
        words=words,
        transcribe_ms=transcribe_ms,
    )


def whisper_for(
    config: Config, speech: SpeechConfig, pool: WhisperPool | None = None
) -> WhisperTranscriber:
    """The daemon's transcriber for a home: biased toward its names, with the second hearing's prompt
    (pool: the models already loaded for other homes in this process)."""
    return WhisperTranscriber(
        speech.model,
        prompt=build_prompt(config, speech),
        hotwords=build_hotwords(config, speech),
        second_prompt=build_second_prompt(config, speech),
        pool=pool,
    )


class WhisperPool:
    """The Whisper models of one process, each loaded once for every transcriber with its settings: a
    recognizer serving several homes keeps one copy of the model (on the GPU, in memory) and gives each home
    its own prompt and hotwords. faster-whisper takes calls from several threads; they queue for its
    worker."""

    def __init__(self) -> None:
        self._loaded: dict[tuple[object, ...], WhisperTranscriber] = {}
        self._lock = threading.Lock()

    def load(self, transcriber: WhisperTranscriber) -> None:
        """Give the transcriber the model loaded for its settings, loading it first if none is."""
        with self._lock:  # one load per model: a second home's load waits for the first
            key = _model_key(transcriber.config)
            loaded = self._loaded.get(key)
            if loaded is None:
                transcriber.load_own()
                self._loaded[key] = transcriber
                return
            transcriber._model, transcriber.info = loaded._model, loaded.info  # noqa: SLF001 - same class
            _LOGGER.info("Speech model %s shared with another home", transcriber.config.name)

    @property
    def models(self) -> int:
        """How many models are loaded."""
        return len(self._loaded)


def _model_key(config: WhisperConfig) -> tuple[object, ...]:
    """What decides the model loaded (how it decodes, beam and language, is each transcriber's own)."""
    return (config.name, config.path, config.cache_directory, config.device, config.compute_type,
            config.cpu_threads)  # fmt: skip
