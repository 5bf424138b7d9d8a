"""``ModelMonitor``: baselining jobs and monitoring schedules with your own image.

Public through :mod:`dagmaker.model_monitor`. ``DefaultModelMonitor``,
``ModelQualityMonitor`` and the Clarify monitors build on it with SageMaker's own
analysis images.
"""

from __future__ import annotations

import logging
from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.processor import Processor
from dagmaker._sdk.tags import format_tags
from dagmaker.model_monitor._inline_schedules import InlineSchedules
from dagmaker.model_monitor._monitor_jobs import BaseliningJob
from dagmaker.model_monitor._monitor_paths import DEFAULT_OUTPUT_NAME, is_s3
from dagmaker.model_monitor.monitoring_files import Constraints, Statistics
from dagmaker.session import Session, get_execution_role

logger = logging.getLogger(__name__)


class ModelMonitor(InlineSchedules):
    """Baselining jobs and monitoring schedules that run a given image.

    Attributes:
        role: The IAM role ARN (or name) of the jobs.
        image_uri: The image the jobs run.
        instance_count: Instances per job.
        instance_type: The instance type, e.g. ``ml.m5.xlarge``.
        entrypoint: The container entrypoint, if not the image's own.
        volume_size_in_gb: Storage per instance.
        volume_kms_key: KMS key of the job volumes.
        output_kms_key: KMS key of the job outputs.
        max_runtime_in_seconds: Time limit of each job.
        base_job_name: Prefix of generated job and schedule names.
        sagemaker_session: The session the monitor works through.
        env: Environment variables of the jobs.
        tags: Tags of the jobs and the schedule.
        network_config: Network settings of the jobs.
        baselining_jobs: Every baselining job this monitor started.
        latest_baselining_job: The latest of them.
        latest_baselining_job_name: Its name.
        monitoring_schedule_name: The schedule this monitor created or attached to.
        job_definition_name: The job definition the schedule runs, if it has one.
        arguments: Container arguments of the jobs.
    """

    def __init__(
        self,
        role: Any = None,
        image_uri: Any = None,
        instance_count: Any = 1,
        instance_type: Any = "ml.m5.xlarge",
        entrypoint: list[Any] | None = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: Any = None,
    ) -> None:
        self.image_uri = image_uri
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.entrypoint = entrypoint
        self.volume_size_in_gb = volume_size_in_gb
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.base_job_name = base_job_name
        self.sagemaker_session = sagemaker_session or Session()
        self.tags = format_tags(tags)
        self.baselining_jobs: list[BaseliningJob] = []
        self.latest_baselining_job: BaseliningJob | None = None
        self.arguments: list[Any] | None = None
        self.latest_baselining_job_name: str | None = None
        self.monitoring_schedule_name: str | None = None
        self.job_definition_name: str | None = None
        self.role = role if role is not None else get_execution_role(self.sagemaker_session)
        self.volume_kms_key = volume_kms_key
        self.output_kms_key = output_kms_key
        self.network_config = network_config
        self.env = env

    @classmethod
    def monitoring_type(cls) -> str:
        """The monitoring type of the schedules this class creates."""
        raise TypeError(f"Subclass of {cls.__name__} shall define this property")

    # -- baselines --------------------------------------------------------------------

    def _baselining_job(self) -> BaseliningJob:
        if self.latest_baselining_job is None:
            raise ValueError("No suggestion jobs were kicked off: call suggest_baseline() first")
        return self.latest_baselining_job

    def baseline_statistics(self, file_name: str = "statistics.json") -> Statistics:
        """The statistics of the latest baselining job."""
        return self._baselining_job().baseline_statistics(file_name, kms_key=self.output_kms_key)

    def suggested_constraints(self, file_name: str = "constraints.json") -> Constraints:
        """The constraints the latest baselining job suggested."""
        return self._baselining_job().suggested_constraints(file_name, kms_key=self.output_kms_key)

    def describe_latest_baselining_job(self) -> dict[str, Any]:
        """The ``DescribeProcessingJob`` response of the latest baselining job."""
        return self._baselining_job().describe()

    def _baselining_processor(self, env: dict[str, Any] | None) -> Processor:
        return Processor(
            role=self.role,
            image_uri=self.image_uri,
            instance_count=self.instance_count,
            instance_type=self.instance_type,
            entrypoint=self.entrypoint,
            volume_size_in_gb=self.volume_size_in_gb,
            volume_kms_key=self.volume_kms_key,
            output_kms_key=self.output_kms_key,
            max_runtime_in_seconds=self.max_runtime_in_seconds,
            base_job_name=self.base_job_name,
            sagemaker_session=self.sagemaker_session,
            env=env,
            tags=self.tags,
            network_config=self.network_config,
        )

    def _run_baselining(
        self,
        env: dict[str, Any] | None,
        inputs: list[ProcessingInput],
        output: ProcessingOutput,
        wait: bool,
        logs: bool,
    ) -> Any:
        """Run the baselining job and remember it; return the processing job."""
        processor = self._baselining_processor(env)
        processor.run(
            inputs=inputs,
            outputs=[output],
            arguments=self.arguments,
            wait=wait,
            logs=logs,
            job_name=self.latest_baselining_job_name,
        )
        if processor.latest_job is None:
            raise ValueError(
                "suggest_baseline starts a job now; it cannot run under a PipelineSession "
                "(use QualityCheckStep or ClarifyCheckStep in pipelines)"
            )
        self.latest_baselining_job = BaseliningJob.from_processing_job(processor.latest_job)
        self.baselining_jobs.append(self.latest_baselining_job)
        return processor.latest_job

    def run_baseline(
        self,
        baseline_inputs: list[ProcessingInput],
        output: Any,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
    ) -> None:
        """Run a baselining job with this monitor's image.

        Args:
            baseline_inputs: The job's inputs; local sources are uploaded.
            output: A ``ProcessingOutput``, or the container path of the results.
            arguments: Container arguments.
            wait: Wait for the job to end.
            logs: Show its log while waiting.
            job_name: The job's name; generated when not given.
        """
        self.latest_baselining_job_name = self._generate_baselining_job_name(job_name)
        self.arguments = arguments
        inputs = [self._named_input(item, i) for i, item in enumerate(baseline_inputs or [], 1)]
        if isinstance(output, str):
            output = ProcessingOutput(
                source=output,
                destination=self._s3_location(self.latest_baselining_job_name, "output"),
                output_name=DEFAULT_OUTPUT_NAME,
            )
        self._run_baselining(self.env, inputs, output, wait, logs)

    def _named_input(self, item: Any, count: int) -> ProcessingInput:
        if not isinstance(item, ProcessingInput):
            raise TypeError("Your inputs must be provided as ProcessingInput objects.")
        if item.input_name is None:
            item.input_name = f"input-{count}"
        if not is_s3(item.source):
            normalized = self._upload_and_convert_to_processing_input(
                item.source, str(item.destination), str(item.input_name)
            )
            assert normalized is not None
            return normalized
        return item

    @classmethod
    def attach(cls, monitor_schedule_name: str, sagemaker_session: Any = None) -> Any:
        """A monitor for an existing schedule with an inline job definition."""
        session = sagemaker_session or Session()
        described = session.sagemaker_client.describe_monitoring_schedule(
            MonitoringScheduleName=monitor_schedule_name
        )
        definition = described["MonitoringScheduleConfig"]["MonitoringJobDefinition"]
        cluster = definition["MonitoringResources"]["ClusterConfig"]
        app = definition["MonitoringAppSpecification"]
        monitor = cls(
            role=definition["RoleArn"],
            image_uri=app.get("ImageUri"),
            instance_count=cluster.get("InstanceCount"),
            instance_type=cluster["InstanceType"],
            entrypoint=app.get("ContainerEntrypoint"),
            volume_size_in_gb=cluster["VolumeSizeInGB"],
            volume_kms_key=cluster.get("VolumeKmsKeyId"),
            output_kms_key=(definition.get("MonitoringOutputConfig") or {}).get("KmsKeyId"),
            max_runtime_in_seconds=(definition.get("StoppingCondition") or {}).get(
                "MaxRuntimeInSeconds"
            ),
            sagemaker_session=session,
            env=definition.get("Environment"),
        )
        monitor.monitoring_schedule_name = monitor_schedule_name
        return monitor
