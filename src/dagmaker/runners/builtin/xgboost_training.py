"""Run ``xgboost.train`` as SageMaker's built-in algorithm does, logging one line per round.

Each round's results are written through the ``dagmaker.xgboost.evaluation`` logger in
the built-in container's format (`xgboost_metrics.format_evaluation_line`). With early
stopping the booster keeps every round it trained, so predictions agree with the last
logged metrics (which become ``FinalMetricDataList``).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import xgboost as xgb

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin import xgboost_container_metrics
from dagmaker.runners.builtin.xgboost_hyperparameters import TrainingConfig
from dagmaker.runners.builtin.xgboost_metrics import format_evaluation_line, is_maximized

LOG = logging.getLogger("dagmaker.xgboost")
EVALUATION_LOG = logging.getLogger("dagmaker.xgboost.evaluation")


class EvaluationPrinter(xgb.callback.TrainingCallback):
    """Logs ``[round]#011train-rmse:...#011validation-rmse:...`` after every round."""

    def after_iteration(self, model: Any, epoch: int, evals_log: Any) -> bool:
        """Log the latest value of every metric; never asks training to stop."""
        latest = {
            data: {name: float(values[-1]) for name, values in metrics.items()}
            for data, metrics in evals_log.items()
        }
        if latest:
            EVALUATION_LOG.info(format_evaluation_line(epoch, latest))
        return False


def container_metric(names: tuple[str, ...]) -> Any:
    """The ``custom_metric`` callable computing SageMaker's own metrics, or None."""
    if not names:
        return None

    def evaluate(predictions: np.ndarray, data: xgb.DMatrix) -> list[tuple[str, float]]:
        return xgboost_container_metrics.evaluate(names, data.get_label(), predictions)

    return evaluate


def _callbacks(config: TrainingConfig, watched_data: str) -> list[xgb.callback.TrainingCallback]:
    # The printer goes first: XGBoost stops calling callbacks once one asks to stop.
    callbacks: list[xgb.callback.TrainingCallback] = [EvaluationPrinter()]
    if config.early_stopping_rounds:
        metric = config.early_stopping_metric
        callbacks.append(
            xgb.callback.EarlyStopping(
                rounds=config.early_stopping_rounds,
                metric_name=metric,
                data_name=watched_data,
                maximize=is_maximized(metric) if metric else None,
                save_best=False,
            )
        )
    return callbacks


def _xgboost_message(error: Exception) -> str:
    """XGBoost's message without its timestamp and source location."""
    first = next((line for line in str(error).splitlines() if line.strip()), str(error))
    return first.split(": ", 1)[1] if first.startswith("[") and ": " in first else first


def train(
    config: TrainingConfig, train: xgb.DMatrix, validation: xgb.DMatrix | None
) -> xgb.Booster:
    """Train a booster on ``train``, evaluating ``train`` and ``validation`` every round.

    Raises:
        JobFailure: When XGBoost rejects the data or parameters (a label out of range for
            the objective, a bad constraint, ...), with XGBoost's reason.
    """
    evals = [(train, "train")] + ([(validation, "validation")] if validation is not None else [])
    watched = "validation" if validation is not None else "train"
    if config.early_stopping_rounds:
        LOG.info(
            "Early stopping after %d rounds without improvement on %s",
            config.early_stopping_rounds,
            watched,
        )
    try:
        booster = xgb.train(
            config.params,
            train,
            num_boost_round=config.num_round,
            evals=evals,
            custom_metric=container_metric(config.container_metrics),
            callbacks=_callbacks(config, watched),
            verbose_eval=False,
        )
    except xgb.core.XGBoostError as error:
        raise JobFailure(f"XGBoost rejected the training job: {_xgboost_message(error)}") from error
    _log_early_stop(config, booster)
    return booster


def _log_early_stop(config: TrainingConfig, booster: xgb.Booster) -> None:
    rounds = booster.num_boosted_rounds()
    if config.early_stopping_rounds and rounds < config.num_round:
        LOG.info(
            "Stopped after round %d: no improvement for %d rounds (best round %s); "
            "the model keeps all %d rounds",
            rounds - 1,
            config.early_stopping_rounds,
            booster.attr("best_iteration"),
            rounds,
        )
