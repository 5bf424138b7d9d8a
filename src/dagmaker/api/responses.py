"""Shape records into the response documents boto3's sagemaker client returns."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dagmaker.records.records import ExecutionRecord, PipelineRecord
from dagmaker.records.statuses import StepStatus

if TYPE_CHECKING:
    from dagmaker.records.fold import StepView

JSON = Any
_JOB_METADATA_KEYS = {
    "Processing": "ProcessingJob",
    "Training": "TrainingJob",
    "Transform": "TransformJob",
    "Tuning": "TuningJob",
    "AutoML": "AutoMLJob",
}


def _drop_empty(doc: dict[str, JSON]) -> dict[str, JSON]:
    return {k: v for k, v in doc.items() if v not in (None, "", {}, [])}


def pipeline(record: PipelineRecord) -> dict[str, JSON]:
    """DescribePipeline."""
    return _drop_empty(
        {
            "PipelineArn": record.arn,
            "PipelineName": record.name,
            "PipelineDisplayName": record.display_name or record.name,
            "PipelineDefinition": json.dumps(record.definition),
            "PipelineDescription": record.description,
            "RoleArn": record.role_arn,
            "PipelineStatus": "Active",
            "CreationTime": record.created_at,
            "LastModifiedTime": record.last_modified_at,
            "ParallelismConfiguration": _parallelism(record.parallelism),
            "PipelineVersionId": record.version,
        }
    )


def pipeline_summary(record: PipelineRecord) -> dict[str, JSON]:
    """One entry of ListPipelines."""
    return _drop_empty(
        {
            "PipelineArn": record.arn,
            "PipelineName": record.name,
            "PipelineDisplayName": record.display_name or record.name,
            "PipelineDescription": record.description,
            "RoleArn": record.role_arn,
            "CreationTime": record.created_at,
            "LastModifiedTime": record.last_modified_at,
        }
    )


def _parallelism(value: int | None) -> dict[str, int] | None:
    return {"MaxParallelExecutionSteps": value} if value else None


def execution(record: ExecutionRecord) -> dict[str, JSON]:
    """DescribePipelineExecution."""
    return _drop_empty(
        {
            "PipelineArn": record.pipeline_arn,
            "PipelineExecutionArn": record.arn,
            "PipelineExecutionDisplayName": record.display_name or record.execution_id,
            "PipelineExecutionStatus": record.status.value,
            "PipelineExecutionDescription": record.description,
            "PipelineExperimentConfig": _experiment(record),
            "FailureReason": record.failure_reason,
            "CreationTime": record.created_at,
            "LastModifiedTime": record.last_modified_at,
            "ParallelismConfiguration": _parallelism(record.parallelism),
            "SelectiveExecutionConfig": record.selective,
        }
    )


def _experiment(record: ExecutionRecord) -> dict[str, str] | None:
    config = record.definition.get("PipelineExperimentConfig")
    if not isinstance(config, dict):
        return None
    names = {"ExperimentName": record.pipeline_name, "TrialName": record.execution_id}
    return {k: v for k, v in names.items() if k in config}


def execution_summary(record: ExecutionRecord) -> dict[str, JSON]:
    """One entry of ListPipelineExecutions."""
    return _drop_empty(
        {
            "PipelineExecutionArn": record.arn,
            "StartTime": record.created_at,
            "PipelineExecutionStatus": record.status.value,
            "PipelineExecutionDescription": record.description,
            "PipelineExecutionDisplayName": record.display_name or record.execution_id,
            "PipelineExecutionFailureReason": record.failure_reason,
        }
    )


def steps(record: ExecutionRecord, views: dict[str, StepView]) -> list[dict[str, JSON]]:
    """ListPipelineExecutionSteps entries: started and skipped steps, newest first."""
    from dagmaker.definition.codec import decode_strict

    definition = decode_strict(record.definition)
    listed = [v for v in views.values() if v.status != StepStatus.PENDING or v.attempts]
    listed.sort(key=lambda v: (v.started_at is not None, v.started_at), reverse=True)
    return [
        _step(
            v,
            definition.steps[v.name].type if v.name in definition.steps else "",
            definition.steps.get(v.name),
        )
        for v in listed
    ]


def _step(view: StepView, step_type: str, step: Any) -> dict[str, JSON]:
    doc: dict[str, JSON] = {
        "StepName": view.name,
        "StepDisplayName": getattr(step, "display_name", "") or None,
        "StepDescription": getattr(step, "description", "") or None,
        "StartTime": view.started_at,
        "EndTime": view.ended_at,
        "StepStatus": view.status.value,
        "FailureReason": view.failure_reason or view.skip_reason,
        "Metadata": _metadata(view, step_type),
        "AttemptCount": view.attempts or None,
    }
    if view.cache_source:
        doc["CacheHitResult"] = {"SourcePipelineExecutionArn": view.cache_source}
    if view.cache_explanation and not view.cache_source:
        doc["CacheMissExplanation"] = view.cache_explanation
    return _drop_empty(doc)


def _metadata(view: StepView, step_type: str) -> dict[str, JSON]:
    metadata = dict(view.metadata)
    key = _JOB_METADATA_KEYS.get(step_type)
    if key and key not in metadata and view.job_handle.get("Arn"):
        metadata[key] = {"Arn": view.job_handle["Arn"]}
    return metadata


def job(record: Any) -> dict[str, JSON]:
    """A Describe*Job document with its timestamps as datetimes, as boto3 returns them."""
    return {k: timestamp_field(k, v) for k, v in record.describe.items()}


def job_summary(record: Any) -> dict[str, JSON]:
    """One entry of List*Jobs."""
    doc = record.describe
    kind = record.kind
    return _drop_empty(
        {
            f"{kind}JobName": record.name,
            f"{kind}JobArn": record.arn,
            f"{kind}JobStatus": record.status.value,
            "CreationTime": timestamp_field("CreationTime", doc.get("CreationTime")),
            f"{kind}EndTime": timestamp_field("EndTime", doc.get(f"{kind}EndTime")),
            "LastModifiedTime": timestamp_field("LastModifiedTime", doc.get("LastModifiedTime")),
            "FailureReason": doc.get("FailureReason"),
        }
    )


def timestamp_field(key: str, value: JSON) -> JSON:
    """``*Time`` fields stored as ISO text come back as datetimes, as boto3 gives them."""
    if key.endswith("Time") and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value
