"""Job classes with a plain Session start real local jobs and wait for them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker import image_uris
from dagmaker.errors import JobFailure
from dagmaker.estimator import Estimator
from dagmaker.inputs import TrainingInput
from dagmaker.processing import FrameworkProcessor, ProcessingInput, ProcessingOutput
from dagmaker.session import Session
from dagmaker.sklearn import SKLearn, SKLearnProcessor

pytestmark = pytest.mark.slow

PROCESS = """\
import json, pathlib, sys
rows = pathlib.Path("/opt/ml/processing/input/data.csv").read_text().splitlines()
out = pathlib.Path("/opt/ml/processing/result")
out.mkdir(parents=True, exist_ok=True)
(out / "summary.json").write_text(json.dumps({"rows": len(rows), "args": sys.argv[1:]}))
"""

TRAIN = """\
import argparse, json, os, pathlib
parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float)
args, _ = parser.parse_known_args()
rows = pathlib.Path(os.environ["SM_CHANNEL_TRAIN"], "train.csv").read_text().splitlines()
pathlib.Path(os.environ["SM_MODEL_DIR"], "model.json").write_text(
    json.dumps({"alpha": args.alpha, "rows": len(rows)})
)
print(f"val_acc={0.5 + args.alpha}")
"""


@pytest.fixture
def session(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.chdir(tmp_path)
    return Session()


def _regression_csv(path: Path) -> None:
    rows = [f"{2 * x + 1},{x},{x % 3}" for x in range(60)]
    path.write_text("\n".join(rows) + "\n")


def test_processing_job_runs_and_writes_its_output(session: Session, tmp_path: Path) -> None:
    (tmp_path / "process.py").write_text(PROCESS)
    (tmp_path / "data.csv").write_text("a,1\nb,2\nc,3\n")
    processor = SKLearnProcessor(
        "1.2-1", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session
    )
    result = processor.run(
        code="process.py",
        inputs=[ProcessingInput(source="data.csv", destination="/opt/ml/processing/input")],
        outputs=[ProcessingOutput(output_name="result", source="/opt/ml/processing/result")],
        arguments=["--mode", "full"],
    )
    assert result is None
    description = processor.latest_job.describe()
    assert description["ProcessingJobStatus"] == "Completed"
    uri = description["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    bucket, _, key = uri[len("s3://") :].partition("/")
    summary = json.loads(session.read_s3_file(bucket, f"{key}/summary.json"))
    assert summary == {"rows": 3, "args": ["--mode", "full"]}
    assert processor.jobs == [processor.latest_job]


def test_a_failing_processing_job_raises_with_its_reason(session: Session, tmp_path: Path) -> None:
    (tmp_path / "fail.py").write_text("raise SystemExit('bad input')\n")
    processor = SKLearnProcessor(
        "1.2-1", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session
    )
    with pytest.raises(JobFailure, match=r"(?s)processing job '.*' failed: .*bad input") as raised:
        processor.run(code="fail.py", logs=False)
    assert raised.value.value == processor.latest_job.name
    assert processor.latest_job.describe()["ProcessingJobStatus"] == "Failed"


def test_start_without_waiting_then_wait(session: Session, tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("print('ok')\n")
    processor = SKLearnProcessor(
        "1.2-1", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session
    )
    processor.run(code="ok.py", wait=False, logs=False)
    assert processor.latest_job.wait(logs=False)["ProcessingJobStatus"] == "Completed"


def test_framework_processor_runs_the_script_from_its_source_dir(
    session: Session, tmp_path: Path
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "helper.py").write_text("VALUE = 'from-helper'\n")
    (source / "process.py").write_text(
        "import pathlib, sys\n"
        "import helper\n"
        "out = pathlib.Path('/opt/ml/processing/out')\n"
        "out.mkdir(parents=True, exist_ok=True)\n"
        "(out / 'result.txt').write_text(helper.VALUE + ' ' + ' '.join(sys.argv[1:]))\n"
    )
    processor = FrameworkProcessor(
        SKLearn, "1.2-1", instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=session
    )
    processor.run(
        code="process.py",
        source_dir="src",
        outputs=[ProcessingOutput(output_name="out", source="/opt/ml/processing/out")],
        arguments=["--k", "v"],
        logs=False,
    )
    description = processor.latest_job.describe()
    uri = description["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    bucket, _, key = uri[len("s3://") :].partition("/")
    assert session.read_s3_file(bucket, f"{key}/result.txt") == "from-helper --k v"


def test_script_mode_training_reads_hyperparameters_and_reports_metrics(
    session: Session, tmp_path: Path
) -> None:
    (tmp_path / "train.py").write_text(TRAIN)
    _regression_csv(tmp_path / "train.csv")
    data = session.upload_data("train.csv", key_prefix="e2e/train")
    estimator = SKLearn(
        entry_point="train.py",
        framework_version="1.2-1",
        instance_type="ml.m5.xlarge",
        hyperparameters={"alpha": 0.25},
        metric_definitions=[{"Name": "val:acc", "Regex": "val_acc=([0-9.]+)"}],
        sagemaker_session=session,
    )
    estimator.fit({"train": data}, logs=False)
    description = estimator.latest_training_job.describe()
    assert description["TrainingJobStatus"] == "Completed"
    metrics = {m["MetricName"]: m["Value"] for m in description["FinalMetricDataList"]}
    assert metrics == {"val:acc": 0.75}
    assert estimator.model_data == description["ModelArtifacts"]["S3ModelArtifacts"]
    assert estimator.model_data.endswith("/output/model.tar.gz")


def test_builtin_xgboost_trains_from_csv_channels(session: Session, tmp_path: Path) -> None:
    _regression_csv(tmp_path / "train.csv")
    data = session.upload_data("train.csv", key_prefix="e2e/xgb")
    estimator = Estimator(
        image_uri=image_uris.retrieve("xgboost", "local", version="1.7-1"),
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    estimator.set_hyperparameters(objective="reg:squarederror", num_round=5)
    channel = TrainingInput(data, content_type="text/csv")
    estimator.fit({"train": channel, "validation": channel}, logs=False)
    description = estimator.latest_training_job.describe()
    names = {m["MetricName"] for m in description["FinalMetricDataList"]}
    assert "validation:rmse" in names
    assert estimator.model_data.startswith("s3://dagmaker-default-bucket/")
