"""``EMRStep``: run a Hadoop JAR step on an existing cluster or on one created for it.

Give exactly one of ``cluster_id`` (a running cluster) and ``cluster_config`` (a
``RunJobFlow``-style recipe; the pipeline creates and terminates the cluster).
``execution_role_arn`` is only allowed with ``cluster_id``.
"""

from __future__ import annotations

from typing import Any

from dagmaker.definition.step_types import STEP_TYPES
from dagmaker.workflow._step_base import (
    ConfigurableRetryStep,
    StepTypeEnum,
    add_cache_config,
    checked_cache_config,
)
from dagmaker.workflow.properties import Properties
from dagmaker.workflow.retry import RetryPolicy

_FORBIDDEN_CLUSTER_KEYS = ("Name", "AutoTerminationPolicy", "Steps")
_FORBIDDEN_INSTANCE_KEYS = ("KeepJobFlowAliveWhenNoSteps", "TerminationProtected")


class EMRStepConfig:
    """The Hadoop JAR step to run (``StepConfig.HadoopJarStep``).

    Attributes:
        jar: Path of the JAR file.
        args: Arguments passed to its main function.
        main_class: The main class, when the JAR's manifest does not name one.
        properties: ``[{"Key": ..., "Value": ...}]`` set when the step runs.
    """

    def __init__(
        self,
        jar: str,
        args: list[str] | None = None,
        main_class: str | None = None,
        properties: list[dict[str, str]] | None = None,
    ) -> None:
        self.jar = jar
        self.args = args
        self.main_class = main_class
        self.properties = properties

    def to_request(self) -> dict[str, Any]:
        """``{"HadoopJarStep": {"Jar", "Args"?, "MainClass"?, "Properties"?}}``."""
        step: dict[str, Any] = {"Jar": self.jar}
        if self.args is not None:
            step["Args"] = self.args
        if self.main_class is not None:
            step["MainClass"] = self.main_class
        if self.properties is not None:
            step["Properties"] = self.properties
        return {"HadoopJarStep": step}


def validate_cluster_config(cluster_config: Any, step_name: str) -> None:
    """Check a ``cluster_config`` as SageMaker does.

    Raises:
        ValueError: naming the step and the offending key.
    """
    where = f"EMRStep {step_name!r}: cluster_config"
    if not isinstance(cluster_config, dict):
        raise TypeError(f"{where} must be a dict (RunJobFlow request fields)")
    present = [key for key in _FORBIDDEN_CLUSTER_KEYS if key in cluster_config]
    if present:
        raise ValueError(
            f"{where} must not contain {', '.join(present)}: the pipeline sets Name, "
            "AutoTerminationPolicy and Steps itself"
        )
    instances = cluster_config.get("Instances")
    if not isinstance(instances, dict):
        raise ValueError(f"{where} must contain Instances (InstanceGroups or InstanceFleets)")
    present = [key for key in _FORBIDDEN_INSTANCE_KEYS if key in instances]
    if present:
        raise ValueError(
            f"{where}['Instances'] must not contain {', '.join(present)}: the pipeline "
            "terminates the cluster when the step ends"
        )
    if ("InstanceGroups" in instances) == ("InstanceFleets" in instances):
        raise ValueError(
            f"{where}['Instances'] must contain exactly one of InstanceGroups and InstanceFleets"
        )


class EMRStep(ConfigurableRetryStep):
    """Run one EMR step.

    Attributes:
        args: The step's ``Arguments`` (``StepConfig`` plus the cluster fields).
    """

    def __init__(
        self,
        name: str,
        display_name: str | None,
        description: str | None,
        cluster_id: Any,
        step_config: EMRStepConfig,
        depends_on: list[Any] | None = None,
        cache_config: Any = None,
        cluster_config: dict[str, Any] | None = None,
        execution_role_arn: Any = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(
            name, StepTypeEnum.EMR, display_name, description, depends_on, retry_policies
        )
        _check_cluster_choice(name, cluster_id, cluster_config, execution_role_arn)
        if not isinstance(step_config, EMRStepConfig):
            raise TypeError(f"EMRStep {name!r}: step_config must be an EMRStepConfig")
        root = Properties(name, shape_name=STEP_TYPES["EMR"].shape, step=self)
        self.args: dict[str, Any] = {"StepConfig": step_config.to_request()}
        if cluster_id is not None:
            self._add_input(root, "ClusterId", cluster_id)
            if execution_role_arn is not None:
                self._add_input(root, "ExecutionRoleArn", execution_role_arn)
        else:
            validate_cluster_config(cluster_config, name)
            self._add_input(root, "ClusterConfig", cluster_config)
        self.cache_config = checked_cache_config(name, cache_config)
        self._properties = root

    def _add_input(self, root: Properties, key: str, value: Any) -> None:
        # As in SageMaker, these inputs are also readable as step.properties.<key>.
        self.args[key] = value
        root.attach(key, value)

    @property
    def arguments(self) -> dict[str, Any]:
        """``StepConfig`` and the cluster fields."""
        return self.args

    @property
    def properties(self) -> Properties:
        """The EMR ``DescribeStep`` shape, plus the given ``ClusterId``/``ClusterConfig``."""
        return self._properties

    def to_request(self) -> dict[str, Any]:
        """The step request, with ``CacheConfig`` when set."""
        request = super().to_request()
        add_cache_config(request, self.cache_config)
        return request


def _check_cluster_choice(
    name: str, cluster_id: Any, cluster_config: Any, execution_role_arn: Any
) -> None:
    if cluster_id is None and cluster_config is None:
        raise ValueError(
            f"EMRStep {name!r} needs cluster_id (a running cluster) or cluster_config "
            "(a cluster the pipeline creates)"
        )
    if cluster_id is not None and cluster_config is not None:
        raise ValueError(
            f"EMRStep {name!r} got both cluster_id and cluster_config; to use cluster_config, "
            "pass cluster_id=None"
        )
    if execution_role_arn is not None and cluster_id is None:
        raise ValueError(
            f"EMRStep {name!r}: execution_role_arn needs cluster_id; it is passed to the "
            "running cluster's AddJobFlowSteps"
        )
