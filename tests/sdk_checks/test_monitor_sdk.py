"""Model Monitor SDK objects: formats, capture settings, result files, schedules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagmaker.model_monitor import (
    Constraints,
    ConstraintViolations,
    CronExpressionGenerator,
    DataCaptureConfig,
    DatasetFormat,
    DefaultModelMonitor,
    ModelMonitor,
    ModelQualityMonitor,
    MonitoringDatasetFormat,
    MonitoringOutput,
    Statistics,
)
from dagmaker.processing import ProcessingInput
from dagmaker.storage.artifacts import InMemoryArtifactStore
from tests.golden_checks.golden_session import RecordingClient
from tests.sdk_checks.conftest import BUCKET, ROLE

STATS = {"version": 0.0, "dataset": {"item_count": 3}, "features": []}


def test_formats_and_cron_expressions() -> None:
    assert DatasetFormat.csv(header=False) == {
        "csv": {"header": False, "output_columns_position": "START"}
    }
    assert DatasetFormat.json() == {"json": {"lines": True}}
    assert DatasetFormat.sagemaker_capture_json() == {"sagemakerCaptureJson": {}}
    assert MonitoringDatasetFormat.json(lines=False) == {"Json": {"Line": False}}
    assert MonitoringDatasetFormat.parquet() == {"Parquet": {}}
    assert CronExpressionGenerator.hourly() == "cron(0 * ? * * *)"
    assert CronExpressionGenerator.daily(5) == "cron(0 5 ? * * *)"
    assert CronExpressionGenerator.daily_every_x_hours(4, 2) == "cron(0 2/4 ? * * *)"
    assert CronExpressionGenerator.now() == "NOW"


def test_data_capture_config_defaults(session) -> None:
    config = DataCaptureConfig(enable_capture=True, sagemaker_session=session)
    assert config._to_request_dict() == {
        "EnableCapture": True,
        "InitialSamplingPercentage": 20,
        "DestinationS3Uri": f"s3://{BUCKET}/model-monitor/data-capture",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        "CaptureContentTypeHeader": {
            "CsvContentTypes": ["text/csv"],
            "JsonContentTypes": ["application/json"],
        },
    }


def test_data_capture_config_options() -> None:
    config = DataCaptureConfig(
        enable_capture=False,
        sampling_percentage=100,
        destination_s3_uri="s3://b/capture",
        kms_key_id="key",
        capture_options=["response"],
        csv_content_types=["text/plain"],
        json_content_types=["application/jsonlines"],
    )
    request = config._to_request_dict()
    assert request["CaptureOptions"] == [{"CaptureMode": "Output"}]
    assert request["KmsKeyId"] == "key"
    assert request["InitialSamplingPercentage"] == 100
    assert request["CaptureContentTypeHeader"]["CsvContentTypes"] == ["text/plain"]


def test_result_files_round_trip(session, store: InMemoryArtifactStore, tmp_path: Path) -> None:
    statistics = Statistics.from_string(json.dumps(STATS), sagemaker_session=session)
    assert statistics.file_s3_uri.startswith(f"s3://{BUCKET}/monitoring/")
    assert statistics.file_s3_uri.endswith("/statistics.json")
    assert statistics.body_dict == STATS
    statistics.body_dict["dataset"]["item_count"] = 4
    saved = statistics.save("s3://other/statistics.json")
    assert json.loads(store.read_bytes(saved))["dataset"]["item_count"] == 4
    again = Statistics.from_s3_uri(saved, sagemaker_session=session)
    assert again.body_dict["dataset"]["item_count"] == 4
    local = tmp_path / "my_violations.json"
    local.write_text(json.dumps({"violations": []}))
    violations = ConstraintViolations.from_file_path(str(local), sagemaker_session=session)
    assert violations.file_s3_uri.endswith("/my_violations.json")
    assert violations.body_dict == {"violations": []}


def test_constraints_set_monitoring(session) -> None:
    body = {"features": [{"name": "age"}], "monitoring_config": {"evaluate_constraints": "Enabled"}}
    constraints = Constraints.from_string(json.dumps(body), sagemaker_session=session)
    constraints.set_monitoring(False)
    constraints.set_monitoring(False, feature_name="age")
    assert constraints.body_dict["monitoring_config"]["evaluate_constraints"] == "Disabled"
    assert constraints.body_dict["features"][0]["monitoring_config_overrides"] == {
        "evaluate_constraints": "Disabled"
    }
    with pytest.raises(ValueError, match="no feature 'income'"):
        constraints.set_monitoring(True, feature_name="income")


def test_a_file_that_is_not_json_is_named(session, store: InMemoryArtifactStore) -> None:
    store.write_bytes("s3://b/statistics.json", b"{not json")
    with pytest.raises(ValueError, match=r"s3://b/statistics.json is not a JSON statistics file"):
        Statistics.from_s3_uri("s3://b/statistics.json", sagemaker_session=session)


def test_one_time_schedule_needs_a_window(session, client: RecordingClient) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    with pytest.raises(ValueError, match="data_analysis_end_time missing"):
        monitor.create_monitoring_schedule(
            endpoint_input="ep",
            schedule_cron_expression=CronExpressionGenerator.now(),
            data_analysis_start_time="-PT1H",
        )
    assert client.calls == []
    assert monitor.monitoring_schedule_name is None


def test_a_schedule_needs_exactly_one_input(session) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    with pytest.raises(ValueError, match="either batch_transform_input or endpoint_input"):
        monitor.create_monitoring_schedule()


def test_a_monitor_creates_one_schedule(session) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    monitor.create_monitoring_schedule(endpoint_input="ep", monitor_schedule_name="s1")
    assert monitor.monitoring_schedule_name == "s1"
    with pytest.raises(ValueError, match="already used to create"):
        monitor.create_monitoring_schedule(endpoint_input="ep")


def test_a_failed_schedule_removes_its_job_definition(session, client: RecordingClient) -> None:
    client.responses["create_monitoring_schedule"] = RuntimeError("quota reached")
    monitor = ModelQualityMonitor(role=ROLE, sagemaker_session=session)
    with pytest.raises(RuntimeError, match="quota reached"):
        monitor.create_monitoring_schedule(
            endpoint_input="ep", ground_truth_input="s3://b/gt", problem_type="Regression"
        )
    methods = [call["Method"] for call in client.calls]
    assert methods == [
        "create_model_quality_job_definition",
        "create_monitoring_schedule",
        "delete_model_quality_job_definition",
    ]
    assert monitor.monitoring_schedule_name is None
    assert monitor.job_definition_name is None


def test_model_quality_schedules_need_ground_truth(session) -> None:
    monitor = ModelQualityMonitor(role=ROLE, sagemaker_session=session)
    with pytest.raises(ValueError, match="ground_truth_input can not be None"):
        monitor.create_monitoring_schedule(endpoint_input="ep", problem_type="Regression")
    with pytest.raises(ValueError, match="problem_type 'Ranking' is not one of"):
        monitor.suggest_baseline("s3://b/d.csv", DatasetFormat.csv(), problem_type="Ranking")


def test_executions_read_their_results(session, client, store: InMemoryArtifactStore) -> None:
    output = "s3://b/monitoring/results"
    client.responses["list_monitoring_executions"] = {
        "MonitoringExecutionSummaries": [
            {"ProcessingJobArn": "arn:aws:sagemaker:local:000000000000:processing-job/run-2"},
            {"MonitoringExecutionStatus": "Failed"},
            {"ProcessingJobArn": "arn:aws:sagemaker:local:000000000000:processing-job/run-1"},
        ]
    }
    client.responses["describe_processing_job"] = {
        "ProcessingJobName": "run-2",
        "ProcessingJobStatus": "Completed",
        "ProcessingInputs": [],
        "ProcessingOutputConfig": {
            "Outputs": [
                {
                    "OutputName": "monitoring_output",
                    "S3Output": {"S3Uri": output, "LocalPath": "/opt/ml/processing/output"},
                }
            ]
        },
    }
    store.write_bytes(f"{output}/statistics.json", json.dumps(STATS).encode())
    store.write_bytes(f"{output}/constraint_violations.json", b'{"violations": [{"a": 1}]}')
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    monitor.monitoring_schedule_name = "sched"
    executions = monitor.list_executions()
    assert len(executions) == 2
    assert executions[-1].statistics().body_dict == STATS
    assert monitor.latest_monitoring_constraint_violations().body_dict["violations"] == [{"a": 1}]
    listed = next(c for c in client.calls if c["Method"] == "list_monitoring_executions")
    assert listed["Request"] == {
        "MonitoringScheduleName": "sched",
        "SortBy": "ScheduledTime",
        "SortOrder": "Descending",
        "MaxResults": 100,
    }


def test_missing_results_of_an_unfinished_job_are_explained(session, client) -> None:
    client.responses["describe_processing_job"] = {
        "ProcessingJobName": "run-1",
        "ProcessingJobStatus": "InProgress",
        "ProcessingOutputConfig": {
            "Outputs": [
                {"OutputName": "o", "S3Output": {"S3Uri": "s3://b/none", "LocalPath": "/x"}}
            ]
        },
    }
    client.responses["list_monitoring_executions"] = {
        "MonitoringExecutionSummaries": [
            {"ProcessingJobArn": "arn:aws:sagemaker:local:000000000000:processing-job/run-1"}
        ]
    }
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    monitor.monitoring_schedule_name = "sched"
    with pytest.raises(Exception, match="'run-1' is InProgress"):
        monitor.latest_monitoring_statistics()


def test_attach_rebuilds_the_monitor(session, client) -> None:
    client.responses["describe_monitoring_schedule"] = {
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringScheduleConfig": {
            "MonitoringType": "DataQuality",
            "MonitoringJobDefinitionName": "dq-def",
        },
    }
    client.responses["describe_data_quality_job_definition"] = {
        "RoleArn": ROLE,
        "JobResources": {
            "ClusterConfig": {
                "InstanceCount": 2,
                "InstanceType": "ml.c5.large",
                "VolumeSizeInGB": 8,
            }
        },
        "DataQualityAppSpecification": {"Environment": {"A": "1"}},
        "DataQualityJobOutputConfig": {"KmsKeyId": "k"},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
    }
    monitor = DefaultModelMonitor.attach("sched", sagemaker_session=session)
    assert (monitor.monitoring_schedule_name, monitor.job_definition_name) == ("sched", "dq-def")
    assert (monitor.instance_count, monitor.instance_type) == (2, "ml.c5.large")
    assert monitor.env == {"A": "1"}
    assert monitor.output_kms_key == "k"
    assert monitor.max_runtime_in_seconds == 600
    with pytest.raises(TypeError, match="only attach to ModelQuality schedules"):
        ModelQualityMonitor.attach("sched", sagemaker_session=session)


def test_suggest_baseline_starts_a_job_now(pipeline_session) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=pipeline_session)
    with pytest.raises(ValueError, match="cannot run under a PipelineSession"):
        monitor.suggest_baseline("s3://b/data.csv", DatasetFormat.csv(), wait=False, logs=False)


def test_baselines_need_a_baselining_job(session) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    with pytest.raises(ValueError, match="call suggest_baseline"):
        monitor.baseline_statistics()


def test_update_with_a_new_setting_replaces_the_job_definition(session, client) -> None:
    monitor = DefaultModelMonitor(role=ROLE, sagemaker_session=session)
    monitor.create_monitoring_schedule(
        endpoint_input="ep",
        monitor_schedule_name="s",
        schedule_cron_expression=CronExpressionGenerator.hourly(),
    )
    first = monitor.job_definition_name
    created = [c for c in client.calls if c["Method"] == "create_data_quality_job_definition"]
    client.responses["describe_data_quality_job_definition"] = created[0]["Request"]
    client.responses["describe_monitoring_schedule"] = {
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringScheduleConfig": {"ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"}},
    }
    client.calls.clear()
    monitor.update_monitoring_schedule(instance_type="ml.c5.4xlarge")
    assert monitor.instance_type == "ml.c5.4xlarge"
    methods = [c["Method"] for c in client.calls]
    assert methods[:3] == [
        "describe_monitoring_schedule",
        "describe_data_quality_job_definition",
        "create_data_quality_job_definition",
    ]
    new = client.calls[2]["Request"]
    assert new["JobResources"]["ClusterConfig"]["InstanceType"] == "ml.c5.4xlarge"
    assert new["DataQualityJobInput"] == created[0]["Request"]["DataQualityJobInput"]
    update = next(c for c in client.calls if c["Method"] == "update_monitoring_schedule")
    config = update["Request"]["MonitoringScheduleConfig"]
    assert config["MonitoringJobDefinitionName"] == new["JobDefinitionName"]
    assert config["ScheduleConfig"] == {"ScheduleExpression": "cron(0 * ? * * *)"}
    assert monitor.job_definition_name == new["JobDefinitionName"]
    assert first is not None


def test_a_monitor_with_its_own_image(session, client, store, tmp_path: Path) -> None:
    monitor = ModelMonitor(
        role=ROLE,
        image_uri="123456789012.dkr.ecr.us-west-2.amazonaws.com/my-analyzer:1",
        entrypoint=["python3", "/app/analyze.py"],
        env={"MODE": "strict"},
        sagemaker_session=session,
    )
    monitor.create_monitoring_schedule(
        endpoint_input="ep",
        output=MonitoringOutput(source="/opt/ml/processing/output"),
        constraints=Constraints(body_dict={}, constraints_file_s3_uri="s3://b/constraints.json"),
        monitor_schedule_name="byoc",
        schedule_cron_expression=CronExpressionGenerator.hourly(),
    )
    created = next(c for c in client.calls if c["Method"] == "create_monitoring_schedule")
    definition = created["Request"]["MonitoringScheduleConfig"]["MonitoringJobDefinition"]
    assert definition["MonitoringAppSpecification"] == {
        "ImageUri": "123456789012.dkr.ecr.us-west-2.amazonaws.com/my-analyzer:1",
        "ContainerEntrypoint": ["python3", "/app/analyze.py"],
    }
    assert definition["MonitoringInputs"] == [
        {
            "EndpointInput": {
                "EndpointName": "ep",
                "LocalPath": "/opt/ml/processing/input/endpoint",
                "S3InputMode": "File",
                "S3DataDistributionType": "FullyReplicated",
            }
        }
    ]
    assert definition["BaselineConfig"] == {
        "ConstraintsResource": {"S3Uri": "s3://b/constraints.json"}
    }
    output = definition["MonitoringOutputConfig"]["MonitoringOutputs"][0]["S3Output"]
    assert output["S3Uri"] == f"s3://{BUCKET}/byoc/output"
    assert definition["Environment"] == {"MODE": "strict"}
    client.responses["describe_monitoring_schedule"] = {
        "MonitoringScheduleStatus": "Scheduled",
        "MonitoringScheduleConfig": created["Request"]["MonitoringScheduleConfig"],
    }
    client.calls.clear()
    with pytest.raises(ValueError, match="required for a one-time"):
        monitor.update_monitoring_schedule(schedule_cron_expression="NOW")
    assert {c["Method"] for c in client.calls} == {"describe_monitoring_schedule"}
    monitor.update_monitoring_schedule(
        instance_type="ml.c5.xlarge", schedule_cron_expression=CronExpressionGenerator.daily(2)
    )
    update = next(c for c in client.calls if c["Method"] == "update_monitoring_schedule")
    config = update["Request"]["MonitoringScheduleConfig"]
    assert config["ScheduleConfig"] == {"ScheduleExpression": "cron(0 2 ? * * *)"}
    job = config["MonitoringJobDefinition"]
    assert job["MonitoringResources"]["ClusterConfig"]["InstanceType"] == "ml.c5.xlarge"
    assert job["MonitoringInputs"] == definition["MonitoringInputs"]
    assert monitor.instance_type == "ml.c5.xlarge"


def test_run_baseline_uploads_local_inputs(session, client, store, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("1,2\n")
    monitor = ModelMonitor(role=ROLE, image_uri="my-analyzer:1", sagemaker_session=session)
    monitor.run_baseline(
        baseline_inputs=[ProcessingInput(source=str(data), destination="/opt/ml/processing/in")],
        output="/opt/ml/processing/out",
        job_name="byoc-baseline",
        wait=False,
        logs=False,
    )
    request = next(c for c in client.calls if c["Method"] == "create_processing_job")["Request"]
    staged = request["ProcessingInputs"][0]["S3Input"]["S3Uri"]
    prefix = f"s3://{BUCKET}/model-monitor/baselining/byoc-baseline/input/input-1"
    assert staged == prefix
    assert store.read_bytes(f"{prefix}/data.csv") == b"1,2\n"
    output = request["ProcessingOutputConfig"]["Outputs"][0]
    assert output["S3Output"]["S3Uri"] == f"s3://{BUCKET}/byoc-baseline/output"
    assert monitor.latest_baselining_job.job_name == "byoc-baseline"
