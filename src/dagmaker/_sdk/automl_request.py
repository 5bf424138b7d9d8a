"""The ``CreateAutoMLJob`` request an ``AutoML`` object makes, as SageMaker's SDK builds it."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.session_facts import default_bucket, default_prefix, expand_role
from dagmaker._sdk.tags import format_tags
from dagmaker.inputs import TrainingInput
from dagmaker.workflow.entities import is_pipeline_variable

ProblemSettings = tuple[Any, Any]


def check_problem_and_objective(problem_type: Any, job_objective: Any) -> None:
    """A problem type and an objective are given together or not at all.

    Raises:
        ValueError: when only one of them is given.
    """
    if bool(problem_type) != bool(job_objective):
        raise ValueError(
            "One of problem type and objective metric provided. Either both of them should "
            "be provided or none of them should be provided."
        )


def default_output_path(session: Any) -> str:
    """``s3://<default bucket>/<default prefix>/``, with the trailing slash SageMaker adds."""
    parts = [default_bucket(session), default_prefix(session) or ""]
    inner = "/".join(seg for part in parts for seg in str(part).split("/") if seg)
    return f"s3://{inner}/"


def output_config(output_path: Any, kms_key: Any) -> dict[str, Any]:
    """``OutputDataConfig``."""
    config: dict[str, Any] = {"S3OutputPath": output_path}
    if kms_key is not None:
        config["KmsKeyId"] = kms_key
    return config


def completion_criteria(
    max_candidates: Any, max_runtime_per_job: Any, total_runtime: Any
) -> dict[str, Any]:
    """``CompletionCriteria``: only the limits that were given."""
    criteria: dict[str, Any] = {}
    if max_candidates is not None:
        criteria["MaxCandidates"] = max_candidates
    if max_runtime_per_job is not None:
        criteria["MaxRuntimePerTrainingJobInSeconds"] = max_runtime_per_job
    if total_runtime is not None:
        criteria["MaxAutoMLJobRuntimeInSeconds"] = total_runtime
    return criteria


def uri_channels(auto_ml: Any, inputs: Any) -> list[dict[str, Any]]:
    """``InputDataConfig`` for S3 URIs (one channel per URI) with the object's settings.

    Raises:
        ValueError: for an input that is neither a URI nor a list of them, or without a
            target attribute name.
    """
    uris = inputs if isinstance(inputs, list) else [inputs]
    channels = []
    for uri in uris:
        if not (isinstance(uri, str) or is_pipeline_variable(uri)):
            raise ValueError(
                f"Cannot format input {inputs!r}. Expecting a string or a list of strings or "
                "a list of AutoMLInputs."
            )
        config = TrainingInput(
            uri,
            compression=auto_ml.compression_type,
            target_attribute_name=auto_ml.target_attribute_name,
        ).config
        if auto_ml.content_type is not None:
            config["ContentType"] = auto_ml.content_type
        if auto_ml.s3_data_type is not None:
            config["DataSource"]["S3DataSource"]["S3DataType"] = auto_ml.s3_data_type
        if auto_ml.sample_weight_attribute_name is not None:
            config["SampleWeightAttributeName"] = auto_ml.sample_weight_attribute_name
        if config.get("TargetAttributeName") is None:
            raise ValueError("TargetAttributeName cannot be None.")
        channels.append(config)
    return channels


def job_config(auto_ml: Any) -> dict[str, Any]:
    """``AutoMLJobConfig``."""
    config: dict[str, Any] = {
        "CompletionCriteria": completion_criteria(
            auto_ml.max_candidate,
            auto_ml.max_runtime_per_training_job_in_seconds,
            auto_ml.total_job_runtime_in_seconds,
        ),
        "SecurityConfig": {
            "EnableInterContainerTrafficEncryption": auto_ml.encrypt_inter_container_traffic
        },
    }
    security = config["SecurityConfig"]
    if auto_ml.volume_kms_key:
        security["VolumeKmsKeyId"] = auto_ml.volume_kms_key
    if auto_ml.vpc_config:
        security["VpcConfig"] = auto_ml.vpc_config
    if auto_ml.feature_specification_s3_uri:
        config["CandidateGenerationConfig"] = {
            "FeatureSpecificationS3Uri": auto_ml.feature_specification_s3_uri
        }
    if auto_ml.validation_fraction:
        config["DataSplitConfig"] = {"ValidationFraction": auto_ml.validation_fraction}
    if auto_ml.mode:
        config["Mode"] = auto_ml.mode
    return config


def deploy_config(auto_generate: Any, endpoint_name: Any) -> dict[str, Any] | None:
    """``ModelDeployConfig``, or None when neither setting was given."""
    config: dict[str, Any] = {}
    if auto_generate is not None:
        config["AutoGenerateEndpointName"] = auto_generate
    if not auto_generate and endpoint_name is not None:
        config["EndpointName"] = endpoint_name
    return config or None


def create_request(auto_ml: Any, input_config: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole ``CreateAutoMLJob`` request of ``auto_ml`` (a prepared ``AutoML``)."""
    request: dict[str, Any] = {
        "AutoMLJobName": auto_ml.current_job_name,
        "InputDataConfig": input_config,
        "OutputDataConfig": output_config(auto_ml.output_path, auto_ml.output_kms_key),
        "AutoMLJobConfig": job_config(auto_ml),
        "RoleArn": expand_role(auto_ml.sagemaker_session, auto_ml.role),
        "GenerateCandidateDefinitionsOnly": auto_ml.generate_candidate_definitions_only,
    }
    deploy = deploy_config(auto_ml.auto_generate_endpoint_name, auto_ml.endpoint_name)
    if deploy is not None:
        request["ModelDeployConfig"] = deploy
    if auto_ml.job_objective is not None:
        request["AutoMLJobObjective"] = auto_ml.job_objective
    if auto_ml.problem_type is not None:
        request["ProblemType"] = auto_ml.problem_type
    tags = format_tags(auto_ml.tags)
    if tags is not None:
        request["Tags"] = tags
    return request
