"""EMR steps run on Spark: the seed's EMRStep example, command-runner.jar, the cluster map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dagmaker
from dagmaker.cli.main import app
from dagmaker.runners import emr_clusters
from dagmaker.workflow.condition_step import ConditionStep
from dagmaker.workflow.conditions import ConditionEquals
from dagmaker.workflow.emr_step import EMRStep, EMRStepConfig
from dagmaker.workflow.fail_step import FailStep
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession
from dagmaker.workflow.retry import SageMakerJobExceptionTypeEnum, SageMakerJobStepRetryPolicy

BUCKET = "emr-bucket"
WORDCOUNT = """
import sys
from pyspark.sql import SparkSession, functions as F
source, target = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("wordcount").getOrCreate()
words = spark.read.text(source).select(F.explode(F.split("value", " ")).alias("word"))
counts = words.where(F.col("word") != "").groupBy("word").count().orderBy("word")
counts.coalesce(1).write.csv(target, header=True)
spark.stop()
"""
CLUSTER_CONFIG = {
    "Instances": {
        "InstanceGroups": [
            {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}
        ]
    },
    "ReleaseLabel": "emr-6.15.0",
}


def _session(home: Path) -> LocalPipelineSession:
    session = LocalPipelineSession()
    store = session.sagemaker_client.services.artifacts
    store.write_bytes(f"s3://{BUCKET}/input/part-1.txt", b"a b a\n")
    store.write_bytes(f"s3://{BUCKET}/input/part-2.txt", b"b c\n")
    store.write_bytes(f"s3://{BUCKET}/code/wordcount.py", WORDCOUNT.encode())
    return session


def _run(session: LocalPipelineSession, name: str, steps: list) -> dict:
    pipeline = Pipeline(name=name, steps=steps, sagemaker_session=session)
    pipeline.create(role_arn=dagmaker.get_execution_role())
    execution = pipeline.start()
    listed = pipeline.list_steps()
    described = session.sagemaker_client.describe_pipeline_execution(
        PipelineExecutionArn=execution.arn
    )
    return {"status": described["PipelineExecutionStatus"], "steps": listed, "arn": execution.arn}


def _seed_step() -> EMRStep:
    # The seed's example, with the input and output the JAR reads and writes first.
    emr_config = EMRStepConfig(
        jar="s3://path/to/jar/MyJar.jar",  # required, S3 path to jar
        args=[f"s3://{BUCKET}/input/", f"s3://{BUCKET}/output/report", "--verbose", "--force"],
        main_class="com.my.Main1",  # optional main class
        properties=[
            {"Key": "mapred.tasktracker.map.tasks.maximum", "Value": "2"},
            {"Key": "mapreduce.map.sort.spill.percent", "Value": "0.90"},
            {"Key": "mapreduce.tasktracker.reduce.tasks.maximum", "Value": "5"},
        ],
    )
    return EMRStep(
        name="EMRSampleStep",  # required
        cluster_id="j-1YONHTCP3YZKC",  # required
        step_config=emr_config,  # required
        display_name="My EMR Step",
        description="Pipeline step to execute EMR job",
    )


@pytest.mark.slow
def test_the_seed_emr_step_and_a_spark_submit_step_run_on_spark(
    home: Path, main1_jar: Path
) -> None:
    session = _session(home)
    store = session.sagemaker_client.services.artifacts
    store.upload_file(main1_jar, "s3://path/to/jar/MyJar.jar")
    mapped = CliRunner().invoke(
        app, ["emr", "clusters", "map", "j-1YONHTCP3YZKC", "--to", "local[2]"]
    )
    assert mapped.exit_code == 0, mapped.output
    seed_step = _seed_step()
    spark_step = EMRStep(
        name="WordCount",
        display_name=None,
        description=None,
        cluster_id=None,
        cluster_config=CLUSTER_CONFIG,
        step_config=EMRStepConfig(
            jar="command-runner.jar",
            args=[
                "spark-submit",
                "--deploy-mode",
                "cluster",
                f"s3://{BUCKET}/code/wordcount.py",
                f"s3://{BUCKET}/input/",
                f"s3://{BUCKET}/output/counts",
            ],
        ),
    )
    check = ConditionStep(
        name="BothCompleted",
        conditions=[
            ConditionEquals(left=seed_step.properties.Status.State, right="COMPLETED"),
            ConditionEquals(left=spark_step.properties.Status.State, right="COMPLETED"),
        ],
        if_steps=[],
        else_steps=[FailStep(name="NotCompleted", error_message="an EMR step did not complete")],
    )
    result = _run(session, "emr-steps", [seed_step, spark_step, check])
    assert result["status"] == "Succeeded", result

    report = store.read_bytes(f"s3://{BUCKET}/output/report/report.txt").decode()
    assert report == "lines=2 maps=2 spill=0.90 args=--verbose --force\n"
    counts = [uri for uri in store.list(f"s3://{BUCKET}/output/counts/") if uri.endswith(".csv")]
    assert len(counts) == 1
    assert store.read_bytes(counts[0]).decode().split() == ["word,count", "a,2", "b,2", "c,1"]
    assert store.exists(f"s3://{BUCKET}/output/counts/_SUCCESS")
    assert not [uri for uri in store.list(f"s3://{BUCKET}/output/") if "/." in uri]

    metadata = {
        s["StepName"]: s.get("Metadata", {}).get("EMR")
        for s in result["steps"]["PipelineExecutionSteps"]
    }
    assert metadata["EMRSampleStep"]["ClusterId"] == "j-1YONHTCP3YZKC"
    assert metadata["EMRSampleStep"]["StepId"].startswith("s-")
    created = metadata["WordCount"]["ClusterId"]
    assert created.startswith("j-") and created != "j-1YONHTCP3YZKC"


def test_a_step_on_a_terminated_cluster_fails_without_running(home: Path) -> None:
    session = _session(home)
    runner = CliRunner()
    mapped = runner.invoke(
        app,
        ["emr", "clusters", "map", "j-1YONHTCP3YZKC", "--to", "local[1]", "--state", "TERMINATED"],
    )
    assert mapped.exit_code == 0, mapped.output
    result = _run(session, "terminated", [_seed_step()])
    assert result["status"] == "Failed"
    [step] = result["steps"]["PipelineExecutionSteps"]
    assert "cluster j-1YONHTCP3YZKC is TERMINATED" in step["FailureReason"]
    assert "STARTING, BOOTSTRAPPING, RUNNING, WAITING" in step["FailureReason"]


def test_a_step_beyond_the_pending_cap_fails_as_a_resource_limit(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real cap is 256 PENDING steps; with a cap of 0 the first step is already beyond it.
    monkeypatch.setattr(emr_clusters, "PENDING_STEP_CAP", 0)
    session = _session(home)
    step = _seed_step()
    step.retry_policies = [
        SageMakerJobStepRetryPolicy(
            exception_types=[SageMakerJobExceptionTypeEnum.RESOURCE_LIMIT],
            interval_seconds=1,
            max_attempts=1,
        )
    ]
    result = _run(session, "capped", [step])
    assert result["status"] == "Failed"
    [step_view] = result["steps"]["PipelineExecutionSteps"]
    assert (
        "ResourceLimitExceeded: cluster j-1YONHTCP3YZKC already has 0 PENDING steps"
        in (step_view["FailureReason"])
    )
    events = session.sagemaker_client.services.event_log.load(result["arn"])
    failures = [e for e in events if e.kind == "StepFailed"]
    assert [e.failure_kind for e in failures] == ["SageMaker.RESOURCE_LIMIT"] * 2


def test_the_cluster_map_through_the_cli(home: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["emr", "clusters", "map", "j-ABC123", "--to", "spark://10.0.0.5:7077"]
        ).exit_code
        == 0
    )
    listed = json.loads(runner.invoke(app, ["emr", "clusters", "list", "--json"]).stdout)
    assert [(c["ClusterId"], c["Master"], c["State"]) for c in listed["Clusters"]] == [
        ("j-ABC123", "spark://10.0.0.5:7077", "WAITING")
    ]
    assert listed["DefaultMaster"] == "local[*]"
    bad_master = runner.invoke(app, ["emr", "clusters", "map", "j-ABC123", "--to", "yarn"])
    assert bad_master.exit_code == 2 and "spark://host:port" in bad_master.output
    bad_id = runner.invoke(app, ["emr", "clusters", "map", "cluster-1", "--to", "local[2]"])
    assert bad_id.exit_code == 2 and "j-1YONHTCP3YZKC" in bad_id.output
    bad_state = runner.invoke(
        app, ["emr", "clusters", "map", "j-ABC123", "--to", "local[2]", "--state", "ASLEEP"]
    )
    assert bad_state.exit_code == 2 and "TERMINATED_WITH_ERRORS" in bad_state.output
    removed = runner.invoke(app, ["emr", "clusters", "unmap", "j-ABC123"])
    assert removed.exit_code == 0 and "removed j-ABC123" in removed.output
    again = runner.invoke(app, ["emr", "clusters", "unmap", "j-ABC123"])
    assert "no mapping for j-ABC123" in again.output
