"""Pipeline and execution calls go to the session's client with boto3's names and shapes."""

import json
import sys
from types import ModuleType

import pytest

import dagmaker.workflow._execution as execution_module
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.parallelism_config import ParallelismConfiguration
from dagmaker.workflow.parameters import ParameterBoolean, ParameterInteger
from dagmaker.workflow.pipeline import Pipeline, _PipelineExecution, format_start_parameters
from dagmaker.workflow.pipeline_context import LocalPipelineSession, PipelineSession
from dagmaker.workflow.selective_execution_config import SelectiveExecutionConfig
from tests.sdk.sdk_doubles import RecordingClient


@pytest.fixture
def client() -> RecordingClient:
    return RecordingClient()


@pytest.fixture
def pipeline(client) -> Pipeline:
    return Pipeline(
        name="MyPipeline",
        parameters=[ParameterInteger(name="InstanceCount", default_value=2)],
        steps=[FailStep(name="Stop")],
        sagemaker_session=PipelineSession(sagemaker_client=client),
    )


def _last(client: RecordingClient, name: str) -> dict:
    return [kwargs for call, kwargs in client.calls if call == name][-1]


def test_create_sends_the_definition_and_only_given_fields(pipeline, client) -> None:
    pipeline.create(
        role_arn="arn:role",
        description="local pipeline example",
        tags={"team": "ml"},
        parallelism_config=ParallelismConfiguration(5),
    )
    sent = _last(client, "create_pipeline")
    assert json.loads(sent.pop("PipelineDefinition")) == json.loads(pipeline.definition())
    assert sent == {
        "PipelineName": "MyPipeline",
        "RoleArn": "arn:role",
        "PipelineDescription": "local pipeline example",
        "ParallelismConfiguration": {"MaxParallelExecutionSteps": 5},
        "Tags": [{"Key": "team", "Value": "ml"}],
    }
    pipeline.name = "NoRole"
    pipeline.create()
    assert set(_last(client, "create_pipeline")) == {"PipelineName", "PipelineDefinition"}


def test_upsert_updates_an_existing_pipeline(pipeline, client) -> None:
    pipeline.upsert(description="first")
    pipeline.upsert(description="second", tags=[{"Key": "k", "Value": "v"}])
    names = [call for call, _ in client.calls]
    assert names == ["create_pipeline", "create_pipeline", "update_pipeline", "add_tags"]
    assert _last(client, "update_pipeline")["PipelineDescription"] == "second"


def test_upsert_reraises_other_errors(pipeline, client) -> None:
    def broken(**kwargs):
        raise NotFound("no such account")

    client.create_pipeline = broken  # type: ignore[method-assign]
    with pytest.raises(NotFound):
        pipeline.upsert()


def test_describe_delete_and_list(pipeline, client) -> None:
    pipeline.create()
    pipeline.describe()
    assert _last(client, "describe_pipeline") == {"PipelineName": "MyPipeline"}
    pipeline.describe(pipeline_version_id=3)
    assert _last(client, "describe_pipeline")["PipelineVersionId"] == 3
    pipeline.start()
    listed = pipeline.list_executions(sort_order="Descending", max_results=5)
    assert list(listed) == ["PipelineExecutionSummaries"]
    assert _last(client, "list_pipeline_executions") == {
        "PipelineName": "MyPipeline",
        "SortOrder": "Descending",
        "MaxResults": 5,
    }
    pipeline.delete()
    assert _last(client, "delete_pipeline") == {"PipelineName": "MyPipeline"}


def test_start_sends_parameters_as_strings(pipeline, client) -> None:
    execution = pipeline.start(
        parameters={"InstanceCount": 2, "AppManaged": True, "Rate": 5.5},
        execution_display_name="run-1",
        execution_description="first run",
        parallelism_config={"MaxParallelExecutionSteps": 2},
    )
    assert _last(client, "start_pipeline_execution") == {
        "PipelineName": "MyPipeline",
        "PipelineParameters": [
            {"Name": "InstanceCount", "Value": "2"},
            {"Name": "AppManaged", "Value": "True"},
            {"Name": "Rate", "Value": "5.5"},
        ],
        "PipelineExecutionDisplayName": "run-1",
        "PipelineExecutionDescription": "first run",
        "ParallelismConfiguration": {"MaxParallelExecutionSteps": 2},
    }
    assert isinstance(execution, _PipelineExecution)
    assert execution.arn.endswith("/execution/0")
    assert format_start_parameters(None) is None


def test_start_with_a_parameter_variable_is_refused(pipeline) -> None:
    with pytest.raises(TypeError, match="Join"):
        pipeline.start(parameters={"Flag": ParameterBoolean(name="Flag")})


def test_selective_execution_references_the_latest_execution(pipeline, client) -> None:
    first = pipeline.start()
    pipeline.start(selective_execution_config=SelectiveExecutionConfig(selected_steps=["Stop"]))
    assert _last(client, "start_pipeline_execution")["SelectiveExecutionConfig"] == {
        "SourcePipelineExecutionArn": first.arn,
        "SelectedSteps": [{"StepName": "Stop"}],
    }
    explicit = SelectiveExecutionConfig(["Stop"], source_pipeline_execution_arn="arn:x")
    pipeline.start(selective_execution_config=explicit)
    assert (
        _last(client, "start_pipeline_execution")["SelectiveExecutionConfig"][
            "SourcePipelineExecutionArn"
        ]
        == "arn:x"
    )


def test_list_steps_reads_the_latest_execution(pipeline, client) -> None:
    with pytest.raises(NotFound, match="no executions yet"):
        pipeline.list_steps()
    pipeline.start()
    latest = pipeline.start()
    steps = pipeline.list_steps()
    assert (
        steps["PipelineExecutionSteps"][0]["Metadata"]["TrainingJob"]["Arn"] == latest.arn + "/job"
    )
    assert latest.list_steps()[0]["StepName"] == "Train"


def test_execution_calls(pipeline, client) -> None:
    execution = pipeline.start()
    execution.describe()
    execution.stop()
    execution.list_parameters(max_results=1)
    arn = {"PipelineExecutionArn": execution.arn}
    assert _last(client, "describe_pipeline_execution") == arn
    assert _last(client, "stop_pipeline_execution") == arn
    assert _last(client, "list_pipeline_parameters_for_execution") == {**arn, "MaxResults": 1}


def test_wait_polls_until_the_execution_ends(pipeline, client, monkeypatch) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(execution_module.time, "sleep", sleeps.append)
    execution = pipeline.start()
    client.execution_statuses[execution.arn] = ["Executing", "Executing", "Succeeded"]
    assert execution.wait(delay=7)["PipelineExecutionStatus"] == "Succeeded"
    assert sleeps == [7, 7]


def test_wait_raises_with_the_failure_reason(pipeline, client, monkeypatch) -> None:
    monkeypatch.setattr(execution_module.time, "sleep", lambda _: None)
    execution = pipeline.start()
    client.execution_statuses[execution.arn] = ["Executing", "Failed"]
    with pytest.raises(JobFailure, match="failed: Step Train failed: out of memory"):
        execution.wait()


def test_wait_gives_up_after_max_attempts(pipeline, client, monkeypatch) -> None:
    monkeypatch.setattr(execution_module.time, "sleep", lambda _: None)
    execution = pipeline.start()
    client.execution_statuses[execution.arn] = ["Executing"]
    with pytest.raises(DagmakerError, match="still Executing after 3 checks"):
        execution.wait(max_attempts=3)
    client.execution_statuses[execution.arn] = ["Stopped"]
    assert execution.wait()["PipelineExecutionStatus"] == "Stopped"


def test_local_pipeline_session_connects_inline(monkeypatch) -> None:
    connections: list[dict] = []
    api = ModuleType("dagmaker.api")
    api.connect = lambda **kwargs: connections.append(kwargs) or RecordingClient()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dagmaker.api", api)
    local = LocalPipelineSession()
    pipeline = Pipeline(name="Local", steps=[FailStep(name="S")], sagemaker_session=local)
    pipeline.create(role_arn="arn:role", description="local pipeline example")
    pipeline.start()
    assert connections == [{"inline": True}]
    assert local.local_mode is True
    PipelineSession().sagemaker_client  # noqa: B018
    assert connections[-1] == {}


def test_a_pipeline_without_session_gets_a_default_one() -> None:
    pipeline = Pipeline(name="P", steps=[FailStep(name="S")])
    assert pipeline.sagemaker_session.boto_region_name == "local"
    assert json.loads(pipeline.definition())["Steps"][0]["Name"] == "S"
