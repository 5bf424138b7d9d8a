"""Processing-job inputs from S3 objects or from Athena and Redshift queries."""

from __future__ import annotations

from dagmaker.dataset_definition.inputs import (
    AthenaDatasetDefinition,
    DatasetDefinition,
    RedshiftDatasetDefinition,
    S3Input,
)

__all__ = ["AthenaDatasetDefinition", "DatasetDefinition", "RedshiftDatasetDefinition", "S3Input"]
