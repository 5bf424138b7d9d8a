"""``PyTorch``: script-mode training on SageMaker's PyTorch image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.estimator_deploy import framework_model_arguments
from dagmaker._sdk.framework_versions import validate_version_or_image_args, version_at_least
from dagmaker.estimator import EstimatorBase, Framework
from dagmaker.pytorch.model import PyTorchModel

_SUPPORTED_DISTRIBUTIONS = ("torch_distributed", "mpi", "parameter_server")


class PyTorch(Framework):
    """Runs a PyTorch training script (``entry_point``) on the PyTorch image.

    Attributes:
        distribution: How to launch the script on several processes or hosts:
            ``{"torch_distributed": {"enabled": True}}`` (torchrun),
            ``{"mpi": {"enabled": True, "processes_per_host": 2}}`` or
            ``{"parameter_server": {"enabled": True}}``.
    """

    _framework_name = "pytorch"
    LAUNCH_TORCH_DISTRIBUTED_ENV_NAME = "sagemaker_torch_distributed_enabled"
    INSTANCE_TYPE_ENV_NAME = "sagemaker_instance_type"

    def __init__(
        self,
        entry_point: Any = None,
        framework_version: str | None = None,
        py_version: str | None = None,
        source_dir: Any = None,
        hyperparameters: dict[str, Any] | None = None,
        image_uri: Any = None,
        distribution: dict[str, Any] | None = None,
        compiler_config: Any = None,
        training_recipe: str | None = None,
        recipe_overrides: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Create the estimator.

        Raises:
            ValueError: without an entry point, without versions or image, for training
                recipes or the Training Compiler, or for an unsupported distribution.
        """
        if training_recipe is not None or recipe_overrides is not None or compiler_config:
            raise ValueError(
                "training recipes and the SageMaker Training Compiler are not supported by "
                "dagmaker; pass entry_point= with your own training script"
            )
        if entry_point is None:
            raise ValueError("PyTorch needs entry_point=, the training script to run")
        validate_version_or_image_args(framework_version, py_version, image_uri)
        self.framework_version = framework_version
        self.py_version = py_version
        # SageMaker's SDK turns metrics on from PyTorch 1.3.
        metrics_default = framework_version and version_at_least(framework_version, "1.3")
        if "enable_sagemaker_metrics" not in kwargs and metrics_default:
            kwargs["enable_sagemaker_metrics"] = True
        super().__init__(entry_point, source_dir, hyperparameters, image_uri=image_uri, **kwargs)
        self.distribution = _checked_distribution(distribution)
        self.compiler_config = None

    def create_model(
        self,
        model_server_workers: Any = None,
        role: Any = None,
        vpc_config_override: Any = None,
        entry_point: str | None = None,
        source_dir: str | None = None,
        dependencies: list[str] | None = None,
        **kwargs: Any,
    ) -> PyTorchModel:
        """A ``PyTorchModel`` serving the latest job's model.

        The inference code defaults to the training code as ``fit`` uploaded it (define
        ``model_fn`` and friends there).
        """
        arguments = framework_model_arguments(
            self, entry_point, source_dir, dependencies, role, kwargs
        )
        if vpc_config_override:
            arguments["vpc_config"] = vpc_config_override
        return PyTorchModel(
            framework_version=self.framework_version,
            py_version=self.py_version,
            model_server_workers=model_server_workers,
            **arguments,
        )

    def hyperparameters(self) -> dict[str, Any]:
        """The JSON-encoded hyperparameters plus the distribution settings."""
        values = super().hyperparameters()
        values.update(
            EstimatorBase._json_encode_hyperparameters(self._distribution_hyperparameters())
        )
        return values

    def _distribution_hyperparameters(self) -> dict[str, Any]:
        distribution = self.distribution
        if "torch_distributed" in distribution:
            enabled = distribution["torch_distributed"].get("enabled", False)
            if not enabled:
                return {}
            settings: dict[str, Any] = {self.LAUNCH_TORCH_DISTRIBUTED_ENV_NAME: enabled}
            if self.instance_type is not None:
                settings[self.INSTANCE_TYPE_ENV_NAME] = self.instance_type
            return settings
        settings = {}
        if "parameter_server" in distribution:
            enabled = distribution["parameter_server"].get("enabled", False)
            settings[self.LAUNCH_PS_ENV_NAME] = enabled
        if "mpi" in distribution:
            mpi = distribution["mpi"]
            settings[self.LAUNCH_MPI_ENV_NAME] = mpi.get("enabled", False)
            if mpi.get("processes_per_host"):
                settings[self.MPI_NUM_PROCESSES_PER_HOST] = mpi["processes_per_host"]
            settings[self.MPI_CUSTOM_MPI_OPTIONS] = mpi.get("custom_mpi_options", "")
        return settings


def _checked_distribution(distribution: dict[str, Any] | None) -> dict[str, Any]:
    distribution = dict(distribution or {})
    unknown = sorted(set(distribution) - set(_SUPPORTED_DISTRIBUTIONS))
    if unknown:
        raise ValueError(
            f"distribution strategy {', '.join(unknown)} is not supported by dagmaker; use "
            f"one of {', '.join(_SUPPORTED_DISTRIBUTIONS)}"
        )
    if len(distribution) > 1:
        raise ValueError(f"choose one distribution strategy, got {', '.join(sorted(distribution))}")
    return distribution
