"""Test-only job classes: each job method returns a fixed request through the contract.

They follow ``dagmaker.workflow.pipeline_context`` exactly as real job classes do, with
a request builder given by the test. ``tools/make_goldens.py`` substitutes an equivalent
module written against the real SageMaker SDK when it produces the oracle JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dagmaker.workflow.pipeline_context import capture_or_run


class _FakeJob:
    CALLER = ""
    CREATE = ""

    def __init__(self, build_request: Callable[[], dict[str, Any]], sagemaker_session: Any) -> None:
        self.build_request = build_request
        self.sagemaker_session = sagemaker_session
        self.calls: list[dict[str, Any]] = []

    def _capture(self, **kwargs: Any) -> Any:
        self.calls.append(kwargs)
        return capture_or_run(self.sagemaker_session, self.CALLER, self.build_request, self._run)

    def _run(self, request: dict[str, Any]) -> Any:
        return getattr(self.sagemaker_session.sagemaker_client, self.CREATE)(**request)


class FakeProcessor(_FakeJob):
    CALLER = "process"
    CREATE = "create_processing_job"

    def run(self, **kwargs: Any) -> Any:
        return self._capture(**kwargs)


class FakeEstimator(_FakeJob):
    CALLER = "train"
    CREATE = "create_training_job"

    def fit(self, inputs: Any = None, **kwargs: Any) -> Any:
        return self._capture(inputs=inputs, **kwargs)


class FakeTransformer(_FakeJob):
    CALLER = "transform"
    CREATE = "create_transform_job"

    def transform(self, data: Any = None, **kwargs: Any) -> Any:
        return self._capture(data=data, **kwargs)


class FakeTuner(_FakeJob):
    CALLER = "create_tuning_job"
    CREATE = "create_hyper_parameter_tuning_job"

    def fit(self, inputs: Any = None, **kwargs: Any) -> Any:
        return self._capture(inputs=inputs, **kwargs)


class FakeModel(_FakeJob):
    CALLER = "create_model"
    CREATE = "create_model"

    def create(self, **kwargs: Any) -> Any:
        return self._capture(**kwargs)
