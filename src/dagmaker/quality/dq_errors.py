"""The error data-quality code raises for input it cannot use."""

from __future__ import annotations

from dagmaker.errors import DagmakerError


class DataQualityError(DagmakerError):
    """A dataset, statistics file or constraints file that cannot be analysed as given."""

    headline = "Cannot analyse the data"
