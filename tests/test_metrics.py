"""The gauges and counters the daemon samples, as Prometheus reads them (parsed with its own parser)."""

from __future__ import annotations

import pytest

from assistantd.config.settings import MetricsConfig
from assistantd.daemon.metrics import Metrics, Sample

pytest.importorskip("prometheus_client", reason="the metrics extra is not installed")


def scrape(metrics: Metrics) -> dict[str, float]:
    """Every unlabelled sample by name."""
    from prometheus_client import generate_latest
    from prometheus_client.parser import text_string_to_metric_families

    text = generate_latest(metrics.registry).decode()
    return {s.name: s.value for f in text_string_to_metric_families(text) for s in f.samples if not s.labels}


def test_the_gauges_show_the_sample_in_force() -> None:
    metrics = Metrics(MetricsConfig())
    metrics.sample(Sample(broker_connected=False, outbox_actions=3, outbox_oldest_age_seconds=12.5,
                          inbox_commands=2, model_ready=False, model_training=True, speech_up=False,
                          vision_up=True, frames=42))  # fmt: skip
    first = scrape(metrics)
    assert first["assistantd_broker_connected"] == 0
    assert first["assistantd_outbox_actions"] == 3 and first["assistantd_outbox_oldest_age_seconds"] == 12.5
    assert first["assistantd_model_ready"] == 0 and first["assistantd_model_training"] == 1
    assert first["assistantd_speech_up"] == 0 and first["assistantd_vision_up"] == 1
    assert first["assistantd_frames_total"] == 42

    metrics.sample(Sample(True, 0, 0.0, 0, model_ready=True, model_training=False, speech_up=True,
                          vision_up=False, frames=90))  # fmt: skip
    now = scrape(metrics)
    assert now["assistantd_broker_connected"] == 1 and now["assistantd_outbox_actions"] == 0
    assert now["assistantd_model_ready"] == 1 and now["assistantd_model_training"] == 0
    assert now["assistantd_speech_up"] == 1 and now["assistantd_vision_up"] == 0
    assert now["assistantd_frames_total"] == 90


def test_nothing_is_sampled_before_the_first_sample() -> None:
    assert "assistantd_model_ready" not in scrape(Metrics(MetricsConfig()))
