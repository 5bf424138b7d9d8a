"""PySparkProcessor: image, staged dependencies, configuration and legacy get_run_args."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dagmaker.processing import ProcessingOutput
from dagmaker.spark import PySparkProcessor
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.parameters import ParameterString
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.utilities import hash_files_or_dirs, hash_object
from tests.sdk_jobs.helpers import BUCKET, ROLE, compile_request


def _spark(session: Any, **kwargs: Any) -> PySparkProcessor:
    settings = {"role": ROLE, "instance_type": "ml.m5.xlarge", "instance_count": 2}
    return PySparkProcessor(
        framework_version="3.1", sagemaker_session=session, **{**settings, **kwargs}
    )


def test_image_command_and_environment(pipeline_session: PipelineSession) -> None:
    processor = _spark(pipeline_session)
    assert processor.image_uri == (
        "153931337802.dkr.ecr.us-west-2.amazonaws.com/sagemaker-spark-processing:3.1-cpu"
    )
    assert processor.command == ["smspark-submit"]
    assert processor.env == {}
    with pytest.raises(ValueError, match="give both py_version and container_version"):
        _spark(pipeline_session, py_version="py37")


def test_local_dependencies_are_staged_together(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    (workdir / "app.py").write_text("print(1)\n")
    (workdir / "dep.py").write_text("X = 1\n")
    bucket_var = ParameterString(name="Deps", default_value="s3://b/deps.zip")
    step_args = _spark(pipeline_session).run(
        submit_app="app.py",
        submit_py_files=["dep.py", bucket_var],
        submit_jars=["s3://b/a.jar"],
        configuration={"Classification": "spark-defaults", "Properties": {"k": "v"}},
    )
    request = compile_request(step_args, pipeline_session, "Pipe", "Spark")
    digest = hash_files_or_dirs(["app.py", "dep.py", "s3://b/a.jar"])
    inputs = {item["InputName"]: item["S3Input"]["S3Uri"] for item in request["ProcessingInputs"]}
    assert inputs["py-files"] == f"s3://{BUCKET}/Pipe/code/{digest}/py-files"
    assert store.read_bytes(f"{inputs['py-files']}/dep.py") == b"X = 1\n"
    configuration = {"Classification": "spark-defaults", "Properties": {"k": "v"}}
    conf = f"s3://{BUCKET}/Pipe/Spark/input/conf/{hash_object(configuration)}/configuration.json"
    assert inputs["conf"] == conf
    assert json.loads(store.read_bytes(conf)) == configuration
    entrypoint = request["AppSpecification"]["ContainerEntrypoint"]
    assert entrypoint[:2] == ["smspark-submit", "--py-files"]
    assert entrypoint[2] == {
        "Std:Join": {
            "On": ",",
            "Values": [{"Get": "Parameters.Deps"}, "/opt/ml/processing/input/py-files"],
        }
    }
    assert entrypoint[3:] == ["--jars", "s3://b/a.jar", "/opt/ml/processing/input/code/app.py"]


def test_event_logs_become_a_continuous_output(
    pipeline_session: PipelineSession, workdir: Path
) -> None:
    (workdir / "app.py").write_text("print(1)\n")
    step_args = _spark(pipeline_session).run(
        submit_app="app.py",
        outputs=[ProcessingOutput(output_name="o", source="/opt/ml/processing/o")],
        spark_event_logs_s3_uri="s3://b/events",
    )
    outputs = compile_request(step_args, pipeline_session)["ProcessingOutputConfig"]["Outputs"]
    assert outputs[1] == {
        "OutputName": "output-2",
        "AppManaged": False,
        "S3Output": {
            "S3Uri": "s3://b/events",
            "LocalPath": "/opt/ml/processing/spark-events/",
            "S3UploadMode": "Continuous",
        },
    }


def test_get_run_args_stages_now_and_legacy_run_keeps_the_command(
    pipeline_session: PipelineSession, workdir: Path
) -> None:
    processor = _spark(pipeline_session)
    run_args = processor.get_run_args("s3://b/app.py", submit_files=["s3://b/f.txt"])
    assert run_args.code == "s3://b/app.py"
    request = processor.run(code=run_args.code, inputs=run_args.inputs).request_dict
    assert request["AppSpecification"]["ContainerEntrypoint"] == [
        "smspark-submit",
        "--files",
        "s3://b/f.txt",
        "/opt/ml/processing/input/code/app.py",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"submit_app": None}, "submit_app is required"),
        ({"submit_py_files": "dep.py"}, "submit_py_files must be a non-empty list"),
        ({"spark_event_logs_s3_uri": "/tmp/events"}, "must be an s3:// URI"),
        ({"configuration": {"Properties": {}}}, "needs 'Classification' and 'Properties'"),
        (
            {"configuration": {"Classification": "nope", "Properties": {}}},
            "unknown configuration classification 'nope'",
        ),
        ({"submit_jars": ["hdfs://x/a.jar"]}, "unsupported scheme 'hdfs'"),
    ],
)
def test_bad_spark_arguments_are_rejected(
    pipeline_session: PipelineSession, kwargs: dict[str, Any], message: str
) -> None:
    arguments = {"submit_app": "s3://b/app.py", **kwargs}
    with pytest.raises(ValueError, match=message):
        compile_request(_spark(pipeline_session).run(**arguments), pipeline_session)
