"""Completion criteria and giving up after early failures."""

from __future__ import annotations

from typing import Any

from dagmaker.runners.tuning_completion import criteria_met, giving_up
from dagmaker.runners.tuning_config import TuningConfig


def _config(**settings: Any) -> TuningConfig:
    values: dict[str, Any] = {
        "strategy": "Random",
        "max_jobs": 20,
        "max_parallel": 2,
        "objective_metric": "loss",
        "maximize": False,
        "ranges": (),
        "definition": {},
    }
    values.update(settings)
    return TuningConfig(**values)


def test_target_value() -> None:
    config = _config(target_value=0.5)
    assert criteria_met(config, [0.9, 0.7]) == ""
    assert criteria_met(config, [0.9, 0.4]) == "the objective reached the target value 0.5"
    maximize = _config(target_value=0.9, maximize=True)
    assert criteria_met(maximize, [0.8]) == ""
    assert criteria_met(maximize, [0.8, 0.95]) != ""


def test_best_not_improving() -> None:
    config = _config(not_improving_limit=2)
    assert criteria_met(config, [0.5, 0.6]) == ""
    assert criteria_met(config, [0.5, 0.6, 0.4, 0.7]) == ""
    reason = criteria_met(config, [0.5, 0.6, 0.4, 0.7, 0.8])
    assert reason == "the best objective did not improve over 2 training jobs"
    assert criteria_met(_config(), [0.5] * 10) == ""


def test_giving_up_after_early_failures() -> None:
    assert giving_up(_config(), failed=2, succeeded=0) == ""
    assert giving_up(_config(), failed=3, succeeded=0) == "the first 3 training jobs all failed"
    assert giving_up(_config(), failed=5, succeeded=1) == ""
    assert giving_up(_config(max_parallel=5), failed=4, succeeded=0) == ""
