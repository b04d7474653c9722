"""Numbers as people say them: digits ("21", "20.5") and words ("twenty one", "twenty point five")."""

from __future__ import annotations

import re

_UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS: dict[str, int] = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}

NUMBER_WORDS: frozenset[str] = frozenset({*_UNITS, *_TEENS, *_TENS, *_SCALES, "point", "and", "a", "half"})
"""Every word that may be part of a spoken number."""

_WORD = "(?:" + "|".join(sorted(NUMBER_WORDS - {"and", "a", "point", "half"}, key=len, reverse=True)) + ")"
NUMBER_PATTERN = (
    r"(?:-?\d+(?:\.\d+)?(?: and (?:a )?half)?"
    rf"|(?:(?:a|minus) )?{_WORD}(?: (?:and |point )?{_WORD})*(?: and (?:a )?half)?)"
)
"""A regular expression (no groups) for one number in normalised text; parse_number() validates it."""

_DIGITS = re.compile(r"-?\d+(?:\.\d+)?")
_HALF = re.compile(r" and (?:a )?half$")

_ONES_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_WORDS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def parse_number(text: str) -> float | None:
    """The value of a number in digits or English words, or None if the text is not one number."""
    text = text.strip().lower().replace(",", "")
    half = _HALF.search(text)
    if half is not None:  # "twenty two and a half", "22 and half"
        text = text[: half.start()]
    if _DIGITS.fullmatch(text):
        return float(text) + (0.5 if half else 0.0)
    words = text.replace("-", " ").split()
    negative = bool(words) and words[0] == "minus"
    if negative:
        words = words[1:]
    if "point" in words:
        split = words.index("point")
        whole, fraction = _parse_integer(words[:split]), _parse_digits(words[split + 1 :])
        value = None if whole is None or fraction is None else whole + fraction
    else:
        whole = _parse_integer(words)
        value = None if whole is None else float(whole)
    if value is None:
        return None
    value += 0.5 if half else 0.0
    return -value if negative else value


def _parse_integer(words: list[str]) -> int | None:
    """An integer below a million from number words ("one hundred and five"), or None."""
    if words[:1] == ["a"]:
        words = ["one", *words[1:]]
    total, current, last = 0, 0, ""
    for word in words:
        kind = _kind(word)
        if kind is None or not _may_follow(last, kind):
            return None
        if kind == "and":
            last = kind
            continue
        if kind == "scale":
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale == 1000:
                total, current = total + current, 0
        else:
            current += _UNITS.get(word) or _TEENS.get(word) or _TENS.get(word) or 0
        last = kind
    return None if last in ("", "and") else total + current


def _kind(word: str) -> str | None:
    """The grammatical kind of a number word."""
    if word in _UNITS:
        return "unit"
    if word in _TEENS:
        return "teen"
    if word in _TENS:
        return "tens"
    if word in _SCALES:
        return "scale"
    return "and" if word == "and" else None


_FOLLOWS: dict[str, frozenset[str]] = {
    "": frozenset({"unit", "teen", "tens"}),
    "unit": frozenset({"scale"}),
    "teen": frozenset({"scale"}),
    "tens": frozenset({"unit", "scale"}),
    "scale": frozenset({"unit", "teen", "tens", "scale", "and"}),
    "and": frozenset({"unit", "teen", "tens"}),
}


def _may_follow(last: str, kind: str) -> bool:
    """Whether a number word of this kind may come after the previous one."""
    return kind in _FOLLOWS[last]


def _parse_digits(words: list[str]) -> float | None:
    """The fraction after "point": digit words read one by one ("two five" -> 0.25)."""
    if not words or any(word not in _UNITS for word in words):
        return None
    return float("0." + "".join(str(_UNITS[word]) for word in words))


def number_to_words(value: int) -> str:
    """English words for an integer 0-9999 ("twenty one", "one hundred five")."""
    if not 0 <= value < 10_000:
        raise ValueError(f"out of range: {value}")
    if value < 10:
        return _ONES_WORDS[value]
    if value < 20:
        return next(word for word, number in _TEENS.items() if number == value)
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS_WORDS[tens] + (f" {_ONES_WORDS[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_ONES_WORDS[hundreds]} hundred" + (f" {number_to_words(rest)}" if rest else "")
    thousands, rest = divmod(value, 1000)
    return f"{_ONES_WORDS[thousands]} thousand" + (f" {number_to_words(rest)}" if rest else "")
