"""A started processing job (``processor.latest_job``)."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker.job import _Job


class ProcessingJob(_Job):
    """A processing job started by a processor.

    Attributes:
        inputs: The job's inputs, as sent.
        outputs: The job's outputs, as sent.
        output_kms_key: The KMS key of the outputs, if any.
    """

    KIND = "processing job"
    NAME_FIELD = "ProcessingJobName"
    STATUS_FIELD = "ProcessingJobStatus"
    DESCRIBE = "describe_processing_job"
    STOP = "stop_processing_job"
    LOGS = "logs_for_processing_job"

    def __init__(
        self,
        sagemaker_session: Any,
        job_name: str,
        inputs: list[ProcessingInput] | None,
        outputs: list[ProcessingOutput] | None,
        output_kms_key: Any = None,
    ) -> None:
        super().__init__(sagemaker_session, job_name)
        self.inputs = inputs
        self.outputs = outputs
        self.output_kms_key = output_kms_key

    @classmethod
    def _from_request(cls, sagemaker_session: Any, request: dict[str, Any]) -> ProcessingJob:
        """The job described by a ``CreateProcessingJob`` request (or Describe* response)."""
        output_config = request.get("ProcessingOutputConfig") or {}
        return cls(
            sagemaker_session,
            request["ProcessingJobName"],
            [ProcessingInput._from_request_dict(i) for i in request.get("ProcessingInputs", [])]
            or None,
            [ProcessingOutput._from_request_dict(o) for o in output_config.get("Outputs", [])]
            or None,
            output_config.get("KmsKeyId"),
        )

    @classmethod
    def from_processing_name(
        cls, sagemaker_session: Any, processing_job_name: str
    ) -> ProcessingJob:
        """Attach to an existing job by name (reads its description)."""
        description = sagemaker_session.sagemaker_client.describe_processing_job(
            ProcessingJobName=processing_job_name
        )
        return cls._from_request(sagemaker_session, description)

    @classmethod
    def from_processing_arn(cls, sagemaker_session: Any, processing_job_arn: str) -> ProcessingJob:
        """Attach to an existing job by ARN (``...:processing-job/<name>``)."""
        _, _, name = processing_job_arn.partition(":processing-job/")
        if not name:
            raise ValueError(
                f"{processing_job_arn!r} is not a processing job ARN "
                "(arn:aws:sagemaker:<region>:<account>:processing-job/<name>)"
            )
        return cls.from_processing_name(sagemaker_session, name)

    def wait(self, logs: Any = True) -> dict[str, Any]:
        """Wait until the job ends (see :meth:`dagmaker.job._Job.wait`)."""
        return super().wait(logs=logs)
