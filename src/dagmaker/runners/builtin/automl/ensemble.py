"""Ensemble selection: a weighted average of candidates, chosen greedily on their scores.

Caruana's method, as AutoGluon's weighted ensemble uses it: start from the best single
candidate; then, round after round, add (again, if it helps) the candidate whose
addition gives the best objective of the averaged scores. A candidate's weight is the
share of rounds that picked it; the best round's mix is kept. Ties on the objective go
to the lower log loss (classification) or squared error (regression), which keeps the
choice stable when the objective is a step function such as accuracy.
"""

from __future__ import annotations

import numpy as np

from dagmaker.runners.builtin.automl import scoring
from dagmaker.runners.builtin.automl.objectives import Objective
from dagmaker.runners.builtin.automl.schema import Schema

ROUNDS = 25


def select(
    schema: Schema,
    objective: Objective,
    truth: np.ndarray,
    scores: dict[str, np.ndarray],
    weights: np.ndarray | None = None,
    rounds: int = ROUNDS,
) -> dict[str, float]:
    """Member name → weight (summing to 1; members never picked are left out)."""
    names = sorted(scores)
    picks: list[str] = []
    total: np.ndarray | None = None
    best_key: tuple[float, float] | None = None
    best_picks: list[str] = []
    for _ in range(rounds):
        choice, key, mixed = _best_addition(
            schema, objective, truth, scores, names, picks, total, weights
        )
        picks.append(choice)
        total = mixed
        if best_key is None or key < best_key:
            best_key, best_picks = key, list(picks)
    counts = {name: best_picks.count(name) for name in names if name in best_picks}
    return {name: count / len(best_picks) for name, count in counts.items()}


def _best_addition(
    schema: Schema,
    objective: Objective,
    truth: np.ndarray,
    scores: dict[str, np.ndarray],
    names: list[str],
    picks: list[str],
    total: np.ndarray | None,
    weights: np.ndarray | None,
) -> tuple[str, tuple[float, float], np.ndarray]:
    best: tuple[str, tuple[float, float], np.ndarray] | None = None
    for name in names:
        mixed = scores[name] if total is None else total + scores[name]
        average = mixed / (len(picks) + 1)
        key = _key(schema, objective, truth, average, weights)
        if best is None or key < best[1]:
            best = (name, key, mixed)
    assert best is not None  # names is never empty
    return best


def _key(
    schema: Schema,
    objective: Objective,
    truth: np.ndarray,
    average: np.ndarray,
    weights: np.ndarray | None,
) -> tuple[float, float]:
    """Sorts best first: the objective (negated when maximised), then the tie-breaker."""
    tie_breaker = "LogLoss" if schema.is_classification else "MSE"
    metrics = scoring.evaluate(schema, truth, average, weights, (objective.name, tie_breaker))
    value = metrics[objective.name]
    primary = -value if objective.maximize else value
    secondary = metrics[tie_breaker]
    return (primary if np.isfinite(primary) else np.inf, secondary)


def blend(weights: dict[str, float], scores: dict[str, np.ndarray]) -> np.ndarray:
    """The weighted average of the members' scores."""
    return np.asarray(sum(weight * scores[name] for name, weight in weights.items()))
