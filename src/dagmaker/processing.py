"""Processing jobs: ``Processor``, ``ScriptProcessor``, ``FrameworkProcessor`` and their I/O.

``processor.run(...)`` builds a ``CreateProcessingJob`` request. Under a
``PipelineSession`` it returns step arguments for ``ProcessingStep(step_args=...)`` and
the request is built when the pipeline definition is compiled, so uploads land in the
pipeline's folders (code under ``s3://<bucket>/<pipeline>/code/<content hash>/``). With
a plain ``Session`` it starts the job through the session's client, and waits for it
when ``wait=True``.
"""

from __future__ import annotations

from dagmaker._sdk.framework_processor import FrameworkProcessor
from dagmaker._sdk.processing_io import (
    FeatureStoreOutput,
    ProcessingInput,
    ProcessingOutput,
    RunArgs,
)
from dagmaker._sdk.processing_job import ProcessingJob
from dagmaker._sdk.processor import Processor, ScriptProcessor
from dagmaker.network import NetworkConfig

__all__ = [
    "FeatureStoreOutput",
    "FrameworkProcessor",
    "NetworkConfig",
    "ProcessingInput",
    "ProcessingJob",
    "ProcessingOutput",
    "Processor",
    "RunArgs",
    "ScriptProcessor",
]
