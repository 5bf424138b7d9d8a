"""Estimators: ``Estimator`` (any image) and ``Framework`` (script mode on a framework image).

``estimator.fit(inputs)`` builds a ``CreateTrainingJob`` request. Under a
``PipelineSession`` it returns step arguments for ``TrainingStep(step_args=...)``;
with a plain ``Session`` it starts the job and, with ``wait=True``, waits for it.

Hyperparameters: the generic ``Estimator`` sends ``str(value)`` (``True`` → ``"True"``);
framework estimators JSON-encode every value (``"abc"`` → ``'"abc"'``) and add
``sagemaker_program``, ``sagemaker_submit_directory``, ``sagemaker_container_log_level``
and ``sagemaker_region``. Pipeline variables become strings at run time (``to_string()``).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from dagmaker import base_predictor
from dagmaker import model as models
from dagmaker._sdk.estimator_base import EstimatorBase
from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import get_training_image_uri
from dagmaker.workflow.entities import is_pipeline_variable

__all__ = ["Estimator", "EstimatorBase", "Framework"]


class Estimator(EstimatorBase):
    """Trains with any image: a built-in algorithm, or your own container.

    With ``entry_point`` (and ``source_dir``) the code is packaged and passed to the
    image the way framework estimators do (script mode with a custom image).
    """

    def __init__(
        self,
        image_uri: Any = None,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        keep_alive_period_in_seconds: Any = None,
        volume_size: Any = 30,
        volume_kms_key: Any = None,
        max_run: Any = 24 * 60 * 60,
        input_mode: Any = "File",
        output_path: Any = None,
        output_kms_key: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        hyperparameters: dict[str, Any] | None = None,
        tags: Any = None,
        subnets: list[Any] | None = None,
        security_group_ids: list[Any] | None = None,
        model_uri: Any = None,
        model_channel_name: Any = "model",
        metric_definitions: list[dict[str, Any]] | None = None,
        encrypt_inter_container_traffic: Any = None,
        use_spot_instances: Any = False,
        max_wait: Any = None,
        checkpoint_s3_uri: Any = None,
        checkpoint_local_path: Any = None,
        enable_network_isolation: Any = None,
        **kwargs: Any,
    ) -> None:
        self.image_uri = image_uri
        super().__init__(
            role=role,
            instance_count=instance_count,
            instance_type=instance_type,
            keep_alive_period_in_seconds=keep_alive_period_in_seconds,
            volume_size=volume_size,
            volume_kms_key=volume_kms_key,
            max_run=max_run,
            input_mode=input_mode,
            output_path=output_path,
            output_kms_key=output_kms_key,
            base_job_name=base_job_name,
            sagemaker_session=sagemaker_session,
            tags=tags,
            subnets=subnets,
            security_group_ids=security_group_ids,
            model_uri=model_uri,
            model_channel_name=model_channel_name,
            metric_definitions=metric_definitions,
            encrypt_inter_container_traffic=encrypt_inter_container_traffic,
            use_spot_instances=use_spot_instances,
            max_wait=max_wait,
            checkpoint_s3_uri=checkpoint_s3_uri,
            checkpoint_local_path=checkpoint_local_path,
            enable_network_isolation=enable_network_isolation,
            hyperparameters=hyperparameters,
            **kwargs,
        )
        self.set_hyperparameters(**self._hyperparameters)

    def training_image_uri(self) -> Any:
        """The image given as ``image_uri``."""
        return self.image_uri

    def create_model(
        self,
        role: Any = None,
        image_uri: Any = None,
        predictor_cls: Any = None,
        vpc_config_override: Any = None,
        **kwargs: Any,
    ) -> models.Model:
        """A ``Model`` of the training image and the latest job's model artifact.

        ``predict`` answers through a plain ``Predictor`` unless ``predictor_cls`` is given;
        ``kwargs`` go to ``Model``.
        """
        kwargs.setdefault("enable_network_isolation", self.enable_network_isolation())
        return models.Model(
            image_uri or self.training_image_uri(),
            self.model_data,
            role or self.role,
            vpc_config=vpc_config_override or self.get_vpc_config(),
            sagemaker_session=self.sagemaker_session,
            predictor_cls=predictor_cls or base_predictor.Predictor,
            **kwargs,
        )

    def set_hyperparameters(self, **kwargs: Any) -> None:
        """Set hyperparameters (sent as ``str(value)``; JSON-encoded when ``source_dir`` is set)."""
        if self.source_dir:
            self._hyperparameters.update(EstimatorBase._json_encode_hyperparameters(kwargs))
        else:
            self._hyperparameters.update(kwargs)

    def hyperparameters(self) -> dict[str, Any]:
        """The hyperparameters set so far."""
        return self._hyperparameters


class Framework(EstimatorBase):
    """Script mode on a framework image: your ``entry_point`` runs inside the container.

    Subclasses set ``_framework_name`` and the ``framework_version``/``py_version``
    attributes from which the image is chosen.

    Attributes:
        entry_point: The script that trains (relative to ``source_dir`` when given).
        image_uri: An explicit image, overriding the framework's.
    """

    _framework_name: ClassVar[str | None] = None
    framework_version: Any = None
    py_version: Any = None

    def __init__(
        self,
        entry_point: Any,
        source_dir: Any = None,
        hyperparameters: dict[str, Any] | None = None,
        container_log_level: Any = logging.INFO,
        code_location: str | None = None,
        image_uri: Any = None,
        dependencies: list[str] | None = None,
        enable_network_isolation: Any = None,
        git_config: dict[str, str] | None = None,
        checkpoint_s3_uri: Any = None,
        checkpoint_local_path: Any = None,
        enable_sagemaker_metrics: Any = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(entry_point, str) and entry_point.startswith("s3://"):
            raise ValueError(
                f"Invalid entry point script: {entry_point}. Must be a path to a local file."
            )
        super().__init__(
            enable_network_isolation=enable_network_isolation,
            entry_point=entry_point,
            source_dir=source_dir,
            git_config=git_config,
            container_log_level=container_log_level,
            code_location=code_location,
            dependencies=dependencies,
            checkpoint_s3_uri=checkpoint_s3_uri,
            checkpoint_local_path=checkpoint_local_path,
            enable_sagemaker_metrics=enable_sagemaker_metrics,
            **kwargs,
        )
        self.image_uri = image_uri
        self._hyperparameters = hyperparameters if hyperparameters is not None else {}

    def training_image_uri(self, region: str | None = None) -> Any:
        """``image_uri`` when given, else the framework image for the session's region."""
        return get_training_image_uri(
            region or session_region(self.sagemaker_session),
            str(self._framework_name),
            framework_version=self.framework_version,
            py_version=self.py_version,
            image_uri=self.image_uri,
            distribution=getattr(self, "distribution", None),
            instance_type=self._get_instance_type(),
        )

    def set_hyperparameters(self, **kwargs: Any) -> None:
        """Set hyperparameters; each is JSON-encoded (pipeline variables: ``to_string()``)."""
        self._hyperparameters.update(EstimatorBase._json_encode_hyperparameters(kwargs))

    def hyperparameters(self) -> dict[str, Any]:
        """The JSON-encoded hyperparameters, script-mode settings included after ``fit``."""
        encoded: dict[str, Any] = EstimatorBase._json_encode_hyperparameters(self._hyperparameters)
        return encoded

    def _script_mode_hyperparam_update(self, code_dir: str, script: str) -> None:
        # Stored raw: hyperparameters() encodes everything when the request is built.
        self._hyperparameters.update(self._script_mode_values(code_dir, script))

    def _validate_and_set_debugger_configs(self) -> None:
        # SageMaker Debugger cannot follow distributed jobs that checkpoint.
        if not (self.checkpoint_s3_uri and self.checkpoint_local_path):
            return
        if self.debugger_hook_config is False or self._framework_name not in _DEBUG_FRAMEWORKS:
            return
        distributed = getattr(self, "distribution", None) is not None
        if is_pipeline_variable(self.instance_count) or distributed or self.instance_count > 1:
            self.debugger_hook_config = False

    def _get_instance_type(self) -> Any:
        if self.instance_type is not None:
            return self.instance_type
        groups = self.instance_groups or []
        for group in groups:
            family_type = group.instance_type
            if isinstance(family_type, str) and family_type.split(".")[1][:1] in ("g", "p"):
                return family_type
        if not groups:
            raise ValueError("instance_type (or instance_groups) must be set")
        return groups[0].instance_type


_DEBUG_FRAMEWORKS = frozenset({"mxnet", "pytorch", "tensorflow"})
