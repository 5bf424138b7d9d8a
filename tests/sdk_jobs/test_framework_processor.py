"""FrameworkProcessor: packed code, runproc.sh, locations and errors."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import pytest

from dagmaker._sdk.runproc import render_runproc
from dagmaker.processing import FrameworkProcessor, ProcessingInput
from dagmaker.sklearn import SKLearn
from dagmaker.storage.artifacts import InMemoryArtifactStore
from dagmaker.workflow.pipeline_context import PipelineSession
from dagmaker.workflow.utilities import hash_files_or_dirs, hash_object
from dagmaker.xgboost import XGBoostProcessor
from tests.sdk_jobs.helpers import BUCKET, ROLE, compile_request


def _processor(session: Any, **kwargs: Any) -> FrameworkProcessor:
    settings = {"role": ROLE, "instance_type": "ml.m5.xlarge", "instance_count": 1}
    return FrameworkProcessor(SKLearn, "1.2-1", sagemaker_session=session, **{**settings, **kwargs})


def _project(workdir: Path) -> None:
    (workdir / "src").mkdir()
    (workdir / "src" / "process.py").write_text("import helpers\n")
    (workdir / "src" / "requirements.txt").write_text("numpy\n")
    (workdir / "lib" / "helpers").mkdir(parents=True)
    (workdir / "lib" / "helpers" / "__init__.py").write_text("")


def test_defaults_come_from_the_estimator_class(pipeline_session: PipelineSession) -> None:
    processor = _processor(pipeline_session)
    assert processor.image_uri.endswith("sagemaker-scikit-learn:1.2-1-cpu-py3")
    assert processor.base_job_name == "sklearn"
    assert processor.command == ["python"]
    xgboost = XGBoostProcessor(
        "1.7-1", instance_type="ml.m5.large", sagemaker_session=pipeline_session
    )
    assert xgboost.base_job_name == "xgboost"
    assert xgboost.image_uri.endswith("sagemaker-xgboost:1.7-1")


def test_code_is_packed_with_a_runproc_entry_script(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    _project(workdir)
    step_args = _processor(pipeline_session).run(
        code="process.py",
        source_dir="src",
        dependencies=["lib/helpers"],
        inputs=[ProcessingInput(source="s3://b/in", destination="/opt/ml/processing/in")],
    )
    request = compile_request(step_args, pipeline_session, "Pipe")
    _user, code, entry = request["ProcessingInputs"]
    digest = hash_files_or_dirs(["process.py", "src", "lib/helpers"])
    archive = f"s3://{BUCKET}/Pipe/code/{digest}/sourcedir.tar.gz"
    assert (code["InputName"], code["S3Input"]["S3Uri"]) == ("code", archive)
    assert code["S3Input"]["LocalPath"] == "/opt/ml/processing/input/code/"
    with tarfile.open(fileobj=io.BytesIO(store.read_bytes(archive)), mode="r:gz") as packed:
        assert sorted(packed.getnames()) == [
            "helpers",
            "helpers/__init__.py",
            "process.py",
            "requirements.txt",
        ]
    script = render_runproc(["python"], "process.py")
    runproc = f"s3://{BUCKET}/Pipe/code/{hash_object(script)}/runproc.sh"
    assert (entry["InputName"], entry["S3Input"]["S3Uri"]) == ("entrypoint", runproc)
    assert entry["S3Input"]["LocalPath"] == "/opt/ml/processing/input/entrypoint"
    assert store.read_bytes(runproc).decode() == script
    assert request["AppSpecification"]["ContainerEntrypoint"] == [
        "/bin/bash",
        "/opt/ml/processing/input/entrypoint/runproc.sh",
    ]


def test_runproc_runs_the_command_on_the_script() -> None:
    script = render_runproc(["python3", "-u"], "my job.py")
    assert script.startswith("#!/bin/bash\n")
    assert "tar -xzf sourcedir.tar.gz" in script
    assert "python -m pip install -r requirements.txt" in script
    assert script.rstrip().endswith("python3 -u 'my job.py' \"$@\"")


def test_outside_a_pipeline_runproc_sits_next_to_the_code(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    (workdir / "run.py").write_text("print(1)\n")
    request = _processor(pipeline_session).run(code="run.py").request_dict
    job_name = request["ProcessingJobName"]
    assert job_name.startswith("sklearn-")
    uris = [item["S3Input"]["S3Uri"] for item in request["ProcessingInputs"]]
    assert uris == [
        f"s3://{BUCKET}/{job_name}/source/sourcedir.tar.gz",
        f"s3://{BUCKET}/{job_name}/source/runproc.sh",
    ]
    assert store.exists(uris[1])


def test_get_run_args_packs_now(
    pipeline_session: PipelineSession, store: InMemoryArtifactStore, workdir: Path
) -> None:
    (workdir / "run.py").write_text("print(1)\n")
    run_args = _processor(pipeline_session).get_run_args("run.py", job_name="fixed")
    assert run_args.code == f"s3://{BUCKET}/fixed/source/runproc.sh"
    assert run_args.inputs[0].source == f"s3://{BUCKET}/fixed/source/sourcedir.tar.gz"
    assert store.exists(run_args.code)


def test_code_in_s3_is_run_directly(pipeline_session: PipelineSession) -> None:
    request = _processor(pipeline_session).run(code="s3://b/scripts/run.sh").request_dict
    assert request["ProcessingInputs"][0]["S3Input"]["S3Uri"] == "s3://b/scripts/run.sh"
    assert request["AppSpecification"]["ContainerEntrypoint"] == [
        "/bin/bash",
        "/opt/ml/processing/input/entrypoint/run.sh",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"git_config": {"repo": "x"}}, "git_config is not supported"),
        ({"codeartifact_repo_arn": "arn:x"}, "codeartifact_repo_arn is not supported"),
        ({"code": "nothere.py"}, "code 'nothere.py' was not found"),
    ],
)
def test_unsupported_or_missing_code_is_rejected(
    pipeline_session: PipelineSession, workdir: Path, kwargs: dict[str, Any], message: str
) -> None:
    arguments = {"code": "s3://b/x.py", **kwargs}
    with pytest.raises(ValueError, match=message):
        _processor(pipeline_session).run(**arguments)


def test_a_script_missing_from_its_source_dir_is_reported(
    pipeline_session: PipelineSession, workdir: Path
) -> None:
    (workdir / "src").mkdir()
    step_args = _processor(pipeline_session).run(code="absent.py", source_dir="src")
    with pytest.raises(
        ValueError, match=r'No file named "absent\.py" was found in directory "src"'
    ):
        compile_request(step_args, pipeline_session)
