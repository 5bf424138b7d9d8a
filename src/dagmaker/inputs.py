"""Job inputs: training channels, batch transform input, create-model options.

``TrainingInput(...).config`` is one ``Channel`` of a ``CreateTrainingJob`` request
(without ``ChannelName``, which ``estimator.fit`` adds from the dict key or
``"training"``). Values may be pipeline variables, e.g. a processing step's output URI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "BatchDataCaptureConfig",
    "CreateModelInput",
    "FileSystemInput",
    "ShuffleConfig",
    "TrainingInput",
    "TransformInput",
]

FILE_SYSTEM_TYPES = ["FSxLustre", "EFS"]
FILE_SYSTEM_ACCESS_MODES = ["ro", "rw"]


class ShuffleConfig:
    """Shuffle a channel's data with a seed (``ShuffleConfig.Seed``).

    Attributes:
        seed: The shuffle seed.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed


class TrainingInput:
    """An S3 data channel of a training job.

    Attributes:
        config: The channel configuration (``DataSource``, ``ContentType``, ...).
    """

    def __init__(
        self,
        s3_data: Any,
        distribution: Any = None,
        compression: Any = None,
        content_type: Any = None,
        record_wrapping: Any = None,
        s3_data_type: Any = "S3Prefix",
        instance_groups: list[Any] | None = None,
        input_mode: Any = None,
        attribute_names: list[Any] | None = None,
        target_attribute_name: Any = None,
        shuffle_config: ShuffleConfig | None = None,
        hub_access_config: dict[str, Any] | None = None,
        model_access_config: dict[str, Any] | None = None,
    ) -> None:
        source: dict[str, Any] = {"S3DataType": s3_data_type, "S3Uri": s3_data}
        self.config: dict[str, Any] = {"DataSource": {"S3DataSource": source}}
        # SageMaker's SDK leaves the distribution out only for AutoML-style channels that
        # name a target attribute; everywhere else FullyReplicated is written explicitly.
        if not (target_attribute_name or distribution):
            distribution = "FullyReplicated"
        _put(source, "S3DataDistributionType", distribution)
        _put(self.config, "CompressionType", compression)
        _put(self.config, "ContentType", content_type)
        _put(self.config, "RecordWrapperType", record_wrapping)
        _put(source, "InstanceGroupNames", instance_groups)
        _put(self.config, "InputMode", input_mode)
        _put(source, "AttributeNames", attribute_names)
        _put(self.config, "TargetAttributeName", target_attribute_name)
        if shuffle_config is not None:
            self.config["ShuffleConfig"] = {"Seed": shuffle_config.seed}
        self.add_hub_access_config(hub_access_config)
        self.add_model_access_config(model_access_config)

    def add_hub_access_config(self, hub_access_config: dict[str, Any] | None = None) -> None:
        """Add a ``HubAccessConfig`` to the S3 data source."""
        _put(self.config["DataSource"]["S3DataSource"], "HubAccessConfig", hub_access_config)

    def add_model_access_config(self, model_access_config: dict[str, Any] | None = None) -> None:
        """Add a ``ModelAccessConfig`` to the S3 data source."""
        _put(self.config["DataSource"]["S3DataSource"], "ModelAccessConfig", model_access_config)

    def __repr__(self) -> str:
        return f"TrainingInput({self.config!r})"


class FileSystemInput:
    """A file-system (EFS or FSx for Lustre) data channel of a training job.

    Attributes:
        config: The channel configuration.
    """

    def __init__(
        self,
        file_system_id: str,
        file_system_type: str,
        directory_path: str,
        file_system_access_mode: str = "ro",
        content_type: str | None = None,
    ) -> None:
        if file_system_type not in FILE_SYSTEM_TYPES:
            raise ValueError(
                f"FileSystemInput: unrecognised file_system_type {file_system_type!r}; "
                f"use one of {', '.join(FILE_SYSTEM_TYPES)}"
            )
        if file_system_access_mode not in FILE_SYSTEM_ACCESS_MODES:
            raise ValueError(
                f"FileSystemInput: unrecognised file_system_access_mode "
                f"{file_system_access_mode!r}; use one of {', '.join(FILE_SYSTEM_ACCESS_MODES)}"
            )
        source = {
            "FileSystemId": file_system_id,
            "FileSystemType": file_system_type,
            "DirectoryPath": directory_path,
            "FileSystemAccessMode": file_system_access_mode,
        }
        self.config: dict[str, Any] = {"DataSource": {"FileSystemDataSource": source}}
        if content_type:
            self.config["ContentType"] = content_type


@dataclass
class CreateModelInput:
    """Options for creating a model in a legacy ``CreateModelStep``.

    Attributes:
        instance_type: The instance type the model is meant for.
        accelerator_type: An Elastic Inference accelerator type.
    """

    instance_type: str | None = None
    accelerator_type: str | None = None


@dataclass
class TransformInput:
    """The input of a batch transform job, as ``transformer.transform()`` takes it.

    Attributes:
        data: S3 URI of the input data.
        data_type: ``S3Prefix`` or ``ManifestFile``.
        content_type: MIME type of the data.
        compression_type: ``None`` or ``Gzip``.
        split_type: How to split files into records: ``None``, ``Line``, ``RecordIO``, ``TFRecord``.
        input_filter: JSONPath selecting the part of each record sent to the model.
        output_filter: JSONPath selecting the part of the joined record written out.
        join_source: ``Input`` to join each input record with its prediction.
        model_client_config: Invocation timeout and retries.
        batch_data_capture_config: Where to capture the job's inputs and outputs.
    """

    data: Any
    data_type: Any = "S3Prefix"
    content_type: Any = None
    compression_type: Any = None
    split_type: Any = None
    input_filter: Any = None
    output_filter: Any = None
    join_source: Any = None
    model_client_config: dict[str, Any] | None = None
    batch_data_capture_config: Any = None


class BatchDataCaptureConfig:
    """Where a batch transform job captures its inputs and outputs for Model Monitor.

    Attributes:
        destination_s3_uri: S3 prefix of the captured data.
        kms_key_id: KMS key for the captured data.
        generate_inference_id: Whether to add an inference id to each record.
    """

    def __init__(
        self,
        destination_s3_uri: Any,
        kms_key_id: Any = None,
        generate_inference_id: Any = None,
    ) -> None:
        self.destination_s3_uri = destination_s3_uri
        self.kms_key_id = kms_key_id
        self.generate_inference_id = generate_inference_id

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``DataCaptureConfig`` request structure."""
        request: dict[str, Any] = {"DestinationS3Uri": self.destination_s3_uri}
        _put(request, "KmsKeyId", self.kms_key_id)
        _put(request, "GenerateInferenceId", self.generate_inference_id)
        return request


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        target[key] = value
