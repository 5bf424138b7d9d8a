"""The ``CreateModelPackage`` request of ``model.register()``, as SageMaker's SDK builds it.

``Registration`` holds the arguments every ``register`` shares (``Model``,
``PipelineModel``, framework models and the legacy ``RegisterModel`` collection) and
turns them, with the inference containers, into the request body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker._sdk.tags import format_tags

DEFAULT_APPROVAL_STATUS = "PendingManualApproval"
# SageMaker's SDK sends the string "None" (no validation skipped) when not told otherwise.
DEFAULT_SKIP_MODEL_VALIDATION = "None"


@dataclass
class Registration:
    """What to register besides the containers.

    Attributes mirror the keyword arguments of ``Model.register``.
    """

    content_types: Any = None
    response_types: Any = None
    inference_instances: Any = None
    transform_instances: Any = None
    model_package_name: Any = None
    model_package_group_name: Any = None
    model_metrics: Any = None
    metadata_properties: Any = None
    marketplace_cert: bool = False
    approval_status: Any = None
    description: Any = None
    tags: Any = None
    drift_check_baselines: Any = None
    customer_metadata_properties: Any = None
    validation_specification: Any = None
    domain: Any = None
    sample_payload_url: Any = None
    task: Any = None
    skip_model_validation: Any = None
    source_uri: Any = None
    model_card: Any = None
    model_life_cycle: Any = None
    model_package_registration_type: Any = None

    def request(self, containers: list[dict[str, Any]]) -> dict[str, Any]:
        """The ``CreateModelPackage`` request body for ``containers``.

        Raises:
            ValueError: for combinations SageMaker rejects (a package name together with a
                group name or a source URI, or an unversioned package without instance
                types).
        """
        self._check(containers)
        request = _present(
            ModelPackageName=self.model_package_name,
            ModelPackageGroupName=self.model_package_group_name,
            ModelPackageDescription=self.description,
            Tags=format_tags(self.tags),
        )
        request.update(
            _truthy(
                ModelMetrics=_request_dict(self.model_metrics),
                DriftCheckBaselines=_request_dict(self.drift_check_baselines),
                MetadataProperties=_request_dict(self.metadata_properties),
            )
        )
        request.update(_present(CustomerMetadataProperties=self.customer_metadata_properties))
        request.update(_truthy(ValidationSpecification=self.validation_specification))
        request.update(
            _present(
                Domain=self.domain,
                SamplePayloadUrl=self.sample_payload_url,
                Task=self.task,
                SourceUri=self.source_uri,
            )
        )
        request["InferenceSpecification"] = self._inference_specification(containers)
        request["CertifyForMarketplace"] = self.marketplace_cert
        request["ModelApprovalStatus"] = _default(self.approval_status, DEFAULT_APPROVAL_STATUS)
        request["SkipModelValidation"] = _default(
            self.skip_model_validation, DEFAULT_SKIP_MODEL_VALIDATION
        )
        request.update(
            _present(
                ModelCard=_model_card(self.model_card),
                ModelLifeCycle=_request_dict(self.model_life_cycle),
                ModelPackageRegistrationType=self.model_package_registration_type,
            )
        )
        return request

    def _check(self, containers: list[dict[str, Any]]) -> None:
        if self.model_package_name is not None and self.model_package_group_name is not None:
            raise ValueError(
                "model_package_name and model_package_group_name cannot be present at the same "
                "time: give a group name for a versioned package, or a package name alone"
            )
        if self.model_package_name is not None and self.source_uri is not None:
            raise ValueError(
                "an unversioned model package (model_package_name) cannot have a source_uri; "
                "register into a model_package_group_name instead"
            )
        if self.model_package_name is not None and any(
            c.get("ModelDataSource") is not None for c in containers
        ):
            raise ValueError(
                "an unversioned model package (model_package_name) cannot use a "
                "ModelDataSource; register into a model_package_group_name instead"
            )

    def _inference_specification(self, containers: list[dict[str, Any]]) -> dict[str, Any]:
        specification: dict[str, Any] = {"Containers": containers}
        specification.update(
            _present(
                SupportedContentTypes=self.content_types,
                SupportedResponseMIMETypes=self.response_types,
            )
        )
        if self.model_package_group_name is None and not (
            self.inference_instances and self.transform_instances
        ):
            raise ValueError(
                "inference_instances and transform_instances must be provided if "
                "model_package_group_name is not present"
            )
        specification.update(
            _present(
                SupportedRealtimeInferenceInstanceTypes=self.inference_instances,
                SupportedTransformInstanceTypes=self.transform_instances,
            )
        )
        return specification


def inference_params(
    container: dict[str, Any],
    framework: Any = None,
    framework_version: Any = None,
    nearest_model_name: Any = None,
    data_input_configuration: Any = None,
) -> dict[str, Any]:
    """Add the Inference Recommender fields to a container definition (in place)."""
    container.update(
        _present(
            Framework=framework,
            FrameworkVersion=framework_version,
            NearestModelName=nearest_model_name,
        )
    )
    if data_input_configuration is not None:
        container["ModelInput"] = {"DataInputConfig": data_input_configuration}
    return container


def _present(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _truthy(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value}


def _default(value: Any, default: Any) -> Any:
    return default if value is None else value


def _request_dict(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    return value._to_request_dict()


def _model_card(card: Any) -> Any:
    """A model card as the request carries it: its content, without its name."""
    if card is None or isinstance(card, dict):
        return card
    request = dict(card._create_request_args())
    request.pop("ModelCardName", None)
    if request.get("Content") is not None:
        request["ModelCardContent"] = request.pop("Content")
    return request
