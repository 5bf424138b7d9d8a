"""``PyTorchProcessor``: run a script with its source directory on the PyTorch image."""

from __future__ import annotations

from typing import Any

from dagmaker.network import NetworkConfig
from dagmaker.processing import FrameworkProcessor
from dagmaker.pytorch.estimator import PyTorch


class PyTorchProcessor(FrameworkProcessor):
    """A framework processor for the PyTorch image (see ``FrameworkProcessor``)."""

    estimator_cls = PyTorch

    def __init__(
        self,
        framework_version: str,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        py_version: str = "py3",
        image_uri: Any = None,
        command: list[str] | None = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        code_location: str | None = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        super().__init__(
            self.estimator_cls,
            framework_version,
            role,
            instance_count,
            instance_type,
            py_version,
            image_uri,
            command,
            volume_size_in_gb,
            volume_kms_key,
            output_kms_key,
            code_location,
            max_runtime_in_seconds,
            base_job_name,
            sagemaker_session,
            env,
            tags,
            network_config,
        )
