"""``EstimatorBase``: settings, preparation and ``fit`` shared by every estimator.

Public through :mod:`dagmaker.estimator`. ``fit`` builds a ``CreateTrainingJob``
request; under a ``PipelineSession`` it returns step arguments and the request is built
when the pipeline definition is compiled (script-mode code is then uploaded to
``s3://<bucket>/<pipeline>/code/<content hash>/sourcedir.tar.gz``).
"""

from __future__ import annotations

import abc
import json
import logging
from typing import Any, ClassVar
from urllib.parse import urlparse

from dagmaker._sdk import estimator_deploy
from dagmaker._sdk.debug_profile import (
    debug_hook_request,
    debugger_supported,
    profiler_request,
    profiler_unsupported_instance,
)
from dagmaker._sdk.estimator_checks import (
    check_source,
    check_vpc,
    reject_unsupported,
    validate_source_dir,
)
from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.s3_upload import s3_path_join, split_s3_uri
from dagmaker._sdk.session_facts import default_bucket, default_prefix, session_region
from dagmaker._sdk.source_bundle import UploadedCode, upload_source_bundle
from dagmaker._sdk.tags import format_tags
from dagmaker._sdk.training_channels import input_channels
from dagmaker._sdk.training_job import _TrainingJob
from dagmaker._sdk.training_request import training_request
from dagmaker.session import Session, get_execution_role
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.pipeline_context import PipelineSession, capture_or_run, current_context
from dagmaker.workflow.utilities import hash_files_or_dirs

logger = logging.getLogger(__name__)

DIR_PARAM_NAME = "sagemaker_submit_directory"
SCRIPT_PARAM_NAME = "sagemaker_program"
CONTAINER_LOG_LEVEL_PARAM_NAME = "sagemaker_container_log_level"
JOB_NAME_PARAM_NAME = "sagemaker_job_name"
SAGEMAKER_REGION_PARAM_NAME = "sagemaker_region"
_UNSET: Any = object()


class EstimatorBase(abc.ABC):
    """Trains a model with a training job; subclasses choose the image and hyperparameters.

    Attributes:
        role: The IAM role ARN (or name) of the job.
        instance_count: Number of instances (hosts ``algo-1..N``).
        instance_type: The instance type, e.g. ``ml.m5.xlarge``.
        volume_size: Storage per instance in GB.
        max_run: Time limit of the job in seconds.
        input_mode: ``File``, ``Pipe`` or ``FastFile``.
        output_path: Where model artifacts go; ``s3://<default bucket>/`` when not given.
        base_job_name: Prefix of generated job names.
        sagemaker_session: The session jobs are started through.
        metric_definitions: ``{"Name", "Regex"}`` pairs read from the job's log.
        environment: Environment variables of the job.
        entry_point: Script-mode entry point (a local file).
        source_dir: Directory packed with the entry point (local or ``s3://``).
        dependencies: More directories packed with the code.
        latest_training_job: The most recent job started by ``fit``.
        jobs: Jobs started by this estimator.
    """

    LAUNCH_PT_XLA_ENV_NAME = "sagemaker_pytorch_xla_multi_worker_enabled"
    LAUNCH_PS_ENV_NAME = "sagemaker_parameter_server_enabled"
    LAUNCH_MPI_ENV_NAME = "sagemaker_mpi_enabled"
    LAUNCH_SM_DDP_ENV_NAME = "sagemaker_distributed_dataparallel_enabled"
    LAUNCH_MWMS_ENV_NAME = "sagemaker_multi_worker_mirrored_strategy_enabled"
    INSTANCE_TYPE = "sagemaker_instance_type"
    MPI_NUM_PROCESSES_PER_HOST = "sagemaker_mpi_num_of_processes_per_host"
    MPI_CUSTOM_MPI_OPTIONS = "sagemaker_mpi_custom_mpi_options"
    SM_DDP_CUSTOM_MPI_OPTIONS = "sagemaker_distributed_dataparallel_custom_mpi_options"
    CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH = "/opt/ml/input/data/code/sourcedir.tar.gz"
    JOB_CLASS_NAME: ClassVar[str] = "training-job"

    def __init__(
        self,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        keep_alive_period_in_seconds: Any = None,
        volume_size: Any = 30,
        volume_kms_key: Any = None,
        max_run: Any = 24 * 60 * 60,
        input_mode: Any = "File",
        output_path: Any = None,
        output_kms_key: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        tags: Any = None,
        subnets: list[Any] | None = None,
        security_group_ids: list[Any] | None = None,
        model_uri: Any = None,
        model_channel_name: Any = "model",
        metric_definitions: list[dict[str, Any]] | None = None,
        encrypt_inter_container_traffic: Any = None,
        use_spot_instances: Any = False,
        max_wait: Any = None,
        checkpoint_s3_uri: Any = None,
        checkpoint_local_path: Any = None,
        rules: list[Any] | None = None,
        debugger_hook_config: Any = None,
        tensorboard_output_config: Any = None,
        enable_sagemaker_metrics: Any = None,
        enable_network_isolation: Any = None,
        profiler_config: Any = None,
        disable_profiler: bool | None = None,
        environment: dict[str, Any] | None = None,
        max_retry_attempts: Any = None,
        source_dir: Any = None,
        git_config: dict[str, str] | None = None,
        hyperparameters: dict[str, Any] | None = None,
        container_log_level: Any = logging.INFO,
        code_location: str | None = None,
        entry_point: Any = None,
        dependencies: list[str] | None = None,
        instance_groups: list[Any] | None = None,
        training_repository_access_mode: Any = None,
        training_repository_credentials_provider_arn: Any = None,
        enable_infra_check: Any = None,
        container_entry_point: list[str] | None = None,
        container_arguments: list[str] | None = None,
        disable_output_compression: bool = False,
        enable_remote_debug: Any = None,
        enable_session_tag_chaining: Any = None,
        training_plan: Any = None,
        instance_placement_config: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        reject_unsupported(rules, git_config, kwargs)
        check_vpc(subnets, security_group_ids)
        check_source(entry_point, source_dir)
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.keep_alive_period_in_seconds = keep_alive_period_in_seconds
        self.instance_groups = instance_groups
        self.volume_size = volume_size
        self.volume_kms_key = volume_kms_key
        self.max_run = max_run
        self.input_mode = input_mode
        self.metric_definitions = metric_definitions
        self.model_uri = model_uri
        self.model_channel_name = model_channel_name
        self.code_uri: Any = None
        self.code_channel_name = "code"
        self.source_dir = source_dir
        self.git_config = git_config
        self.container_log_level = container_log_level
        self._hyperparameters: dict[str, Any] = dict(hyperparameters or {})
        self.code_location = code_location
        self.entry_point = entry_point
        self.dependencies = list(dependencies or [])
        self.uploaded_code: UploadedCode | None = None
        self.sagemaker_session = sagemaker_session or Session()
        self.tags = format_tags(tags)
        self.base_job_name = base_job_name
        self._current_job_name: str | None = None
        self.output_path = output_path
        self._output_path_is_default = False
        self.latest_training_job: _TrainingJob | None = None
        self.jobs: list[_TrainingJob] = []
        self.role = role if role is not None else get_execution_role(self.sagemaker_session)
        self.output_kms_key = output_kms_key
        self.subnets = subnets
        self.security_group_ids = security_group_ids
        self.training_repository_access_mode = training_repository_access_mode
        self.training_repository_credentials_provider_arn = (
            training_repository_credentials_provider_arn
        )
        self.enable_infra_check = enable_infra_check
        self.container_entry_point = container_entry_point
        self.container_arguments = container_arguments
        self.encrypt_inter_container_traffic = encrypt_inter_container_traffic or False
        self.use_spot_instances = use_spot_instances
        self.max_wait = max_wait
        self.checkpoint_s3_uri = checkpoint_s3_uri
        self.checkpoint_local_path = checkpoint_local_path
        self.debugger_hook_config = debugger_hook_config
        self.tensorboard_output_config = tensorboard_output_config
        self.enable_sagemaker_metrics = enable_sagemaker_metrics
        self._enable_network_isolation = (
            False if enable_network_isolation is None else enable_network_isolation
        )
        self.profiler_config = profiler_config
        self.disable_profiler = bool(disable_profiler) or self._profiling_unavailable()
        self.environment = environment
        self.max_retry_attempts = max_retry_attempts
        self.disable_output_compression = disable_output_compression
        self.training_plan = training_plan
        self.instance_placement_config = instance_placement_config
        self._enable_remote_debug = enable_remote_debug
        self._enable_session_tag_chaining = enable_session_tag_chaining
        self._debug_hook_request: dict[str, Any] | None = None
        self._profiler_request: dict[str, Any] | None = None

    # -- what subclasses decide ---------------------------------------------------------

    @abc.abstractmethod
    def training_image_uri(self) -> Any:
        """The image the training job runs."""

    @abc.abstractmethod
    def hyperparameters(self) -> dict[str, Any]:
        """The hyperparameters sent to the training job."""

    def enable_network_isolation(self) -> Any:
        """Whether the training job runs without network access."""
        return self._enable_network_isolation

    def get_vpc_config(self) -> dict[str, Any] | None:
        """The ``VpcConfig`` when both subnets and security groups are set."""
        if self.subnets is None or self.security_group_ids is None:
            return None
        return {"Subnets": self.subnets, "SecurityGroupIds": self.security_group_ids}

    def get_remote_debug_config(self) -> dict[str, Any] | None:
        """The ``RemoteDebugConfig``, when set."""
        flag = self._enable_remote_debug
        return None if flag is None else {"EnableRemoteDebug": flag}

    def get_session_chaining_config(self) -> dict[str, Any] | None:
        """The ``SessionChainingConfig``, when set."""
        flag = self._enable_session_tag_chaining
        return None if flag is None else {"EnableSessionTagChaining": flag}

    def enable_remote_debug(self) -> None:
        """Turn remote debugging on for later jobs."""
        self._enable_remote_debug = True

    def disable_remote_debug(self) -> None:
        """Turn remote debugging off for later jobs."""
        self._enable_remote_debug = False

    # -- fit ----------------------------------------------------------------------------

    def fit(
        self,
        inputs: Any = None,
        wait: bool = True,
        logs: Any = "All",
        job_name: str | None = None,
        experiment_config: dict[str, Any] | None = None,
    ) -> Any:
        """Train (or, under a ``PipelineSession``, return the step arguments).

        Args:
            inputs: An S3 URI, a ``TrainingInput``, or a dict of channel → either.
            wait: Wait for the job to end.
            logs: Show the job's log while waiting (``"All"``/``True`` or ``"None"``/``False``).
            job_name: The job's name; generated from ``base_job_name`` when not given.
            experiment_config: Experiment settings; pipeline definitions keep only
                ``TrialComponentDisplayName``.

        Returns:
            Step arguments under a ``PipelineSession``, else ``None``.
        """
        input_channels(inputs)  # reject malformed inputs now, not at compile time

        def build() -> dict[str, Any]:
            self._prepare_for_training(job_name=job_name)
            return training_request(self, inputs, experiment_config)

        def run_now(request: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_training_job(**request)
            self.latest_training_job = _TrainingJob(
                self.sagemaker_session, request["TrainingJobName"]
            )
            self.jobs.append(self.latest_training_job)
            if wait:
                self.latest_training_job.wait(logs=logs)

        return capture_or_run(self.sagemaker_session, "train", build, run_now)

    # -- deploy -------------------------------------------------------------------------

    def create_model(self, **kwargs: Any) -> Any:
        """A ``Model`` serving what the latest job trained (each estimator class says how).

        Raises:
            ValueError: for an estimator class that has no model class.
        """
        raise ValueError(f"{type(self).__name__} cannot create a model to deploy")

    def deploy(
        self,
        initial_instance_count: Any = None,
        instance_type: Any = None,
        serializer: Any = None,
        deserializer: Any = None,
        accelerator_type: Any = None,
        endpoint_name: str | None = None,
        use_compiled_model: bool = False,
        wait: bool = True,
        model_name: str | None = None,
        kms_key: str | None = None,
        data_capture_config: Any = None,
        tags: Any = None,
        serverless_inference_config: Any = None,
        async_inference_config: Any = None,
        volume_size: Any = None,
        model_data_download_timeout: Any = None,
        container_startup_health_check_timeout: Any = None,
        inference_recommendation_id: Any = None,
        explainer_config: Any = None,
        **kwargs: Any,
    ) -> Any:
        """Deploy the latest trained model to a local endpoint; return its predictor.

        The model and endpoint are named after ``base_job_name`` plus a timestamp unless
        ``model_name`` / ``endpoint_name`` are given; ``kwargs`` go to ``create_model``.

        Raises:
            ValueError: before ``fit``, for compiled models, or as ``Model.deploy`` does.
        """
        if use_compiled_model:
            raise ValueError("compiled (SageMaker Neo) models are not available locally")
        arguments = {
            "initial_instance_count": initial_instance_count,
            "instance_type": instance_type,
            "serializer": serializer,
            "deserializer": deserializer,
            "accelerator_type": accelerator_type,
            "endpoint_name": endpoint_name,
            "wait": wait,
            "model_name": model_name,
            "kms_key": kms_key,
            "data_capture_config": data_capture_config,
            "tags": tags,
            "serverless_inference_config": serverless_inference_config,
            "async_inference_config": async_inference_config,
            "volume_size": volume_size,
            "model_data_download_timeout": model_data_download_timeout,
            "container_startup_health_check_timeout": container_startup_health_check_timeout,
        }
        return estimator_deploy.deploy(self, arguments, kwargs)

    @property
    def model_data(self) -> Any:
        """Where the latest job's model is (``ModelArtifacts.S3ModelArtifacts``)."""
        job = self.latest_training_job
        if job is not None and not isinstance(self.sagemaker_session, PipelineSession):
            description = job.describe()
            return _model_location(description)
        logger.warning(
            "no finished training job belongs to this estimator; model_data is only a guess "
            "of where a job with the last generated name would write its model"
        )
        return s3_path_join(
            str(self.output_path or ""), str(self._current_job_name), "output", "model.tar.gz"
        )

    # -- preparation --------------------------------------------------------------------

    def _ensure_base_job_name(self) -> None:
        self.base_job_name = self.base_job_name or base_name_from_image(
            self.training_image_uri(), default_base_name=EstimatorBase.JOB_CLASS_NAME
        )

    def _get_or_create_name(self, name: str | None = None) -> str:
        if name:
            return name
        self._ensure_base_job_name()
        return name_from_base(str(self.base_job_name))

    def _prepare_for_training(self, job_name: str | None = None, code_hash: Any = _UNSET) -> None:
        """Set the job name, output path, uploaded code and debugger/profiler settings.

        Args:
            job_name: The job's name, generated when ``None``.
            code_hash: The content hash naming the code folder inside a pipeline; by
                default the hash of the entry point or source directory and dependencies.
        """
        self._current_job_name = self._get_or_create_name(job_name)
        if self.output_path is None or self._output_path_is_default:
            session = self.sagemaker_session
            bucket_root = s3_path_join("s3://", default_bucket(session), default_prefix(session))
            self.output_path = bucket_root + "/"
            self._output_path_is_default = True
        if self.source_dir or self.entry_point or self.dependencies:
            self._stage_code(self._training_code_hash() if code_hash is _UNSET else code_hash)
        self._prepare_debugger_and_profiler()

    def _stage_code(self, code_hash: str | None) -> None:
        if self.source_dir and not is_pipeline_variable(self.source_dir):
            validate_source_dir(self.entry_point, self.source_dir)
        self.uploaded_code = self._stage_user_code_in_s3(code_hash)
        if self.enable_network_isolation() and self.entry_point:
            code_dir = self.CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH
            self.code_uri = self.uploaded_code.s3_prefix
        else:
            code_dir = self.uploaded_code.s3_prefix
        self._script_mode_hyperparam_update(code_dir, self.uploaded_code.script_name)

    def _training_code_hash(self) -> str | None:
        entry_point, source_dir = self.entry_point, self.source_dir
        if is_pipeline_variable(source_dir) or is_pipeline_variable(entry_point):
            return None
        for path in (source_dir, entry_point):
            if path:
                if urlparse(str(path)).scheme in ("", "file"):
                    return hash_files_or_dirs([str(path), *self.dependencies])
                return None
        return None

    def _stage_user_code_in_s3(self, code_hash: str | None) -> UploadedCode:
        session = self.sagemaker_session
        bucket, key_prefix = default_bucket(session), default_prefix(session) or ""
        if self.code_location is not None:
            bucket, key_prefix = split_s3_uri(self.code_location)
        elif not is_pipeline_variable(self.output_path):
            bucket, output_prefix = split_s3_uri(str(self.output_path))
            key_prefix = output_prefix if self._output_path_is_default else ""
        context = current_context()
        if context is not None and code_hash:
            code_prefix = s3_path_join(key_prefix, context.pipeline_name, "code", code_hash)
        else:
            code_prefix = s3_path_join(key_prefix, str(self._current_job_name), "source")
        return upload_source_bundle(
            session,
            str(self.entry_point),
            self.source_dir,
            self.dependencies,
            bucket,
            code_prefix,
            self._code_kms_key(bucket),
        )

    def _code_kms_key(self, code_bucket: str) -> Any:
        output_is_variable = is_pipeline_variable(self.output_path)
        if self.code_location is None:
            return None if output_is_variable else self.output_kms_key
        if output_is_variable:
            output_bucket = default_bucket(self.sagemaker_session)
        else:
            output_bucket = split_s3_uri(str(self.output_path))[0]
        return self.output_kms_key if code_bucket == output_bucket else None

    def _script_mode_hyperparam_update(self, code_dir: str, script: str) -> None:
        self._hyperparameters.update(
            EstimatorBase._json_encode_hyperparameters(self._script_mode_values(code_dir, script))
        )

    def _script_mode_values(self, code_dir: str, script: str) -> dict[str, Any]:
        return {
            DIR_PARAM_NAME: code_dir,
            SCRIPT_PARAM_NAME: script,
            CONTAINER_LOG_LEVEL_PARAM_NAME: self.container_log_level,
            JOB_NAME_PARAM_NAME: self._current_job_name,
            SAGEMAKER_REGION_PARAM_NAME: session_region(self.sagemaker_session),
        }

    def _prepare_debugger_and_profiler(self) -> None:
        region = session_region(self.sagemaker_session)
        self._validate_and_set_debugger_configs()
        self._debug_hook_request = debug_hook_request(
            self.debugger_hook_config, self.output_path, region
        )
        self._profiler_request = profiler_request(
            self.profiler_config, self.disable_profiler, self.output_path, region
        )

    def _validate_and_set_debugger_configs(self) -> None:
        """Adjust the debugger setting before the request is built (framework hook)."""
        return

    def _profiling_unavailable(self) -> bool:
        region = session_region(self.sagemaker_session)
        return not debugger_supported(region) or profiler_unsupported_instance(self.instance_type)

    @staticmethod
    def _json_encode_hyperparameters(hyperparameters: dict[str, Any] | None) -> Any:
        """JSON-encode values (``"abc"`` → ``'"abc"'``); pipeline variables become strings."""
        if hyperparameters is None:
            return None
        return {
            str(key): value.to_string() if is_pipeline_variable(value) else json.dumps(value)
            for key, value in hyperparameters.items()
        }


def _model_location(description: dict[str, Any]) -> Any:
    uri = description["ModelArtifacts"]["S3ModelArtifacts"]
    compression = description.get("OutputDataConfig", {}).get("CompressionType", "GZIP")
    if compression == "GZIP":
        return uri
    if compression != "NONE":
        raise ValueError(
            f"unrecognised training output compression {compression!r}; expected GZIP or NONE"
        )
    prefix = uri if uri.endswith("/") else uri + "/"
    return {"S3DataSource": {"S3Uri": prefix, "S3DataType": "S3Prefix", "CompressionType": "None"}}
