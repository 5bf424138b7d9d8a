"""The web UI in a real browser against ``dagmaker server``: start the demo from its form
and watch it finish, read a failed step's log and retry it, answer a callback, approve a
model, read data-quality histograms, log in to a server with credentials.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from dagmaker import api
from dagmaker.server.ui.charts import number
from tests.runners.test_callback import seed_definition
from tests.server.conftest import ACCESS_KEY, SECRET_KEY, RunningServer
from tests.ui import scripts

pytestmark = pytest.mark.slow
RUN_SECONDS = 240


def _ui(server: RunningServer, path: str = "") -> str:
    return f"{server.url}/ui/{path}"


def _shot(page: Any, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _heading_status(page: Any) -> str:
    return str(page.locator("#live-heading h1 .badge").get_attribute("data-status"))


def _wait_for_end(page: Any, seconds: float = RUN_SECONDS) -> str:
    # The page updates itself: no reload here, only the live regions it swaps in.
    try:
        page.wait_for_function(
            "() => !document.querySelector('[data-poll]')", timeout=seconds * 1000, polling=500
        )
    except Exception:
        page.screenshot(path=str(Path(__file__).parent / "artifacts" / "timed-out.png"))
        raise
    return _heading_status(page)


def _final_status(client: Any, arn: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        status = client.describe_pipeline_execution(PipelineExecutionArn=arn)
        if status["PipelineExecutionStatus"] not in ("Executing", "Stopping"):
            return str(status["PipelineExecutionStatus"])
        assert time.monotonic() < deadline, f"{arn} is still {status}"
        time.sleep(0.25)


@pytest.fixture(scope="module")
def client(ui_server: RunningServer) -> Any:
    return api.connect(endpoint_url=ui_server.url)


@pytest.fixture(scope="module")
def demo(
    ui_server: RunningServer, chromium: Any, shots: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The abalone demo started from the UI's form and followed live to its end."""
    scripts.abalone(ui_server.url, tmp_path_factory.mktemp("abalone"))
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(_ui(ui_server))
    page.get_by_role("link", name="Pipelines", exact=True).click()
    page.get_by_role("link", name="AbalonePipeline").click()
    _shot(page, shots, "pipeline")
    page.get_by_role("link", name="Start execution…").click()
    assert page.locator("select[name='param.ModelApprovalStatus']").count() == 0
    page.get_by_label("MseThreshold").fill("9.5")
    # No approved model has baselines yet: the first run skips the checks and registers them.
    page.get_by_label("SkipChecks").select_option("true")
    page.get_by_label("RegisterNewBaselines").select_option("true")
    page.get_by_label("Display name").fill("from-the-browser")
    _shot(page, shots, "start-form")
    page.get_by_role("button", name="Start execution").click()
    notice = page.locator(".notice").inner_text()
    execution = re.search(r"Started execution (\w+)", notice).group(1)  # type: ignore[union-attr]
    page.wait_for_selector("svg.graph .node.tone-run, svg.graph .node.tone-ok")
    _shot(page, shots, "execution-running")
    status = _wait_for_end(page)
    _shot(page, shots, "execution")
    context.close()
    return {"execution": execution, "status": status}


def test_the_demo_starts_from_the_form_and_finishes_live(
    demo: dict[str, str], client: Any, page: Any, ui_server: RunningServer
) -> None:
    assert demo["status"] == "Succeeded"
    summaries = client.list_pipeline_executions(PipelineName="AbalonePipeline")
    [arn] = [
        s["PipelineExecutionArn"]
        for s in summaries["PipelineExecutionSummaries"]
        if s["PipelineExecutionArn"].endswith(demo["execution"])
    ]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionDisplayName"] == "from-the-browser"
    parameters = client.list_pipeline_parameters_for_execution(
        PipelineExecutionArn=described["PipelineExecutionArn"]
    )["PipelineParameters"]
    assert {"Name": "MseThreshold", "Value": "9.5"} in parameters
    page.goto(_ui(ui_server, f"executions/{demo['execution']}"))
    nodes = page.locator("svg.graph a.node")
    assert nodes.count() == 10  # the demo's eight steps and its two checks
    labels = [nodes.nth(i).get_attribute("aria-label") for i in range(nodes.count())]
    assert "Step AbaloneTrain, Succeeded, Training" in labels
    assert "Step AbaloneMSEFail, Skipped, Fail" in labels


def test_a_step_shows_its_details_and_its_log(
    demo: dict[str, str], page: Any, ui_server: RunningServer, shots: Path
) -> None:
    page.goto(_ui(ui_server, f"executions/{demo['execution']}"))
    # Keyboard: the boxes are links in the tab order.
    train = page.locator('svg.graph a.node[data-step="AbaloneTrain"]')
    train.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#step-h")
    assert "AbaloneTrain" in page.locator("#step-h").inner_text()
    assert "S3ModelArtifacts" in page.locator("details.json").first.inner_text()
    stdout = page.locator("pre.logtext").first
    page.wait_for_function(
        "el => el.textContent.includes('validation-rmse')", arg=stdout.element_handle()
    )
    assert "The job has ended (Completed)" in page.locator("[data-log-state]").inner_text()
    _shot(page, shots, "step-log")


def test_a_failed_steps_log_and_retry(
    client: Any, page: Any, ui_server: RunningServer, shots: Path, tmp_path: Path
) -> None:
    s3 = api.connect_s3(endpoint_url=ui_server.url)
    scripts.flagged(ui_server.url, tmp_path, s3, "broken")
    page.goto(_ui(ui_server, "pipelines/Flagged/start"))
    page.get_by_role("button", name="Start execution").click()
    assert _wait_for_end(page) == "Failed"
    page.locator('svg.graph a.node[data-step="CheckFlag"]').click()
    stderr = page.locator("pre.logtext").nth(1)
    page.wait_for_function(
        "el => el.textContent.includes('ValueError')", arg=stderr.element_handle()
    )
    assert "the flag is 'broken', not 'ok'" in stderr.inner_text()
    assert "the flag says broken" in page.locator("pre.logtext").first.inner_text()
    assert "Failure reason" in page.locator("#live-step").inner_text()
    _shot(page, shots, "failed-step")
    s3.put_object(Bucket=scripts.FLAG_BUCKET, Key=scripts.FLAG_KEY, Body=b"ok")
    page.get_by_role("button", name="Retry failed steps").click()
    assert "Retrying" in page.locator(".notice").inner_text()
    assert _wait_for_end(page) == "Succeeded"


def test_a_running_execution_is_stopped_from_its_page(
    client: Any, page: Any, ui_server: RunningServer, tmp_path: Path
) -> None:
    scripts.sleeper(ui_server.url, tmp_path)
    page.goto(_ui(ui_server, "pipelines/Sleeper/start"))
    page.get_by_role("button", name="Start execution").click()
    # The step's box turns to running by itself, and its log fills as the job prints.
    page.wait_for_selector('svg.graph a.node.tone-run[data-step="Work"]', timeout=60_000)
    page.locator('svg.graph a.node[data-step="Work"]').click()
    stdout = page.locator("pre.logtext").first
    page.wait_for_function(
        "el => el.textContent.includes('still working (1 s)')", arg=stdout.element_handle()
    )
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Stop").click()
    assert asked == ["Stop this execution? Running jobs get SIGTERM."]
    assert "Stopping" in page.locator(".notice").inner_text()
    assert _wait_for_end(page, 60) == "Stopped"
    box = page.locator('svg.graph a.node[data-step="Work"]')
    assert "Stopped" in str(box.get_attribute("aria-label"))
    assert page.get_by_role("button", name="Retry failed steps").is_visible()


def test_a_callback_is_answered_from_the_callbacks_page(
    client: Any, page: Any, ui_server: RunningServer, shots: Path
) -> None:
    with scripts.sdk_talks_to(ui_server.url):
        definition = seed_definition()
    client.create_pipeline(
        PipelineName="WithCallback", PipelineDefinition=definition, RoleArn=scripts.ROLE
    )
    arn = client.start_pipeline_execution(
        PipelineName="WithCallback", PipelineParameters=[{"Name": "MyInt", "Value": "4"}]
    )["PipelineExecutionArn"]
    page.goto(_ui(ui_server))
    page.wait_for_function(
        "() => fetch('/ui/callbacks?format=json').then(r => r.json())"
        ".then(d => d.WaitingCallbacks.length > 0)",
        polling=500,
        timeout=60_000,
    )
    page.get_by_role("link", name="Callbacks", exact=True).click()
    card = page.locator("article.card")
    assert "MyCallbackStep" in card.inner_text() and "arg3" in card.inner_text()
    _shot(page, shots, "callbacks")
    card.get_by_label("output1").fill("from the UI")
    card.get_by_label("rows").fill("12")
    card.get_by_role("button", name="Send success").click()
    assert "Success sent" in page.locator(".notice").inner_text()
    assert _final_status(client, arn) == "Succeeded"
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    callback = next(s for s in steps["PipelineExecutionSteps"] if s["StepName"] == "MyCallbackStep")
    assert callback["Metadata"]["Callback"]["OutputParameters"] == [
        {"Name": "output1", "Value": "from the UI"},
        {"Name": "rows", "Value": "12"},
    ]


def test_the_registered_model_is_approved_with_a_comment(
    demo: dict[str, str], client: Any, page: Any, ui_server: RunningServer, shots: Path
) -> None:
    page.goto(_ui(ui_server))
    page.get_by_role("link", name="Models", exact=True).click()
    page.get_by_role("link", name="AbaloneModelPackageGroup").click()
    page.get_by_role("link", name="Version 1").click()
    assert "regression_metrics.mse.value" in page.locator("#metrics-h + .table-wrap").inner_text()
    page.get_by_label("Comment").fill("MSE is below 9.5")
    page.get_by_role("button", name="Approve").click()
    assert "Version 1 is now Approved." in page.locator(".notice").inner_text()
    assert page.locator("h1 .badge").get_attribute("data-status") == "Approved"
    assert "MSE is below 9.5" in page.locator("ol.history").inner_text()
    _shot(page, shots, "model")
    described = client.describe_model_package(ModelPackageName="AbaloneModelPackageGroup/1")
    assert described["ModelApprovalStatus"] == "Approved"


def test_data_quality_statistics_as_histograms(
    page: Any, ui_server: RunningServer, shots: Path, tmp_path: Path
) -> None:
    # A baseline computed by dagmaker's own data-quality analysis of generated data.
    statistics = scripts.abalone_baseline(tmp_path)
    s3 = api.connect_s3(endpoint_url=ui_server.url)
    scripts.ensure_bucket(s3, "ui-tests")
    s3.put_object(Bucket="ui-tests", Key="baseline/statistics.json", Body=statistics.encode())
    document = json.loads(statistics)
    page.goto(_ui(ui_server, "artifacts?uri=s3://ui-tests/baseline/statistics.json"))
    assert page.locator("svg.chart").count() == len(document["features"]) == 9
    sex = page.locator("section.feature").first
    assert "sex" in sex.locator("h3").inner_text() and "String" in sex.locator("h3").inner_text()
    values = {t.text_content().split(":")[0] for t in sex.locator("rect.bar title").all()}
    assert values == {"M", "F", "I"}
    length = page.locator("section.feature").nth(1)
    bars = length.locator("svg.chart rect.bar")
    assert bars.count() == 10
    first = document["features"][1]["numerical_statistics"]["distribution"]["kll"]["buckets"][0]
    expected = f"{number(first['lower_bound'])} to {number(first['upper_bound'])}: "
    assert bars.first.locator("title").text_content() == expected + number(first["count"])
    _shot(page, shots, "histograms")


def _demo_arn(client: Any, execution_id: str) -> str:
    summaries = client.list_pipeline_executions(PipelineName="AbalonePipeline")
    [arn] = [
        s["PipelineExecutionArn"]
        for s in summaries["PipelineExecutionSummaries"]
        if s["PipelineExecutionArn"].endswith(execution_id)
    ]
    return str(arn)


def _wait_endpoint(client: Any, name: str, wanted: set[str], present: bool = True) -> None:
    deadline = time.monotonic() + 120
    while True:
        listed = {e["EndpointName"]: e for e in client.list_endpoints()["Endpoints"]}
        if (
            (listed.get(name, {}).get("EndpointStatus") in wanted)
            if present
            else name not in listed
        ):
            return
        assert time.monotonic() < deadline, f"endpoint {name}: {listed.get(name)}"
        time.sleep(0.25)


def test_an_endpoint_serving_the_demo_model(
    demo: dict[str, str], client: Any, page: Any, ui_server: RunningServer, shots: Path
) -> None:
    arn = _demo_arn(client, demo["execution"])
    created = client.describe_pipeline_execution_step(
        PipelineExecutionArn=arn, StepName="AbaloneCreateModel-CreateModel"
    )
    client.create_endpoint_config(
        EndpointConfigName="abalone-config",
        ProductionVariants=[
            {
                "VariantName": "AllTraffic",
                "ModelName": created["Properties"]["ModelName"],
                "InitialInstanceCount": 1,
                "InstanceType": "ml.m5.large",
            }
        ],
        DataCaptureConfig={
            "EnableCapture": True,
            "InitialSamplingPercentage": 100,
            "DestinationS3Uri": "s3://ui-tests/capture",
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        },
    )
    client.create_endpoint(EndpointName="abalone", EndpointConfigName="abalone-config")
    try:
        _wait_endpoint(client, "abalone", {"InService", "Failed"})
        runtime = scripts.runtime_of(ui_server.home)
        answer = runtime.invoke_endpoint(
            EndpointName="abalone",
            Body=b"0.1,0.2,0.1,0.3,0.2,0.1,0.2,1,0,0",
            ContentType="text/csv",
        )
        assert float(answer["Body"].read().decode().strip()) > 0
        page.goto(_ui(ui_server))
        page.get_by_role("link", name="Endpoints", exact=True).click()
        page.get_by_role("link", name="abalone", exact=True).click()
        assert page.locator("h1 .badge").get_attribute("data-status") == "InService"
        assert "AllTraffic" in page.locator("#variants-h + .table-wrap").inner_text()
        assert "s3://ui-tests/capture" in page.locator("#capture-h ~ dl").inner_text()
        stdout = page.locator("pre.logtext").first
        page.wait_for_function(
            "el => el.textContent.includes('Serving abalone')", arg=stdout.element_handle()
        )
        _shot(page, shots, "endpoint")
    finally:
        client.delete_endpoint(EndpointName="abalone")
        _wait_endpoint(client, "abalone", set(), present=False)


def test_phone_sized_pages_keep_their_content(
    demo: dict[str, str], chromium: Any, ui_server: RunningServer, shots: Path
) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for name, path in (
        ("phone-home", ""),
        ("phone-execution", f"executions/{demo['execution']}?step=AbaloneEval#step"),
    ):
        page.goto(_ui(ui_server, path))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"
        _shot(page, shots, name)
    context.close()


def test_a_server_with_credentials_asks_for_them(
    signed_ui_server: RunningServer, page: Any, shots: Path
) -> None:
    page.goto(_ui(signed_ui_server, "models"))
    assert page.url.startswith(_ui(signed_ui_server, "login"))
    page.get_by_label("Access key ID").fill(ACCESS_KEY)
    page.get_by_label("Secret access key").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert "not this server" in page.locator(".alert").inner_text()
    _shot(page, shots, "login")
    page.get_by_label("Access key ID").fill(ACCESS_KEY)
    page.get_by_label("Secret access key").fill(SECRET_KEY)
    page.get_by_role("button", name="Log in").click()
    assert page.url == _ui(signed_ui_server, "models")
    assert page.get_by_role("heading", name="Model registry").is_visible()
    cookies = page.context.cookies()
    [session] = [c for c in cookies if c["name"] == "dagmaker_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
