"""What a finished monitoring run found: its violations and the metrics it emits.

The analysis containers write their results to the run's output: Model Monitor's
analyzer ``statistics.json`` and ``constraint_violations.json``, Clarify
``analysis.json`` (and ``constraint_violations.json`` against a baseline). The run is
``CompletedWithViolations`` when the violations file lists any. Its metrics are what
Model Monitor publishes to CloudWatch (``specs/monitor-formats.md`` §4.6):

- data quality: the analyzer's own metric file (``/opt/ml/output/metrics/cloudwatch``,
  PutMetricData entries: ``feature_data_<f>``, ``feature_non_null_<f>``,
  ``feature_baseline_drift_<f>``);
- model quality: one metric per scalar metric of ``statistics.json`` (``mae``, ``f1``…);
- bias: ``bias_metric_<NAME>`` per facet value, stage and label;
- explainability: ``feature_<name>`` (global SHAP value) and ``ExpectedValue`` per label.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dagmaker._lib.s3uri import is_s3_uri
from dagmaker.errors import NotFound
from dagmaker.records.monitoring import MetricPoint
from dagmaker.storage.artifacts.protocol import ArtifactStore

JSON = Any
VIOLATIONS = "constraint_violations.json"
STATISTICS = "statistics.json"
ANALYSIS = "analysis.json"
METRICS_DIR = Path("output") / "metrics" / "cloudwatch"
# +/-Infinity are published as this value (CloudWatch has no infinities).
INFINITY = 2.348543e108
_NAMESPACES = {
    "DataQuality": "data-metric",
    "ModelQuality": "model-metrics",
    "ModelBias": "bias-metrics",
    "ModelExplainability": "explainability-metrics",
}
_BIAS_STAGES = {
    "pre_training_bias_metrics": "Pre-training",
    "post_training_bias_metrics": "Post-training",
}
_QUALITY_KEYS = (
    "regression_metrics",
    "binary_classification_metrics",
    "multiclass_classification_metrics",
)


@dataclass
class RunResults:
    """How a run ended and what it emits."""

    violations: int = 0
    metrics: list[MetricPoint] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``MonitoringExecutionStatus`` of a run whose job completed."""
        return "CompletedWithViolations" if self.violations else "Completed"

    @property
    def exit_message(self) -> str:
        """The processing job's ``ExitMessage``, as Model Monitor words it."""
        if self.violations:
            return (
                f"CompletedWithViolations: Job completed successfully with "
                f"{self.violations} violations."
            )
        return "Completed: Job completed successfully with no violations."


@dataclass(frozen=True)
class RunContext:
    """Who ran, for which endpoint and schedule, and when its values stand."""

    monitoring_type: str
    schedule: str
    endpoint: str
    job_name: str
    timestamp: datetime
    publish: bool


def count_violations(store: ArtifactStore, output: str) -> int:
    """How many violations the run's ``constraint_violations.json`` lists (0 if none)."""
    document = read_json(store, f"{output}/{VIOLATIONS}")
    violations = document.get("violations") if isinstance(document, dict) else None
    return len(violations) if isinstance(violations, list) else 0


def read_json(store: ArtifactStore, uri: str) -> JSON:
    """The JSON document at ``uri``, or None when there is none (or it is not JSON)."""
    if not is_s3_uri(uri):
        return None
    try:
        return json.loads(store.read_bytes(uri))
    except (NotFound, FileNotFoundError, ValueError):
        return None


def namespace(run: RunContext) -> str:
    """The CloudWatch namespace of the run's metrics."""
    place = "Endpoints" if run.endpoint else "ModelMonitoring"
    return f"/aws/sagemaker/{place}/{_NAMESPACES.get(run.monitoring_type, 'data-metric')}"


def metrics_of(
    run: RunContext, store: ArtifactStore, output: str, workspace: Path
) -> list[MetricPoint]:
    """The run's metric points (none when it does not publish metrics)."""
    if not run.publish:
        return []
    if run.monitoring_type == "ModelQuality":
        entries = list(_quality_entries(read_json(store, f"{output}/{STATISTICS}")))
    elif run.monitoring_type == "ModelBias":
        entries = list(_bias_entries(read_json(store, f"{output}/{ANALYSIS}")))
    elif run.monitoring_type == "ModelExplainability":
        entries = list(_explainability_entries(read_json(store, f"{output}/{ANALYSIS}")))
    else:
        entries = list(_metric_file_entries(workspace / METRICS_DIR))
    return [_point(run, entry) for entry in entries]


def _point(run: RunContext, entry: dict[str, JSON]) -> MetricPoint:
    dimensions = {"MonitoringSchedule": run.schedule}
    if run.endpoint:
        dimensions["Endpoint"] = run.endpoint
    for item in entry.get("Dimensions") or []:
        dimensions[str(item["Name"])] = str(item["Value"])
    statistics = entry.get("StatisticValues")
    value = entry.get("Value")
    return MetricPoint(
        schedule_name=run.schedule,
        metric_name=str(entry["MetricName"]),
        timestamp=run.timestamp,
        value=None if value is None else float(value),
        statistics={k: float(v) for k, v in statistics.items()} if statistics else None,
        namespace=namespace(run),
        dimensions=dimensions,
        endpoint_name=run.endpoint,
        job_name=run.job_name,
    )


def _metric_file_entries(folder: Path) -> Iterator[dict[str, JSON]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            entry = _entry(line)
            if entry is not None:
                yield entry


def _entry(line: str) -> dict[str, JSON] | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    if not isinstance(entry, dict) or not entry.get("MetricName"):
        return None
    if entry.get("Value") is None and not entry.get("StatisticValues"):
        return None
    return entry


def _quality_entries(statistics: JSON) -> Iterator[dict[str, JSON]]:
    if not isinstance(statistics, dict):
        return
    for key in _QUALITY_KEYS:
        for name, metric in sorted((statistics.get(key) or {}).items()):
            value = metric.get("value") if isinstance(metric, dict) else None
            if isinstance(value, (int, float)) and math.isfinite(value):
                yield {"MetricName": name, "Value": float(value)}


def _bias_entries(analysis: JSON) -> Iterator[dict[str, JSON]]:
    if not isinstance(analysis, dict):
        return
    for key, stage in _BIAS_STAGES.items():
        section = analysis.get(key) or {}
        label = str(section.get("label", ""))
        label_value = str(section.get("label_value_or_threshold", ""))
        for facet, groups in sorted((section.get("facets") or {}).items()):
            for group in groups or []:
                for metric in group.get("metrics") or []:
                    value = _number(metric.get("value"))
                    if value is None:
                        continue
                    dimensions = {
                        "BiasStage": stage,
                        "Label": label,
                        "LabelValue": label_value,
                        "Facet": str(facet),
                        "FacetValue": str(group.get("value_or_threshold", "")),
                    }
                    yield _named(f"bias_metric_{metric.get('name')}", value, dimensions)


def _explainability_entries(analysis: JSON) -> Iterator[dict[str, JSON]]:
    if not isinstance(analysis, dict):
        return
    shap = (analysis.get("explanations") or {}).get("kernel_shap") or {}
    for label, result in sorted(shap.items()):
        common = {"ExplainabilityMethod": "KernelShap", "Label": str(label)}
        for feature, raw in sorted((result.get("global_shap_values") or {}).items()):
            value = _number(raw)
            if value is not None:
                yield _named(
                    f"feature_{feature}", value, dict(common, ValueType="GlobalShapValues")
                )
        expected = _number(result.get("expected_value"))
        if expected is not None:
            yield _named("ExpectedValue", expected, dict(common, ValueType="ExpectedValue"))


def _named(name: str, value: float, dimensions: dict[str, str]) -> dict[str, JSON]:
    return {
        "MetricName": name,
        "Value": value,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
    }


def _number(value: JSON) -> float | None:
    if value in ("Infinity", "-Infinity"):
        return INFINITY if value == "Infinity" else -INFINITY
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if math.isinf(value):
        return math.copysign(INFINITY, value)
    return None if math.isnan(value) else float(value)
