"""The pages over a real local client: what they show, their JSON twins, their forms."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dagmaker.server.ui.execution_routes import filtered_executions
from tests.api.test_client import CONDITION_PIPELINE
from tests.ui.pages import UiApp, make_app


@pytest.fixture
def ui(home: Path) -> UiApp:
    app = make_app()
    app.client.create_pipeline(
        PipelineName="cond",
        PipelineDefinition=json.dumps(CONDITION_PIPELINE),
        RoleArn="arn:aws:iam::000000000000:role/x",
    )
    return app


def _run(ui: UiApp, threshold: str = "7.5") -> str:
    arn = ui.client.start_pipeline_execution(
        PipelineName="cond", PipelineParameters=[{"Name": "Threshold", "Value": threshold}]
    )["PipelineExecutionArn"]
    return arn.rsplit("/", 1)[-1]


def test_the_first_visit_gets_a_strict_http_only_session(ui: UiApp) -> None:
    response = ui.browser.get("/ui/")
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("dagmaker_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/ui" in cookie
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert ui.browser.get("/ui").url.path == "/ui/"


def test_pages_of_a_failed_execution(ui: UiApp) -> None:
    execution = _run(ui)
    listing = ui.browser.get("/ui/executions", params={"status": "Failed"}).text
    assert f"/ui/executions/{execution}" in listing
    assert "threshold 7.5 in dev" in listing
    assert execution not in ui.browser.get("/ui/executions", params={"status": "Succeeded"}).text
    page = ui.browser.get(f"/ui/executions/{execution}").text
    assert "✕</span> Failed" in page
    assert re.search(r'<a class="node tone-bad[^"]*" href="[^"]*step=TooHigh#step"', page)
    assert 'aria-label="Step Check, Succeeded, Condition"' in page
    assert "Re-run selected steps" in page
    assert "data-poll" not in page  # an ended execution is not polled


def test_the_json_twin_is_the_clients_documents(ui: UiApp) -> None:
    execution = _run(ui)
    twin = ui.browser.get(f"/ui/executions/{execution}", params={"format": "json"}).json()
    described = ui.client.describe_pipeline_execution(PipelineExecutionArn=execution)
    assert twin["PipelineExecution"]["PipelineExecutionArn"] == described["PipelineExecutionArn"]
    assert twin["PipelineExecution"]["FailureReason"] == "threshold 7.5 in dev"
    steps = ui.client.list_pipeline_execution_steps(PipelineExecutionArn=execution)
    assert [s["StepName"] for s in twin["PipelineExecutionSteps"]] == [
        s["StepName"] for s in steps["PipelineExecutionSteps"]
    ]
    pipelines = ui.browser.get("/ui/pipelines?format=json").json()
    assert [p["PipelineName"] for p in pipelines["PipelineSummaries"]] == ["cond"]


def test_a_steps_details(ui: UiApp) -> None:
    execution = _run(ui)
    page = ui.browser.get(f"/ui/executions/{execution}", params={"step": "TooHigh"}).text
    assert "Failure reason" in page and "threshold 7.5 in dev" in page
    assert "Resolved arguments" in page and "Runs after" in page
    twin = ui.browser.get(
        f"/ui/executions/{execution}", params={"step": "TooHigh", "format": "json"}
    ).json()
    assert twin["Step"]["ResolvedArguments"] == {"ErrorMessage": "threshold 7.5 in dev"}
    missing = ui.browser.get(f"/ui/executions/{execution}", params={"step": "Nope"})
    assert missing.status_code == 404
    assert "step &#39;Nope&#39; is not in the definition" in missing.text


def test_start_form_is_typed_and_starts(ui: UiApp) -> None:
    form = ui.browser.get("/ui/pipelines/cond/start").text
    assert 'name="param.Threshold" type="number" step="any" value="6.0"' in form
    assert '<option value="prod">prod</option>' in form
    assert '<option value="false" selected>false</option>' in form
    response = ui.post(
        "/ui/pipelines/cond/start",
        {
            "param.Threshold": "4",
            "param.Env": "prod",
            "param.Strict": "false",
            "display_name": "ui-run",
        },
    )
    assert response.status_code == 303
    execution = response.headers["location"].rsplit("/", 1)[-1]
    described = ui.client.describe_pipeline_execution(PipelineExecutionArn=execution)
    assert described["PipelineExecutionStatus"] == "Succeeded"
    assert described["PipelineExecutionDisplayName"] == "ui-run"
    shown = ui.browser.get(response.headers["location"]).text
    assert f"Started execution {execution}." in shown
    again = ui.browser.get("/ui/pipelines/cond/start", params={"source": execution}).text
    assert 'name="param.Threshold" type="number" step="any" value="4.0"' in again


def test_a_refused_start_shows_the_form_with_the_problem(ui: UiApp) -> None:
    response = ui.post("/ui/pipelines/cond/start", {"param.Threshold": "high", "param.Env": "qa"})
    assert response.status_code == 400
    assert "expected a Float" in response.text
    assert "qa" in response.text and 'value="high"' in response.text
    assert (
        ui.client.list_pipeline_executions(PipelineName="cond")["PipelineExecutionSummaries"] == []
    )


def test_forms_without_the_sessions_token_are_refused(ui: UiApp) -> None:
    ui.browser.get("/ui/")
    refused = ui.browser.post("/ui/pipelines/cond/start", data={"param.Threshold": "4"})
    assert refused.status_code == 403
    forged = ui.browser.post(
        "/ui/pipelines/cond/start", data={"param.Threshold": "4", "csrf_token": "x" * 43}
    )
    assert forged.status_code == 403
    assert (
        ui.client.list_pipeline_executions(PipelineName="cond")["PipelineExecutionSummaries"] == []
    )


def test_an_open_server_answers_only_to_loopback_names(ui: UiApp) -> None:
    assert ui.browser.get("/ui/", headers={"host": "evil.example:8780"}).status_code == 403
    assert ui.browser.get("/ui/", headers={"host": "localhost:8780"}).status_code == 200
    assert ui.browser.get("/ui/", headers={"host": "[::1]:8780"}).status_code == 200


def test_selective_rerun_of_an_execution_that_ended_at_a_fail_step(ui: UiApp) -> None:
    execution = _run(ui)
    assert "Retry failed steps" not in ui.browser.get(f"/ui/executions/{execution}").text
    retried = ui.post(f"/ui/executions/{execution}/retry", {})
    assert retried.status_code == 409 and "ended at a FailStep" in retried.text
    nothing = ui.post(f"/ui/executions/{execution}/rerun", {})
    assert nothing.status_code == 400 and "tick at least one step" in nothing.text
    rerun = ui.post(f"/ui/executions/{execution}/rerun", {"step": ["Check", "TooHigh"]})
    assert rerun.status_code == 303
    new = rerun.headers["location"].rsplit("/", 1)[-1]
    described = ui.client.describe_pipeline_execution(PipelineExecutionArn=new)
    assert described["SelectiveExecutionConfig"]["SourcePipelineExecutionArn"].endswith(execution)
    assert described["FailureReason"] == "threshold 7.5 in dev"


def test_stopping_an_ended_execution_explains_why_not(ui: UiApp) -> None:
    execution = _run(ui)
    response = ui.post(f"/ui/executions/{execution}/stop", {})
    assert response.status_code == 409
    assert "Conflict" in response.text


def test_pipeline_pages_and_definition_download(ui: UiApp) -> None:
    _run(ui)
    page = ui.browser.get("/ui/pipelines/cond").text
    assert "Threshold" in page and "current (version 1)" in page
    assert '<svg class="graph' in page
    download = ui.browser.get("/ui/pipelines/cond/definition", params={"download": "1"})
    assert download.headers["content-disposition"] == 'attachment; filename="cond.json"'
    assert json.loads(download.text) == CONDITION_PIPELINE
    assert ui.browser.get("/ui/pipelines/none").status_code == 404


class _Listing:
    """Two pipelines' executions, one started two days ago, as the client lists them."""

    def __init__(self) -> None:
        now = datetime.now(UTC)
        self.executions = {
            "a": [_summary("a", "new", "Succeeded", now - timedelta(minutes=5))],
            "b": [_summary("b", "old", "Failed", now - timedelta(days=2))],
        }

    def list_pipelines(self) -> dict[str, Any]:
        return {"PipelineSummaries": [{"PipelineName": n} for n in self.executions]}

    def list_pipeline_executions(self, PipelineName: str, MaxResults: int) -> dict[str, Any]:
        return {"PipelineExecutionSummaries": self.executions[PipelineName][:MaxResults]}


def _summary(pipeline: str, execution: str, status: str, start: datetime) -> dict[str, Any]:
    return {
        "PipelineExecutionArn": f"arn:aws:sagemaker:local:0:pipeline/{pipeline}/execution/"
        + execution,
        "PipelineExecutionStatus": status,
        "StartTime": start,
    }


def test_execution_filters_combine() -> None:
    listing = _Listing()

    def ids(**chosen: str) -> list[str]:
        return [e["PipelineExecutionArn"][-3:] for e in filtered_executions(listing, **chosen)]

    assert ids() == ["new", "old"]
    assert ids(since="24h") == ["new"]
    assert ids(since="7d") == ["new", "old"]
    assert ids(status="Failed") == ["old"]
    assert ids(pipeline="a", status="Failed") == []
    assert ids(since="bogus") == ["new", "old"]


def test_a_fault_of_the_ui_is_an_internal_error_page(ui: UiApp, monkeypatch) -> None:
    def broken(**_: Any) -> dict[str, Any]:
        raise KeyError("PipelineSummaries")

    monkeypatch.setattr(ui.client, "list_pipelines", broken)
    response = ui.browser.get("/ui/pipelines")
    assert response.status_code == 500
    assert "Internal error" in response.text and "failed inside dagmaker" in response.text
