"""InstanceCount and ShardedByS3Key; job logs and job documents through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dagmaker.api import connect
from dagmaker.cli.main import app
from tests.e2e.defs import BUCKET, pipeline, processing, upload_code

SHARD = """
import json, os
files = sorted(os.listdir("/opt/ml/processing/input/data"))
config = json.load(open("/opt/ml/config/resourceconfig.json"))
host = config["current_host"]
os.makedirs("/opt/ml/processing/output/o", exist_ok=True)
with open(f"/opt/ml/processing/output/o/{host}.json", "w") as handle:
    json.dump({"hosts": config["hosts"], "files": files}, handle)
print(f"{host} saw {len(files)} files")
"""


def test_two_instances_share_a_sharded_input(home: Path) -> None:
    client = connect(inline=True)
    for i in range(6):
        client.services.artifacts.write_bytes(f"s3://{BUCKET}/parts/part-{i}.csv", b"1\n")
    step = processing(
        "Shard",
        upload_code("shard.py", SHARD),
        inputs={"data": f"s3://{BUCKET}/parts"},
        outputs={"o": f"s3://{BUCKET}/shards"},
    )
    step["Arguments"]["ProcessingResources"]["ClusterConfig"]["InstanceCount"] = 2
    step["Arguments"]["ProcessingInputs"][0]["S3Input"]["S3DataDistributionType"] = "ShardedByS3Key"
    client.create_pipeline(PipelineName="shard", PipelineDefinition=json.dumps(pipeline(step)))
    arn = client.start_pipeline_execution(PipelineName="shard")["PipelineExecutionArn"]
    assert (
        client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Succeeded"
    )
    seen = {
        host: json.loads(client.services.artifacts.read_bytes(f"s3://{BUCKET}/shards/{host}.json"))
        for host in ("algo-1", "algo-2")
    }
    assert seen["algo-1"]["hosts"] == ["algo-1", "algo-2"]
    files = seen["algo-1"]["files"] + seen["algo-2"]["files"]
    assert sorted(files) == [f"part-{i}.csv" for i in range(6)]
    assert len(seen["algo-1"]["files"]) == 3 and not set(seen["algo-1"]["files"]) & set(
        seen["algo-2"]["files"]
    )

    runner = CliRunner()
    execution = arn.rsplit("/", 1)[-1]
    log = runner.invoke(app, ["logs", execution, "Shard", "--host", "algo-2"])
    assert log.exit_code == 0 and "algo-2 saw 3 files" in log.stdout
    jobs = json.loads(runner.invoke(app, ["jobs", "list", "--json"]).stdout)["Jobs"]
    [job] = [j for j in jobs if j["StepName"] == "Shard"]
    described = json.loads(
        runner.invoke(app, ["jobs", "describe", job["JobName"], "--json"]).stdout
    )
    assert described["ProcessingJobStatus"] == "Completed"
    assert described["ProcessingResources"]["ClusterConfig"]["InstanceCount"] == 2
    missing = runner.invoke(app, ["logs", execution, "NoSuchStep"])
    assert missing.exit_code == 2 and "has not started" in missing.output


FIRST_HOST_FAILS = """
import json, sys, time
host = json.load(open("/opt/ml/config/resourceconfig.json"))["current_host"]
if host == "algo-1":
    sys.exit("algo-1 gives up")
time.sleep(60)
"""


def test_one_failing_host_stops_the_others_and_explains_the_failure(home: Path) -> None:
    client = connect(inline=True)
    step = processing("Split", upload_code("split.py", FIRST_HOST_FAILS))
    step["Arguments"]["ProcessingResources"]["ClusterConfig"]["InstanceCount"] = 3
    client.create_pipeline(PipelineName="split", PipelineDefinition=json.dumps(pipeline(step)))
    arn = client.start_pipeline_execution(PipelineName="split")["PipelineExecutionArn"]
    [listed] = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)[
        "PipelineExecutionSteps"
    ]
    assert listed["StepStatus"] == "Failed"
    assert listed["FailureReason"].startswith("AlgorithmError:"), listed["FailureReason"]
    assert "algo-1 gives up" in listed["FailureReason"]
