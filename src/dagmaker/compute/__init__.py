"""Where a job's processes run: the local sandbox.

A SageMaker job script hard-codes container paths (``/opt/ml/processing/input``,
``/opt/ml/model`` …). `LocalSandbox` runs such scripts unmodified by giving each job
process a mount namespace in which its workspace directory is ``/opt/ml``, and falls
back to rewriting ``/opt/ml`` in argv and environment (with a warning) where
namespaces are unavailable.
"""

from dagmaker.compute.handle import ExitInfo, JobHandle
from dagmaker.compute.logs import tail
from dagmaker.compute.namespace import namespace_available
from dagmaker.compute.sandbox import LocalSandbox
from dagmaker.compute.spec import ProcessSpec

__all__ = ["ExitInfo", "JobHandle", "LocalSandbox", "ProcessSpec", "namespace_available", "tail"]
