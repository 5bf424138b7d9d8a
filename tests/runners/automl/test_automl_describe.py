"""AutoMLCandidate documents, inference containers, and the job in each API's shape."""

from __future__ import annotations

from dagmaker.runners.automl_describe import (
    CandidateState,
    candidate_document,
    describe_v1,
    describe_v2,
    inference_containers,
    report_paths,
    sorted_candidates,
)
from dagmaker.runners.automl_requests import AUTOML_IMAGE, Layout
from dagmaker.runners.builtin.automl.objectives import Objective


def test_ensembling_candidates_have_one_container_with_the_keys_sagemaker_names() -> None:
    (container,) = inference_containers("c1", "s3://b/m.tar.gz", "ENSEMBLING", True)
    assert container["Image"] == AUTOML_IMAGE
    assert container["Environment"] == {
        "MODEL_NAME": "c1",
        "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT": "text/csv",
        "SAGEMAKER_INFERENCE_OUTPUT": "predicted_label",
        "SAGEMAKER_INFERENCE_SUPPORTED": "predicted_label,probability,probabilities,labels",
        "SAGEMAKER_PROGRAM": "serve.py",
        "SAGEMAKER_SUBMIT_DIRECTORY": "/opt/ml/model/code",
    }


def test_tuning_candidates_have_preprocessing_model_and_label_containers() -> None:
    classification = inference_containers("c1", "s3://b/m.tar.gz", "HYPERPARAMETER_TUNING", True)
    programs = [c["Environment"]["SAGEMAKER_PROGRAM"] for c in classification]
    assert programs == ["feature_transform.py", "algorithm.py", "inverse_label.py"]
    assert "SAGEMAKER_INFERENCE_SUPPORTED" in classification[-1]["Environment"]
    regression = inference_containers("c1", "s3://b/m.tar.gz", "HYPERPARAMETER_TUNING", False)
    assert [c["Environment"]["SAGEMAKER_PROGRAM"] for c in regression] == [
        "feature_transform.py",
        "algorithm.py",
    ]
    assert regression[-1]["Environment"]["SAGEMAKER_INFERENCE_SUPPORTED"] == "predicted_label"


def test_a_completed_candidate_document() -> None:
    state = CandidateState(
        3,
        "job-003-ab",
        "xgboost",
        status="Completed",
        created="2024-01-01T00:00:00+00:00",
        ended="2024-01-01T00:01:00+00:00",
        metrics={"MSE": 2.5, "R2": 0.7},
        steps=[("AWS::SageMaker::TrainingJob", "arn:t", "job-003-ab")],
    )
    layout = Layout("s3://b/out/", "job")
    locations = {
        "Explainability": layout.explainability("c"),
        "ModelInsights": layout.insights("c"),
    }
    document = candidate_document(state, Objective("MSE", "Regression"), [], locations)
    assert document["FinalAutoMLJobObjectiveMetric"] == {
        "Type": "Minimize",
        "MetricName": "validation:mse",
        "Value": 2.5,
        "StandardMetricName": "MSE",
    }
    assert document["ObjectiveStatus"] == "Succeeded"
    assert document["CandidateSteps"] == [
        {
            "CandidateStepType": "AWS::SageMaker::TrainingJob",
            "CandidateStepArn": "arn:t",
            "CandidateStepName": "job-003-ab",
        }
    ]
    assert document["CandidateProperties"]["CandidateMetrics"][1] == {
        "MetricName": "R2",
        "Value": 0.7,
        "Set": "Validation",
        "StandardMetricName": "R2",
    }
    assert report_paths(document["CandidateProperties"]["CandidateArtifactLocations"]) == {
        "ModelInsightsJsonReportPath": (
            "s3://b/out/job/documentation/model_monitor/output/c/statistics.json"
        ),
        "ExplainabilityJsonReportPath": (
            "s3://b/out/job/documentation/explainability/output/c/analysis.json"
        ),
    }


def test_running_and_failed_candidates() -> None:
    running = candidate_document(
        CandidateState(1, "a", "linear"), Objective("F1", "BinaryClassification"), None
    )
    assert running["ObjectiveStatus"] == "Pending"
    assert "InferenceContainers" not in running
    failed = CandidateState(2, "b", "mlp", status="Failed", failure_reason="AlgorithmError: x")
    document = candidate_document(failed, Objective("F1", "BinaryClassification"), None)
    assert (document["ObjectiveStatus"], document["FailureReason"]) == (
        "Failed",
        "AlgorithmError: x",
    )


V1_DOCUMENT = {
    "AutoMLJobName": "job",
    "InputDataConfig": [
        {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t/"}},
            "TargetAttributeName": "y",
            "ChannelType": "training",
        }
    ],
    "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
    "AutoMLJobConfig": {
        "Mode": "ENSEMBLING",
        "CompletionCriteria": {"MaxCandidates": 3},
        "DataSplitConfig": {"ValidationFraction": 0.2},
    },
    "ProblemType": "Regression",
    "AutoMLJobStatus": "Completed",
    "ResolvedAttributes": {
        "AutoMLJobObjective": {"MetricName": "MSE"},
        "ProblemType": "Regression",
        "CompletionCriteria": {"MaxCandidates": 3},
    },
    "Candidates": [],
}


def test_a_v1_job_described_by_both_apis() -> None:
    v1 = describe_v1(V1_DOCUMENT)
    assert "Candidates" not in v1
    assert v1["AutoMLJobConfig"]["Mode"] == "ENSEMBLING"
    v2 = describe_v2(V1_DOCUMENT)
    assert "InputDataConfig" not in v2 and "AutoMLJobConfig" not in v2
    assert v2["AutoMLJobInputDataConfig"] == [
        {
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t/"}},
            "ChannelType": "training",
        }
    ]
    assert v2["AutoMLProblemTypeConfig"] == {
        "TabularJobConfig": {
            "TargetAttributeName": "y",
            "CompletionCriteria": {"MaxCandidates": 3},
            "Mode": "ENSEMBLING",
            "ProblemType": "Regression",
        }
    }
    assert v2["DataSplitConfig"] == {"ValidationFraction": 0.2}
    assert v2["ResolvedAttributes"]["AutoMLProblemTypeResolvedAttributes"] == {
        "TabularResolvedAttributes": {"ProblemType": "Regression"}
    }


def test_a_v2_job_described_by_the_v1_api() -> None:
    v2_document = {**describe_v2(V1_DOCUMENT), "AutoMLJobName": "job"}
    v1 = describe_v1(v2_document)
    assert v1["InputDataConfig"][0]["TargetAttributeName"] == "y"
    assert v1["AutoMLJobConfig"]["DataSplitConfig"] == {"ValidationFraction": 0.2}
    assert v1["ProblemType"] == "Regression"
    assert "AutoMLProblemTypeConfig" not in v1


def test_candidates_sorted_by_objective_put_the_unscored_last() -> None:
    scored = [
        {"CandidateName": n, "FinalAutoMLJobObjectiveMetric": {"Value": v}}
        for n, v in (("a", 0.5), ("b", 0.9))
    ]
    failed = {"CandidateName": "c", "CandidateStatus": "Failed"}
    names = [
        c["CandidateName"]
        for c in sorted_candidates([*scored, failed], "FinalObjectiveMetricValue", True)
    ]
    assert names == ["b", "a", "c"]
