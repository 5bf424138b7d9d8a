"""`make demo`: the abalone pipeline end to end on the embedded defaults.

Generates the data, uploads it to the local artifact store, creates the pipeline,
starts an execution (handed to dagmaker's background worker, as SageMaker would run
it), follows it to the end and shows where its results are.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_data import generate  # noqa: E402
from pipeline import MODEL_PACKAGE_GROUP, get_pipeline  # noqa: E402

from dagmaker.session import Session  # noqa: E402


def main() -> int:
    home = Path(os.environ.setdefault("DAGMAKER_HOME", str(Path(".dagmaker").resolve())))
    session = Session()
    with tempfile.TemporaryDirectory() as scratch:
        data = generate(Path(scratch) / "abalone-dataset.csv")
        input_uri = session.upload_data(str(data), key_prefix="abalone/data")
    print(f"Uploaded the data set to {input_uri}")

    pipeline = get_pipeline(input_uri)
    pipeline.upsert(role_arn="arn:aws:iam::000000000000:role/dagmaker-local")
    execution = pipeline.start(parameters=_check_parameters(session))
    print(f"Started {execution.arn}")
    status = _follow(execution)
    _report(session, execution, status, home)
    return 0 if status == "Succeeded" else 1


def _check_parameters(session: Session) -> dict[str, bool]:
    """Check against the latest approved model's baselines; the first time, make them."""
    approved = session.sagemaker_client.list_model_packages(
        ModelPackageGroupName=MODEL_PACKAGE_GROUP, ModelApprovalStatus="Approved"
    )["ModelPackageSummaryList"]
    if approved:
        print(f"Checking the data against the baselines of {approved[0]['ModelPackageArn']}")
        return {}
    print("No approved model yet: skipping the checks and registering new baselines")
    return {"SkipChecks": True, "RegisterNewBaselines": True}


def _in_order(steps: list[dict]) -> list[dict]:
    started = sorted((s for s in steps if "StartTime" in s), key=lambda s: s["StartTime"])
    return started + [s for s in steps if "StartTime" not in s]


def _follow(execution: object) -> str:
    seen: dict[str, str] = {}
    while True:
        for step in _in_order(execution.list_steps()):
            name, state = step["StepName"], step["StepStatus"]
            if seen.get(name) != state:
                seen[name] = state
                print(f"  {name:<36} {state}")
        status = execution.describe()["PipelineExecutionStatus"]
        if status not in ("Executing", "Stopping"):
            return status
        time.sleep(0.5)


def _report(session: Session, execution: object, status: str, home: Path) -> None:
    description = execution.describe()
    print(f"\nExecution finished: {status}")
    if description.get("FailureReason"):
        print(f"  reason: {description['FailureReason']}")
    steps = {s["StepName"]: s for s in execution.list_steps()}
    train = steps.get("AbaloneTrain", {}).get("Metadata", {}).get("TrainingJob", {})
    if train:
        job = session.sagemaker_client.describe_training_job(TrainingJobName=train["Arn"])
        final = job.get("FinalMetricDataList", [])
        metrics = {m["MetricName"]: round(m["Value"], 4) for m in final}
        print(f"  model:      {job['ModelArtifacts']['S3ModelArtifacts']}")
        print(f"  metrics:    {metrics}")
    evaluation = [
        uri
        for uri in session.list_s3_files(session.default_bucket(), "")
        if uri.endswith("evaluation.json")
    ]
    if evaluation:
        body = session.read_s3_file(session.default_bucket(), evaluation[-1])
        print(f"  evaluation: {json.loads(body)}")
    package = steps.get("AbaloneRegisterModel-RegisterModel", {}).get("Metadata", {})
    if package.get("RegisterModel"):
        described = session.sagemaker_client.describe_model_package(
            ModelPackageName=package["RegisterModel"]["Arn"]
        )
        print(f"  registered: {described['ModelPackageArn']} ({described['ModelApprovalStatus']})")
        baselines = described.get("DriftCheckBaselines", {})
        print(f"  baselines:  {', '.join(sorted(baselines))} (drift-check baselines registered)")
        print(f"  approve it: dagmaker models approve {described['ModelPackageArn']}")
        print("              (the next run then checks new data against its baselines)")
    for name in ("AbaloneDataQualityCheck", "AbaloneDataBiasCheck"):
        meta = steps.get(name, {}).get("Metadata", {})
        check = meta.get("QualityCheck") or meta.get("ClarifyCheck")
        if check:
            verdict = "skipped" if check["SkipCheck"] else "checked"
            report = check.get("ViolationReport", "no violations")
            print(f"  {name}: {verdict}; {report}")
            if check.get("CalculatedBaselineConstraints"):
                print(f"    calculated baseline {check['CalculatedBaselineConstraints']}")
    scored = [
        uri
        for uri in session.list_s3_files(session.default_bucket(), "AbaloneTransform")
        if uri.endswith(".out")
    ]
    if scored:
        lines = session.read_s3_file(session.default_bucket(), scored[-1]).splitlines()
        print(f"  transform:  {len(lines)} rows scored, e.g. {lines[0][:80]}")
    short = execution.arn.rsplit("/", 1)[-1]
    print(f"\nResults live under {home}:")
    print(f"  artifacts  {home / 's3' / session.default_bucket()}")
    print(f"  job logs   {home / 'jobs'}")
    print("Look around with:")
    print(f"  .venv/bin/dagmaker executions steps {short}")
    print(f"  .venv/bin/dagmaker logs {short} AbaloneTrain")
    print(f"  .venv/bin/dagmaker s3 ls s3://{session.default_bucket()}/ --recursive")
    print("  .venv/bin/dagmaker models list")
    print("  .venv/bin/dagmaker models approve AbaloneModelPackageGroup/1 --reason 'MSE ok'")


if __name__ == "__main__":
    raise SystemExit(main())
