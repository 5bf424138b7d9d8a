"""The experiment and trial an execution records itself under.

By default a pipeline uses its name as the experiment and the execution id as the
trial. ``PipelineExperimentConfigProperties`` refer to the resolved names at run time.
"""

from __future__ import annotations

from typing import Any

from dagmaker.definition.expressions import EXPERIMENT_FIELDS
from dagmaker.workflow.entities import Entity, Expression


class PipelineExperimentConfig(Entity):
    """``PipelineExperimentConfig`` of the definition.

    Attributes:
        experiment_name: A string or a pipeline variable (parameter, execution variable, Join).
        trial_name: A string or a pipeline variable.
    """

    def __init__(self, experiment_name: Any, trial_name: Any) -> None:
        self.experiment_name = experiment_name
        self.trial_name = trial_name

    def to_request(self) -> dict[str, Any]:
        """``{"ExperimentName": ..., "TrialName": ...}``; variables are rendered later."""
        return {"ExperimentName": self.experiment_name, "TrialName": self.trial_name}


class PipelineExperimentConfigProperty(Expression):
    """A reference to the resolved experiment or trial name.

    Attributes:
        name: ``ExperimentName`` or ``TrialName``.
    """

    def __init__(self, name: str) -> None:
        if name not in EXPERIMENT_FIELDS:
            raise ValueError(f"unknown experiment property {name!r}; use {EXPERIMENT_FIELDS}")
        self.name = name

    @property
    def expr(self) -> dict[str, str]:
        """``{"Get": "PipelineExperimentConfig.<name>"}``."""
        return {"Get": f"PipelineExperimentConfig.{self.name}"}

    def __repr__(self) -> str:
        return f"PipelineExperimentConfigProperty({self.name!r})"


class PipelineExperimentConfigProperties:
    """The two experiment properties.

    Attributes:
        EXPERIMENT_NAME: The resolved experiment name.
        TRIAL_NAME: The resolved trial name.
    """

    EXPERIMENT_NAME = PipelineExperimentConfigProperty("ExperimentName")
    TRIAL_NAME = PipelineExperimentConfigProperty("TrialName")
