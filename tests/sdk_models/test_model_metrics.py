"""ModelMetrics, DriftCheckBaselines and MetadataProperties request structures."""

from __future__ import annotations

import pytest

from dagmaker.drift_check_baselines import DriftCheckBaselines
from dagmaker.metadata_properties import MetadataProperties
from dagmaker.model_metrics import FileSource, MetricsSource, ModelMetrics

STATS = MetricsSource(content_type="application/json", s3_uri="s3://b/stats.json")
CONFIG = FileSource(s3_uri="s3://b/config.json", content_digest="sha256:1")


def test_model_metrics_always_carry_bias_and_explainability() -> None:
    assert ModelMetrics()._to_request_dict() == {"Bias": {}, "Explainability": {}}
    metrics = ModelMetrics(model_data_statistics=STATS, bias_post_training=STATS)
    assert metrics._to_request_dict() == {
        "ModelDataQuality": {
            "Statistics": {"ContentType": "application/json", "S3Uri": "s3://b/stats.json"}
        },
        "Bias": {
            "PostTrainingReport": {"ContentType": "application/json", "S3Uri": "s3://b/stats.json"}
        },
        "Explainability": {},
    }


def test_drift_baselines_leave_out_empty_groups() -> None:
    assert DriftCheckBaselines()._to_request_dict() == {}
    baselines = DriftCheckBaselines(explainability_config_file=CONFIG, model_constraints=STATS)
    assert baselines._to_request_dict() == {
        "ModelQuality": {"Constraints": STATS._to_request_dict()},
        "Explainability": {
            "ConfigFile": {"S3Uri": "s3://b/config.json", "ContentDigest": "sha256:1"}
        },
    }


def test_sources_are_type_checked() -> None:
    with pytest.raises(TypeError, match="bias_config_file must be a FileSource"):
        DriftCheckBaselines(bias_config_file=STATS)
    with pytest.raises(TypeError, match="model_statistics must be a MetricsSource"):
        ModelMetrics(model_statistics="s3://b/stats.json")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="s3_uri is required"):
        MetricsSource(content_type="application/json", s3_uri="")


def test_metadata_properties_keep_what_is_set() -> None:
    properties = MetadataProperties(commit_id="abc", project_id="")
    assert properties._to_request_dict() == {"CommitId": "abc"}
