"""The candidate pipelines AutoML searches: algorithms, their hyperparameter ranges, anchors.

A pure table. The runner's search samples from it; the training program builds the
estimator it names. The anchors are tried first, in order, before the search proposes
its own: XGBoost with XGBoost's defaults (so the job never does worse than a plain
XGBoost), a slower, more regularised XGBoost, then one default of each other family.

``CandidateGenerationConfig.AlgorithmsConfig`` names SageMaker's algorithms; they map to
these (``lightgbm`` to scikit-learn's histogram gradient boosting, the LightGBM
algorithm; ``mlp``, ``nn-torch`` and ``fastai`` to scikit-learn's multi-layer
perceptron). ``catboost`` has no counterpart here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INT = "int"
FLOAT = "float"


@dataclass(frozen=True)
class Param:
    """One hyperparameter's range.

    Attributes:
        name: The estimator's argument name.
        kind: ``int`` or ``float``.
        low: Smallest value.
        high: Largest value.
        log: Sample on a logarithmic scale.
    """

    name: str
    kind: str
    low: float
    high: float
    log: bool = False

    def parse(self, text: str) -> int | float:
        """The value of a hyperparameter string, clipped to the range.

        Raises:
            ValueError: when ``text`` is not a number.
        """
        value = float(text)
        value = min(max(value, self.low), self.high)
        return round(value) if self.kind == INT else value


@dataclass(frozen=True)
class Algorithm:
    """A model family of the search.

    Attributes:
        name: dagmaker's name for it (a candidate's ``algorithm`` hyperparameter).
        params: Its searched hyperparameters.
        description: What it is, for logs and documentation.
    """

    name: str
    params: tuple[Param, ...]
    description: str

    def param(self, name: str) -> Param:
        """The range of ``name``.

        Raises:
            KeyError: for a hyperparameter the algorithm does not search.
        """
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)


ALGORITHMS: dict[str, Algorithm] = {
    a.name: a
    for a in (
        Algorithm(
            "xgboost",
            (
                Param("n_estimators", INT, 50, 600, log=True),
                Param("max_depth", INT, 2, 10),
                Param("learning_rate", FLOAT, 0.01, 0.3, log=True),
                Param("subsample", FLOAT, 0.5, 1.0),
                Param("colsample_bytree", FLOAT, 0.4, 1.0),
                Param("min_child_weight", FLOAT, 0.5, 20.0, log=True),
                Param("reg_lambda", FLOAT, 0.001, 10.0, log=True),
                Param("reg_alpha", FLOAT, 0.0, 1.0),
            ),
            "XGBoost gradient-boosted trees",
        ),
        Algorithm(
            "hist_gradient_boosting",
            (
                Param("max_iter", INT, 50, 500, log=True),
                Param("learning_rate", FLOAT, 0.02, 0.3, log=True),
                Param("max_leaf_nodes", INT, 8, 64, log=True),
                Param("min_samples_leaf", INT, 5, 50, log=True),
                Param("l2_regularization", FLOAT, 0.0, 10.0),
            ),
            "histogram gradient boosting (scikit-learn; LightGBM's algorithm)",
        ),
        Algorithm(
            "random_forest",
            (
                Param("n_estimators", INT, 50, 300, log=True),
                Param("max_features", FLOAT, 0.2, 1.0),
                Param("min_samples_leaf", INT, 1, 10, log=True),
            ),
            "random forest (scikit-learn)",
        ),
        Algorithm(
            "extra_trees",
            (
                Param("n_estimators", INT, 50, 300, log=True),
                Param("max_features", FLOAT, 0.2, 1.0),
                Param("min_samples_leaf", INT, 1, 10, log=True),
            ),
            "extremely randomised trees (scikit-learn)",
        ),
        Algorithm(
            "linear",
            (Param("regularization", FLOAT, 0.0001, 100.0, log=True),),
            "logistic or ridge regression on scaled, one-hot encoded features",
        ),
        Algorithm(
            "mlp",
            (
                Param("hidden_units", INT, 16, 256, log=True),
                Param("alpha", FLOAT, 0.00001, 0.1, log=True),
                Param("learning_rate_init", FLOAT, 0.0003, 0.03, log=True),
            ),
            "multi-layer perceptron (scikit-learn)",
        ),
    )
}

SAGEMAKER_ALGORITHMS: dict[str, str] = {
    "xgboost": "xgboost",
    "lightgbm": "hist_gradient_boosting",
    "randomforest": "random_forest",
    "extra-trees": "extra_trees",
    "linear-learner": "linear",
    "mlp": "mlp",
    "nn-torch": "mlp",
    "fastai": "mlp",
}


@dataclass(frozen=True)
class Anchor:
    """A fixed candidate tried before the search proposes its own."""

    algorithm: str
    params: dict[str, Any] = field(default_factory=dict)


ANCHORS: tuple[Anchor, ...] = (
    Anchor(
        "xgboost",
        {
            "n_estimators": 100,
            "max_depth": 6,
            "learning_rate": 0.3,
            "subsample": 1.0,
            "colsample_bytree": 1.0,
            "min_child_weight": 1.0,
            "reg_lambda": 1.0,
            "reg_alpha": 0.0,
        },
    ),
    Anchor(
        "xgboost",
        {
            "n_estimators": 300,
            "max_depth": 4,
            "learning_rate": 0.05,
            "subsample": 0.8,
            "colsample_bytree": 0.8,
            "min_child_weight": 1.0,
            "reg_lambda": 1.0,
            "reg_alpha": 0.0,
        },
    ),
    Anchor("random_forest", {"n_estimators": 100, "max_features": 0.5, "min_samples_leaf": 1}),
    Anchor(
        "hist_gradient_boosting",
        {
            "max_iter": 100,
            "learning_rate": 0.1,
            "max_leaf_nodes": 31,
            "min_samples_leaf": 20,
            "l2_regularization": 0.0,
        },
    ),
    Anchor("linear", {"regularization": 1.0}),
    Anchor("extra_trees", {"n_estimators": 100, "max_features": 0.7, "min_samples_leaf": 1}),
)


def algorithms_for(sagemaker_names: list[str] | None) -> list[str]:
    """The algorithms for an ``AutoMLAlgorithms`` list (all of them when None).

    Raises:
        ValueError: naming an algorithm dagmaker does not have.
    """
    if not sagemaker_names:
        return list(ALGORITHMS)
    chosen: list[str] = []
    for name in sagemaker_names:
        ours = SAGEMAKER_ALGORITHMS.get(str(name).lower())
        if ours is None:
            raise ValueError(
                f"algorithm {name!r} is not available locally; use "
                f"{', '.join(sorted(SAGEMAKER_ALGORITHMS))}"
            )
        if ours not in chosen:
            chosen.append(ours)
    return chosen


def anchors_for(algorithms: list[str]) -> list[Anchor]:
    """The anchors of the allowed algorithms, in order."""
    return [anchor for anchor in ANCHORS if anchor.algorithm in algorithms]


def hyperparameters(algorithm: str, params: dict[str, Any]) -> dict[str, str]:
    """A candidate's searched settings as training-job hyperparameters (strings)."""
    return {"algorithm": algorithm, **{name: repr(value) for name, value in params.items()}}


def parse_params(algorithm: str, hyperparameters: dict[str, str]) -> dict[str, int | float]:
    """The searched settings of ``algorithm`` found in ``hyperparameters``.

    Raises:
        ValueError: for an unknown algorithm or a value that is not a number.
    """
    spec = ALGORITHMS.get(algorithm)
    if spec is None:
        raise ValueError(f"unknown algorithm {algorithm!r}; known: {', '.join(ALGORITHMS)}")
    found: dict[str, int | float] = {}
    for param in spec.params:
        if param.name in hyperparameters:
            try:
                found[param.name] = param.parse(hyperparameters[param.name])
            except ValueError:
                raise ValueError(
                    f"hyperparameter {param.name}={hyperparameters[param.name]!r} is not a number"
                ) from None
    return found
