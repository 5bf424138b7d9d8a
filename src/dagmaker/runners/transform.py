"""Transform steps and jobs (CreateTransformJob → DescribeTransformJob).

The job looks up its model (``ModelName``), unpacks each container's model and inference
script into the workspace, stages the input files under ``/opt/ml/input/data`` and runs
`dagmaker.runners.builtin.inference.batch_transform` in the sandbox. Each input file gives
``<S3OutputPath>/<file>.out``; outputs are uploaded only when every file succeeded.
``InstanceCount`` > 1 runs one process per instance, each with its share of the files.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, datetime
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners import job_process, transform_request
from dagmaker.runners.builtin.inference.job_config import (
    FAILURE_FILE,
    INPUT_DIR,
    OUTPUT_DIR,
)
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn, now, without_none
from dagmaker.runners.staging import InputSpec, stage_input, upload_output
from dagmaker.runners.transform_model import ContainerStager, StagedContainer, containers_of
from dagmaker.runners.workspace import HostDirs, host_dirs

KIND = "Transform"
COMMAND = ["python3", "-m", "dagmaker.runners.builtin.inference.batch_transform"]


class TransformRunner:
    """Runs a CreateTransformJob request in the local sandbox."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the job to the end; return its DescribeTransformJob document."""
        return _Job(self.ctx, work).execute()


class _Job:
    """One attempt of one transform job."""

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.ctx = ctx
        self.work = work
        self.request: dict[str, Any] = work.arguments
        self.name = work.job_name
        self.arn = job_arn("transform-job", self.name)
        resources = self.request.get("TransformResources") or {}
        self.count = max(1, int(resources.get("InstanceCount", 1)))
        self.hosts: list[HostDirs] = []
        self.describe = self._initial_describe()

    def execute(self) -> StepResult:
        try:
            run = self._start_or_reattach()
            exits = job_process.follow(
                self.ctx.sandbox, run, self.work.cancel, self.ctx.stop_grace_seconds
            )
            # Hosts stopped because another failed come last: the first failure explains.
            order = sorted(range(len(exits)), key=lambda i: exits[i].stopped)
            failure = job_process.failure_of(
                [exits[i] for i in order],
                [self.hosts[i].logs for i in order],
                [self.hosts[i].workspace / FAILURE_FILE for i in order],
                None,
            )
            if failure is not None:
                raise failure
            self._upload_outputs()
        except StepStopped:
            self._finish(JobStatus.STOPPED, "")
            raise
        except DagmakerError as exc:
            self._finish(JobStatus.FAILED, exc.message)
            raise
        except Exception as exc:
            reason = f"InternalServerError: dagmaker failed while running the job: {exc!r}"
            self._finish(JobStatus.FAILED, reason)
            raise JobFailure(reason, kind=FailureKind.JOB_INTERNAL_ERROR) from exc
        self._finish(JobStatus.COMPLETED, "")
        return StepResult(self.describe, {"TransformJob": {"Arn": self.arn}})

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
                datetime.now(UTC),
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
        config = transform_request.job_config(self.request)
        containers = self._stage_containers()
        config = dataclasses.replace(config, containers=tuple(c.config for c in containers))
        uri, data_type = transform_request.data_source(self.request)
        workspaces = [h.workspace for h in self.hosts]
        stage_input(
            self.ctx.artifacts,
            InputSpec("TransformInput", uri, INPUT_DIR, data_type, sharded=self.count > 1),
            workspaces,
        )
        env = self._environment(containers)
        python = next((c.python for c in containers if c.python), None)
        specs = []
        for host in self.hosts:
            config.write(host.workspace)
            (host.workspace / OUTPUT_DIR).mkdir(parents=True, exist_ok=True)
            specs.append(
                ProcessSpec(
                    command=list(COMMAND),
                    workspace=host.workspace,
                    log_dir=host.logs,
                    env=env,
                    cwd="/opt/ml",
                    python=python,
                    hostname=host.name,
                )
            )
        return specs

    def _stage_containers(self) -> list[StagedContainer]:
        name = str(self.request.get("ModelName") or "")
        model = self._model(name)
        leader = self.hosts[0]
        stager = ContainerStager(
            self.ctx.artifacts, self.ctx.images, leader.workspace, leader.logs.parent
        )
        found = containers_of(model, name)
        staged = [stager.stage(c, i, len(found)) for i, c in enumerate(found)]
        for host in self.hosts[1:]:
            for top in ("model", "models", "code"):
                if (leader.workspace / top).is_dir():
                    shutil.copytree(leader.workspace / top, host.workspace / top)
        interpreters = {c.python for c in staged if c.python}
        if len(interpreters) > 1:
            raise JobFailure(
                f"ClientError: the containers of model {name!r} map to different Python "
                f"interpreters ({', '.join(sorted(interpreters))}); a local transform job runs "
                "them in one process, so map their images to the same runtime"
            )
        return staged

    def _model(self, name: str) -> dict[str, Any]:
        if not name:
            raise JobFailure("ClientError: ModelName is required")
        if self.ctx.models is None:
            raise JobFailure(
                f"ClientError: cannot look up model {name!r}: this dagmaker has no model store "
                "configured for transform jobs"
            )
        try:
            return self.ctx.models.describe(name)
        except NotFound:
            raise JobFailure(
                f'ClientError: Could not find model "{name}". Create it first (a Model step, '
                "model.create() or create_model) or fix ModelName"
            ) from None

    def _environment(self, containers: list[StagedContainer]) -> dict[str, str]:
        env: dict[str, str] = {}
        for container in containers:
            env.update(container.environment)
        env.update({str(k): str(v) for k, v in (self.request.get("Environment") or {}).items()})
        strategy = str(self.request.get("BatchStrategy") or "MultiRecord")
        env.update(
            {
                "SAGEMAKER_BATCH": "true",
                "SAGEMAKER_BATCH_STRATEGY": "SINGLE_RECORD"
                if strategy == "SingleRecord"
                else "MULTI_RECORD",
                "SAGEMAKER_MAX_PAYLOAD_IN_MB": str(self.request.get("MaxPayloadInMB", 6)),
                "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS": "1",
                "TRANSFORM_JOB_NAME": self.name,
            }
        )
        return env

    # -- finishing ----------------------------------------------------------------------

    def _upload_outputs(self) -> None:
        destination = transform_request.output_path(self.request)
        for host in self.hosts:
            upload_output(self.ctx.artifacts, host.workspace / OUTPUT_DIR, destination)

    def _initial_describe(self) -> dict[str, Any]:
        created = now()
        return without_none(
            {
                **{k: v for k, v in self.request.items() if k != "TransformJobName"},
                "TransformJobName": self.name,
                "TransformJobArn": self.arn,
                "TransformJobStatus": JobStatus.IN_PROGRESS.value,
                "CreationTime": created,
                "TransformStartTime": created,
                "LastModifiedTime": created,
            }
        )

    def _finish(self, status: JobStatus, reason: str) -> None:
        ended = now()
        self.describe.update(
            {
                "TransformJobStatus": status.value,
                "TransformEndTime": ended,
                "LastModifiedTime": ended,
            }
        )
        if status == JobStatus.FAILED:
            self.describe["FailureReason"] = reason
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
