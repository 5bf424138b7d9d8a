"""``dagmaker callback …`` and ``dagmaker lambda …``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli import context as cli_context
from dagmaker.cli.main import app
from tests.runners.callback_lambda_helpers import InlineRun, create_pipeline, wait_for
from tests.runners.test_callback import seed_definition

runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_cli_context() -> Iterator[None]:
    # The CLI reads settings once per process; each test has its own DAGMAKER_HOME.
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()
    yield
    cli_context.settings.cache_clear()
    cli_context.client.cache_clear()


def _receive_token(queue: str) -> str:
    def token() -> str:
        done = runner.invoke(app, ["callback", "receive", queue, "--json"])
        assert done.exit_code == 0, done.output
        messages = json.loads(done.stdout)["Messages"]
        return json.loads(messages[0]["Body"])["token"] if messages else ""

    return str(wait_for(token, what=f"a message on {queue}"))


def test_answer_a_callback_step_from_the_command_line(home: Path) -> None:
    client = connect(inline=True)
    create_pipeline(client, "cb", seed_definition())
    run = InlineRun(client, "cb")
    token = _receive_token("MyCallbackQueue")
    done = runner.invoke(
        app, ["callback", "succeed", token, "--output", "output1=etl-7", "-o", "rows=12"]
    )
    assert done.exit_code == 0, done.output
    assert run.arn in done.stdout
    assert run.finish() == "Succeeded"
    assert run.properties("MyCallbackStep") == {
        "OutputParameters": {"output1": "etl-7", "rows": 12}
    }
    again = runner.invoke(app, ["callback", "fail", token, "--reason", "late"])
    assert again.exit_code == 2
    assert "already answered (Succeeded)" in again.output


def test_fail_a_callback_step_and_read_messages_as_a_table(home: Path) -> None:
    client = connect(inline=True)
    create_pipeline(client, "cb", seed_definition())
    run = InlineRun(client, "cb")
    wait_for(lambda: run.view("MyCallbackStep").callback_token, what="the token")
    token = run.view("MyCallbackStep").callback_token
    table = runner.invoke(
        app, ["callback", "receive", "https://sqs.us-east-2.amazonaws.com/1/MyCallbackQueue"]
    )
    assert table.exit_code == 0, table.output
    assert token in table.stdout and '"arg1": "foo"' in table.stdout
    done = runner.invoke(app, ["callback", "fail", token, "--reason", "Glue job failed"])
    assert done.exit_code == 0, done.output
    assert run.finish() == "Failed"
    assert run.steps()["MyCallbackStep"]["FailureReason"] == "Glue job failed"
    empty = runner.invoke(app, ["callback", "receive", "MyCallbackQueue"])
    assert "no new messages on MyCallbackQueue" in empty.stdout


def test_callback_errors_exit_2(home: Path) -> None:
    unknown = runner.invoke(app, ["callback", "succeed", "Nope000000"])
    assert unknown.exit_code == 2
    assert "callback token 'Nope000000' does not exist" in unknown.output
    malformed = runner.invoke(app, ["callback", "succeed", "Nope000000", "--output", "novalue"])
    assert malformed.exit_code == 2
    assert "must look like Name=Value" in malformed.output


def test_lambda_create_list_invoke_delete(home: Path, tmp_path: Path) -> None:
    script = tmp_path / "split.py"
    script.write_text(
        "import os\n"
        "def handler(event, context):\n"
        "    return {'train_file': event['data_file'] + '.train', 'stage': os.environ['STAGE']}\n"
    )
    created = runner.invoke(
        app,
        ["lambda", "create", "split-dataset", "--script", str(script), "--env", "STAGE=dev"],
    )
    assert created.exit_code == 0, created.output
    assert "arn:aws:lambda:local:000000000000:function:split-dataset (split.handler)" in (
        created.stdout
    )
    listed = json.loads(runner.invoke(app, ["lambda", "list", "--json"]).stdout)
    [function] = listed["Functions"]
    assert (function["FunctionName"], function["Timeout"]) == ("split-dataset", 120)
    assert "split-dataset" in runner.invoke(app, ["lambda", "list"]).stdout
    invoked = runner.invoke(
        app, ["lambda", "invoke", "split-dataset", "--payload", '{"data_file": "s3://b/d.csv"}']
    )
    assert invoked.exit_code == 0, invoked.output
    assert json.loads(invoked.stdout) == {"train_file": "s3://b/d.csv.train", "stage": "dev"}
    failing = runner.invoke(app, ["lambda", "invoke", "split-dataset", "--payload", "{}"])
    assert failing.exit_code == 1
    assert '"errorType": "KeyError"' in failing.output
    deleted = runner.invoke(app, ["lambda", "delete", "split-dataset"])
    assert deleted.exit_code == 0, deleted.output
    missing = runner.invoke(app, ["lambda", "invoke", "split-dataset"])
    assert missing.exit_code == 2
    assert "Lambda function 'split-dataset' does not exist" in missing.output
    assert "dagmaker lambda create NAME --script f.py --handler f.handler" in missing.output


def test_lambda_create_from_a_folder_and_update(home: Path, tmp_path: Path) -> None:
    code = tmp_path / "code"
    (code / "lib").mkdir(parents=True)
    (code / "lib" / "__init__.py").write_text("")
    (code / "lib" / "maths.py").write_text("def double(x):\n    return 2 * x\n")
    (code / "app.py").write_text(
        "from lib.maths import double\ndef main(e, c):\n    return double(e['n'])\n"
    )
    no_handler = runner.invoke(app, ["lambda", "create", "calc", "--zip", str(code)])
    assert no_handler.exit_code == 2
    assert "--handler is required with --zip" in no_handler.output
    args = ["lambda", "create", "calc", "--zip", str(code), "--handler", "app.main"]
    assert runner.invoke(app, [*args, "--timeout", "5"]).exit_code == 0
    duplicate = runner.invoke(app, args)
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output
    (code / "lib" / "maths.py").write_text("def double(x):\n    return 3 * x\n")
    assert runner.invoke(app, [*args, "--update", "--timeout", "9"]).exit_code == 0
    invoked = runner.invoke(app, ["lambda", "invoke", "calc", "--payload", '{"n": 7}'])
    assert json.loads(invoked.stdout) == 21
    listed = json.loads(runner.invoke(app, ["lambda", "list", "--json"]).stdout)
    assert listed["Functions"][0]["Timeout"] == 9
