"""Registry, artifacts and callback pages over a real local client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runners.callback_lambda_helpers import InlineRun, create_pipeline, wait_for
from tests.runners.test_callback import seed_definition
from tests.ui.pages import UiApp, make_app

FIXTURES = Path(__file__).parent / "fixtures"
STATS = "s3://quality/baseline/statistics.json"
REPORT = "s3://quality/eval/evaluation.json"


@pytest.fixture
def ui(home: Path) -> UiApp:
    return make_app()


def _register(ui: UiApp) -> str:
    ui.s3.put_object(
        Bucket="quality",
        Key="baseline/statistics.json",
        Body=(FIXTURES / "dq_statistics.json").read_bytes(),
    )
    ui.s3.put_object(
        Bucket="quality",
        Key="eval/evaluation.json",
        Body=json.dumps({"regression_metrics": {"mse": {"value": 3.25}}}),
    )
    ui.client.create_model_package_group(ModelPackageGroupName="Fraud")
    return ui.client.create_model_package(
        ModelPackageGroupName="Fraud",
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": "my/image", "ModelDataUrl": "s3://quality/model.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelMetrics={
            "ModelQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": REPORT}}
        },
        DriftCheckBaselines={
            "ModelDataQuality": {"Statistics": {"ContentType": "application/json", "S3Uri": STATS}}
        },
    )["ModelPackageArn"]


def test_groups_versions_and_a_version_with_its_metrics(ui: UiApp) -> None:
    _register(ui)
    groups = ui.browser.get("/ui/models").text
    assert "/ui/models/Fraud/1" in groups and "Pending approval" in groups
    version = ui.browser.get("/ui/models/Fraud/1").text
    assert "regression_metrics.mse.value" in version and "3.25" in version
    assert "Drift baseline: ModelDataQuality Statistics" in version
    assert "histograms of each feature" in version
    home = ui.browser.get("/ui/").text
    assert "Fraud version 1" in home


def test_approving_with_a_comment_keeps_the_history(ui: UiApp) -> None:
    arn = _register(ui)
    response = ui.post("/ui/models/Fraud/1/approval", {"status": "Approved", "comment": "MSE fine"})
    assert response.status_code == 303
    described = ui.client.describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "Approved"
    history = ui.client.list_model_package_approvals(ModelPackageName=arn)["ApprovalHistory"]
    [change] = [h for h in history if h["ModelApprovalStatus"] == "Approved"]
    assert change["Reason"] == "MSE fine" and change["ChangedBy"] == "ui:local"
    page = ui.browser.get("/ui/models/Fraud/1").text
    assert "Version 1 is now Approved." in page
    assert "MSE fine" in page and "ui:local" in page
    bad = ui.post("/ui/models/Fraud/1/approval", {"status": "Maybe"})
    assert bad.status_code == 400 and "approval status must be one of" in bad.text


def test_statistics_are_drawn_as_histograms(ui: UiApp) -> None:
    _register(ui)
    page = ui.browser.get("/ui/artifacts", params={"uri": STATS}).text
    assert page.count('<svg class="chart"') == 6
    assert "6 features over 100 records" in page
    assert "1 to 1.2: 24" in page
    twin = ui.browser.get("/ui/artifacts", params={"uri": STATS, "format": "json"}).json()
    assert twin == json.loads((FIXTURES / "dq_statistics.json").read_text())
    assert ui.browser.get("/ui/artifacts", params={"uri": "s3://quality/none"}).status_code == 404
    assert ui.browser.get("/ui/artifacts", params={"uri": "/etc/passwd"}).status_code == 400


def test_violations_and_constraints_are_tables(ui: UiApp) -> None:
    for name in ("dq_constraint_violations.json", "dq_constraints.json"):
        ui.s3.put_object(Bucket="quality", Key=name, Body=(FIXTURES / name).read_bytes())
    violations = ui.browser.get(
        "/ui/artifacts", params={"uri": "s3://quality/dq_constraint_violations.json"}
    ).text
    assert "categorical_values_check" in violations and "store_and_fwd_flag" in violations
    constraints = ui.browser.get(
        "/ui/artifacts", params={"uri": "s3://quality/dq_constraints.json"}
    ).text
    assert "Monitoring configuration" in constraints and "is_non_negative" in constraints


def test_a_waiting_callback_is_answered_from_its_form(ui: UiApp) -> None:
    create_pipeline(ui.client, "cb", seed_definition())
    run = InlineRun(ui.client, "cb", [{"Name": "MyInt", "Value": "4"}])
    wait_for(lambda: ui.client.list_waiting_callbacks()["WaitingCallbacks"], what="a callback")
    page = ui.browser.get("/ui/callbacks").text
    [waiting] = ui.client.list_waiting_callbacks()["WaitingCallbacks"]
    token = waiting["CallbackToken"]
    assert f'id="cb-{token}"' in page and "arg3" in page
    assert 'name="output.rows" type="number"' in page
    response = ui.post(
        f"/ui/callbacks/{token}/success", {"output.output1": "ok", "output.rows": "9"}
    )
    assert response.status_code == 303
    assert run.finish() == "Succeeded"
    assert "No callback step is waiting." in ui.browser.get("/ui/callbacks").text
    again = ui.post(f"/ui/callbacks/{token}/failure", {"reason": "late"})
    assert again.status_code == 409 and "already answered" in again.text
