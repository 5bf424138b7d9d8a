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
from pathlib import Path
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure, NotFound
from dagmaker.records.statuses import JobStatus
from dagmaker.runners import transform_request
from dagmaker.runners.builtin.inference.job_config import (
    FAILURE_FILE,
    INPUT_DIR,
    OUTPUT_DIR,
)
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import now, without_none
from dagmaker.runners.job_attempt import JobAttempt
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.runners.transform_model import ContainerStager, StagedContainer, containers_of
from dagmaker.runners.workspace import HostDirs

KIND = "Transform"
COMMAND = ["python3", "-m", "dagmaker.runners.builtin.inference.batch_transform"]


class TransformRunner:
    """Runs a CreateTransformJob request in the local sandbox."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the job to the end; return its DescribeTransformJob document."""
        return _Job(self.ctx, work).execute()


class _Job(JobAttempt):
    """One attempt of one transform job."""

    kind = KIND
    arn_kind = "transform-job"

    def host_count(self) -> int:
        """``TransformResources.InstanceCount``."""
        return int((self.request.get("TransformResources") or {}).get("InstanceCount", 1))

    def failure_file(self, host: HostDirs) -> Path:
        """The job program explains a failure in ``/opt/ml/output/failure``."""
        return host.workspace / FAILURE_FILE

    def on_success(self) -> None:
        """Upload every host's ``.out`` files to ``S3OutputPath``."""
        destination = transform_request.output_path(self.request)
        for host in self.hosts:
            self.outputs.directory(host.workspace / OUTPUT_DIR, destination)

    def prepare(self) -> list[ProcessSpec]:
        """Stage the model's containers and the input files; write the job's config."""
        config = transform_request.job_config(self.request)
        containers = self._stage_containers()
        config = dataclasses.replace(config, containers=tuple(c.config for c in containers))
        uri, data_type = transform_request.data_source(self.request)
        workspaces = [h.workspace for h in self.hosts]
        stage_input(
            self.ctx.artifacts,
            InputSpec("TransformInput", uri, INPUT_DIR, data_type, sharded=len(self.hosts) > 1),
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

    # -- documents ----------------------------------------------------------------------

    def initial_describe(self) -> dict[str, Any]:
        """DescribeTransformJob while the job runs."""
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

    def finish_describe(self, status: JobStatus, reason: str) -> None:
        """Status, end time and (on failure) the reason."""
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
