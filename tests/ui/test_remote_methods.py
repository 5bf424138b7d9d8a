"""The UI's two client methods travel over the wire like dagmaker's other extensions."""

from __future__ import annotations

import json
import time

from dagmaker import api
from tests.api.test_client import CONDITION_PIPELINE
from tests.server.conftest import RunningServer


def test_step_details_and_waiting_callbacks_over_the_wire(ui_server: RunningServer) -> None:
    client = api.connect(endpoint_url=ui_server.url)
    client.create_pipeline(
        PipelineName="remote-cond",
        PipelineDefinition=json.dumps(CONDITION_PIPELINE),
        RoleArn="arn:aws:iam::000000000000:role/x",
    )
    arn = client.start_pipeline_execution(
        PipelineName="remote-cond", PipelineParameters=[{"Name": "Threshold", "Value": "8"}]
    )["PipelineExecutionArn"]
    deadline = time.monotonic() + 60
    while (
        client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Executing"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    step = client.describe_pipeline_execution_step(PipelineExecutionArn=arn, StepName="TooHigh")
    assert step["StepStatus"] == "Failed"
    assert step["ResolvedArguments"] == {"ErrorMessage": "threshold 8.0 in dev"}
    assert client.list_waiting_callbacks(PipelineExecutionArn=arn) == {"WaitingCallbacks": []}
