"""A candidate's parts: feature preprocessing, and the estimator of its algorithm.

Preprocessing: numbers get their median where missing (plus a missing-value indicator);
categories a ``__missing__`` value, then an ordinal code (tree models) or a one-hot
column for each of their ``MAX_CATEGORIES`` most frequent values (linear models and
networks, which also get standardised numbers). Estimators use one thread: a job runs
several candidates side by side.
"""

from __future__ import annotations

from typing import Any

from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from xgboost import XGBClassifier, XGBRegressor

from dagmaker.runners.builtin.automl.schema import NUMERIC, Schema

MAX_CATEGORIES = 32
MISSING = "__missing__"
SCALED = ("linear", "mlp")
FORESTS = ("random_forest", "extra_trees")
MIN_TREES_PER_FOLD = 10


def per_fold(algorithm: str, params: dict[str, Any], folds: int) -> dict[str, Any]:
    """The settings of one fold's estimator when a candidate is a bag of ``folds``.

    A forest's trees are shared out among the folds: averaged, the fold forests are one
    forest of ``n_estimators`` trees, and the model stays the size of one.
    """
    if algorithm not in FORESTS or folds < 2 or "n_estimators" not in params:
        return dict(params)
    share = max(MIN_TREES_PER_FOLD, -(-int(params["n_estimators"]) // folds))
    return {**params, "n_estimators": share}


def preprocessor(schema: Schema, *, scaled: bool) -> ColumnTransformer:
    """The feature transformation (see the module notes)."""
    numeric = [f.name for f in schema.features if f.kind == NUMERIC]
    categorical = [f.name for f in schema.features if f.kind != NUMERIC]
    number_steps: list[tuple[str, Any]] = [
        ("impute", SimpleImputer(strategy="median", add_indicator=True, keep_empty_features=True))
    ]
    if scaled:
        number_steps.append(("scale", StandardScaler()))
    encoder: Any = (
        OneHotEncoder(
            handle_unknown="infrequent_if_exist", max_categories=MAX_CATEGORIES, sparse_output=False
        )
        if scaled
        else OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
    )
    category_steps = [
        ("impute", SimpleImputer(strategy="constant", fill_value=MISSING)),
        ("encode", encoder),
    ]
    transformers: list[tuple[str, Any, list[str]]] = []
    if numeric:
        transformers.append(("numeric", Pipeline(number_steps), numeric))
    if categorical:
        transformers.append(("categorical", Pipeline(category_steps), categorical))
    return ColumnTransformer(transformers, sparse_threshold=0.0)


def estimator(algorithm: str, params: dict[str, Any], classification: bool, seed: int) -> Any:
    """The estimator of ``algorithm`` with ``params``.

    Raises:
        ValueError: for an unknown algorithm.
    """
    builders = {
        "xgboost": _xgboost,
        "hist_gradient_boosting": _hist_gradient_boosting,
        "random_forest": _random_forest,
        "extra_trees": _extra_trees,
        "linear": _linear,
        "mlp": _mlp,
    }
    build = builders.get(algorithm)
    if build is None:
        raise ValueError(f"unknown algorithm {algorithm!r}; known: {', '.join(builders)}")
    return build(dict(params), classification, seed)


def _xgboost(params: dict[str, Any], classification: bool, seed: int) -> Any:
    settings = {"n_jobs": 1, "random_state": seed, "verbosity": 0, "tree_method": "hist", **params}
    return XGBClassifier(**settings) if classification else XGBRegressor(**settings)


def _hist_gradient_boosting(params: dict[str, Any], classification: bool, seed: int) -> Any:
    settings = {"early_stopping": False, "random_state": seed, **params}
    if classification:
        return HistGradientBoostingClassifier(**settings)
    return HistGradientBoostingRegressor(**settings)


def _random_forest(params: dict[str, Any], classification: bool, seed: int) -> Any:
    settings = {"n_jobs": 1, "random_state": seed, **params}
    return (
        RandomForestClassifier(**settings) if classification else RandomForestRegressor(**settings)
    )


def _extra_trees(params: dict[str, Any], classification: bool, seed: int) -> Any:
    settings = {"n_jobs": 1, "random_state": seed, **params}
    return ExtraTreesClassifier(**settings) if classification else ExtraTreesRegressor(**settings)


def _linear(params: dict[str, Any], classification: bool, seed: int) -> Any:
    strength = float(params.get("regularization", 1.0))
    if classification:
        return LogisticRegression(C=1.0 / strength, max_iter=2000, random_state=seed)
    return TransformedTargetRegressor(Ridge(alpha=strength), transformer=StandardScaler())


def _mlp(params: dict[str, Any], classification: bool, seed: int) -> Any:
    settings = {
        "hidden_layer_sizes": (int(params.get("hidden_units", 64)),),
        "alpha": float(params.get("alpha", 0.0001)),
        "learning_rate_init": float(params.get("learning_rate_init", 0.001)),
        # Training stops once the loss stops improving; early stopping on a held-back
        # tenth would starve small data sets.
        "max_iter": 300,
        "random_state": seed,
    }
    if classification:
        return MLPClassifier(**settings)
    return TransformedTargetRegressor(MLPRegressor(**settings), transformer=StandardScaler())
