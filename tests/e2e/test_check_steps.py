"""Check steps from real-SDK definitions, with the real analysis programs, end to end.

The pipelines (``real_sdk/clarify_checks.json``, ``real_sdk/checks.json``, built by
SageMaker's SDK) check data before training and the model after it, and register the
model with the check baselines. Each story runs through the truth table: a first run that
registers new baselines, a run without any baseline (fails), runs against the latest
approved package, with drifted data (fails with the right violation) and with supplied
files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from dagmaker.api import connect

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "real_sdk"
BUCKET = "fixture-bucket"
GROUP = "CheckedModels"


def _rows(count: int, seed: int, skew: float = 10.0, text_ages: bool = False) -> list[list[Any]]:
    """label, age, income, gender: the label follows income, and income leans on gender."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        gender = rng.randint(0, 1)
        age: Any = rng.randint(20, 70)
        if text_ages and rng.random() < 0.5:
            age = "unknown"
        income = round(rng.gauss(50 + skew * gender, 15), 2)
        label = int(income + rng.gauss(0, 5) > 55)
        rows.append([label, age, income, gender])
    return rows


def _csv(rows: list[list[Any]]) -> bytes:
    return ("\n".join(",".join(str(v) for v in row) for row in rows) + "\n").encode()


def _pipeline(client: Any, name: str) -> str:
    for uri, filename in json.loads((FIXTURES / f"{name}.uploads.json").read_text()).items():
        client.services.artifacts.write_bytes(uri, (FIXTURES / filename).read_bytes())
    definition = (FIXTURES / f"{name}.json").read_text()
    pipeline_name = name.replace("_", "-")
    client.create_pipeline(PipelineName=pipeline_name, PipelineDefinition=definition)
    return pipeline_name


def _data(client: Any, name: str, rows: list[list[Any]]) -> str:
    uri = f"s3://{BUCKET}/data/{name}.csv"
    client.services.artifacts.write_bytes(uri, _csv(rows))
    return uri


def _run(
    client: Any, pipeline: str, **parameters: Any
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    overrides = [{"Name": k, "Value": str(v)} for k, v in parameters.items()]
    arn = client.start_pipeline_execution(PipelineName=pipeline, PipelineParameters=overrides)[
        "PipelineExecutionArn"
    ]
    described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
    listed = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    return described, {s["StepName"]: s for s in listed["PipelineExecutionSteps"]}


def _clarify(steps: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return steps[name]["Metadata"]["ClarifyCheck"]


def _quality(steps: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return steps[name]["Metadata"]["QualityCheck"]


def _package(client: Any, steps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    arn = steps["Register-RegisterModel"]["Metadata"]["RegisterModel"]["Arn"]
    return client.describe_model_package(ModelPackageName=arn)


def _expected_pre_training(rows: list[list[Any]]) -> dict[str, float]:
    """CI, DPL and KS of facet gender=1 for label 1, from the data itself."""
    facet = [r for r in rows if r[3] == 1]
    rest = [r for r in rows if r[3] != 1]
    q_rest = sum(r[0] == 1 for r in rest) / len(rest)
    q_facet = sum(r[0] == 1 for r in facet) / len(facet)
    return {
        "CI": (len(rest) - len(facet)) / len(rows),
        "DPL": q_rest - q_facet,
        "KS": abs(q_rest - q_facet),
    }


@pytest.fixture
def client(home: Path) -> Any:
    return connect(inline=True)


def test_clarify_checks_through_the_truth_table(client: Any) -> None:
    pipeline = _pipeline(client, "clarify_checks")
    train = _rows(400, seed=1)
    _data(client, "train", train)
    _data(client, "test", _rows(120, seed=2))
    _data(client, "explain", _rows(20, seed=4))

    # 1. First run of a new group: skip the checks, register the new baselines.
    described, steps = _run(client, pipeline, SkipChecks="true", RegisterNewBaselines="true")
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    data_bias, model_bias = _clarify(steps, "DataBiasCheck"), _clarify(steps, "ModelBiasCheck")
    for meta in (data_bias, model_bias):
        assert meta["BaselineUsedForDriftCheckConstraints"] == meta["CalculatedBaselineConstraints"]
        assert (meta["SkipCheck"], meta["RegisterNewBaseline"]) == (True, True)
        assert "ViolationReport" not in meta
    first = _package(client, steps)
    drift = first["DriftCheckBaselines"]["Bias"]
    assert drift["PreTrainingConstraints"]["S3Uri"] == data_bias["CalculatedBaselineConstraints"]
    assert drift["PostTrainingConstraints"]["S3Uri"] == model_bias["CalculatedBaselineConstraints"]
    config = client.services.read_json(drift["ConfigFile"]["S3Uri"])
    assert config["facet"] == [{"name_or_index": "gender", "value_or_threshold": [1]}]
    reports = first["ModelMetrics"]["Bias"]
    assert reports["PostTrainingReport"]["S3Uri"] == model_bias["CalculatedBaselineConstraints"]
    # The bias metrics are exact, and the model was really queried.
    analysis = client.services.read_json(data_bias["CalculatedBaselineConstraints"])
    [group] = analysis["pre_training_bias_metrics"]["facets"]["gender"]
    found = {m["name"]: m["value"] for m in group["metrics"]}
    for name, value in _expected_pre_training(train).items():
        assert found[name] == pytest.approx(value, abs=1e-12), name
    post = client.services.read_json(model_bias["CalculatedBaselineConstraints"])
    [group] = post["post_training_bias_metrics"]["facets"]["gender"]
    assert {m["name"] for m in group["metrics"] if m.get("value") is not None} >= {"DPPL", "DI"}
    explained = _clarify(steps, "ExplainabilityCheck")["CalculatedBaselineConstraints"]
    shap = client.services.read_json(explained)["explanations"]["kernel_shap"]["label0"]
    assert set(shap["global_shap_values"]) == {"age", "income", "gender"}
    # The label follows income: the model leans on it most.
    assert max(shap["global_shap_values"], key=shap["global_shap_values"].get) == "income"
    assert first["DriftCheckBaselines"]["Explainability"]["Constraints"]["S3Uri"] == explained
    monitoring = first["DriftCheckBaselines"]["Explainability"]["ConfigFile"]["S3Uri"]
    assert client.services.read_json(monitoring)["headers"] == ["age", "income", "gender"]

    # 2. Checks without an approved package or a supplied file: no baseline to check against.
    described, steps = _run(client, pipeline)
    assert described["PipelineExecutionStatus"] == "Failed"
    reason = steps["DataBiasCheck"]["FailureReason"]
    assert "no Approved package with drift-check baselines for DATA_BIAS" in reason

    # 3. Once approved, the first package's baselines are what the checks compare with.
    client.update_model_package(
        ModelPackageArn=first["ModelPackageArn"], ModelApprovalStatus="Approved"
    )
    described, steps = _run(client, pipeline)
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    registered = first["DriftCheckBaselines"]
    previous = {
        "DataBiasCheck": drift["PreTrainingConstraints"],
        "ModelBiasCheck": drift["PostTrainingConstraints"],
        "ExplainabilityCheck": registered["Explainability"]["Constraints"],
    }
    for name, baseline in previous.items():
        meta = _clarify(steps, name)
        assert meta["BaselineUsedForDriftCheckConstraints"] == baseline["S3Uri"]
        assert meta["CalculatedBaselineConstraints"] != meta["BaselineUsedForDriftCheckConstraints"]
        assert "ViolationReport" not in meta
    second = _package(client, steps)
    assert (
        second["DriftCheckBaselines"]["Bias"]["PreTrainingConstraints"]
        == (drift["PreTrainingConstraints"])
    )

    # 4. More biased data: the data bias check fails with bias drift violations.
    skewed = _data(client, "skewed", _rows(400, seed=3, skew=30.0))
    described, steps = _run(client, pipeline, TrainData=skewed)
    assert described["PipelineExecutionStatus"] == "Failed"
    failed = steps["DataBiasCheck"]
    assert failed["FailureReason"].startswith(
        "ClientError: Clarify check failed. See violation report"
    )
    report = client.services.read_json(_clarify(steps, "DataBiasCheck")["ViolationReport"])
    checked = {(v["metric_name"], v["constraint_check_type"]) for v in report["violations"]}
    assert ("DPL", "bias_drift_check") in checked
    assert "Train" not in steps

    # 5. A supplied baseline wins over the registry; skipping keeps it as the drift baseline.
    described, steps = _run(
        client,
        pipeline,
        TrainData=skewed,
        SkipChecks="true",
        SuppliedBias=drift["PreTrainingConstraints"]["S3Uri"],
    )
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    meta = _clarify(steps, "DataBiasCheck")
    assert meta["BaselineUsedForDriftCheckConstraints"] == drift["PreTrainingConstraints"]["S3Uri"]
    assert "ViolationReport" not in meta


def _explain_baseline(client: Any) -> str:
    """An explainability baseline that ranks gender first: the trained model ranks income."""
    shap = {"global_shap_values": {"gender": 1.0, "age": 0.5, "income": 0.1}, "expected_value": 0.5}
    document = {"version": "1.0", "explanations": {"kernel_shap": {"label0": shap}}}
    uri = f"s3://{BUCKET}/baselines/explain/analysis.json"
    client.services.artifacts.write_bytes(uri, json.dumps(document).encode())
    return uri


def _bias_baseline(client: Any, distance: float) -> str:
    """A post-training bias baseline with every metric ``distance`` from its ideal value."""
    names = ("DPPL", "DCA", "DCR", "RD", "DAR", "DRR", "AD")
    metrics = [{"name": n, "description": n, "value": distance} for n in names]
    metrics.append({"name": "DI", "description": "DI", "value": 1.0 + distance})
    facet = [{"value_or_threshold": "1", "metrics": metrics}]
    document = {
        "version": "1.0",
        "post_training_bias_metrics": {"label": "label", "facets": {"gender": facet}},
    }
    uri = f"s3://{BUCKET}/baselines/bias-{distance}/analysis.json"
    client.services.artifacts.write_bytes(uri, json.dumps(document).encode())
    return uri


def test_monitored_batch_transforms(client: Any) -> None:
    pipeline = _pipeline(client, "monitor_batch_transform")
    test = _rows(60, seed=2)
    _data(client, "train", _rows(400, seed=1))
    _data(client, "test", test)
    _data(client, "test-features", [row[1:] for row in test])
    drifted, lenient, strict = (
        _explain_baseline(client),
        _bias_baseline(client, 100.0),
        _bias_baseline(client, 0.0),
    )

    # The monitoring steps always check: without a supplied baseline they cannot.
    described, steps = _run(client, pipeline)
    assert described["PipelineExecutionStatus"] == "Failed"
    failed = steps["ExplainedTransform-monitoring"]["FailureReason"]
    assert "no supplied baseline constraints and no ModelPackageGroupName" in failed
    assert "ExplainedTransform-transform" not in steps

    # Explainability before its transform, allowed to drift; model bias after its transform.
    described, steps = _run(
        client,
        pipeline,
        ExplainBaseline=drifted,
        BiasBaseline=lenient,
        FailOnExplainabilityDrift="false",
    )
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    explained = steps["ExplainedTransform-monitoring"]
    report = client.services.read_json(explained["Metadata"]["ClarifyCheck"]["ViolationReport"])
    assert [v["constraint_check_type"] for v in report["violations"]] == [
        "feature_attribution_drift_check"
    ]
    assert steps["ExplainedTransform-transform"]["StartTime"] >= explained["EndTime"]
    biased = steps["BiasCheckedTransform-monitoring"]
    assert biased["StartTime"] >= steps["BiasCheckedTransform-transform"]["EndTime"]
    assert "ViolationReport" not in biased["Metadata"]["ClarifyCheck"]

    # Bias worse than the baseline fails the step after the transform.
    described, steps = _run(
        client,
        pipeline,
        ExplainBaseline=drifted,
        BiasBaseline=strict,
        FailOnExplainabilityDrift="false",
    )
    assert described["PipelineExecutionStatus"] == "Failed"
    biased = steps["BiasCheckedTransform-monitoring"]
    assert biased["FailureReason"].startswith("ClientError: Clarify check failed")
    assert steps["BiasCheckedTransform-transform"]["StepStatus"] == "Succeeded"
    report = client.services.read_json(biased["Metadata"]["ClarifyCheck"]["ViolationReport"])
    assert {v["constraint_check_type"] for v in report["violations"]} == {"bias_drift_check"}

    # The explainability drift fails its step, and its transform never runs, when it may not.
    described, steps = _run(client, pipeline, ExplainBaseline=drifted, BiasBaseline=lenient)
    assert described["PipelineExecutionStatus"] == "Failed"
    assert steps["ExplainedTransform-monitoring"]["StepStatus"] == "Failed"
    assert "ExplainedTransform-transform" not in steps


def test_quality_checks_through_the_truth_table(client: Any) -> None:
    pipeline = _pipeline(client, "checks")
    train = _rows(400, seed=1)
    test = _rows(120, seed=2)
    _data(client, "train", train)
    _data(client, "test-features", [row[1:] for row in test])
    drifted = _data(client, "drifted", _rows(400, seed=3, text_ages=True))

    # 1. First run: no baseline anywhere, so skip the checks and register the new baselines.
    described, steps = _run(client, pipeline, SkipChecks="true", RegisterNewBaselines="true")
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    quality = _quality(steps, "DataQualityCheck")
    bias = _clarify(steps, "DataBiasCheck")
    assert (quality["SkipCheck"], quality["RegisterNewBaseline"]) == (True, True)
    calculated = (quality["CalculatedBaselineStatistics"], quality["CalculatedBaselineConstraints"])
    used = (
        quality["BaselineUsedForDriftCheckStatistics"],
        quality["BaselineUsedForDriftCheckConstraints"],
    )
    assert used == calculated
    statistics = client.services.read_json(calculated[0])
    assert statistics["dataset"]["item_count"] == 400
    assert [f["name"] for f in statistics["features"]] == ["_c0", "_c1", "_c2", "_c3"]
    first = _package(client, steps)
    drift, metrics = first["DriftCheckBaselines"], first["ModelMetrics"]
    assert drift["ModelDataQuality"]["Statistics"]["S3Uri"] == calculated[0]
    assert drift["ModelDataQuality"]["Constraints"]["S3Uri"] == calculated[1]
    assert metrics["ModelDataQuality"]["Constraints"]["S3Uri"] == calculated[1]
    assert drift["Bias"]["PreTrainingConstraints"]["S3Uri"] == bias["CalculatedBaselineConstraints"]
    assert metrics["Bias"]["PreTrainingReport"]["S3Uri"] == bias["CalculatedBaselineConstraints"]
    # The monitored transform checked the features against the training baseline, found the
    # columns one short and went on (fail_on_violation=False); the transform ran after it.
    monitor = steps["ScoreTest-monitoring"]
    report = client.services.read_json(monitor["Metadata"]["QualityCheck"]["ViolationReport"])
    assert "missing_column_check" in {v["constraint_check_type"] for v in report["violations"]}
    assert steps["ScoreTest-transform"]["StartTime"] >= monitor["EndTime"]

    # 2. Checks with no approved package and nothing supplied: there is no baseline.
    described, steps = _run(client, pipeline)
    assert described["PipelineExecutionStatus"] == "Failed"
    reason = steps["DataQualityCheck"]["FailureReason"]
    assert "no Approved package with drift-check baselines for DATA_QUALITY" in reason

    # 3. Approve the first package: its baselines are now the ones checked against.
    client.update_model_package(
        ModelPackageArn=first["ModelPackageArn"], ModelApprovalStatus="Approved"
    )
    described, steps = _run(client, pipeline)
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    checked = _quality(steps, "DataQualityCheck")
    assert checked["BaselineUsedForDriftCheckConstraints"] == calculated[1]
    assert checked["BaselineUsedForDriftCheckStatistics"] == calculated[0]
    assert "ViolationReport" not in checked
    # The check also computed this run's baseline.
    suggested = client.services.read_json(checked["CalculatedBaselineConstraints"])
    assert [f["name"] for f in suggested["features"]] == ["_c0", "_c1", "_c2", "_c3"]
    assert checked["CalculatedBaselineConstraints"] != calculated[1]
    second = _package(client, steps)
    assert second["DriftCheckBaselines"]["ModelDataQuality"] == drift["ModelDataQuality"]

    # 4. Drifted data against the approved baseline: the data quality check fails.
    described, steps = _run(client, pipeline, TrainData=drifted)
    assert described["PipelineExecutionStatus"] == "Failed"
    failed = steps["DataQualityCheck"]
    assert failed["FailureReason"].startswith(
        "ClientError: Quality check failed. See violation report"
    )
    report = client.services.read_json(failed["Metadata"]["QualityCheck"]["ViolationReport"])
    kinds = {(v["feature_name"], v["constraint_check_type"]) for v in report["violations"]}
    assert ("_c1", "data_type_check") in kinds
    assert "Train" not in steps

    # 5. Supplied files win over the registry; skipping keeps them as the drift baseline.
    described, steps = _run(
        client,
        pipeline,
        SkipChecks="true",
        SuppliedStatistics=checked["CalculatedBaselineStatistics"],
        SuppliedConstraints=checked["CalculatedBaselineConstraints"],
    )
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    supplied = _quality(steps, "DataQualityCheck")
    assert (
        supplied["BaselineUsedForDriftCheckConstraints"]
        == (checked["CalculatedBaselineConstraints"])
    )
    assert (
        supplied["BaselineUsedForDriftCheckStatistics"] == checked["CalculatedBaselineStatistics"]
    )


QUALITY = Path(__file__).parents[1] / "quality"
# The SageMaker SDK's own integration test inputs (see the SOURCES notes next to them).
SDK_INTEG = {
    "data": (
        "sdk_data_quality_check",
        QUALITY / "dq_fixtures" / "dq_statistics.json",
        QUALITY / "dq_fixtures" / "dq_constraints.json",
        QUALITY / "dq_fixtures" / "dq_bad_constraints.json",
    ),
    "model": (
        "sdk_model_quality_check",
        QUALITY / "mq_clarify_fixtures" / "mq_statistics.json",
        QUALITY / "mq_clarify_fixtures" / "mq_regression_constraints.json",
        QUALITY / "mq_clarify_fixtures" / "mq_bad_constraints.json",
    ),
}
CHECK_FAIL_ERROR_MSG = "ClientError: Quality check failed. See violation report"


def _put(client: Any, path: Path) -> str:
    uri = f"s3://{BUCKET}/supplied/{path.name}"
    client.services.artifacts.write_bytes(uri, path.read_bytes())
    return uri


@pytest.mark.parametrize("kind", ["data", "model"])
def test_sagemaker_sdk_quality_check_integration_cases(client: Any, kind: str) -> None:
    """The SDK's test_quality_check_steps.py cases, on its data, with the real analyzer."""
    name, statistics, good, bad = SDK_INTEG[kind]
    pipeline = _pipeline(client, name)
    step_name = "DataQualityCheckStep" if kind == "data" else "ModelQualityCheckStep"
    supplied = {"SuppliedBaselineStatisticsUri": _put(client, statistics)}

    # Happy case: checked against the supplied baseline, no violation.
    described, steps = _run(
        client, pipeline, **supplied, SuppliedBaselineConstraintsUri=_put(client, good)
    )
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    meta = _quality(steps, step_name)
    assert not meta["SkipCheck"] and not meta["RegisterNewBaseline"]
    assert not meta.get("ViolationReport", "")
    assert meta["BaselineUsedForDriftCheckConstraints"] == _put(client, good)
    assert meta["BaselineUsedForDriftCheckStatistics"] == supplied["SuppliedBaselineStatisticsUri"]
    assert meta["BaselineUsedForDriftCheckConstraints"] != meta["CalculatedBaselineConstraints"]
    assert meta["BaselineUsedForDriftCheckStatistics"] != meta["CalculatedBaselineStatistics"]
    # The job computed what SageMaker's container computed on the same data.
    calculated = client.services.read_json(meta["CalculatedBaselineStatistics"])
    assert calculated == json.loads(statistics.read_text())

    # Constraint violation: the step fails unless FailOnViolation is false.
    for fail_on_violation in ("true", "false"):
        described, steps = _run(
            client,
            pipeline,
            **supplied,
            SuppliedBaselineConstraintsUri=_put(client, bad),
            FailOnViolation=fail_on_violation,
        )
        listed = steps[step_name]
        reason = listed.get("FailureReason", "")
        if fail_on_violation == "true":
            assert listed["StepStatus"] == "Failed"
            assert CHECK_FAIL_ERROR_MSG in reason
        else:
            assert listed["StepStatus"] == "Succeeded", reason
            assert CHECK_FAIL_ERROR_MSG not in reason
        assert listed["Metadata"]["QualityCheck"]["ViolationReport"].endswith(
            "constraint_violations.json"
        )


def test_sagemaker_sdk_clarify_check_integration_cases(client: Any) -> None:
    """The SDK's test_clarify_check_steps.py cases, on its data, with the real program."""
    fixtures = QUALITY / "mq_clarify_fixtures"
    pipeline = _pipeline(client, "sdk_data_bias_check")
    dataset = f"s3://{BUCKET}/clarify_check_step/input/dataset/dataset.csv"
    client.services.artifacts.write_bytes(dataset, (fixtures / "clarify_dataset.csv").read_bytes())
    good = _put(client, fixtures / "clarify_data_bias_analysis.json")
    bad = _put(client, fixtures / "clarify_data_bias_bad_analysis.json")

    described, steps = _run(client, pipeline, SuppliedBaselineConstraintsUri=good)
    assert described["PipelineExecutionStatus"] == "Succeeded", described
    meta = _clarify(steps, "DataBiasCheckStep")
    assert not meta["SkipCheck"] and not meta["RegisterNewBaseline"]
    assert not meta.get("ViolationReport", "")
    assert meta["BaselineUsedForDriftCheckConstraints"] == good
    assert meta["BaselineUsedForDriftCheckConstraints"] != meta["CalculatedBaselineConstraints"]
    # The analysis is the one SageMaker's Clarify container wrote for this data.
    calculated = client.services.read_json(meta["CalculatedBaselineConstraints"])
    expected = json.loads((fixtures / "clarify_data_bias_analysis.json").read_text())
    metrics = {
        m["name"]: m.get("value")
        for m in calculated["pre_training_bias_metrics"]["facets"]["F1"][0]["metrics"]
    }
    for metric in expected["pre_training_bias_metrics"]["facets"]["F1"][0]["metrics"]:
        assert metrics[metric["name"]] == pytest.approx(metric["value"], abs=1e-9), metric["name"]

    for fail_on_violation in ("true", "false"):
        described, steps = _run(
            client,
            pipeline,
            SuppliedBaselineConstraintsUri=bad,
            FailOnViolation=fail_on_violation,
        )
        listed = steps["DataBiasCheckStep"]
        reason = listed.get("FailureReason", "")
        message = "ClientError: Clarify check failed. See violation report"
        if fail_on_violation == "true":
            assert listed["StepStatus"] == "Failed" and message in reason
        else:
            assert listed["StepStatus"] == "Succeeded" and message not in reason
        report = client.services.read_json(listed["Metadata"]["ClarifyCheck"]["ViolationReport"])
        assert {v["constraint_check_type"] for v in report["violations"]} == {"bias_drift_check"}
