"""Model metrics attached to a registered model package (``CreateModelPackage.ModelMetrics``).

Each report is an S3 object (a ``MetricsSource``): model quality statistics and
constraints, data quality statistics and constraints, bias and explainability reports.
URIs may be pipeline variables, e.g. the output of an evaluation step.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.request_groups import check_source, group, put_group

__all__ = ["FileSource", "MetricsSource", "ModelMetrics"]


class MetricsSource:
    """A metrics report stored in S3.

    Attributes:
        content_type: The report's MIME type, e.g. ``application/json``.
        s3_uri: Where the report is.
        content_digest: Optional digest of the report.
    """

    def __init__(self, content_type: Any, s3_uri: Any, content_digest: Any = None) -> None:
        _require("MetricsSource", "content_type", content_type)
        _require("MetricsSource", "s3_uri", s3_uri)
        self.content_type = content_type
        self.s3_uri = s3_uri
        self.content_digest = content_digest

    def _to_request_dict(self) -> dict[str, Any]:
        """``{"ContentType", "S3Uri", "ContentDigest"?}``."""
        request: dict[str, Any] = {"ContentType": self.content_type, "S3Uri": self.s3_uri}
        if self.content_digest is not None:
            request["ContentDigest"] = self.content_digest
        return request

    def __repr__(self) -> str:
        return f"MetricsSource(content_type={self.content_type!r}, s3_uri={self.s3_uri!r})"


class FileSource:
    """A file stored in S3, such as a Clarify analysis configuration.

    Attributes:
        s3_uri: Where the file is.
        content_digest: Optional digest of the file.
        content_type: Optional MIME type.
    """

    def __init__(self, s3_uri: Any, content_digest: Any = None, content_type: Any = None) -> None:
        _require("FileSource", "s3_uri", s3_uri)
        self.s3_uri = s3_uri
        self.content_digest = content_digest
        self.content_type = content_type

    def _to_request_dict(self) -> dict[str, Any]:
        """``{"S3Uri", "ContentDigest"?, "ContentType"?}``."""
        request: dict[str, Any] = {"S3Uri": self.s3_uri}
        if self.content_digest is not None:
            request["ContentDigest"] = self.content_digest
        if self.content_type is not None:
            request["ContentType"] = self.content_type
        return request

    def __repr__(self) -> str:
        return f"FileSource(s3_uri={self.s3_uri!r})"


def _require(owner: str, field: str, value: Any) -> None:
    if value is None or (isinstance(value, str) and not value):
        raise ValueError(f"{owner}: {field} is required")


class ModelMetrics:
    """The metrics of a model version, as the model registry stores them.

    Attributes:
        model_statistics: Model quality statistics.
        model_constraints: Model quality constraints.
        model_data_statistics: Data quality statistics.
        model_data_constraints: Data quality constraints.
        bias: A bias report.
        explainability: An explainability report.
        bias_pre_training: A pre-training bias report.
        bias_post_training: A post-training bias report.
    """

    def __init__(
        self,
        model_statistics: MetricsSource | None = None,
        model_constraints: MetricsSource | None = None,
        model_data_statistics: MetricsSource | None = None,
        model_data_constraints: MetricsSource | None = None,
        bias: MetricsSource | None = None,
        explainability: MetricsSource | None = None,
        bias_pre_training: MetricsSource | None = None,
        bias_post_training: MetricsSource | None = None,
    ) -> None:
        self.model_statistics = model_statistics
        self.model_constraints = model_constraints
        self.model_data_statistics = model_data_statistics
        self.model_data_constraints = model_data_constraints
        self.bias = bias
        self.bias_pre_training = bias_pre_training
        self.bias_post_training = bias_post_training
        self.explainability = explainability
        for name, value in vars(self).items():
            check_source(name, value, MetricsSource)

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``ModelMetrics`` structure; ``Bias`` and ``Explainability`` are always present.

        SageMaker's SDK writes both even when empty, and definitions written by it carry
        them, so this does too.
        """
        request: dict[str, Any] = {}
        put_group(
            request,
            "ModelQuality",
            Statistics=self.model_statistics,
            Constraints=self.model_constraints,
        )
        put_group(
            request,
            "ModelDataQuality",
            Statistics=self.model_data_statistics,
            Constraints=self.model_data_constraints,
        )
        request["Bias"] = group(
            Report=self.bias,
            PreTrainingReport=self.bias_pre_training,
            PostTrainingReport=self.bias_post_training,
        )
        request["Explainability"] = group(Report=self.explainability)
        return request
