"""Text and context payloads: plain text, JSON, and every kind of malformed input (InputError, nothing else)."""

from __future__ import annotations

import re

import pytest

from assistantd.assistant.command import TextCommand
from assistantd.daemon.inputs import MAX_TEXT_BYTES, ContextUpdate, parse_context, parse_text_command
from assistantd.errors import InputError

COMMANDS = [
    (b"turn on the floor lamp", TextCommand("turn on the floor lamp")),
    (b"  turn on\tthe\n floor   lamp \r\n", TextCommand("turn on the floor lamp")),
    ("allume la lampe à côté".encode(), TextCommand("allume la lampe à côté")),
    (b'{"text": "turn on the floor lamp"}', TextCommand("turn on the floor lamp")),
    (
        b'{"text": " turn  off the TV ", "id": "req-7", "area": "kitchen"}',
        TextCommand("turn off the TV", request_id="req-7", area="kitchen"),
    ),
    (b'{"text": "lamp on", "id": null, "area": null}', TextCommand("lamp on")),
    (b'{"text": "lamp on", "extra": [1, {"x": 2}]}', TextCommand("lamp on")),
    (b'  {"text": "lamp on"}  ', TextCommand("lamp on")),
    (b'\xef\xbb\xbf{"text": "lamp on"}', TextCommand("lamp on")),
    (b'{"text": "caf\\u00e9 lights"}', TextCommand("café lights")),
    # Only objects and arrays are read as JSON; other JSON values are what was said.
    (b"42", TextCommand("42")),
    (b"null", TextCommand("null")),
    (b'"turn on the lamp"', TextCommand('"turn on the lamp"')),
    (b"x" * MAX_TEXT_BYTES, TextCommand("x" * MAX_TEXT_BYTES)),
]


@pytest.mark.parametrize(("payload", "expected"), COMMANDS)
def test_text_commands(payload: bytes, expected: TextCommand) -> None:
    assert parse_text_command(payload) == expected


BAD_COMMANDS = [
    (b"", "empty payload"),
    (b"   \n\t  ", "empty payload"),
    (b"\xff\xfe\x00t\x00u\x00r\x00n", "not valid UTF-8"),
    (b"turn on the \xc3 lamp", "not valid UTF-8"),
    (bytes(range(256)), "not valid UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid UTF-8"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "control characters"),
    (b"turn on\x00 the lamp", "control characters"),
    (b"turn on \x1b[31mthe lamp", "control characters"),
    (b"turn on \x7f the lamp", "control characters"),
    ("turn on \u0085 the lamp".encode(), "control characters"),
    (b'{"text": "turn on\\u0000 the lamp"}', '"text" holds control characters'),
    (b'{"text": "lamp on", "id": "\\u001b[2J"}', '"id" holds control characters'),
    (b"x" * (MAX_TEXT_BYTES + 1), f"over the {MAX_TEXT_BYTES}-byte limit"),
    (b"x" * 10_000_000, "over the"),
    (b"{", "invalid JSON"),
    (b"{turn on the lamp}", "invalid JSON"),
    (b'{"text": "lamp on",}', "invalid JSON"),
    (b'{"text":' + b"[" * 2040 + b"]" * 2040 + b"}", "nested too deeply"),
    (b"[" * MAX_TEXT_BYTES, "nested too deeply"),
    (b'["turn on the lamp"]', "JSON payload is not an object"),
    (b'[{"text": "turn on the lamp"}]', "JSON payload is not an object"),
    (b"[turn on the lamp]", "invalid JSON"),
    (b"{}", 'without a string "text"'),
    (b'{"id": "req-1"}', 'without a string "text"'),
    (b'{"text": null}', 'without a string "text"'),
    (b'{"text": 5}', '"text" must be a string'),
    (b'{"text": ["lamp", "on"]}', '"text" must be a string'),
    (b'{"text": {"say": "lamp on"}}', '"text" must be a string'),
    (b'{"text": true}', '"text" must be a string'),
    (b'{"text": "   "}', "empty text"),
    (b'{"text": ""}', "empty text"),
    (b'{"text": "lamp on", "id": 7}', '"id" must be a string'),
    (b'{"text": "lamp on", "area": ["kitchen"]}', '"area" must be a string'),
]


@pytest.mark.parametrize(("payload", "message"), BAD_COMMANDS)
def test_malformed_text_commands_raise_input_error(payload: bytes, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_text_command(payload)


CONTEXTS = [
    (b"I am cooking dinner", ContextUpdate(text="I am cooking dinner")),
    (b" we are  watching\na film ", ContextUpdate(text="we are watching a film")),
    (b'{"area": "kitchen"}', ContextUpdate(area="kitchen")),
    (b'{"text": "cooking", "area": "kitchen"}', ContextUpdate(text="cooking", area="kitchen")),
    (b'{"area": null}', ContextUpdate(clear_area=True)),
    (b'{"text": "left the room", "area": null}', ContextUpdate(text="left the room", clear_area=True)),
    (b'{"text": "  cooking   dinner "}', ContextUpdate(text="cooking dinner")),
    (b'{"text": "   "}', ContextUpdate(clear_text=True)),
    (b'{"text": null}', ContextUpdate(clear_text=True)),
    (b'{"text": "", "area": "kitchen"}', ContextUpdate(area="kitchen", clear_text=True)),
    (b"", ContextUpdate(clear_text=True)),
    (b" \n ", ContextUpdate(clear_text=True)),
]


@pytest.mark.parametrize(("payload", "expected"), CONTEXTS)
def test_context_updates(payload: bytes, expected: ContextUpdate) -> None:
    assert parse_context(payload) == expected


BAD_CONTEXTS = [
    (b"\xc3\x28", "not valid UTF-8"),
    (b"in the \x1b[1mkitchen", "control characters"),
    (b"x" * (MAX_TEXT_BYTES + 1), "byte limit"),
    (b'{"area": "kitchen"', "invalid JSON"),
    (b'["kitchen"]', "JSON payload is not an object"),
    (b"{}", 'without "text" or "area"'),
    (b'{"room": "kitchen"}', 'without "text" or "area"'),
    (b'{"area": 3}', '"area" must be a string'),
    (b'{"text": ["a"]}', '"text" must be a string'),
    (b'{"area": "kitchen\\u0007"}', '"area" holds control characters'),
]


@pytest.mark.parametrize(("payload", "message"), BAD_CONTEXTS)
def test_malformed_contexts_raise_input_error(payload: bytes, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_context(payload)


def test_every_single_byte_payload_is_a_command_or_an_input_error() -> None:
    for value in range(256):
        try:
            command = parse_text_command(bytes([value]))
        except InputError:
            continue
        assert command.text == chr(value)
        assert chr(value).isprintable() and not chr(value).isspace()
