"""Profiles of awkward data: mixed types, nulls, booleans, formats, bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dagmaker.quality import csv_source
from dagmaker.quality.dq_analysis import BaselineResult, DatasetFormat, open_dataset, run_baseline
from dagmaker.quality.dq_errors import DataQualityError
from tests.quality.dq_helpers import baseline_csv, write_csv


def _features(result: BaselineResult) -> dict[str, Any]:
    return {f["name"]: f for f in result.statistics["features"]}


def test_a_column_that_turns_to_text_late_is_counted_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_source, "BLOCK_BYTES", 64)  # many small blocks
    rows = [[str(i % 3), str(i)] for i in range(200)] + [["n/a", "1"]]
    stats = _features(baseline_csv(write_csv(tmp_path / "d.csv", ["mixed", "n"], rows)))
    mixed = stats["mixed"]
    assert mixed["inferred_type"] == "String"
    strings = mixed["string_statistics"]
    assert strings["distinct_count"] == 4.0
    assert strings["distribution"]["categorical"]["buckets"] == [
        {"value": "0", "count": 67},
        {"value": "1", "count": 67},
        {"value": "2", "count": 66},
        {"value": "n/a", "count": 1},
    ]
    assert stats["n"]["numerical_statistics"]["common"]["num_present"] == 201


def test_nulls_booleans_and_empty_columns(tmp_path: Path) -> None:
    rows = [[None if i % 5 == 0 else i, "true" if i % 2 else "false", None] for i in range(20)]
    result = baseline_csv(write_csv(tmp_path / "d.csv", ["x", "flag", "nothing"], rows))
    stats = _features(result)
    assert stats["x"]["numerical_statistics"]["common"] == {"num_present": 16, "num_missing": 4}
    assert stats["flag"]["inferred_type"] == "String"
    assert stats["flag"]["string_statistics"]["distinct_count"] == 2.0
    assert stats["nothing"] == {
        "name": "nothing",
        "inferred_type": "Unknown",
        "string_statistics": {
            "common": {"num_present": 0, "num_missing": 20},
            "distinct_count": 0.0,
        },
    }
    completeness = {f["name"]: f["completeness"] for f in result.constraints["features"]}
    assert completeness == {"x": 0.8, "flag": 1.0, "nothing": 0.0}


def test_quoted_fields_with_line_breaks_and_a_bom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_source, "BLOCK_BYTES", 32)
    lines = [f"{i},plain" for i in range(30)] + ['30,"two\nlines"', '31,""', "32,"]
    path = tmp_path / "d.csv"
    path.write_bytes(b"\xef\xbb\xbfid,text\n" + "\n".join(lines).encode() + b"\n")
    stats = _features(baseline_csv(path))
    assert list(stats) == ["id", "text"]
    assert stats["id"]["numerical_statistics"]["max"] == 32.0
    text = stats["text"]["string_statistics"]
    assert text["common"] == {"num_present": 32, "num_missing": 1}  # "" is a value, empty is null
    values = {b["value"] for b in text["distribution"]["categorical"]["buckets"]}
    assert values == {"plain", "two\nlines", ""}


def test_headerless_files_get_spark_names_and_several_files_are_one_dataset(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    write_csv(folder / "a.csv", None, [[1, "x"], [2, "y"]])
    write_csv(folder / "b.csv", None, [[3, "x"]])
    result = run_baseline(open_dataset(folder, DatasetFormat("csv", header=False)))
    assert result.statistics["dataset"]["item_count"] == 3
    assert [f["name"] for f in result.statistics["features"]] == ["_c0", "_c1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no rows to analyse"),
        (b"a,b\n", "no rows to analyse"),
        (b"a,b\n1,2\n3\n", "is not a CSV file dagmaker can read"),
        (b"a,b\n1,caf\xe9\n", "is not UTF-8 text"),
    ],
)
def test_bad_csv_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(DataQualityError, match=message):
        baseline_csv(path)


def test_header_names_are_made_unique_as_spark_does(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "d.csv", ["a", "", "A", "007", '"x,y"'], [[1, 2, 3, 4, 5]])
    names = [f["name"] for f in baseline_csv(data).statistics["features"]]
    assert names == ["a0", "_c1", "A2", "007", "x,y"]


def test_missing_data_location(tmp_path: Path) -> None:
    with pytest.raises(DataQualityError, match="no such file or directory"):
        open_dataset(tmp_path / "nowhere", DatasetFormat())
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataQualityError, match="holds no data files"):
        open_dataset(tmp_path / "empty", DatasetFormat())


def test_json_lines(tmp_path: Path) -> None:
    rows = [
        {"a": 1, "b": 1.5, "c": "x", "d": True},
        {"a": 2, "b": 2, "c": 3, "e": {"k": 1}},
        {"a": None, "b": 3.25, "c": "y"},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    result = run_baseline(open_dataset(path, DatasetFormat("json")))
    stats = _features(result)
    assert stats["a"]["inferred_type"] == "Integral"
    assert stats["a"]["numerical_statistics"]["common"] == {"num_present": 2, "num_missing": 1}
    assert stats["b"]["inferred_type"] == "Fractional"
    assert stats["b"]["numerical_statistics"]["sum"] == 6.75
    assert stats["c"]["inferred_type"] == "String"
    assert stats["d"]["inferred_type"] == "String"
    assert stats["e"]["string_statistics"]["distribution"]["categorical"]["buckets"] == [
        {"value": '{"k":1}', "count": 1}
    ]


def test_one_json_document(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps([{"a": 1}, {"a": 2}]))
    result = run_baseline(open_dataset(path, DatasetFormat("json", lines=False)))
    assert result.statistics["dataset"]["item_count"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json}\n", "line 1: not valid JSON"), ("[1, 2]\n", "a row must be a JSON object")],
)
def test_bad_json(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(text)
    with pytest.raises(DataQualityError, match=message):
        run_baseline(open_dataset(path, DatasetFormat("json")))


def test_parquet_keeps_its_types(tmp_path: Path) -> None:
    table = pa.table(
        {
            "i": pa.array([1, 2, None], type=pa.int32()),
            "f": pa.array([1.0, 2.0, 3.0]),
            "s": pa.array(["a", None, "b"]),
            "b": pa.array([True, False, True]),
            "t": pa.array([0, 1, 2], type=pa.timestamp("s")),
        }
    )
    pq.write_table(table, tmp_path / "d.parquet")
    stats = _features(run_baseline(open_dataset(tmp_path / "d.parquet", DatasetFormat("parquet"))))
    assert [stats[n]["inferred_type"] for n in "ifsbt"] == [
        "Integral",
        "Fractional",
        "String",
        "String",
        "String",
    ]


def test_nested_parquet_values_are_refused_with_the_column_name(tmp_path: Path) -> None:
    pq.write_table(pa.table({"nested": pa.array([[1], [2]])}), tmp_path / "d.parquet")
    with pytest.raises(DataQualityError, match="column 'nested' holds values of type list"):
        run_baseline(open_dataset(tmp_path / "d.parquet", DatasetFormat("parquet")))


def test_high_cardinality_strings_have_no_buckets(tmp_path: Path) -> None:
    rows = [[f"id-{i}"] for i in range(500)]
    result = baseline_csv(write_csv(tmp_path / "d.csv", ["id"], rows))
    strings = result.statistics["features"][0]["string_statistics"]
    assert strings["distinct_count"] == 500.0
    assert "distribution" not in strings
    assert "string_constraints" not in result.constraints["features"][0]


def test_mostly_unique_values_get_no_domain(tmp_path: Path) -> None:
    rows = [[v] for v in ["a"] * 10 + ["b", "c"]]
    result = baseline_csv(write_csv(tmp_path / "d.csv", ["v"], rows))
    assert "string_constraints" not in result.constraints["features"][0]


def test_profile_of_many_rows_is_consistent(tmp_path: Path) -> None:
    rng = np.random.default_rng(8)
    values = rng.normal(size=50_000).round(4)
    rows = [[f"{v:.4f}"] for v in values]
    stats = baseline_csv(write_csv(tmp_path / "d.csv", ["v"], rows)).statistics
    numbers = stats["features"][0]["numerical_statistics"]
    assert numbers["common"]["num_present"] == 50_000
    assert numbers["min"] == values.min() and numbers["max"] == values.max()
    assert abs(numbers["mean"] - values.mean()) < 1e-12
    kll = numbers["distribution"]["kll"]
    assert sum(b["count"] for b in kll["buckets"]) == 50_000.0
    assert len(kll["sketch"]["data"]) > 1


def test_json_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b'{"a": "caf\xe9"}\n')
    with pytest.raises(DataQualityError, match="is not UTF-8 text"):
        run_baseline(open_dataset(path, DatasetFormat("json")))


def test_unknown_format(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", ["a"], [[1]])
    with pytest.raises(DataQualityError, match="unknown dataset format 'xml'"):
        open_dataset(path, DatasetFormat("xml"))


def test_profiling_a_csv_file_does_not_load_pandas(tmp_path: Path) -> None:
    # pyarrow's to_numpy and its conversions from Python objects import pandas when it is
    # installed (a quarter of a second); the CSV path avoids them.
    data = write_csv(tmp_path / "d.csv", ["x", "c"], [[i * 0.5, f"v{i % 3}"] for i in range(50)])
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from dagmaker.quality.dq_analysis import DatasetFormat, open_dataset, run_baseline\n"
        f"run_baseline(open_dataset(Path({str(data)!r}), DatasetFormat())).files()\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
