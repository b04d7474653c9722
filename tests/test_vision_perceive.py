"""`assistantd perceive`: a photo through the real pipeline, printed as text and as JSON."""

from __future__ import annotations

import json

import pytest

from assistantd import cli
from tests.vision_data import IMAGES, needs_mediapipe


def test_perceive_an_image_as_json_and_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    needs_mediapipe()
    photo = IMAGES / "hands" / "thumb_up__mp_sample.jpg"
    if not photo.is_file():
        pytest.skip(f"no photo at {photo}")
    assert cli.main(["perceive", "--image", str(photo), "--json"]) == cli.EX_OK
    frame = json.loads(capsys.readouterr().out.strip())
    assert [hand["gesture"] for hand in frame["hands"]] == ["thumb_up"]
    assert len(frame["faces"]) == 1 and frame["timings_ms"]["landmarks"] > 0
    assert cli.main(["perceive", "--image", str(photo)]) == cli.EX_OK
    text = capsys.readouterr().out
    assert "thumb_up" in text and "landmarks" in text and "face:" in text


def test_perceive_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["perceive", "--video", "/nonexistent/clip.mp4"]) == cli.EX_USAGE
    assert "no such file" in capsys.readouterr().err
