"""Schedules whose job definition is part of the schedule (``ModelMonitor``'s own).

A mixin of :class:`~dagmaker.model_monitor.model_monitoring.ModelMonitor`: the schedule
carries ``MonitoringJobDefinition`` inline and runs the monitor's own image. The
analysis monitors (``DefaultModelMonitor``, …) use separate job definitions instead.
"""

from __future__ import annotations

import copy
from typing import Any

from dagmaker._sdk.session_facts import expand_role
from dagmaker.model_monitor._monitor_paths import MonitorPaths
from dagmaker.model_monitor._schedule_ops import ScheduleOperations, check_cron_validity
from dagmaker.model_monitor.monitoring_files import Constraints, Statistics


class InlineSchedules(ScheduleOperations, MonitorPaths):
    """Create, update and attach to schedules with an inline job definition."""

    arguments: list[Any] | None
    tags: Any
    output_kms_key: Any

    @staticmethod
    def _get_baseline_files(
        statistics: Any, constraints: Any, sagemaker_session: Any = None
    ) -> tuple[Any, Any]:
        """File objects for baseline URIs (read from S3); file objects pass through."""
        if isinstance(statistics, str):
            statistics = Statistics.from_s3_uri(statistics, sagemaker_session=sagemaker_session)
        if isinstance(constraints, str):
            constraints = Constraints.from_s3_uri(constraints, sagemaker_session=sagemaker_session)
        return statistics, constraints

    def create_monitoring_schedule(
        self,
        endpoint_input: Any = None,
        output: Any = None,
        statistics: Any = None,
        constraints: Any = None,
        monitor_schedule_name: str | None = None,
        schedule_cron_expression: str | None = None,
        batch_transform_input: Any = None,
        arguments: list[Any] | None = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Create a schedule that runs this monitor's image (``CreateMonitoringSchedule``).

        Raises:
            ValueError: for a monitor that already has a schedule, no output, or not
                exactly one of ``endpoint_input`` / ``batch_transform_input``.
        """
        if self.monitoring_schedule_name is not None:
            raise ValueError(
                "It seems that this object was already used to create an Amazon Model "
                "Monitoring Schedule. To create another, first delete the existing one "
                "using my_monitor.delete_monitoring_schedule()."
            )
        if not output:
            raise ValueError("output can not be None.")
        if (batch_transform_input is None) == (endpoint_input is None):
            raise ValueError(
                "Need to have either batch_transform_input or endpoint_input to create an "
                "Amazon Model Monitoring Schedule. Please provide only one of the above "
                "required inputs"
            )
        check_cron_validity(
            schedule_cron_expression, data_analysis_start_time, data_analysis_end_time
        )
        self.monitoring_schedule_name = self._generate_monitoring_schedule_name(
            monitor_schedule_name
        )
        if arguments is not None:
            self.arguments = arguments
        request = self._inline_schedule_request(
            endpoint_input, batch_transform_input, output, statistics, constraints
        )
        schedule = _schedule(
            schedule_cron_expression, data_analysis_start_time, data_analysis_end_time
        )
        if schedule:
            request["MonitoringScheduleConfig"]["ScheduleConfig"] = schedule
        try:
            self.sagemaker_session.sagemaker_client.create_monitoring_schedule(**request)
        except Exception:
            self.monitoring_schedule_name = None
            raise

    def _inline_schedule_request(
        self,
        endpoint_input: Any,
        batch_transform_input: Any,
        output: Any,
        statistics: Any,
        constraints: Any,
    ) -> dict[str, Any]:
        if batch_transform_input is not None:
            monitoring_input = batch_transform_input._to_request_dict()
        else:
            monitoring_input = self._normalize_endpoint_input(endpoint_input)._to_request_dict()
        output = self._normalize_monitoring_output_fields(output)
        output_config: dict[str, Any] = {"MonitoringOutputs": [output._to_request_dict()]}
        if self.output_kms_key is not None:
            output_config["KmsKeyId"] = self.output_kms_key
        definition = _inline_definition(self, monitoring_input, output_config)
        baseline = _baseline_config(
            *self._get_baseline_files(statistics, constraints, self.sagemaker_session)
        )
        if baseline:
            definition["BaselineConfig"] = baseline
        request: dict[str, Any] = {
            "MonitoringScheduleName": self.monitoring_schedule_name,
            "MonitoringScheduleConfig": {"MonitoringJobDefinition": definition},
        }
        if self.tags is not None:
            request["Tags"] = self.tags
        return request

    def update_monitoring_schedule(
        self,
        endpoint_input: Any = None,
        output: Any = None,
        statistics: Any = None,
        constraints: Any = None,
        schedule_cron_expression: str | None = None,
        instance_count: Any = None,
        instance_type: Any = None,
        entrypoint: list[Any] | None = None,
        volume_size_in_gb: Any = None,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        arguments: list[Any] | None = None,
        max_runtime_in_seconds: Any = None,
        env: dict[str, Any] | None = None,
        network_config: Any = None,
        role: Any = None,
        image_uri: Any = None,
        batch_transform_input: Any = None,
        data_analysis_start_time: str | None = None,
        data_analysis_end_time: str | None = None,
    ) -> None:
        """Change the schedule: every argument given replaces the current value."""
        if endpoint_input is not None and batch_transform_input is not None:
            raise ValueError(
                "Cannot update both batch_transform_input and endpoint_input; give at most one"
            )
        config = copy.deepcopy(self.describe_schedule()["MonitoringScheduleConfig"])
        definition = config["MonitoringJobDefinition"]
        self._update_inputs_and_outputs(
            definition, endpoint_input, batch_transform_input, output, output_kms_key
        )
        baseline = _baseline_config(
            *self._get_baseline_files(statistics, constraints, self.sagemaker_session)
        )
        if baseline:
            definition.setdefault("BaselineConfig", {}).update(baseline)
        changes = {
            "instance_count": instance_count,
            "instance_type": instance_type,
            "entrypoint": entrypoint,
            "volume_size_in_gb": volume_size_in_gb,
            "volume_kms_key": volume_kms_key,
            "output_kms_key": output_kms_key,
            "arguments": arguments,
            "max_runtime_in_seconds": max_runtime_in_seconds,
            "env": env,
            "network_config": network_config,
            "role": role,
            "image_uri": image_uri,
        }
        _apply_inline_changes(definition, changes, self.sagemaker_session)
        _update_schedule(
            config, schedule_cron_expression, data_analysis_start_time, data_analysis_end_time
        )
        self.sagemaker_session.sagemaker_client.update_monitoring_schedule(
            MonitoringScheduleName=self._schedule_name(), MonitoringScheduleConfig=config
        )
        for name, value in changes.items():
            if value is not None:
                setattr(self, name, value)
        self._wait_for_schedule_changes_to_apply()

    def _update_inputs_and_outputs(
        self,
        definition: dict[str, Any],
        endpoint_input: Any,
        batch_transform_input: Any,
        output: Any,
        output_kms_key: Any,
    ) -> None:
        if endpoint_input is not None:
            normalized = self._normalize_endpoint_input(endpoint_input)
            definition["MonitoringInputs"] = [normalized._to_request_dict()]
        elif batch_transform_input is not None:
            definition["MonitoringInputs"] = [batch_transform_input._to_request_dict()]
        if output is not None:
            output = self._normalize_monitoring_output_fields(output)
            definition["MonitoringOutputConfig"] = {
                "MonitoringOutputs": [output._to_request_dict()]
            }
        if output_kms_key is not None:
            definition.setdefault("MonitoringOutputConfig", {})["KmsKeyId"] = output_kms_key


def _update_schedule(config: dict[str, Any], cron: Any, start: Any, end: Any) -> None:
    """Merge a new expression and window into the schedule's ``ScheduleConfig``."""
    schedule = dict(config.get("ScheduleConfig") or {})
    schedule.update(_schedule(cron, start, end))
    if schedule:
        check_cron_validity(
            schedule.get("ScheduleExpression"),
            schedule.get("DataAnalysisStartTime"),
            schedule.get("DataAnalysisEndTime"),
        )
        config["ScheduleConfig"] = schedule


def _schedule(cron: Any, start: Any, end: Any) -> dict[str, Any]:
    schedule: dict[str, Any] = {}
    if cron is not None:
        schedule["ScheduleExpression"] = cron
    if start is not None:
        schedule["DataAnalysisStartTime"] = start
    if end is not None:
        schedule["DataAnalysisEndTime"] = end
    return schedule


def _baseline_config(statistics: Any, constraints: Any) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if statistics is not None:
        config["StatisticsResource"] = {"S3Uri": statistics.file_s3_uri}
    if constraints is not None:
        config["ConstraintsResource"] = {"S3Uri": constraints.file_s3_uri}
    return config


def _inline_definition(
    monitor: Any, monitoring_input: dict[str, Any], output_config: dict[str, Any]
) -> dict[str, Any]:
    """The ``MonitoringJobDefinition`` of a BYOC schedule, from the monitor's settings."""
    cluster = {
        "InstanceCount": monitor.instance_count,
        "InstanceType": monitor.instance_type,
        "VolumeSizeInGB": monitor.volume_size_in_gb,
    }
    if monitor.volume_kms_key is not None:
        cluster["VolumeKmsKeyId"] = monitor.volume_kms_key
    app: dict[str, Any] = {"ImageUri": monitor.image_uri}
    if monitor.entrypoint is not None:
        app["ContainerEntrypoint"] = monitor.entrypoint
    if monitor.arguments is not None:
        app["ContainerArguments"] = monitor.arguments
    definition: dict[str, Any] = {
        "MonitoringInputs": [monitoring_input],
        "MonitoringResources": {"ClusterConfig": cluster},
        "MonitoringAppSpecification": app,
        "RoleArn": expand_role(monitor.sagemaker_session, monitor.role),
        "MonitoringOutputConfig": output_config,
    }
    if monitor.max_runtime_in_seconds is not None:
        definition["StoppingCondition"] = {"MaxRuntimeInSeconds": monitor.max_runtime_in_seconds}
    if monitor.env is not None:
        definition["Environment"] = monitor.env
    if monitor.network_config is not None:
        definition["NetworkConfig"] = monitor.network_config._to_request_dict()
    return definition


def _apply_inline_changes(
    definition: dict[str, Any], changes: dict[str, Any], session: Any
) -> None:
    cluster = definition["MonitoringResources"]["ClusterConfig"]
    app = definition["MonitoringAppSpecification"]
    placements = (
        ("instance_count", cluster, "InstanceCount"),
        ("instance_type", cluster, "InstanceType"),
        ("volume_size_in_gb", cluster, "VolumeSizeInGB"),
        ("volume_kms_key", cluster, "VolumeKmsKeyId"),
        ("image_uri", app, "ImageUri"),
        ("entrypoint", app, "ContainerEntrypoint"),
        ("arguments", app, "ContainerArguments"),
        ("env", definition, "Environment"),
    )
    for name, target, key in placements:
        if changes[name] is not None:
            target[key] = changes[name]
    if changes["max_runtime_in_seconds"] is not None:
        definition["StoppingCondition"] = {"MaxRuntimeInSeconds": changes["max_runtime_in_seconds"]}
    if changes["network_config"] is not None:
        definition["NetworkConfig"] = changes["network_config"]._to_request_dict()
    if changes["role"] is not None:
        definition["RoleArn"] = expand_role(session, changes["role"])
