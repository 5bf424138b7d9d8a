"""The search behind a tuning job: an Optuna study driven trial by trial (ask/tell).

Strategies map to Optuna samplers: ``Bayesian`` → TPE, ``Random`` → random sampling,
``Grid`` → every combination of the categorical (and integer) values, ``Hyperband`` →
TPE with Optuna's Hyperband pruner. ``TrainingJobEarlyStoppingType: Auto`` adds median
pruning: a trial whose objective, at the same iteration, is worse than the median of
earlier trials' is stopped. Iterations are the objective metric's lines in the trial's
log, in order.

Only the tuning runner's control thread calls a `Search`, so no locking is needed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import optuna
from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from optuna.pruners import BasePruner, HyperbandPruner, MedianPruner, NopPruner
from optuna.samplers import BaseSampler, GridSampler, RandomSampler, TPESampler
from optuna.study import Study
from optuna.trial import FrozenTrial, Trial, TrialState

from dagmaker.runners.tuning_config import TuningConfig
from dagmaker.runners.tuning_ranges import CATEGORICAL, INTEGER, ParameterRange

# TPE samples at random until this many trials have finished (Optuna's default is 10,
# which small tuning jobs would never get past).
MAX_STARTUP_TRIALS = 10


class Search:
    """Proposes hyperparameters and learns from the trials' objective values."""

    def __init__(self, config: TuningConfig) -> None:
        # Optuna reports every trial at INFO on the engine's stderr; the tuning job keeps
        # its own log of trials instead.
        logging.getLogger("optuna").setLevel(logging.WARNING)
        self.config = config
        self.distributions: dict[str, BaseDistribution] = {
            r.name: distribution_of(r) for r in config.ranges
        }
        self.study = optuna.create_study(
            direction="maximize" if config.maximize else "minimize",
            sampler=_sampler(config),
            pruner=_pruner(config),
        )

    def seed(self, params: dict[str, Any], value: float | None) -> None:
        """Add a finished trial (warm start, or a trial of an earlier run of this job)."""
        state = TrialState.COMPLETE if value is not None else TrialState.FAIL
        self.study.add_trial(
            optuna.trial.create_trial(
                params=params, distributions=self.distributions, value=value, state=state
            )
        )

    def ask(self, fixed: dict[str, Any] | None = None) -> Trial:
        """The next trial; ``fixed`` pins its parameters (a trial being re-attached)."""
        if fixed is not None:
            self.study.enqueue_trial(fixed, skip_if_exists=False)
        return self.study.ask(self.distributions)

    def report(self, trial: Trial, step: int, value: float) -> bool:
        """Record an intermediate objective value; True when the trial should stop."""
        if not math.isfinite(value):
            return False
        trial.report(value, step)
        return trial.should_prune()

    def tell(self, trial: Trial, value: float | None, *, pruned: bool = False) -> None:
        """Record how a trial ended: its objective, pruned, or failed (no objective)."""
        if pruned:
            self.study.tell(trial, state=TrialState.PRUNED)
        elif value is None or not math.isfinite(value):
            self.study.tell(trial, state=TrialState.FAIL)
        else:
            self.study.tell(trial, value)

    def finished(self) -> list[FrozenTrial]:
        """Every finished trial, seeded ones included."""
        return [t for t in self.study.trials if t.state.is_finished()]


def distribution_of(parameter: ParameterRange) -> BaseDistribution:
    """The Optuna distribution of a range's internal value (see `tuning_ranges`)."""
    log = parameter.scaling == "Logarithmic"
    if parameter.kind == CATEGORICAL:
        return CategoricalDistribution(parameter.values)
    if parameter.kind == INTEGER:
        return IntDistribution(int(parameter.low), int(parameter.high), log=log)
    if parameter.reverse:
        return FloatDistribution(1.0 - parameter.high, 1.0 - parameter.low, log=True)
    return FloatDistribution(parameter.low, parameter.high, log=log)


class _GridSampler(GridSampler):
    """Optuna's grid sampler, driven by ask/tell.

    Optuna's own calls ``study.stop()`` when the grid is used up, which only works inside
    ``study.optimize``; here the tuning job's trial limit (the grid's size) ends the search.
    """

    def after_trial(
        self, study: Study, trial: FrozenTrial, state: TrialState, values: Sequence[float] | None
    ) -> None:
        """Nothing to do after a trial (see the class docstring)."""


def _sampler(config: TuningConfig) -> BaseSampler:
    seed = config.random_seed
    if config.strategy == "Random":
        return RandomSampler(seed=seed)
    if config.strategy == "Grid":
        space = {r.name: r.grid() for r in config.ranges}
        return _GridSampler(space, seed=seed)
    startup = max(1, min(MAX_STARTUP_TRIALS, config.max_jobs // 3))
    return TPESampler(seed=seed, n_startup_trials=startup)


def _pruner(config: TuningConfig) -> BasePruner:
    if config.strategy == "Hyperband":
        low, high = config.hyperband_resources
        return HyperbandPruner(min_resource=low or 1, max_resource=high or "auto")
    if config.early_stopping:
        return MedianPruner(n_startup_trials=1, n_warmup_steps=1)
    return NopPruner()
