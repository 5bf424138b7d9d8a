"""The pipeline SDK: parameters, steps, conditions, functions and ``Pipeline``.

Modules mirror ``sagemaker.workflow``: ``parameters``, ``steps``, ``condition_step``,
``conditions``, ``functions``, ``properties``, ``pipeline``, ``pipeline_context``, …
"""

from __future__ import annotations

from dagmaker.workflow.entities import Expression, is_pipeline_variable
from dagmaker.workflow.parameters import ParameterString

__all__ = [
    "Expression",
    "ParameterString",
    "is_pipeline_parameter_string",
    "is_pipeline_variable",
]


def is_pipeline_parameter_string(var: object) -> bool:
    """Whether ``var`` is a ``ParameterString``."""
    return isinstance(var, ParameterString)
