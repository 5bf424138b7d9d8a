"""``SKLearn``: script-mode training on SageMaker's scikit-learn image."""

from __future__ import annotations

import logging
from typing import Any

from dagmaker._sdk.estimator_deploy import framework_model_arguments
from dagmaker._sdk.framework_versions import validate_version_or_image_args
from dagmaker._sdk.session_facts import session_region
from dagmaker.estimator import Framework
from dagmaker.image_uris import retrieve
from dagmaker.sklearn.model import SKLearnModel
from dagmaker.workflow.entities import is_pipeline_variable

logger = logging.getLogger(__name__)

_GPU_INSTANCE_TYPES = frozenset(
    {
        "ml.p2.xlarge",
        "ml.p2.8xlarge",
        "ml.p2.16xlarge",
        "ml.p3.xlarge",
        "ml.p3.8xlarge",
        "ml.p3.16xlarge",
    }
)


class SKLearn(Framework):
    """Runs a scikit-learn training script (single CPU instance)."""

    _framework_name = "sklearn"

    def __init__(
        self,
        entry_point: Any,
        framework_version: str | None = None,
        py_version: str | None = "py3",
        source_dir: Any = None,
        hyperparameters: dict[str, Any] | None = None,
        image_uri: Any = None,
        image_uri_region: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Create the estimator.

        Raises:
            ValueError: without versions or image, or for a GPU instance type.
            AttributeError: for a Python version other than ``py3`` or more than one instance.
            TypeError: for an ``instance_count`` that is a pipeline variable.
        """
        validate_version_or_image_args(framework_version, py_version, image_uri)
        if py_version and py_version != "py3":
            raise AttributeError(
                "the scikit-learn image only supports Python 3; use py_version='py3'"
            )
        self.framework_version = framework_version
        self.py_version = py_version
        instance_type = kwargs.get("instance_type")
        _check_cpu(instance_type)
        _check_single_instance(kwargs.get("instance_count"))
        super().__init__(
            entry_point,
            source_dir,
            hyperparameters,
            image_uri=image_uri,
            **dict(kwargs, instance_count=1),
        )
        if image_uri is None:
            self.image_uri = retrieve(
                "sklearn",
                image_uri_region or session_region(self.sagemaker_session),
                version=framework_version,
                py_version=py_version,
                instance_type=instance_type,
            )

    def create_model(
        self,
        model_server_workers: Any = None,
        role: Any = None,
        vpc_config_override: Any = None,
        entry_point: str | None = None,
        source_dir: str | None = None,
        dependencies: list[str] | None = None,
        **kwargs: Any,
    ) -> SKLearnModel:
        """A ``SKLearnModel`` serving the latest job's model.

        The inference code defaults to the training code as ``fit`` uploaded it (define
        ``model_fn`` and friends there).
        """
        arguments = framework_model_arguments(
            self, entry_point, source_dir, dependencies, role, kwargs
        )
        if vpc_config_override:
            arguments["vpc_config"] = vpc_config_override
        return SKLearnModel(
            framework_version=self.framework_version,
            py_version=self.py_version,
            model_server_workers=model_server_workers,
            **arguments,
        )


def _check_cpu(instance_type: Any) -> None:
    if is_pipeline_variable(instance_type):
        logger.warning(
            "instance_type is a pipeline variable: its value at run time must not be a GPU "
            "instance type, since scikit-learn does not train on GPUs"
        )
        return
    if instance_type in _GPU_INSTANCE_TYPES:
        raise ValueError(
            f"scikit-learn does not train on GPUs; pick a CPU instance type instead of "
            f"{instance_type!r}"
        )


def _check_single_instance(instance_count: Any) -> None:
    if not instance_count:
        return
    message = (
        "scikit-learn does not support distributed training: leave instance_count out or "
        "set instance_count=1"
    )
    if is_pipeline_variable(instance_count):
        raise TypeError(f"instance_count cannot be a pipeline variable here; {message}")
    if instance_count != 1:
        raise AttributeError(message)
