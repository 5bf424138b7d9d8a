"""Dataset formats: how a baseline dataset (or a batch transform capture) is laid out.

``DatasetFormat`` feeds the analyzer's ``dataset_format`` environment variable of
baselining jobs and check steps; ``MonitoringDatasetFormat`` is the API shape a
``BatchTransformInput`` of a monitoring schedule carries.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DatasetFormat", "MonitoringDatasetFormat"]


class DatasetFormat:
    """The format of a dataset the Model Monitor analyzer reads."""

    @staticmethod
    def csv(header: Any = True, output_columns_position: str = "START") -> dict[str, Any]:
        """CSV, with or without a header row.

        Args:
            header: Whether the first row names the columns (without one, columns are
                named ``_c0``, ``_c1``, …).
            output_columns_position: ``START`` (model outputs are the first columns) or
                ``END``.
        """
        return {"csv": {"header": header, "output_columns_position": output_columns_position}}

    @staticmethod
    def json(lines: Any = True) -> dict[str, Any]:
        """JSON, one object per line when ``lines`` is true."""
        return {"json": {"lines": lines}}

    @staticmethod
    def sagemaker_capture_json() -> dict[str, Any]:
        """The JSON Lines files an endpoint's data capture writes."""
        return {"sagemakerCaptureJson": {}}


class MonitoringDatasetFormat:
    """The format of captured batch transform data, as a monitoring schedule takes it."""

    @staticmethod
    def csv(header: Any = True) -> dict[str, Any]:
        """CSV, with or without a header row."""
        return {"Csv": {"Header": header}}

    @staticmethod
    def json(lines: Any = True) -> dict[str, Any]:
        """JSON, one object per line when ``lines`` is true."""
        return {"Json": {"Line": lines}}

    @staticmethod
    def parquet() -> dict[str, Any]:
        """Parquet."""
        return {"Parquet": {}}
