"""Processing steps and jobs (CreateProcessingJob → DescribeProcessingJob)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure
from dagmaker.records.statuses import JobStatus
from dagmaker.runners import processing_clarify
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import now, without_none
from dagmaker.runners.images import MODEL_MONITOR
from dagmaker.runners.job_attempt import JobAttempt
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.runners.workspace import HostDirs, relative_to_opt_ml

KIND = "Processing"
# SageMaker's Spark image runs smspark-submit; here a module of ours plays its part.
SPARK_RUNTIME = "builtin:spark"
SPARK_ENTRY = "smspark-submit"
SPARK_COMMAND = ("python3", "-m", "dagmaker.runners.builtin.smspark_submit")
PROCESSING_PREFIX = "/opt/ml/processing/"
MODEL_MONITOR_ANALYZER = ("python3", "-m", "dagmaker.runners.builtin.model_monitor.analyzer")


class ProcessingRunner:
    """Runs a CreateProcessingJob request in the local sandbox."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the job to the end; return its DescribeProcessingJob document."""
        return _Job(self.ctx, work).execute()


class _Job(JobAttempt):
    """One attempt of one processing job."""

    kind = KIND
    arn_kind = "processing-job"

    def host_count(self) -> int:
        """``ProcessingResources.ClusterConfig.InstanceCount``."""
        resources = self.request.get("ProcessingResources", {}).get("ClusterConfig", {})
        return int(resources.get("InstanceCount", 1))

    def failure_file(self, host: HostDirs) -> Path:
        """Processing containers explain failures in ``/opt/ml/output/message``."""
        return host.workspace / "output" / "message"

    def prepare(self) -> list[ProcessSpec]:
        """Stage inputs, create output folders, write the job's config files."""
        workspaces = [h.workspace for h in self.hosts]
        for spec in self._inputs():
            stage_input(self.ctx.artifacts, spec, workspaces)
        for output in self._outputs():
            for host in self.hosts:
                (host.workspace / output["relative"]).mkdir(parents=True, exist_ok=True)
        runtime = self.ctx.images.runtime(self.request["AppSpecification"]["ImageUri"])
        command = self._command(runtime)
        if command == processing_clarify.COMMAND:
            processing_clarify.stage(self.ctx, self.hosts)
        python = runtime.split(":", 1)[1] if runtime.startswith("python:") else None
        env = {str(k): str(v) for k, v in (self.request.get("Environment") or {}).items()}
        hosts = [h.name for h in self.hosts]
        specs = []
        for host in self.hosts:
            self._write_config(host, hosts)
            specs.append(
                ProcessSpec(
                    command=command,
                    workspace=host.workspace,
                    log_dir=host.logs,
                    env=env,
                    cwd="/opt/ml",
                    timeout_seconds=self.time_limit(),
                    python=python,
                    hostname=host.name,
                )
            )
        return specs

    def _inputs(self) -> list[InputSpec]:
        specs = []
        for i, item in enumerate(self.request.get("ProcessingInputs") or []):
            name = item.get("InputName", f"input-{i + 1}")
            s3 = item.get("S3Input")
            if s3 is None:
                raise JobFailure(
                    f"ClientError: input {name!r} uses a DatasetDefinition; only S3Input "
                    "inputs can be staged locally (export the data set to S3 first)",
                )
            target = relative_to_opt_ml(
                s3["LocalPath"], f"ProcessingInputs[{i}].S3Input.LocalPath", PROCESSING_PREFIX
            )
            specs.append(
                InputSpec(
                    name=name,
                    uri=s3["S3Uri"],
                    target=target,
                    data_type=s3.get("S3DataType", "S3Prefix"),
                    sharded=s3.get("S3DataDistributionType") == "ShardedByS3Key",
                )
            )
        return specs

    def _outputs(self) -> list[dict[str, Any]]:
        config = self.request.get("ProcessingOutputConfig") or {}
        result = []
        for i, item in enumerate(config.get("Outputs") or []):
            s3 = item.get("S3Output")
            if s3 is None:
                continue
            path = f"ProcessingOutputConfig.Outputs[{i}].S3Output.LocalPath"
            relative = relative_to_opt_ml(s3["LocalPath"], path, PROCESSING_PREFIX)
            result.append(
                {"name": item.get("OutputName"), "uri": s3["S3Uri"], "relative": relative}
            )
        return result

    def _command(self, runtime: str) -> list[str]:
        app = self.request.get("AppSpecification") or {}
        entry = [str(a) for a in app.get("ContainerEntrypoint") or []]
        args = [str(a) for a in app.get("ContainerArguments") or []]
        if not entry and runtime == processing_clarify.RUNTIME:
            return list(processing_clarify.COMMAND)
        if runtime == SPARK_RUNTIME and entry[:1] == [SPARK_ENTRY]:
            return [*SPARK_COMMAND, *entry[1:], *args]
        if not entry and runtime == MODEL_MONITOR:
            return list(MODEL_MONITOR_ANALYZER)
        if not entry:
            raise JobFailure(
                f"ClientError: AppSpecification has no ContainerEntrypoint for image "
                f"{app.get('ImageUri')!r}; dagmaker runs the entry point itself, so give one "
                "(a ScriptProcessor with code= sets it)",
            )
        return entry + args

    def _write_config(self, host: HostDirs, hosts: list[str]) -> None:
        config = host.workspace / "config"
        config.mkdir(parents=True, exist_ok=True)
        job_config = dict(self.request, ProcessingJobName=self.name)
        (config / "processingjobconfig.json").write_text(json.dumps(job_config, indent=2))
        resource = {"current_host": host.name, "hosts": hosts}
        (config / "resourceconfig.json").write_text(json.dumps(resource))

    def on_success(self) -> None:
        """Upload every output folder (only now: a failed job publishes nothing)."""
        for output in self._outputs():
            for host in self.hosts:
                self.outputs.directory(host.workspace / output["relative"], output["uri"])

    def initial_describe(self) -> dict[str, Any]:
        """The DescribeProcessingJob document while the job runs."""
        created = now()
        return without_none(
            {
                **{k: v for k, v in self.request.items() if k != "ProcessingJobName"},
                "ProcessingJobName": self.name,
                "ProcessingJobArn": self.arn,
                "ProcessingJobStatus": JobStatus.IN_PROGRESS.value,
                "CreationTime": created,
                "ProcessingStartTime": created,
                "LastModifiedTime": created,
            }
        )

    def finish_describe(self, status: JobStatus, reason: str) -> None:
        """Status, end time and failure reason."""
        ended = now()
        self.describe.update(
            {
                "ProcessingJobStatus": status.value,
                "ProcessingEndTime": ended,
                "LastModifiedTime": ended,
            }
        )
        if status == JobStatus.FAILED:
            self.describe["FailureReason"] = reason
            self.describe["ExitMessage"] = reason
        if status == JobStatus.STOPPED:
            self.describe["ExitMessage"] = "Stopped by the pipeline"
