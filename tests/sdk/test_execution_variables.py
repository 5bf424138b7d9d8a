import pytest

from dagmaker.definition.expressions import EXECUTION_VARIABLES
from dagmaker.workflow.execution_variables import ExecutionVariable, ExecutionVariables


def test_all_eight_variables() -> None:
    names = [
        getattr(ExecutionVariables, attr).name for attr in dir(ExecutionVariables) if attr.isupper()
    ]
    assert sorted(names) == sorted(EXECUTION_VARIABLES)
    assert ExecutionVariables.START_DATETIME.expr == {"Get": "Execution.StartDateTime"}
    assert ExecutionVariables.PROCESSING_JOB_NAME.expr == {"Get": "Execution.ProcessingJobName"}


def test_unknown_variable_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="PipelineExecutionId"):
        ExecutionVariable("ExecutionId")


def test_equality_by_name() -> None:
    assert ExecutionVariable("PipelineName") == ExecutionVariables.PIPELINE_NAME
    assert hash(ExecutionVariable("PipelineName")) == hash(ExecutionVariables.PIPELINE_NAME)
