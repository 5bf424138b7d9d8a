"""Metric names, log-line format and regexes of SageMaker's built-in XGBoost algorithm.

SageMaker registers one metric definition per data set (``train``, ``validation``) and
metric for the built-in XGBoost image; ``DescribeTrainingJob`` shows them under
``AlgorithmSpecification.MetricDefinitions``. Each regex expects the per-round
evaluation line as CloudWatch shows it, where the tab that XGBoost writes between
results appears as ``#011`` (syslog's octal escape)::

    [12]#011train-rmse:1.19876#011validation-rmse:2.31553

The built-in algorithm in this package writes exactly that form (see
`format_evaluation_line`), so the registered regexes match its stdout whether or not
the log pipeline applies the escape itself. ``FinalMetricDataList`` holds, for each
definition, the value of its last match.
"""

from __future__ import annotations

from collections.abc import Mapping

DATA_SETS = ("train", "validation")

# Metrics that XGBoost itself computes, plus the ones SageMaker's container computes
# from predictions (accuracy, f1, mse, r2, ...). The SageMaker-registered list is a
# subset of this one; the extra names only add definitions that can match.
METRIC_NAMES = (
    "accuracy",
    "aft-nloglik",
    "auc",
    "aucpr",
    "balanced_accuracy",
    "cox-nloglik",
    "error",
    "f1",
    "f1_binary",
    "f1_macro",
    "gamma-deviance",
    "gamma-nloglik",
    "interval-regression-accuracy",
    "logloss",
    "mae",
    "map",
    "mape",
    "merror",
    "mlogloss",
    "mphe",
    "mse",
    "ndcg",
    "poisson-nloglik",
    "precision",
    "precision_macro",
    "precision_micro",
    "r2",
    "recall",
    "recall_macro",
    "recall_micro",
    "rmse",
    "rmsle",
    "tweedie-nloglik",
)

# Higher is better for these; every other metric is minimised (tuning direction and
# early stopping both need to know).
MAXIMIZED = frozenset(
    {
        "accuracy",
        "auc",
        "aucpr",
        "balanced_accuracy",
        "f1",
        "f1_binary",
        "f1_macro",
        "interval-regression-accuracy",
        "map",
        "ndcg",
        "pre",
        "precision",
        "precision_macro",
        "precision_micro",
        "r2",
        "recall",
        "recall_macro",
        "recall_micro",
    }
)

_VALUE = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"
_SEPARATOR = "#011"


def metric_regex(data_set: str, metric: str) -> str:
    """The regex SageMaker registers for ``<data_set>:<metric>`` on built-in XGBoost."""
    return rf".*\[[0-9]+\].*{_SEPARATOR}{data_set}-{metric}:{_VALUE}.*"


BUILTIN_XGBOOST_METRICS: dict[str, str] = {
    f"{data_set}:{metric}": metric_regex(data_set, metric)
    for data_set in DATA_SETS
    for metric in METRIC_NAMES
}
"""Metric name (``validation:rmse``) → regex capturing its value from a log line."""


def metric_definitions() -> list[dict[str, str]]:
    """The table in ``AlgorithmSpecification.MetricDefinitions`` shape, sorted by name."""
    return [
        {"Name": name, "Regex": BUILTIN_XGBOOST_METRICS[name]}
        for name in sorted(BUILTIN_XGBOOST_METRICS)
    ]


def is_maximized(metric: str) -> bool:
    """Whether a higher value of ``metric`` (``auc``, ``ndcg@5``, ``validation:f1``) is better."""
    bare = metric.split(":", 1)[-1].split("@", 1)[0]
    return bare in MAXIMIZED


def format_evaluation_line(iteration: int, results: Mapping[str, Mapping[str, float]]) -> str:
    """One round's evaluation line, as the built-in container's log shows it.

    Args:
        iteration: The 0-based boosting round.
        results: Data set → metric → value, printed in mapping order.

    Returns:
        ``[<iteration>]#011<data_set>-<metric>:<value>...`` with five decimals, as XGBoost
        prints them.
    """
    cells = "".join(
        f"{_SEPARATOR}{data_set}-{metric}:{value:.5f}"
        for data_set, metrics in results.items()
        for metric, value in metrics.items()
    )
    return f"[{iteration}]{cells}"
