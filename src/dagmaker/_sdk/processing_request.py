"""The ``CreateProcessingJob`` request of a processor run, in SageMaker's SDK key order."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.processing_io import ProcessingInput, ProcessingOutput
from dagmaker._sdk.session_facts import expand_role


def processing_request(
    processor: Any,
    job_name: str,
    inputs: list[ProcessingInput],
    outputs: list[ProcessingOutput],
    arguments: list[Any] | None,
    entrypoint: list[Any] | None,
    experiment_config: dict[str, Any] | None,
) -> dict[str, Any]:
    """Build the request from a processor's settings and one run's normalized inputs.

    Args:
        processor: The processor (instance settings, image, role, env, network, tags).
        job_name: The job's name.
        inputs: Inputs with names and S3 URIs.
        outputs: Outputs with names and S3 URIs.
        arguments: ``ContainerArguments``, if any.
        entrypoint: ``ContainerEntrypoint``, if any.
        experiment_config: ``ExperimentConfig``, if any.
    """
    request: dict[str, Any] = {
        "ProcessingJobName": job_name,
        "ProcessingResources": {"ClusterConfig": _cluster_config(processor)},
        "AppSpecification": _app_specification(processor.image_uri, arguments, entrypoint),
        "RoleArn": expand_role(processor.sagemaker_session, processor.role),
    }
    if inputs:
        request["ProcessingInputs"] = [item._to_request_dict() for item in inputs]
    if outputs:
        config: dict[str, Any] = {"Outputs": [item._to_request_dict() for item in outputs]}
        if processor.output_kms_key is not None:
            config["KmsKeyId"] = processor.output_kms_key
        request["ProcessingOutputConfig"] = config
    if processor.env is not None:
        request["Environment"] = processor.env
    if processor.network_config is not None:
        request["NetworkConfig"] = processor.network_config._to_request_dict()
    if processor.max_runtime_in_seconds is not None:
        request["StoppingCondition"] = {"MaxRuntimeInSeconds": processor.max_runtime_in_seconds}
    if processor.tags is not None:
        request["Tags"] = processor.tags
    if experiment_config:
        request["ExperimentConfig"] = experiment_config
    return request


def _cluster_config(processor: Any) -> dict[str, Any]:
    config = {
        "InstanceType": processor.instance_type,
        "InstanceCount": processor.instance_count,
        "VolumeSizeInGB": processor.volume_size_in_gb,
    }
    if processor.volume_kms_key is not None:
        config["VolumeKmsKeyId"] = processor.volume_kms_key
    return config


def _app_specification(
    image_uri: Any, arguments: list[Any] | None, entrypoint: list[Any] | None
) -> dict[str, Any]:
    specification: dict[str, Any] = {"ImageUri": image_uri}
    if arguments is not None:
        specification["ContainerArguments"] = arguments
    if entrypoint is not None:
        specification["ContainerEntrypoint"] = entrypoint
    return specification
