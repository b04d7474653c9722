"""`assistantd perceive`: a photo through the real pipeline, printed as text and as JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistantd.cli import common, main
from tests.support.vision import IMAGES, needs_mediapipe


@pytest.fixture(autouse=True)
def _keep_logging() -> Iterator[None]:
    """main() points the root logger at this test's captured stderr: put the old handlers back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_perceive_an_image_as_json_and_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    needs_mediapipe()
    photo = IMAGES / "hands" / "thumb_up__mp_sample.jpg"
    if not photo.is_file():
        pytest.skip(f"no photo at {photo}")
    assert main.main(["perceive", "--image", str(photo), "--json"]) == common.EX_OK
    frame = json.loads(capsys.readouterr().out.strip())
    assert [hand["gesture"] for hand in frame["hands"]] == ["thumb_up"]
    assert len(frame["faces"]) == 1 and frame["timings_ms"]["landmarks"] > 0
    assert main.main(["perceive", "--image", str(photo)]) == common.EX_OK
    text = capsys.readouterr().out
    assert "thumb_up" in text and "landmarks" in text and "face:" in text


def test_perceive_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["perceive", "--video", "/nonexistent/clip.mp4"]) == common.EX_USAGE
    assert "no such file" in capsys.readouterr().err


def test_perceive_a_corrupt_image_says_so_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    needs_mediapipe()
    photo = tmp_path / "broken.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    assert main.main(["perceive", "--image", str(photo), "--json"]) == common.EX_DATAERR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"Cannot read {photo} as an image" in captured.err and "could not be decoded" in captured.err
