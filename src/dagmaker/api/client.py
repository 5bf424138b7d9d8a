"""The local "SageMaker API": one client whose methods are named like boto3's.

Arguments and responses follow boto3's ``sagemaker`` client, so SDK code (ours, or code
written against boto3) works unchanged. Errors are dagmaker errors whose ``code`` is
SageMaker's error-code name.

A method imports what it runs when it is called (the engine's driving code, validation,
the runners' request parsers), so a process that lists and describes loads none of it.
"""

from __future__ import annotations

import json
from typing import Any

from dagmaker._lib import naming
from dagmaker.api import responses
from dagmaker.api.automl_methods import AutoMLMethods
from dagmaker.api.callback_listing import CallbackListingMethods
from dagmaker.api.emr_methods import EmrMethods
from dagmaker.api.endpoint_methods import EndpointMethods
from dagmaker.api.image_methods import ImageMethods
from dagmaker.api.job_methods import JobMethods
from dagmaker.api.monitoring_methods import MonitoringMethods
from dagmaker.api.registry_api import RegistryMethods
from dagmaker.api.request_shapes import check_shape
from dagmaker.api.services import Services
from dagmaker.api.step_inspection import StepInspectionMethods
from dagmaker.api.tag_methods import TagMethods, tag_resource
from dagmaker.api.transform_api import TransformMethods
from dagmaker.api.tuning_api import TuningMethods
from dagmaker.definition.names import check_name
from dagmaker.definition.parallelism import check_parallelism
from dagmaker.errors import InvalidRequest
from dagmaker.records.records import PipelineRecord

JSON = Any


class LocalSageMakerClient(
    RegistryMethods,
    TuningMethods,
    TransformMethods,
    ImageMethods,
    JobMethods,
    EndpointMethods,
    StepInspectionMethods,
    CallbackListingMethods,
    AutoMLMethods,
    MonitoringMethods,
    EmrMethods,
    TagMethods,
):
    """boto3-compatible pipeline API backed by the local metadata store.

    Args:
        services: The home's repositories and stores.
        inline: Run started executions to the end inside ``start_pipeline_execution``
            (LocalPipelineSession, ``dagmaker run``) instead of handing them to the
            background worker.
    """

    def __init__(self, services: Services, *, inline: bool = False) -> None:
        self.services = services
        self.inline = inline

    # -- pipelines ------------------------------------------------------------------------

    def create_pipeline(self, PipelineName: str, **kwargs: Any) -> dict[str, JSON]:
        """CreatePipeline: validate the name and the definition, then store the pipeline."""
        check_name("pipeline", PipelineName, field="PipelineName")
        tags = kwargs.get("Tags")
        if tags is not None:
            check_shape("TagList", tags, "Tags")
        record = self._pipeline_record(PipelineName, kwargs)
        arn = self.services.pipelines.create(record).arn
        if tags:
            tag_resource(self.services, arn, tags)
        return {"PipelineArn": arn}

    def update_pipeline(self, PipelineName: str, **kwargs: Any) -> dict[str, JSON]:
        """UpdatePipeline: replace the definition and/or settings."""
        current = self.services.pipelines.get(PipelineName)
        if "PipelineDefinition" not in kwargs and "PipelineDefinitionS3Location" not in kwargs:
            kwargs["PipelineDefinition"] = current.definition
        record = self._pipeline_record(PipelineName, kwargs, current)
        return {"PipelineArn": self.services.pipelines.update(record).arn}

    def describe_pipeline(self, PipelineName: str, **_: Any) -> dict[str, JSON]:
        """DescribePipeline."""
        return responses.pipeline(self.services.pipelines.get(PipelineName))

    def delete_pipeline(self, PipelineName: str, **_: Any) -> dict[str, JSON]:
        """DeletePipeline."""
        arn = self.services.pipelines.get(PipelineName).arn
        self.services.pipelines.delete(PipelineName)
        self.services.tags.forget(arn)
        return {"PipelineArn": arn}

    def list_pipelines(self, **_: Any) -> dict[str, JSON]:
        """ListPipelines."""
        items = self.services.pipelines.list()
        return {"PipelineSummaries": [responses.pipeline_summary(p) for p in items]}

    def _pipeline_record(
        self, name: str, kwargs: dict[str, Any], current: PipelineRecord | None = None
    ) -> PipelineRecord:
        from dagmaker.definition.validation import validate

        definition = self._definition(kwargs)
        validate(definition)
        parallelism = check_parallelism(kwargs.get("ParallelismConfiguration"))
        return PipelineRecord(
            name=name,
            arn=naming.pipeline_arn(name),
            definition=definition,
            role_arn=kwargs.get("RoleArn") or (current.role_arn if current else ""),
            description=kwargs.get("PipelineDescription")
            or (current.description if current else ""),
            display_name=kwargs.get("PipelineDisplayName")
            or (current.display_name if current else ""),
            parallelism=parallelism or (current.parallelism if current else None),
        )

    def _definition(self, kwargs: dict[str, Any]) -> dict[str, JSON]:
        from dagmaker.definition import codec

        if "PipelineDefinition" in kwargs:
            return codec.loads(kwargs["PipelineDefinition"])
        location = kwargs.get("PipelineDefinitionS3Location")
        if location:
            uri = f"s3://{location['Bucket']}/{location['ObjectKey']}"
            return codec.loads(self.services.artifacts.read_bytes(uri))
        raise InvalidRequest(
            "PipelineDefinition or PipelineDefinitionS3Location is required",
            field="PipelineDefinition",
        )

    # -- executions -----------------------------------------------------------------------

    def start_pipeline_execution(self, PipelineName: str, **kwargs: Any) -> dict[str, JSON]:
        """StartPipelineExecution; runs inline or hands the execution to the worker."""
        from dagmaker.api import executions as execs

        record = execs.start(
            self.services,
            PipelineName,
            kwargs.get("PipelineParameters"),
            display_name=kwargs.get("PipelineExecutionDisplayName") or "",
            description=kwargs.get("PipelineExecutionDescription") or "",
            parallelism=check_parallelism(kwargs.get("ParallelismConfiguration")),
            selective=kwargs.get("SelectiveExecutionConfig"),
        )
        self._drive(record.arn)
        return {"PipelineExecutionArn": record.arn}

    def _drive(self, arn: str) -> None:
        from dagmaker.api.driving import drive, local_driving

        # The starting process drives at once; the background worker carries on should
        # this process end first. Inline clients (LocalPipelineSession) wait for the end.
        if self.inline:
            drive(self.services, arn)
        else:
            local_driving(self.services).submit(arn)

    def retry_pipeline_execution(self, PipelineExecutionArn: str, **kwargs: Any) -> dict[str, JSON]:
        """RetryPipelineExecution: re-run failed and stopped steps, reusing succeeded ones."""
        from dagmaker.api import executions as execs
        from dagmaker.api.ownership import STALE_AFTER, owner_id

        parallelism = check_parallelism(kwargs.get("ParallelismConfiguration"))
        record = execs.retry(self.services, PipelineExecutionArn, parallelism)
        if self.services.executions.claim(owner_id(), STALE_AFTER, arn=record.arn):
            self._drive(record.arn)
        return {"PipelineExecutionArn": record.arn}

    def describe_pipeline_execution(self, PipelineExecutionArn: str, **_: Any) -> dict[str, JSON]:
        """DescribePipelineExecution."""
        return responses.execution(self.services.executions.get(PipelineExecutionArn))

    def list_pipeline_executions(self, PipelineName: str, **kwargs: Any) -> dict[str, JSON]:
        """ListPipelineExecutions (newest first unless SortOrder=Ascending)."""
        self.services.pipelines.get(PipelineName)
        records = self.services.executions.list(
            PipelineName,
            limit=int(kwargs.get("MaxResults") or 100),
            newest_first=kwargs.get("SortOrder", "Descending") != "Ascending",
        )
        return {"PipelineExecutionSummaries": [responses.execution_summary(r) for r in records]}

    def list_pipeline_execution_steps(
        self, PipelineExecutionArn: str, **kwargs: Any
    ) -> dict[str, JSON]:
        """ListPipelineExecutionSteps: started (and skipped) steps, newest first."""
        from dagmaker.records.fold import fold_steps

        record = self.services.executions.get(PipelineExecutionArn)
        views = fold_steps(self.services.event_log.load(record.arn))
        steps = responses.steps(record, views)
        if kwargs.get("SortOrder") == "Ascending":
            steps.reverse()
        return {"PipelineExecutionSteps": steps}

    def wait_for_pipeline_execution(
        self, PipelineExecutionArn: str, MaxWaitSeconds: float | None = None, **_: Any
    ) -> dict[str, JSON]:
        """Block until the execution ends (or ``MaxWaitSeconds`` pass); a dagmaker extension.

        Returns DescribePipelineExecution's document. SageMaker's SDK polls
        ``describe_pipeline_execution`` instead; this returns within 50 ms of the end.
        """
        from dagmaker.api.waiting import wait_for_execution

        arn = self.services.executions.get(PipelineExecutionArn).arn
        wait_for_execution(self.services, arn, MaxWaitSeconds)
        return self.describe_pipeline_execution(PipelineExecutionArn=arn)

    def wait_for_job(
        self, JobName: str, MaxWaitSeconds: float | None = None, **_: Any
    ) -> dict[str, JSON]:
        """Block until a job ends (or ``MaxWaitSeconds`` pass); a dagmaker extension.

        Returns ``{"JobName", "JobStatus"}``; describe the job for its whole document.
        """
        from dagmaker.api.waiting import wait_for_job

        record = wait_for_job(self.services, JobName, MaxWaitSeconds)
        return {"JobName": record.name, "JobStatus": record.status.value}

    def resume_pipeline_executions(self, **_: Any) -> dict[str, JSON]:
        """Hand executions whose driving process died to the background worker.

        A dagmaker extension (``dagmaker resume``); the worker also does it on its own.
        Returns the ARNs freed now and the number of executions still active.
        """
        from dagmaker.api.ownership import release_dead_owners
        from dagmaker.api.worker_process import ensure_worker

        freed = release_dead_owners(self.services)
        active = self.services.executions.active()
        if active:
            ensure_worker(self.services.settings)
        return {"Resumed": freed, "ActiveCount": len(active)}

    def stop_pipeline_execution(self, PipelineExecutionArn: str, **_: Any) -> dict[str, JSON]:
        """StopPipelineExecution: running jobs get SIGTERM, then SIGKILL after a grace period."""
        from dagmaker.api import executions as execs

        record = execs.request_stop(self.services, PipelineExecutionArn)
        return {"PipelineExecutionArn": record.arn}

    def describe_pipeline_definition_for_execution(
        self,
        PipelineExecutionArn: str,
        **_: Any,
    ) -> dict[str, JSON]:
        """The definition the execution ran with."""
        record = self.services.executions.get(PipelineExecutionArn)
        return {
            "PipelineDefinition": json.dumps(record.definition),
            "CreationTime": record.created_at,
        }

    def list_pipeline_parameters_for_execution(
        self,
        PipelineExecutionArn: str,
        **_: Any,
    ) -> dict[str, JSON]:
        """The parameter values the execution ran with (as strings, like SageMaker)."""
        record = self.services.executions.get(PipelineExecutionArn)
        return {
            "PipelineParameters": [
                {"Name": k, "Value": str(v)} for k, v in record.parameters.items()
            ]
        }

    # -- jobs -----------------------------------------------------------------------------

    def _start_job(self, kind: str, request: dict[str, Any]) -> str:
        from dagmaker.api import jobs

        return jobs.start_job(self.services, kind, request, inline=self.inline)

    def create_processing_job(self, **request: Any) -> dict[str, JSON]:
        """CreateProcessingJob: run the job in the background; poll describe_processing_job."""
        return {"ProcessingJobArn": self._start_job("Processing", request)}

    def describe_processing_job(self, ProcessingJobName: str, **_: Any) -> dict[str, JSON]:
        """DescribeProcessingJob (accepts a name or an ARN)."""
        return responses.job(self.services.jobs.get(ProcessingJobName, "Processing"))

    def list_processing_jobs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListProcessingJobs, newest first."""
        items = self.services.jobs.list("Processing", int(kwargs.get("MaxResults") or 100))
        return {"ProcessingJobSummaries": [responses.job_summary(r) for r in items]}

    def stop_processing_job(self, ProcessingJobName: str, **_: Any) -> dict[str, JSON]:
        """StopProcessingJob."""
        from dagmaker.api import jobs

        jobs.stop_job(self.services, "Processing", ProcessingJobName)
        return {}

    def create_training_job(self, **request: Any) -> dict[str, JSON]:
        """CreateTrainingJob: run the job in the background; poll describe_training_job."""
        return {"TrainingJobArn": self._start_job("Training", request)}

    def describe_training_job(self, TrainingJobName: str, **_: Any) -> dict[str, JSON]:
        """DescribeTrainingJob (accepts a name or an ARN, as the seed's example passes)."""
        return responses.job(self.services.jobs.get(TrainingJobName, "Training"))

    def list_training_jobs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListTrainingJobs, newest first."""
        items = self.services.jobs.list("Training", int(kwargs.get("MaxResults") or 100))
        return {"TrainingJobSummaries": [responses.job_summary(r) for r in items]}

    def stop_training_job(self, TrainingJobName: str, **_: Any) -> dict[str, JSON]:
        """StopTrainingJob."""
        from dagmaker.api import jobs

        jobs.stop_job(self.services, "Training", TrainingJobName)
        return {}

    # -- callback steps -------------------------------------------------------------------

    def send_pipeline_execution_step_success(
        self, CallbackToken: str, OutputParameters: Any = None, **_: Any
    ) -> dict[str, JSON]:
        """SendPipelineExecutionStepSuccess: end a waiting callback step with its outputs."""
        from dagmaker.api import callbacks

        return callbacks.send_success(self.services, CallbackToken, OutputParameters)

    def send_pipeline_execution_step_failure(
        self, CallbackToken: str, FailureReason: str = "", **_: Any
    ) -> dict[str, JSON]:
        """SendPipelineExecutionStepFailure: fail a waiting callback step with the reason."""
        from dagmaker.api import callbacks

        return callbacks.send_failure(self.services, CallbackToken, FailureReason)

    def receive_callback_messages(
        self, QueueUrl: str, MaxNumberOfMessages: int = 10, **_: Any
    ) -> dict[str, JSON]:
        """SQS ReceiveMessage on a callback step's local queue.

        A dagmaker extension. Each message is handed out once; its ``Body`` is the JSON
        text with ``token``, ``pipelineExecutionArn``, ``arguments`` (and ``status`` for
        the Stopping message).
        """
        from dagmaker.api import callbacks

        return callbacks.receive(self.services, QueueUrl, MaxNumberOfMessages)
