"""Feature flags that change how a pipeline definition is written."""

from __future__ import annotations


class PipelineDefinitionConfig:
    """Options for ``Pipeline(pipeline_definition_config=...)``.

    Attributes:
        use_custom_job_prefix: Keep the job-name field (``TrainingJobName``, …) of job steps,
            trimmed to its base name, so jobs started by executions use it as a prefix.
            By default the field is dropped and names are generated.
    """

    def __init__(self, use_custom_job_prefix: bool) -> None:
        self.use_custom_job_prefix = use_custom_job_prefix

    def __repr__(self) -> str:
        return f"PipelineDefinitionConfig(use_custom_job_prefix={self.use_custom_job_prefix!r})"
