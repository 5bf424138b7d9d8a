"""Kernel SHAP feature attributions, as Clarify's ``shap`` method computes and reports them.

The model is only called through ``predict`` (rows of features → one score per row, or
one column of scores per label). Settings follow Clarify's ``SHAPConfig``:

- ``baseline``: background rows; without them the data are summarised by k-means into
  ``num_clusters`` weighted centres (10 when not given, fewer for small data);
- ``num_samples``: coalitions evaluated per record (shap's default, 2·M + 2048, capped at
  every coalition, when not given);
- ``agg_method``: how local values become global ones — ``mean_abs`` (default), ``median``
  (of absolute values) or ``mean_sq``;
- ``use_logit``: attribute in log-odds rather than probability;
- ``seed``: makes the sampled coalitions repeatable.

Every feature is attributed (no L1 feature selection), so each record's values add up to
its prediction minus the expected value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dagmaker.errors import DagmakerError

AGGREGATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "mean_abs": lambda values: np.mean(np.abs(values), axis=0),
    "median": lambda values: np.median(np.abs(values), axis=0),
    "mean_sq": lambda values: np.mean(values * values, axis=0),
}
DEFAULT_CLUSTERS = 10


class ExplainInputError(DagmakerError):
    """The data or settings of an explainability analysis cannot be used."""

    headline = "Invalid explainability input"


@dataclass(frozen=True)
class ShapSettings:
    """Clarify's ``methods.shap`` settings (see the module notes)."""

    baseline: np.ndarray | None = None
    num_samples: int | None = None
    agg_method: str = "mean_abs"
    use_logit: bool = False
    seed: int | None = None
    num_clusters: int | None = None

    def __post_init__(self) -> None:
        if self.agg_method not in AGGREGATIONS:
            raise ExplainInputError(
                f"shap agg_method {self.agg_method!r} is unknown; use {', '.join(AGGREGATIONS)}",
                field="methods.shap.agg_method",
            )
        if self.num_samples is not None and self.num_samples < 1:
            raise ExplainInputError("shap num_samples must be at least 1", value=self.num_samples)


@dataclass
class LabelExplanation:
    """The attributions for one model output.

    Attributes:
        label: ``label0``, ``label1``… or the given label header.
        expected_value: The mean prediction over the baseline (in log-odds with use_logit).
        global_values: Feature → aggregated attribution.
        local_values: One row of attributions per record, features in input order.
    """

    label: str
    expected_value: float
    global_values: dict[str, float]
    local_values: np.ndarray = field(repr=False)


def explain(
    features: np.ndarray,
    names: Sequence[str],
    predict: Callable[[np.ndarray], np.ndarray],
    settings: ShapSettings,
    label_headers: Sequence[str] | None = None,
) -> list[LabelExplanation]:
    """Kernel SHAP values of every record, per model output.

    Raises:
        ExplainInputError: for no records, a baseline of the wrong width, or a model
            output the label headers do not fit.
    """
    _check(features, names, settings)
    shap = _shap()
    background = _background(shap, features, settings)
    explainer = shap.KernelExplainer(
        predict, background, link="logit" if settings.use_logit else "identity"
    )
    if settings.seed is not None:
        np.random.seed(settings.seed)  # shap draws its coalitions from numpy's global state
    options: dict[str, Any] = {"silent": True, "l1_reg": False}
    if settings.num_samples is not None:
        options["nsamples"] = settings.num_samples
    values = np.asarray(explainer.shap_values(features, **options))
    per_label = [values] if values.ndim == 2 else [values[:, :, i] for i in range(values.shape[2])]
    expected = np.atleast_1d(np.asarray(explainer.expected_value, dtype=float))
    labels = _labels(len(per_label), label_headers)
    aggregate = AGGREGATIONS[settings.agg_method]
    return [
        LabelExplanation(
            label=label,
            expected_value=float(expected[i]),
            global_values=dict(zip(names, aggregate(local).tolist(), strict=True)),
            local_values=local,
        )
        for i, (label, local) in enumerate(zip(labels, per_label, strict=True))
    ]


def kernel_shap_section(explanations: Sequence[LabelExplanation]) -> dict[str, Any]:
    """``explanations.kernel_shap`` of ``analysis.json``."""
    return {
        e.label: {"global_shap_values": e.global_values, "expected_value": e.expected_value}
        for e in explanations
    }


def _check(features: np.ndarray, names: Sequence[str], settings: ShapSettings) -> None:
    if features.ndim != 2 or len(features) == 0:
        raise ExplainInputError("there are no records to explain")
    if features.shape[1] != len(names):
        raise ExplainInputError(f"{features.shape[1]} feature columns but {len(names)} names")
    if settings.baseline is not None and (
        settings.baseline.ndim != 2 or settings.baseline.shape[1] != features.shape[1]
    ):
        raise ExplainInputError(
            f"the shap baseline rows must have the {features.shape[1]} features "
            f"{', '.join(names)}; got rows of shape {settings.baseline.shape[1:]}",
            field="methods.shap.baseline",
        )


def _shap() -> Any:
    # Imported on use: shap takes seconds to load, and bias-only analyses never need it.
    try:
        import shap
    except ImportError:
        raise ExplainInputError(
            "SHAP explanations need the shap package: pip install 'dagmaker[explain]'"
        ) from None
    return shap


def _background(shap: Any, features: np.ndarray, settings: ShapSettings) -> Any:
    if settings.baseline is not None:
        return settings.baseline
    distinct = len(np.unique(features, axis=0))
    clusters = min(settings.num_clusters or DEFAULT_CLUSTERS, distinct)
    if clusters >= distinct:
        return np.unique(features, axis=0)
    return shap.kmeans(features, clusters)


def _labels(count: int, headers: Sequence[str] | None) -> list[str]:
    if not headers:
        return [f"label{i}" for i in range(count)]
    if len(headers) != count:
        raise ExplainInputError(
            f"the model gives {count} output(s) to explain but label_headers names "
            f"{len(headers)}: {', '.join(headers)}",
            field="predictor.label_headers",
        )
    return list(headers)
