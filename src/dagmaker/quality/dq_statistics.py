"""``statistics.json`` (data quality): written from a profile, read back as a baseline.

The document's shape and number typing follow Model Monitor's own files: counts of
present/missing values are Java longs, everything else doubles; numeric features carry
mean, sum, population standard deviation, min, max and the KLL sketch with its ten
buckets; String features their distinct count and, for low-cardinality columns, a
categorical bucket per value (most frequent first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.quality.column import ColumnAccumulator
from dagmaker.quality.dq_errors import DataQualityError
from dagmaker.quality.kll import KllSketch
from dagmaker.quality.profiler import DatasetProfile
from dagmaker.quality.value_types import NUMERIC_TYPES, STRING, UNKNOWN, reported_type

# Deequ's profiler builds value histograms only for columns with at most this many
# distinct values; Model Monitor's categorical buckets and domains follow it.
HISTOGRAM_LIMIT = 120


def statistics_document(profile: DatasetProfile) -> dict[str, Any]:
    """The statistics.json document of a profile."""
    return {
        "version": 0.0,
        "dataset": {"item_count": profile.item_count},
        "features": [feature_statistics(column) for column in profile.columns],
    }


def feature_statistics(column: ColumnAccumulator) -> dict[str, Any]:
    """One feature's entry."""
    inferred = reported_type(column.types.column_type())
    common = {"num_present": column.types.present, "num_missing": column.types.unknown}
    if inferred in NUMERIC_TYPES:
        return {
            "name": column.name,
            "inferred_type": inferred,
            "numerical_statistics": _numerical(column, common),
        }
    strings: dict[str, Any] = {"common": common, "distinct_count": distinct_count(column)}
    buckets = categorical_buckets(column)
    if buckets is not None:
        strings["distribution"] = {"categorical": {"buckets": buckets}}
    return {"name": column.name, "inferred_type": inferred, "string_statistics": strings}


def _numerical(column: ColumnAccumulator, common: dict[str, int]) -> dict[str, Any]:
    moments, sketch = column.moments, column.sketch
    buckets = [
        {"lower_bound": b.lower_bound, "upper_bound": b.upper_bound, "count": float(b.count)}
        for b in sketch.buckets()
    ]
    return {
        "common": common,
        "mean": moments.average,
        "sum": moments.sum,
        "std_dev": moments.std_dev,
        "min": moments.minimum,
        "max": moments.maximum,
        "distribution": {
            "kll": {
                "buckets": buckets,
                "sketch": {
                    "parameters": {"c": sketch.c, "k": float(sketch.k)},
                    "data": sketch.data(),
                },
            }
        },
    }


def distinct_count(column: ColumnAccumulator) -> float:
    """Distinct non-null values of a text column (0.0 for a column with none)."""
    return column.categories.distinct() if column.categories is not None else 0.0


def categorical_buckets(column: ColumnAccumulator) -> list[dict[str, Any]] | None:
    """Value/count buckets, most frequent first; None for high-cardinality columns."""
    categories = column.categories
    if categories is None or categories.counts is None:
        return None
    if not categories.counts or len(categories.counts) > HISTOGRAM_LIMIT:
        return None
    ordered = sorted(categories.counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"value": value, "count": count} for value, count in ordered]


@dataclass
class BaselineFeature:
    """What a baseline statistics file says about one feature."""

    name: str
    inferred_type: str
    num_present: int = 0
    num_missing: int = 0
    sketch: KllSketch | None = None
    categories: dict[str, int] | None = None


def read_statistics(document: Any, source: str = "statistics") -> dict[str, BaselineFeature]:
    """The features of a statistics.json document, by name.

    Accepts ``version`` 0 or 0.0 and numbers written as strings (``"NaN"``).

    Raises:
        DataQualityError: naming the field when the document is not statistics.json.
    """
    if not isinstance(document, dict) or not isinstance(document.get("features"), list):
        raise DataQualityError(
            f"{source} is not a statistics.json document: it needs a 'features' list",
            field="features",
        )
    features = {}
    for index, item in enumerate(document["features"]):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DataQualityError(
                f"{source}: features[{index}] needs a 'name'", field=f"features[{index}]"
            )
        features[item["name"]] = _baseline_feature(item, f"{source}: features[{index}]")
    return features


def _baseline_feature(item: dict[str, Any], where: str) -> BaselineFeature:
    feature = BaselineFeature(item["name"], str(item.get("inferred_type", UNKNOWN)))
    numeric = item.get("numerical_statistics")
    strings = item.get("string_statistics")
    block = numeric if isinstance(numeric, dict) else strings if isinstance(strings, dict) else {}
    common = block.get("common") or {}
    feature.num_present = int(_number(common.get("num_present", 0), where))
    feature.num_missing = int(_number(common.get("num_missing", 0), where))
    distribution = block.get("distribution") or {}
    if isinstance(numeric, dict):
        feature.sketch = _sketch(distribution.get("kll"), where)
    elif feature.inferred_type == STRING:
        buckets = (distribution.get("categorical") or {}).get("buckets")
        if isinstance(buckets, list):
            feature.categories = {
                str(b.get("value")): int(_number(b.get("count", 0), where)) for b in buckets
            }
    return feature


def _sketch(kll: Any, where: str) -> KllSketch | None:
    if not isinstance(kll, dict) or not isinstance(kll.get("sketch"), dict):
        return None
    sketch = kll["sketch"]
    parameters = sketch.get("parameters") or {}
    data = sketch.get("data")
    if not isinstance(data, list) or not all(isinstance(level, list) for level in data):
        raise DataQualityError(f"{where}: kll.sketch.data must be a list of lists")
    levels = [[_number(v, where) for v in level] for level in data]
    k = int(_number(parameters.get("k", 2048.0), where))
    c = _number(parameters.get("c", 0.64), where)
    return KllSketch.from_data(k, c, levels)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise DataQualityError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace("Infinity", "inf"))
        except ValueError:
            pass
    raise DataQualityError(f"{where}: expected a number, got {value!r}")
