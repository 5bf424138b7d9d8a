"""``AutoMLStep``: an AutoML job as a pipeline step, and the model of its best candidate.

The step's ``Arguments`` are the ``CreateAutoMLJob`` request of ``automl.fit()`` (under a
``PipelineSession``) without the job name, ``ModelDeployConfig`` and
``GenerateCandidateDefinitionsOnly``; its mode must be ``ENSEMBLING``. Its properties are
``DescribeAutoMLJob``'s plus ``BestCandidateProperties.ModelInsightsJsonReportPath`` and
``BestCandidateProperties.ExplainabilityJsonReportPath``, the best candidate's model
quality and explainability reports.
"""

from __future__ import annotations

from typing import Any

from dagmaker.errors import DefinitionError
from dagmaker.model import Model
from dagmaker.workflow._job_steps import _JobStep
from dagmaker.workflow._step_base import StepTypeEnum
from dagmaker.workflow.retry import RetryPolicy

__all__ = ["AutoMLStep"]

# The best candidate's container environment that a model of it needs.
MODEL_ENVIRONMENT = (
    "MODEL_NAME",
    "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT",
    "SAGEMAKER_SUBMIT_DIRECTORY",
    "SAGEMAKER_INFERENCE_SUPPORTED",
    "SAGEMAKER_INFERENCE_OUTPUT",
    "SAGEMAKER_PROGRAM",
)


class AutoMLStepInvalidModeError(DefinitionError):
    """An AutoMLStep whose AutoML job is not in ENSEMBLING mode."""

    headline = "Invalid AutoML step"


class AutoMLStep(_JobStep):
    """Runs an AutoML job: candidates searched, ranked, explained; the best one kept."""

    JOB_NAME_KEY = "AutoMLJobName"
    CALLER = "auto_ml"
    JOB_LABEL = "step_args"

    def __init__(
        self,
        name: str,
        step_args: Any,
        display_name: str | None = None,
        description: str | None = None,
        cache_config: Any = None,
        depends_on: list[Any] | None = None,
        retry_policies: list[RetryPolicy] | None = None,
    ) -> None:
        super().__init__(
            name,
            StepTypeEnum.AUTOML,
            step_args,
            None,
            display_name=display_name,
            description=description,
            depends_on=depends_on,
            retry_policies=retry_policies,
            cache_config=cache_config,
        )

    def _adjust(self, request: dict[str, Any]) -> None:
        mode = (request.get("AutoMLJobConfig") or {}).get("Mode")
        if mode != "ENSEMBLING":
            raise AutoMLStepInvalidModeError(
                f"AutoMLStep {self.name!r}: the AutoML job's mode is {mode!r}; an AutoMLStep "
                "runs only ENSEMBLING mode",
                step=self.name,
                field="AutoMLJobConfig.Mode",
                hint="Create the AutoML object with mode='ENSEMBLING'.",
            )
        request.pop("ModelDeployConfig", None)
        request.pop("GenerateCandidateDefinitionsOnly", None)

    def get_best_auto_ml_model(self, role: Any, sagemaker_session: Any = None) -> Model:
        """A ``Model`` of the best candidate's inference container.

        Args:
            role: The execution role of the model.
            sagemaker_session: Its session; a ``PipelineSession`` when the model is used
                in a ``ModelStep`` (``model.create()``, ``model.register()``).
        """
        container = self.properties.BestCandidate.InferenceContainers[0]
        return Model(
            image_uri=container.Image,
            model_data=container.ModelDataUrl,
            env={key: container.Environment[key] for key in MODEL_ENVIRONMENT},
            sagemaker_session=sagemaker_session,
            role=role,
        )

    def get_best_model(self, role: Any = None, sagemaker_session: Any = None) -> Model:
        """The best candidate's model, with the AutoML object's role and session by default.

        The form the pipeline guide shows (``step_automl.get_best_model()``); SageMaker's
        SDK spells it ``get_best_auto_ml_model(role, sagemaker_session)``.
        """
        auto_ml = getattr(self.step_args, "auto_ml", None)
        role = role or getattr(auto_ml, "role", None)
        session = sagemaker_session or getattr(auto_ml, "sagemaker_session", None)
        return self.get_best_auto_ml_model(role, sagemaker_session=session)
