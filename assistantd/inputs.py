"""Parsing of text and context input from MQTT and the control socket. Pure; malformed input raises InputError."""

from __future__ import annotations

import json
from dataclasses import dataclass

from assistantd.errors import InputError

MAX_TEXT_BYTES = 4096
"""Longer text payloads are rejected: no spoken command is that long."""


@dataclass(frozen=True, slots=True)
class TextCommand:
    """A command as text, as if spoken."""

    text: str
    request_id: str | None = None
    """Echoed in the intent event so a sender can find its answer."""
    area: str | None = None
    """Area id or name where it was said, if not the site's."""


@dataclass(frozen=True, slots=True)
class ContextUpdate:
    """Context about the site: free text and/or the area the person is in."""

    text: str | None = None
    area: str | None = None
    clear_area: bool = False


def parse_text_command(payload: bytes) -> TextCommand:
    """A text command from a payload: plain UTF-8 text, or JSON {"text", "id", "area"}."""
    decoded = _decode(payload)
    if decoded.startswith("{"):
        document = _json_object(decoded)
        text = document.get("text")
        if not isinstance(text, str):
            raise InputError('JSON command without a string "text"')
        return TextCommand(
            text=_clean(text),
            request_id=_optional_str(document, "id"),
            area=_optional_str(document, "area"),
        )
    return TextCommand(text=_clean(decoded))


def parse_context(payload: bytes) -> ContextUpdate:
    """A context update: plain UTF-8 text, or JSON {"text", "area"} (area null clears it)."""
    decoded = _decode(payload)
    if decoded.startswith("{"):
        document = _json_object(decoded)
        text = _optional_str(document, "text")
        clear = "area" in document and document["area"] is None
        return ContextUpdate(text=text, area=_optional_str(document, "area"), clear_area=clear)
    return ContextUpdate(text=_clean(decoded))


def _decode(payload: bytes) -> str:
    if len(payload) > MAX_TEXT_BYTES:
        raise InputError(f"payload of {len(payload)} bytes is over the {MAX_TEXT_BYTES}-byte limit")
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError as err:
        raise InputError(f"payload is not valid UTF-8 ({len(payload)} bytes)") from err
    if not text:
        raise InputError("empty payload")
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text):
        raise InputError("payload holds control characters")
    return text


def _json_object(text: str) -> dict[str, object]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"invalid JSON: {err.msg} at column {err.colno}") from err
    if not isinstance(document, dict):
        raise InputError("JSON payload is not an object")
    return document


def _optional_str(document: dict[str, object], key: str) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string')
    return value


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise InputError("empty text")
    return text
