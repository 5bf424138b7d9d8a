"""Overrides of the monitoring configuration the analyzer suggests for data quality."""

from __future__ import annotations

from typing import Any

__all__ = ["DataQualityDistributionConstraints", "DataQualityMonitoringConfig"]

CHI_SQUARED_METHOD = "ChiSquared"
L_INFINITY_METHOD = "LInfinity"


class DataQualityDistributionConstraints:
    """How categorical distributions are compared with the baseline.

    Attributes:
        categorical_drift_method: ``LInfinity`` or ``ChiSquared`` (``None``: the analyzer's
            choice).
    """

    def __init__(self, categorical_drift_method: str | None = None) -> None:
        self.categorical_drift_method = categorical_drift_method

    @staticmethod
    def valid_distribution_constraints(distribution_constraints: Any) -> bool:
        """Whether ``distribution_constraints`` is absent or names a known method."""
        if not distribution_constraints:
            return True
        return DataQualityDistributionConstraints.valid_categorical_drift_method(
            distribution_constraints.categorical_drift_method
        )

    @staticmethod
    def valid_categorical_drift_method(categorical_drift_method: Any) -> bool:
        """Whether the method is absent, ``ChiSquared`` or ``LInfinity``."""
        if not categorical_drift_method:
            return True
        return categorical_drift_method in (CHI_SQUARED_METHOD, L_INFINITY_METHOD)


class DataQualityMonitoringConfig:
    """The part of ``monitoring_config`` a baselining job may override.

    Attributes:
        distribution_constraints: The distribution comparison settings.
    """

    def __init__(
        self, distribution_constraints: DataQualityDistributionConstraints | None = None
    ) -> None:
        self.distribution_constraints = distribution_constraints

    @staticmethod
    def valid_monitoring_config(monitoring_config: Any) -> bool:
        """Whether ``monitoring_config`` is absent or valid."""
        if not monitoring_config:
            return True
        return DataQualityDistributionConstraints.valid_distribution_constraints(
            monitoring_config.distribution_constraints
        )
