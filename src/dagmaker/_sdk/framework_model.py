"""What the scikit-learn, XGBoost and PyTorch models share: a framework serving image.

The image comes from ``image_uris.retrieve`` (inference scope) unless ``image_uri`` is
given. The inference code is uploaded and named in the container's environment; each
framework decides whether it is also packed into the model archive.
"""

from __future__ import annotations

from typing import Any, ClassVar

from dagmaker._sdk.model_container import container_def, model_code_key_prefix
from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.model import FrameworkModel, to_string
from dagmaker.workflow.entities import is_pipeline_variable

MODEL_SERVER_WORKERS_PARAM = "SAGEMAKER_MODEL_SERVER_WORKERS"


class ServingFrameworkModel(FrameworkModel):
    """A framework model whose container definition names its code in the environment.

    Attributes:
        framework_version: The framework version of the serving image.
        py_version: The Python version of the serving image.
        model_server_workers: Worker processes of the model server, if set.
    """

    _framework_name: ClassVar[str] = ""
    _uses_py_version: ClassVar[bool] = True
    framework_version: Any = None
    py_version: Any = None
    model_server_workers: Any = None

    def serving_image_uri(
        self,
        region_name: str,
        instance_type: Any,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
    ) -> str:
        """The framework's inference image for ``region_name`` and ``instance_type``."""
        return retrieve(
            self._framework_name,
            region_name,
            version=self.framework_version,
            py_version=self.py_version if self._uses_py_version else None,
            instance_type=instance_type,
            accelerator_type=accelerator_type,
            image_scope="inference",
        )

    def _repack_code(self) -> bool:
        """Whether the code is packed into the model archive as well."""
        return bool(self.enable_network_isolation())

    def _served_model_data(self) -> Any:
        if self.enable_network_isolation():
            return self.repacked_model_data
        return self.model_data

    def _deploy_image(
        self, instance_type: Any, accelerator_type: Any, serverless_inference_config: Any
    ) -> Any:
        if self.image_uri:
            return self.image_uri
        region = session_region(self.sagemaker_session)
        return self.serving_image_uri(
            region, instance_type, accelerator_type, serverless_inference_config
        )

    def prepare_container_def(
        self,
        instance_type: Any = None,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
        accept_eula: bool | None = None,
        model_reference_arn: str | None = None,
    ) -> dict[str, Any]:
        """The container definition: the framework image, model data and code settings."""
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        image = self._deploy_image(instance_type, accelerator_type, serverless_inference_config)
        key_prefix = model_code_key_prefix(self.key_prefix, self.name, image)
        self._upload_code(key_prefix, repack=self._repack_code())
        env = dict(self.env)
        env.update(self._script_mode_env_vars())
        if self.model_server_workers:
            env[MODEL_SERVER_WORKERS_PARAM] = to_string(self.model_server_workers)
        return container_def(
            image,
            self._served_model_data(),
            env,
            accept_eula=accept_eula,
            model_reference_arn=model_reference_arn,
        )

    def _framework_for_registry(
        self, framework: Any, framework_version: Any, image_uri: Any, instance_type: Any
    ) -> tuple[Any, Any]:
        if image_uri:
            self.image_uri = image_uri
        if not self.image_uri:
            region = session_region(self.sagemaker_session)
            self.image_uri = self.serving_image_uri(region, instance_type)
        if not is_pipeline_variable(framework):
            framework = (framework or self._framework_name).upper()
        return framework, framework_version
