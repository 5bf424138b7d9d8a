"""Clarify's data and bias settings: ``DataConfig`` and ``BiasConfig``.

Public through :mod:`dagmaker.clarify`. Each holds its part of Clarify's
``analysis_config.json``.
"""

from __future__ import annotations

import copy
from typing import Any

DATASET_TYPES = (
    "text/csv",
    "application/jsonlines",
    "application/json",
    "application/x-parquet",
    "application/x-image",
)
_TABULAR = DATASET_TYPES[:4]


def put(value: Any, key: str, target: dict[str, Any]) -> None:
    """Set ``target[key]`` when ``value`` is not ``None``."""
    if value is not None:
        target[key] = value


class DataConfig:
    """The dataset a Clarify job analyses and where its results go.

    Attributes:
        s3_data_input_path: The dataset (S3 URI, or a pipeline variable in check steps).
        s3_output_path: Where ``analysis.json`` and the report go.
        s3_analysis_config_output_path: Where the job's ``analysis_config.json`` goes
            (default: ``s3_output_path``).
        label: The label column (name or index).
        headers: Column names, the label included.
        features: JMESPath of the features (JSON Lines / JSON datasets).
        s3_data_distribution_type: Always ``FullyReplicated``.
        s3_compression_type: ``None`` or ``Gzip``.
        analysis_config: The dataset part of ``analysis_config.json``.
    """

    def __init__(
        self,
        s3_data_input_path: Any,
        s3_output_path: Any,
        s3_analysis_config_output_path: str | None = None,
        label: Any = None,
        headers: list[str] | None = None,
        features: str | None = None,
        dataset_type: str = "text/csv",
        s3_compression_type: str = "None",
        joinsource: Any = None,
        facet_dataset_uri: str | None = None,
        facet_headers: list[str] | None = None,
        predicted_label_dataset_uri: str | None = None,
        predicted_label_headers: list[str] | None = None,
        predicted_label: Any = None,
        excluded_columns: list[Any] | None = None,
    ) -> None:
        _check_dataset_type(
            dataset_type,
            predicted_label=predicted_label,
            excluded_columns=excluded_columns,
            facet_dataset_uri=facet_dataset_uri or facet_headers,
            predicted_label_dataset_uri=predicted_label_dataset_uri or predicted_label_headers,
        )
        if dataset_type == "application/json" and features is None:
            raise ValueError("features JMESPath is required for application/json dataset_type")
        self.s3_data_input_path = s3_data_input_path
        self.s3_output_path = s3_output_path
        self.s3_analysis_config_output_path = s3_analysis_config_output_path
        self.s3_data_distribution_type = "FullyReplicated"
        self.s3_compression_type = s3_compression_type
        self.label = label
        self.headers = headers
        self.features = features
        self.facet_dataset_uri = facet_dataset_uri
        self.facet_headers = facet_headers
        self.predicted_label_dataset_uri = predicted_label_dataset_uri
        self.predicted_label_headers = predicted_label_headers
        self.predicted_label = predicted_label
        self.excluded_columns = excluded_columns
        self.analysis_config: dict[str, Any] = {"dataset_type": dataset_type}
        for key, value in (
            ("features", features),
            ("headers", headers),
            ("label", label),
            ("joinsource_name_or_index", joinsource),
            ("facet_dataset_uri", facet_dataset_uri),
            ("facet_headers", facet_headers),
            ("predicted_label_dataset_uri", predicted_label_dataset_uri),
            ("predicted_label_headers", predicted_label_headers),
            ("predicted_label", predicted_label),
            ("excluded_columns", excluded_columns),
        ):
            put(value, key, self.analysis_config)

    def get_config(self) -> dict[str, Any]:
        """A copy of the dataset part of ``analysis_config.json``."""
        return copy.deepcopy(self.analysis_config)

    def __repr__(self) -> str:
        return f"DataConfig(s3_data_input_path={self.s3_data_input_path!r})"


def _check_dataset_type(dataset_type: str, **given: Any) -> None:
    if dataset_type not in DATASET_TYPES:
        raise ValueError(
            f"Invalid dataset_type {dataset_type!r}; use one of {', '.join(DATASET_TYPES)}"
        )
    tabular_only = ("predicted_label", "excluded_columns")
    csv_only = ("facet_dataset_uri", "predicted_label_dataset_uri")
    for name in tabular_only if dataset_type not in _TABULAR else ():
        if given[name]:
            raise ValueError(f"The parameter {name!r} is not supported for {dataset_type!r}")
    for name in csv_only if dataset_type != "text/csv" else ():
        if given[name]:
            raise ValueError(
                f"The parameter {name!r} (and its headers) is supported only for text/csv "
                f"datasets, not {dataset_type!r}"
            )


class BiasConfig:
    """Which label values are favourable and which facet (group) is sensitive.

    Attributes:
        analysis_config: The bias part of ``analysis_config.json``: ``label_values_or_threshold``,
            ``facet`` and ``group_variable``.
    """

    def __init__(
        self,
        label_values_or_threshold: list[Any],
        facet_name: Any,
        facet_values_or_threshold: Any = None,
        group_name: Any = None,
    ) -> None:
        if isinstance(facet_name, list):
            facets = _facets(facet_name, facet_values_or_threshold)
        else:
            facet: dict[str, Any] = {"name_or_index": facet_name}
            put(facet_values_or_threshold, "value_or_threshold", facet)
            facets = [facet]
        self.analysis_config: dict[str, Any] = {
            "label_values_or_threshold": label_values_or_threshold,
            "facet": facets,
        }
        put(group_name, "group_variable", self.analysis_config)

    def get_config(self) -> dict[str, Any]:
        """A copy of the bias part of ``analysis_config.json``."""
        return copy.deepcopy(self.analysis_config)

    def __repr__(self) -> str:
        return f"BiasConfig({self.analysis_config!r})"


def _facets(names: list[Any], values: Any) -> list[dict[str, Any]]:
    if not names:
        raise ValueError("Please provide at least one facet")
    if values is None:
        return [{"name_or_index": name} for name in names]
    if len(values) != len(names):
        raise ValueError(
            f"The number of facet names ({len(names)}) doesn't match the number of facet "
            f"values ({len(values)})"
        )
    facets = []
    for name, value in zip(names, values, strict=True):
        facet: dict[str, Any] = {"name_or_index": name}
        put(value, "value_or_threshold", facet)
        facets.append(facet)
    return facets
