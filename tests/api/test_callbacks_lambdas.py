"""The callback calls of the SageMaker client, and the boto3-named local Lambda client."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path

import pytest

from dagmaker.api import connect, connect_lambda, connect_s3
from dagmaker.errors import Conflict, InvalidRequest, NotFound
from tests.runners.callback_lambda_helpers import create_function, package, wait_for

QUEUE = "https://sqs.us-east-2.amazonaws.com/012345678901/MyCallbackQueue"


def _issue(token: str, body_arg: str = "foo") -> None:
    """A token as a Callback step issues it (with its message on the queue)."""
    connect().services.callbacks.open(
        token, "arn:exec", "MyCallbackStep", QUEUE, {"token": token, "arguments": {"a": body_arg}}
    )


def test_answer_errors_are_clear(home: Path) -> None:
    client = connect()
    with pytest.raises(NotFound) as missing:
        client.send_pipeline_execution_step_success(CallbackToken="nope123456")
    assert str(missing.value).startswith("callback token 'nope123456' does not exist")
    assert missing.value.code == "ResourceNotFound"
    _issue("Tok0000001")
    with pytest.raises(InvalidRequest, match="is given twice"):
        client.send_pipeline_execution_step_success(
            CallbackToken="Tok0000001",
            OutputParameters=[{"Name": "x", "Value": "1"}, {"Name": "x", "Value": "2"}],
        )
    with pytest.raises(InvalidRequest, match="needs a Value"):
        client.send_pipeline_execution_step_success(
            CallbackToken="Tok0000001", OutputParameters=[{"Name": "x"}]
        )
    answered = client.send_pipeline_execution_step_failure(
        CallbackToken="Tok0000001", FailureReason="no"
    )
    assert answered == {"PipelineExecutionArn": "arn:exec"}
    with pytest.raises(Conflict) as twice:
        client.send_pipeline_execution_step_success(CallbackToken="Tok0000001")
    assert "callback token 'Tok0000001' was already answered (Failed)" in str(twice.value)
    assert twice.value.code == "ConflictException"


def test_receive_hands_each_message_out_once_in_sqs_shape(home: Path) -> None:
    client = connect()
    for i in range(3):
        _issue(f"Tok000000{i}", f"v{i}")
    first = client.receive_callback_messages(QueueUrl="MyCallbackQueue", MaxNumberOfMessages=2)
    bodies = [json.loads(m["Body"]) for m in first["Messages"]]
    assert [b["token"] for b in bodies] == ["Tok0000000", "Tok0000001"]
    message = first["Messages"][0]
    assert message["MD5OfBody"] == hashlib.md5(message["Body"].encode()).hexdigest()
    assert int(message["Attributes"]["SentTimestamp"]) <= time.time() * 1000
    assert message["ReceiptHandle"]
    rest = client.receive_callback_messages(QueueUrl=QUEUE)["Messages"]
    assert [json.loads(m["Body"])["token"] for m in rest] == ["Tok0000002"]
    assert client.receive_callback_messages(QueueUrl=QUEUE)["Messages"] == []
    assert client.receive_callback_messages(QueueUrl="OtherQueue")["Messages"] == []
    with pytest.raises(InvalidRequest, match="from 1 to 10"):
        client.receive_callback_messages(QueueUrl=QUEUE, MaxNumberOfMessages=11)


def test_stopping_message_is_posted_once(home: Path) -> None:
    callbacks = connect().services.callbacks
    _issue("Tok0000009")
    assert callbacks.post_stopping("Tok0000009") is True
    assert callbacks.post_stopping("Tok0000009") is False
    bodies = [m.body for m in callbacks.receive(QUEUE)]
    assert bodies == [
        {"token": "Tok0000009", "arguments": {"a": "foo"}},
        {"token": "Tok0000009", "arguments": {"a": "foo"}, "status": "Stopping"},
    ]


_CONTEXT = """
import os
def handler(event, context):
    return {
        "event": event,
        "name": context.function_name,
        "version": context.function_version,
        "arn": context.invoked_function_arn,
        "memory": context.memory_limit_in_mb,
        "request": context.aws_request_id,
        "remaining": context.get_remaining_time_in_millis(),
        "stage": os.environ.get("STAGE"),
        "cwd": os.getcwd(),
    }
"""


def test_function_lifecycle_and_invoke(home: Path) -> None:
    lambdas = connect_lambda()
    config = create_function(
        lambdas,
        "ctx",
        _CONTEXT,
        timeout=7,
        MemorySize=256,
        Environment={"Variables": {"STAGE": "test"}},
        Description="shows its context",
    )
    assert config["FunctionArn"] == "arn:aws:lambda:local:000000000000:function:ctx"
    assert config["Timeout"] == 7 and config["MemorySize"] == 256
    assert config["Handler"] == "ctx.handler" and config["Version"] == "$LATEST"
    assert (
        config["CodeSha256"]
        == base64.b64encode(hashlib.sha256(package({"ctx.py": _CONTEXT})).digest()).decode()
    )
    response = lambdas.invoke(
        FunctionName="arn:aws:lambda:us-west-2:123456789012:function:ctx",
        Payload=json.dumps({"a": 1}),
        LogType="Tail",
    )
    assert response["StatusCode"] == 200 and "FunctionError" not in response
    result = json.loads(response["Payload"].read())
    assert result["event"] == {"a": 1}
    assert (result["name"], result["version"], result["memory"], result["stage"]) == (
        "ctx",
        "$LATEST",
        "256",
        "test",
    )
    assert result["arn"] == config["FunctionArn"]
    assert 0 < result["remaining"] <= 7000
    assert Path(result["cwd"]) == home.resolve() / "lambdas" / "ctx"
    log = base64.b64decode(response["LogResult"]).decode()
    assert f"START RequestId: {result['request']} Version: $LATEST" in log
    assert [f["FunctionName"] for f in lambdas.list_functions()["Functions"]] == ["ctx"]
    with pytest.raises(Conflict, match="function 'ctx' already exists"):
        create_function(lambdas, "ctx", _CONTEXT)
    lambdas.delete_function(FunctionName="ctx")
    with pytest.raises(NotFound, match="Lambda function 'ctx' does not exist"):
        lambdas.get_function(FunctionName="ctx")
    assert not (home / "lambdas" / "ctx").exists()


def test_update_code_and_configuration(home: Path) -> None:
    lambdas = connect_lambda()
    create_function(lambdas, "ver", "def handler(e, c):\n    return 1\n")
    lambdas.update_function_code(
        FunctionName="ver", ZipFile=package({"ver.py": "def handler(e, c):\n    return 2\n"})
    )
    assert json.loads(lambdas.invoke(FunctionName="ver")["Payload"].read()) == 2
    lambdas.update_function_configuration(FunctionName="ver", Timeout=900, Handler="ver.handler")
    assert lambdas.get_function(FunctionName="ver")["Configuration"]["Timeout"] == 900
    with pytest.raises(InvalidRequest, match="from 1 to 900"):
        lambdas.update_function_configuration(FunctionName="ver", Timeout=901)


def test_code_from_s3_with_a_handler_in_a_folder(home: Path) -> None:
    s3 = connect_s3()
    code = package({"pkg/__init__.py": "", "pkg/app.py": "def run(e, c):\n    return e['x'] * 2\n"})
    s3.put_object(Bucket="code", Key="fn.zip", Body=code)
    lambdas = connect_lambda()
    lambdas.create_function(
        FunctionName="nested-code",
        Handler="pkg/app.run",
        Code={"S3Bucket": "code", "S3Key": "fn.zip"},
    )
    response = lambdas.invoke(FunctionName="nested-code", Payload=b'{"x": 21}')
    assert json.loads(response["Payload"].read()) == 42


@pytest.mark.parametrize(
    ("source", "handler", "error_type", "message"),
    [
        ("def handler(e, c):\n    raise KeyError('k')\n", "f.handler", "KeyError", "'k'"),
        ("x = 1\n", "f.handler", "Runtime.HandlerNotFound", "Handler 'handler' missing"),
        ("x = 1\n", "missing.handler", "Runtime.ImportModuleError", "Unable to import module"),
        ("def handler(e, c):\n    return object()\n", "f.handler", "Runtime.MarshalError", ""),
    ],
)
def test_invoke_reports_function_errors(
    home: Path, source: str, handler: str, error_type: str, message: str
) -> None:
    lambdas = connect_lambda()
    lambdas.create_function(
        FunctionName="f", Handler=handler, Code={"ZipFile": package({"f.py": source})}
    )
    response = lambdas.invoke(FunctionName="f", Payload=b"{}")
    assert response["FunctionError"] == "Unhandled"
    error = json.loads(response["Payload"].read())
    assert error["errorType"] == error_type
    assert message in error["errorMessage"]


def test_invoke_timeout_event_and_dry_run(home: Path) -> None:
    lambdas = connect_lambda()
    source = "import time\ndef handler(e, c):\n    time.sleep(e.get('s', 0))\n    return 'ok'\n"
    create_function(lambdas, "nap", source, timeout=1)
    slow = lambdas.invoke(FunctionName="nap", Payload=b'{"s": 20}')
    assert slow["FunctionError"] == "Unhandled"
    assert "Task timed out after 1.00 seconds" in json.loads(slow["Payload"].read())["errorMessage"]
    assert lambdas.invoke(FunctionName="nap", InvocationType="DryRun") == {"StatusCode": 204}
    queued = lambdas.invoke(FunctionName="nap", InvocationType="Event", Payload=b"{}")
    assert queued["StatusCode"] == 202
    jobs = connect().services.jobs
    done = wait_for(
        lambda: [
            j for j in jobs.list("Lambda") if j.describe.get("InvocationStatus") == "Completed"
        ],
        what="the asynchronous invocation to complete",
    )
    assert done[0].describe["FunctionName"] == "nap"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"Code": {"ZipFile": b"not a zip"}}, "must be a zip file"),
        ({"Code": {"ZipFile": package({"../evil.py": ""})}}, "outside the function's folder"),
        ({"Runtime": "nodejs18.x"}, "Python functions only"),
        ({"Timeout": 901}, "from 1 to 900"),
        ({"FunctionName": "bad name"}, "1-64 letters"),
        ({"Code": {}}, "the function's code is required"),
    ],
)
def test_create_function_rejects_bad_requests(home: Path, kwargs: dict, message: str) -> None:
    request = {
        "FunctionName": "f",
        "Handler": "f.handler",
        "Code": {"ZipFile": package({"f.py": ""})},
        **kwargs,
    }
    with pytest.raises(InvalidRequest, match=message):
        connect_lambda().create_function(**request)
    assert connect_lambda().list_functions() == {"Functions": []}
