"""The hyperparameters SageMaker's built-in XGBoost accepts: name → type and valid range.

The table follows the algorithm's documentation (names, aliases and ranges as the
1.x containers validate them). A few names are accepted for compatibility but have no
effect with the XGBoost this package runs; `IGNORED` says why for each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Spec:
    """Type and valid values of one hyperparameter.

    Attributes:
        kind: ``int``, ``float``, ``choice``, ``metrics`` (comma list of eval metrics),
            ``updater`` (comma list), ``constraints`` (``(1,0,-1)``) or ``groups``
            (``[[0,1],[2]]``).
        low: Lower bound for numbers.
        high: Upper bound for numbers.
        low_open: Whether ``low`` itself is excluded.
        high_open: Whether ``high`` itself is excluded.
        choices: Allowed values for ``choice``.
    """

    kind: str
    low: float = -INF
    high: float = INF
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()

    def describe_range(self) -> str:
        """The range in interval notation, e.g. ``(0, 1]`` or ``[1, +inf)``."""
        left = "(" if self.low_open or self.low == -INF else "["
        right = ")" if self.high_open or self.high == INF else "]"
        return f"{left}{_bound(self.low)}, {_bound(self.high)}{right}"


def _bound(value: float) -> str:
    if math.isinf(value):
        return "+inf" if value > 0 else "-inf"
    return str(int(value)) if value == int(value) else str(value)


def _int(low: float = -INF, high: float = INF) -> Spec:
    return Spec("int", low, high)


def _float(
    low: float = -INF, high: float = INF, *, low_open: bool = False, high_open: bool = False
) -> Spec:
    return Spec("float", low, high, low_open, high_open)


def _choice(*choices: str) -> Spec:
    return Spec("choice", choices=choices)


OBJECTIVES = (
    "binary:hinge",
    "binary:logistic",
    "binary:logitraw",
    "count:poisson",
    "multi:softmax",
    "multi:softprob",
    "rank:map",
    "rank:ndcg",
    "rank:pairwise",
    "reg:absoluteerror",
    "reg:gamma",
    "reg:linear",
    "reg:logistic",
    "reg:pseudohubererror",
    "reg:squarederror",
    "reg:squaredlogerror",
    "reg:tweedie",
    "survival:aft",
    "survival:cox",
)

# Metrics XGBoost computes itself; ``error``, ``ndcg``, ``map`` and ``pre`` also take
# an ``@<threshold>`` suffix.
NATIVE_METRICS = frozenset(
    {
        "aft-nloglik",
        "auc",
        "aucpr",
        "cox-nloglik",
        "error",
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
        "ndcg",
        "poisson-nloglik",
        "pre",
        "rmse",
        "rmsle",
        "tweedie-nloglik",
    }
)
THRESHOLD_METRICS = frozenset({"error", "map", "ndcg", "pre"})

UPDATERS = frozenset(
    {
        "coord_descent",
        "grow_colmaker",
        "grow_histmaker",
        "grow_quantile_histmaker",
        "prune",
        "refresh",
        "shotgun",
        "sync",
    }
)

SPECS: dict[str, Spec] = {
    "num_round": _int(1),
    "csv_weights": _int(0, 1),
    "early_stopping_rounds": _int(1),
    "booster": _choice("gbtree", "gblinear", "dart"),
    "silent": _int(0, 1),
    "verbosity": _int(0, 3),
    "nthread": _int(1),
    "eta": _float(0, 1),
    "gamma": _float(0),
    "max_depth": _int(0),
    "min_child_weight": _float(0),
    "max_delta_step": _float(0),
    "subsample": _float(0, 1, low_open=True),
    "colsample_bytree": _float(0, 1, low_open=True),
    "colsample_bylevel": _float(0, 1, low_open=True),
    "colsample_bynode": _float(0, 1, low_open=True),
    "lambda": _float(0),
    "alpha": _float(0),
    "tree_method": _choice("auto", "exact", "approx", "hist"),
    "sketch_eps": _float(0, 1, low_open=True, high_open=True),
    "scale_pos_weight": _float(0, low_open=True),
    "updater": Spec("updater"),
    "dsplit": _choice("row", "col"),
    "refresh_leaf": _int(0, 1),
    "process_type": _choice("default", "update"),
    "grow_policy": _choice("depthwise", "lossguide"),
    "max_leaves": _int(0),
    "max_bin": _int(2),
    "predictor": _choice("auto", "cpu_predictor"),
    "monotone_constraints": Spec("constraints"),
    "interaction_constraints": Spec("groups"),
    "sample_type": _choice("uniform", "weighted"),
    "normalize_type": _choice("tree", "forest"),
    "rate_drop": _float(0, 1),
    "one_drop": _int(0, 1),
    "skip_drop": _float(0, 1),
    "lambda_bias": _float(0, 1),
    "tweedie_variance_power": _float(1, 2, low_open=True, high_open=True),
    "huber_slope": _float(0, low_open=True),
    "aft_loss_distribution": _choice("normal", "logistic", "extreme"),
    "aft_loss_distribution_scale": _float(0, low_open=True),
    "objective": _choice(*OBJECTIVES),
    "num_class": _int(2),
    "base_score": _float(0),
    "eval_metric": Spec("metrics"),
    "_tuning_objective_metric": Spec("choice"),  # choices: the metric table, checked apart
    "seed": _int(-(2**31) + 1, 2**31 - 2),
    "num_parallel_tree": _int(1),
    "max_cat_to_onehot": _int(1),
    "max_cat_threshold": _int(1),
    "single_precision_histogram": _choice("true", "false"),
    "deterministic_histogram": _choice("true", "false"),
    "save_model_on_termination": _choice("true", "false"),
    "use_dask_gpu_training": _choice("true", "false"),
}

ALIASES = {
    "learning_rate": "eta",
    "min_split_loss": "gamma",
    "reg_lambda": "lambda",
    "reg_alpha": "alpha",
}

# Accepted (SageMaker accepts them) but not passed to XGBoost, with the reason logged.
IGNORED = {
    "silent": "replaced by verbosity in XGBoost 1.0 (silent=1 sets verbosity=0)",
    "dsplit": "removed from XGBoost",
    "predictor": "removed from XGBoost 2.0; prediction picks its method itself",
    "lambda_bias": "removed from XGBoost",
    "sketch_eps": "no longer used by XGBoost 2.0 (use max_bin)",
    "single_precision_histogram": "GPU-only, and dagmaker trains on CPU",
    "deterministic_histogram": "GPU-only, and dagmaker trains on CPU",
    "save_model_on_termination": "the model is written once training ends",
    "use_dask_gpu_training": "GPU-only, and dagmaker trains on CPU",
}

# Consumed by the algorithm itself rather than passed to XGBoost's booster.
ALGORITHM_ONLY = frozenset(
    {"num_round", "csv_weights", "early_stopping_rounds", "eval_metric", "_tuning_objective_metric"}
)
