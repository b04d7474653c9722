"""Parsing of text and context input from MQTT and the control socket. Pure; malformed input raises InputError."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from assistantd.assistant.command import TextCommand
from assistantd.daemon.seen import parse_seen, parse_sign
from assistantd.errors import InputError

MAX_TEXT_BYTES = 4096
"""Longer text payloads are rejected: no spoken command is that long."""
MAX_COMMAND_BYTES = 16384
"""A JSON command may be longer (what a satellite's camera saw travels with it); its text may not."""
MAX_ALTERNATIVES = 10
"""The most other readings of a satellite's audio a command may carry (the beam's five with each prompt)."""


@dataclass(frozen=True, slots=True)
class ContextUpdate:
    """Context about the site: free text and/or the area the person is in."""

    text: str | None = None
    """New context text ("guests are sleeping in the bedroom"); None: the text is not changed."""
    area: str | None = None
    clear_area: bool = False
    clear_text: bool = False
    """The context text is withdrawn (an empty payload, or JSON "text" empty or null)."""


def parse_text_command(payload: bytes) -> TextCommand:
    """A text command from a payload: plain UTF-8 text, or JSON {"text", "id", "area", "source"} (and, from a
    satellite with a camera, "seen" and "speaker": see `seen.py`; "guessed": true when the satellite put a
    misheard name right, see `speech/misheard.py`; "alternatives": the other readings of its audio, see
    `speech/second_hearing.py`)."""
    decoded = _decode(payload, MAX_COMMAND_BYTES if payload.lstrip()[:1] == b"{" else MAX_TEXT_BYTES)
    if decoded.startswith(("{", "[")):
        document = _json_object(decoded)
        text, sign = _optional_str(document, "text"), document.get("sign")
        if sign is not None and text:
            raise InputError('a JSON command holds words ("text") or a "sign", not both')
        if text is None and sign is None:
            raise InputError('JSON command without a string "text"')
        if text is not None and len(text.encode()) > MAX_TEXT_BYTES:
            raise InputError(f"text of {len(text.encode())} bytes is over the {MAX_TEXT_BYTES}-byte limit")
        seen = document.get("seen")
        return TextCommand(
            text=_clean(text) if sign is None and text is not None else "",
            sign=None if sign is None else parse_sign(sign),
            request_id=_optional_str(document, "id"),
            area=_optional_str(document, "area"),
            source_id=_optional_str(document, "source"),
            seen=None if seen is None else parse_seen(seen),
            speaker=_optional_str(document, "speaker") or "",
            guessed=document.get("guessed") is True,
            alternatives=_alternatives(document),
        )
    return TextCommand(text=_clean(decoded))


def command_text(text: str) -> str:
    """The words of a command that came as a string (a Wyoming transcript), checked as a payload is: at
    most MAX_TEXT_BYTES, no control characters, whitespace collapsed; "" when blank."""
    if len(text.encode()) > MAX_TEXT_BYTES:
        raise InputError(f"text of {len(text.encode())} bytes is over the {MAX_TEXT_BYTES}-byte limit")
    _reject_controls(text, "text")
    return " ".join(text.split())


def parse_context(payload: bytes) -> ContextUpdate:
    """A context update: plain UTF-8 text, or JSON {"text", "area"} (area null clears it); an empty payload,
    or an empty or null "text", withdraws the text."""
    if not payload.strip():
        return ContextUpdate(clear_text=True)
    decoded = _decode(payload)
    if decoded.startswith(("{", "[")):
        document = _json_object(decoded)
        if "text" not in document and "area" not in document:
            raise InputError('JSON context without "text" or "area"')
        text = " ".join((_optional_str(document, "text") or "").split())
        clear = "area" in document and document["area"] is None
        return ContextUpdate(
            text=text or None,
            area=_optional_str(document, "area"),
            clear_area=clear,
            clear_text="text" in document and not text,
        )
    return ContextUpdate(text=_clean(decoded))


SWITCH_WORDS: dict[str, bool] = {
    "on": True,
    "true": True,
    "1": True,
    "off": False,
    "false": False,
    "0": False,
}
"""What a switch topic (mute) accepts, in any case: ON/OFF as Home Assistant sends it, and the like."""


def parse_switch(payload: bytes) -> bool:
    """ON (true) or OFF (false); InputError for anything else."""
    word = _decode(payload).lower()
    if word not in SWITCH_WORDS:
        raise InputError(f"expected ON or OFF, got {word[:20]!r}")
    return SWITCH_WORDS[word]


def _decode(payload: bytes, limit: int = MAX_TEXT_BYTES) -> str:
    if len(payload) > limit:
        raise InputError(f"payload of {len(payload)} bytes is over the {limit}-byte limit")
    try:
        # utf-8-sig: a leading byte-order mark (some editors and shells write one) is not text.
        text = payload.decode("utf-8-sig").strip()
    except UnicodeDecodeError as err:
        raise InputError(f"payload is not valid UTF-8 ({len(payload)} bytes)") from err
    if not text:
        raise InputError("empty payload")
    _reject_controls(text, "payload")
    return text


def _reject_controls(text: str, what: str) -> None:
    """C0/C1 control characters (escape sequences, NUL, DEL) are never part of a command."""
    if any(char not in "\t\n\r" and unicodedata.category(char) == "Cc" for char in text):
        raise InputError(f"{what} holds control characters")


def _json_object(text: str) -> dict[str, object]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"invalid JSON: {err.msg} at column {err.colno}") from err
    except RecursionError as err:  # a few KB of "[[[[..." nest deeper than the decoder's recursion limit
        raise InputError("invalid JSON: nested too deeply") from err
    if not isinstance(document, dict):
        raise InputError("JSON payload is not an object")
    return document


def _optional_str(document: dict[str, object], key: str) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string')
    _reject_controls(value, f'"{key}"')  # JSON escapes such as \u001b get past the payload check
    return value


def _alternatives(document: dict[str, object]) -> tuple[str, ...]:
    """A satellite's other readings of what it heard: a list of at most MAX_ALTERNATIVES strings."""
    value = document.get("alternatives")
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_ALTERNATIVES:
        raise InputError(f'"alternatives" must be a list of at most {MAX_ALTERNATIVES} strings')
    texts: list[str] = []
    for text in value:
        if not isinstance(text, str):
            raise InputError(f'"alternatives" must be a list of at most {MAX_ALTERNATIVES} strings')
        _reject_controls(text, '"alternatives"')
        if text.strip() and len(text.encode()) <= MAX_TEXT_BYTES:
            texts.append(" ".join(text.split()))
    return tuple(texts)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InputError("empty text")
    return text
