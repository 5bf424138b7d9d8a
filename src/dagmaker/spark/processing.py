"""``PySparkProcessor`` and ``SparkJarProcessor``: run a Spark application with ``smspark-submit``.

``submit_py_files``, ``submit_jars`` and ``submit_files`` may mix S3 URIs and local
paths; local ones are uploaded together as one input (``py-files``, ``jars``, ``files``)
and passed to ``spark-submit`` as ``--py-files`` etc. A ``configuration`` (EMR-style
classifications) is uploaded as ``configuration.json`` into the input ``conf``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput, RunArgs
from dagmaker._sdk.processor import ScriptProcessor, _checked_code, _is_local, _RunCall
from dagmaker._sdk.s3_upload import s3_path_join, upload_path, upload_text
from dagmaker._sdk.session_facts import default_bucket, default_prefix, session_region
from dagmaker.image_uris import retrieve
from dagmaker.network import NetworkConfig
from dagmaker.session import Session
from dagmaker.workflow.entities import Join, is_pipeline_variable
from dagmaker.workflow.pipeline_context import current_context
from dagmaker.workflow.utilities import hash_object

_COMMAND = "smspark-submit"
_INPUT_BASE = "/opt/ml/processing/input/"
_EVENT_LOG_PATH = "/opt/ml/processing/spark-events/"
_CHANNELS = {"submit_py_files": "py-files", "submit_jars": "jars", "submit_files": "files"}
_CLASSIFICATIONS = frozenset(
    {
        "core-site",
        "hadoop-env",
        "hadoop-log4j",
        "hive-env",
        "hive-log4j",
        "hive-exec-log4j",
        "hive-site",
        "spark-defaults",
        "spark-env",
        "spark-log4j",
        "spark-hive-site",
        "spark-metrics",
        "yarn-env",
        "yarn-site",
        "export",
    }
)


class PySparkProcessor(ScriptProcessor):
    """Runs a PySpark application on SageMaker's Spark processing image.

    Attributes:
        configuration_location: S3 prefix for the uploaded configuration.
        dependency_location: S3 prefix for uploaded local dependencies.
    """

    def __init__(
        self,
        role: Any = None,
        instance_type: Any = None,
        instance_count: Any = None,
        framework_version: str | None = None,
        py_version: str | None = None,
        container_version: str | None = None,
        image_uri: Any = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        configuration_location: str | None = None,
        dependency_location: str | None = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        session = sagemaker_session or Session()
        if not image_uri:
            image_uri = _spark_image(
                framework_version, py_version, container_version, session, instance_type
            )
        self.configuration_location = configuration_location
        self.dependency_location = dependency_location
        super().__init__(
            role=role,
            image_uri=image_uri,
            command=[_COMMAND],
            instance_count=instance_count,
            instance_type=instance_type,
            volume_size_in_gb=volume_size_in_gb,
            volume_kms_key=volume_kms_key,
            output_kms_key=output_kms_key,
            max_runtime_in_seconds=max_runtime_in_seconds,
            base_job_name=base_job_name,
            sagemaker_session=session,
            env=env or {},
            tags=tags,
            network_config=network_config,
        )

    def get_run_args(  # type: ignore[override]
        self,
        submit_app: str,
        submit_py_files: list[Any] | None = None,
        submit_jars: list[Any] | None = None,
        submit_files: list[Any] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        job_name: str | None = None,
        configuration: Any = None,
        spark_event_logs_s3_uri: Any = None,
    ) -> RunArgs:
        """Stage dependencies now; return the arguments for ``ProcessingStep(processor=...)``."""
        call = self._spark_call(
            submit_app, inputs, outputs, arguments, job_name, _options_of(locals())
        )
        extended = self._extend(call)
        return RunArgs(
            submit_app, inputs=extended.inputs, outputs=extended.outputs, arguments=arguments
        )

    def run(  # type: ignore[override]
        self,
        submit_app: str | None = None,
        submit_py_files: list[Any] | None = None,
        submit_jars: list[Any] | None = None,
        submit_files: list[Any] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
        configuration: Any = None,
        spark_event_logs_s3_uri: Any = None,
        kms_key: Any = None,
        code: str | None = None,
    ) -> Any:
        """Run the application (step arguments under a ``PipelineSession``).

        Args:
            submit_app: The application: a local ``.py`` file or an S3 URI.
            submit_py_files: ``--py-files`` entries (S3 URIs or local paths).
            submit_jars: ``--jars`` entries.
            submit_files: ``--files`` entries.
            inputs: The job's inputs.
            outputs: The job's outputs.
            arguments: Arguments passed to the application.
            wait: Wait for the job to end.
            logs: Show the job's log while waiting (needs ``wait``).
            job_name: The job's name; generated from ``base_job_name`` when not given.
            experiment_config: Experiment settings.
            configuration: EMR-style configuration (a dict or a list of dicts).
            spark_event_logs_s3_uri: Where Spark event logs are published.
            kms_key: KMS key for uploads.
            code: The application staged by ``get_run_args`` (what legacy
                ``ProcessingStep(processor=...)`` passes); dependencies are not re-staged.
        """
        if code is not None and submit_app is None:
            return super().run(
                code, inputs, outputs, arguments, wait, logs, job_name, experiment_config, kms_key
            )
        options = _options_of(locals())
        call = self._spark_call(submit_app, inputs, outputs, arguments, job_name, options)
        call.experiment_config, call.kms_key = experiment_config, kms_key
        return self._start(call, wait, logs)

    def _spark_call(
        self,
        submit_app: Any,
        inputs: Any,
        outputs: Any,
        arguments: Any,
        job_name: str | None,
        options: dict[str, Any],
    ) -> _RunCall:
        if not submit_app:
            raise ValueError("submit_app is required: the PySpark application to run")
        _checked_code(submit_app)
        _validate_options(options)
        # Variables have no local content to hash; SageMaker's SDK cannot hash them at all.
        dependencies = [
            str(path)
            for key in _CHANNELS
            for path in options.get(key) or []
            if not is_pipeline_variable(path)
        ]
        return _RunCall(
            inputs,
            outputs,
            arguments,
            job_name,
            None,
            None,
            code=submit_app,
            hashed_paths=[submit_app, *dependencies] if _is_local(submit_app) else [],
            options=options,
        )

    def _build_request(self, call: _RunCall) -> dict[str, Any]:
        if not call.options:
            return super()._build_request(call)
        return super()._build_request(self._extend(call))

    def _extend(self, call: _RunCall) -> _RunCall:
        """The call with dependencies staged, configuration uploaded and options applied."""
        job_name = self._generate_current_job_name(call.job_name)
        self.command = [_COMMAND]
        inputs = list(call.inputs or [])
        for key, channel in _CHANNELS.items():
            if call.options.get(key):
                staged, option = self._stage_deps(call.options[key], channel, call, job_name)
                inputs.extend(staged)
                self.command.extend([f"--{channel}", option])
        outputs = list(call.outputs or [])
        events_uri = call.options.get("spark_event_logs_s3_uri")
        if events_uri:
            self.command.extend(["--local-spark-event-logs-dir", _EVENT_LOG_PATH])
            outputs.append(
                ProcessingOutput(
                    source=_EVENT_LOG_PATH, destination=events_uri, s3_upload_mode="Continuous"
                )
            )
        if call.options.get("configuration"):
            inputs.append(self._stage_configuration(call.options["configuration"], job_name))
        return dataclasses.replace(
            call, inputs=inputs or None, outputs=outputs or None, job_name=job_name, options={}
        )

    def _stage_deps(
        self, paths: list[Any], channel: str, call: _RunCall, job_name: str
    ) -> tuple[list[ProcessingInput], Any]:
        _check_dep_schemes(paths)
        remote = [p for p in paths if _is_remote(p)]
        local = [_local_dep(p) for p in paths if not _is_remote(p)]
        staged: list[ProcessingInput] = []
        if local:
            uri = self._upload_deps(local, channel, call, job_name)
            destination = f"{_INPUT_BASE}{channel}"
            staged = [ProcessingInput(source=uri, destination=destination, input_name=channel)]
            remote = [*remote, destination]
        if any(is_pipeline_variable(p) for p in remote):
            return staged, Join(on=",", values=remote)
        return staged, ",".join(str(p) for p in remote)

    def _upload_deps(self, local: list[Any], channel: str, call: _RunCall, job_name: str) -> str:
        prefix = self._location(self.dependency_location)
        context, code_hash = current_context(), call.code_hash()
        if context is not None and code_hash:
            desired = f"{prefix}/{context.pipeline_name}/code/{code_hash}/{channel}"
        else:
            desired = f"{prefix}/{job_name}/input/{channel}"
        with tempfile.TemporaryDirectory(prefix="dagmaker-spark-") as scratch:
            for path in map(Path, map(str, local)):
                if path.is_dir():
                    shutil.copytree(path, Path(scratch) / path.name)
                elif path.is_file():
                    shutil.copy(path, scratch)
                else:
                    raise ValueError(
                        f"spark dependency {str(path)!r} is neither an S3 URI nor an existing "
                        "local file or directory"
                    )
            return upload_path(self.sagemaker_session, scratch, desired)

    def _stage_configuration(self, configuration: Any, job_name: str) -> ProcessingInput:
        prefix = self._location(self.configuration_location)
        context = current_context()
        if context is not None:
            desired = (
                f"{prefix}/{context.pipeline_name}/{context.step_name}/input/conf/"
                f"{hash_object(configuration)}/configuration.json"
            )
        else:
            desired = f"{prefix}/{job_name}/input/conf/configuration.json"
        upload_text(self.sagemaker_session, json.dumps(configuration), desired)
        return ProcessingInput(source=desired, destination=f"{_INPUT_BASE}conf", input_name="conf")

    def _location(self, configured: str | None) -> str:
        if configured:
            return configured.rstrip("/")
        session = self.sagemaker_session
        return s3_path_join("s3://", default_bucket(session), default_prefix(session))


class SparkJarProcessor(PySparkProcessor):
    """Runs a Java or Scala Spark application (a JAR) on SageMaker's Spark processing image.

    The same options as ``PySparkProcessor`` except ``submit_py_files``; ``submit_class``
    names the application's main class (``spark-submit --class``).
    """

    _submit_class: Any = None

    def get_run_args(  # type: ignore[override]
        self,
        submit_app: str,
        submit_class: str | None = None,
        submit_jars: list[Any] | None = None,
        submit_files: list[Any] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        job_name: str | None = None,
        configuration: Any = None,
        spark_event_logs_s3_uri: Any = None,
    ) -> RunArgs:
        """Stage dependencies now; return the arguments for ``ProcessingStep(processor=...)``."""
        self._submit_class = _required_class(submit_class)
        return super().get_run_args(
            submit_app,
            None,
            submit_jars,
            submit_files,
            inputs,
            outputs,
            arguments,
            job_name,
            configuration,
            spark_event_logs_s3_uri,
        )

    def run(  # type: ignore[override]
        self,
        submit_app: str | None = None,
        submit_class: str | None = None,
        submit_jars: list[Any] | None = None,
        submit_files: list[Any] | None = None,
        inputs: list[ProcessingInput] | None = None,
        outputs: list[ProcessingOutput] | None = None,
        arguments: list[Any] | None = None,
        wait: bool = True,
        logs: bool = True,
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
        configuration: Any = None,
        spark_event_logs_s3_uri: Any = None,
        kms_key: Any = None,
        code: str | None = None,
    ) -> Any:
        """Run the JAR's ``submit_class`` (step arguments under a ``PipelineSession``).

        Raises:
            ValueError: when ``submit_class`` is missing.
        """
        if code is None or submit_app is not None:
            self._submit_class = _required_class(submit_class)
        return super().run(
            submit_app,
            None,
            submit_jars,
            submit_files,
            inputs,
            outputs,
            arguments,
            wait,
            logs,
            job_name,
            experiment_config,
            configuration,
            spark_event_logs_s3_uri,
            kms_key,
            code,
        )

    def _extend(self, call: _RunCall) -> _RunCall:
        extended = super()._extend(call)
        self.command = [_COMMAND, "--class", str(self._submit_class), *(self.command or [])[1:]]
        return extended


def _required_class(submit_class: Any) -> Any:
    if not submit_class:
        raise ValueError("submit_class is required: the main class of the Spark JAR to run")
    return submit_class


def _options_of(names: dict[str, Any]) -> dict[str, Any]:
    # The Spark-specific options among a method's arguments.
    keys = (*_CHANNELS, "configuration", "spark_event_logs_s3_uri")
    return {key: names.get(key) for key in keys}


def _spark_image(
    framework_version: str | None,
    py_version: str | None,
    container_version: str | None,
    session: Any,
    instance_type: Any,
) -> str:
    if (py_version is None) != (container_version is None):
        raise ValueError("give both py_version and container_version, or neither")
    return retrieve(
        "spark",
        session_region(session),
        version=framework_version,
        instance_type=instance_type,
        py_version=py_version,
        container_version=f"v{container_version}" if container_version else None,
    )


def _validate_options(options: dict[str, Any]) -> None:
    for key in _CHANNELS:
        value = options.get(key)
        if value is not None and (isinstance(value, str) or not value):
            raise ValueError(
                f"{key} must be a non-empty list of S3 URIs and/or local paths, got {value!r}"
            )
    events = options.get("spark_event_logs_s3_uri")
    if events and not is_pipeline_variable(events) and urlparse(str(events)).scheme != "s3":
        raise ValueError(f"spark_event_logs_s3_uri must be an s3:// URI, got {events!r}")
    configuration = options.get("configuration")
    if configuration:
        _validate_configuration(configuration)


def _validate_configuration(configuration: Any) -> None:
    items = configuration if isinstance(configuration, list) else [configuration]
    for item in items:
        if not isinstance(item, dict) or not {"Classification", "Properties"} <= set(item):
            raise ValueError(
                f"each configuration needs 'Classification' and 'Properties', got {item!r}"
            )
        extra = set(item) - {"Classification", "Properties", "Configurations"}
        if extra:
            raise ValueError(f"configuration keys {sorted(extra)} are not EMR configuration keys")
        if item["Classification"] not in _CLASSIFICATIONS:
            raise ValueError(
                f"unknown configuration classification {item['Classification']!r}; use one "
                f"of {', '.join(sorted(_CLASSIFICATIONS))}"
            )


def _is_remote(path: Any) -> bool:
    return is_pipeline_variable(path) or urlparse(str(path)).scheme in ("s3", "s3a")


def _local_dep(path: Any) -> str:
    text = str(path)
    return urlparse(text).path if text.startswith("file://") else text


def _check_dep_schemes(paths: list[Any]) -> None:
    for path in paths:
        if is_pipeline_variable(path):
            continue
        scheme = urlparse(str(path)).scheme
        if scheme not in ("", "s3", "s3a", "file"):
            raise ValueError(
                f"spark dependency {path!r} uses the unsupported scheme {scheme!r}; use s3://, "
                "s3a:// or a local path"
            )
