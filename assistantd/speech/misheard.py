"""Names misheard, put right from the audio: "close the main mail" is "close the Main Valve".

Whisper writes a name it does not know as words it does ("Roamer" for Rover, "cell mode" for Stealth Mode,
"main mail" for the Main Valve); the prompt with the home's names makes that rarer, not rare. When neither
hearing of an utterance is a whole command, each stretch of one to MAX_WORDS words spelled like one of the
home's names (LIKENESS or more, letters compared without spaces or case; a name written as it is
spelled is left alone) is replaced by that name, and
Whisper itself says how well each such text fits the audio: the sum of its tokens' log-probabilities,
teacher-forced on the utterance (the alignment pass that times words; no prompt, so that the names are not
favoured, and in lower case, so that capitals cost nothing). A text is taken when it fits the audio within
MARGIN nats of what was written and a part of it (the whole, or a clause) is a whole command that was no
whole command as heard. The command it makes is asked about before anything is done ("Did you mean ...?"):
the words were put right, not heard.

What fits and what does not, measured with tiny.en on espeak-ng's voice: the right name costs 1-7 nats
more than the mishearing ("rover" 1.1, "stealth mode" 1.4, "main valve" 4.4-6.7), while a word of the
command changed costs more ("turn off" for a heard "turn on" 9.3), and names are all that is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from rapidfuzz import fuzz

from assistantd.config.settings import Config

MAX_WORDS = 3
"""The longest stretch of words replaced by one name."""
LIKENESS = 60
"""How alike (0-100, rapidfuzz's ratio of the letters) a stretch must be spelled to a name to be tried."""
LIMIT = 8
"""The most texts tried for one utterance (the likest first): each costs one alignment pass."""
MARGIN = 8.0
"""How many nats worse than what Whisper wrote a text may fit the audio and still be taken."""
_TOKENS = re.compile(r"[\w']+|[^\w\s]+|\s+")
_CLAUSES = re.compile(r"[,.;:!?]+")


@runtime_checkable
class Fits(Protocol):
    """A transcriber that can say how well texts fit an utterance."""

    def fit(self, samples: np.ndarray, texts: Sequence[str]) -> list[float]:  # pragma: no cover - protocol
        """Each text's log-probability given the audio (blocking)."""
        ...


def spoken_names(config: Config) -> tuple[str, ...]:
    """The names a command may say: devices, areas and floors with their aliases, and the lists."""
    names = [name for device in config.devices for name in (device.name, *device.aliases)]
    names += [name for area in config.areas for name in (area.name, *area.aliases)]
    names += [name for floor in config.floors for name in (floor.name, *floor.aliases)]
    if config.lists is not None:
        names += [config.lists.shopping_list]
        names += [name for item in config.lists.named for name in (item.name, *item.aliases)]
    return tuple(dict.fromkeys(name for name in names if name and name.strip()))


def candidates(text: str, names: Iterable[str], *, limit: int = LIMIT) -> list[str]:
    """The text with one stretch of its words replaced by a name spelled like it, the likest first."""
    tokens = _TOKENS.findall(text)
    words = [index for index, token in enumerate(tokens) if token[0].isalnum() or token[0] in "_'"]
    found: dict[str, float] = {}
    heard = _letters(text)
    for name in names:
        letters = _letters(name)
        if letters in heard:  # heard as it is spelled
            continue
        for first in range(len(words)):
            for last in range(first, min(first + MAX_WORDS, len(words))):
                stretch = "".join(tokens[words[first] : words[last] + 1])
                said = _letters(stretch)
                if said == letters or abs(len(said) - len(letters)) > max(3, len(letters) // 2):
                    continue
                likeness = fuzz.ratio(said, letters)
                if likeness >= LIKENESS:
                    put = "".join([*tokens[: words[first]], name, *tokens[words[last] + 1 :]])
                    found[put] = max(found.get(put, 0.0), likeness)
    return sorted(found, key=lambda put: -found[put])[:limit]


def put_right(
    transcriber: Fits, samples: np.ndarray, text: str, names: Iterable[str], complete: Callable[[str], bool]
) -> str | None:
    """The text with a misheard name put right (None: no name fits the audio and makes a command)."""
    tried = [put for put in candidates(text, names) if _newly_whole(text, put, complete)]
    if not tried:
        return None
    heard, *fits = transcriber.fit(samples, [text, *tried])
    taken = [(fit, put) for fit, put in zip(fits, tried, strict=True) if fit >= heard - MARGIN]
    return max(taken)[1] if taken else None


def _newly_whole(heard: str, put: str, complete: Callable[[str], bool]) -> bool:
    """Whether the text put right, or one of its clauses, is a whole command that was not one as heard."""
    if complete(put):
        return True
    before = {clause.strip() for clause in _CLAUSES.split(heard)}
    return any(
        clause.strip() not in before and complete(clause.strip())
        for clause in _CLAUSES.split(put)
        if clause.strip()
    )


def _letters(words: str) -> str:
    return "".join(character for character in words.casefold() if character.isalnum())
