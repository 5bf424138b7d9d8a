"""Turn the job's ``hyperparameters.json`` into a checked XGBoost training configuration.

SageMaker writes every value as a string. Names, aliases and ranges are those of the
built-in algorithm (`xgboost_hyperparameter_specs`); anything unknown or malformed
raises `JobFailure` naming the hyperparameter, the value and what is accepted.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin import xgboost_hyperparameter_specs as specs
from dagmaker.runners.builtin.xgboost_container_metrics import CONTAINER_METRICS
from dagmaker.runners.builtin.xgboost_metrics import BUILTIN_XGBOOST_METRICS

_THRESHOLD = re.compile(r"^(?P<name>[a-z]+)(?:@(?P<value>.*?))?(?P<minus>-)?$")


@dataclass(frozen=True)
class TrainingConfig:
    """What the algorithm needs to call ``xgboost.train``.

    Attributes:
        num_round: Boosting rounds.
        params: Booster parameters, XGBoost names (``eval_metric`` as a list).
        container_metrics: Metrics computed by the algorithm from predictions.
        early_stopping_rounds: Rounds without improvement before stopping, or None.
        early_stopping_metric: Metric watched for early stopping (None: XGBoost's choice).
        csv_weights: Whether CSV rows carry an instance weight in the second column.
        ignored: ``name: reason`` for accepted hyperparameters that have no effect.
    """

    num_round: int
    params: dict[str, Any]
    container_metrics: tuple[str, ...] = ()
    early_stopping_rounds: int | None = None
    early_stopping_metric: str | None = None
    csv_weights: bool = False
    ignored: tuple[str, ...] = field(default=())


def _fail(name: str, message: str, value: Any = None) -> JobFailure:
    return JobFailure(
        f"Hyperparameter {name}: {message}", field=f"HyperParameters.{name}", value=value
    )


def canonical_names(raw: Mapping[str, Any]) -> dict[str, str]:
    """Resolve aliases, drop ``sagemaker_*`` keys and reject unknown names.

    SageMaker's training toolkit strips ``sagemaker_``-prefixed keys before the algorithm
    sees them, so they are dropped here too.
    """
    names: dict[str, str] = {}
    for key, value in raw.items():
        if key.startswith("sagemaker_"):
            continue
        name = specs.ALIASES.get(key, key)
        if name not in specs.SPECS:
            raise _fail(
                key,
                "not a hyperparameter of the built-in XGBoost algorithm (extraneous "
                "hyperparameter); remove it or check its spelling",
                value,
            )
        if name in names:
            raise _fail(key, f"given twice, as {name!r} and as its alias {key!r}; keep one", value)
        names[name] = value if isinstance(value, str) else json.dumps(value)
    return names


def _parse_int(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = _parse_float(name, text, "an integer")
        if not number.is_integer():
            raise _fail(name, f"expected an integer, got {text!r}", text) from None
        return int(number)


def _parse_float(name: str, text: str, expected: str = "a number") -> float:
    try:
        number = float(text)
    except ValueError:
        raise _fail(name, f"expected {expected}, got {text!r}", text) from None
    if not math.isfinite(number):
        raise _fail(name, f"expected a finite number, got {text!r}", text)
    return number


def _check_range(name: str, number: float, spec: specs.Spec, text: str) -> None:
    below = number < spec.low or (spec.low_open and number == spec.low)
    above = number > spec.high or (spec.high_open and number == spec.high)
    if below or above:
        raise _fail(name, f"{text} is not in {spec.describe_range()}", text)


def _parse_choice(name: str, text: str, choices: tuple[str, ...]) -> str:
    if "gpu" in text:
        raise _fail(name, f"{text!r} needs a GPU; dagmaker trains on CPU", text)
    if text not in choices:
        raise _fail(name, f"{text!r} is not one of: {', '.join(choices)}", text)
    return text


def parse_eval_metric(name: str, metric: str) -> str:
    """Check one ``eval_metric`` entry (``rmse``, ``error@0.7``, ``ndcg@5-``, ``f1``)."""
    if metric in specs.NATIVE_METRICS or metric in CONTAINER_METRICS:
        return metric
    match = _THRESHOLD.match(metric)
    if match and match["name"] in specs.THRESHOLD_METRICS:
        if match["value"] is not None:
            _parse_float(name, match["value"], f"a number after '@' in {metric!r}")
        return metric
    known = ", ".join(sorted(specs.NATIVE_METRICS | CONTAINER_METRICS))
    raise _fail(
        name,
        f"unknown metric {metric!r}; choose from {known} (error, ndcg, map and pre also "
        "take @<threshold>)",
        metric,
    )


def _parse_list(name: str, text: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise _fail(name, "expected a comma-separated list, got an empty value", text)
    return items


def _parse_updater(name: str, text: str) -> str:
    items = _parse_list(name, text)
    unknown = [item for item in items if item not in specs.UPDATERS]
    if unknown:
        raise _fail(
            name,
            f"unknown updater {unknown[0]!r}; choose from {', '.join(sorted(specs.UPDATERS))}",
            text,
        )
    return ",".join(items)


def _parse_constraints(name: str, text: str) -> str:
    inner = text.strip().removeprefix("(").removesuffix(")")
    try:
        values = [int(item) for item in inner.split(",")]
    except ValueError:
        values = []
    if not values or any(value not in (-1, 0, 1) for value in values):
        raise _fail(name, f"expected a tuple of -1, 0 and 1 such as (1,0,-1), got {text!r}", text)
    return "(" + ",".join(str(value) for value in values) + ")"


def _parse_groups(name: str, text: str) -> str:
    try:
        groups = json.loads(text)
    except json.JSONDecodeError:
        groups = None
    valid = isinstance(groups, list) and all(
        isinstance(group, list) and all(isinstance(i, int) and i >= 0 for i in group)
        for group in groups
    )
    if not valid:
        raise _fail(
            name,
            f"expected a list of feature-index lists such as [[0,1],[2,3]], got {text!r}",
            text,
        )
    return json.dumps(groups, separators=(",", ":"))


def parse_value(name: str, text: str) -> Any:
    """Parse and range-check one hyperparameter value given as text."""
    spec = specs.SPECS[name]
    text = text.strip()
    if spec.kind in ("int", "float"):
        number: float = _parse_int(name, text) if spec.kind == "int" else _parse_float(name, text)
        _check_range(name, number, spec, text)
        return number
    if name == "_tuning_objective_metric":
        return _parse_choice(name, text, tuple(sorted(BUILTIN_XGBOOST_METRICS)))
    if spec.kind == "choice":
        return _parse_choice(name, text, spec.choices)
    if spec.kind == "metrics":
        return [parse_eval_metric(name, metric) for metric in _parse_list(name, text)]
    if spec.kind == "updater":
        return _parse_updater(name, text)
    if spec.kind == "constraints":
        return _parse_constraints(name, text)
    return _parse_groups(name, text)


def _check_objective(values: dict[str, Any]) -> None:
    objective = values.get("objective", "reg:squarederror")
    multi = objective.startswith("multi:")
    if multi and "num_class" not in values:
        raise _fail(
            "num_class", f"required for objective {objective!r}: set it to the number of classes"
        )
    if not multi and "num_class" in values:
        raise _fail(
            "num_class", f"only used by multi-class objectives, not {objective!r}; remove it"
        )
    metrics = values.get("eval_metric", [])
    if any(m.startswith("auc") for m in metrics) and objective.split(":")[0] not in (
        "binary",
        "multi",
        "rank",
    ):
        raise _fail(
            "eval_metric", f"'auc' only applies to classification and ranking, not {objective!r}"
        )
    if values.get("use_dask_gpu_training") == "true":
        raise _fail(
            "use_dask_gpu_training", "GPU training is not available in dagmaker; set it to false"
        )


def _eval_metrics(values: dict[str, Any]) -> tuple[list[str], list[str], str | None]:
    """Native metrics, container metrics, and the metric watched for early stopping."""
    requested = list(values.get("eval_metric", []))
    objective_metric = values.get("_tuning_objective_metric")
    watched = requested[-1] if requested else None
    if objective_metric:
        # A tuning job's objective must be evaluated (and drives early stopping).
        watched = objective_metric.split(":", 1)[1]
        if watched not in requested:
            requested.append(watched)
    native = [m for m in requested if m not in CONTAINER_METRICS]
    container = [m for m in requested if m in CONTAINER_METRICS]
    return native, container, watched


def _booster_params(values: dict[str, Any]) -> dict[str, Any]:
    params = {
        k: v for k, v in values.items() if k not in specs.ALGORITHM_ONLY and k not in specs.IGNORED
    }
    if params.get("objective") == "reg:linear":
        params["objective"] = "reg:squarederror"  # the deprecated name, removed from XGBoost
    if values.get("silent") == 1 and "verbosity" not in values:
        params["verbosity"] = 0
    return params


def training_config(raw: Mapping[str, Any]) -> TrainingConfig:
    """Check the job's hyperparameters and build the training configuration.

    Args:
        raw: The contents of ``hyperparameters.json`` (string values).

    Raises:
        JobFailure: For an unknown name, a malformed or out-of-range value, a missing
            ``num_round`` or inconsistent settings, naming the hyperparameter.
    """
    values = {name: parse_value(name, text) for name, text in canonical_names(raw).items()}
    if "num_round" not in values:
        raise _fail(
            "num_round", "missing required hyperparameter: set the number of boosting rounds"
        )
    _check_objective(values)
    native, container, watched = _eval_metrics(values)
    params = _booster_params(values)
    if native:
        params["eval_metric"] = native
    return TrainingConfig(
        num_round=int(values["num_round"]),
        params=params,
        container_metrics=tuple(container),
        early_stopping_rounds=values.get("early_stopping_rounds"),
        early_stopping_metric=watched,
        csv_weights=values.get("csv_weights") == 1,
        ignored=tuple(
            f"{name} has no effect: {specs.IGNORED[name]}"
            for name in values
            if name in specs.IGNORED
        ),
    )
