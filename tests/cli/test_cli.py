"""The command line: run, list/describe with --json, validate, s3, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dagmaker.cli.main import app
from tests.api.test_client import CONDITION_PIPELINE

runner = CliRunner()


def _write(tmp_path: Path, document: dict, name: str = "cond.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def test_run_json_definition_exit_codes(home: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, CONDITION_PIPELINE)
    ok = runner.invoke(app, ["run", str(path), "-p", "Strict=true", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["PipelineExecutionStatus"] == "Succeeded"
    failed = runner.invoke(app, ["run", str(path), "-p", "Threshold=9", "--quiet"])
    assert failed.exit_code == 1
    assert "threshold 9.0 in dev" in failed.stdout
    bad = runner.invoke(app, ["run", str(path), "-p", "Threshold=nine"])
    assert bad.exit_code == 2
    assert "expected a Float" in bad.output


def test_list_and_describe_print_the_api_documents(home: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, CONDITION_PIPELINE)
    runner.invoke(app, ["run", str(path), "--quiet"])
    listed = json.loads(runner.invoke(app, ["executions", "list", "--json"]).stdout)
    arn = listed["PipelineExecutionSummaries"][0]["PipelineExecutionArn"]
    short = arn.rsplit("/", 1)[-1]
    described = json.loads(runner.invoke(app, ["executions", "describe", short, "--json"]).stdout)
    assert described["PipelineExecutionArn"] == arn
    steps = json.loads(runner.invoke(app, ["executions", "steps", arn, "--json"]).stdout)
    assert {s["StepName"] for s in steps["PipelineExecutionSteps"]} == {"Check", "TooHigh"}
    pipelines = json.loads(runner.invoke(app, ["pipelines", "list", "--json"]).stdout)
    assert [p["PipelineName"] for p in pipelines["PipelineSummaries"]] == ["cond"]
    human = runner.invoke(app, ["executions", "steps", short])
    assert "TooHigh" in human.stdout and "Failed" in human.stdout


def test_validate_reports_every_problem(home: Path, tmp_path: Path) -> None:
    broken = json.loads(json.dumps(CONDITION_PIPELINE))
    broken["Steps"].append(
        {
            "Name": "Check",
            "Type": "Condition",
            "DependsOn": ["Ghost"],
            "Arguments": {"Conditions": []},
        }
    )
    broken["Steps"][0]["Arguments"]["Conditions"][0]["Conditions"][0]["LeftValue"] = {
        "Get": "Parameters.Missing"
    }
    result = runner.invoke(app, ["definition", "validate", str(_write(tmp_path, broken)), "--json"])
    assert result.exit_code == 2
    issues = json.loads(result.stdout)["Issues"]
    messages = " | ".join(i["Message"] for i in issues)
    assert "duplicate step name" in messages
    assert "parameter 'Missing' is not declared" in messages
    ok = runner.invoke(app, ["definition", "validate", str(_write(tmp_path, CONDITION_PIPELINE))])
    assert ok.exit_code == 0 and "valid (2 steps, 3 parameters)" in ok.stdout


def test_s3_commands_round_trip(home: Path, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_text("1,2\n")
    (tmp_path / "data" / "sub").mkdir()
    (tmp_path / "data" / "sub" / "b.csv").write_text("3,4\n")
    up = runner.invoke(app, ["s3", "cp", str(tmp_path / "data"), "s3://bkt/in", "--recursive"])
    assert up.exit_code == 0, up.output
    listed = runner.invoke(app, ["s3", "ls", "s3://bkt/in/", "--recursive"]).stdout.split()
    assert listed == ["s3://bkt/in/a.csv", "s3://bkt/in/sub/b.csv"]
    top = runner.invoke(app, ["s3", "ls", "s3://bkt/in"]).stdout.split()
    assert top == ["s3://bkt/in/a.csv", "s3://bkt/in/sub/"]
    assert runner.invoke(app, ["s3", "cat", "s3://bkt/in/sub/b.csv"]).stdout == "3,4\n"
    down = runner.invoke(app, ["s3", "cp", "s3://bkt/in", str(tmp_path / "out"), "--recursive"])
    assert down.exit_code == 0
    assert (tmp_path / "out" / "sub" / "b.csv").read_text() == "3,4\n"
    escape = runner.invoke(app, ["s3", "cat", "s3://bkt/../etc/passwd"])
    assert escape.exit_code == 2 and "S3Uri" in escape.output
    assert runner.invoke(app, ["s3", "rm", "s3://bkt/in", "--recursive"]).exit_code == 0
    assert runner.invoke(app, ["s3", "ls", "s3://bkt/", "--recursive"]).stdout == ""


def test_module_entry_point_reports_missing_file_with_exit_2(home: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dagmaker", "run", str(tmp_path / "nope.py")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Invalid request" in done.stderr and "no such file" in done.stderr
