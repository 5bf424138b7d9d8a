"""Exit codes: 0 succeeded, 1 the execution or job failed, 2 bad input, 3 internal error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagmaker.cli import context
from dagmaker.cli.errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK
from dagmaker.cli.main import app
from tests.api.test_client import CONDITION_PIPELINE

runner = CliRunner()


def test_a_succeeded_and_a_failed_execution(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "cond.json"
    path.write_text(json.dumps(CONDITION_PIPELINE))
    ok = runner.invoke(app, ["run", str(path), "-p", "Strict=true", "--quiet"])
    assert ok.exit_code == EXIT_OK, ok.output
    failed = runner.invoke(app, ["run", str(path), "-p", "Threshold=9", "--quiet"])
    assert failed.exit_code == EXIT_FAILED


@pytest.mark.parametrize(
    "argv",
    [
        ["executions", "describe", "nosuch"],
        ["run", "/nonexistent/pipeline.json"],
        ["definition", "validate", "/nonexistent.json"],
    ],
)
def test_bad_input_exits_2(home: Path, argv: list[str]) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "Traceback" not in result.output


def test_a_dagmaker_bug_exits_3_without_a_traceback(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = context.client()

    def broken(**_: object) -> dict[str, object]:
        raise RuntimeError("the list broke")

    monkeypatch.setattr(client, "list_pipelines", broken)
    result = runner.invoke(app, ["pipelines", "list"])
    assert result.exit_code == EXIT_INTERNAL
    assert "Internal error" in result.output and "the list broke" in result.output
    assert "Traceback" not in result.output
    shown = runner.invoke(app, ["--debug", "pipelines", "list"])
    assert shown.exit_code == EXIT_INTERNAL and "Traceback" in shown.output


def test_the_installed_command_uses_the_same_codes(home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dagmaker.cli", "executions", "describe", "nosuch"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert "does not exist" in done.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["jobs", "list", "--kind", "Bogus"], "Kind must be one of"),
        (["models", "list", "--status", "Bogus"], "'Bogus' is not one of Approved, Rejected"),
        (["models", "list", "--group", ""], "ArnOrName allows 1 to 170 characters"),
        (["images", "map", "img", "--to", "python:/nonexistent"], "not an executable Python"),
        (["models", "latest", "nosuch"], "does not exist"),
        (["lambda", "create", "fn", "--script", "f.py", "--handler", "nodot"], "module.function"),
    ],
)
def test_unknown_values_and_impossible_options_exit_2(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.py").write_text("def handler(event, context):\n    return {}\n")
    result = runner.invoke(app, argv)
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert said in result.output
