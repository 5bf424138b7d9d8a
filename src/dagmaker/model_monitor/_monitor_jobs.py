"""Processing jobs a monitor starts: baselining jobs and monitoring executions.

Public through :mod:`dagmaker.model_monitor`. Both read their result files from the
job's first output.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.processing_job import ProcessingJob
from dagmaker._sdk.s3_upload import s3_path_join
from dagmaker.errors import JobFailure, NotFound
from dagmaker.model_monitor.monitoring_files import (
    Constraints,
    ConstraintViolations,
    ModelMonitoringFile,
    Statistics,
)

STATISTICS_JSON_DEFAULT_FILE_NAME = "statistics.json"
CONSTRAINTS_JSON_DEFAULT_FILE_NAME = "constraints.json"
CONSTRAINT_VIOLATIONS_JSON_DEFAULT_FILE_NAME = "constraint_violations.json"


class _ResultFiles(ProcessingJob):
    """A processing job whose first output holds Model Monitor result files."""

    def _result(self, kind: type[ModelMonitoringFile], file_name: str, kms_key: Any) -> Any:
        outputs = self.outputs or []
        if not outputs:
            raise ValueError(f"processing job {self.job_name!r} has no output to read from")
        uri = s3_path_join(str(outputs[0].destination), file_name)
        try:
            return kind._load(uri, kms_key, self.sagemaker_session)
        except NotFound:
            status = self.describe().get("ProcessingJobStatus")
            if status != "Completed":
                raise JobFailure(
                    f"processing job {self.job_name!r} is {status}: result files can be read "
                    "only from a job that completed",
                    value=uri,
                ) from None
            raise


class BaseliningJob(_ResultFiles):
    """A job that suggested a baseline (``suggest_baseline``)."""

    @classmethod
    def from_processing_job(cls, processing_job: ProcessingJob) -> BaseliningJob:
        """The same job, seen as a baselining job."""
        return cls(
            processing_job.sagemaker_session,
            processing_job.job_name,
            processing_job.inputs,
            processing_job.outputs,
            processing_job.output_kms_key,
        )

    def baseline_statistics(
        self, file_name: str = STATISTICS_JSON_DEFAULT_FILE_NAME, kms_key: Any = None
    ) -> Statistics:
        """The statistics the job computed."""
        statistics: Statistics = self._result(Statistics, file_name, kms_key)
        return statistics

    def suggested_constraints(
        self, file_name: str = CONSTRAINTS_JSON_DEFAULT_FILE_NAME, kms_key: Any = None
    ) -> Constraints:
        """The constraints the job suggested."""
        constraints: Constraints = self._result(Constraints, file_name, kms_key)
        return constraints


class MonitoringExecution(_ResultFiles):
    """One run of a monitoring schedule (a processing job).

    Attributes:
        output: The job's output.
    """

    def __init__(
        self,
        sagemaker_session: Any,
        job_name: str,
        inputs: list[ProcessingInput] | None,
        output: ProcessingOutput,
        output_kms_key: Any = None,
    ) -> None:
        super().__init__(sagemaker_session, job_name, inputs, [output], output_kms_key)
        self.output = output

    @classmethod
    def from_processing_arn(
        cls, sagemaker_session: Any, processing_job_arn: str
    ) -> MonitoringExecution:
        """The execution whose processing job has this ARN."""
        job = ProcessingJob.from_processing_arn(sagemaker_session, processing_job_arn)
        if not job.outputs:
            raise ValueError(f"processing job {job.job_name!r} has no output")
        return cls(sagemaker_session, job.job_name, job.inputs, job.outputs[0], job.output_kms_key)

    def statistics(
        self, file_name: str = STATISTICS_JSON_DEFAULT_FILE_NAME, kms_key: Any = None
    ) -> Statistics:
        """The statistics of the monitored data."""
        statistics: Statistics = self._result(Statistics, file_name, kms_key)
        return statistics

    def constraint_violations(
        self, file_name: str = CONSTRAINT_VIOLATIONS_JSON_DEFAULT_FILE_NAME, kms_key: Any = None
    ) -> ConstraintViolations:
        """The violations found (an empty list when there were none)."""
        violations: ConstraintViolations = self._result(ConstraintViolations, file_name, kms_key)
        return violations
