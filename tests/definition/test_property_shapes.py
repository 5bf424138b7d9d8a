"""The Describe* shape table that types step properties, and the step-type table."""

from __future__ import annotations

import pytest

from dagmaker.definition import shapes
from dagmaker.definition.step_types import (
    CHECK_PROPERTIES,
    OUTPUT_PARAMETER_TYPES,
    STEP_TYPES,
)


def test_walk_from_a_root_to_a_scalar() -> None:
    root = shapes.members("DescribeProcessingJobResponse")
    config = root["ProcessingOutputConfig"]
    assert shapes.kind(config) == "structure"
    outputs = shapes.members(config)["Outputs"]
    assert shapes.kind(outputs) == "list"
    output = shapes.element(outputs)
    s3 = shapes.members(output)["S3Output"]
    assert shapes.members(s3)["S3Uri"] == "string"
    assert shapes.is_scalar("string")


def test_maps_have_value_shapes() -> None:
    hyper = shapes.members("DescribeTrainingJobResponse")["HyperParameters"]
    assert shapes.kind(hyper) == "map"
    assert shapes.element(hyper) == "string"


def test_tuning_properties_merge_describe_and_list_training_jobs() -> None:
    members = shapes.members("TuningStepProperties")
    assert shapes.kind("TuningStepProperties") == "structure"
    assert {"BestTrainingJob", "TrainingJobSummaries", "HyperParameterTuningJobName"} <= set(
        members
    )


def test_automl_properties_add_the_best_candidate_report_paths() -> None:
    members = shapes.members("AutoMLStepProperties")
    assert {"AutoMLJobName", "BestCandidate", "BestCandidateProperties"} <= set(members)
    reports = shapes.members(members["BestCandidateProperties"])
    assert reports == {
        "ExplainabilityJsonReportPath": "string",
        "ModelInsightsJsonReportPath": "string",
    }


def test_emr_properties_are_the_emr_step_shape() -> None:
    assert {"Id", "Name", "Status", "Config", "ActionOnFailure"} <= set(
        shapes.members("EMRStepProperties")
    )


def test_scalars_and_unknown_shapes_have_no_members() -> None:
    assert shapes.members("string") == {}
    assert shapes.kind("string") == "string"
    assert not shapes.is_scalar("ProcessingOutput")
    with pytest.raises(KeyError):
        shapes.element("string")
    with pytest.raises(KeyError):
        shapes.element("DescribeProcessingJobResponse")


def test_every_step_type_shape_exists_in_the_table() -> None:
    for info in STEP_TYPES.values():
        if info.shape:
            assert shapes.kind(info.shape) == "structure", info.name
            assert shapes.members(info.shape), info.name


def test_the_step_type_table_matches_the_spec() -> None:
    assert set(STEP_TYPES) == {
        "Processing",
        "Training",
        "Tuning",
        "Transform",
        "Model",
        "RegisterModel",
        "Condition",
        "Callback",
        "Lambda",
        "QualityCheck",
        "ClarifyCheck",
        "EMR",
        "Fail",
        "AutoML",
        "EndpointConfig",
        "Endpoint",
        "InferenceComponent",
        "Lineage",
    }
    cacheable = {name for name, info in STEP_TYPES.items() if info.cacheable}
    assert cacheable == {
        "Processing",
        "Training",
        "Tuning",
        "Transform",
        "AutoML",
        "QualityCheck",
        "ClarifyCheck",
        "EMR",
        "Lambda",
        "Callback",
    }
    assert set(OUTPUT_PARAMETER_TYPES) == {"Lambda", "Callback"}
    assert set(CHECK_PROPERTIES) == {"QualityCheck", "ClarifyCheck"}
    assert STEP_TYPES["Model"].retry_prefixes == ("Step.",)
    assert STEP_TYPES["RegisterModel"].retry_prefixes == ("Step.",)
    assert STEP_TYPES["Condition"].retry_prefixes == ()
