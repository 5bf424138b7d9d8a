import pytest

from dagmaker.workflow.callback_step import CallbackOutput, CallbackOutputTypeEnum, CallbackStep
from dagmaker.workflow.lambda_step import LambdaOutput, LambdaOutputTypeEnum, LambdaStep
from dagmaker.workflow.parameters import ParameterInteger
from dagmaker.workflow.steps import CacheConfig

ARN = "arn:aws:lambda:us-west-2:123456789012:function:f"


class Function:
    """What LambdaStep needs from a Lambda helper object."""

    def __init__(self, function_arn=None, script=None) -> None:
        self.function_arn = function_arn
        self.script = script
        self.zipped_code_dir = None
        self.calls: list[str] = []

    def upsert(self) -> dict:
        self.calls.append("upsert")
        return {"FunctionArn": "arn:created"}

    def update(self) -> dict:
        self.calls.append("update")
        return {"FunctionArn": self.function_arn}


def test_lambda_request() -> None:
    count = ParameterInteger(name="Count")
    output = LambdaOutput(output_name="out", output_type=LambdaOutputTypeEnum.Integer)
    step = LambdaStep(
        name="L",
        lambda_func=Function(ARN),
        inputs={"n": count},
        outputs=[output],
        cache_config=CacheConfig(True, "PT1H"),
    )
    request = step.to_request()
    assert request["FunctionArn"] == ARN
    assert request["OutputParameters"] == [{"OutputName": "out", "OutputType": "Integer"}]
    assert request["CacheConfig"] == {"Enabled": True, "ExpireAfter": "PT1H"}
    assert request["Arguments"] == {"n": count}
    assert step.properties.Outputs["out"].expr == {"Get": "Steps.L.OutputParameters['out']"}
    assert output.expr() == {"Get": "Steps.L.OutputParameters['out']"}
    assert output.expr("Other") == {"Get": "Steps.Other.OutputParameters['out']"}


def test_function_arn_resolution() -> None:
    by_code = Function(None)
    assert LambdaStep(name="A", lambda_func=by_code).to_request()["FunctionArn"] == "arn:created"
    updated = Function(ARN, script="handler.py")
    LambdaStep(name="B", lambda_func=updated).to_request()
    assert (by_code.calls, updated.calls) == (["upsert"], ["update"])
    assert LambdaStep(name="C", lambda_func=ARN).to_request()["FunctionArn"] == ARN
    with pytest.raises(TypeError, match="lambda_func must be a Lambda"):
        LambdaStep(name="D", lambda_func=3)


def test_unknown_output_lists_the_declared_ones() -> None:
    step = LambdaStep(name="L", lambda_func=ARN, outputs=[LambdaOutput("a"), LambdaOutput("b")])
    with pytest.raises(KeyError, match="declared outputs: a, b"):
        step.properties.Outputs["c"]


def test_outputs_are_checked() -> None:
    with pytest.raises(ValueError, match="declares output 'a' twice"):
        LambdaStep(name="L", lambda_func=ARN, outputs=[LambdaOutput("a"), LambdaOutput("a")])
    with pytest.raises(TypeError, match="outputs must be LambdaOutput"):
        LambdaStep(name="L", lambda_func=ARN, outputs=[CallbackOutput("a")])
    with pytest.raises(TypeError, match=r"LambdaOutputTypeEnum\.String"):
        LambdaOutput("a", output_type="String")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs an output_name"):
        CallbackOutput()
    with pytest.raises(ValueError, match="belongs to no step yet"):
        LambdaOutput("free").expr()


def test_callback_request() -> None:
    output = CallbackOutput(output_name="rows", output_type=CallbackOutputTypeEnum.Integer)
    step = CallbackStep(
        name="Cb",
        sqs_queue_url="https://sqs/q",
        inputs={"a": 1},
        outputs=[output, CallbackOutput("note")],
        depends_on=["Before"],
    )
    request = step.to_request()
    assert request["SqsQueueUrl"] == "https://sqs/q"
    assert request["OutputParameters"][1] == {"OutputName": "note", "OutputType": "String"}
    assert request["DependsOn"] == ["Before"]
    assert "CacheConfig" not in request
    assert step.properties.Outputs["rows"].expr == {"Get": "Steps.Cb.OutputParameters['rows']"}
    with pytest.raises(TypeError, match="inputs must be a dict"):
        CallbackStep(name="Cb", sqs_queue_url="u", inputs=[1], outputs=[])  # type: ignore[arg-type]
