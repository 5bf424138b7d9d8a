"""``FrameworkProcessor``: run a script with its source directory on a framework image.

The code (``code`` plus ``source_dir`` and ``dependencies``) is packed as
``sourcedir.tar.gz`` by the framework's estimator class and becomes the input ``code``;
a small ``runproc.sh`` becomes the input ``entrypoint`` and is what the job starts
(``/bin/bash /opt/ml/processing/input/entrypoint/runproc.sh``). Inside a pipeline both
land under ``s3://<bucket>/<pipeline>/code/<content hash>/``. Public through
:mod:`dagmaker.processing`.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath
from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput, RunArgs
from dagmaker._sdk.processor import ScriptProcessor, _checked_code, _is_local, _RunCall
from dagmaker._sdk.runproc import render_runproc
from dagmaker._sdk.s3_upload import s3_path_join, upload_text
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker.network import NetworkConfig
from dagmaker.workflow.pipeline_context import current_context
from dagmaker.workflow.utilities import hash_object

_ARCHIVE = "sourcedir.tar.gz"


class FrameworkProcessor(ScriptProcessor):
    """Runs ``code`` from a source directory in a framework's image (see module docs).

    Attributes:
        estimator_cls: The framework estimator class that chooses the image and packs code.
        framework_version: The framework version.
        py_version: The Python version of the image.
        code_location: S3 prefix for the packed code, instead of the default bucket.
    """

    framework_entrypoint_command = ["/bin/bash"]

    def __init__(
        self,
        estimator_cls: type,
        framework_version: str | None,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        py_version: str = "py3",
        image_uri: Any = None,
        command: list[str] | None = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        code_location: str | None = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        self.estimator_cls = estimator_cls
        self.framework_version = framework_version
        self.py_version = py_version
        super().__init__(
            role=role,
            image_uri=image_uri,
            command=command or ["python"],
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
        # The packed code takes the "code" input; the runproc.sh script goes here.
        self._CODE_CONTAINER_INPUT_NAME = "entrypoint"
        self.code_location = code_location.rstrip("/") if code_location else code_location
        if image_uri is None or base_job_name is None:
            estimator = self._create_estimator()
            if image_uri is None:
                self.image_uri = estimator.training_image_uri()
            if base_job_name is None:
                self.base_job_name = estimator.base_job_name or estimator_cls._framework_name  # type: ignore[attr-defined]

    def _create_estimator(
        self, entry_point: str = "", source_dir: Any = None, dependencies: Any = None
    ) -> Any:
        return self.estimator_cls(
            framework_version=self.framework_version,
            py_version=self.py_version,
            entry_point=entry_point,
            source_dir=source_dir,
            dependencies=dependencies,
            code_location=self.code_location,
            enable_network_isolation=False,
            image_uri=self.image_uri,
            role=self.role,
            instance_count=1,
            instance_type=self.instance_type,
            sagemaker_session=self.sagemaker_session,
            debugger_hook_config=False,
            disable_profiler=True,
            output_kms_key=self.output_kms_key,
        )

    def get_run_args(  # type: ignore[override]
        self,
        code: str,
        source_dir: str | None = None,
        dependencies: list[str] | None = None,
        git_config: dict[str, str] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        job_name: str | None = None,
    ) -> RunArgs:
        """Pack and upload the code now; return arguments for ``ProcessingStep(processor=...)``."""
        _reject_git(git_config)
        call = self._framework_call(code, source_dir, dependencies, inputs, outputs, arguments)
        call.job_name = job_name
        packed = self._pack_and_upload(call)
        return RunArgs(packed.code, inputs=packed.inputs, outputs=outputs, arguments=arguments)

    def run(  # type: ignore[override]
        self,
        code: str,
        source_dir: str | None = None,
        dependencies: list[str] | None = None,
        git_config: dict[str, str] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
        kms_key: Any = None,
        codeartifact_repo_arn: str | None = None,
    ) -> Any:
        """Run ``code`` with its source directory (step arguments under a ``PipelineSession``).

        Args:
            code: The script: an S3 URI, or a local path (relative to ``source_dir`` when
                that is given).
            source_dir: Local directory (or ``s3://.../sourcedir.tar.gz``) packed with it.
            dependencies: More local directories packed with it.
            git_config: Not supported (clone the repository and pass ``source_dir``).
            inputs: The job's inputs.
            outputs: The job's outputs.
            arguments: Arguments passed to the script.
            wait: Wait for the job to end.
            logs: Show the job's log while waiting (needs ``wait``).
            job_name: The job's name; generated from ``base_job_name`` when not given.
            experiment_config: Experiment settings.
            kms_key: KMS key for uploads.
            codeartifact_repo_arn: Not supported.
        """
        _reject_git(git_config)
        if codeartifact_repo_arn:
            raise ValueError(
                "codeartifact_repo_arn is not supported by dagmaker; put the packages your "
                "script needs in a requirements.txt inside source_dir"
            )
        call = self._framework_call(code, source_dir, dependencies, inputs, outputs, arguments)
        call.job_name, call.experiment_config, call.kms_key = job_name, experiment_config, kms_key
        return self._start(call, wait, logs)

    def _framework_call(
        self,
        code: str,
        source_dir: str | None,
        dependencies: list[str] | None,
        inputs: list[Any] | None,
        outputs: list[Any] | None,
        arguments: list[Any] | None,
    ) -> _RunCall:
        if not (isinstance(code, str) and code.startswith("s3://")) and source_dir is None:
            _checked_code(code)
        deps = list(dependencies or [])
        return _RunCall(
            inputs,
            outputs,
            arguments,
            None,
            None,
            None,
            code=code,
            hashed_paths=_hashed_paths(code, source_dir, deps),
            source_dir=source_dir,
            dependencies=deps,
        )

    def _build_request(self, call: _RunCall) -> dict[str, Any]:
        return super()._build_request(self._pack_and_upload(call))

    def _pack_and_upload(self, call: _RunCall) -> _RunCall:
        """The call with its code packed and uploaded, running ``runproc.sh`` instead."""
        code = str(call.code)
        if code.startswith("s3://"):
            return call
        job_name = self._generate_current_job_name(call.job_name)
        estimator = self._create_estimator(code, call.source_dir, call.dependencies)
        estimator._prepare_for_training(job_name=job_name, code_hash=call.code_hash())
        uploaded = estimator.uploaded_code
        if f"/{_ARCHIVE}" not in uploaded.s3_prefix:
            raise ValueError(
                f"source_dir {call.source_dir!r}: an S3 source_dir must name a file called "
                f"{_ARCHIVE}"
            )
        code_input = ProcessingInput(
            input_name="code",
            source=uploaded.s3_prefix,
            destination="/opt/ml/processing/input/code/",
        )
        runproc_uri = self._upload_runproc(uploaded.s3_prefix, uploaded.script_name, call.kms_key)
        return dataclasses.replace(
            call,
            code=runproc_uri,
            inputs=[*(call.inputs or []), code_input],
            job_name=job_name,
            hashed_paths=[],
        )

    def _upload_runproc(self, archive_uri: str, script: str, kms_key: Any) -> str:
        text = render_runproc(list(self.command or []), script)
        context = current_context()
        if context is not None:
            session = self.sagemaker_session
            desired = s3_path_join(
                "s3://",
                default_bucket(session),
                default_prefix(session),
                context.pipeline_name,
                "code",
                hash_object(text),
                "runproc.sh",
            )
        else:
            desired = archive_uri.replace(_ARCHIVE, "runproc.sh")
        return upload_text(self.sagemaker_session, text, desired, kms_key or self.output_kms_key)

    def _entrypoint_for(self, call: _RunCall) -> list[Any] | None:
        script = PurePosixPath(str(call.code)).name
        location = PurePosixPath(
            self._CODE_CONTAINER_BASE_PATH, self._CODE_CONTAINER_INPUT_NAME, script
        )
        self.entrypoint = [*self.framework_entrypoint_command, str(location)]
        return self.entrypoint


def _hashed_paths(code: str, source_dir: str | None, dependencies: list[str]) -> list[str]:
    # The same paths SageMaker's SDK hashes for a processing step's code.
    if source_dir:
        if not _is_local(source_dir):
            return []
        return [code, source_dir, *dependencies] if _is_local(code) else [source_dir, *dependencies]
    return [code, *dependencies] if _is_local(code) else []


def _reject_git(git_config: Any) -> None:
    if git_config:
        raise ValueError(
            "git_config is not supported by dagmaker: clone the repository yourself and pass "
            "its local path as source_dir"
        )
