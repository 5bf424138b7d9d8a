"""TrainingInput and friends build the request structures SageMaker's SDK builds."""

from __future__ import annotations

import pytest

from dagmaker.inputs import (
    BatchDataCaptureConfig,
    CreateModelInput,
    FileSystemInput,
    ShuffleConfig,
    TrainingInput,
    TransformInput,
)
from dagmaker.workflow.parameters import ParameterString


def test_training_input_defaults_to_fully_replicated_s3_prefix() -> None:
    assert TrainingInput("s3://b/train").config == {
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": "s3://b/train",
                "S3DataDistributionType": "FullyReplicated",
            }
        }
    }


def test_training_input_carries_every_option() -> None:
    config = TrainingInput(
        "s3://b/manifest",
        distribution="ShardedByS3Key",
        compression="Gzip",
        content_type="text/csv",
        record_wrapping="RecordIO",
        s3_data_type="ManifestFile",
        instance_groups=["group-a"],
        input_mode="Pipe",
        attribute_names=["source-ref", "label"],
        target_attribute_name="label",
        shuffle_config=ShuffleConfig(seed=3),
    ).config
    source = config["DataSource"]["S3DataSource"]
    assert source["S3DataDistributionType"] == "ShardedByS3Key"
    assert source["S3DataType"] == "ManifestFile"
    assert source["InstanceGroupNames"] == ["group-a"]
    assert source["AttributeNames"] == ["source-ref", "label"]
    assert config["CompressionType"] == "Gzip"
    assert config["ContentType"] == "text/csv"
    assert config["RecordWrapperType"] == "RecordIO"
    assert config["InputMode"] == "Pipe"
    assert config["TargetAttributeName"] == "label"
    assert config["ShuffleConfig"] == {"Seed": 3}


def test_a_target_attribute_leaves_the_distribution_out() -> None:
    source = TrainingInput("s3://b/x", target_attribute_name="y").config["DataSource"]
    assert "S3DataDistributionType" not in source["S3DataSource"]


def test_training_input_accepts_pipeline_variables() -> None:
    uri = ParameterString(name="Train", default_value="s3://b/t")
    assert TrainingInput(uri).config["DataSource"]["S3DataSource"]["S3Uri"] is uri


def test_access_configs_go_to_the_s3_data_source() -> None:
    channel = TrainingInput("s3://b/m", model_access_config={"AcceptEula": True})
    channel.add_hub_access_config({"HubContentArn": "arn:hub"})
    source = channel.config["DataSource"]["S3DataSource"]
    assert source["ModelAccessConfig"] == {"AcceptEula": True}
    assert source["HubAccessConfig"] == {"HubContentArn": "arn:hub"}


def test_file_system_input() -> None:
    config = FileSystemInput("fs-1", "EFS", "/data", content_type="text/csv").config
    assert config == {
        "DataSource": {
            "FileSystemDataSource": {
                "FileSystemId": "fs-1",
                "FileSystemType": "EFS",
                "DirectoryPath": "/data",
                "FileSystemAccessMode": "ro",
            }
        },
        "ContentType": "text/csv",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"file_system_type": "NFS"}, "unrecognised file_system_type 'NFS'; use one of FSxLustre"),
        ({"file_system_access_mode": "rx"}, "unrecognised file_system_access_mode 'rx'"),
    ],
)
def test_file_system_input_rejects_unknown_values(kwargs: dict[str, str], message: str) -> None:
    arguments = {"file_system_type": "EFS", **kwargs}
    with pytest.raises(ValueError, match=message):
        FileSystemInput("fs-1", directory_path="/d", **arguments)


def test_transform_and_create_model_inputs_keep_their_fields() -> None:
    transform = TransformInput(data="s3://b/batch", content_type="text/csv", split_type="Line")
    assert (transform.data, transform.data_type, transform.split_type) == (
        "s3://b/batch",
        "S3Prefix",
        "Line",
    )
    assert transform.join_source is None
    model = CreateModelInput(instance_type="ml.m5.large")
    assert (model.instance_type, model.accelerator_type) == ("ml.m5.large", None)


def test_batch_data_capture_config() -> None:
    assert BatchDataCaptureConfig("s3://b/capture")._to_request_dict() == {
        "DestinationS3Uri": "s3://b/capture"
    }
    full = BatchDataCaptureConfig("s3://b/c", kms_key_id="k", generate_inference_id=True)
    assert full._to_request_dict() == {
        "DestinationS3Uri": "s3://b/c",
        "KmsKeyId": "k",
        "GenerateInferenceId": True,
    }
