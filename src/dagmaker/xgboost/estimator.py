"""``XGBoost``: script-mode training on SageMaker's XGBoost image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.estimator_deploy import framework_model_arguments
from dagmaker._sdk.session_facts import session_region
from dagmaker.estimator import Framework
from dagmaker.image_uris import retrieve
from dagmaker.xgboost.model import XGBoostModel

_UNSUPPORTED_VERSIONS = {
    "1.1": (
        "XGBoost 1.1 is not supported: it cannot predict on LIBSVM input with fewer features "
        "than the training data; use 1.2-1 or later"
    ),
}


class XGBoost(Framework):
    """Runs an XGBoost training script (``entry_point``) on the XGBoost image."""

    _framework_name = "xgboost"

    def __init__(
        self,
        entry_point: Any,
        framework_version: str,
        source_dir: Any = None,
        hyperparameters: dict[str, Any] | None = None,
        py_version: str = "py3",
        image_uri: Any = None,
        image_uri_region: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Create the estimator.

        Raises:
            ValueError: for a Python version other than ``py3`` or an unsupported version.
        """
        super().__init__(entry_point, source_dir, hyperparameters, image_uri=image_uri, **kwargs)
        self.py_version = py_version
        self.framework_version = framework_version
        if py_version != "py3":
            raise ValueError(f"Unsupported Python version: {py_version}; XGBoost needs 'py3'")
        message = _UNSUPPORTED_VERSIONS.get(str(framework_version).split("-")[0])
        if message:
            raise ValueError(message)
        if image_uri is None:
            self.image_uri = retrieve(
                "xgboost",
                image_uri_region or session_region(self.sagemaker_session),
                version=framework_version,
                py_version=py_version,
                instance_type=kwargs.get("instance_type"),
                image_scope="training",
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
    ) -> XGBoostModel:
        """A ``XGBoostModel`` serving the latest job's model.

        The inference code defaults to the training code as ``fit`` uploaded it (define
        ``model_fn`` and friends there).
        """
        arguments = framework_model_arguments(
            self, entry_point, source_dir, dependencies, role, kwargs
        )
        if vpc_config_override:
            arguments["vpc_config"] = vpc_config_override
        return XGBoostModel(
            framework_version=self.framework_version,
            py_version=self.py_version,
            model_server_workers=model_server_workers,
            **arguments,
        )
