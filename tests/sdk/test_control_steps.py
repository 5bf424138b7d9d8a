import pytest

from dagmaker.errors import DefinitionError
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.functions import Join
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.step_collections import StepCollection
from dagmaker.workflow.steps import StepTypeEnum


def test_fail_step_request_and_message_types() -> None:
    env = ParameterString(name="Env")
    step = FailStep(name="Stop", error_message=Join(on=" ", values=["bad", env]))
    request = step.to_request()
    assert request["Type"] == "Fail"
    assert request["Arguments"]["ErrorMessage"].expr["Std:Join"]["Values"][1] == env.expr
    assert FailStep(name="Empty").arguments == {"ErrorMessage": ""}
    with pytest.raises(TypeError, match="error_message must be a string or a pipeline variable"):
        FailStep(name="Bad", error_message=42)  # type: ignore[arg-type]


def test_fail_step_has_no_properties() -> None:
    with pytest.raises(DefinitionError, match="FailStep has no properties") as error:
        FailStep(name="Stop").properties  # noqa: B018
    assert error.value.step == "Stop"


def test_condition_step_request_and_outcome() -> None:
    then = FailStep(name="Then")
    step = ConditionStep(
        name="Cond",
        depends_on=["Before"],
        display_name="Decide",
        conditions=[ConditionEquals(left=1, right=1)],
        if_steps=[then],
    )
    request = step.to_request()
    assert request["Arguments"]["IfSteps"] == [then.to_request()]
    assert request["Arguments"]["ElseSteps"] == []
    assert request["DependsOn"] == ["Before"]
    assert request["DisplayName"] == "Decide"
    assert step.step_only_arguments == {"Conditions": [ConditionEquals(1, 1).to_request()]}
    assert step.properties.Outcome.expr == {"Get": "Steps.Cond.Outcome"}
    with pytest.raises(AttributeError, match="Valid names: Outcome"):
        step.properties.Result  # noqa: B018


def test_condition_step_checks_its_parts() -> None:
    with pytest.raises(TypeError, match="conditions must be Condition objects"):
        ConditionStep(name="C", conditions=[True])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="if_steps must hold steps"):
        ConditionStep(name="C", if_steps=["StepName"])


def test_step_base_behaviour() -> None:
    step = FailStep(name="A", depends_on=["X"])
    step.add_depends_on(["Y", FailStep(name="Z")])
    step.add_depends_on(None)  # type: ignore[arg-type]
    assert step.to_request()["DependsOn"] == ["X", "Y", "Z"]
    assert step.ref == {"Name": "A"}
    assert step.step_type is StepTypeEnum.FAIL
    with pytest.raises(TypeError, match=r"write depends_on=\['X'\]"):
        FailStep(name="B", depends_on="X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty string name"):
        FailStep(name="")
    step.depends_on = None
    assert "DependsOn" not in step.to_request()


def test_a_collection_in_depends_on_stands_for_its_steps() -> None:
    collection = StepCollection(name="Coll", steps=[FailStep(name="C1"), FailStep(name="C2")])
    step = FailStep(name="After", depends_on=[collection, "C1"])
    assert step.to_request()["DependsOn"] == ["C1", "C2"]
    with_last = StepCollection(name="C", steps=[FailStep(name="F"), ConditionStep(name="Last")])
    assert with_last.properties.Outcome.expr == {"Get": "Steps.Last.Outcome"}
    assert StepCollection(name="Empty").properties is None
