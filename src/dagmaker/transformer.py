"""``Transformer``: batch inference over S3 data with a SageMaker model.

``transformer.transform(data, ...)`` builds a ``CreateTransformJob`` request. Under a
``PipelineSession`` it returns step arguments for ``TransformStep(step_args=...)``;
with a plain ``Session`` it starts the job and, with ``wait=True``, waits for it.

Inside a pipeline the default output location is
``s3://<bucket>/<pipeline>/<execution id>/<step name>``, as SageMaker's SDK writes it.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.job_names import base_name_from_image, name_from_base
from dagmaker._sdk.s3_upload import s3_path_join
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker._sdk.tags import format_tags
from dagmaker.errors import NotFound
from dagmaker.session import Session
from dagmaker.workflow.entities import Join, is_pipeline_variable
from dagmaker.workflow.execution_variables import ExecutionVariables
from dagmaker.workflow.pipeline_context import PipelineSession, capture_or_run, current_context

__all__ = ["Transformer"]

TRANSFORM = "transform"


class Transformer:
    """Runs batch transform jobs with one model.

    Attributes:
        model_name: The SageMaker model (a name, or e.g. ``step.properties.ModelName``).
        instance_count: Number of instances.
        instance_type: The instance type.
        strategy: ``MultiRecord`` or ``SingleRecord`` batching.
        assemble_with: ``Line`` or ``None``: how output records are joined.
        output_path: Where results go; a default location when not given.
        output_kms_key: KMS key for the results.
        accept: The MIME type the results are requested in.
        max_concurrent_transforms: Parallel requests per instance.
        max_payload: Largest request, in MB.
        tags: Tags of the jobs.
        env: Environment variables of the model container.
        base_transform_job_name: Prefix of generated job names.
        sagemaker_session: The session jobs are started through.
        volume_kms_key: KMS key for the instances' storage.
        latest_transform_job: The job started last by ``transform``.
    """

    JOB_CLASS_NAME = "transform-job"

    def __init__(
        self,
        model_name: Any,
        instance_count: Any,
        instance_type: Any,
        strategy: Any = None,
        assemble_with: Any = None,
        output_path: Any = None,
        output_kms_key: Any = None,
        accept: Any = None,
        max_concurrent_transforms: Any = None,
        max_payload: Any = None,
        tags: Any = None,
        env: dict[str, Any] | None = None,
        base_transform_job_name: str | None = None,
        sagemaker_session: Any = None,
        volume_kms_key: Any = None,
    ) -> None:
        self.model_name = model_name
        self.strategy = strategy
        self.output_path = output_path
        self.accept = accept
        self.assemble_with = assemble_with
        self.instance_count = instance_count
        self.instance_type = instance_type
        self.max_concurrent_transforms = max_concurrent_transforms
        self.max_payload = max_payload
        self.tags = format_tags(tags)
        self.base_transform_job_name = base_transform_job_name
        self._current_job_name: str | None = None
        self.latest_transform_job: _TransformJob | None = None
        self._reset_output_path = False
        self.sagemaker_session = sagemaker_session or Session()
        self.volume_kms_key = volume_kms_key
        self.output_kms_key = output_kms_key
        self.env = env

    def transform(
        self,
        data: Any,
        data_type: Any = "S3Prefix",
        content_type: Any = None,
        compression_type: Any = None,
        split_type: Any = None,
        job_name: str | None = None,
        input_filter: Any = None,
        output_filter: Any = None,
        join_source: Any = None,
        experiment_config: dict[str, Any] | None = None,
        model_client_config: dict[str, Any] | None = None,
        batch_data_capture_config: Any = None,
        wait: bool = True,
        logs: bool = True,
    ) -> Any:
        """Run a batch transform job over ``data`` (or return its step arguments).

        Args:
            data: S3 URI of the input (a prefix, or a manifest file).
            data_type: ``S3Prefix`` or ``ManifestFile``.
            content_type: MIME type of the input.
            compression_type: ``Gzip`` or ``None``.
            split_type: How to split files into records: ``None``, ``Line``, ``RecordIO``,
                ``TFRecord``.
            job_name: The job's name; generated when not given.
            input_filter: JSONPath choosing what of each record the model gets (``$[1:]``).
            output_filter: JSONPath choosing what of the joined record is written.
            join_source: ``Input`` to join each input record with its result.
            experiment_config: Experiment settings; pipelines keep only
                ``TrialComponentDisplayName``.
            model_client_config: ``InvocationsTimeoutInSeconds`` / ``InvocationsMaxRetries``.
            batch_data_capture_config: Where to capture inputs and outputs.
            wait: Wait for the job to end.
            logs: Accepted for compatibility; the job's log is kept with the job.

        Returns:
            Step arguments under a ``PipelineSession``, else ``None``.

        Raises:
            ValueError: when ``data`` is not an S3 URI.
        """
        if not is_pipeline_variable(data) and not str(data).startswith("s3://"):
            raise ValueError(
                f"Invalid S3 URI: {data}. Transform input must be an s3:// URI; upload local "
                "data first with session.upload_data(path)"
            )
        input_config = _input_config(data, data_type, content_type, compression_type, split_type)
        processing = _present(
            InputFilter=input_filter, OutputFilter=output_filter, JoinSource=join_source
        )
        options = {
            "ExperimentConfig": experiment_config or None,
            "ModelClientConfig": model_client_config or None,
            "DataCaptureConfig": _request_dict(batch_data_capture_config),
        }

        def build() -> dict[str, Any]:
            self._prepare(job_name)
            return self._request(input_config, processing or None, options)

        def run_now(request: dict[str, Any]) -> None:
            self.sagemaker_session.sagemaker_client.create_transform_job(**request)
            self.latest_transform_job = _TransformJob(
                self.sagemaker_session, str(self._current_job_name)
            )
            if wait:
                self.latest_transform_job.wait(logs=logs)

        return capture_or_run(self.sagemaker_session, TRANSFORM, build, run_now)

    # -- request --------------------------------------------------------------------------

    def _prepare(self, job_name: str | None) -> None:
        self._current_job_name = job_name or name_from_base(self._base_name())
        if self.output_path is None or self._reset_output_path:
            self.output_path = self._default_output_path()
            self._reset_output_path = True

    def _base_name(self) -> str:
        if self.base_transform_job_name is not None:
            return self.base_transform_job_name
        if is_pipeline_variable(self.model_name):
            return self.JOB_CLASS_NAME
        if current_context() is not None or isinstance(self.sagemaker_session, PipelineSession):
            # In a pipeline the model may not exist yet, so it is not looked up.
            return str(self.model_name)
        image = self._model_image()
        return base_name_from_image(image, self.JOB_CLASS_NAME) if image else str(self.model_name)

    def _model_image(self) -> Any:
        try:
            description = self.sagemaker_session.sagemaker_client.describe_model(
                ModelName=self.model_name
            )
        except NotFound as error:
            raise ValueError(
                f"Failed to fetch model information for {self.model_name!r}: {error.message} "
                "Create the model first (model.create()), or give base_transform_job_name="
            ) from error
        container = (
            description.get("PrimaryContainer") or (description.get("Containers") or [{}])[0]
        )
        return container.get("Image")

    def _default_output_path(self) -> Any:
        session = self.sagemaker_session
        context = current_context()
        if context is None:
            return s3_path_join(
                "s3://", default_bucket(session), default_prefix(session), self._current_job_name
            )
        prefix = default_prefix(session)
        return Join(
            on="/",
            values=[
                "s3:/",
                default_bucket(session),
                *([prefix] if prefix else []),
                context.pipeline_name,
                ExecutionVariables.PIPELINE_EXECUTION_ID,
                context.step_name,
            ],
        )

    def _request(
        self,
        input_config: dict[str, Any],
        processing: dict[str, Any] | None,
        options: dict[str, Any],
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            "TransformJobName": self._current_job_name,
            "ModelName": self.model_name,
            "TransformInput": input_config,
            "TransformOutput": _present(
                S3OutputPath=self.output_path,
                KmsKeyId=self.output_kms_key,
                AssembleWith=self.assemble_with,
                Accept=self.accept,
            ),
            "TransformResources": _present(
                InstanceCount=self.instance_count,
                InstanceType=self.instance_type,
                VolumeKmsKeyId=self.volume_kms_key,
            ),
        }
        request.update(
            _present(
                BatchStrategy=self.strategy,
                MaxConcurrentTransforms=self.max_concurrent_transforms,
                MaxPayloadInMB=self.max_payload,
                Environment=self.env,
                Tags=self.tags,
                DataProcessing=processing,
            )
        )
        request.update(_present(**options))
        return request

    # -- the latest job -------------------------------------------------------------------

    def wait(self, logs: bool = True) -> None:
        """Wait for the latest job to end.

        Raises:
            ValueError: when no job was started.
        """
        self._ensure_last_transform_job().wait(logs=logs)

    def stop_transform_job(self, wait: bool = True) -> None:
        """Stop the latest job (and wait for it to stop)."""
        job = self._ensure_last_transform_job()
        job.stop()
        if wait:
            job.wait()

    def delete_model(self) -> None:
        """Delete the model this transformer uses."""
        self.sagemaker_session.sagemaker_client.delete_model(ModelName=self.model_name)

    def _ensure_last_transform_job(self) -> _TransformJob:
        if self.latest_transform_job is None:
            raise ValueError("No transform job available: call transform() first")
        return self.latest_transform_job

    def __repr__(self) -> str:
        return f"Transformer(model_name={self.model_name!r}, instance_type={self.instance_type!r})"


def _input_config(
    data: Any, data_type: Any, content_type: Any, compression_type: Any, split_type: Any
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "DataSource": {"S3DataSource": {"S3DataType": data_type, "S3Uri": data}}
    }
    config.update(
        _present(ContentType=content_type, CompressionType=compression_type, SplitType=split_type)
    )
    return config


def _present(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


def _request_dict(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    return value._to_request_dict()


class _TransformJob:
    """A started transform job.

    Attributes:
        sagemaker_session: The session the job was started through.
        job_name: The job's name.
    """

    def __init__(self, sagemaker_session: Any, job_name: str) -> None:
        self.sagemaker_session = sagemaker_session
        self.job_name = job_name

    def describe(self) -> dict[str, Any]:
        """The ``DescribeTransformJob`` response."""
        response: dict[str, Any] = self.sagemaker_session.describe_transform_job(self.job_name)
        return response

    def wait(self, logs: bool = True) -> dict[str, Any]:
        """Wait for the job to end; raises ``JobFailure`` if it failed."""
        response: dict[str, Any] = self.sagemaker_session.wait_for_transform_job(self.job_name)
        return response

    def stop(self) -> None:
        """Ask the job to stop."""
        self.sagemaker_session.sagemaker_client.stop_transform_job(TransformJobName=self.job_name)
