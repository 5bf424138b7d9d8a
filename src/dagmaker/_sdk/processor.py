"""``Processor`` and ``ScriptProcessor``; public through :mod:`dagmaker.processing`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput, RunArgs
from dagmaker._sdk.processing_job import ProcessingJob
from dagmaker._sdk.processing_paths import normalize_inputs, normalize_outputs
from dagmaker._sdk.processing_request import processing_request
from dagmaker._sdk.s3_upload import s3_path_join, upload_path
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker._sdk.tags import format_tags
from dagmaker.network import NetworkConfig
from dagmaker.session import Session, get_execution_role
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.pipeline_context import capture_or_run, current_context
from dagmaker.workflow.utilities import hash_files_or_dirs

logger = logging.getLogger(__name__)


@dataclass
class _RunCall:
    """One ``run()`` call, kept until its request is built.

    Attributes:
        hashed_paths: Local code paths whose content hash names the code folder.
        source_dir: The code's source directory (framework processors).
        dependencies: More code directories (framework processors).
        options: Settings a processor subclass applies when the request is built.
    """

    inputs: list[Any] | None
    outputs: list[Any] | None
    arguments: list[Any] | None
    job_name: str | None
    experiment_config: dict[str, Any] | None
    kms_key: Any
    code: str | None = None
    hashed_paths: list[str] = field(default_factory=list)
    source_dir: Any = None
    dependencies: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for what, items in (("inputs", self.inputs), ("outputs", self.outputs)):
            if items is not None and not isinstance(items, (list, tuple)):
                raise TypeError(
                    f"processing {what} must be a list, got {type(items).__name__}; wrap a "
                    f"single one in a list: {what}=[...]"
                )

    def code_hash(self) -> str | None:
        """The content hash of the local code, or ``None`` when there is none."""
        return hash_files_or_dirs(self.hashed_paths) if self.hashed_paths else None


class Processor:
    """Runs a processing job with a given image and entrypoint.

    Attributes:
        role: The IAM role ARN (or name) of the job.
        image_uri: The container image.
        instance_count: Number of instances (hosts ``algo-1..N``).
        instance_type: The instance type, e.g. ``ml.m5.xlarge``.
        entrypoint: The container entrypoint, if not the image's own.
        volume_size_in_gb: Storage per instance.
        max_runtime_in_seconds: Time limit of the job.
        base_job_name: Prefix of generated job names.
        sagemaker_session: The session jobs are started through.
        env: Environment variables of the job.
        tags: Tags of the job.
        network_config: Network settings of the job.
        jobs: Jobs started by this processor.
        latest_job: The most recent job started.
        arguments: The arguments of the most recent run.
    """

    JOB_CLASS_NAME = "processing-job"

    def __init__(
        self,
        role: Any = None,
        image_uri: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        entrypoint: list[Any] | None = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        self.image_uri = image_uri
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.entrypoint = entrypoint
        self.volume_size_in_gb = volume_size_in_gb
        self.max_runtime_in_seconds = max_runtime_in_seconds
        self.base_job_name = base_job_name
        self.tags = format_tags(tags)
        self.sagemaker_session = sagemaker_session or Session()
        self.output_kms_key = output_kms_key
        self.volume_kms_key = volume_kms_key
        self.network_config = network_config
        self.role = role if role is not None else get_execution_role(self.sagemaker_session)
        self.env = env
        self.jobs: list[ProcessingJob] = []
        self.latest_job: ProcessingJob | None = None
        self.arguments: list[Any] | None = None
        self._current_job_name: str | None = None

    def run(
        self,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
        kms_key: Any = None,
    ) -> Any:
        """Run a processing job (or, under a ``PipelineSession``, return its step arguments).

        Args:
            inputs: The job's inputs.
            outputs: The job's outputs.
            arguments: Arguments passed to the container.
            wait: Wait for the job to end.
            logs: Show the job's log while waiting (needs ``wait``).
            job_name: The job's name; generated from ``base_job_name`` when not given.
            experiment_config: Experiment settings; only ``TrialComponentDisplayName`` is
                kept in pipeline definitions.
            kms_key: KMS key for uploaded inputs.

        Returns:
            Step arguments under a ``PipelineSession``, else ``None``.
        """
        call = _RunCall(inputs, outputs, arguments, job_name, experiment_config, kms_key)
        return self._start(call, wait, logs)

    def _start(self, call: _RunCall, wait: bool, logs: Any) -> Any:
        def run_now(request: dict[str, Any]) -> None:
            if logs and not wait:
                raise ValueError(
                    "logs can only be shown while waiting: pass wait=True, or logs=False"
                )
            self.sagemaker_session.sagemaker_client.create_processing_job(**request)
            self.latest_job = ProcessingJob._from_request(self.sagemaker_session, request)
            self.jobs.append(self.latest_job)
            if wait:
                self.latest_job.wait(logs=logs)

        return capture_or_run(
            self.sagemaker_session, "process", lambda: self._build_request(call), run_now
        )

    def _build_request(self, call: _RunCall) -> dict[str, Any]:
        job_name = self._generate_current_job_name(call.job_name)
        inputs = self._include_code_in_inputs(call, job_name)
        session = self.sagemaker_session
        normalized_inputs = normalize_inputs(session, inputs, job_name, call.kms_key)
        normalized_outputs = normalize_outputs(session, call.outputs, job_name)
        self.arguments = call.arguments
        return processing_request(
            self,
            job_name,
            normalized_inputs,
            normalized_outputs,
            call.arguments,
            self._entrypoint_for(call),
            call.experiment_config,
        )

    def _include_code_in_inputs(self, call: _RunCall, job_name: str) -> list[Any] | None:
        return call.inputs

    def _entrypoint_for(self, call: _RunCall) -> list[Any] | None:
        return self.entrypoint

    def _generate_current_job_name(self, job_name: str | None = None) -> str:
        """The given job name, or one generated from the base job name or the image."""
        if job_name is None:
            base = self.base_job_name or base_name_from_image(
                self.image_uri, default_base_name=Processor.JOB_CLASS_NAME
            )
            job_name = name_from_base(base)
        self._current_job_name = job_name
        return job_name


class ScriptProcessor(Processor):
    """Runs a script (``code=``) with a command, e.g. ``["python3"]``, in a given image.

    The script becomes the input ``code`` at ``/opt/ml/processing/input/code`` and the
    entrypoint is ``command + ["/opt/ml/processing/input/code/<script>"]``.

    Attributes:
        command: The command that runs the script.
    """

    _CODE_CONTAINER_BASE_PATH = "/opt/ml/processing/input/"
    _CODE_CONTAINER_INPUT_NAME = "code"

    def __init__(
        self,
        role: Any = None,
        image_uri: Any = None,
        command: list[str] | None = None,
        instance_count: Any = None,
        instance_type: Any = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        self.command = command
        super().__init__(
            role=role,
            image_uri=image_uri,
            instance_count=instance_count,
            instance_type=instance_type,
            volume_size_in_gb=volume_size_in_gb,
            volume_kms_key=volume_kms_key,
            output_kms_key=output_kms_key,
            max_runtime_in_seconds=max_runtime_in_seconds,
            base_job_name=base_job_name,
            sagemaker_session=sagemaker_session,
            env=env,
            tags=tags,
            network_config=network_config,
        )

    def get_run_args(
        self,
        code: str,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
    ) -> RunArgs:
        """The arguments of ``run`` as a ``RunArgs``, for ``ProcessingStep(processor=...)``."""
        logger.warning(
            "get_run_args is deprecated: pass step_args=processor.run(...) under a "
            "PipelineSession to ProcessingStep instead"
        )
        return RunArgs(code=code, inputs=inputs, outputs=outputs, arguments=arguments)

    def run(  # type: ignore[override]
        self,
        code: str,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
        kms_key: Any = None,
    ) -> Any:
        """Run ``code`` as a processing job (step arguments under a ``PipelineSession``).

        Args:
            code: S3 URI or local path of the script; a local script is uploaded.
            inputs: The job's inputs.
            outputs: The job's outputs.
            arguments: Arguments passed to the script.
            wait: Wait for the job to end.
            logs: Show the job's log while waiting (needs ``wait``).
            job_name: The job's name; generated from ``base_job_name`` when not given.
            experiment_config: Experiment settings.
            kms_key: KMS key for the uploaded script and inputs.

        Raises:
            ValueError: when ``code`` is a pipeline variable, a missing file or a directory.
        """
        call = _RunCall(inputs, outputs, arguments, job_name, experiment_config, kms_key)
        call.code = _checked_code(code)
        if _is_local(code):
            call.hashed_paths = [code]
        return self._start(call, wait, logs)

    def _include_code_in_inputs(self, call: _RunCall, job_name: str) -> list[Any] | None:
        if call.code is None:
            return call.inputs
        code_uri = self._code_uri(call, job_name)
        code_input = ProcessingInput(
            source=code_uri,
            destination=str(
                PurePosixPath(self._CODE_CONTAINER_BASE_PATH, self._CODE_CONTAINER_INPUT_NAME)
            ),
            input_name=self._CODE_CONTAINER_INPUT_NAME,
        )
        return [*(call.inputs or []), code_input]

    def _code_uri(self, call: _RunCall, job_name: str) -> str:
        code = str(call.code)
        if not _is_local(code):
            return code
        context = current_context()
        code_hash = call.code_hash()
        session = self.sagemaker_session
        if context is not None and code_hash:
            where = [context.pipeline_name, "code", code_hash]
        else:
            where = [job_name, "input", self._CODE_CONTAINER_INPUT_NAME]
        desired = s3_path_join("s3://", default_bucket(session), default_prefix(session), *where)
        return upload_path(session, _local_path(code), desired, call.kms_key)

    def _entrypoint_for(self, call: _RunCall) -> list[Any] | None:
        if call.code is None:
            return self.entrypoint
        script = PurePosixPath(urlparse(str(call.code)).path).name
        location = str(
            PurePosixPath(self._CODE_CONTAINER_BASE_PATH, self._CODE_CONTAINER_INPUT_NAME, script)
        )
        self.entrypoint = [*(self.command or []), location]
        return self.entrypoint


def _checked_code(code: Any) -> str:
    if is_pipeline_variable(code):
        raise ValueError(
            "code must be an S3 URI or a local file path, not a pipeline variable: the script "
            "is uploaded when the pipeline definition is built"
        )
    if not isinstance(code, str) or not code:
        raise ValueError(f"code must be an S3 URI or a local file path, got {code!r}")
    scheme = urlparse(code).scheme
    if scheme not in ("", "file", "s3"):
        raise ValueError(
            f"code {code!r}: URL scheme {scheme!r} is not supported; pass a local file path "
            "or an s3:// URI"
        )
    if _is_local(code):
        path = Path(_local_path(code))
        if not path.exists():
            raise ValueError(f"code {code!r} was not found; check the path (cwd: {Path.cwd()})")
        if not path.is_file():
            raise ValueError(f"code {code!r} is a directory; pass the path of the script file")
    return code


def _is_local(code: str) -> bool:
    return urlparse(code).scheme in ("", "file")


def _local_path(code: str) -> str:
    return urlparse(code).path if code.startswith("file://") else code
