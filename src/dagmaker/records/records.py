"""Records: plain data rows the storage layer returns and the engine consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dagmaker.records.statuses import ExecutionStatus, JobStatus


@dataclass
class PipelineRecord:
    """A created pipeline (CreatePipeline)."""

    name: str
    arn: str
    definition: dict[str, Any]
    role_arn: str = ""
    description: str = ""
    display_name: str = ""
    parallelism: int | None = None
    version: int = 1
    created_at: datetime | None = None
    last_modified_at: datetime | None = None


@dataclass
class ExecutionRecord:
    """A pipeline execution (StartPipelineExecution) and its derived status.

    ``kind`` is ``pipeline`` for executions of pipelines, ``job`` for a job started on
    its own (CreateProcessingJob, …), or ``schedule`` for a monitoring schedule; jobs
    and schedules run as executions of a one-step definition on the same road.
    """

    arn: str
    execution_id: str
    pipeline_name: str
    pipeline_arn: str
    definition: dict[str, Any]
    parameters: dict[str, Any]
    status: ExecutionStatus = ExecutionStatus.EXECUTING
    failure_reason: str = ""
    display_name: str = ""
    description: str = ""
    parallelism: int | None = None
    selective: dict[str, Any] | None = None
    created_at: datetime | None = None
    last_modified_at: datetime | None = None
    owner: str = ""
    heartbeat_at: datetime | None = None
    stop_requested: bool = False
    kind: str = "pipeline"


@dataclass
class JobRecord:
    """A processing/training/transform/tuning job: its Describe* document and status."""

    name: str
    kind: str
    arn: str
    status: JobStatus
    describe: dict[str, Any] = field(default_factory=dict)
    execution_arn: str = ""
    step_name: str = ""
    created_at: datetime | None = None
    last_modified_at: datetime | None = None


@dataclass(frozen=True)
class CacheEntry:
    """One successful cacheable step run, as the cache index keeps it."""

    pipeline_name: str
    step_name: str
    step_type: str
    key: str
    arguments: Any
    execution_arn: str
    properties: dict[str, Any]
    metadata: dict[str, Any]
    created_at: datetime
