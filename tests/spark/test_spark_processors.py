"""The seed's PySparkProcessor example and a SparkJarProcessor job, run on local Spark."""

from __future__ import annotations

from pathlib import Path

import pytest

import dagmaker
from dagmaker.processing import ProcessingInput, ProcessingOutput
from dagmaker.spark.processing import PySparkProcessor, SparkJarProcessor
from dagmaker.workflow.pipeline import Pipeline
from dagmaker.workflow.pipeline_context import LocalPipelineSession
from dagmaker.workflow.steps import ProcessingStep

pytestmark = pytest.mark.slow

PREPROCESS = """
from pyspark.sql import SparkSession, functions as F
spark = SparkSession.builder.appName("abalone").getOrCreate()
rows = spark.read.csv("/opt/ml/processing/input", header=True, inferSchema=True)
bucket = F.col("id") % 10
parts = {"train": bucket < 7, "validation": bucket.isin(7, 8), "test": bucket == 9}
for name, where in parts.items():
    chosen = rows.where(where).orderBy("id").drop("id")
    chosen.coalesce(1).write.mode("overwrite").csv(f"/opt/ml/processing/{name}")
spark.stop()
"""


def _data() -> bytes:
    lines = ["id,rings,length"] + [f"{i},{i % 7 + 3},{0.1 * i:.1f}" for i in range(30)]
    return ("\n".join(lines) + "\n").encode()


def _csv_rows(store: object, prefix: str) -> list[str]:
    uris = [u for u in store.list(prefix) if u.endswith(".csv")]  # type: ignore[attr-defined]
    return [line for u in uris for line in store.read_bytes(u).decode().split()]  # type: ignore[attr-defined]


def test_the_seed_pyspark_example_and_a_spark_jar_job(
    home: Path, tmp_path: Path, main1_jar: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("preprocess.py").write_text(PREPROCESS)
    session = LocalPipelineSession()
    store = session.sagemaker_client.services.artifacts
    store.write_bytes("s3://spark-bucket/abalone/abalone.csv", _data())
    input_data = "s3://spark-bucket/abalone"
    role = dagmaker.get_execution_role()

    # The seed's example, as written there.
    pyspark_processor = PySparkProcessor(
        framework_version="2.4",
        role=role,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    run_args = pyspark_processor.get_run_args(
        "preprocess.py",
        inputs=[
            ProcessingInput(source=input_data, destination="/opt/ml/processing/input"),
        ],
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source="/opt/ml/processing/test"),
        ],
        arguments=None,
    )
    with pytest.warns(DeprecationWarning, match=r"ProcessingStep\(processor=\.\.\.\)"):
        step_process = ProcessingStep(
            name="AbaloneProcess",
            processor=pyspark_processor,
            inputs=run_args.inputs,
            outputs=run_args.outputs,
            job_arguments=run_args.arguments,
            code=run_args.code,
        )

    jar_processor = SparkJarProcessor(
        framework_version="3.1",
        role=role,
        instance_type="ml.m5.xlarge",
        instance_count=2,
        sagemaker_session=session,
    )
    jar_args = jar_processor.run(
        submit_app=str(main1_jar),
        submit_class="com.my.Main1",
        inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input/data")],
        outputs=[ProcessingOutput(output_name="report", source="/opt/ml/processing/output/report")],
        arguments=["/opt/ml/processing/input/data", "/opt/ml/processing/output/report", "-v"],
        configuration=[
            {
                "Classification": "spark-defaults",
                "Properties": {
                    "spark.driver.extraJavaOptions": "-Dmapred.tasktracker.map.tasks.maximum=4"
                },
            }
        ],
    )
    step_jar = ProcessingStep(name="JarProcess", step_args=jar_args)

    pipeline = Pipeline(
        name="spark-processors", steps=[step_process, step_jar], sagemaker_session=session
    )
    pipeline.create(role_arn=role)
    execution = pipeline.start()
    described = session.sagemaker_client.describe_pipeline_execution(
        PipelineExecutionArn=execution.arn
    )
    assert described["PipelineExecutionStatus"] == "Succeeded", pipeline.list_steps()

    steps = {s["StepName"]: s for s in pipeline.list_steps()["PipelineExecutionSteps"]}
    job = session.sagemaker_client.describe_processing_job(
        ProcessingJobName=steps["AbaloneProcess"]["Metadata"]["ProcessingJob"]["Arn"]
    )
    outputs = {
        o["OutputName"]: o["S3Output"]["S3Uri"] for o in job["ProcessingOutputConfig"]["Outputs"]
    }
    train = _csv_rows(store, outputs["train"] + "/")
    validation = _csv_rows(store, outputs["validation"] + "/")
    test = _csv_rows(store, outputs["test"] + "/")
    assert (len(train), len(validation), len(test)) == (21, 6, 3)
    assert test == [f"{i % 7 + 3},{0.1 * i:.1f}" for i in (9, 19, 29)]

    jar_job = session.sagemaker_client.describe_processing_job(
        ProcessingJobName=steps["JarProcess"]["Metadata"]["ProcessingJob"]["Arn"]
    )
    entry = jar_job["AppSpecification"]["ContainerEntrypoint"]
    assert entry[:3] == ["smspark-submit", "--class", "com.my.Main1"]
    [report_uri] = [o["S3Output"]["S3Uri"] for o in jar_job["ProcessingOutputConfig"]["Outputs"]]
    report = store.read_bytes(report_uri.rstrip("/") + "/report.txt").decode()
    assert report == "lines=31 maps=4 spill=null args=-v\n"
