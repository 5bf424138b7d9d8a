"""Processing jobs with SageMaker's Clarify image, run through the client.

The job runs dagmaker's Clarify program in the sandbox: the SDK's golden data-bias
analysis, post-training bias and SHAP from a scikit-learn model created with
create_model, drift against a baseline, and a bad configuration failing the job.
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
import time
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from dagmaker.api import connect
from dagmaker.api.client import LocalSageMakerClient

CLARIFY = "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/test"
BUCKET = "clarify-bucket"
FIXTURES = Path(__file__).parents[1] / "quality" / "mq_clarify_fixtures"
INFERENCE = """
import os

import joblib


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def predict_fn(data, model):
    return model.predict_proba(data)[:, 1]
"""


def _request(name: str, config_uri: str, data_uri: str, **extra: Any) -> dict[str, Any]:
    def item(input_name: str, uri: str, path: str) -> dict[str, Any]:
        return {
            "InputName": input_name,
            "S3Input": {
                "S3Uri": uri,
                "LocalPath": path,
                "S3DataType": "S3Prefix",
                "S3InputMode": "File",
            },
        }

    inputs = [
        item("analysis_config", config_uri, "/opt/ml/processing/input/config"),
        item("dataset", data_uri, "/opt/ml/processing/input/data"),
    ]
    inputs += [item(n, u, p) for n, u, p in extra.pop("more_inputs", [])]
    return {
        "ProcessingJobName": name,
        "RoleArn": ROLE,
        "AppSpecification": {"ImageUri": CLARIFY},
        "ProcessingResources": {
            "ClusterConfig": {
                "InstanceCount": 1,
                "InstanceType": "ml.m5.large",
                "VolumeSizeInGB": 5,
            }
        },
        "ProcessingInputs": inputs,
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "analysis_result",
                    "S3Output": {
                        "S3Uri": f"s3://{BUCKET}/results/{name}",
                        "LocalPath": "/opt/ml/processing/output",
                        "S3UploadMode": "EndOfJob",
                    },
                }
            ]
        },
        **extra,
    }


def _run(client: LocalSageMakerClient, request: dict[str, Any]) -> dict[str, Any]:
    client.create_processing_job(**request)
    deadline = time.monotonic() + 120
    while True:
        described = client.describe_processing_job(ProcessingJobName=request["ProcessingJobName"])
        if described["ProcessingJobStatus"] not in ("InProgress", "Stopping"):
            return described
        assert time.monotonic() < deadline, "the Clarify job did not end"
        time.sleep(0.2)


def _put_json(client: LocalSageMakerClient, key: str, document: dict[str, Any]) -> str:
    client.services.artifacts.write_bytes(f"s3://{BUCKET}/{key}", json.dumps(document).encode())
    return f"s3://{BUCKET}/{key}"


def _read_json(client: LocalSageMakerClient, uri: str) -> Any:
    return json.loads(client.services.artifacts.read_bytes(uri))


DATA_BIAS_CONFIG = {
    "dataset_type": "text/csv",
    "headers": ["Label", "F1", "F2", "F3", "F4"],
    "label": "Label",
    "label_values_or_threshold": [1],
    "facet": [{"name_or_index": "F1", "value_or_threshold": [0.5]}],
    "group_variable": "F2",
    "methods": {"pre_training_bias": {"methods": "all"}, "report": {"name": "report"}},
}


def test_data_bias_job_writes_the_containers_analysis(home: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    store.write_bytes(
        f"s3://{BUCKET}/bias/data/dataset.csv", (FIXTURES / "clarify_dataset.csv").read_bytes()
    )
    config_uri = _put_json(client, "bias/config/analysis_config.json", DATA_BIAS_CONFIG)
    bad_baseline = (FIXTURES / "clarify_data_bias_bad_analysis.json").read_bytes()
    store.write_bytes(f"s3://{BUCKET}/bias/baseline/analysis.json", bad_baseline)
    request = _request(
        "data-bias",
        config_uri,
        f"s3://{BUCKET}/bias/data",
        more_inputs=[
            ("baseline", f"s3://{BUCKET}/bias/baseline", "/opt/ml/processing/baseline"),
        ],
        Environment={"baseline_constraints": "/opt/ml/processing/baseline/analysis.json"},
    )
    described = _run(client, request)
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    results = f"s3://{BUCKET}/results/data-bias"
    expected = json.loads((FIXTURES / "clarify_data_bias_analysis.json").read_text())
    assert _read_json(client, f"{results}/analysis.json") == expected
    report = store.read_bytes(f"{results}/report.html").decode()
    assert "Class Imbalance (CI)" in report
    assert json.loads(store.read_bytes(f"{results}/report.ipynb"))["nbformat"] == 4
    violations = _read_json(client, f"{results}/constraint_violations.json")["violations"]
    assert [(v["facet"], v["metric_name"]) for v in violations] == [("F1", "KS")]


def _model_data(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    count = 300
    sex = rng.integers(0, 2, size=count)
    x1 = np.round(rng.normal(size=count), 4)
    x2 = np.round(rng.normal(size=count), 4)
    label = (x1 + 0.8 * sex + rng.normal(scale=0.5, size=count) > 0.4).astype(int)
    return np.column_stack([sex, x1, x2]), label


def _create_model(client: LocalSageMakerClient, features: np.ndarray, label: np.ndarray) -> Any:
    model = LogisticRegression().fit(features, label)
    pickled = io.BytesIO()
    joblib.dump(model, pickled)
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, content in (
            ("model.joblib", pickled.getvalue()),
            ("code/inference.py", INFERENCE.encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    client.services.artifacts.write_bytes(f"s3://{BUCKET}/model/model.tar.gz", archive.getvalue())
    client.create_model(
        ModelName="clarify-lr",
        ExecutionRoleArn=ROLE,
        PrimaryContainer={
            "Image": SKLEARN,
            "ModelDataUrl": f"s3://{BUCKET}/model/model.tar.gz",
            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"},
        },
    )
    return model


def test_model_bias_and_shap_from_a_created_model(home: Path) -> None:
    client = connect(inline=True)
    features, label = _model_data(np.random.default_rng(11))
    model = _create_model(client, features, label)
    lines = ["y,sex,x1,x2"] + [
        f"{y},{int(f[0])},{f[1]},{f[2]}" for y, f in zip(label, features, strict=True)
    ]
    client.services.artifacts.write_bytes(
        f"s3://{BUCKET}/mb/data/train.csv", ("\n".join(lines) + "\n").encode()
    )
    config = {
        "dataset_type": "text/csv",
        "label": "y",
        "label_values_or_threshold": [1],
        "facet": [{"name_or_index": "sex", "value_or_threshold": [0]}],
        "probability_threshold": 0.5,
        "methods": {
            "post_training_bias": {"methods": "all"},
            "shap": {
                "baseline": [[0, 0, 0]],
                "use_logit": True,
                "seed": 3,
                "save_local_shap_values": True,
            },
        },
        "predictor": {
            "model_name": "clarify-lr",
            "instance_type": "ml.m5.large",
            "initial_instance_count": 1,
            "accept_type": "text/csv",
        },
    }
    config_uri = _put_json(client, "mb/config/analysis_config.json", config)
    described = _run(client, _request("model-bias", config_uri, f"s3://{BUCKET}/mb/data"))
    assert described["ProcessingJobStatus"] == "Completed", described.get("FailureReason")
    analysis = _read_json(client, f"s3://{BUCKET}/results/model-bias/analysis.json")

    section = analysis["post_training_bias_metrics"]
    assert section["label"] == "y"
    (group,) = section["facets"]["sex"]
    assert group["value_or_threshold"] == "0"
    metrics = {m["name"]: m["value"] for m in group["metrics"]}
    assert sorted(metrics) == sorted(
        ["AD", "CDDPL", "DAR", "DCA", "DCR", "DI", "DPPL", "DRR", "FT", "GE", "RD", "SD", "TE"]
    )
    predicted = model.predict_proba(features)[:, 1] > 0.5
    in_d = features[:, 0] == 0
    rate_a, rate_d = predicted[~in_d].mean(), predicted[in_d].mean()
    assert metrics["DPPL"] == pytest.approx(rate_a - rate_d, abs=1e-12)
    assert metrics["DI"] == pytest.approx(rate_d / rate_a, abs=1e-12)
    accuracy_a = (predicted[~in_d] == label[~in_d]).mean()
    assert metrics["AD"] == pytest.approx(accuracy_a - (predicted[in_d] == label[in_d]).mean())
    assert isinstance(metrics["FT"], float)

    # Logistic regression is linear in log-odds: against a zero baseline each feature's
    # attribution is its coefficient times its value.
    shap = analysis["explanations"]["kernel_shap"]["label0"]
    exact = features * model.coef_[0]
    for i, name in enumerate(["sex", "x1", "x2"]):
        assert shap["global_shap_values"][name] == pytest.approx(np.mean(np.abs(exact[:, i])))
    assert shap["expected_value"] == pytest.approx(model.intercept_[0])
    local = client.services.artifacts.read_bytes(
        f"s3://{BUCKET}/results/model-bias/explanations_shap/out.csv"
    )
    rows = list(csv.reader(io.StringIO(local.decode())))
    assert rows[0] == ["sex", "x1", "x2"]
    assert len(rows) == len(features) + 1
    assert float(rows[1][1]) == pytest.approx(exact[0, 1], abs=1e-6)


def test_a_bad_facet_fails_the_job_with_a_client_error(home: Path) -> None:
    client = connect(inline=True)
    store = client.services.artifacts
    store.write_bytes(f"s3://{BUCKET}/bad/data/d.csv", b"y,group\n1,a\n0,b\n1,a\n0,c\n")
    config = dict(DATA_BIAS_CONFIG, headers=None, label="y", group_variable=None)
    config["facet"] = [{"name_or_index": "group", "value_or_threshold": [0.5]}]
    config_uri = _put_json(client, "bad/config/analysis_config.json", config)
    described = _run(client, _request("bad-facet", config_uri, f"s3://{BUCKET}/bad/data"))
    assert described["ProcessingJobStatus"] == "Failed"
    # The job's own reason, as its process wrote it; the runner adds the exit details.
    assert (
        "ClientError: no record has group = 0.5; the column holds 'a', 'b', 'c'"
        in (described["FailureReason"])
    )
    assert not store.list(f"s3://{BUCKET}/results/bad-facet/")


def test_a_model_that_does_not_exist_is_named(home: Path) -> None:
    client = connect(inline=True)
    client.services.artifacts.write_bytes(f"s3://{BUCKET}/nm/data/d.csv", b"y,x\n1,0.5\n0,0.1\n")
    config = {
        "dataset_type": "text/csv",
        "label": "y",
        "methods": {"shap": {"baseline": [[0.0]]}},
        "predictor": {"model_name": "no-such-model"},
    }
    config_uri = _put_json(client, "nm/config/analysis_config.json", config)
    described = _run(client, _request("no-model", config_uri, f"s3://{BUCKET}/nm/data"))
    assert described["ProcessingJobStatus"] == "Failed"
    assert 'Could not find model "no-such-model"' in described["FailureReason"]
