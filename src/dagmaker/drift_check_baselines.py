"""Drift-check baselines attached to a registered model package.

Model Monitor and Clarify checks compare new data and predictions against these
baselines (``CreateModelPackage.DriftCheckBaselines``). The URIs usually come from
``QualityCheckStep`` / ``ClarifyCheckStep`` properties such as
``BaselineUsedForDriftCheckStatistics``.
"""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.request_groups import check_source, put_group
from dagmaker.model_metrics import FileSource, MetricsSource

__all__ = ["DriftCheckBaselines"]


class DriftCheckBaselines:
    """Baselines for model quality, data quality, bias and explainability drift checks.

    Attributes:
        model_statistics: Model quality statistics baseline.
        model_constraints: Model quality constraints baseline.
        model_data_statistics: Data quality statistics baseline.
        model_data_constraints: Data quality constraints baseline.
        bias_config_file: The Clarify bias analysis configuration.
        bias_pre_training_constraints: Pre-training bias constraints.
        bias_post_training_constraints: Post-training bias constraints.
        explainability_constraints: Explainability constraints.
        explainability_config_file: The Clarify explainability configuration.
    """

    def __init__(
        self,
        model_statistics: MetricsSource | None = None,
        model_constraints: MetricsSource | None = None,
        model_data_statistics: MetricsSource | None = None,
        model_data_constraints: MetricsSource | None = None,
        bias_config_file: FileSource | None = None,
        bias_pre_training_constraints: MetricsSource | None = None,
        bias_post_training_constraints: MetricsSource | None = None,
        explainability_constraints: MetricsSource | None = None,
        explainability_config_file: FileSource | None = None,
    ) -> None:
        self.model_statistics = model_statistics
        self.model_constraints = model_constraints
        self.model_data_statistics = model_data_statistics
        self.model_data_constraints = model_data_constraints
        self.bias_config_file = bias_config_file
        self.bias_pre_training_constraints = bias_pre_training_constraints
        self.bias_post_training_constraints = bias_post_training_constraints
        self.explainability_constraints = explainability_constraints
        self.explainability_config_file = explainability_config_file
        for name, value in vars(self).items():
            kind = FileSource if name.endswith("config_file") else MetricsSource
            check_source(name, value, kind)

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``DriftCheckBaselines`` structure; groups with nothing set are left out."""
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
        put_group(
            request,
            "Bias",
            ConfigFile=self.bias_config_file,
            PreTrainingConstraints=self.bias_pre_training_constraints,
            PostTrainingConstraints=self.bias_post_training_constraints,
        )
        put_group(
            request,
            "Explainability",
            Constraints=self.explainability_constraints,
            ConfigFile=self.explainability_config_file,
        )
        return request
