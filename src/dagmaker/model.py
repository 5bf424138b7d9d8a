"""Models: ``Model`` (any image), ``FrameworkModel`` and ``ModelPackage``.

``model.create()`` builds a ``CreateModel`` request and ``model.register()`` a
``CreateModelPackage`` request. Under a ``PipelineSession`` they return step arguments
for ``ModelStep(step_args=...)``; with a plain ``Session`` they call the SageMaker API
(``create_model``, ``create_model_package``) right away.

Inference code (``entry_point``, ``source_dir``, ``dependencies``) is uploaded as
``sourcedir.tar.gz`` under ``<code_location or default bucket>/<model name or image name
+ timestamp>/`` and named by ``SAGEMAKER_PROGRAM`` / ``SAGEMAKER_SUBMIT_DIRECTORY``. A
generic ``Model`` with both ``entry_point`` and ``source_dir`` instead gets its code
packed into the model archive (``code/``): now when the archive is already in S3, or by
a repack job that ``ModelStep`` adds when ``model_data`` is a pipeline variable.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any, ClassVar

from dagmaker._sdk import model_deploy
from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.model_container import container_def, create_model_request, model_code_key_prefix
from dagmaker._sdk.model_package_request import Registration, inference_params
from dagmaker._sdk.model_repack import repack_model
from dagmaker._sdk.model_submit import submit_model_package
from dagmaker._sdk.s3_upload import s3_path_join, split_s3_uri
from dagmaker._sdk.session_facts import default_bucket, default_prefix, expand_role, session_region
from dagmaker._sdk.source_bundle import UploadedCode, upload_source_bundle
from dagmaker.session import Session, get_execution_role
from dagmaker.transformer import Transformer
from dagmaker.workflow._model_step_arguments import (
    CREATE_MODEL,
    CREATE_MODEL_PACKAGE,
    RepackNotes,
    collecting_repacks,
    current_repack_notes,
    model_step_arguments,
)
from dagmaker.workflow.entities import is_pipeline_variable
from dagmaker.workflow.pipeline_context import PipelineSession, capture_or_run

__all__ = ["FrameworkModel", "Model", "ModelPackage"]

logger = logging.getLogger(__name__)

SCRIPT_PARAM = "SAGEMAKER_PROGRAM"
DIR_PARAM = "SAGEMAKER_SUBMIT_DIRECTORY"
LOG_LEVEL_PARAM = "SAGEMAKER_CONTAINER_LOG_LEVEL"
REGION_PARAM = "SAGEMAKER_REGION"
MODEL_CODE_DIR = "/opt/ml/model/code"


def to_string(value: Any) -> Any:
    """``str(value)``, or a run-time string conversion for a pipeline variable."""
    return value.to_string() if is_pipeline_variable(value) else str(value)


class Model:
    """A model: an inference image, model data and, optionally, inference code.

    Attributes:
        image_uri: The inference image.
        model_data: The model archive's S3 URI (or a pipeline variable, or a
            ``ModelDataSource`` dict).
        role: The execution role ARN.
        env: Environment variables of the container.
        name: The model name; generated when the model is created outside a pipeline.
        vpc_config: ``{"Subnets": [...], "SecurityGroupIds": [...]}``.
        sagemaker_session: The session requests go through (a ``Session`` when not given).
        entry_point: The inference script.
        source_dir: A directory packed with the entry point.
        dependencies: More directories packed with the code.
        model_kms_key: KMS key for the uploaded code and repacked archive.
    """

    _framework_name: ClassVar[str | None] = None

    def __init__(
        self,
        image_uri: Any = None,
        model_data: Any = None,
        role: Any = None,
        predictor_cls: Any = None,
        env: dict[str, Any] | None = None,
        name: str | None = None,
        vpc_config: dict[str, Any] | None = None,
        sagemaker_session: Any = None,
        enable_network_isolation: Any = None,
        model_kms_key: str | None = None,
        image_config: dict[str, Any] | None = None,
        source_dir: str | None = None,
        code_location: str | None = None,
        entry_point: str | None = None,
        container_log_level: Any = logging.INFO,
        dependencies: list[str] | None = None,
        git_config: dict[str, str] | None = None,
        resources: Any = None,
        additional_model_data_sources: Any = None,
        model_reference_arn: str | None = None,
    ) -> None:
        if git_config:
            raise ValueError(
                "git_config is not supported by dagmaker: clone the repository yourself and "
                "pass its local path as source_dir"
            )
        self.model_data = model_data
        self.additional_model_data_sources = additional_model_data_sources
        self.image_uri = image_uri
        self.predictor_cls = predictor_cls
        self.name = name
        self.sagemaker_session = sagemaker_session
        self.role = role
        self.vpc_config = vpc_config
        self._enable_network_isolation = enable_network_isolation or False
        self.env: dict[str, Any] = dict(env or {})
        self.model_kms_key = model_kms_key
        self.image_config = image_config
        self.entry_point = entry_point
        self.source_dir = source_dir
        self.dependencies = list(dependencies or [])
        self.git_config = git_config
        self.container_log_level = container_log_level
        self.bucket, self.key_prefix = _code_location(code_location)
        self.resources = resources
        self.model_reference_arn = model_reference_arn
        self.uploaded_code: UploadedCode | None = None
        self.repacked_model_data: Any = None
        self.content_types: Any = None
        self.response_types: Any = None
        self.model_package_arn: str | None = None
        self.endpoint_name: str | None = None

    # -- settings -----------------------------------------------------------------------

    def enable_network_isolation(self) -> Any:
        """Whether the model's container runs without network access."""
        return self._enable_network_isolation or False

    def is_repack(self) -> bool:
        """Whether the code goes into the model archive (``entry_point`` and ``source_dir``)."""
        return bool(self.source_dir and self.entry_point)

    def _init_sagemaker_session_if_does_not_exist(self, instance_type: Any = None) -> None:
        if self.sagemaker_session is None:
            self.sagemaker_session = Session()

    def _role_arn(self) -> Any:
        role = self.role if self.role is not None else get_execution_role(self.sagemaker_session)
        return expand_role(self.sagemaker_session, role)

    # -- container definition --------------------------------------------------------------

    def prepare_container_def(
        self,
        instance_type: Any = None,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
        accept_eula: bool | None = None,
        model_reference_arn: str | None = None,
    ) -> dict[str, Any]:
        """The container definition: image, model data, environment; uploads code if any."""
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        key_prefix = model_code_key_prefix(self.key_prefix, self.name, self.image_uri)
        env = copy.deepcopy(self.env)
        if self.source_dir or self.dependencies or self.entry_point:
            self._upload_code(key_prefix, repack=self.is_repack())
            env.update(self._script_mode_env_vars())
        return container_def(
            self.image_uri,
            self.repacked_model_data or self.model_data,
            env,
            image_config=self.image_config,
            accept_eula=accept_eula,
            additional_model_data_sources=self.additional_model_data_sources,
            model_reference_arn=model_reference_arn or self.model_reference_arn,
        )

    def _code_destination(self, key_prefix: str) -> tuple[str, str]:
        if self.bucket:
            return self.bucket, key_prefix
        session = self.sagemaker_session
        return default_bucket(session), s3_path_join(default_prefix(session), key_prefix)

    def _upload_code(self, key_prefix: str, repack: bool = False) -> None:
        """Upload the inference code, or pack it into the model archive when ``repack``."""
        bucket, key_prefix = self._code_destination(key_prefix)
        if self.entry_point is None:
            self.uploaded_code = None
        elif not repack:
            self.uploaded_code = upload_source_bundle(
                self.sagemaker_session,
                self.entry_point,
                self.source_dir,
                self.dependencies,
                bucket,
                key_prefix,
                self.model_kms_key,
            )
        if repack and self.model_data is not None and self.entry_point is not None:
            self._repack(bucket, key_prefix)

    def _repack(self, bucket: str, key_prefix: str) -> None:
        if isinstance(self.model_data, dict):
            logger.warning("a ModelDataSource model_data cannot be repacked; the code is left out")
            return
        script = Path(str(self.entry_point)).name
        if is_pipeline_variable(self.model_data):
            self._defer_repack(s3_path_join("s3://", bucket, key_prefix))
            return
        repacked = f"s3://{bucket}/{s3_path_join(key_prefix, 'model.tar.gz')}"
        self.uploaded_code = UploadedCode(s3_prefix=repacked, script_name=script)
        self.repacked_model_data = repack_model(
            self.sagemaker_session,
            str(self.model_data),
            repacked,
            str(self.entry_point),
            self.source_dir,
            self.dependencies,
        )

    def _defer_repack(self, output_prefix: str) -> None:
        """The archive exists only at run time: ``ModelStep`` adds a job that repacks it."""
        notes = current_repack_notes()
        if notes is None:
            logger.warning(
                "model_data is a pipeline variable, so the inference code can be packed into "
                "the model archive only by a pipeline: use ModelStep(step_args=model.create()) "
                "or model.register() under a PipelineSession"
            )
            return
        notes.model_ids.add(id(self))
        notes.output_prefix = output_prefix
        self.repacked_model_data = self.model_data
        script = Path(str(self.entry_point)).name
        self.uploaded_code = UploadedCode(s3_prefix=self.model_data, script_name=script)

    def _script_mode_env_vars(self) -> dict[str, Any]:
        """``SAGEMAKER_PROGRAM``, ``SAGEMAKER_SUBMIT_DIRECTORY``, log level and region."""
        script_name = self.env.get(SCRIPT_PARAM, "")
        dir_name = self.env.get(DIR_PARAM, "")
        if self.uploaded_code:
            script_name = self.uploaded_code.script_name
            packed = self.repacked_model_data or self.enable_network_isolation()
            dir_name = MODEL_CODE_DIR if packed else self.uploaded_code.s3_prefix
        elif self.entry_point is not None:
            script_name = self.entry_point
            if self.source_dir is not None:
                local = not str(self.source_dir).startswith("s3://")
                dir_name = f"file://{self.source_dir}" if local else self.source_dir
        return {
            SCRIPT_PARAM: script_name,
            DIR_PARAM: dir_name,
            LOG_LEVEL_PARAM: to_string(self.container_log_level),
            REGION_PARAM: session_region(self.sagemaker_session),
        }

    # -- create ---------------------------------------------------------------------------

    def create(
        self,
        instance_type: Any = None,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
        tags: Any = None,
        accept_eula: bool | None = None,
        model_reference_arn: str | None = None,
    ) -> Any:
        """Create the SageMaker model (``CreateModel``).

        Args:
            instance_type: The instance type the model is for (chooses CPU/GPU images).
            accelerator_type: An Elastic Inference accelerator type.
            serverless_inference_config: Serverless settings, for choosing the image.
            tags: Tags of the model.
            accept_eula: Whether the model's end-user license is accepted.
            model_reference_arn: A hub model reference.

        Returns:
            Step arguments for ``ModelStep`` under a ``PipelineSession``, else ``None``.
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        notes = RepackNotes()

        def build() -> dict[str, Any]:
            with collecting_repacks(notes):
                container = self.prepare_container_def(
                    instance_type,
                    accelerator_type=accelerator_type,
                    serverless_inference_config=serverless_inference_config,
                    accept_eula=accept_eula,
                    model_reference_arn=model_reference_arn,
                )
            return create_model_request(
                self.name,
                self._role_arn(),
                container,
                self.vpc_config,
                self.enable_network_isolation(),
                tags,
            )

        captured = capture_or_run(self.sagemaker_session, CREATE_MODEL, build, self._create_now)
        return model_step_arguments(captured, self, notes)

    def _create_now(self, request: dict[str, Any]) -> None:
        if not request.get("ModelName"):
            self.name = name_from_base(base_name_from_image(self._image_of(request), "Model"))
            request["ModelName"] = self.name
        self.sagemaker_session.sagemaker_client.create_model(**request)

    @staticmethod
    def _image_of(request: dict[str, Any]) -> Any:
        container = request.get("PrimaryContainer") or (request.get("Containers") or [{}])[0]
        return container.get("Image")

    # -- register -------------------------------------------------------------------------

    def register(
        self,
        content_types: Any = None,
        response_types: Any = None,
        inference_instances: Any = None,
        transform_instances: Any = None,
        model_package_name: Any = None,
        model_package_group_name: Any = None,
        image_uri: Any = None,
        model_metrics: Any = None,
        metadata_properties: Any = None,
        marketplace_cert: bool = False,
        approval_status: Any = None,
        description: Any = None,
        drift_check_baselines: Any = None,
        customer_metadata_properties: dict[str, Any] | None = None,
        validation_specification: Any = None,
        domain: Any = None,
        task: Any = None,
        sample_payload_url: Any = None,
        framework: Any = None,
        framework_version: Any = None,
        nearest_model_name: Any = None,
        data_input_configuration: Any = None,
        skip_model_validation: Any = None,
        source_uri: Any = None,
        model_card: Any = None,
        model_life_cycle: Any = None,
        accept_eula: bool | None = None,
        model_type: Any = None,
        model_package_registration_type: Any = None,
        base_model: Any = None,
    ) -> Any:
        """Register the model in the model registry (``CreateModelPackage``).

        Without ``model_package_group_name`` and ``model_package_name`` the package goes
        to a group named after the image. ``framework``, ``framework_version``,
        ``nearest_model_name`` and ``data_input_configuration`` describe the container
        for Inference Recommender; the other arguments are the request's fields.

        Returns:
            Step arguments for ``ModelStep`` under a ``PipelineSession``, else the
            registered :class:`ModelPackage`.
        """
        instance_type = inference_instances[0] if inference_instances else None
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        framework, framework_version = self._framework_for_registry(
            framework, framework_version, image_uri, instance_type
        )
        if content_types is not None:
            self.content_types = content_types
        if response_types is not None:
            self.response_types = response_types
        if image_uri is not None:
            self.image_uri = image_uri
        if model_package_group_name is None and model_package_name is None:
            model_package_group_name = base_name_from_image(self.image_uri, "ModelPackage")
        registration = Registration(
            content_types=self.content_types,
            response_types=self.response_types,
            inference_instances=inference_instances,
            transform_instances=transform_instances,
            model_package_name=model_package_name,
            model_package_group_name=model_package_group_name,
            model_metrics=model_metrics,
            metadata_properties=metadata_properties,
            marketplace_cert=marketplace_cert,
            approval_status=approval_status,
            description=description,
            drift_check_baselines=drift_check_baselines,
            customer_metadata_properties=customer_metadata_properties,
            validation_specification=validation_specification,
            domain=domain,
            sample_payload_url=sample_payload_url,
            task=task,
            skip_model_validation=skip_model_validation,
            source_uri=source_uri,
            model_card=model_card,
            model_life_cycle=model_life_cycle,
            model_package_registration_type=model_package_registration_type,
        )
        inference = {
            "framework": framework,
            "framework_version": framework_version,
            "nearest_model_name": nearest_model_name,
            "data_input_configuration": data_input_configuration,
        }
        notes = RepackNotes()

        def build() -> dict[str, Any]:
            with collecting_repacks(notes):
                container = self._registry_container(
                    registration, inference, accept_eula, model_type
                )
            if base_model is not None:
                container["BaseModel"] = _request_dict(base_model)
            return registration.request([container])

        captured = capture_or_run(
            self.sagemaker_session, CREATE_MODEL_PACKAGE, build, self._register_now
        )
        return model_step_arguments(captured, self, notes)

    def _framework_for_registry(
        self, framework: Any, framework_version: Any, image_uri: Any, instance_type: Any
    ) -> tuple[Any, Any]:
        """Framework models fill in their image and framework name here."""
        return framework, framework_version

    def _registry_container(
        self,
        registration: Registration,
        inference: dict[str, Any],
        accept_eula: bool | None,
        model_type: Any,
    ) -> dict[str, Any]:
        versioned = registration.model_package_group_name is not None
        if versioned and not _is_proprietary(model_type):
            prepared = self.prepare_container_def(accept_eula=accept_eula)
            return inference_params(prepared, **inference)
        if isinstance(self.model_data, dict):
            raise ValueError(
                "an unversioned model package (model_package_name) cannot be created with a "
                "ModelDataSource model_data; register into a model_package_group_name instead"
            )
        container: dict[str, Any] = {"Image": self.image_uri}
        if self.model_data is not None:
            container["ModelDataUrl"] = self.model_data
        return container

    def _register_now(self, request: dict[str, Any]) -> ModelPackage:
        arn = submit_model_package(self.sagemaker_session.sagemaker_client, request)
        return ModelPackage(
            role=self.role,
            model_data=self.model_data,
            model_package_arn=arn,
            sagemaker_session=self.sagemaker_session,
            predictor_cls=self.predictor_cls,
        )

    # -- other operations -----------------------------------------------------------------

    def deploy(
        self,
        initial_instance_count: Any = None,
        instance_type: Any = None,
        serializer: Any = None,
        deserializer: Any = None,
        accelerator_type: Any = None,
        endpoint_name: str | None = None,
        tags: Any = None,
        kms_key: str | None = None,
        wait: bool = True,
        data_capture_config: Any = None,
        async_inference_config: Any = None,
        serverless_inference_config: Any = None,
        volume_size: Any = None,
        model_data_download_timeout: Any = None,
        container_startup_health_check_timeout: Any = None,
        update_endpoint: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Create the model and a local endpoint serving it; return a predictor.

        The endpoint runs on this machine (see docs/endpoints.md): ``instance_type`` is
        recorded, ``initial_instance_count`` serving processes run. ``data_capture_config``
        (a ``DataCaptureConfig``) turns on data capture. Other SageMaker arguments
        (``explainer_config``, ``resources``, …) are accepted and ignored.

        Returns:
            ``predictor_cls(endpoint_name, sagemaker_session)`` with ``serializer`` and
            ``deserializer`` applied, or ``None`` when the model has no ``predictor_cls``.

        Raises:
            ValueError: without instance type and count, for asynchronous inference, or
                under a ``PipelineSession``.
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        model_deploy.check_deploy_arguments(
            instance_type,
            initial_instance_count,
            serverless_inference_config,
            async_inference_config,
            self.sagemaker_session,
        )
        model_deploy.create_model_for_deploy(
            self, lambda: self.create(instance_type, accelerator_type, tags=tags)
        )
        self.endpoint_name = model_deploy.deploy(
            self,
            instance_type,
            initial_instance_count,
            endpoint_name,
            {
                "accelerator_type": accelerator_type,
                "tags": tags,
                "kms_key": kms_key,
                "wait": wait,
                "data_capture_config": data_capture_config,
                "serverless_inference_config": serverless_inference_config,
                "volume_size": volume_size,
                "model_data_download_timeout": model_data_download_timeout,
                "container_startup_health_check_timeout": container_startup_health_check_timeout,
                "update_endpoint": update_endpoint,
            },
        )
        return model_deploy.predictor_for(self, self.endpoint_name, serializer, deserializer)

    def transformer(
        self,
        instance_count: Any,
        instance_type: Any,
        strategy: Any = None,
        assemble_with: Any = None,
        output_path: Any = None,
        output_kms_key: Any = None,
        accept: Any = None,
        env: dict[str, Any] | None = None,
        max_concurrent_transforms: Any = None,
        max_payload: Any = None,
        tags: Any = None,
        volume_kms_key: Any = None,
    ) -> Transformer:
        """Create the model now and return a ``Transformer`` for batch jobs with it.

        Raises:
            ValueError: under a ``PipelineSession``, where the model is created by a step.
        """
        self._init_sagemaker_session_if_does_not_exist(instance_type)
        if isinstance(self.sagemaker_session, PipelineSession):
            raise ValueError(
                "model.transformer() creates the model right away, which a PipelineSession "
                "defers; use ModelStep(step_args=model.create(...)) and "
                "Transformer(model_name=step.properties.ModelName, ...) instead"
            )
        self.create(instance_type=instance_type, tags=tags)
        return Transformer(
            self.name,
            instance_count,
            instance_type,
            strategy=strategy,
            assemble_with=assemble_with,
            output_path=output_path,
            output_kms_key=output_kms_key,
            accept=accept,
            max_concurrent_transforms=max_concurrent_transforms,
            max_payload=max_payload,
            env=env,
            tags=tags,
            volume_kms_key=volume_kms_key,
            sagemaker_session=self.sagemaker_session,
        )

    def delete_model(self) -> None:
        """Delete the SageMaker model created by ``create()``.

        Raises:
            ValueError: when the model has not been created (it has no name).
        """
        if self.name is None:
            raise ValueError("the model has no name yet; create it with model.create() first")
        self._init_sagemaker_session_if_does_not_exist()
        self.sagemaker_session.sagemaker_client.delete_model(ModelName=self.name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, image_uri={self.image_uri!r})"


def _code_location(code_location: str | None) -> tuple[str | None, str | None]:
    if not code_location:
        return None, None
    return split_s3_uri(code_location)


def _is_proprietary(model_type: Any) -> bool:
    # JumpStart's proprietary models are registered by image only.
    return str(getattr(model_type, "value", model_type) or "").lower() == "proprietary"


def _request_dict(value: Any) -> Any:
    return value if isinstance(value, dict) else value._to_request_dict()


class FrameworkModel(Model):
    """A model served by a framework image, running ``entry_point`` as inference code.

    The code is uploaded separately and named by ``SAGEMAKER_SUBMIT_DIRECTORY`` (it is
    packed into the model archive only where the framework requires it).
    """

    def __init__(
        self,
        model_data: Any,
        image_uri: Any,
        role: Any = None,
        entry_point: str | None = None,
        source_dir: str | None = None,
        predictor_cls: Any = None,
        env: dict[str, Any] | None = None,
        name: str | None = None,
        container_log_level: Any = logging.INFO,
        code_location: str | None = None,
        sagemaker_session: Any = None,
        dependencies: list[str] | None = None,
        git_config: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            image_uri,
            model_data,
            role,
            predictor_cls=predictor_cls,
            env=env,
            name=name,
            sagemaker_session=sagemaker_session,
            source_dir=source_dir,
            code_location=code_location,
            entry_point=entry_point,
            container_log_level=container_log_level,
            dependencies=dependencies,
            git_config=git_config,
            **kwargs,
        )

    def is_repack(self) -> bool:
        """Repack only without a ``code_location`` (code then travels in the archive)."""
        return bool(self.source_dir and self.entry_point and not self.key_prefix)


class ModelPackage(Model):
    """A registered model version.

    Attributes:
        model_package_arn: The package's ARN.
    """

    def __init__(
        self,
        role: Any = None,
        model_data: Any = None,
        algorithm_arn: str | None = None,
        model_package_arn: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(role=role, model_data=model_data, image_uri=None, **kwargs)
        if model_package_arn is None and algorithm_arn is None:
            raise ValueError("ModelPackage needs a model_package_arn (or an algorithm_arn)")
        self.model_package_arn = model_package_arn
        self.algorithm_arn = algorithm_arn

    def prepare_container_def(
        self,
        instance_type: Any = None,
        accelerator_type: Any = None,
        serverless_inference_config: Any = None,
        accept_eula: bool | None = None,
        model_reference_arn: str | None = None,
    ) -> dict[str, Any]:
        """A container serving the package's inference containers (``ModelPackageName``)."""
        container: dict[str, Any] = {"ModelPackageName": self.model_package_arn}
        if self.env:
            container["Environment"] = dict(self.env)
        return container

    def _create_now(self, request: dict[str, Any]) -> None:
        if not request.get("ModelName"):
            # arn:...:model-package/<group>/<version>: models are named after the group.
            parts = str(self.model_package_arn).split("/")
            self.name = name_from_base(parts[-2] if len(parts) > 2 else parts[-1])
            request["ModelName"] = self.name
        super()._create_now(request)

    def describe(self) -> dict[str, Any]:
        """The ``DescribeModelPackage`` response."""
        self._init_sagemaker_session_if_does_not_exist()
        response: dict[str, Any] = self.sagemaker_session.sagemaker_client.describe_model_package(
            ModelPackageName=self.model_package_arn
        )
        return response

    def update_approval_status(
        self, approval_status: str, approval_description: str | None = None
    ) -> None:
        """Approve or reject the package (``UpdateModelPackage``)."""
        request: dict[str, Any] = {
            "ModelPackageArn": self.model_package_arn,
            "ModelApprovalStatus": approval_status,
        }
        if approval_description is not None:
            request["ApprovalDescription"] = approval_description
        self._init_sagemaker_session_if_does_not_exist()
        self.sagemaker_session.sagemaker_client.update_model_package(**request)

    def __repr__(self) -> str:
        return f"ModelPackage(model_package_arn={self.model_package_arn!r})"
