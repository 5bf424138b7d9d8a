"""Jobs of every kind and their logs: dagmaker's own operations (``dagmaker jobs``, ``logs``).

SageMaker lists each job kind with its own call (``list_processing_jobs``, …) and serves
logs through CloudWatch; the CLI and the UI want one list across kinds and a job's log
by offset, so these are dagmaker extensions with the same naming style.
"""

from __future__ import annotations

import re
from typing import Any

from dagmaker.api.services import Services
from dagmaker.errors import InvalidRequest, NotFound
from dagmaker.records.records import JobRecord

JSON = Any
JOB_KINDS = ("Processing", "Training", "Transform", "HyperParameterTuning", "AutoML")
STREAMS = ("stdout", "stderr")
_HOST = re.compile(r"algo-[1-9][0-9]{0,5}")


class JobMethods:
    """Mixed into the client: jobs across kinds, and logs."""

    services: Services

    def list_jobs(
        self, Kind: str | None = None, MaxResults: int = 100, **_: Any
    ) -> dict[str, JSON]:
        """Jobs of every kind (or one ``Kind``), newest first.

        Raises:
            InvalidRequest: for an unknown kind.
        """
        if Kind is not None and Kind not in JOB_KINDS:
            raise InvalidRequest(
                f"Kind must be one of {', '.join(JOB_KINDS)}", field="Kind", value=Kind
            )
        records = self.services.jobs.list(Kind, int(MaxResults))
        return {"Jobs": [_summary(r) for r in records]}

    def describe_job(self, JobName: str, **_: Any) -> dict[str, JSON]:
        """A job's kind and its Describe*Job document, whatever its kind."""
        record = self.services.jobs.get(JobName)
        method = getattr(self, _DESCRIBE.get(record.kind, ""), None)
        document = (
            method(**{_NAME[record.kind]: record.name}) if callable(method) else record.describe
        )
        return {"JobName": record.name, "JobType": record.kind, "Document": document}

    def get_job_log(
        self,
        JobName: str = "",
        Host: str = "algo-1",
        Offset: int = 0,
        Stream: str = "stdout",
        PipelineExecutionArn: str = "",
        StepName: str = "",
        **_: Any,
    ) -> dict[str, JSON]:
        """A job's log from ``Offset`` (bytes) on.

        Name the job, or the execution and step whose job it is. Returns ``{"Log": text,
        "NextOffset": n, "JobName": name, "JobStatus": status}``; SageMaker users read
        this through ``Session.logs_for_job`` / ``logs_for_processing_job``.

        Raises:
            InvalidRequest: for an unknown stream or host, or a step that ran no job.
            NotFound: for an unknown job, execution or step.
        """
        from dagmaker.runners.workspace import log_dir

        if Stream not in STREAMS:
            raise InvalidRequest(
                f"Stream must be one of {', '.join(STREAMS)}", field="Stream", value=Stream
            )
        offset = _offset(Offset)
        record = self._logged_job(JobName, PipelineExecutionArn, StepName)
        folder = log_dir(self.services.settings.jobs_root, record.name, Host)
        # The host names a folder: only algo-N, so no value can lead out of the job's.
        if not _HOST.fullmatch(str(Host)) or (not folder.parent.is_dir() and Host != "algo-1"):
            raise InvalidRequest(
                f"job {record.name!r} has no host {Host!r}; hosts are algo-1 … algo-N",
                field="Host",
                value=Host,
            )
        data = _read_from(folder / f"{Stream}.log", offset)
        return {
            "Log": data.decode("utf-8", "replace"),
            "NextOffset": offset + len(data),
            "JobName": record.name,
            "JobStatus": record.status.value,
        }

    def _logged_job(self, name: str, execution: str, step: str) -> JobRecord:
        from dagmaker.records.fold import fold_steps

        if name:
            return self.services.jobs.get(name)
        if not execution or not step:
            raise InvalidRequest(
                "name the job (JobName), or the execution and step whose job it is",
                field="JobName",
            )
        record = self.services.executions.get(execution)
        view = fold_steps(self.services.event_log.load(record.arn)).get(step)
        if view is None:
            raise NotFound(f"step {step!r} has not started in this execution", step=step)
        if not view.job_name:
            raise InvalidRequest(
                f"step {step!r} ({view.status.value}) ran no job, so it has no log", step=step
            )
        return self.services.jobs.get(view.job_name)


def _offset(value: Any) -> int:
    try:
        offset = int(value)
    except (TypeError, ValueError):
        offset = -1
    if offset < 0 or isinstance(value, bool):
        raise InvalidRequest(
            "Offset is a byte position: a whole number of at least 0", field="Offset", value=value
        )
    return offset


def _read_from(path: Any, offset: int) -> bytes:
    if not path.is_file():
        return b""
    with path.open("rb") as handle:
        handle.seek(offset)
        data: bytes = handle.read()
    return data


def _summary(record: JobRecord) -> dict[str, JSON]:
    return {
        "JobName": record.name,
        "JobType": record.kind,
        "JobArn": record.arn,
        "Status": record.status.value,
        "CreationTime": record.created_at,
        # A job started on its own runs as an execution of its own, not of a pipeline.
        "PipelineExecutionArn": None
        if record.execution_arn.startswith(record.arn)
        else record.execution_arn or None,
        "StepName": record.step_name or None,
    }


_DESCRIBE = {
    "Processing": "describe_processing_job",
    "Training": "describe_training_job",
    "Transform": "describe_transform_job",
    "HyperParameterTuning": "describe_hyper_parameter_tuning_job",
    "AutoML": "describe_auto_ml_job",
}
_NAME = {
    "Processing": "ProcessingJobName",
    "Training": "TrainingJobName",
    "Transform": "TransformJobName",
    "HyperParameterTuning": "HyperParameterTuningJobName",
    "AutoML": "AutoMLJobName",
}
