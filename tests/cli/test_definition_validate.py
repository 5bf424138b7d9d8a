"""``dagmaker definition validate`` on unreadable and invalid files: exit 2, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagmaker.cli.main import app
from dagmaker.definition import json_text

runner = CliRunner()
GOOD = {"Version": "2020-12-01", "Metadata": {}, "Parameters": [], "Steps": []}
BAD_FILES = {
    "latin1.json": '{"Version": "caf\xe9"}'.encode("latin-1"),
    "utf16.json": json.dumps(GOOD).encode("utf-16"),
    "list.json": b"[]",
    "null.json": b"null",
    "deep.json": b"[" * 5000 + b"]" * 5000,
    "nan.json": b'{"Version": NaN, "Steps": []}',
    "huge-number.json": b'{"Steps": [], "X": 1e999}',
    "broken.json": b'{"Version": ',
    "conditions-null.json": json.dumps(
        {**GOOD, "Steps": [{"Name": "C", "Type": "Condition", "Arguments": {"Conditions": None}}]}
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_exit_2_with_located_issues(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    result = runner.invoke(app, ["definition", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Invalid pipeline definition" in result.output
    as_json = runner.invoke(app, ["definition", "validate", str(path), "--json"])
    assert as_json.exit_code == 2
    report = json.loads(as_json.stdout)
    assert report["Valid"] is False
    assert all(issue["Step"] or issue["Path"] for issue in report["Issues"])


def test_a_file_far_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(4 * json_text.MAX_CHARS + 1)
    result = runner.invoke(app, ["definition", "validate", str(path), "--json"])
    assert result.exit_code == 2
    [issue] = json.loads(result.stdout)["Issues"]
    assert "SageMaker accepts at most 1,048,576 characters" in issue["Message"]


def test_a_valid_file_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(GOOD))
    result = runner.invoke(app, ["definition", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid (0 steps, 0 parameters)" in result.stdout
