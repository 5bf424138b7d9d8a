import pytest

from dagmaker.session import Session
from dagmaker.workflow.pipeline_context import (
    LocalPipelineSession,
    PipelineSession,
    StepCompileContext,
    _JobStepArguments,
    capture_or_run,
    capturing,
    compile_context,
    current_context,
)
from tests.sdk.sdk_doubles import RecordingClient, RequestJob


def _request() -> dict:
    return {"ProcessingJobName": "job", "RoleArn": "r"}


def test_a_pipeline_session_captures_instead_of_running() -> None:
    client = RecordingClient()
    job = RequestJob("process", _request, PipelineSession(sagemaker_client=client))
    step_args = job.run(code="x.py")
    assert isinstance(step_args, _JobStepArguments)
    assert step_args.caller_name == "process"
    assert step_args.request_dict == _request()
    assert client.calls == []
    assert isinstance(LocalPipelineSession(), PipelineSession)


def test_a_plain_session_runs_the_job_now() -> None:
    client = RecordingClient()
    job = RequestJob("process", _request, Session(sagemaker_client=client))
    job.run()
    assert client.calls == [("create_job", _request())]


def test_capturing_makes_a_plain_session_capture_and_is_undone_after() -> None:
    client = RecordingClient()
    job = RequestJob("train", _request, Session(sagemaker_client=client))
    with capturing():
        assert isinstance(job.fit("s3://b/x"), _JobStepArguments)
    job.fit()
    assert [name for name, _ in client.calls] == ["create_job"]


def test_capture_or_run_returns_what_run_now_returns() -> None:
    assert capture_or_run(Session(), "train", _request, lambda request: len(request)) == 2


def test_request_dict_is_built_on_every_access_and_checked() -> None:
    builds = []

    def build() -> dict:
        builds.append(1)
        return {"n": len(builds)}

    step_args = _JobStepArguments("train", build)
    assert step_args.request_dict == {"n": 1}
    assert step_args.request_dict == {"n": 2}
    with pytest.raises(TypeError, match=r"estimator\.fit\(\) returned list"):
        _JobStepArguments("train", lambda: []).request_dict  # type: ignore  # noqa: B018


def test_compile_context_is_visible_only_inside() -> None:
    session = PipelineSession()
    context = StepCompileContext("Pipe", "Step", session, None)
    assert current_context() is None
    with compile_context(context):
        assert current_context() is context
    assert current_context() is None
