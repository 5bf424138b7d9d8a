"""Training steps and jobs (CreateTrainingJob → DescribeTrainingJob).

Three ways a training job runs, decided from the request like SageMaker's containers do:
- script mode: hyperparameters name ``sagemaker_program`` (framework estimators); the
  submitted source directory is unpacked into ``/opt/ml/code`` and the entry point runs
  with the ``SM_*`` environment and the hyperparameters as arguments;
- a container entry point given in ``AlgorithmSpecification``: run it as is;
- the built-in XGBoost algorithm: an xgboost image with neither; likewise dagmaker's
  AutoML image runs its candidate training program.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from dagmaker.compute import ProcessSpec
from dagmaker.engine.ports import StepResult, StepWork
from dagmaker.errors import JobFailure
from dagmaker.records.statuses import JobStatus
from dagmaker.runners import metrics, script_mode
from dagmaker.runners.builtin.xgboost_metrics import metric_definitions
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import now, without_none
from dagmaker.runners.job_attempt import JobAttempt
from dagmaker.runners.packaging import extract_archive, has_files, temp_file
from dagmaker.runners.staging import InputSpec, stage_input
from dagmaker.runners.workspace import HostDirs

KIND = "Training"
BUILTIN_XGBOOST = ["python3", "-m", "dagmaker.runners.builtin.xgboost_algorithm", "train"]
BUILTIN_AUTOML = ["python3", "-m", "dagmaker.runners.builtin.automl.train"]


class TrainingRunner:
    """Runs a CreateTrainingJob request in the local sandbox."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the job to the end; return its DescribeTrainingJob document."""
        return _Job(self.ctx, work).execute()


class _Job(JobAttempt):
    """One attempt of one training job."""

    kind = KIND
    arn_kind = "training-job"

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        request: dict[str, Any] = work.arguments
        self.algorithm: dict[str, Any] = request.get("AlgorithmSpecification") or {}
        self.hyperparameters = {
            str(k): str(v) for k, v in (request.get("HyperParameters") or {}).items()
        }
        resources = request.get("ResourceConfig") or {}
        self.count = max(1, int(resources.get("InstanceCount", 1)))
        self.instance_type = str(resources.get("InstanceType", "local"))
        super().__init__(ctx, work)

    def host_count(self) -> int:
        """``ResourceConfig.InstanceCount``."""
        return self.count

    def failure_file(self, host: HostDirs) -> Path:
        """Training containers explain failures in ``/opt/ml/output/failure``."""
        return host.workspace / "output" / "failure"

    # -- preparing ----------------------------------------------------------------------

    def prepare(self) -> list[ProcessSpec]:
        """Stage channels and checkpoints, write config files, unpack script-mode code."""
        channels = self.request.get("InputDataConfig") or []
        workspaces = [h.workspace for h in self.hosts]
        for channel in channels:
            stage_input(self.ctx.artifacts, _channel_input(channel), workspaces)
        self._stage_checkpoints(workspaces)
        mode = self.algorithm.get("TrainingInputMode", "File")
        data_config = script_mode.input_data_config_file(channels, training_input_mode=mode)
        names = [h.name for h in self.hosts]
        command, python, program = self._command()
        specs = []
        for host in self.hosts:
            resources = script_mode.resource_config(
                names, host.name, instance_type=self.instance_type
            )
            self._write_config(host, data_config, resources)
            for sub in ("model", "output/data", "output/intermediate", "code"):
                (host.workspace / sub).mkdir(parents=True, exist_ok=True)
            if program:
                self._unpack_source(host)
            env = self._environment(host, data_config, resources, program)
            cwd = "/opt/ml/code" if program else "/opt/ml"
            specs.append(
                ProcessSpec(
                    command=command,
                    workspace=host.workspace,
                    log_dir=host.logs,
                    env=env,
                    cwd=cwd,
                    timeout_seconds=self.time_limit(),
                    python=python,
                    hostname=host.name,
                )
            )
        return specs

    def _command(self) -> tuple[list[str], str | None, str | None]:
        image = str(self.algorithm.get("TrainingImage") or self.algorithm.get("AlgorithmName", ""))
        entry = [str(a) for a in self.algorithm.get("ContainerEntrypoint") or []]
        args = [str(a) for a in self.algorithm.get("ContainerArguments") or []]
        runtime = self.ctx.images.runtime(image)
        python = runtime.split(":", 1)[1] if runtime.startswith("python:") else None
        decoded = script_mode.decode_hyperparameters(self.hyperparameters)
        program = decoded.sagemaker.get("sagemaker_program")
        if entry:
            return entry + args, python, None
        if program:
            return (
                [
                    *_interpreter(str(program)),
                    f"/opt/ml/code/{program}",
                    *script_mode.cli_args(decoded.user),
                ],
                python,
                str(program),
            )
        if runtime == "builtin:automl":
            return list(BUILTIN_AUTOML), None, None
        if runtime == "builtin:xgboost" or "xgboost" in image.lower():
            return list(BUILTIN_XGBOOST), None, None
        raise JobFailure(
            f"ClientError: image {image!r} has no entry point dagmaker can run: give an "
            "entry_point (script mode) or a ContainerEntrypoint, or map the image with "
            f"`dagmaker images map '{image}' --to builtin:xgboost`",
        )

    def _environment(
        self,
        host: HostDirs,
        data_config: dict[str, Any],
        resources: dict[str, Any],
        program: str | None,
    ) -> dict[str, str]:
        env = {str(k): str(v) for k, v in (self.request.get("Environment") or {}).items()}
        base = str(host.workspace) if self.ctx.sandbox.mode == "rewrite" else "/opt/ml"
        env.update(
            script_mode.training_env(
                self.hyperparameters,
                data_config,
                resources,
                num_cpus=os.cpu_count() or 1,
                base=base,
                job_name=self.name,
            )
        )
        if program:
            env["PYTHONPATH"] = f"{base}/code"
        return env

    def _write_config(
        self, host: HostDirs, data_config: dict[str, Any], resources: dict[str, Any]
    ) -> None:
        config = host.workspace / "input" / "config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "hyperparameters.json").write_text(json.dumps(self.hyperparameters))
        (config / "inputdataconfig.json").write_text(json.dumps(data_config))
        (config / "resourceconfig.json").write_text(json.dumps(resources))

    def _unpack_source(self, host: HostDirs) -> None:
        decoded = script_mode.decode_hyperparameters(self.hyperparameters)
        source = decoded.sagemaker.get("sagemaker_submit_directory")
        if not source:
            return
        source = str(source)
        target = host.workspace / "code"
        if not source.startswith("s3://"):
            raise JobFailure(
                f"ClientError: sagemaker_submit_directory {source!r} is not an s3:// URI",
            )
        archive = temp_file(host.logs.parent, ".tar.gz")
        try:
            self.ctx.artifacts.download_file(source, archive)
            extract_archive(archive, target, f"source directory {source}")
        finally:
            archive.unlink(missing_ok=True)

    def _stage_checkpoints(self, workspaces: list[Path]) -> None:
        uri = (self.request.get("CheckpointConfig") or {}).get("S3Uri")
        if not uri:
            return
        local = (self.request.get("CheckpointConfig") or {}).get("LocalPath", "/opt/ml/checkpoints")
        relative = local.rstrip("/").removeprefix("/opt/ml/")
        if self.ctx.artifacts.list(uri.rstrip("/") + "/"):
            stage_input(self.ctx.artifacts, InputSpec("checkpoints", uri, relative), workspaces)
        for workspace in workspaces:
            (workspace / relative).mkdir(parents=True, exist_ok=True)

    # -- finishing ----------------------------------------------------------------------

    def after_exit(self) -> None:
        """Fill FinalMetricDataList from the log, whether the job succeeded or not."""
        definitions = self.algorithm.get("MetricDefinitions") or []
        if not definitions and self._is_builtin():
            definitions = metric_definitions()
        compiled = metrics.compile_definitions(definitions)
        if not compiled or not self.hosts:
            return
        lines = _log_lines(self.hosts[0].logs)
        found = metrics.final_metrics(compiled, lines, now())
        if found:
            self.describe["FinalMetricDataList"] = found

    def _is_builtin(self) -> bool:
        decoded = script_mode.decode_hyperparameters(self.hyperparameters)
        image = str(self.algorithm.get("TrainingImage", ""))
        return (
            not self.algorithm.get("ContainerEntrypoint")
            and "sagemaker_program" not in decoded.sagemaker
            and (
                "xgboost" in image.lower()
                or self.ctx.images.user_mapping(image) == "builtin:xgboost"
            )
        )

    def on_success(self) -> None:
        """Publish model.tar.gz (and output.tar.gz, checkpoints)."""
        output_path = str((self.request.get("OutputDataConfig") or {}).get("S3OutputPath", ""))
        base = f"{output_path.rstrip('/')}/{self.name}/output"
        leader = self.hosts[0]
        model = self._archive(leader.workspace / "model", f"{base}/model.tar.gz")
        self.describe["ModelArtifacts"] = {"S3ModelArtifacts": model}
        if has_files(leader.workspace / "output" / "data"):
            self._archive(leader.workspace / "output" / "data", f"{base}/output.tar.gz")
        checkpoint = (self.request.get("CheckpointConfig") or {}).get("S3Uri")
        if checkpoint:
            local = (self.request.get("CheckpointConfig") or {}).get(
                "LocalPath", "/opt/ml/checkpoints"
            )
            relative = local.rstrip("/").removeprefix("/opt/ml/")
            self.outputs.directory(leader.workspace / relative, checkpoint)

    def _archive(self, directory: Path, uri: str) -> str:
        scratch = temp_file(self.hosts[0].logs.parent, ".tar.gz")
        return self.outputs.archive(directory, scratch, uri)

    def initial_describe(self) -> dict[str, Any]:
        """The DescribeTrainingJob document while the job runs."""
        created = now()
        return without_none(
            {
                **{k: v for k, v in self.request.items() if k != "TrainingJobName"},
                "TrainingJobName": self.name,
                "TrainingJobArn": self.arn,
                "TrainingJobStatus": JobStatus.IN_PROGRESS.value,
                "SecondaryStatus": "Training",
                "HyperParameters": self.hyperparameters,
                "CreationTime": created,
                "TrainingStartTime": created,
                "LastModifiedTime": created,
                "ModelArtifacts": {"S3ModelArtifacts": ""},
            }
        )

    def finish_describe(self, status: JobStatus, reason: str) -> None:
        """Status, times and failure reason."""
        ended = now()
        secondary = {
            JobStatus.COMPLETED: "Completed",
            JobStatus.FAILED: "Failed",
            JobStatus.STOPPED: "Stopped",
        }[status]
        started = datetime.fromisoformat(self.describe["TrainingStartTime"])
        seconds = int((datetime.fromisoformat(ended) - started).total_seconds())
        self.describe.update(
            {
                "TrainingJobStatus": status.value,
                "SecondaryStatus": secondary,
                "TrainingEndTime": ended,
                "LastModifiedTime": ended,
                "TrainingTimeInSeconds": seconds,
                "BillableTimeInSeconds": seconds,
            }
        )
        if status == JobStatus.FAILED:
            self.describe["FailureReason"] = reason


def _channel_input(channel: dict[str, Any]) -> InputSpec:
    name = str(channel.get("ChannelName", ""))
    s3 = (channel.get("DataSource") or {}).get("S3DataSource") or {}
    return InputSpec(
        name=name,
        uri=s3.get("S3Uri", ""),
        target=f"input/data/{name}",
        data_type=s3.get("S3DataType", "S3Prefix"),
        sharded=s3.get("S3DataDistributionType") == "ShardedByS3Key",
    )


def _log_lines(log_dir: Path) -> list[str]:
    lines: list[str] = []
    for name in ("stdout.log", "stderr.log"):
        path = log_dir / name
        if path.is_file():
            lines += path.read_text(errors="replace").splitlines()
    return lines


def _interpreter(program: str) -> list[str]:
    # The training toolkit runs shell entry points (the SDK's repack launcher is one)
    # with sh and everything else with Python.
    return ["/bin/sh"] if program.endswith(".sh") else ["python3"]
