"""S3Input and DatasetDefinition map to request fields and back."""

from __future__ import annotations

from dagmaker.dataset_definition import (
    AthenaDatasetDefinition,
    DatasetDefinition,
    RedshiftDatasetDefinition,
    S3Input,
)


def test_s3_input_leaves_unset_fields_out() -> None:
    assert S3Input.to_boto(S3Input(s3_uri="s3://b/x", local_path="/opt/ml/processing/x")) == {
        "S3Uri": "s3://b/x",
        "LocalPath": "/opt/ml/processing/x",
        "S3DataType": "S3Prefix",
        "S3InputMode": "File",
        "S3DataDistributionType": "FullyReplicated",
    }


def test_dataset_definition_nests_its_query() -> None:
    definition = DatasetDefinition(
        local_path="/opt/ml/processing/q",
        athena_dataset_definition=AthenaDatasetDefinition(
            catalog="c", database="d", query_string="SELECT 1", output_s3_uri="s3://b/q"
        ),
    )
    assert DatasetDefinition.to_boto(definition) == {
        "DataDistributionType": "ShardedByS3Key",
        "InputMode": "File",
        "LocalPath": "/opt/ml/processing/q",
        "AthenaDatasetDefinition": {
            "Catalog": "c",
            "Database": "d",
            "QueryString": "SELECT 1",
            "OutputS3Uri": "s3://b/q",
        },
    }


def test_round_trip_through_the_request_shape() -> None:
    definition = DatasetDefinition(
        redshift_dataset_definition=RedshiftDatasetDefinition(
            cluster_id="c1", database="dev", db_user="u", query_string="SELECT 2"
        )
    )
    again = DatasetDefinition.from_boto(DatasetDefinition.to_boto(definition))
    assert again == definition
    assert again.redshift_dataset_definition.db_user == "u"
    assert DatasetDefinition.from_boto(None) is None


def test_repr_shows_the_request() -> None:
    assert "S3Uri" in repr(S3Input(s3_uri="s3://b/x"))
