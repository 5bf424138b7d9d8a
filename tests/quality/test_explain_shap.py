"""Kernel SHAP through a predict function, with Clarify's SHAPConfig settings."""

from __future__ import annotations

import numpy as np
import pytest

from dagmaker.quality.explain_shap import (
    ExplainInputError,
    ShapSettings,
    explain,
    kernel_shap_section,
)

NAMES = ["a", "b", "c"]


def _linear(rows: np.ndarray) -> np.ndarray:
    return 2.0 * rows[:, 0] + rows[:, 1]


def _data() -> np.ndarray:
    return np.random.default_rng(7).uniform(-1.0, 1.0, size=(12, 3))


def test_a_linear_model_against_a_zero_baseline_gets_its_exact_attributions() -> None:
    features = _data()
    (result,) = explain(features, NAMES, _linear, ShapSettings(baseline=np.zeros((1, 3))))
    assert result.label == "label0"
    assert result.expected_value == pytest.approx(0.0)
    np.testing.assert_allclose(result.local_values[:, 0], 2.0 * features[:, 0], atol=1e-9)
    np.testing.assert_allclose(result.local_values[:, 1], features[:, 1], atol=1e-9)
    np.testing.assert_allclose(result.local_values[:, 2], 0.0, atol=1e-9)
    assert result.global_values["a"] == pytest.approx(np.mean(np.abs(2.0 * features[:, 0])))
    assert result.global_values["c"] == pytest.approx(0.0, abs=1e-9)
    # Local values add up to prediction minus expected value.
    np.testing.assert_allclose(result.local_values.sum(axis=1), _linear(features), atol=1e-9)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("median", lambda v: np.median(np.abs(v))),
        ("mean_sq", lambda v: np.mean(v * v)),
    ],
)
def test_aggregation_methods(method: str, expected) -> None:  # type: ignore[no-untyped-def]
    features = _data()
    settings = ShapSettings(baseline=np.zeros((1, 3)), agg_method=method)
    (result,) = explain(features, NAMES, _linear, settings)
    assert result.global_values["a"] == pytest.approx(expected(2.0 * features[:, 0]))


def test_use_logit_attributes_log_odds() -> None:
    features = _data()

    def probability(rows: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(3.0 * rows[:, 2])))

    settings = ShapSettings(baseline=np.zeros((1, 3)), use_logit=True)
    (result,) = explain(features, NAMES, probability, settings)
    np.testing.assert_allclose(result.local_values[:, 2], 3.0 * features[:, 2], atol=1e-6)
    assert result.expected_value == pytest.approx(0.0, abs=1e-9)  # logit(0.5)


def test_one_explanation_per_model_output_named_by_label_headers() -> None:
    def two(rows: np.ndarray) -> np.ndarray:
        return np.column_stack([rows[:, 0], -rows[:, 1]])

    results = explain(
        _data(), NAMES, two, ShapSettings(baseline=np.zeros((1, 3))), label_headers=["x", "y"]
    )
    assert [r.label for r in results] == ["x", "y"]
    section = kernel_shap_section(results)
    assert set(section) == {"x", "y"}
    assert set(section["y"]) == {"global_shap_values", "expected_value"}
    assert section["y"]["global_shap_values"]["a"] == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ExplainInputError, match="2 output\\(s\\) to explain but label_headers"):
        explain(_data(), NAMES, two, ShapSettings(baseline=np.zeros((1, 3))), ["only"])


def test_seeded_sampling_is_repeatable_and_clusters_summarise_the_data() -> None:
    generator = np.random.default_rng(1)
    features = generator.normal(size=(40, 12))
    names = [f"f{i}" for i in range(12)]

    def model(rows: np.ndarray) -> np.ndarray:
        return np.tanh(rows[:, 0] * rows[:, 1]) + rows[:, 2]

    settings = ShapSettings(num_samples=60, seed=5, num_clusters=3)
    first = explain(features[:4], names, model, settings)[0].global_values
    second = explain(features[:4], names, model, settings)[0].global_values
    assert first == second
    assert max(first, key=first.__getitem__) in ("f0", "f1", "f2")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"agg_method": "max"}, "agg_method 'max' is unknown"),
        ({"num_samples": 0}, "num_samples must be at least 1"),
    ],
)
def test_bad_settings(settings: dict, message: str) -> None:
    with pytest.raises(ExplainInputError, match=message):
        ShapSettings(**settings)


def test_a_baseline_of_the_wrong_width_is_named() -> None:
    with pytest.raises(ExplainInputError, match="must have the 3 features a, b, c"):
        explain(_data(), NAMES, _linear, ShapSettings(baseline=np.zeros((1, 2))))
    with pytest.raises(ExplainInputError, match="no records"):
        explain(np.zeros((0, 3)), NAMES, _linear, ShapSettings())
