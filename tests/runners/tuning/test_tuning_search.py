"""The Optuna-backed search: strategies, scaling, warm-start seeds, pruning."""

from __future__ import annotations

import itertools
import statistics
from typing import Any

from dagmaker.runners.tuning_config import TuningConfig
from dagmaker.runners.tuning_ranges import ParameterRange
from dagmaker.runners.tuning_search import Search

X = ParameterRange("x", "Continuous", 0.0, 1.0)


def _config(*ranges: ParameterRange, **settings: Any) -> TuningConfig:
    values: dict[str, Any] = {
        "strategy": "Random",
        "max_jobs": 10,
        "max_parallel": 1,
        "objective_metric": "loss",
        "maximize": False,
        "ranges": ranges,
        "definition": {},
        "random_seed": 0,
    }
    values.update(settings)
    return TuningConfig(**values)


def _run(search: Search, count: int, objective: Any) -> list[dict[str, Any]]:
    proposals = []
    for _ in range(count):
        trial = search.ask()
        proposals.append(dict(trial.params))
        search.tell(trial, objective(trial.params))
    return proposals


def test_grid_visits_every_combination_once() -> None:
    kind = ParameterRange("kind", "Categorical", values=("a", "b", "c"))
    layers = ParameterRange("layers", "Integer", 1, 2)
    search = Search(_config(kind, layers, strategy="Grid", max_jobs=6))
    seen = _run(search, 6, lambda p: 1.0)
    assert sorted((p["kind"], p["layers"]) for p in seen) == sorted(
        itertools.product("abc", [1, 2])
    )


def test_random_search_is_reproducible_with_a_seed() -> None:
    def draw(seed: int) -> list[float]:
        return [p["x"] for p in _run(Search(_config(X, random_seed=seed)), 5, lambda p: p["x"])]

    assert draw(3) == draw(3)
    assert draw(3) != draw(4)
    assert all(0.0 <= x <= 1.0 for x in draw(3))


def test_bayesian_search_concentrates_near_the_optimum() -> None:
    search = Search(_config(X, strategy="Bayesian", max_jobs=40))
    seen = [p["x"] for p in _run(search, 40, lambda p: (p["x"] - 0.3) ** 2)]
    early = statistics.median(abs(x - 0.3) for x in seen[:10])
    late = statistics.median(abs(x - 0.3) for x in seen[-10:])
    assert late < early / 2


def test_logarithmic_scaling_samples_small_values_often() -> None:
    rate = ParameterRange("rate", "Continuous", 1e-4, 1.0, scaling="Logarithmic")
    seen = [p["rate"] for p in _run(Search(_config(rate)), 200, lambda p: 0.0)]
    assert all(1e-4 <= r <= 1.0 for r in seen)
    assert sum(r < 1e-2 for r in seen) > 60  # about half; linear scaling would give ~2


def test_reverse_logarithmic_scaling_crowds_values_near_one() -> None:
    beta = ParameterRange("beta", "Continuous", 0.0, 0.999, scaling="ReverseLogarithmic")
    seen = [
        float(beta.hyperparameter(p["beta"]))
        for p in _run(Search(_config(beta)), 200, lambda p: 0.0)
    ]
    assert all(0.0 <= b <= 0.999 + 1e-12 for b in seen)
    assert sum(b > 0.9 for b in seen) > 100  # about two thirds


def test_seeded_trials_count_as_finished() -> None:
    search = Search(_config(X, strategy="Bayesian"))
    search.seed({"x": 0.31}, 0.0001)
    search.seed({"x": 0.9}, None)
    assert [t.state.name for t in search.finished()] == ["COMPLETE", "FAIL"]
    assert search.study.best_value == 0.0001


def test_median_pruning_stops_a_trial_worse_than_earlier_ones() -> None:
    search = Search(_config(X, early_stopping=True))
    first = search.ask()
    for step in range(5):
        assert not search.report(first, step, 1.0 - step * 0.1)
    search.tell(first, 0.6)
    second = search.ask()
    assert not search.report(second, 0, 5.0)  # the first iteration is a warm-up
    assert search.report(second, 1, 5.0)
    search.tell(second, None, pruned=True)
    assert search.finished()[-1].state.name == "PRUNED"


def test_no_pruning_without_early_stopping() -> None:
    search = Search(_config(X))
    search.tell(search.ask(), 0.1)
    trial = search.ask()
    assert not any(search.report(trial, step, 100.0) for step in range(5))


def test_hyperband_prunes_poor_trials() -> None:
    search = Search(_config(X, strategy="Hyperband", max_jobs=30, hyperband_resources=(1, 9)))
    pruned = 0
    for _ in range(30):
        trial = search.ask()
        stopped = False
        for step in range(9):
            if search.report(trial, step, (trial.params["x"] - 0.3) ** 2 + 1.0 / (step + 1)):
                stopped = True
                break
        search.tell(trial, None if stopped else (trial.params["x"] - 0.3) ** 2, pruned=stopped)
        pruned += stopped
    assert pruned > 0
