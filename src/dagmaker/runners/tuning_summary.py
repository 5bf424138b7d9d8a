"""The documents of a tuning job: trial summaries, counters, best job, list sorting.

``TrainingJobSummaries`` in a tuning step's properties are sorted best first, so that
``TrainingJobSummaries[k]`` is the k-th best model (the SDK's ``get_top_model_s3_uri``):
completed trials by objective value, then trials stopped early (their models were not
saved), then those still running, then failed ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dagmaker.errors import InvalidRequest
from dagmaker.runners.describe import job_arn, without_none
from dagmaker.runners.tuning_trials import Trial

SORT_FIELDS = ("Name", "CreationTime", "Status", "FinalObjectiveMetricValue")


def trial_summary(
    trial: Trial, tuning_job: str, metric: str, objective_type: str
) -> dict[str, Any]:
    """A HyperParameterTrainingJobSummary of one trial."""
    record = trial.record
    final = None
    if trial.objective is not None:
        final = {"Type": objective_type, "MetricName": metric, "Value": trial.objective}
    if trial.objective is not None:
        objective_status = "Succeeded"
    else:
        objective_status = "Pending" if trial.running else "Failed"
    return without_none(
        {
            "TrainingJobName": trial.name,
            "TrainingJobArn": job_arn("training-job", trial.name),
            "TuningJobName": tuning_job,
            "CreationTime": record.get("CreationTime"),
            "TrainingStartTime": record.get("TrainingStartTime"),
            "TrainingEndTime": record.get("TrainingEndTime"),
            "TrainingJobStatus": trial.status,
            "TunedHyperParameters": dict(trial.tuned),
            "FailureReason": trial.failure_reason or None,
            "FinalHyperParameterTuningJobObjectiveMetric": final,
            "ObjectiveStatus": objective_status,
        }
    )


def objective_value(summary: dict[str, Any]) -> float | None:
    """A summary's final objective value, if it has one."""
    final = summary.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    value = final.get("Value")
    return float(value) if value is not None else None


def _rank(summary: dict[str, Any], maximize: bool) -> tuple[int, float, str]:
    value = objective_value(summary)
    status = summary.get("TrainingJobStatus")
    created = str(summary.get("CreationTime") or "")
    if value is not None:
        group = 0 if status == "Completed" else 1
        return group, -value if maximize else value, created
    return (2 if status in ("InProgress", "Stopping") else 3), 0.0, created


def best_first(summaries: Iterable[dict[str, Any]], maximize: bool) -> list[dict[str, Any]]:
    """Summaries sorted best first (see the module docstring)."""
    return sorted(summaries, key=lambda s: _rank(s, maximize))


def best_of(summaries: Iterable[dict[str, Any]], maximize: bool) -> dict[str, Any] | None:
    """The best completed trial with an objective value."""
    ranked = [
        s
        for s in best_first(summaries, maximize)
        if s.get("TrainingJobStatus") == "Completed" and objective_value(s) is not None
    ]
    return ranked[0] if ranked else None


def status_counters(trials: Iterable[Trial]) -> dict[str, int]:
    """TrainingJobStatusCounters."""
    counters = {"Completed": 0, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 0}
    counters["Stopped"] = 0
    for trial in trials:
        if trial.running:
            counters["InProgress"] += 1
        elif trial.status == "Failed":
            counters["RetryableError" if trial.retryable else "NonRetryableError"] += 1
        elif trial.status in counters:
            counters[trial.status] += 1
    return counters


def objective_counters(summaries: Iterable[dict[str, Any]]) -> dict[str, int]:
    """ObjectiveStatusCounters."""
    counters = {"Succeeded": 0, "Pending": 0, "Failed": 0}
    for summary in summaries:
        counters[str(summary.get("ObjectiveStatus", "Failed"))] += 1
    return counters


def list_summaries(
    summaries: list[dict[str, Any]],
    *,
    sort_by: str = "Name",
    sort_order: str = "Descending",
    status: str | None = None,
) -> list[dict[str, Any]]:
    """ListTrainingJobsForHyperParameterTuningJob's ordering and filtering.

    ``FinalObjectiveMetricValue`` lists only trials that have one.

    Raises:
        InvalidRequest: for an unknown SortBy or SortOrder.
    """
    if sort_by not in SORT_FIELDS:
        raise InvalidRequest(f"SortBy must be one of {', '.join(SORT_FIELDS)}", field="SortBy")
    if sort_order not in ("Ascending", "Descending"):
        raise InvalidRequest("SortOrder must be Ascending or Descending", field="SortOrder")
    selected = [s for s in summaries if status is None or s.get("TrainingJobStatus") == status]
    if sort_by == "FinalObjectiveMetricValue":
        selected = [s for s in selected if objective_value(s) is not None]
    return sorted(selected, key=lambda s: _list_key(s, sort_by), reverse=sort_order == "Descending")


def _list_key(summary: dict[str, Any], sort_by: str) -> tuple[float, str]:
    if sort_by == "FinalObjectiveMetricValue":
        return objective_value(summary) or 0.0, ""
    field = {"Name": "TrainingJobName", "Status": "TrainingJobStatus"}.get(sort_by, sort_by)
    return 0.0, str(summary.get(field) or "")
