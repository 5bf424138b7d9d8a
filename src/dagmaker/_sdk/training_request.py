"""The ``CreateTrainingJob`` request of an estimator's ``fit``, as SageMaker's SDK builds it.

The estimator has already been prepared (job name, output path, uploaded code,
debugger and profiler settings); this module only arranges its settings into the
request, in SageMaker's key order.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.session_facts import expand_role
from dagmaker._sdk.training_channels import input_channels, uri_channel
from dagmaker.inputs import TrainingInput
from dagmaker.workflow.entities import is_pipeline_variable

MODEL_CONTENT_TYPE = "application/x-sagemaker-model"


def training_request(
    estimator: Any, inputs: Any, experiment_config: dict[str, Any] | None
) -> dict[str, Any]:
    """The request for one ``fit`` of a prepared estimator."""
    request: dict[str, Any] = {
        "AlgorithmSpecification": _algorithm_specification(estimator, inputs),
        "OutputDataConfig": _output_config(estimator),
        "TrainingJobName": estimator._current_job_name,
        "StoppingCondition": _stopping_condition(estimator),
        "ResourceConfig": _resource_config(estimator),
        "RoleArn": expand_role(estimator.sagemaker_session, estimator.role),
    }
    _put(request, "InfraCheckConfig", _flag("EnableInfraCheck", estimator.enable_infra_check))
    channels = _channels(estimator, inputs)
    _put(request, "InputDataConfig", channels)
    hyperparameters = _string_hyperparameters(estimator.hyperparameters())
    if hyperparameters:
        request["HyperParameters"] = hyperparameters
    _put(request, "Environment", estimator.environment)
    _put(request, "Tags", estimator.tags)
    _put(request, "VpcConfig", estimator.get_vpc_config())
    if experiment_config:
        request["ExperimentConfig"] = experiment_config
    _add_flags(request, estimator)
    _add_monitoring(request, estimator)
    return request


def _algorithm_specification(estimator: Any, inputs: Any) -> dict[str, Any]:
    input_mode = estimator.input_mode
    if isinstance(inputs, TrainingInput) and "InputMode" in inputs.config:
        input_mode = inputs.config["InputMode"]
    image = estimator.training_image_uri()
    if not image:
        raise ValueError(
            f"{type(estimator).__name__}: no training image; pass image_uri= (or, for a "
            "framework estimator, framework_version= and py_version=)"
        )
    specification: dict[str, Any] = {"TrainingInputMode": input_mode, "TrainingImage": image}
    _put(specification, "TrainingImageConfig", _image_config(estimator))
    _put(specification, "ContainerEntrypoint", estimator.container_entry_point)
    _put(specification, "ContainerArguments", estimator.container_arguments)
    _put(specification, "MetricDefinitions", estimator.metric_definitions)
    _put(specification, "EnableSageMakerMetricsTimeSeries", estimator.enable_sagemaker_metrics)
    return specification


def _image_config(estimator: Any) -> dict[str, Any] | None:
    if estimator.training_repository_access_mode is None:
        return None
    config: dict[str, Any] = {
        "TrainingRepositoryAccessMode": estimator.training_repository_access_mode
    }
    provider = estimator.training_repository_credentials_provider_arn
    if provider is not None:
        config["TrainingRepositoryAuthConfig"] = {
            "TrainingRepositoryCredentialsProviderArn": provider
        }
    return config


def _output_config(estimator: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"S3OutputPath": estimator.output_path}
    _put(config, "KmsKeyId", estimator.output_kms_key)
    if estimator.disable_output_compression:
        config["CompressionType"] = "NONE"
    return config


def _stopping_condition(estimator: Any) -> dict[str, Any]:
    condition = {"MaxRuntimeInSeconds": estimator.max_run}
    if estimator.max_wait:
        condition["MaxWaitTimeInSeconds"] = estimator.max_wait
    return condition


def _resource_config(estimator: Any) -> dict[str, Any]:
    config: dict[str, Any] = {"VolumeSizeInGB": estimator.volume_size}
    _put(config, "VolumeKmsKeyId", estimator.volume_kms_key)
    _put(config, "KeepAlivePeriodInSeconds", estimator.keep_alive_period_in_seconds)
    if estimator.instance_groups is not None:
        if estimator.instance_count is not None or estimator.instance_type is not None:
            raise ValueError(
                "instance_count and instance_type cannot be set when instance_groups is set"
            )
        config["InstanceGroups"] = [group._to_request_dict() for group in estimator.instance_groups]
    else:
        if estimator.instance_count is None or estimator.instance_type is None:
            raise ValueError(
                f"{type(estimator).__name__}: instance_count and instance_type are required "
                "(e.g. instance_count=1, instance_type='ml.m5.xlarge')"
            )
        config["InstanceCount"] = estimator.instance_count
        config["InstanceType"] = estimator.instance_type
    _put(config, "TrainingPlanArn", estimator.training_plan)
    _put(config, "InstancePlacementConfig", estimator.instance_placement_config)
    return config


def _channels(estimator: Any, inputs: Any) -> list[dict[str, Any]] | None:
    channels = input_channels(inputs)
    extra = [
        (estimator.model_channel_name, estimator.model_uri, MODEL_CONTENT_TYPE, "File"),
        (estimator.code_channel_name, estimator.code_uri, None, None),
    ]
    for name, uri, content_type, input_mode in extra:
        if not uri:
            continue
        if any(existing["ChannelName"] == name for existing in channels or []):
            raise ValueError(
                f"training channel {name!r} is given twice: it is reserved for the "
                f"{'model' if content_type else 'code'} channel; rename your input channel"
            )
        channels = [*(channels or []), uri_channel(name, uri, content_type, input_mode)]
    return channels


def _string_hyperparameters(hyperparameters: dict[str, Any] | None) -> dict[str, Any]:
    # Values go to the container as strings; variables become strings at run time.
    return {
        str(key): value.to_string() if is_pipeline_variable(value) else str(value)
        for key, value in (hyperparameters or {}).items()
    }


def _add_flags(request: dict[str, Any], estimator: Any) -> None:
    if estimator.enable_network_isolation():
        request["EnableNetworkIsolation"] = estimator.enable_network_isolation()
    if estimator.encrypt_inter_container_traffic:
        request["EnableInterContainerTrafficEncryption"] = estimator.encrypt_inter_container_traffic
    if estimator.use_spot_instances:
        request["EnableManagedSpotTraining"] = estimator.use_spot_instances
    if estimator.checkpoint_s3_uri:
        checkpoint = {"S3Uri": estimator.checkpoint_s3_uri}
        _put(checkpoint, "LocalPath", estimator.checkpoint_local_path or None)
        request["CheckpointConfig"] = checkpoint
    if estimator.max_retry_attempts is not None:
        request["RetryStrategy"] = {"MaximumRetryAttempts": estimator.max_retry_attempts}


def _add_monitoring(request: dict[str, Any], estimator: Any) -> None:
    _put(request, "DebugHookConfig", estimator._debug_hook_request)
    _put(request, "TensorBoardOutputConfig", _tensorboard(estimator.tensorboard_output_config))
    _put(request, "ProfilerConfig", estimator._profiler_request)
    _put(request, "RemoteDebugConfig", _flag("EnableRemoteDebug", estimator._enable_remote_debug))
    _put(
        request,
        "SessionChainingConfig",
        _flag("EnableSessionTagChaining", estimator._enable_session_tag_chaining),
    )


def _tensorboard(config: Any) -> dict[str, Any] | None:
    if config is None or isinstance(config, dict):
        return config
    request: dict[str, Any] = config._to_request_dict()
    return request


def _flag(field: str, value: Any) -> dict[str, Any] | None:
    return None if value is None else {field: value}


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value
