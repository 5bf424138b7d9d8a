"""``estimator.deploy()`` and the arguments framework estimators' ``create_model`` share.

As in the SageMaker SDK: the model and the endpoint get one name generated from the
estimator's base job name (unless given), the model comes from ``create_model()`` with
the latest training job's artifact, and ``model.deploy()`` does the rest.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.job_names import name_from_base


def deploy(estimator: Any, arguments: dict[str, Any], model_kwargs: dict[str, Any]) -> Any:
    """Deploy the estimator's latest model; returns what ``model.deploy`` returns.

    Raises:
        ValueError: when the estimator has not trained (no job to take the model from).
    """
    if estimator.latest_training_job is None:
        raise ValueError(
            "Estimator is not associated with a training job: call fit() before deploy(), "
            "or create a Model from the model artifact's S3 URI"
        )
    estimator._ensure_base_job_name()
    default_name = name_from_base(str(estimator.base_job_name))
    endpoint_name = arguments.pop("endpoint_name", None) or default_name
    model_name = arguments.pop("model_name", None) or default_name
    model_kwargs.setdefault("model_kms_key", estimator.output_kms_key)
    model = estimator.create_model(**model_kwargs)
    model.name = model_name
    tags = arguments.pop("tags", None) or estimator.tags
    return model.deploy(endpoint_name=endpoint_name, tags=tags, **arguments)


def framework_model_arguments(
    estimator: Any,
    entry_point: str | None,
    source_dir: str | None,
    dependencies: list[str] | None,
    role: Any,
    kwargs: dict[str, Any],
) -> dict[str, Any]:
    """What a framework estimator passes to its model class (besides version fields).

    The inference code defaults to the training code as uploaded by ``fit``.
    """
    uploaded = estimator.uploaded_code
    arguments = dict(kwargs)
    arguments.setdefault("name", estimator._get_or_create_name(kwargs.get("name")))
    arguments.setdefault("image_uri", estimator.image_uri)
    arguments.setdefault("enable_network_isolation", estimator.enable_network_isolation())
    arguments.update(
        model_data=estimator.model_data,
        role=role or estimator.role,
        entry_point=entry_point or (uploaded.script_name if uploaded else estimator.entry_point),
        source_dir=source_dir or (uploaded.s3_prefix if uploaded else estimator.source_dir),
        container_log_level=estimator.container_log_level,
        code_location=estimator.code_location,
        sagemaker_session=estimator.sagemaker_session,
        vpc_config=estimator.get_vpc_config(),
        dependencies=dependencies or estimator.dependencies,
    )
    return arguments
