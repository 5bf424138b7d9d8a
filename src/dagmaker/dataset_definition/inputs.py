"""Processing inputs: S3 objects (``S3Input``) and query results (``DatasetDefinition``).

Each class maps its snake_case attributes to the request's PascalCase fields; unset
(``None``) attributes are left out of the request, as SageMaker's SDK does.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = ["AthenaDatasetDefinition", "DatasetDefinition", "RedshiftDatasetDefinition", "S3Input"]


class _RequestShape:
    """An object written to a request as a dict of its set attributes.

    ``_FIELDS`` pairs each attribute with its request field; ``_NESTED`` names the
    attributes holding another shape.
    """

    _FIELDS: ClassVar[tuple[tuple[str, str], ...]] = ()
    _NESTED: ClassVar[dict[str, type[_RequestShape]]] = {}

    @classmethod
    def to_boto(cls, obj: _RequestShape) -> dict[str, Any]:
        """The request structure of ``obj``: set attributes under their request names."""
        request: dict[str, Any] = {}
        for attribute, field in cls._FIELDS:
            value = getattr(obj, attribute)
            if value is None:
                continue
            nested = cls._NESTED.get(attribute)
            request[field] = nested.to_boto(value) if nested else value
        return request

    @classmethod
    def from_boto(cls, boto_dict: dict[str, Any] | None) -> Any:
        """Rebuild an object from its request (or Describe* response) structure."""
        if boto_dict is None:
            return None
        kwargs: dict[str, Any] = {}
        for attribute, field in cls._FIELDS:
            if field in boto_dict:
                nested = cls._NESTED.get(attribute)
                value = boto_dict[field]
                kwargs[attribute] = nested.from_boto(value) if nested else value
        return cls(**kwargs)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self).to_boto(self)!r})"


class RedshiftDatasetDefinition(_RequestShape):
    """A dataset produced by a Redshift query and unloaded to S3.

    Attributes:
        cluster_id: The Redshift cluster.
        database: The database.
        db_user: The database user.
        query_string: The SQL query.
        cluster_role_arn: The role Redshift assumes to unload to S3.
        output_s3_uri: Where the query result is unloaded.
        kms_key_id: KMS key for the unloaded data.
        output_format: ``PARQUET`` or ``CSV``.
        output_compression: ``None``, ``GZIP``, ``BZIP2``, ``ZSTD`` or ``SNAPPY``.
    """

    _FIELDS = (
        ("cluster_id", "ClusterId"),
        ("database", "Database"),
        ("db_user", "DbUser"),
        ("query_string", "QueryString"),
        ("cluster_role_arn", "ClusterRoleArn"),
        ("output_s3_uri", "OutputS3Uri"),
        ("kms_key_id", "KmsKeyId"),
        ("output_format", "OutputFormat"),
        ("output_compression", "OutputCompression"),
    )

    def __init__(
        self,
        cluster_id: Any = None,
        database: Any = None,
        db_user: Any = None,
        query_string: Any = None,
        cluster_role_arn: Any = None,
        output_s3_uri: Any = None,
        kms_key_id: Any = None,
        output_format: Any = None,
        output_compression: Any = None,
    ) -> None:
        self.cluster_id = cluster_id
        self.database = database
        self.db_user = db_user
        self.query_string = query_string
        self.cluster_role_arn = cluster_role_arn
        self.output_s3_uri = output_s3_uri
        self.kms_key_id = kms_key_id
        self.output_format = output_format
        self.output_compression = output_compression


class AthenaDatasetDefinition(_RequestShape):
    """A dataset produced by an Athena query.

    Attributes:
        catalog: The data catalog.
        database: The database.
        query_string: The SQL query.
        output_s3_uri: Where the query result is written.
        work_group: The Athena work group.
        kms_key_id: KMS key for the result.
        output_format: ``PARQUET``, ``ORC``, ``AVRO``, ``JSON`` or ``TEXTFILE``.
        output_compression: ``GZIP``, ``SNAPPY`` or ``ZLIB``.
    """

    _FIELDS = (
        ("catalog", "Catalog"),
        ("database", "Database"),
        ("query_string", "QueryString"),
        ("output_s3_uri", "OutputS3Uri"),
        ("work_group", "WorkGroup"),
        ("kms_key_id", "KmsKeyId"),
        ("output_format", "OutputFormat"),
        ("output_compression", "OutputCompression"),
    )

    def __init__(
        self,
        catalog: Any = None,
        database: Any = None,
        query_string: Any = None,
        output_s3_uri: Any = None,
        work_group: Any = None,
        kms_key_id: Any = None,
        output_format: Any = None,
        output_compression: Any = None,
    ) -> None:
        self.catalog = catalog
        self.database = database
        self.query_string = query_string
        self.output_s3_uri = output_s3_uri
        self.work_group = work_group
        self.kms_key_id = kms_key_id
        self.output_format = output_format
        self.output_compression = output_compression


class DatasetDefinition(_RequestShape):
    """A processing input produced by a query (``ProcessingInput.dataset_definition``).

    Attributes:
        data_distribution_type: ``ShardedByS3Key`` or ``FullyReplicated``.
        input_mode: ``File`` or ``Pipe``.
        local_path: Where the data appears in the container.
        redshift_dataset_definition: A Redshift query.
        athena_dataset_definition: An Athena query.
    """

    _FIELDS = (
        ("data_distribution_type", "DataDistributionType"),
        ("input_mode", "InputMode"),
        ("local_path", "LocalPath"),
        ("redshift_dataset_definition", "RedshiftDatasetDefinition"),
        ("athena_dataset_definition", "AthenaDatasetDefinition"),
    )
    _NESTED = {
        "redshift_dataset_definition": RedshiftDatasetDefinition,
        "athena_dataset_definition": AthenaDatasetDefinition,
    }

    def __init__(
        self,
        data_distribution_type: Any = "ShardedByS3Key",
        input_mode: Any = "File",
        local_path: Any = None,
        redshift_dataset_definition: RedshiftDatasetDefinition | None = None,
        athena_dataset_definition: AthenaDatasetDefinition | None = None,
    ) -> None:
        self.data_distribution_type = data_distribution_type
        self.input_mode = input_mode
        self.local_path = local_path
        self.redshift_dataset_definition = redshift_dataset_definition
        self.athena_dataset_definition = athena_dataset_definition


class S3Input(_RequestShape):
    """S3 objects made available to a processing job.

    Attributes:
        s3_uri: The S3 prefix or manifest file; a local path is uploaded when the job
            request is built.
        local_path: Where the objects appear in the container.
        s3_data_type: ``S3Prefix`` or ``ManifestFile``.
        s3_input_mode: ``File`` or ``Pipe``.
        s3_data_distribution_type: ``FullyReplicated`` or ``ShardedByS3Key``.
        s3_compression_type: ``None`` or ``Gzip``.
    """

    _FIELDS = (
        ("s3_uri", "S3Uri"),
        ("local_path", "LocalPath"),
        ("s3_data_type", "S3DataType"),
        ("s3_input_mode", "S3InputMode"),
        ("s3_data_distribution_type", "S3DataDistributionType"),
        ("s3_compression_type", "S3CompressionType"),
    )

    def __init__(
        self,
        s3_uri: Any = None,
        local_path: Any = None,
        s3_data_type: Any = "S3Prefix",
        s3_input_mode: Any = "File",
        s3_data_distribution_type: Any = "FullyReplicated",
        s3_compression_type: Any = None,
    ) -> None:
        self.s3_uri = s3_uri
        self.local_path = local_path
        self.s3_data_type = s3_data_type
        self.s3_input_mode = s3_input_mode
        self.s3_data_distribution_type = s3_data_distribution_type
        self.s3_compression_type = s3_compression_type
