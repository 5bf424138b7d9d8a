"""Monitors whose schedules run a separate job definition (all but the BYOC ``ModelMonitor``).

Creating a schedule creates ``<type>JobDefinition`` first, then the schedule pointing at
it; when the schedule cannot be created the definition is deleted again. Updating
anything but the schedule expression creates a new definition (the old one is kept, as
SageMaker's SDK does). Deleting the schedule deletes the current definition.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from dagmaker.model_monitor._job_definitions import JobResources
from dagmaker.model_monitor._schedule_ops import (
    ScheduleOperations,
    check_cron_validity,
    schedule_config,
)
from dagmaker.network import NetworkConfig
from dagmaker.session import Session

logger = logging.getLogger(__name__)


class DefinitionSchedules(ScheduleOperations):
    """Schedule life cycle over ``create_<api>_job_definition`` and friends.

    Class attributes:
        API: The snake-case job definition kind in client method names (``data_quality``).
    """

    API: ClassVar[str] = ""
    job_definition_name: str | None
    tags: Any

    @classmethod
    def monitoring_type(cls) -> str:
        """The monitoring type (``DataQuality``, …)."""
        raise TypeError(f"{cls.__name__} must define monitoring_type()")

    def _definition_call(self, verb: str) -> Any:
        return getattr(self.sagemaker_session.sagemaker_client, f"{verb}_{self.API}_job_definition")

    def _check_no_schedule(self) -> None:
        if self.job_definition_name is not None or self.monitoring_schedule_name is not None:
            raise ValueError(
                "It seems that this object was already used to create an Amazon Model "
                "Monitoring Schedule. To create another, first delete the existing one "
                "using my_monitor.delete_monitoring_schedule()."
            )

    def _create_schedule(
        self,
        request: dict[str, Any],
        schedule_name: str,
        cron: Any,
        start: Any,
        end: Any,
    ) -> None:
        """Create the job definition, then the schedule that runs it."""
        definition_name = request["JobDefinitionName"]
        check_cron_validity(cron, start, end)
        self._definition_call("create")(**request)
        try:
            self.sagemaker_session.sagemaker_client.create_monitoring_schedule(
                MonitoringScheduleName=schedule_name,
                MonitoringScheduleConfig=schedule_config(
                    definition_name, self.monitoring_type(), cron, start, end
                ),
                Tags=self.tags or [],
            )
        except Exception:
            self.monitoring_schedule_name = None
            self._delete_definition_quietly(definition_name)
            raise
        self.job_definition_name = definition_name
        self.monitoring_schedule_name = schedule_name

    def _update_monitoring_schedule(
        self, job_definition_name: str | None, cron: Any = None, start: Any = None, end: Any = None
    ) -> None:
        """Point the schedule at ``job_definition_name`` and/or change its expression."""
        if job_definition_name is None or self.monitoring_schedule_name is None:
            raise ValueError("Nothing to update, please create a schedule first.")
        check_cron_validity(cron, start, end)
        self.sagemaker_session.sagemaker_client.update_monitoring_schedule(
            MonitoringScheduleName=self.monitoring_schedule_name,
            MonitoringScheduleConfig=schedule_config(
                job_definition_name, self.monitoring_type(), cron, start, end
            ),
        )
        self._wait_for_schedule_changes_to_apply()

    def _replace_definition(
        self, request: dict[str, Any], cron: Any, start: Any, end: Any, resources: JobResources
    ) -> None:
        """Create a new definition and switch the schedule to it."""
        definition_name = request["JobDefinitionName"]
        self._definition_call("create")(**request)
        try:
            self._update_monitoring_schedule(definition_name, cron, start, end)
        except Exception:
            self._delete_definition_quietly(definition_name)
            raise
        self.job_definition_name = definition_name
        self._remember(resources)

    def _remember(self, resources: JobResources) -> None:
        for name in (
            "role",
            "instance_count",
            "instance_type",
            "volume_size_in_gb",
            "volume_kms_key",
            "output_kms_key",
            "max_runtime_in_seconds",
            "env",
            "network_config",
        ):
            value = getattr(resources, name)
            if value is not None:
                setattr(self, name, value)

    def _existing_definition(self) -> dict[str, Any]:
        if self.job_definition_name is None:
            raise ValueError("Nothing to update, please create a schedule first.")
        response: dict[str, Any] = self._definition_call("describe")(
            JobDefinitionName=self.job_definition_name
        )
        return response

    def _delete_definition_quietly(self, name: str) -> None:
        try:
            self._definition_call("delete")(JobDefinitionName=name)
        except Exception:
            # The schedule error is the one to report; a leftover definition is harmless.
            logger.exception("could not delete job definition %s", name)

    def delete_monitoring_schedule(self) -> None:
        """Delete the schedule and its job definition."""
        super().delete_monitoring_schedule()
        if self.job_definition_name is not None:
            self._definition_call("delete")(JobDefinitionName=self.job_definition_name)
            self.job_definition_name = None

    @classmethod
    def attach(cls, monitor_schedule_name: str, sagemaker_session: Any = None) -> Any:
        """A monitor for an existing schedule of this monitor's type.

        Raises:
            TypeError: when the schedule has another monitoring type.
        """
        from_session = sagemaker_session or Session()
        client = from_session.sagemaker_client
        schedule = client.describe_monitoring_schedule(MonitoringScheduleName=monitor_schedule_name)
        config = schedule.get("MonitoringScheduleConfig") or {}
        if config.get("MonitoringType") != cls.monitoring_type():
            raise TypeError(
                f"{cls.__name__} can only attach to {cls.monitoring_type()} schedules; "
                f"{monitor_schedule_name!r} is {config.get('MonitoringType')!r}"
            )
        definition_name = config["MonitoringJobDefinitionName"]
        describe = getattr(client, f"describe_{cls.API}_job_definition")
        definition = describe(JobDefinitionName=definition_name)
        monitor = cls(**_monitor_kwargs(cls.monitoring_type(), definition, from_session))
        monitor.monitoring_schedule_name = monitor_schedule_name
        monitor.job_definition_name = definition_name
        return monitor


def _monitor_kwargs(kind: str, definition: dict[str, Any], session: Any) -> dict[str, Any]:
    """Constructor arguments that recreate the monitor a definition was made by."""
    cluster = definition["JobResources"]["ClusterConfig"]
    network = definition.get("NetworkConfig") or {}
    vpc = network.get("VpcConfig") or {}
    network_config = None
    if network:
        network_config = NetworkConfig(
            enable_network_isolation=network.get("EnableNetworkIsolation"),
            encrypt_inter_container_traffic=network.get("EnableInterContainerTrafficEncryption"),
            security_group_ids=vpc.get("SecurityGroupIds"),
            subnets=vpc.get("Subnets"),
        )
    return {
        "role": definition["RoleArn"],
        "instance_count": cluster.get("InstanceCount"),
        "instance_type": cluster.get("InstanceType"),
        "volume_size_in_gb": cluster.get("VolumeSizeInGB"),
        "volume_kms_key": cluster.get("VolumeKmsKeyId"),
        "output_kms_key": (definition.get(f"{kind}JobOutputConfig") or {}).get("KmsKeyId"),
        "max_runtime_in_seconds": (definition.get("StoppingCondition") or {}).get(
            "MaxRuntimeInSeconds"
        ),
        "sagemaker_session": session,
        "env": (definition.get(f"{kind}AppSpecification") or {}).get("Environment"),
        "network_config": network_config,
    }
