"""Processing steps and jobs (CreateProcessingJob → DescribeProcessingJob)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners import job_process
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn, now, without_none
from dagmaker.runners.staging import InputSpec, stage_input, upload_output
from dagmaker.runners.workspace import HostDirs, host_dirs, relative_to_opt_ml

KIND = "Processing"
PROCESSING_PREFIX = "/opt/ml/processing/"


class ProcessingRunner:
    """Runs a CreateProcessingJob request in the local sandbox."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the job to the end; return its DescribeProcessingJob document."""
        job = _Job(self.ctx, work)
        return job.execute()


class _Job:
    """One attempt of one processing job."""

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.ctx = ctx
        self.work = work
        self.request: dict[str, Any] = work.arguments
        self.name = work.job_name
        self.arn = job_arn("processing-job", self.name)
        self.describe = self._initial_describe()
        resources = self.request.get("ProcessingResources", {}).get("ClusterConfig", {})
        self.hosts: list[HostDirs] = []
        self.count = max(1, int(resources.get("InstanceCount", 1)))

    def execute(self) -> StepResult:
        try:
            run = self._start_or_reattach()
            exits = job_process.follow(
                self.ctx.sandbox, run, self.work.cancel, self.ctx.stop_grace_seconds
            )
            failure = job_process.failure_of(
                exits,
                [h.logs for h in self.hosts],
                [self._message_file(h) for h in self.hosts],
                self._limit(),
            )
            if failure is not None:
                raise failure
            self._upload_outputs()
        except StepStopped:
            self._finish(JobStatus.STOPPED, "Stopped")
            raise
        except DagmakerError as exc:
            self._finish(JobStatus.FAILED, exc.message)
            raise
        except Exception as exc:
            reason = f"InternalServerError: dagmaker failed while running the job: {exc!r}"
            self._finish(JobStatus.FAILED, reason)
            raise JobFailure(reason, kind=FailureKind.JOB_INTERNAL_ERROR) from exc
        self._finish(JobStatus.COMPLETED, "")
        return StepResult(self.describe, {"ProcessingJob": {"Arn": self.arn}})

    def _start_or_reattach(self) -> job_process.JobRun:
        if self.work.reattach:
            self.hosts = host_dirs(self.ctx.jobs_root, self.name, self.count, fresh=False)
            run = job_process.reattach(self.ctx.sandbox, self.work.reattach)
            if run is not None:
                return run
        self.hosts = host_dirs(self.ctx.jobs_root, self.name, self.count, fresh=True)
        self._record(JobStatus.IN_PROGRESS)
        specs = self._prepare()
        run = job_process.launch(self.ctx.sandbox, specs, self.ctx.slots, self.name)
        self.work.emit(
            ev.JobLaunched(
                _utc(),
                step=self.work.step.name,
                attempt=self.work.attempt,
                job_name=self.name,
                job_kind=KIND,
                handle=run.handle_doc(self.arn),
            )
        )
        return run

    # -- preparing ----------------------------------------------------------------------

    def _prepare(self) -> list[ProcessSpec]:
        workspaces = [h.workspace for h in self.hosts]
        for spec in self._inputs():
            stage_input(self.ctx.artifacts, spec, workspaces)
        for output in self._outputs():
            for host in self.hosts:
                (host.workspace / output["relative"]).mkdir(parents=True, exist_ok=True)
        command = self._command()
        runtime = self.ctx.images.runtime(self.request["AppSpecification"]["ImageUri"])
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
                    timeout_seconds=self._limit(),
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

    def _command(self) -> list[str]:
        app = self.request.get("AppSpecification") or {}
        entry = [str(a) for a in app.get("ContainerEntrypoint") or []]
        args = [str(a) for a in app.get("ContainerArguments") or []]
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

    def _limit(self) -> float | None:
        stopping = self.request.get("StoppingCondition") or {}
        value = stopping.get("MaxRuntimeInSeconds")
        return float(value) if value else None

    def _message_file(self, host: HostDirs) -> Path:
        return host.workspace / "output" / "message"

    # -- finishing ----------------------------------------------------------------------

    def _upload_outputs(self) -> None:
        for output in self._outputs():
            for host in self.hosts:
                upload_output(
                    self.ctx.artifacts, host.workspace / output["relative"], output["uri"]
                )

    def _initial_describe(self) -> dict[str, Any]:
        created = now()
        return without_none(
            {
                **{k: v for k, v in self.request.items() if k != "ProcessingJobName"},
                "ProcessingJobName": self.name,
                "ProcessingJobArn": job_arn("processing-job", self.name),
                "ProcessingJobStatus": JobStatus.IN_PROGRESS.value,
                "CreationTime": created,
                "ProcessingStartTime": created,
                "LastModifiedTime": created,
            }
        )

    def _finish(self, status: JobStatus, reason: str) -> None:
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
        self._record(status)

    def _record(self, status: JobStatus) -> None:
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=KIND,
                arn=self.arn,
                status=status,
                describe=self.describe,
                execution_arn=self.work.execution.arn,
                step_name=self.work.step.name,
            )
        )


def _utc() -> datetime:
    return datetime.now(UTC)
