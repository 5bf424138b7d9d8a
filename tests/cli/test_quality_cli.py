"""``dagmaker quality baseline|check`` on local files and s3:// URIs, with exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli.main import app

FIXTURES = Path(__file__).parents[1] / "quality" / "dq_fixtures"
DATA = str(FIXTURES / "dq_baseline_dataset.csv")


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_baseline_writes_the_containers_files(home: Path, tmp_path: Path) -> None:
    code, output = _invoke("quality", "baseline", DATA, "--no-header", "--output", str(tmp_path))
    assert code == 0, output
    assert "Statistics of 100 rows" in output
    assert "wrote statistics.json, constraints.json" in output
    for name in ("statistics.json", "constraints.json"):
        assert (tmp_path / name).read_text() == (FIXTURES / f"dq_{name}").read_text()


def test_baseline_json_output(home: Path) -> None:
    code, output = _invoke("quality", "baseline", DATA, "--no-header", "--json")
    assert code == 0, output
    documents = json.loads(output)
    assert documents["statistics.json"] == json.loads((FIXTURES / "dq_statistics.json").read_text())
    assert documents["constraints.json"]["monitoring_config"]["datatype_check_threshold"] == 1.0


def test_check_exit_codes(home: Path, tmp_path: Path) -> None:
    statistics = str(FIXTURES / "dq_statistics.json")
    good = str(FIXTURES / "dq_constraints.json")
    bad = str(FIXTURES / "dq_bad_constraints.json")
    code, output = _invoke(
        "quality", "check", DATA, "--no-header", "--statistics", statistics, "--constraints", good
    )
    assert (code, "No violations." in output) == (0, True)
    code, output = _invoke(
        "quality",
        "check",
        DATA,
        "--no-header",
        "--statistics",
        statistics,
        "--constraints",
        bad,
        "--output",
        str(tmp_path),
    )
    assert code == 1
    assert "data_type_check" in output
    violations = json.loads((tmp_path / "constraint_violations.json").read_text())["violations"]
    assert [v["feature_name"] for v in violations] == ["_c5"]

    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, output = _invoke(
        "quality", "check", DATA, "--statistics", statistics, "--constraints", str(broken)
    )
    assert code == 2
    assert "is not JSON" in output
    code, output = _invoke(
        "quality",
        "check",
        str(tmp_path / "none.csv"),
        "--statistics",
        statistics,
        "--constraints",
        good,
    )
    assert code == 2
    assert "no such file or directory" in output


def test_s3_data_and_output(home: Path) -> None:
    store = connect().services.artifacts
    store.write_bytes("s3://dq-bucket/data/part-1.csv", b"a,b\n1,x\n2,y\n")
    store.write_bytes("s3://dq-bucket/data/part-2.csv", b"a,b\n3,x\n")
    code, output = _invoke(
        "quality", "baseline", "s3://dq-bucket/data", "--output", "s3://dq-bucket/baseline"
    )
    assert code == 0, output
    statistics = json.loads(store.read_bytes("s3://dq-bucket/baseline/statistics.json"))
    assert statistics["dataset"]["item_count"] == 3
    code, output = _invoke(
        "quality",
        "check",
        "s3://dq-bucket/data/part-1.csv",
        "--statistics",
        "s3://dq-bucket/baseline/statistics.json",
        "--constraints",
        "s3://dq-bucket/baseline/constraints.json",
    )
    assert code == 0, output
    code, output = _invoke("quality", "baseline", "s3://dq-bucket/nothing-here")
    assert code == 2
    assert "no objects at s3://dq-bucket/nothing-here" in output
